"""A cheaper socket option lookup for pyzmq 23 and later, which the recv wrapper needs per frame.

pyzmq's Socket.get and Socket.set find an option's type with `SocketOption(option)`: an Enum call
that costs twice what libzmq's getsockopt does. The wrapper reads RCVMORE after every frame
received, to count messages exactly, and that call was most of what tracing cost a program's
receives. The stand-in below gives the same members from the Enum's own table, and the same
ValueError for an option the Enum does not know, through a dict; its attributes are the Enum's
(the CFFI backend reads SocketOption.ROUTING_ID and SocketOption.FD). What get and set return or
raise is unchanged, for the program's calls too.
"""


def speed_up(zmq, modules):
    """In the module that defines pyzmq's backend Socket, if it looks options up as 23 to 27 do."""
    SocketOption = getattr(getattr(zmq, 'constants', None), 'SocketOption', None)
    backend = modules.get(zmq.backend.Socket.__module__)
    table = getattr(SocketOption, '_value2member_map_', None)
    if backend is None or table is None or getattr(backend, 'SocketOption', None) is not SocketOption:
        return False

    class Options(dict):
        # Called as the Enum is, at the speed of a dict lookup.
        __call__ = dict.__getitem__

        def __missing__(self, option):
            # As SocketOption(option) does: get and set then treat it as an int option.
            raise ValueError('%r is not a valid SocketOption' % (option,))

        def __getattr__(self, name):
            return getattr(SocketOption, name)

    backend.SocketOption = Options(table)
    return True

"""A cheaper socket option lookup for pyzmq 23 and later, which the recv wrapper needs per frame.

pyzmq's Socket.get and Socket.set find an option's type with `SocketOption(option)`: an Enum call
that costs twice what libzmq's getsockopt does. The wrapper reads RCVMORE after every frame
received, to count messages exactly, and that call was most of what tracing cost a program's
receives. The lookup below gives the same members from the Enum's own table, and the same
ValueError for an option the Enum does not know, through a dict: what get and set return or raise
is unchanged, for the program's calls too.
"""


class _Options(dict):
    def __missing__(self, option):
        # As SocketOption(option) does: get and set then treat it as an int option.
        raise ValueError('%r is not a valid SocketOption' % (option,))


def speed_up(zmq, modules):
    """In the module that defines pyzmq's backend Socket, if it looks options up as 23 to 27 do."""
    SocketOption = getattr(getattr(zmq, 'constants', None), 'SocketOption', None)
    backend = modules.get(zmq.backend.Socket.__module__)
    table = getattr(SocketOption, '_value2member_map_', None)
    if backend is None or table is None or getattr(backend, 'SocketOption', None) is not SocketOption:
        return False
    backend.SocketOption = _Options(table).__getitem__
    return True

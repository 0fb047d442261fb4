"""The wrappers put on zmq.Socket's methods.

Each calls the original first, with the program's own arguments, and returns or raises what it
did; only after that does it record, and a failure there turns the tracer off instead of
reaching the program. Everything pyzmq builds on send and recv (send_multipart, send_string,
send_json, send_pyobj, the recv_* family, zmq.asyncio's sockets, which do their I/O through a
shadow zmq.Socket) passes through these.
"""


def install(zmq, tracer):
    Socket = zmq.Socket
    original = {name: getattr(Socket, name) for name in ('__init__', 'close', 'send', 'recv', 'recv_multipart', 'bind', 'connect', 'unbind', 'disconnect', 'set', 'setsockopt', 'monitor')}
    SNDMORE, RCVMORE, SUBSCRIBE, UNSUBSCRIBE = zmq.SNDMORE, zmq.RCVMORE, zmq.SUBSCRIBE, zmq.UNSUBSCRIBE
    raw_get = zmq.backend.Socket.get
    now = tracer.now
    # The inproc addresses the program asked libzmq to publish a socket's events on: the PAIR it
    # connects there is its monitor, not a socket of its pattern.
    monitor_addresses = set()

    # A class attribute, so that a socket without a state reads None instead of a socket option.
    Socket._zmq_sessions_trace = None

    def state_of(socket):
        return socket._zmq_sessions_trace or tracer.adopt(socket)

    def __init__(self, *args, **kwargs):
        original['__init__'](self, *args, **kwargs)
        if tracer.on:
            try:
                tracer.adopt(self)
            except Exception as error:
                tracer.fail(error)

    def close(self, *args, **kwargs):
        if tracer.on and not self.closed:
            try:
                tracer.closed(self)
            except Exception as error:
                tracer.fail(error)
        return original['close'](self, *args, **kwargs)

    def send(self, data, flags=0, copy=True, track=False, **kwargs):
        if not tracer.on:
            return original['send'](self, data, flags, copy, track, **kwargs)
        # Stamped when handed to the socket: a REQ's round trip runs from here.
        t = now()
        result = original['send'](self, data, flags, copy, track, **kwargs)
        try:
            state = state_of(self)
            if state.ignored:
                return result
            if flags & SNDMORE:
                if state.outgoing is None:
                    state.outgoing = [data]
                else:
                    state.outgoing.append(data)
            else:
                frames = [data] if state.outgoing is None else state.outgoing + [data]
                state.outgoing = None
                tracer.message(state, 'sent', frames, t)
        except Exception as error:
            tracer.fail(error)
        return result

    def recv(self, flags=0, copy=True, track=False):
        frame = original['recv'](self, flags, copy, track)
        if not tracer.on:
            return frame
        try:
            state = state_of(self)
            if state.depth or state.ignored:
                return frame
            t = now()
            # A frame that is not the last of its message waits for the others.
            more = frame.more if not copy else raw_get(self, RCVMORE)
            if more:
                if state.incoming is None:
                    state.incoming = [frame]
                else:
                    state.incoming.append(frame)
            elif state.incoming is None:
                tracer.message(state, 'received', (frame,), t)
            else:
                frames = state.incoming + [frame]
                state.incoming = None
                tracer.message(state, 'received', frames, t)
        except Exception as error:
            tracer.fail(error)
        return frame

    def recv_multipart(self, flags=0, copy=True, track=False):
        if not tracer.on:
            return original['recv_multipart'](self, flags, copy, track)
        state = None
        try:
            state = state_of(self)
            state.depth += 1
        except Exception as error:
            tracer.fail(error)
        try:
            parts = original['recv_multipart'](self, flags, copy, track)
        finally:
            if state is not None:
                state.depth -= 1
        if tracer.on and not state.ignored:
            try:
                tracer.message(state, 'received', parts, now())
            except Exception as error:
                tracer.fail(error)
        return parts

    def endpoint_call(name):
        def call(self, addr, *args, **kwargs):
            result = original[name](self, addr, *args, **kwargs)
            if tracer.on:
                try:
                    record_endpoint(self, name, addr)
                except Exception as error:
                    tracer.fail(error)
            return result

        call.__name__ = name
        return call

    def record_endpoint(socket, name, addr):
        state = state_of(socket)
        if name == 'connect' and addr in monitor_addresses:
            state.ignored = True
            tracer.fact({'f': 'ignore', 's': state.id})
            return
        if name == 'bind' and '*' in addr:
            # A wildcard port or path is known once bound: peers need the real one.
            addr = socket.get(zmq.LAST_ENDPOINT).decode()
        tracer.fact({'f': name, 's': state.id, 'ep': addr})

    def setter(name):
        def call(self, option, value):
            result = original[name](self, option, value)
            if tracer.on and (option == SUBSCRIBE or option == UNSUBSCRIBE):
                try:
                    prefix = value.decode('utf-8', 'replace') if isinstance(value, (bytes, bytearray)) else str(value)
                    tracer.fact({'f': 'subscribe', 's': state_of(self).id, 'prefix': prefix, 'on': option == SUBSCRIBE})
                except Exception as error:
                    tracer.fail(error)
            return result

        call.__name__ = name
        return call

    def monitor(self, addr, events=zmq.EVENT_ALL):
        if addr is not None:
            monitor_addresses.add(addr)
        return original['monitor'](self, addr, events)

    Socket.__init__ = __init__
    Socket.close = close
    Socket.send = send
    Socket.recv = recv
    Socket.recv_multipart = recv_multipart
    for name in ('bind', 'connect', 'unbind', 'disconnect'):
        setattr(Socket, name, endpoint_call(name))
    Socket.set = setter('set')
    Socket.setsockopt = setter('setsockopt')
    Socket.monitor = monitor
    # Sockets the program made before zmq was traced (none, when zmq is imported after the tracer
    # starts) are adopted on their first use.

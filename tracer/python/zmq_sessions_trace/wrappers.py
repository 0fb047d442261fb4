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
    # Plain ints: an operation on one of pyzmq's enums costs more than the rest of a wrapper.
    SNDMORE, RCVMORE, SUBSCRIBE, UNSUBSCRIBE = (int(flag) for flag in (zmq.SNDMORE, zmq.RCVMORE, zmq.SUBSCRIBE, zmq.UNSUBSCRIBE))
    raw_get = zmq.backend.Socket.get
    base_send, base_recv = zmq.backend.Socket.send, zmq.backend.Socket.recv
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

    # send and recv are the hot path: a plain message costs a lookup, two additions and a
    # remainder; the rest runs only for a message that is kept, or one of several frames.

    def send(self, data, flags=0, copy=True, track=False, routing_id=None, group=None):
        # zmq.Socket.send only adds routing_id and group (DRAFT) to its base's: without them the
        # base is called directly, as zmq.Socket.send would.
        if routing_id is None and group is None:
            result = base_send(self, data, flags, copy, track)
        else:
            result = original['send'](self, data, flags, copy, track, routing_id=routing_id, group=group)
        if tracer.on:
            try:
                state = self._zmq_sessions_trace or state_of(self)
                if flags & SNDMORE or state.outgoing is not None or state.ignored:
                    sent_frame(state, data, flags)
                else:
                    seq = state.sent = state.sent + 1
                    if seq % tracer.stride == 0 and tracer.budget > 0:
                        tracer.record(state, 'sent', (data,), seq)
            except Exception as error:
                tracer.fail(error)
        return result

    def sent_frame(state, data, flags):
        if state.ignored:
            return
        if flags & SNDMORE:
            if state.outgoing is None:
                state.outgoing = [data]
            else:
                state.outgoing.append(data)
            return
        frames = state.outgoing + [data]
        state.outgoing = None
        seq = state.sent = state.sent + 1
        if seq % tracer.stride == 0 and tracer.budget > 0:
            tracer.record(state, 'sent', frames, seq)

    def recv(self, flags=0, copy=True, track=False):
        frame = base_recv(self, flags, copy, track)
        if tracer.on:
            try:
                state = self._zmq_sessions_trace or state_of(self)
                # A frame that is not the last of its message waits for the others.
                if state.depth or state.ignored:
                    return frame
                more = frame.more if not copy else raw_get(self, RCVMORE)
                if more or state.incoming is not None:
                    received_frame(state, frame, more)
                else:
                    seq = state.received = state.received + 1
                    if seq % tracer.stride == 0 and tracer.budget > 0:
                        tracer.record(state, 'received', (frame,), seq)
            except Exception as error:
                tracer.fail(error)
        return frame

    def received_frame(state, frame, more):
        if state.incoming is None:
            state.incoming = [frame]
        else:
            state.incoming.append(frame)
        if not more:
            frames, state.incoming = state.incoming, None
            received_message(state, frames)

    def received_message(state, frames):
        seq = state.received = state.received + 1
        if seq % tracer.stride == 0 and tracer.budget > 0:
            tracer.record(state, 'received', frames, seq)

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
                received_message(state, parts)
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

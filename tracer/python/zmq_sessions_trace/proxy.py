"""zmq.proxy and zmq.device for a traced program, which libzmq runs in C, where no wrapper sees a
message: while tracing is on they forward in Python instead, through the traced sockets, as
libzmq's zmq_proxy does: the same messages in the same order, each also to the capture socket
when one is given, a side read only when the other can take its messages, and an end by
ContextTerminated. The broker or forwarder then shows its messages as a hand-written poll loop
(the zguide's rrbroker) does.

That loop is slower than libzmq's (a few microseconds a message); a proxy at full speed is better
watched on the wire, with `zmq-sessions capture`. zmq.proxy_steerable, whose control socket
libzmq reads, stays libzmq's own.
"""

# As libzmq's proxy: at most this many messages from one side before the other gets its turn.
BURST = 1000


def install(zmq, tracer):
    original_proxy, original_device = zmq.proxy, zmq.device

    def sockets(*given):
        return all(isinstance(socket, zmq.backend.Socket) for socket in given if socket is not None)

    def proxy(frontend, backend, capture=None):
        # What is not a socket gets libzmq's own proxy, and its TypeError.
        if not tracer.on or not sockets(frontend, backend, capture):
            return original_proxy(frontend, backend, capture)
        return forward(zmq, frontend, backend, capture)

    def device(device_type, frontend, backend):
        # libzmq's zmq_device is zmq_proxy whatever the type (QUEUE, FORWARDER, STREAMER).
        if not tracer.on or not sockets(frontend, backend):
            return original_device(device_type, frontend, backend)
        return forward(zmq, frontend, backend, None)

    proxy.__doc__, device.__doc__ = original_proxy.__doc__, original_device.__doc__
    zmq.proxy, zmq.device = proxy, device


def forward(zmq, frontend, backend, capture):
    """Until the context is terminated, which raises ContextTerminated as libzmq's proxy does."""
    same = frontend is backend
    # Plain sockets on the same handles, which the wrappers know by their handle: a zmq.asyncio
    # socket's recv returns a future, and a subclass of the program's may send otherwise.
    frontend = zmq.Socket.shadow(frontend.underlying)
    backend = frontend if same else zmq.Socket.shadow(backend.underlying)
    capture = None if capture is None else zmq.Socket.shadow(capture.underlying)
    incoming, outgoing = zmq.Poller(), zmq.Poller()
    for socket in {frontend, backend}:
        incoming.register(socket, zmq.POLLIN)
        outgoing.register(socket, zmq.POLLOUT)
    while True:
        readable = dict(incoming.poll())
        # Polled apart, as libzmq does: a socket can nearly always take a message, and a poll for
        # both would never wait.
        writable = readable if same else dict(outgoing.poll(0))
        if frontend in readable and backend in writable:
            burst(zmq, frontend, backend, capture)
        if not same and backend in readable and frontend in writable:
            burst(zmq, backend, frontend, capture)


def burst(zmq, source, to, capture):
    for _ in range(BURST):
        try:
            message = source.recv_multipart(zmq.NOBLOCK)
        except zmq.Again:
            return
        if capture is not None:
            capture.send_multipart(message)
        to.send_multipart(message)

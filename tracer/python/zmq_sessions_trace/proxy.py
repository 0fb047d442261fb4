"""zmq.proxy and zmq.device for a traced program, which libzmq runs in C, where no wrapper sees a
message: while tracing is on they forward in Python instead, through the traced sockets, the same
messages in the same order, each also to the capture socket when one is given. The broker or
forwarder then shows its messages as a hand-written poll loop (the zguide's rrbroker) does.

That loop is slower than libzmq's (a few microseconds a message); a proxy at full speed is better
watched on the wire, with `zmq-sessions capture`. zmq.proxy_steerable, whose control socket
libzmq reads, stays libzmq's own.
"""

# As libzmq's proxy: at most this many messages from one side before the other gets its turn.
BURST = 1000


def install(zmq, tracer):
    original_proxy, original_device = zmq.proxy, zmq.device

    def proxy(frontend, backend, capture=None):
        if not tracer.on:
            return original_proxy(frontend, backend, capture)
        return forward(zmq, frontend, backend, capture)

    def device(device_type, frontend, backend):
        # libzmq's zmq_device is zmq_proxy whatever the type (QUEUE, FORWARDER, STREAMER).
        if not tracer.on:
            return original_device(device_type, frontend, backend)
        return forward(zmq, frontend, backend, None)

    proxy.__doc__, device.__doc__ = original_proxy.__doc__, original_device.__doc__
    zmq.proxy, zmq.device = proxy, device


def forward(zmq, frontend, backend, capture):
    """Until the context is terminated, which raises ContextTerminated as libzmq's proxy does."""
    poller = zmq.Poller()
    poller.register(frontend, zmq.POLLIN)
    poller.register(backend, zmq.POLLIN)
    while True:
        for socket, _ in poller.poll():
            to = backend if socket is frontend else frontend
            for _ in range(BURST):
                try:
                    message = socket.recv_multipart(zmq.NOBLOCK)
                except zmq.Again:
                    break
                if capture is not None:
                    capture.send_multipart(message)
                to.send_multipart(message)

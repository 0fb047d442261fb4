"""pyzmq peers for the interop tests, after the seed's zguide programs (hwserver, hwclient, wuserver,
wuclient, taskvent, taskwork, tasksink), with endpoints and counts as arguments so that tests can
use ephemeral ports. A peer that binds prints "READY <endpoint>" first; every line is flushed."""
import random
import sys
import time

import zmq

context = zmq.Context()


def say(text, end="\n"):
    sys.stdout.write(text + end)
    sys.stdout.flush()


def bind(kind, endpoint):
    socket = context.socket(kind)
    socket.linger = 1000
    if endpoint.endswith(":*"):
        port = socket.bind_to_random_port(endpoint[:-2])
        endpoint = "%s:%d" % (endpoint[:-2], port)
    else:
        socket.bind(endpoint)
    say("READY %s" % endpoint)
    return socket


def connect(kind, endpoint):
    socket = context.socket(kind)
    socket.linger = 1000
    socket.connect(endpoint)
    return socket


def hwserver(endpoint, count):
    socket = bind(zmq.REP, endpoint)
    for _ in range(int(count)):
        message = socket.recv()
        say("Received request: %s" % message)
        socket.send(b"World")


def hwclient(endpoint, count):
    socket = connect(zmq.REQ, endpoint)
    for request in range(int(count)):
        socket.send(b"Hello")
        message = socket.recv()
        say("Received reply %s [ %s ]" % (request, message))


def wuserver(endpoint):
    socket = bind(zmq.PUB, endpoint)
    while True:
        socket.send_string("%i %i %i" % (random.randrange(1, 100000), random.randrange(-80, 135), random.randrange(10, 60)))


def wuclient(endpoint, zip_filter, count):
    socket = connect(zmq.SUB, endpoint)
    socket.setsockopt_string(zmq.SUBSCRIBE, zip_filter)
    for _ in range(int(count)):
        say("UPDATE %s" % socket.recv_string())


def taskvent(endpoint, sink_endpoint, tasks):
    sender = bind(zmq.PUSH, endpoint)
    sink = connect(zmq.PUSH, sink_endpoint)
    say("Press Enter when the workers are ready: ")
    sys.stdin.readline()
    sink.send(b"0")
    total_msec = 0
    for _ in range(int(tasks)):
        workload = random.randint(1, 20)
        total_msec += workload
        sender.send_string("%i" % workload)
    say("Total expected cost: %s msec" % total_msec)
    time.sleep(1)


def taskwork(endpoint, sink_endpoint):
    receiver = connect(zmq.PULL, endpoint)
    sender = connect(zmq.PUSH, sink_endpoint)
    while True:
        s = receiver.recv()
        say("TASK %s" % s.decode())
        time.sleep(int(s) * 0.001)
        sender.send(b"")


def tasksink(endpoint, tasks):
    receiver = bind(zmq.PULL, endpoint)
    receiver.recv()
    tstart = time.time()
    for task_nbr in range(int(tasks)):
        receiver.recv()
        say(":" if task_nbr % 10 == 0 else ".", end="")
    say("Total elapsed time: %d msec" % ((time.time() - tstart) * 1000))


def bind_or_connect(kind, endpoint):
    """A socket bound when the endpoint has a wildcard port, else connected."""
    return bind(kind, endpoint) if endpoint.endswith(":*") else connect(kind, endpoint)


def rrclient(endpoint, count):
    socket = connect(zmq.REQ, endpoint)
    for request in range(int(count)):
        socket.send(b"Hello")
        message = socket.recv()
        say("Received reply %s [%s]" % (request, message))


def rrworker(endpoint):
    socket = connect(zmq.REP, endpoint)
    while True:
        message = socket.recv()
        say("Received request: %s" % message)
        socket.send(b"World")


def rrbroker(frontend_endpoint, backend_endpoint):
    """zguide rrbroker: ROUTER frontend, DEALER backend, both bound, with zmq.proxy's loop."""
    frontend = bind(zmq.ROUTER, frontend_endpoint)
    backend = bind(zmq.DEALER, backend_endpoint)
    poller = zmq.Poller()
    poller.register(frontend, zmq.POLLIN)
    poller.register(backend, zmq.POLLIN)
    while True:
        socks = dict(poller.poll())
        if socks.get(frontend) == zmq.POLLIN:
            backend.send_multipart(frontend.recv_multipart())
        if socks.get(backend) == zmq.POLLIN:
            frontend.send_multipart(backend.recv_multipart())


def wuproxy(frontend_endpoint, backend_endpoint):
    """zguide wuproxy: XSUB connects to the publisher, XPUB binds for subscribers."""
    frontend = connect(zmq.XSUB, frontend_endpoint)
    backend = bind(zmq.XPUB, backend_endpoint)
    zmq.proxy(frontend, backend)


def dealerclient(endpoint, count):
    """A DEALER that speaks to a ROUTER without a delimiter, printing each reply's frames."""
    socket = connect(zmq.DEALER, endpoint)
    for request in range(int(count)):
        socket.send_multipart([b"Hello", b"%d" % request])
        say("REPLY %s" % socket.recv_multipart())


def routerserver(endpoint, count):
    """A ROUTER that answers each request through its envelope, printing the request's frames."""
    socket = bind_or_connect(zmq.ROUTER, endpoint)
    for _ in range(int(count)):
        frames = socket.recv_multipart()
        say("REQUEST %s" % frames[1:])
        socket.send_multipart(frames[:-1] + [b"World"])


def pair(endpoint, count):
    socket = bind_or_connect(zmq.PAIR, endpoint)
    for n in range(1, int(count) + 1):
        socket.send_string("py %d" % n)
    for _ in range(int(count)):
        say("RECEIVED %s" % socket.recv())


if __name__ == "__main__":
    globals()[sys.argv[1]](*sys.argv[2:])

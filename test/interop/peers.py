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


if __name__ == "__main__":
    globals()[sys.argv[1]](*sys.argv[2:])

"""The pyzmq peer: the protocol of zeromqjs.mjs (docs/performance.md), run by Debian's python3."""
import sys
import time

import zmq

context = zmq.Context()


def socket(kind, linger=1000):
    s = context.socket(kind)
    s.linger = linger
    return s


def say(text):
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def ventilator(vent, sink, count, size):
    tasks = socket(zmq.PUSH)
    tasks.bind(vent)
    start = socket(zmq.PUSH)
    start.connect(sink)
    say("READY")
    sys.stdin.readline()
    start.send(b"0")
    task = b"0" * int(size)
    for _ in range(int(count)):
        tasks.send(task)
    # Stays until stdin closes: a sender that closes at once can lose its last messages over ipc.
    sys.stdin.readline()


def worker(vent, sink):
    tasks = socket(zmq.PULL)
    tasks.connect(vent)
    results = socket(zmq.PUSH)
    results.connect(sink)
    say("READY")
    while True:
        # int() of a 64 KiB run of digits is quadratic in CPython 3.11; the zeros add nothing.
        workload = int(tasks.recv().lstrip(b"0") or b"0")
        if workload > 0:
            time.sleep(workload / 1000)
        results.send(b"")


def sink(endpoint, count):
    results = socket(zmq.PULL, 0)
    results.bind(endpoint)
    say("READY")
    results.recv()
    start = time.perf_counter()
    for _ in range(int(count)):
        results.recv()
    say("ELAPSED %f" % ((time.perf_counter() - start) * 1000))


def rep(endpoint):
    s = socket(zmq.REP, 0)
    s.bind(endpoint)
    say("READY")
    while True:
        s.recv()
        s.send(b"World")


def req(endpoint, count):
    s = socket(zmq.REQ, 0)
    s.connect(endpoint)
    say("READY")
    rtts = []
    for _ in range(int(count)):
        sent_at = time.perf_counter()
        s.send(b"Hello")
        s.recv()
        rtts.append(str(round((time.perf_counter() - sent_at) * 1e6)))
    say("RTT " + " ".join(rtts))


roles = {"ventilator": ventilator, "worker": worker, "sink": sink, "rep": rep, "req": req}
roles[sys.argv[1]](*sys.argv[2:])

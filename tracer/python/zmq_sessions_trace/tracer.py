"""Wraps zmq.Socket and reports what its sockets do, never holding the program up.

Per message the program's thread only counts it and, while the rate is under --sample-above a
second, queues its frames' heads. A thread of the tracer's own sends the queue every BATCH_S over
a PUSH socket in a context of its own, without blocking: when the relay cannot take a batch, its
facts are counted as dropped. The counters stay exact whatever is sampled or dropped.
"""
import atexit
import base64
import collections
import json
import os
import sys
import threading
import time

from . import monitor

MAX_QUEUED = 10000
SOCKET_TYPES = ('PAIR', 'PUB', 'SUB', 'REQ', 'REP', 'DEALER', 'ROUTER', 'PULL', 'PUSH', 'XPUB', 'XSUB', 'STREAM', 'SERVER', 'CLIENT', 'RADIO', 'DISH', 'GATHER', 'SCATTER', 'DGRAM', 'PEER', 'CHANNEL')
MAX_CLOSED = 4096
BATCH_S = 0.02
COUNTERS_S = 1.0
# One byte past the preview's length: the relay tells a frame cut here from a whole one.
HEAD_BYTES = 257
# At exit, how long the last facts may take to reach the relay.
EXIT_LINGER_MS = 300

_tracer = None


class SocketState:
    __slots__ = ('id', 'type', 'sent', 'received', 'outgoing', 'incoming', 'depth', 'ignored')

    def __init__(self, ident, kind):
        self.id = ident
        self.type = kind
        self.sent = 0
        self.received = 0
        # Frames of a message sent with SNDMORE so far.
        self.outgoing = None
        # Frames of a message received frame by frame, before its last.
        self.incoming = None
        # Inside recv_multipart, whose frames are recorded as one message.
        self.depth = 0
        # The program's own monitor socket: not one of its pattern's sockets.
        self.ignored = False


class Tracer:
    def __init__(self, zmq, endpoint, token, sample_above):
        self.zmq = zmq
        self.on = True
        self.pid = os.getpid()
        self.token = token
        self.sample_above = sample_above
        self.queue = collections.deque()
        self.dropped = 0
        self.sampled_out = 0
        self.stride = 1
        # Messages still to report in this second; none left: the rest are sampled out.
        self.budget = sample_above or float('inf')
        self.kept = 0
        self.window_total = 0
        self.window_kept = 0
        self.states = {}
        # Closed sockets that counted messages: their counts stay in the counters, which are
        # totals. A program that makes sockets without end keeps the last MAX_CLOSED.
        self.closed_states = collections.deque(maxlen=MAX_CLOSED)
        self.next_id = 1
        self.lock = threading.Lock()
        self.epoch_ms = time.time() * 1000 - time.perf_counter() * 1000
        # A raw (backend) socket, which the wrappers do not see, in a context of its own, which
        # the program's Context.term() does not wait for.
        self.context = zmq.Context()
        self.socket = zmq.backend.Socket(self.context, zmq.PUSH)
        try:
            self.socket.set(zmq.SNDHWM, 100)
            self.socket.set(zmq.LINGER, EXIT_LINGER_MS)
            self.socket.connect(endpoint)
        except Exception:
            # Left open, the socket would hang the context's destruction, and the program's exit.
            self.socket.close(0)
            self.context.term()
            raise
        self.monitors = monitor.Monitors(self, zmq)
        self.wake = threading.Event()
        self.thread = threading.Thread(target=self.run, name='zmq-sessions-trace', daemon=True)
        self.fact({'f': 'hello', 'argv': list(sys.argv), 'pyzmq': zmq.__version__, 'libzmq': zmq.zmq_version()})
        self.thread.start()

    def now(self):
        return self.epoch_ms + time.perf_counter() * 1000

    def fact(self, fact):
        if len(self.queue) >= MAX_QUEUED:
            self.dropped += 1
            return
        fact.setdefault('t', self.now())
        self.queue.append(fact)

    def fail(self, error):
        if not self.on:
            return
        self.on = False
        sys.stderr.write('zmq-sessions trace: tracing stopped (%s: %s); the program goes on untraced\n' % (type(error).__name__, error))

    # -- sockets -----------------------------------------------------------------------------

    def adopt(self, socket):
        """The state of a socket, shared by its shadows (zmq.asyncio works through one)."""
        key = socket.underlying
        state = self.states.get(key)
        if state is None:
            with self.lock:
                state = SocketState(self.next_id, self.type_name(socket.get(self.zmq.TYPE)))
                self.next_id += 1
                self.states[key] = state
            self.fact({'f': 'socket', 's': state.id, 'type': state.type})
            self.monitors.watch(socket, state)
        object.__setattr__(socket, '_zmq_sessions_trace', state)
        return state

    def type_name(self, number):
        # By the constants' names: pyzmq before 23 has no SocketType enum.
        for name in SOCKET_TYPES:
            if getattr(self.zmq, name, None) == number:
                return name
        return str(number)

    def closed(self, socket):
        with self.lock:
            state = self.states.pop(socket.underlying, None)
            if state is not None and (state.sent or state.received):
                self.closed_states.append(state)
        if state is not None:
            self.fact({'f': 'close', 's': state.id})

    # -- messages ----------------------------------------------------------------------------

    # Sampling as the built-in roles do it (src/shared/sampler.ts): up to sample_above messages a
    # second, every stride-th of each socket and direction once the rate is higher, the stride set
    # each second from the last second's rate. Here the reporting thread keeps the window, so
    # that a message costs the program's thread two additions and a remainder, and no clock.

    def record(self, state, direction, frames, seq):
        """A message the wrappers keep (seq % stride == 0 and budget left): its event."""
        self.budget -= 1
        self.kept += 1
        self.fact({'f': 'msg', 's': state.id, 'd': direction, 'seq': seq, 'frames': [head(frame) for frame in frames]})

    def next_window(self, total):
        """Once a second: the stride from the last second's messages, and a new budget."""
        seen = max(0, total - self.window_total)
        self.sampled_out += max(0, seen - (self.kept - self.window_kept))
        self.window_total, self.window_kept = total, self.kept
        if self.sample_above:
            self.stride = max(1, -(-seen // self.sample_above))
            self.budget = self.sample_above

    def counters(self):
        with self.lock:
            states = list(self.states.values()) + list(self.closed_states)
        self.next_window(sum(s.sent + s.received for s in states))
        return {
            'f': 'counters',
            'sent': {str(s.id): s.sent for s in states if s.sent},
            'received': {str(s.id): s.received for s in states if s.received},
            'sampledOut': self.sampled_out,
        }

    # -- the reporting thread ----------------------------------------------------------------

    def run(self):
        last_counters = 0.0
        reported = None
        try:
            while self.on:
                self.wake.wait(BATCH_S)
                now = time.perf_counter()
                if now - last_counters >= COUNTERS_S:
                    last_counters = now
                    counters = self.counters()
                    key = json.dumps(counters)
                    if key != reported:
                        reported = key
                        self.fact(counters)
                self.flush()
        except Exception as error:
            self.fail(error)

    def flush(self):
        facts = []
        while self.queue:
            facts.append(self.queue.popleft())
        if not facts:
            return
        batch = {'v': 1, 'pid': self.pid, 'token': self.token, 'dropped': self.dropped, 'facts': facts}
        try:
            self.socket.send(json.dumps(batch).encode(), self.zmq.NOBLOCK)
        except self.zmq.Again:
            # The relay is behind: these facts are lost, and counted.
            self.dropped += len(facts)

    def exit(self):
        """At the program's end: the last counters and facts, given a moment to reach the relay."""
        if not self.on or os.getpid() != self.pid:
            return
        self.on = False
        self.wake.set()
        self.thread.join(1)
        self.fact(self.counters())
        self.fact({'f': 'exit'})
        self.flush()
        self.monitors.stop()
        self.socket.close()
        # Waits at most EXIT_LINGER_MS: the socket's linger.
        self.context.term()


def head(frame):
    """[size, base64 of the first HEAD_BYTES bytes] of any frame pyzmq sends or receives."""
    try:
        view = memoryview(frame)
        if view.ndim != 1 or view.itemsize != 1:
            view = view.cast('B')
        return [view.nbytes, base64.b64encode(view[:HEAD_BYTES]).decode('ascii')]
    except Exception:
        return [0, '']


def start(zmq, environ):
    global _tracer
    if _tracer is not None:
        return
    sample_above = int(environ.get('ZMQ_SESSIONS_TRACE_SAMPLE_ABOVE') or 2000)
    _tracer = Tracer(zmq, environ['ZMQ_SESSIONS_TRACE'], environ.get('ZMQ_SESSIONS_TRACE_TOKEN', ''), sample_above)
    from . import options, proxy, wrappers

    options.speed_up(zmq, sys.modules)
    wrappers.install(zmq, _tracer)
    proxy.install(zmq, _tracer)
    atexit.register(_exit)
    if hasattr(os, 'register_at_fork'):
        # A forked child has neither the reporting thread nor a usable context: it runs untraced.
        os.register_at_fork(after_in_child=_forked)


def _exit():
    try:
        _tracer.exit()
    except Exception:
        pass


def _forked():
    _tracer.on = False
    _tracer.monitors.forked()

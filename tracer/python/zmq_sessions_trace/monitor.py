"""libzmq's socket monitor for every traced socket: connects, accepts, disconnects, handshakes.

libzmq publishes a socket's events on an inproc PAIR, which must live in the program's own
context. The tracer's PAIRs are read by one thread of its own, and closed as soon as their socket
is (libzmq then says MONITOR_STOPPED) or its context is terminated, so that the program's
Context.term() never waits for them. If the program monitors a socket itself, libzmq gives the
events to the program's monitor and this one stops: the program sees what it would untraced.
"""
import collections
import struct
import threading

POLL_MS = 100
MONITOR_STOPPED = 0x0400


class Monitors:
    def __init__(self, tracer, zmq):
        self.tracer = tracer
        self.zmq = zmq
        self.added = collections.deque()
        self.sockets = {}
        self.running = True
        self.count = 0
        self.thread = None

    def watch(self, socket, state):
        context = socket.context
        # A socket made from a bare handle (Socket.shadow) has no context to put a PAIR in.
        if context is None:
            return
        zmq = self.zmq
        self.count += 1
        address = 'inproc://zmq-sessions-trace-%d-%d' % (self.tracer.pid, self.count)
        zmq.backend.Socket.monitor(socket, address, zmq.EVENT_ALL)
        pair = zmq.backend.Socket(context, zmq.PAIR)
        pair.set(zmq.LINGER, 0)
        pair.connect(address)
        self.added.append((pair, state))
        if self.thread is None:
            self.thread = threading.Thread(target=self.run, name='zmq-sessions-trace-monitor', daemon=True)
            self.thread.start()

    def run(self):
        zmq = self.zmq
        poller = zmq.Poller()
        try:
            while self.running:
                while self.added:
                    pair, state = self.added.popleft()
                    self.sockets[pair] = state
                    poller.register(pair, zmq.POLLIN)
                try:
                    ready = poller.poll(POLL_MS)
                except zmq.ZMQError:
                    # A context was terminated: its PAIRs say so when read, and are closed.
                    ready = [(pair, zmq.POLLIN) for pair in list(self.sockets)]
                for pair, _ in ready:
                    self.read(poller, pair)
        except Exception as error:
            self.tracer.fail(error)

    def read(self, poller, pair):
        zmq = self.zmq
        state = self.sockets[pair]
        try:
            while True:
                head = pair.recv(zmq.NOBLOCK)
                address = pair.recv(zmq.NOBLOCK) if pair.get(zmq.RCVMORE) else b''
                event, value = struct.unpack('=HI', head[:6])
                if event == MONITOR_STOPPED:
                    raise StopIteration
                self.tracer.fact({'f': 'event', 's': state.id, 'e': event, 'v': value, 'addr': address.decode('utf-8', 'replace')})
        except zmq.Again:
            return
        except (StopIteration, zmq.ZMQError):
            poller.unregister(pair)
            del self.sockets[pair]
            pair.close()

    def stop(self):
        self.running = False

    def forked(self):
        # The parent's PAIRs belong to the parent: the child never touches them.
        self.running = False
        self.sockets = {}
        self.added.clear()

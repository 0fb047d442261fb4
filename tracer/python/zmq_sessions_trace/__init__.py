"""Traces a program's pyzmq sockets for `zmq-sessions trace`.

Started by the sitecustomize next to this package when ZMQ_SESSIONS_TRACE names the relay of a
`zmq-sessions trace` process. It waits for the program to import zmq, then wraps zmq.Socket's
methods: what the program sends and receives is unchanged, and every wrapper hands over to the
original first; what it saw goes, in batches, to the relay, which turns it into the events a
built-in role reports (src/roles/trace/). A failure of the tracer turns it off with one line on
stderr and never reaches the program.
"""
import os
import sys

ENDPOINT_ENV = 'ZMQ_SESSIONS_TRACE'


class _ZmqFinder:
    """Finds zmq as the other finders do, and starts the tracer once it is imported."""

    def find_spec(self, name, path=None, target=None):
        if name != 'zmq':
            return None
        sys.meta_path.remove(self)
        import importlib.util

        spec = importlib.util.find_spec('zmq')
        if spec is not None and spec.loader is not None:
            spec.loader = _TracingLoader(spec.loader)
        return spec


class _TracingLoader:
    def __init__(self, loader):
        self.loader = loader

    def create_module(self, spec):
        return self.loader.create_module(spec)

    def exec_module(self, module):
        self.loader.exec_module(module)
        _start(module)

    def __getattr__(self, name):
        return getattr(self.loader, name)


def _start(zmq):
    try:
        from . import tracer

        tracer.start(zmq, os.environ)
    except Exception as error:
        sys.stderr.write('zmq-sessions trace: tracing is off (%s: %s)\n' % (type(error).__name__, error))


def install():
    if not os.environ.get(ENDPOINT_ENV):
        return
    if 'zmq' in sys.modules:
        _start(sys.modules['zmq'])
    else:
        sys.meta_path.insert(0, _ZmqFinder())

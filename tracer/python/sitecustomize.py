# Put first on PYTHONPATH by `zmq-sessions trace`: starts the tracer (which waits for the program
# to import zmq), then runs the sitecustomize the environment already had, as if this one were
# not there. Nothing here may stop the program from starting.
import sys


def _run_next_sitecustomize():
    import importlib.machinery
    import importlib.util
    import os

    here = os.path.dirname(os.path.abspath(__file__))
    rest = [entry for entry in sys.path if os.path.abspath(entry or os.curdir) != here]
    spec = importlib.machinery.PathFinder.find_spec('sitecustomize', rest)
    if spec is None or spec.loader is None:
        return
    # Loaded under its own name, so that it behaves as when Python imports it; this module stays
    # the one in sys.modules.
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)


try:
    import zmq_sessions_trace

    zmq_sessions_trace.install()
except Exception as error:  # never stop the program for the tracer's sake
    sys.stderr.write('zmq-sessions trace: tracing is off (%s: %s)\n' % (type(error).__name__, error))

_run_next_sitecustomize()

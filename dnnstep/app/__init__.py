"""The Textual app: the step-through debugger.

``DnnStepApp(source, *, student=None, data_dir=None)`` takes a Scenario or a Session;
``run(source, **kw) -> int`` opens it in the terminal and returns the exit status.
"""

from dnnstep.app.app import DnnStepApp, run

__all__ = ["DnnStepApp", "run"]

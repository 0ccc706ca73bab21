"""The Textual app: the step-through debugger.

``DnnStepApp(source, *, student=None, data_dir=None)`` takes a Scenario or a Session;
``run(source, **kw) -> int`` opens it in the terminal and returns the exit status.
Both are imported on first use, so that the app's Textual-free parts (``loading``,
``jump``, ``values``) can be imported without Textual.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from dnnstep.app.app import DnnStepApp, run

__all__ = ["DnnStepApp", "run"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from dnnstep.app import app

        return getattr(app, name)
    raise AttributeError(f"module 'dnnstep.app' has no attribute {name!r}")

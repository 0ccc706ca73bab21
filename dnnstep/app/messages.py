"""The messages the app's workers post back to the screen's thread (messages up).

Each worker posts exactly one of these when it ends (``RunProgress`` also while it works);
the app's handlers turn them into what the screen shows.
"""

from __future__ import annotations

from textual.message import Message

from dnnstep.engine.session import RunResult, Session
from dnnstep.engine.step import Step


class IterationLoaded(Message):
    """A worker has the steps of ``iteration`` (``None`` and ``error`` when it failed or
    was cancelled); go to step ``index`` in it, unless ``ahead``: then it was computed
    ahead of the cursor and the cursor stays where it is."""

    def __init__(self, iteration: int, index: int, steps: tuple[Step, ...] | None, error: str = "",
                 *, ahead: bool = False) -> None:
        super().__init__()
        self.iteration, self.index, self.steps, self.error, self.ahead = iteration, index, steps, error, ahead


class RunProgress(Message):
    """A long job's progress: ``done`` of ``total`` (``None``: unknown), said as ``text``."""

    def __init__(self, text: str, done: int, total: int | None) -> None:
        super().__init__()
        self.text, self.done, self.total = text, done, total


class RunFinished(Message):
    """A run-until ended: ``result`` (or ``error``) and what it was looking for."""

    def __init__(self, result: RunResult | None, description: str, error: str = "") -> None:
        super().__init__()
        self.result, self.description, self.error = result, description, error


class AccuracyReady(Message):
    """The train (and test) accuracy at ``iteration``, or why there is none."""

    def __init__(self, iteration: int, value: tuple[float, float | None] | None, error: str = "") -> None:
        super().__init__()
        self.iteration, self.value, self.error = iteration, value, error


class GradcheckDone(Message):
    """A gradient check's report, titled, and whether every element passed."""

    def __init__(self, title: str, text: str, ok: bool) -> None:
        super().__init__()
        self.title, self.text, self.ok = title, text, ok


class DivergenceFound(Message):
    """Where the student's run first departs: ``(iteration, index, what)``, or ``None``."""

    def __init__(self, found: tuple[int, int, str] | None, error: str = "") -> None:
        super().__init__()
        self.found, self.error = found, error


class SessionReady(Message):
    """Another scenario was opened (``session``), or why it could not be (``error``)."""

    def __init__(self, session: Session | None, error: str = "") -> None:
        super().__init__()
        self.session, self.error = session, error

"""What a Course 2 file's run beside the engine has whatever it runs: a model's training
(:class:`~dnnstep.homework.course2.student_run.Course2Run`) or the notebook's gradient check
(:class:`~dnnstep.homework.course2.gradient_check_run.GradientCheckRun`).

Both give the app the members of :class:`dnnstep.homework.student_run.StudentRun`; this base holds the
ones they share (the label, the first divergence found once, the process closed); the mismatch masks of
one step are :func:`~dnnstep.homework.comparing.divergence.step_mismatches`, as week 4's.
"""

from __future__ import annotations

import threading
from pathlib import Path

from dnnstep.engine import Session


class RunBeside:
    """A file's run on the session's scenario. Subclasses give ``step``, ``failure``, ``mismatches`` and
    ``_find_divergence``.

    Attributes:
        label: for the panes' titles: the homework's file name.
        functions: the functions the homework defines.
    """

    def __init__(self, path: Path, session: Session, process, homework):
        self.label = path.name
        self.path = path
        self.functions = tuple(homework.defined)
        self._session = session
        self._process = process
        self._homework = homework
        self._lock = threading.RLock()
        self._divergence: tuple[int, int, str] | None | bool = False

    def first_divergence(self) -> tuple[int, int, str] | None:
        """``(iteration, index, what)`` of the first step where the file's run departs, or ``None`` (found once)."""
        with self._lock:
            if self._divergence is False:
                self._divergence = self._find_divergence()
            return self._divergence

    def close(self) -> None:
        """Stop the homework's process."""
        with self._lock:
            self._process.close()

    def _find_divergence(self) -> tuple[int, int, str] | None:
        raise NotImplementedError


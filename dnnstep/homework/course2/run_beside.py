"""What a Course 2 file's run beside the engine has whatever it runs: a model's training
(:class:`~dnnstep.homework.course2.student_run.Course2Run`) or the notebook's gradient check
(:class:`~dnnstep.homework.course2.gradient_check_run.GradientCheckRun`).

Both give the app the members of :class:`dnnstep.homework.student_run.StudentRun`; this base holds the
ones they share (the label, the first divergence found once, the process closed) and the mismatch masks
of one step.
"""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np

from dnnstep.engine import Session, Step
from dnnstep.homework.comparing.divergence import compare_step
from dnnstep.homework.comparing.tolerance import mismatch_mask


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


def step_mismatches(reference: Step, student: Step | None, shown) -> dict[str, np.ndarray]:
    """Per tensor of ``reference``, a boolean mask, True where ``student`` differs; a tensor that matches is left out,
    and so is one outside ``shown`` (what the calls show: not compared). No student step marks every element."""
    if student is None:
        return {name: np.ones(v.shape, dtype=bool) for name, v in reference.tensors.items()}
    return {name: mismatch_mask(reference.tensors[name], student.tensors.get(name))
            for name, diff in compare_step(reference, student).items() if not diff.ok and name in shown}

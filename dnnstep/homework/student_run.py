"""The student's run beside the reference's, for the debugger (``dnnstep --homework PATH``).

    >>> run = open_student_run("my_homework.ipynb", session)
    >>> run.step(0, 7)            # the student's version of session.step(0, 7)
    >>> run.mismatches(0, 7)      # {"dW": mask, ...}: True where the student's value is wrong
    >>> run.first_divergence()    # (iteration, index, "backward 3: dW ...") or None

The student's pipeline runs in the homework's own process (see
:mod:`dnnstep.homework.comparing.pipeline`); iterations are computed when first asked for. Every
method is safe to call from a worker thread.
"""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np

from dnnstep.engine import Session, Step
from dnnstep.engine.training import WEEK4
from dnnstep.homework.checking import backward_edition, start
from dnnstep.homework.comparing.cases import course_network
from dnnstep.homework.comparing.divergence import first_divergence, step_mismatches
from dnnstep.homework.comparing.pipeline import StudentPipeline
from dnnstep.homework.course2.assignments import assignments_of
from dnnstep.homework.reading.source import HomeworkLoadError, course2_only, load_homework
from dnnstep.homework.reporting.report import step_words
from dnnstep.homework.running.process import DEFAULT_TIMEOUT

__all__ = ["HomeworkLoadError", "StudentRun", "open_student_run"]

#: How many iterations ``first_divergence`` compares step by step (as ``dnnstep check`` does).
SEARCH_ITERATIONS = 3


class StudentRun:
    """The student's training run on the session's scenario, step by step.

    Attributes:
        label: for the panes' titles: the homework's file name.
        functions: the graded functions the homework defines (the reference's are used for the rest).
    """

    def __init__(self, path: Path, session: Session, pipeline: StudentPipeline, process, functions):
        self.label = path.name
        self.path = path
        self.functions = tuple(functions)
        self._session = session
        self._pipeline = pipeline
        self._process = process
        self._lock = threading.RLock()
        self._divergence: tuple[int, int, str] | None | bool = False

    def step(self, iteration: int, index: int) -> Step | None:
        """The student's version of ``session.step(iteration, index)``, or ``None`` if it could not be computed."""
        with self._lock:
            run = self._pipeline.run(iteration)
            return None if run is None else run.steps[index]

    def failure(self, iteration: int, index: int) -> str | None:
        """Why the student's step is missing (an exception, a timeout, an earlier failure), or ``None``."""
        with self._lock:
            run = self._pipeline.run(iteration)
            if run is None:
                stopped = self._pipeline.stopped
                return (f"not computed: the student's run stopped at iteration {stopped}: "
                        f"{self._pipeline.stop_reason}")
            return run.failures[index] if run.steps[index] is None else None

    def mismatches(self, iteration: int, index: int) -> dict[str, np.ndarray]:
        """Per tensor of the reference step, a boolean mask (the reference's shape), True where the student differs.

        A tensor that matches is left out; so is one the student's code never showed
        (``dZ`` when its helpers are not used). A wrong shape marks every element.
        """
        with self._lock:
            return step_mismatches(self._session.step(iteration, index), self.step(iteration, index))

    def first_divergence(self) -> tuple[int, int, str] | None:
        """``(iteration, index, what)`` of the first step where the student's run departs, or ``None``.

        Looks through the first ``SEARCH_ITERATIONS`` iterations (or all, if fewer).
        """
        with self._lock:
            if self._divergence is False:
                iterations = min(SEARCH_ITERATIONS, self._session.num_iterations)
                d = first_divergence(self._pipeline, iterations)
                self._divergence = None if d is None else (d.iteration, d.index, step_words(
                    d.label, d.tensors, d.message, d.hints[0].message if d.hints else None))
            return self._divergence

    def close(self) -> None:
        """Stop the homework's process."""
        with self._lock:
            self._process.close()


def open_student_run(path, session: Session, *, timeout: float = DEFAULT_TIMEOUT, data_dir=None) -> StudentRun:
    """Load the homework at ``path`` and get ready to run it on ``session``'s scenario (``data_dir``: ``--data``,
    where the scenarios a message names find the course's data files).

    A file of Course 2 (its assignments' functions) gets a
    :class:`~dnnstep.homework.course2.student_run.Course2Run`: its own ``model`` on a Course 2 scenario.

    Raises:
        HomeworkLoadError: the file cannot be read or loaded, or the scenario's network
            is not the course's (relu hidden layers, sigmoid output), which the student's
            functions cannot train; for a Course 2 file, the scenario is not a run of its
            notebook's model (the message names those that are).
    """
    path = Path(path)
    homework = load_homework(path)
    scenario = session.scenario
    if course2_only(homework.defined) or (scenario.course == 2 and assignments_of(homework.defined)):
        from dnnstep.homework.course2.student_run import open_course2_run

        return open_course2_run(path, homework, session, lambda loaded: start(loaded, timeout), data_dir)
    if session.features != WEEK4 or scenario.mini_batch_size is not None:
        raise HomeworkLoadError(
            f"{path}: this file is week 4's homework (L_model_forward, L_model_backward ...); scenario "
            f"{scenario.name} trains with Course 2's {_course2_features(session)}, which week 4's functions do "
            "not: choose a week-4 scenario (for example five_layer or step_by_step)")
    if not course_network(scenario):
        raise HomeworkLoadError(
            f"scenario {scenario.name}'s hidden layers use {'/'.join(dict.fromkeys(scenario.activations[:-1]))}; "
            "the course's L_model_forward and L_model_backward train relu hidden layers and a sigmoid output: "
            "choose such a scenario (for example five_layer or step_by_step)")
    process = start(homework, timeout)
    pipeline = StudentPipeline(process, scenario, homework.defined, session.steps,
                               backward_edition=backward_edition(process, homework))
    return StudentRun(path, session, pipeline, process, homework.defined)


def _course2_features(session: Session) -> str:
    """What a Course 2 scenario trains with that week 4's pipeline does not, in words."""
    f, s = session.features, session.scenario
    parts = [(f"{f.arithmetic}'s order of operations (no dAL: dZ[L] from A[L] - Y)", f.arithmetic != WEEK4.arithmetic),
             ("dropout", f.dropout), ("L2 regularization", f.l2), (f"{f.optimizer} updates", f.optimizer != "gd"),
             (f"{f.decay} decay", f.decay), ("gradient check", f.check), ("mini-batches", s.mini_batch_size)]
    return ", ".join(words for words, on in parts if on)

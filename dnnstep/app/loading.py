"""What the debugger computes where: on the screen's thread, in a worker, or ahead of time.

The screen must repaint within a frame of a key, so nothing slow may run on its thread.
:class:`LoadingPolicy` decides, from the size of the network and what the Session
already holds, how each iteration and each accuracy figure is obtained:

- ``"ready"``: the Session holds the iteration's steps; move at once.
- ``"here"``: computing it costs less than about 10 ms; compute on the screen's thread.
- ``"worker"``: compute in a thread worker, showing progress, cancellable with escape.

While the user reads an iteration, the next one is computed ahead in a worker
(:meth:`LoadingPolicy.ahead`), so that stepping across iterations costs what stepping
within one does. This module knows nothing of Textual; it is tested on its own.
"""

from __future__ import annotations

from typing import Literal

from dnnstep.engine.session import Session

How = Literal["ready", "here", "worker"]
First = Literal["ready", "now", "after-frame", "worker"]

SLOW_WORK = 2e7
"""Multiply-adds above which computing an iteration moves to a worker (about 10 ms)."""
FIRST_WORK = 10 * SLOW_WORK
"""Up to this, the first iteration is computed on the screen's thread right after the first
frame (a worker would wait on the interpreter lock while Textual finishes starting up);
above it, in a worker."""
AHEAD_HERE = SLOW_WORK / 5
"""Up to this (about 2 ms), the iteration ahead of the cursor is computed on the
screen's thread once the frame is out: a thread worker would cost more, by its start and by
the interpreter lock it shares with the screen (handed over only every few milliseconds)."""
STEP_WORK = 1e5
"""What one step costs in the interpreter, as multiply-adds (about 50 µs): a deep, narrow
network's iteration is slow for its number of steps, not for its arithmetic."""
BIG_DATA = 1e6
"""A network whose largest weight matrix times m exceeds this has its summaries read ahead."""


class LoadingPolicy:
    """How ``session``'s iterations and accuracies are computed (see the module docstring).

    Args:
        session: the Session the app shows.
        comparing: True when a student's run is compared: its steps come from another
            process, so a new iteration is always fetched in a worker.
    """

    def __init__(self, session: Session, *, comparing: bool = False) -> None:
        self.session = session
        self.comparing = comparing
        dims = session.scenario.layer_dims
        self.weights = sum(a * b for a, b in zip(dims, dims[1:]))
        """The network's weights: the multiply-adds of one example's forward pass."""

    # ---------------------------------------------------------------- iterations
    def work(self, iteration: int) -> float:
        """About how many multiply-adds ``session.steps(iteration)`` costs from here."""
        s = self.session
        per_iteration = 3.0 * s.scenario.m * self.weights + STEP_WORK * s.steps_per_iteration
        computed = s.iterations_computed
        if iteration < computed:
            distance = iteration % max(1, s.keyframe_every) + 1  # replayed from a keyframe
        else:
            distance = iteration - computed + 1
        return per_iteration * distance

    def how(self, iteration: int) -> How:
        """How to get ``iteration``'s steps for the cursor."""
        if self.session.cached(iteration) is not None:
            return "ready"
        if self.comparing or self.work(iteration) > SLOW_WORK:
            return "worker"
        return "here"

    def first(self, iteration: int) -> First:
        """How to get the first iteration shown: ``"now"``, before the first frame (quick,
        or a student's run is compared); ``"after-frame"`` on the screen's thread right
        after it (the screen says "computing…" until then); or in a ``"worker"``."""
        if self.session.started or self.session.cached(iteration) is not None:
            return "ready"
        work = self.work(iteration)
        if self.comparing or work <= SLOW_WORK:
            return "now"
        return "worker" if work > FIRST_WORK else "after-frame"

    def ahead(self, iteration: int, index: int) -> int | None:
        """The iteration to compute in a worker while the cursor is at ``(iteration, index)``:
        the next one, or the previous one when the cursor is in the first half of the
        iteration and the previous one is gone; ``None`` when both are at hand."""
        s = self.session
        candidates = [iteration + 1, iteration - 1]
        if index < s.steps_per_iteration // 2:
            candidates.reverse()
        for candidate in candidates:
            if 0 <= candidate < s.num_iterations and s.cached(candidate) is None:
                if candidate < iteration and self.work(candidate) > 4 * SLOW_WORK:
                    continue  # far back: replaying a long stretch is not worth doing unasked
                return candidate
        return None

    def ahead_here(self, iteration: int) -> bool:
        """True when ``iteration`` is cheap enough to compute ahead on the screen's thread."""
        return self.work(iteration) <= AHEAD_HERE

    @property
    def big(self) -> bool:
        """True when a step's summaries are worth reading ahead of the cursor."""
        s = self.session.scenario
        return max(a.size for a in s.parameters.values()) * s.m > BIG_DATA

    # ---------------------------------------------------------------- accuracy
    def accuracy_here(self, iteration: int) -> bool:
        """True when the accuracy at ``iteration`` is cheap enough for the screen's thread:
        a small network whose parameters at ``iteration`` are known or one iteration away."""
        s = self.session.scenario
        examples = s.m + (0 if s.X_test is None else s.X_test.shape[1])
        return examples * self.weights <= SLOW_WORK / 4 and iteration <= self.session.iterations_computed

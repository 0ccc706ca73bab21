"""Moving the cursor to any step: at once, or after a worker has computed its iteration.

:class:`Iterations` is the part of the app that follows ``LoadingPolicy``: ``go`` moves
the Session's cursor when the iteration is at hand, computes a cheap one on the spot,
and hands an expensive one to a worker (progress in the status bar, escape cancels).
While the user reads a step, the neighbouring iteration is computed ahead in another
worker, and what the keys would show is drawn ahead (``drawing_ahead``), so that ``n``,
even across an iteration, finds everything ready.

No key is lost: a move asked for while an iteration is being computed (forty ``n`` sent
in one burst cross several iterations of a big network) is kept, and the moves kept are
made in order once it is there (``move``): each from where the one before left the
cursor, the steps between not drawn (a held key may skip frames, never moves). Escape,
or an iteration that could not be computed, drops them.
"""

from __future__ import annotations

import time
from collections import deque
from typing import TYPE_CHECKING, Callable

from textual import work
from textual.worker import get_current_worker

from dnnstep.app.contents import pane_names, update_change
from dnnstep.app.messages import IterationLoaded, RunProgress
from dnnstep.engine.session import Cancelled
from dnnstep.engine.step import Step

if TYPE_CHECKING:  # pragma: no cover
    from dnnstep.app.app import DnnStepApp

class Iterations:
    """Mixed into ``DnnStepApp``: ``go`` and the workers that compute iterations."""

    _ahead: int | None = None  # the iteration a worker is computing ahead of the cursor
    _queued_run: object | None = None  # a run-until chosen while an iteration was loading
    _loading = 0  # the iteration the "load" worker computes

    _kept_moves: deque | None = None

    def move(self: "DnnStepApp", target: Callable[[], tuple[int, int] | None], heading: int = 1) -> None:
        """Move the cursor to ``target()`` (the step a key asks for, worked out from where
        the cursor is when the move is made): now, or, while an iteration is being computed,
        once it is there, after the moves asked for before it. ``heading``: the way the user
        reads on from there (-1 after ``p``: the step drawn ahead is the one before)."""
        self._heading = heading
        if self._busy == "load":
            if self._kept_moves is None:
                self._kept_moves = deque()
            self._kept_moves.append(target)
            return
        if self._busy:
            return
        place = target()
        if place is not None:
            self.go(*place)

    def _make_kept_moves(self: "DnnStepApp") -> None:
        """Make the moves kept while an iteration was being computed, in order: the ones
        whose iteration is at hand without drawing the steps between; one that needs
        another iteration computed starts that (the rest wait for it again)."""
        kept = self._kept_moves
        moved = False
        while kept and not self._busy:
            place = kept.popleft()()
            if place is None:
                continue
            if self.policy.how(place[0]) == "ready" and self.session.place(*place) is not None:
                moved = True
                continue
            if moved:
                self._moved()
                moved = False
            self.go(*place)
        if moved:
            self._moved()

    def _drop_kept_moves(self: "DnnStepApp") -> None:
        if self._kept_moves:
            self._kept_moves.clear()

    def go(self: "DnnStepApp", iteration: int, index: int) -> None:
        """Move the cursor to ``(iteration, index)``, computing the iteration in a worker if slow."""
        if self._busy:
            return
        how = self.policy.how(iteration)
        if how == "ready" and self.session.place(iteration, index) is not None:
            self._moved()
        elif how != "worker":
            self.session.goto(iteration, index=index)
            self._refresh_costs()
            self._moved()
        else:
            self._start_loading(iteration, index, f"computing iteration {iteration}… escape cancels")
            self._load_iteration(iteration, index)

    def _start_loading(self: "DnnStepApp", iteration: int, index: int, text: str) -> None:
        self._busy = "load"
        self._loading = iteration
        self._cancel.clear()
        self._show_run(text, 0, None)
        self._refresh_bindings_if_changed()

    def _load_first_iteration(self: "DnnStepApp") -> None:
        """At start-up, when the first iteration is not computed yet: compute it right after
        the first frame (on the screen's thread if that is quick enough, else in a worker)."""
        iteration, index = self.position
        in_worker = self.policy.first(iteration) == "worker"
        self._start_loading(iteration, index, f"computing iteration {iteration}…" + (" escape cancels" if in_worker else ""))
        self._show_pending()
        if in_worker:
            self.call_after_refresh(self._load_iteration, iteration, index)
        else:
            # after the first frame, as a message of the app's own (not inside the
            # screen's after-refresh callbacks, whose repaints wait for the next event)
            self.call_after_refresh(self.call_later, self._load_first, iteration, index)

    def _load_first(self: "DnnStepApp", iteration: int, index: int) -> None:
        try:
            steps = self.session.steps(iteration)
        except Exception as exc:  # the engine's message, shown to the user
            self.on_iteration_loaded(IterationLoaded(iteration, index, None, str(exc)))
            return
        self.on_iteration_loaded(IterationLoaded(iteration, index, steps))

    @work(thread=True, exclusive=True, group="load")
    def _load_iteration(self: "DnnStepApp", iteration: int, index: int) -> None:
        worker = get_current_worker()
        last = [0.0]

        def progress(done: int, total: int) -> None:
            now = time.monotonic()
            if now - last[0] > 0.1:
                last[0] = now
                self.post_message(RunProgress(f"computing iteration {iteration}… escape cancels", done, total))

        try:
            steps = self.session.steps(
                iteration, progress=progress, should_stop=lambda: self._cancel.is_set() or worker.is_cancelled
            )
        except Cancelled:
            self.post_message(IterationLoaded(iteration, index, None, "cancelled"))
            return
        except Exception as exc:  # the engine's message, shown to the user
            self.post_message(IterationLoaded(iteration, index, None, str(exc)))
            return
        if self.student is not None:
            try:
                self.student.step(iteration, index)  # the student's run of that iteration, ahead
            except Exception:
                pass  # the panes will show the student's failure text
        self._read_summaries(steps[index:index + 1], worker)
        self.post_message(IterationLoaded(iteration, index, steps))

    def on_iteration_loaded(self: "DnnStepApp", message: IterationLoaded) -> None:
        if message.ahead:
            self._ahead = None
            self._refresh_costs()
            if not self._busy and message.steps is not None:
                # The cost history grew, but the screen shows it at the next move: a repaint
                # now would land in the middle of the next keypress.
                self.call_after_refresh(self._compute_ahead)
            return
        self._busy = None
        self._show_run(None)
        if message.steps is None:
            self._drop_kept_moves()
            self.notify(
                f"Iteration {message.iteration} was not computed: {message.error}.",
                severity="warning" if message.error == "cancelled" else "error",
            )
            if not self.loaded:
                self._show_pending(message.error)
            self._refresh_bindings_if_changed()
            self._queued_run = None
            return
        self._refresh_costs()
        if self.session.place(message.iteration, message.index) is None:
            self.session.goto(message.iteration, index=message.index)  # pushed out meanwhile: recompute
        if self._settle_pending:
            self.set_timer(0.1, self._settle)  # start-up's collection, once this frame is out
        self._moved()
        self._make_kept_moves()
        queued, self._queued_run = self._queued_run, None
        if queued is not None and not self._busy:
            self.run_until(queued)
        elif queued is not None:
            self._queued_run = queued

    def on_run_progress(self: "DnnStepApp", message: RunProgress) -> None:
        if self._busy:
            self._show_run(message.text, message.done, message.total)

    # ------------------------------------------------------------------ ahead of the cursor
    def _after_show(self: "DnnStepApp") -> None:
        """Once a step is on screen: compute the neighbouring iteration (in a worker when it
        is slow), and draw ahead what the keys would show, while the user reads."""
        self._compute_ahead()  # first: a small network's next iteration is then at hand to predraw
        self._make_slots()
        self._predraw_next()

    _slots_made = False

    def _make_slots(self: "DnnStepApp") -> None:
        """Once the first iteration is at hand: make as many panes as its largest step shows
        (an Adam update's twenty-odd), put away, so that no step's key mounts panes."""
        steps = None if self._slots_made or not self.loaded else self.session.cached(self.position[0])
        if steps:
            self._slots_made = True
            self._grid.make_slots(max(len(pane_names(step, compare=self.student is not None)) for step in steps))

    def _compute_ahead(self: "DnnStepApp") -> None:
        """Start computing the iteration the user is likely to reach next, if it is not at hand."""
        if self._busy or self._ahead is not None or not self.loaded or not self.is_running:
            return
        target = self.policy.ahead(*self.position)
        if target is None:
            return
        self._ahead = target
        if not self.policy.ahead_here(target):
            self._ahead_worker(target)
            return
        try:  # a small network: here, after the frame, quicker than a worker's start
            steps = self.session.steps(target)
        except Exception as exc:  # the engine's message: the cursor will say it when it gets there
            self.on_iteration_loaded(IterationLoaded(target, 0, None, str(exc), ahead=True))
            return
        self.on_iteration_loaded(IterationLoaded(target, 0, steps, ahead=True))

    @work(thread=True, exclusive=True, group="ahead")
    def _ahead_worker(self: "DnnStepApp", iteration: int) -> None:
        worker = get_current_worker()
        try:
            steps = self.session.steps(iteration, should_stop=lambda: worker.is_cancelled)
        except Exception as exc:  # cancelled, or the engine's message: the cursor will say it
            self.post_message(IterationLoaded(iteration, 0, None, str(exc), ahead=True))
            return
        self._read_summaries(steps, worker)
        self.post_message(IterationLoaded(iteration, 0, steps, ahead=True))

    def _read_summaries(self: "DnnStepApp", steps: tuple[Step, ...], worker) -> None:
        """Read the summaries of a big network's arrays (and work out each update's ΔW) here,
        in the worker, not on the screen's thread."""
        if not self.policy.big:
            return
        for step in steps:
            for array in step.tensors.values():
                if worker.is_cancelled:
                    return
                self._summaries.get(array)
            if step.phase == "update":  # ΔW = W after − W before, worked out for its pane
                update_change(step, self._summaries, self._differences, None)

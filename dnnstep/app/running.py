"""Work that runs on: run-until, the accuracy at an iteration, and the gradient check.

:class:`Running` is mixed into the app. Each job runs in a thread worker and posts one
message back; the status bar shows it while it works, and says afterwards how it ended.
"""

from __future__ import annotations

import threading
import time
from typing import TYPE_CHECKING, Any

from textual import work
from textual.worker import get_current_worker

from dnnstep.app.messages import AccuracyReady, GradcheckDone, RunFinished, RunProgress
from dnnstep.engine.predict import accuracy
from dnnstep.engine.session import Cancelled

if TYPE_CHECKING:  # pragma: no cover
    from dnnstep.app.app import DnnStepApp

PENDING = "accuracy …"


def describe(condition: Any) -> str:
    """What a run-until condition looks for, for people, with its bound when it has one
    (``a gradient norm exceeds 1000``)."""
    text = getattr(condition, "description", None) or getattr(condition, "__name__", "the condition")
    bound = getattr(condition, "bound", None)
    if isinstance(bound, (int, float)) and text.endswith(" a bound"):
        text = f"{text.removesuffix(' a bound')} {bound:g}"
    return text


def sentence_case(reason: str) -> str:
    """``reason`` to follow a colon: its first word lower-cased when it is an ordinary one
    (``The cost rose`` -> ``the cost rose``; ``NaN``, ``||dW[3]||``, ``J`` stay)."""
    first = reason.split(" ", 1)[0]
    return reason[:1].lower() + reason[1:] if first.isalpha() and first[1:].islower() else reason


def ended_forms(title: str, description: str, iteration: int, back: tuple[int, str], cancelled: bool) -> list[str]:
    """What the status row says when a run-until ends without finding its condition, the
    longest first, each keeping the iteration it reached and where the cursor is."""
    where = f"iteration {back[0]}, {back[1]}"
    reached = f"in iteration {iteration}" if cancelled else f"at iteration {iteration}"
    return [
        f"{title} {reached} without finding where {description}; the cursor is back at {where}.",
        f"{title} {reached} without finding where {description}; back at {where}.",
        f"{title} {reached}, not found; back at {where}.",
    ]


class Running:
    """Mixed into ``DnnStepApp``: run-until, accuracy and the gradient check."""

    last_result = None
    """The RunResult of the last run-until (``None`` before the first one ends)."""
    _accuracy_timer = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._cancel = threading.Event()
        self._accuracy: dict[int, tuple[float, float | None] | str] = {}

    # ------------------------------------------------------------------ run until
    def action_run_until(self: "DnnStepApp") -> None:
        from dnnstep.app.screens.run_until import RunUntilScreen

        self.push_screen(RunUntilScreen(), self.run_until)

    def run_until(self: "DnnStepApp", condition: Any) -> None:
        """Run from the current step until ``condition`` holds, in a worker. Chosen while an
        iteration is being computed, the run starts once it is there (and says so)."""
        if condition is None:
            return
        description = describe(condition)
        if self._busy == "load":
            self._queued_run = condition
            self.notify(f"The run until {description} starts once iteration {self._loading} is computed.",
                        title="Run until")
            return
        if self._busy:
            self.notify(f"Busy {'running' if self._busy == 'run' else 'opening a scenario'}: "
                        f"the run until {description} did not start.", severity="warning")
            return
        self._busy = "run"
        self._cancel.clear()
        self._show_run(f"running until {description}… escape cancels", 0, None)
        self._refresh_bindings_if_changed()
        self._run_worker(condition, description, self.position)

    @work(thread=True, exclusive=True, group="run")
    def _run_worker(self: "DnnStepApp", condition: Any, description: str, start: tuple[int, int]) -> None:
        worker = get_current_worker()
        last = [0.0]

        def should_stop() -> bool:
            return self._cancel.is_set() or worker.is_cancelled

        def progress(done: int, total: int) -> None:
            now = time.monotonic()
            if now - last[0] > 0.1 or done == total:
                last[0] = now
                self.post_message(RunProgress(
                    f"running until {description}: iteration {start[0] + done} · {done} of {total} · escape cancels",
                    done, total,
                ))

        try:
            self.session.goto(start[0], index=start[1], should_stop=should_stop)
            result = self.session.run_until(condition, progress=progress, should_stop=should_stop)
        except Cancelled:
            self.post_message(RunFinished(None, description, "cancelled"))
            return
        except Exception as exc:
            self.post_message(RunFinished(None, description, f"{type(exc).__name__}: {exc}"))
            return
        if not result.found and not result.cancelled:
            self.session.goto(start[0], index=start[1])  # nothing found: back where the run began
        self.post_message(RunFinished(result, description))

    def on_run_finished(self: "DnnStepApp", message: RunFinished) -> None:
        self._busy = None
        self._show_run(None)
        result = self.last_result = message.result
        self._refresh_costs()
        if result is None:
            text = (f"Run until {message.description} cancelled." if message.error == "cancelled"
                    else f"The run until {message.description} failed: {message.error}")
            self.notify(text, severity="warning")
            self._refresh_bindings_if_changed()
            return
        if result.found:
            forms = [f"Stopped: {sentence_case(result.reason)}"]
        else:
            forms = ended_forms("Run cancelled" if result.cancelled else "Run ended", message.description,
                                result.searched_to, (self.position[0], self._label(self.position[1])),
                                cancelled=result.cancelled)
        self.notify(forms[0], severity="warning" if result.found else "information", timeout=8)
        self._moved()
        self._message = forms[0]
        self._show_message(forms)

    def action_cancel(self: "DnnStepApp") -> None:
        if self._busy in ("run", "load"):
            self._drop_kept_moves()
            self._cancel.set()
            self._show_run("cancelling…", 0, None)

    # ------------------------------------------------------------------ accuracy
    def _want_accuracy(self: "DnnStepApp", iteration: int) -> None:
        """Know the accuracy at ``iteration``: at once for a small net; for a big one, in a
        worker once the keys have been quiet for half a second (so that the worker never
        holds the Session while the user is stepping)."""
        known = self._accuracy.get(iteration)
        if (known is not None and known != PENDING) or self._busy:
            return
        if self.policy.accuracy_here(iteration):
            self._accuracy[iteration] = self._compute_accuracy(iteration)
            return
        self._accuracy[iteration] = PENDING
        if self._accuracy_timer is not None:
            self._accuracy_timer.stop()
        self._accuracy_timer = self.set_timer(0.5, lambda: self._accuracy_worker(iteration))

    def _accuracy_parts(self, iteration: int) -> list[str]:
        """The status line's words for the accuracy at ``iteration`` (none when unknown)."""
        known = self._accuracy.get(iteration)
        if isinstance(known, tuple):
            train, test = known
            return [f"train {train:.1%}" + (f" test {test:.1%}" if test is not None else "")]
        return [known] if isinstance(known, str) else []

    def _compute_accuracy(self: "DnnStepApp", iteration: int) -> tuple[float, float | None] | str:
        try:
            return accuracy(self.session, iteration)
        except Exception as exc:
            return f"accuracy unavailable ({exc})"

    @work(thread=True, exclusive=True, group="accuracy")
    def _accuracy_worker(self: "DnnStepApp", iteration: int) -> None:
        if self.position[0] != iteration:
            self._accuracy.pop(iteration, None)
            return
        value = self._compute_accuracy(iteration)
        self.post_message(AccuracyReady(iteration, value if isinstance(value, tuple) else None,
                                        value if isinstance(value, str) else ""))

    def on_accuracy_ready(self: "DnnStepApp", message: AccuracyReady) -> None:
        self._accuracy[message.iteration] = message.value if message.value is not None else message.error
        self._refresh_costs()  # the accuracy may have trained further
        if message.iteration == self.position[0]:
            self._show_where()

    # ------------------------------------------------------------------ gradient check
    def action_gradcheck(self: "DnnStepApp") -> None:
        iteration, layer = self.position[0], self.step.layer
        self._show_run(f"checking the gradients of layer {layer} at iteration {iteration}…", 0, None)
        self._gradcheck_worker(iteration, layer)

    @work(thread=True, exclusive=True, group="gradcheck")
    def _gradcheck_worker(self: "DnnStepApp", iteration: int, layer: int) -> None:
        from dnnstep.engine.gradcheck import gradcheck_layer

        title = f"Gradient check · layer {layer} · iteration {iteration}"
        try:
            result = gradcheck_layer(self.session, iteration, layer)
        except Exception as exc:
            self.post_message(GradcheckDone(title, f"The gradient check could not run: {exc}", False))
            return
        self.post_message(GradcheckDone(title, result.summary(), bool(result.ok)))

    def on_gradcheck_done(self: "DnnStepApp", message: GradcheckDone) -> None:
        from dnnstep.app.screens.report import ReportScreen

        if not self._busy:
            self._show_run(None)
        self.push_screen(ReportScreen(message.title, message.text, ok=message.ok))

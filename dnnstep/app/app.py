"""The debugger app: one step cursor, the widgets that show it, and the keys that move it.

``DnnStepApp(source, student=None, data_dir=None)`` takes a Scenario or a Session.
The app's only state about where you are is the reactive ``position = (iteration,
index)``; every widget is told what to show from it (attributes down), and widgets that
are clicked post a message the app turns into a move (messages up). The app reads Steps
from the Session; it never does the network's maths.

Work that can take a while (another iteration of a big network, a run-until, a gradient
check, accuracy on a big net) runs in a thread worker that posts one message back.
"""

from __future__ import annotations

import gc
import threading
import time
from collections import OrderedDict
from pathlib import Path
from typing import Any

from textual import events, work
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.reactive import var
from textual.screen import Screen
from textual.widgets import Footer, Static
from textual.worker import get_current_worker

from dnnstep.app import features
from dnnstep.app.contents import DifferenceCache, pane_contents
from dnnstep.app.jump import parse_jump
from dnnstep.app.values import SummaryCache
from dnnstep.app.widgets.formula_pane import FormulaPane
from dnnstep.app.widgets.network_map import NetworkMap
from dnnstep.app.widgets.status_bar import StatusBar
from dnnstep.app.widgets.step_list import StepList
from dnnstep.app.widgets.tensor_grid import TensorGrid
from dnnstep.app.widgets.tensor_pane import PaneContent
from dnnstep.engine.session import Cancelled, RunResult, Session
from dnnstep.engine.step import Step, step_index, step_place
from dnnstep.engine.formulas import shapes_of, step_formulas

MIN_SIZE = (80, 24)
PENDING = "accuracy …"

HELP = {
    "next": "next step (after the last update: the next iteration)",
    "previous": "previous step (dimmed at the very first step)",
    "cost": "the cost step of this iteration",
    "backward": "the first backward step (layer L)",
    "update": "the first update step (layer 1)",
    "next_iteration": "the same step in the next iteration",
    "previous_iteration": "the same step in the previous iteration",
    "goto": "go to a step: 7, backward 2, or ITERATION:STEP such as 40:cost",
    "run_until": "run until NaN/Inf, a dead ReLU layer, a gradient bound, the cost rising",
    "heat": "heat map of the values on/off",
    "gradcheck": "gradient check of this layer's dW and db",
    "export": "export this step's tensors to an .npz file",
    "screenshot": "save the screen as an SVG file",
    "divergence": "where the student's run first departs (dnnstep --homework)",
    "examples": "the examples as pictures (image scenarios)",
    "help": "this help",
    "quit": "quit",
}
SLOW_WORK = 2e7
"""Multiply-adds above which rebuilding an iteration moves to a worker (about 10 ms)."""
FIRST_WORK = 10 * SLOW_WORK
"""Up to this, the first iteration is computed on the screen's thread right after the first
frame (a worker would wait on the interpreter lock while Textual finishes starting up);
above it, in a worker."""
PREDRAW_SIZE = 200_000
"""Arrays above this many elements are predrawn only once their summary is cached."""


class IterationLoaded(Message):
    """A worker has the steps of ``iteration``; go to ``index`` in it."""

    def __init__(self, iteration: int, index: int, steps: tuple[Step, ...] | None, error: str = "") -> None:
        super().__init__()
        self.iteration, self.index, self.steps, self.error = iteration, index, steps, error


class RunProgress(Message):
    def __init__(self, text: str, done: int, total: int | None) -> None:
        super().__init__()
        self.text, self.done, self.total = text, done, total


class RunFinished(Message):
    """A run-until ended: ``result`` (or ``error``) and what it was looking for."""

    def __init__(self, result: RunResult | None, description: str, error: str = "") -> None:
        super().__init__()
        self.result, self.description, self.error = result, description, error


class AccuracyReady(Message):
    def __init__(self, iteration: int, value: tuple[float, float | None] | None, error: str = "") -> None:
        super().__init__()
        self.iteration, self.value, self.error = iteration, value, error


class GradcheckDone(Message):
    def __init__(self, title: str, text: str, ok: bool) -> None:
        super().__init__()
        self.title, self.text, self.ok = title, text, ok


class DivergenceFound(Message):
    def __init__(self, found: tuple[int, int, str] | None, error: str = "") -> None:
        super().__init__()
        self.found, self.error = found, error


class SessionReady(Message):
    def __init__(self, session: Session | None, error: str = "") -> None:
        super().__init__()
        self.session, self.error = session, error


class DnnStepApp(App[int]):
    """The step-through debugger (see the module docstring and docs/app.md)."""

    CSS_PATH = Path(__file__).with_name("app.tcss")
    TITLE = "dnnstep"
    COMMAND_PALETTE_BINDING = "ctrl+p"

    BINDINGS = [
        Binding("n,right", "next", "Next", tooltip="Next step"),
        Binding("p,left", "previous", "Prev", tooltip="Previous step"),
        Binding("c", "cost", "Cost", tooltip="The cost step of this iteration"),
        Binding("b", "backward", "Backward", tooltip="The first backward step (layer L)"),
        Binding("u", "update", "Update", tooltip="The first update step (layer 1)"),
        Binding("right_square_bracket", "next_iteration", "Next it", key_display="]"),
        Binding("left_square_bracket", "previous_iteration", "Prev it", key_display="["),
        Binding("colon,ctrl+g", "goto", "Go to", key_display=":"),
        Binding("r", "run_until", "Run until"),
        Binding("h", "heat", "Heat map"),
        Binding("g", "gradcheck", "Grad check", show=False),
        Binding("e", "export", "Export step", show=False),
        Binding("s,ctrl+s", "screenshot", "Save SVG", show=False),
        Binding("d", "divergence", "Divergence"),
        Binding("i", "examples", "Examples"),
        Binding("question_mark", "help", "Help", key_display="?"),
        Binding("q", "quit", "Quit"),
        Binding("escape", "cancel", "Cancel"),
    ]

    # ``var``: a change runs the watcher, which tells each widget what changed; a plain
    # ``reactive`` on the App would also repaint the whole screen on every step.
    position: var[tuple[int, int]] = var((0, 0), init=False)
    heat: var[bool] = var(False, init=False)

    def __init__(self, source: Any, *, student: Any = None, data_dir: str | Path | None = None,
                 output_dir: str | Path | None = None) -> None:
        super().__init__()
        self.session: Session = source if isinstance(source, Session) else Session(source)
        self.student = student
        self.data_dir = data_dir
        self.output_dir = Path(output_dir) if output_dir is not None else Path.cwd()
        self._iterations: OrderedDict[int, tuple[Step, ...]] = OrderedDict()
        self._summaries = SummaryCache()
        self._differences = DifferenceCache()
        self._accuracy: dict[int, tuple[float, float | None] | str] = {}
        self._divergence: tuple[int, int, str] | None | bool = False  # False: not asked yet
        self._busy: str | None = None  # "run", "load" or "open" while a worker owns the session
        self._cancel = threading.Event()
        self._message = ""
        self._accuracy_timer = None
        self.last_result: RunResult | None = None
        self.last_saved: Path | None = None
        start = self.session.position  # never computes a step
        if self.student is not None or self._rebuild_work(start[0]) <= SLOW_WORK:
            self._remember(start[0], self.session.steps(start[0]))
        # else: a big network's first iteration is computed once the first frame is on
        # screen (see on_mount); until then the panes say so.
        self._refresh_costs()
        self.set_reactive(DnnStepApp.position, start)

    # ------------------------------------------------------------------ layout
    def compose(self) -> ComposeResult:
        scenario = self.session.scenario
        with Vertical(id="main-area"):
            yield StatusBar(id="status")
            yield NetworkMap(scenario.layer_dims, scenario.activations, id="map")
            with Horizontal(id="body"):
                yield StepList(self._step_labels(), id="steps")
                with Vertical(id="work"):
                    yield FormulaPane(id="formula")
                    yield TensorGrid(compare=self.student is not None, id="tensors")
        yield Static(
            f"dnnstep needs a terminal of at least {MIN_SIZE[0]} x {MIN_SIZE[1]}.\n"
            "Make the window larger, or press q to quit.",
            id="too-small",
        )
        yield Footer(compact=True)

    def on_mount(self) -> None:
        if self.student is not None:
            self._find_divergence()
        self._status = self.query_one(StatusBar)
        self._map = self.query_one(NetworkMap)
        self._steps_list = self.query_one(StepList)
        self._formula = self.query_one(FormulaPane)
        self._grid = self.query_one(TensorGrid)
        self._fit(self.size.width, self.size.height)
        if self._loaded():
            self._show()
        else:
            iteration, index = self.position
            self._busy = "load"
            self._cancel.clear()
            in_worker = self._rebuild_work(iteration) > FIRST_WORK
            self._status.show_run(f"computing iteration {iteration}…" + (" escape cancels" if in_worker else ""), 0, None)
            self._show_pending()
            if not in_worker:
                # after the first frame, as a message of the app's own (not inside the
                # screen's after-refresh callbacks, whose repaints wait for the next event)
                self.call_after_refresh(self.call_later, self._load_first, iteration, index)
            else:
                self.call_after_refresh(self._load_iteration, iteration, index)
        self.call_after_refresh(self._focus_first_pane)
        self.call_after_refresh(self._settle)

    def _settle(self) -> None:
        """After the first frame: move start-up's objects out of the garbage collector's
        sight (a full collection over Textual's many objects otherwise stalls a keypress
        every few steps, a 50-70 ms spike; ``gc.freeze`` leaves them out of every scan),
        then read the summaries of a big network's first iteration ahead of the cursor.
        While the first iteration is still being computed, this waits for it (a full
        collection now would hold the worker up)."""
        if not self._loaded():
            self._settle_pending = True
            return
        self._settle_pending = False
        gc.collect()
        gc.freeze()
        if self._is_big():
            self._prefetch_summaries(self._iterations[self.position[0]])

    _settle_pending = False

    def on_unmount(self) -> None:
        gc.unfreeze()  # the app's objects go back to the collector when it ends

    def _focus_first_pane(self) -> None:
        for pane_name in self._grid.shown:
            self._grid.panes[pane_name].focus()
            return

    def on_resize(self, event: events.Resize) -> None:
        self._fit(event.size.width, event.size.height)

    def _fit(self, width: int, height: int) -> None:
        main = self.screen_stack[0] if self.screen_stack else self.screen  # not a dialog on top
        main.set_class(width < MIN_SIZE[0] or height < MIN_SIZE[1], "-too-small")
        if hasattr(self, "_formula"):
            self._formula.set_compact(height < 46)

    # ------------------------------------------------------------------ the cursor
    @property
    def step(self) -> Step:
        """The step the cursor is on (once its iteration is loaded: see ``_loaded``)."""
        iteration, index = self.position
        return self._iterations[iteration][index]

    def _loaded(self) -> bool:
        """True when the cursor's iteration is on screen (False while a big network's
        first iteration is still being computed at start-up)."""
        return self.position[0] in self._iterations

    def _label(self, index: int) -> str:
        """The label of step ``index`` (``"backward 3"``), known before any step is computed."""
        phase, layer = step_place(self.session.L, index)
        return "cost" if phase == "cost" else f"{phase} {layer}"

    def _show_pending(self, why: str = "") -> None:
        """What the screen shows while the cursor's iteration is being computed (or,
        with ``why``, after computing it failed or was cancelled)."""
        iteration, index = self.position
        phase, layer = step_place(self.session.L, index)
        activation = self.session.scenario.activations[layer - 1] if phase in ("forward", "backward") else None
        title = self._label(index) + (f" · g = {activation}" if activation else "")
        self._formula.show(title, step_formulas(phase, layer, activation, {}, self.session.L))
        text = (f"Iteration {iteration} was not computed ({why}). A step key computes it again."
                if why else f"Computing iteration {iteration} of {self.session.scenario.name}: "
                            "the values appear here when it is ready.")
        self._grid.show({"A_prev": PaneContent(f"iteration {iteration}", missing=text)}, self.heat)
        self._steps_list.set_current(index)
        self._map.current = (phase, layer)
        self._status.show_where(self._where_text())
        self._status.show_costs(self._costs)
        self._refresh_bindings_if_changed()

    def _refresh_costs(self) -> None:
        """Read the Session's cost history (under its lock): only when no worker may be
        holding the Session, i.e. after the main thread or a finished worker computed."""
        self._costs = self.session.cost_history

    def _remember(self, iteration: int, steps: tuple[Step, ...]) -> None:
        known = iteration in self._iterations
        self._iterations[iteration] = steps
        self._iterations.move_to_end(iteration)
        while len(self._iterations) > 4:
            self._iterations.popitem(last=False)
        if not known and self.is_running and self._is_big() and not self._settle_pending:
            # after the frame: the step on show reads its own summaries first
            self.call_after_refresh(self._prefetch_summaries, steps)

    def _is_big(self) -> bool:
        return max(a.size for a in self.session.scenario.parameters.values()) * self.session.scenario.m > 1e6

    @work(thread=True, exclusive=True, group="prefetch")
    def _prefetch_summaries(self, steps: tuple[Step, ...]) -> None:
        """Read the summaries of an iteration's big arrays ahead of the cursor."""
        worker = get_current_worker()
        for step in steps:
            for array in step.tensors.values():
                if worker.is_cancelled:
                    return
                self._summaries.get(array)

    def watch_position(self) -> None:
        if self._message:
            self._message = ""
            self._status.show_message("")
        self._show()

    def watch_heat(self, heat: bool) -> None:
        self._grid.set_heat(heat)

    def _show(self) -> None:
        """Tell every widget what to show for the current position."""
        iteration, index = self.position
        session = self.session
        L = session.L
        step = self.step
        student_step = failure = None
        mismatches: dict = {}
        compare = self.student is not None
        if compare:
            student_step = self.student.step(iteration, index)
            failure = self.student.failure(iteration, index)
            mismatches = self.student.mismatches(iteration, index) or {}
        shown = student_step if student_step is not None else step
        shapes = shapes_of(step.tensors)
        shapes.update(shapes_of(shown.tensors))
        title = f"{step.label}" + (f" · g = {step.activation}" if step.activation else "")
        self._formula.show(title, step_formulas(step.phase, step.layer, step.activation, shapes, L))
        self._grid.show(
            pane_contents(step, L, self._summaries, student=student_step, compare=compare, failure=failure,
                          mismatches=mismatches, differences=self._differences),
            self.heat,
        )
        self._steps_list.set_current(index)
        self._steps_list.set_marks(self._marks(iteration))
        self._map.current = (step.phase, step.layer)
        self._status.show_where(self._where_text())
        self._status.show_costs(self._costs)
        self._want_accuracy(iteration)
        self._refresh_bindings_if_changed()
        self.call_after_refresh(self._predraw_next)

    def _predraw_next(self) -> None:
        """Once this step is on screen, draw the next step's panes into their frame cache
        (``n`` is the key pressed most), so that showing it is mostly cache hits. Only from
        cached data: never computes an iteration or a big array's summary here."""
        if self._busy or self.student is not None or not self._loaded() or not self.is_running:
            return
        iteration, index = self.position
        if index + 1 >= self.session.steps_per_iteration:
            return
        step = self._iterations[iteration][index + 1]
        summaries = self._summaries
        if any(a.size > PREDRAW_SIZE and not summaries.has(a) for a in step.tensors.values()):
            return
        self._grid.predraw(pane_contents(step, self.session.L, summaries, differences=self._differences), self.heat)

    def _refresh_bindings_if_changed(self) -> None:
        """Ask the footer to redraw only when a key's state changes (it rebuilds itself)."""
        state = tuple(self.check_action(a, ()) for a in self._CHECKED)
        if state != self._binding_state:
            self._binding_state = state
            self.refresh_bindings()

    _CHECKED = ("next", "previous", "next_iteration", "previous_iteration", "divergence", "cancel", "goto")
    _binding_state: tuple = ()

    def _where_text(self) -> str:
        iteration, index = self.position
        s = self.session
        parts = [
            s.scenario.name,
            f"iteration {iteration} of {s.num_iterations - 1}",
            f"step {index} of {s.steps_per_iteration - 1}: {self._label(index)}",
        ]
        costs = self._costs
        if iteration < len(costs):
            parts.append(f"J = {costs[iteration]:.6g}")
        accuracy = self._accuracy.get(iteration)
        if isinstance(accuracy, tuple):
            train, test = accuracy
            parts.append(f"train {train:.1%}" + (f" test {test:.1%}" if test is not None else ""))
        elif isinstance(accuracy, str):
            parts.append(accuracy)
        if self.student is not None:
            parts.append(f"student: {self.student.label}")
        return " · ".join(parts)

    def _marks(self, iteration: int) -> dict[int, str]:
        first = self._first_divergence()
        if first and first[0] == iteration:
            return {first[1]: "✗"}
        return {}

    def _first_divergence(self) -> tuple[int, int, str] | None:
        """The student's first divergence, once the worker has found it (else ``None``)."""
        if self.student is None or self._divergence is False:
            return None
        return self._divergence  # type: ignore[return-value]

    @work(thread=True, exclusive=True, group="divergence")
    def _find_divergence(self) -> None:
        try:
            found = self.student.first_divergence()
        except Exception as exc:  # the homework floor's message, shown to the user
            self.post_message(DivergenceFound(None, f"could not compare: {exc}"))
            return
        self.post_message(DivergenceFound(found))

    def on_divergence_found(self, message: DivergenceFound) -> None:
        self._divergence = message.found
        if message.error:
            self.notify(message.error, severity="error")
        elif message.found is None:
            self.notify("The student's run matches the reference.", title="Homework")
        else:
            iteration, index, what = message.found
            label = self._label(index)
            where = what if str(what).startswith(str(label)) else f"{label}: {what}"
            self.notify(f"First divergence at iteration {iteration}, {where}. Press d to go there.",
                        title="Homework", severity="warning", timeout=10)
        self._steps_list.set_marks(self._marks(self.position[0]))
        self._refresh_bindings_if_changed()

    def _step_labels(self) -> list[str]:
        return [self._label(index) for index in range(self.session.steps_per_iteration)]

    # ------------------------------------------------------------------ moving
    def go(self, iteration: int, index: int) -> None:
        """Move the cursor to ``(iteration, index)``, loading the iteration in a worker if slow."""
        if self._busy:
            return
        if iteration in self._iterations:
            self._iterations.move_to_end(iteration)
            self.position = (iteration, index)
        elif self.student is None and self._rebuild_work(iteration) <= SLOW_WORK:
            self._remember(iteration, self.session.steps(iteration))
            self._refresh_costs()
            self.position = (iteration, index)
        else:
            self._busy = "load"
            self._cancel.clear()
            self._status.show_run(f"computing iteration {iteration}… escape cancels", 0, None)
            self._refresh_bindings_if_changed()
            self._load_iteration(iteration, index)

    def _load_first(self, iteration: int, index: int) -> None:
        """The first iteration, computed here once the first frame is on screen."""
        try:
            steps = self.session.steps(iteration)
        except Exception as exc:  # the engine's message, shown to the user
            self.on_iteration_loaded(IterationLoaded(iteration, index, None, str(exc)))
            return
        self.on_iteration_loaded(IterationLoaded(iteration, index, steps))

    def _rebuild_work(self, iteration: int) -> float:
        """About how many multiply-adds ``session.steps(iteration)`` costs from here."""
        s = self.session
        per_iteration = 3.0 * s.scenario.m * self._weights()
        computed = s.iterations_computed
        if iteration < computed:
            distance = iteration % max(1, int(getattr(s, "keyframe_every", 1))) + 1
        else:
            distance = iteration - computed + 1
        return per_iteration * distance

    def _weights(self) -> int:
        """The network's weights: the multiply-adds of one example's forward pass."""
        dims = self.session.scenario.layer_dims
        return sum(a * b for a, b in zip(dims, dims[1:]))

    @work(thread=True, exclusive=True, group="load")
    def _load_iteration(self, iteration: int, index: int) -> None:
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
        elif self._is_big():
            for array in steps[index].tensors.values():  # what the panes show first, read here
                if worker.is_cancelled:
                    break
                self._summaries.get(array)
        self.post_message(IterationLoaded(iteration, index, steps))

    def on_iteration_loaded(self, message: IterationLoaded) -> None:
        self._busy = None
        self._status.show_run(None)
        if message.steps is None:
            self.notify(
                f"Iteration {message.iteration} was not loaded: {message.error}.",
                severity="warning" if message.error == "cancelled" else "error",
            )
            if not self._loaded():
                self._show_pending(message.error)
            self._refresh_bindings_if_changed()
            return
        self._remember(message.iteration, message.steps)
        self._refresh_costs()
        if self._settle_pending:
            # start-up's collection and the read-ahead of summaries (which compete with
            # the screen's thread) once this iteration's first frame is out
            self.set_timer(0.1, self._settle)
        if (message.iteration, message.index) == self.position:
            self._show()  # the first iteration, computed after start-up: same position
        else:
            self.position = (message.iteration, message.index)

    def on_run_progress(self, message: RunProgress) -> None:
        if self._busy:
            self._status.show_run(message.text, message.done, message.total)

    def _index(self, phase: str, layer: int | None = None) -> int:
        return step_index(self.session.L, phase, layer)  # type: ignore[arg-type]

    def action_next(self) -> None:
        iteration, index = self.position
        if index + 1 < self.session.steps_per_iteration:
            self.go(iteration, index + 1)
        elif iteration + 1 < self.session.num_iterations:
            self.go(iteration + 1, 0)

    def action_previous(self) -> None:
        iteration, index = self.position
        if index > 0:
            self.go(iteration, index - 1)
        elif iteration > 0:
            self.go(iteration - 1, self.session.steps_per_iteration - 1)

    def action_cost(self) -> None:
        self.go(self.position[0], self._index("cost"))

    def action_backward(self) -> None:
        self.go(self.position[0], self._index("backward"))

    def action_update(self) -> None:
        self.go(self.position[0], self._index("update"))

    def action_next_iteration(self) -> None:
        iteration, index = self.position
        if iteration + 1 < self.session.num_iterations:
            self.go(iteration + 1, index)

    def action_previous_iteration(self) -> None:
        iteration, index = self.position
        if iteration > 0:
            self.go(iteration - 1, index)

    def action_goto(self) -> None:
        s = self.session

        def check(text: str) -> tuple[int, int]:
            return parse_jump(text, L=s.L, num_iterations=s.num_iterations, iteration=self.position[0])

        def done(target: tuple[int, int] | None) -> None:
            if target is not None:
                self.go(*target)

        from dnnstep.app.screens.prompt import PromptScreen

        self.push_screen(
            PromptScreen(
                "Go to step", check, placeholder=f"0..{3 * s.L}, backward 2, or 40:cost",
                help=f"A step number 0..{3 * s.L} of this iteration, a label (forward 2, cost, backward {s.L}, "
                     f"update 1), or ITERATION:STEP for iterations 0..{s.num_iterations - 1}.",
            ),
            done,
        )

    def on_step_list_step_chosen(self, message: StepList.StepChosen) -> None:
        self.go(self.position[0], message.index)

    def on_network_map_layer_chosen(self, message: NetworkMap.LayerChosen) -> None:
        phase = step_place(self.session.L, self.position[1])[0]
        phase = "forward" if phase == "cost" else phase
        self.go(self.position[0], self._index(phase, message.layer))

    def action_heat(self) -> None:
        self.heat = not self.heat

    def action_help(self) -> None:
        from dnnstep.app.screens.help import HelpScreen

        keys = []
        for binding in self.BINDINGS:
            assert isinstance(binding, Binding)
            if binding.action == "cancel":
                continue
            shown = ", ".join(self.get_key_display(Binding(k, "")) for k in binding.key.split(","))
            keys.append((shown, HELP.get(binding.action, binding.description)))
        extra = [
            ("tab, shift+tab", "move the focus between tensor panes"),
            ("↑ ↓ pgup pgdn", "scroll the focused pane (the mouse wheel too)"),
            ("shift+← shift+→", "scroll the focused pane sideways"),
            ("escape", "cancel a run-until or a long jump"),
            ("ctrl+p", "palette: jumps, runs, open a scenario"),
        ]
        self.push_screen(HelpScreen(keys, extra))

    # ------------------------------------------------------------------ run until
    def action_run_until(self) -> None:
        from dnnstep.app.screens.run_until import RunUntilScreen

        self.push_screen(RunUntilScreen(), self.run_until)

    def run_until(self, condition: Any) -> None:
        """Run from the current step until ``condition`` holds, in a worker."""
        if condition is None or self._busy:
            return
        description = getattr(condition, "description", None) or getattr(condition, "__name__", "the condition")
        self._busy = "run"
        self._cancel.clear()
        self._status.show_run(f"running until {description}… escape cancels", 0, None)
        self._refresh_bindings_if_changed()
        self._run_worker(condition, description, self.position)

    @work(thread=True, exclusive=True, group="run")
    def _run_worker(self, condition: Any, description: str, start: tuple[int, int]) -> None:
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
        self.post_message(RunFinished(result, description))

    def on_run_finished(self, message: RunFinished) -> None:
        self._busy = None
        self._status.show_run(None)
        result = self.last_result = message.result
        if result is None:
            text = "Run cancelled." if message.error == "cancelled" else f"The run failed: {message.error}"
            self.notify(text, severity="warning")
            self._refresh_bindings_if_changed()
            return
        step = result.step
        self._remember(step.iteration, self.session.steps(step.iteration))
        self._refresh_costs()
        severity = "warning" if result.found else "information"
        title = "Stopped" if result.found else ("Cancelled" if result.cancelled else "Run ended")
        self.notify(result.reason, title=title, severity=severity, timeout=8)
        if (step.iteration, step.index) == self.position:
            self._show()
        else:
            self.position = (step.iteration, step.index)
        self._message = f"{title}: {result.reason}"
        self._status.show_message(self._message)

    def action_cancel(self) -> None:
        if self._busy in ("run", "load"):
            self._cancel.set()
            self._status.show_run("cancelling…", 0, None)

    # ------------------------------------------------------------------ accuracy
    def _want_accuracy(self, iteration: int) -> None:
        """Show the accuracy at ``iteration``: at once for a small net; for a big one, in a
        worker once the keys have been quiet for half a second (so that the worker never
        holds the Session while the user is stepping)."""
        known = self._accuracy.get(iteration)
        if (known is not None and known != PENDING) or self._busy or features.accuracy() is None:
            return
        m_total = self.session.scenario.m + (0 if self.session.scenario.X_test is None else self.session.scenario.X_test.shape[1])
        work_size = m_total * self._weights()
        if work_size <= SLOW_WORK / 4 and iteration < self.session.iterations_computed + 1:
            self._accuracy[iteration] = self._compute_accuracy(iteration)
            return
        self._accuracy[iteration] = PENDING
        if self._accuracy_timer is not None:
            self._accuracy_timer.stop()
        self._accuracy_timer = self.set_timer(0.5, lambda: self._accuracy_worker(iteration))

    def _compute_accuracy(self, iteration: int) -> tuple[float, float | None] | str:
        try:
            return features.accuracy()(self.session, iteration)
        except Exception as exc:
            return f"accuracy unavailable ({exc})"

    @work(thread=True, exclusive=True, group="accuracy")
    def _accuracy_worker(self, iteration: int) -> None:
        if self.position[0] != iteration:
            self._accuracy.pop(iteration, None)
            return
        value = self._compute_accuracy(iteration)
        self.post_message(AccuracyReady(iteration, value if isinstance(value, tuple) else None,
                                        value if isinstance(value, str) else ""))

    def on_accuracy_ready(self, message: AccuracyReady) -> None:
        self._accuracy[message.iteration] = message.value if message.value is not None else message.error
        self._refresh_costs()  # the accuracy may have trained further
        if message.iteration == self.position[0]:
            self._status.show_where(self._where_text())
            self._status.show_costs(self._costs)

    # ------------------------------------------------------------------ other floors' features
    def action_gradcheck(self) -> None:
        gradcheck_layer = features.gradcheck_layer()
        if gradcheck_layer is None:
            return
        iteration, layer = self.position[0], self.step.layer
        self.notify(f"Checking the gradients of layer {layer} at iteration {iteration}…", timeout=3)
        self._gradcheck_worker(gradcheck_layer, iteration, layer)

    @work(thread=True, exclusive=True, group="gradcheck")
    def _gradcheck_worker(self, gradcheck_layer: Any, iteration: int, layer: int) -> None:
        title = f"Gradient check · layer {layer} · iteration {iteration}"
        try:
            result = gradcheck_layer(self.session, iteration, layer)
        except Exception as exc:
            self.post_message(GradcheckDone(title, f"The gradient check could not run: {exc}", False))
            return
        self.post_message(GradcheckDone(title, result.summary(), bool(result.ok)))

    def on_gradcheck_done(self, message: GradcheckDone) -> None:
        from dnnstep.app.screens.report import ReportScreen

        self.push_screen(ReportScreen(message.title, message.text, ok=message.ok))

    def export_path(self) -> Path:
        step = self.step
        return self.output_dir / f"{self.session.scenario.name}-it{step.iteration}-{step.label.replace(' ', '')}.npz"

    def action_export(self) -> None:
        export_step_npz = features.export_step_npz()
        if export_step_npz is None:
            return
        path = self.export_path()
        try:
            export_step_npz(self.step, path)
        except OSError as exc:
            self.notify(f"Could not write {path}: {exc.strerror or exc}", severity="error")
            return
        self.last_saved = path
        self.notify(f"Exported {self.step.label} of iteration {self.step.iteration} to {path}", title="Exported")

    def action_screenshot(self) -> None:
        iteration, index = self.position
        name = f"{self.session.scenario.name}-it{iteration}-{self._label(index).replace(' ', '')}.svg"
        try:
            path = self.save_screenshot(name, str(self.output_dir))
        except OSError as exc:
            self.notify(f"Could not save the screen: {exc.strerror or exc}", severity="error")
            return
        self.last_saved = Path(path)
        self.notify(f"Saved the screen to {path}", title="Saved SVG")

    def action_divergence(self) -> None:
        first = self._first_divergence()
        if first is None:
            self.notify("The student's run matches the reference everywhere it was compared.")
            return
        iteration, index, what = first
        self.go(iteration, index)
        self.call_after_refresh(self._focus_pane, what)

    def _focus_pane(self, tensor: str) -> None:
        """Focus the pane of ``tensor``, or else the first pane whose values differ."""
        pane = self._grid.panes.get(tensor)
        if pane is None:
            pane = next((p for p in self._grid.slots if p.content is not None and p.content.differs), None)
        if pane is not None:
            pane.focus()

    def action_examples(self) -> None:
        screen = features.examples_screen()
        if screen is None or self.session.scenario.image_shape is None:
            return
        self.push_screen(screen(self.session, self.position[0]))

    # ------------------------------------------------------------------ opening another scenario
    def open_scenario(self, name_or_path: str | Path) -> None:
        """Load a scenario (a shipped name or a path) in a worker and switch to it."""
        if self._busy:
            return
        self._busy = "open"
        self._status.show_run(f"opening {name_or_path}…", 0, None)
        self._refresh_bindings_if_changed()
        self._open_worker(str(name_or_path))

    @work(thread=True, exclusive=True, group="open")
    def _open_worker(self, name_or_path: str) -> None:
        try:
            from dnnstep.scenario import load_scenario

            session = Session(load_scenario(name_or_path, data_dir=self.data_dir))
            session.steps(session.position[0])  # its first iteration, here rather than on the screen's thread
        except Exception as exc:  # ScenarioError: one clear message
            self.post_message(SessionReady(None, str(exc)))
            return
        self.post_message(SessionReady(session))

    def on_session_ready(self, message: SessionReady) -> None:
        self._busy = None
        self._status.show_run(None)
        if message.session is None:
            self.notify(message.error, title="Cannot open the scenario", severity="error", timeout=10)
            self._refresh_bindings_if_changed()
            return
        had_student = self.student is not None
        self.set_session(message.session)
        if had_student:
            self.notify("The student's run belongs to the previous scenario: comparison is off.")

    def set_session(self, session: Session) -> None:
        """Show ``session`` from its current step (drops a student's comparison)."""
        self.session = session
        self._iterations.clear()
        self._accuracy.clear()
        if self.student is not None:
            self.student = None
            self._divergence = False
            self._grid.remove()
            self._grid = TensorGrid(id="tensors")
            self.query_one("#work").mount(self._grid)
        start = session.position
        self._remember(start[0], session.steps(start[0]))
        self._refresh_costs()
        self.set_reactive(DnnStepApp.position, start)
        self._map.set_network(session.scenario.layer_dims, session.scenario.activations)
        self._steps_list.set_labels(self._step_labels())
        self._show()

    def ask_scenario_path(self) -> None:
        def check(text: str) -> str:
            path = Path(text.strip()).expanduser()
            if not text.strip():
                raise ValueError("Type the path of a scenario .toml file.")
            if not path.is_file():
                raise ValueError(f"{path} is not a file.")
            return str(path)

        from dnnstep.app.screens.prompt import PromptScreen

        self.push_screen(
            PromptScreen("Open a scenario file", check, placeholder="path/to/scenario.toml"),
            lambda path: path and self.open_scenario(path),
        )

    # ------------------------------------------------------------------ bindings
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Hide what cannot exist here (False); dim what cannot run now (None)."""
        s = self.session
        if action == "cancel":
            return self._busy in ("run", "load")
        if action == "divergence":
            if self.student is None:
                return False
            return None if self._busy or self._first_divergence() is None else True
        if action == "gradcheck":
            if not features.has_gradcheck():
                return False
            return None if self._busy or not self._loaded() else True
        if action == "export":
            if not features.has_export():
                return False
            return None if not self._loaded() else True
        if action == "examples":
            return s.scenario.image_shape is not None and features.has_examples()
        moving = action in (
            "next", "previous", "cost", "backward", "update", "next_iteration", "previous_iteration",
            "goto", "run_until",
        )
        if moving and self._busy:
            return None
        iteration, index = self.position
        if action == "previous":
            return None if (iteration, index) == (0, 0) else True
        if action == "next":
            return None if (iteration, index) == (s.num_iterations - 1, s.steps_per_iteration - 1) else True
        if action == "previous_iteration":
            return None if iteration == 0 else True
        if action == "next_iteration":
            return None if iteration == s.num_iterations - 1 else True
        return True

    def get_system_commands(self, screen: Screen):
        yield from super().get_system_commands(screen)
        from dnnstep.app.commands import debugger_commands

        for title, help_text, callback in debugger_commands(self):
            yield SystemCommand(title, help_text, callback)


def run(source: Any, **kwargs: Any) -> int:
    """Open the debugger on a Scenario or Session; return the exit status (0).

    A student's run (``student=``) is closed when the app ends, if it has ``close()``.
    """
    try:
        app = DnnStepApp(source, **kwargs)
        result = app.run()
    finally:
        close = getattr(kwargs.get("student"), "close", None)
        if callable(close):
            close()
    return 0 if result is None else int(result)

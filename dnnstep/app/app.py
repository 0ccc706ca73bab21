"""The debugger app: the Session's step cursor, the widgets that show it, and the keys that move it.

``DnnStepApp(source, student=None, data_dir=None)`` takes a Scenario or a Session. The
app has no cursor of its own: ``position`` is the Session's, and every move goes through
the Session (``Session.place`` for an iteration at hand, a worker otherwise: see
``dnnstep.app.loading``). After a move the app tells every widget what to show
(attributes down); widgets that are clicked post a message the app turns into a move
(messages up). The app reads Steps; it never does the network's maths.

The keys are in ``dnnstep.app.keys``; loading iterations in ``iterations.Iterations``;
run-until, accuracy and the gradient check in ``running.Running``; files and other
scenarios in ``files.Files``; the homework comparison in ``comparing.Comparing``; the
pictures (cost curve, decision boundary, gradient health, histogram) in ``looking.Looking``;
the cell cursor, watches, the mark and the decimals in ``inspecting.Inspecting``.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, Mapping, Sequence

import numpy as np
from textual import events
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Static

from dnnstep.app.collector import IdleCollector
from dnnstep.app.fast import BackdropHorizontal, BackdropVertical, KeptFooter
from dnnstep.app.comparing import Comparing
from dnnstep.app.drawing_ahead import DrawingAhead
from dnnstep.app.contents import DifferenceCache, derived_sizes, pane_contents, scalar_words, tensor_title
from dnnstep.app.files import Files
from dnnstep.app.iterations import Iterations
from dnnstep.app.jump import parse_jump
from dnnstep.app.keys import KEYS, OTHER_KEYS, PANE_KEYS, bindings, key_names
from dnnstep.app.inspecting import Inspecting
from dnnstep.app.loading import LoadingPolicy
from dnnstep.app.looking import FEATURE_PICTURES, Looking
from dnnstep.app.phase_sizes import PaneSize, PhaseSizes
from dnnstep.app.running import Running
from dnnstep.app.threads import ScreenFirst
from dnnstep.app.values import SummaryCache
from dnnstep.app.where import batch_words
from dnnstep.app.widgets.about import AboutPanel
from dnnstep.app.screens.main import MainScreen
from dnnstep.app.widgets.closer_look import CloserLook
from dnnstep.app.widgets.heat_legend import HeatLegend
from dnnstep.app.widgets.formula_pane import MAX_FORMULAS, FormulaPane
from dnnstep.app.widgets.network_map import NetworkMap
from dnnstep.app.widgets.status_bar import StatusBar
from dnnstep.app.widgets.step_list import StepList
from dnnstep.app.widgets.tensor_grid import TensorGrid
from dnnstep.app.widgets.tensor_pane import PaneContent, TensorPane
from dnnstep.engine.session import Session
from dnnstep.engine.step import Step, step_index
from dnnstep.engine.formulas import shapes_of
from dnnstep.engine.step_formulas import step_formulas

MIN_SIZE = (80, 24)
NARROW = 100
"""Below this width the step list gives its columns to the panes (the status line names the step)."""
MOVES = ("next", "previous", "cost", "backward", "update", "next_iteration", "previous_iteration", "goto")


class DnnStepApp(Iterations, DrawingAhead, Running, Files, Comparing, Looking, Inspecting, App[int]):
    """The step-through debugger (see the module docstring and docs/app.md)."""

    CSS_PATH = Path(__file__).with_name("app.tcss")
    TITLE = "dnnstep"
    COMMAND_PALETTE_BINDING = "ctrl+p"
    BINDINGS = bindings(KEYS)

    def __init__(self, source: Any, *, student: Any = None, data_dir: str | Path | None = None,
                 output_dir: str | Path | None = None, beside: Any = None) -> None:
        super().__init__()
        self.session: Session = source if isinstance(source, Session) else Session(source)
        self.beside: Session | None = beside if beside is None or isinstance(beside, Session) else Session(beside)
        """Another run shown beside this one (``B``): a Scenario or Session, from ``--beside`` or the palette."""
        self.student = student
        self.data_dir = data_dir
        self.output_dir = Path(output_dir) if output_dir is not None else Path.cwd()
        self.policy = LoadingPolicy(self.session, comparing=student is not None)
        self.heat = False
        self._summaries = SummaryCache()
        self._collector = IdleCollector()
        self._screen_first = ScreenFirst()
        # what each tensor's pane is sized for, once for the run
        self._sizes = PhaseSizes(self._summaries, lambda name, step: tensor_title(name, step, self.session.L))
        self._differences = DifferenceCache()
        self._busy = None  # "run", "load" or "open" while a worker owns the cursor (a property: see below)
        self._message = ""
        if self.policy.first(self.session.position[0]) == "now":
            self.session.current  # noqa: B018 - computes the first iteration now
        # else: a big network's first iteration is computed once the first frame is on
        # screen (see on_mount); until then the panes say so.
        self._refresh_costs()

    # ------------------------------------------------------------------ layout
    def get_default_screen(self) -> Screen:
        return MainScreen(id="_default")

    def compose(self) -> ComposeResult:
        scenario = self.session.scenario
        with BackdropVertical(id="main-area"):
            yield StatusBar(id="status")
            yield NetworkMap(scenario.layer_dims, scenario.activations, id="map")
            yield AboutPanel(scenario, id="about")
            with BackdropHorizontal(id="body"):
                yield StepList(self._step_labels(), id="steps")
                with BackdropVertical(id="work"):
                    yield FormulaPane(id="formula")
                    yield TensorGrid(compare=self.student is not None, id="tensors")
                    yield CloserLook(id="closer")
                    yield HeatLegend(id="legend")
        yield Static(
            f"dnnstep needs a terminal of at least {MIN_SIZE[0]} x {MIN_SIZE[1]}.\n"
            "Make the window larger, or press q to quit.",
            id="too-small",
        )
        yield KeptFooter(compact=True)

    def on_mount(self) -> None:
        if self.student is not None:
            self._find_divergence()
        self._status = self.query_one(StatusBar)
        self._map = self.query_one(NetworkMap)
        self._steps_list = self.query_one(StepList)
        self._formula = self.query_one(FormulaPane)
        self._grid = self.query_one(TensorGrid)
        self._closer = self.query_one(CloserLook)
        self._legend = self.query_one(HeatLegend)
        self._fit(self.size.width, self.size.height)
        if self.loaded:
            self._show()
        else:
            self._load_first_iteration()
        self.call_after_refresh(self._focus_first_pane)
        self.call_after_refresh(self._settle)

    def _settle(self) -> None:
        """After the first frame: garbage is collected while the user reads, not while a key
        is answered (``collector.IdleCollector``: a collection in a keypress was the whole
        tail of the key-to-repaint time), and the workers yield to the screen's thread
        (``threads.ScreenFirst``). While the first iteration is still being computed, this
        waits for it."""
        if not self.loaded:
            self._settle_pending = True
            return
        self._settle_pending = False
        if not self._collector.running:
            self._collector.start()
            self._screen_first.start()
            self._screen_first.computing(self._busy is not None)
            self.set_interval(0.1, self._collector.tick)
        self._compute_ahead()

    _settle_pending = False

    @property
    def _busy(self) -> str | None:
        return self.__busy

    @_busy.setter
    def _busy(self, value: str | None) -> None:
        self.__busy = value
        self._screen_first.computing(value is not None)  # the user waits: BLAS gets every core

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, (events.Key, events.MouseDown, events.MouseScrollDown, events.MouseScrollUp)):
            self._collector.key()
            self._reading = None  # what is drawn ahead while the user reads stops at their next key
        await super().on_event(event)

    def on_unmount(self) -> None:
        self._collector.stop()  # the app's objects go back to the collector when it ends
        self._screen_first.stop()

    def _focus_first_pane(self) -> None:
        for pane_name in self._grid.shown:
            self._grid.panes[pane_name].focus()
            return

    def on_resize(self, event: events.Resize) -> None:
        self._fit(event.size.width, event.size.height)

    def _fit(self, width: int, height: int) -> None:
        main = self.screen_stack[0] if self.screen_stack else self.screen  # not a dialog on top
        too_small = width < MIN_SIZE[0] or height < MIN_SIZE[1]
        if too_small:
            self.clear_notifications()  # no stale toast over the message that says so
        elif main.has_class("-too-small") and main.focused is None:
            self.call_after_refresh(self._focus_first_pane)  # the panes come back: one has the focus again
        main.set_class(too_small, "-too-small")
        main.set_class(height < 40, "-short")
        main.set_class(width < NARROW, "-narrow")
        if hasattr(self, "_formula"):
            # room for the session's longest step (four formulas in week 4, twelve in an Adam update)
            # in at most week 4's four rows at 80x24, a row more for every two the screen has above 24
            self._formula.set_room(height < 46, self._most_formulas(), 4 + max(0, (height - 24) // 2))

    def _most_formulas(self) -> int:
        """The most formulas a step of this session has (known before any step is computed)."""
        s = self.session
        if self._formula_count[0] is not s:  # the session itself, not its id: a new one may reuse a freed id
            count = max(len(self._formulas_at(index)[1]) for index in range(s.steps_per_iteration))
            self._formula_count = (s, count)
        return self._formula_count[1]

    _formula_count: tuple = (None, 0)

    def _formulas_at(self, index: int) -> tuple[str | None, tuple]:
        """Step ``index``'s g and formulas (without shapes), known before any step is computed."""
        s = self.session
        phase, layer = s.place_of(index)
        activation = s.scenario.activations[layer - 1] if phase in ("forward", "backward") else None
        return activation, step_formulas(phase, layer, activation, {}, s.L, s.features)

    # ------------------------------------------------------------------ the cursor
    @property
    def position(self) -> tuple[int, int]:
        """``(iteration, index)`` of the step on show: the Session's cursor."""
        return self.session.position

    @property
    def step(self) -> Step:
        """The step the cursor is on (once its iteration is computed: see ``loaded``)."""
        return self.session.current

    @property
    def loaded(self) -> bool:
        """True when the cursor's step is computed (False while a big network's first
        iteration is still being computed at start-up)."""
        return self.session.started

    @property
    def busy(self) -> str | None:
        """What a worker is doing with the cursor: ``"run"``, ``"load"``, ``"open"``, or ``None``."""
        return self._busy

    def _label(self, index: int) -> str:
        """The label of step ``index`` (``"backward 3"``), known before any step is computed."""
        phase, layer = self.session.place_of(index)
        return "cost" if phase == "cost" else f"{phase} {layer}"

    def _step_labels(self) -> list[str]:
        return [self._label(index) for index in range(self.session.steps_per_iteration)]

    def _moved(self) -> None:
        """The cursor moved: clear the last run's message and show the new step, once the
        keys already waiting are handled: a held key that comes faster than steps are drawn
        moves the cursor on every press and draws the step it has reached (frames skipped,
        never moves)."""
        if self._message:
            self._message = ""
            self._show_message("")
        if not self._show_waiting:
            self._show_waiting = True
            self.call_later(self._show_reached)

    _show_waiting = False

    def _show_reached(self) -> None:
        self._show_waiting = False
        if self.is_running:
            self._show()

    def _show(self) -> None:
        """Tell every widget what to show for the current position."""
        self._reading = None  # what was drawn ahead for the step before stops (a move without a key too)
        if self._behind_picture():
            return
        self._refresh_bindings_if_changed()  # first: a key dimmed or lit then repaints in this frame, not the next
        iteration, index = self.position
        step = self.step
        student_step, failure, mismatches = self._student_at(iteration, index)
        self._formula.show(self.formula_title(step), self.formula_lines(step, student_step))
        self._grid.show(self._contents(step, student_step, failure, mismatches), self.heat, self._pane_sizes(step),
                        self.decimals)
        self._show_closer()
        self._say_where_maximized()
        self._steps_list.set_current(index)
        self._steps_list.set_marks(self._marks(iteration))
        self._map.current = (step.phase, step.layer)
        self._want_accuracy(iteration)  # before the status line, which shows it when known
        self._show_where()
        self.call_after_refresh(self._after_show)

    def _contents(self, step: Step, student_step: Step | None = None, failure: str | None = None,
                  mismatches: Mapping[str, np.ndarray] | None = None) -> dict[str, PaneContent]:
        """What each pane shows of ``step`` as the screen is now (the decimals, the marked step,
        the student's step beside it): for the step on screen and for a step drawn ahead alike,
        so that what was drawn ahead is what showing the step draws."""
        return pane_contents(step, self.session.L, self._summaries, student=student_step,
                             compare=self.student is not None, failure=failure, mismatches=mismatches,
                             differences=self._differences, decimals=self.decimals, marked=self.mark)

    def formula_lines(self, step: Step, student_step: Step | None = None) -> tuple:
        """The formula pane's lines for ``step``, the shapes under them the student's where a
        student's step is given (a missing keepdims shows as a red line)."""
        shapes = shapes_of(step.tensors)
        if student_step is not None:
            shapes.update(shapes_of(student_step.tensors))
        return step_formulas(step.phase, step.layer, step.activation, shapes, self.session.L, self.session.features)

    def formula_title(self, step: Step) -> str:
        """The formula pane's title: the step, its g, and the numbers its formulas use."""
        numbers = scalar_words(step, self.session.training)  # Course 2's t, β1, ε, λ, …: the numbers in the formulas
        return step.label + (f" · g = {step.activation}" if step.activation else "") + (f" · {numbers}" if numbers else "")

    def _pane_sizes(self, step: Step) -> dict[str, PaneSize]:
        """What the pane of each tensor of ``step`` is sized for, over the run (see ``phase_sizes``),
        the derived panes' too: worked out again only when the phase's sizes are new (they are
        kept, never changed, so the same dict means the same sizes)."""
        sizes = self._sizes.sizes(self.session, step)
        if self._derived[0] is not sizes:
            self._derived = (sizes, derived_sizes(sizes))
        return self._derived[1]

    _derived: tuple = (None, {})

    def _show_pending(self, why: str = "") -> None:
        """What the screen shows while the cursor's iteration is being computed (or,
        with ``why``, after computing it failed or was cancelled)."""
        iteration, index = self.position
        activation, formulas = self._formulas_at(index)
        self._formula.show(self._label(index) + (f" · g = {activation}" if activation else ""), formulas)
        text = (f"Iteration {iteration} was not computed ({why}). A step key computes it again."
                if why else f"Computing iteration {iteration} of {self.session.scenario.name}: "
                            "the values appear here when it is ready.")
        self._grid.show({"A_prev": PaneContent(f"iteration {iteration}", missing=text)}, self.heat)
        self._steps_list.set_current(index)
        self._map.current = self.session.place_of(index)
        self._show_where()
        self._refresh_bindings_if_changed()

    def _show_run(self, text: str | None, done: int = 0, total: int | None = None) -> None:
        """The status bar's run row (``None`` hides it); its line is lent by the grid (below)."""
        self._status.show_run(text, done, total)
        self._grid.lend("status", self._status.extra_rows)

    def _show_message(self, text: str | Sequence[str]) -> None:
        """The status bar's message (``""`` hides it); its lines are lent by the grid: the panes
        keep their places while a message or a run's progress shows, and the grid scrolls."""
        self._status.show_message(text)
        self._grid.lend("status", self._status.extra_rows)

    def _show_where(self) -> None:
        iteration, index = self.position
        s = self.session
        parts: list = [s.scenario.name, (f"iteration {iteration} (0..{s.num_iterations - 1})", f"it {iteration}"),
                       (f"step {index} (0..{s.steps_per_iteration - 1}): {self._label(index)}",
                        f"{index}: {self._label(index)}")]
        batch = batch_words(s, iteration)  # with mini-batches: the epoch, the batch and its size
        if batch is not None:
            parts.append(batch)
        if iteration < len(self._costs):
            parts.append(f"J = {self._costs[iteration]:.6g}")
        parts.extend(self._accuracy_parts(iteration))
        if self.student is not None:
            parts.append(f"student: {self.student.label}")
        self._status.show_where(parts)
        # with mini-batches the epoch and the batch need the sparkline's label, and at 80 columns its room
        self._status.show_costs(self._costs, label=batch is None, narrow=0 if batch is None else NARROW)

    def _refresh_costs(self) -> None:
        self._costs = self.session.cost_history

    def _refresh_bindings_if_changed(self) -> None:
        """Ask the footer to redraw only when a key's state changes (it rebuilds itself)."""
        state = tuple(self.check_action(a, ()) for a in self._CHECKED)
        if state != self._binding_state:
            self._binding_state = state
            self.refresh_bindings()

    _CHECKED = ("next", "previous", "next_iteration", "previous_iteration", "divergence", "cancel", "goto")
    _binding_state: tuple = ()

    # ------------------------------------------------------------------ moving
    def _index(self, phase: str, layer: int | None = None) -> int:
        return step_index(self.session.L, phase, layer)  # type: ignore[arg-type]

    def action_next(self) -> None:
        self.move(lambda: self.session.neighbour(1))

    def action_previous(self) -> None:
        self.move(lambda: self.session.neighbour(-1), heading=-1)

    def action_cost(self) -> None:
        self.move(lambda: (self.position[0], self._index("cost")))

    def action_backward(self) -> None:
        self.move(lambda: (self.position[0], self._index("backward")))

    def action_update(self) -> None:
        self.move(lambda: (self.position[0], self._index("update")))

    def action_next_iteration(self) -> None:
        def target() -> tuple[int, int] | None:
            iteration, index = self.position
            return (iteration + 1, index) if iteration + 1 < self.session.num_iterations else None

        self.move(target)

    def action_previous_iteration(self) -> None:
        def target() -> tuple[int, int] | None:
            iteration, index = self.position
            return (iteration - 1, index) if iteration > 0 else None

        self.move(target)

    def action_goto(self) -> None:
        s = self.session

        K = s.schedule.K

        def check(text: str) -> tuple[int, int]:
            return parse_jump(text, L=s.L, num_iterations=s.num_iterations, iteration=self.position[0],
                              last_phase=s.last_phase, batches=K)

        from dnnstep.app.screens.prompt import PromptScreen

        epochs = (f" An iteration is one mini-batch: 'epoch 3 batch 2' (or e3b2) is iteration {3 * K + 2}, and "
                  f"'epoch 3 batch 2:backward 1' a step in it; epochs 0..{s.num_iterations // K - 1}, batches "
                  f"0..{K - 1}." if s.schedule.shuffles else "")
        self.push_screen(
            PromptScreen(
                "Go to step", check,
                placeholder=f"0..{3 * s.L}, backward 2, 40:cost" + (", epoch 3 batch 2" if s.schedule.shuffles else ""),
                help=f"A step number 0..{3 * s.L} of this iteration, a label (forward 2, cost, backward {s.L}, "
                     f"{s.last_phase} 1), or ITERATION:STEP for iterations 0..{s.num_iterations - 1}. Iterations, "
                     "steps and rows count from 0." + epochs,
            ),
            lambda target: target is not None and self.move(lambda: target),
        )

    def on_step_list_step_chosen(self, message: StepList.StepChosen) -> None:
        self.move(lambda: (self.position[0], message.index))

    def on_network_map_layer_chosen(self, message: NetworkMap.LayerChosen) -> None:
        def target() -> tuple[int, int]:
            phase = self.session.place_of(self.position[1])[0]
            return self.position[0], self._index("forward" if phase == "cost" else phase, message.layer)

        self.move(target)

    # ------------------------------------------------------------------ views
    def action_heat(self) -> None:
        self.heat = not self.heat
        self._grid.set_heat(self.heat)
        self._show_closer()
        self.call_after_refresh(self._predraw_next)  # the next step's panes drawn ahead again, as a heat map or not

    def action_maximize(self) -> None:
        """Maximize the focused pane (Textual's maximize), or restore the grid. The pane's
        title says which step it is while the status line is hidden."""
        maximized = self.screen.maximized
        if maximized is not None:
            self.screen.minimize()
            if isinstance(maximized, TensorPane):
                maximized.set_context("")
        elif isinstance(self.focused, TensorPane) and self.focused.tensor:
            self.screen.maximize(self.focused, container=False)
            self._say_where_maximized()
        self._grid.place_again()

    def _say_where_maximized(self) -> None:
        pane = self.screen.maximized
        if isinstance(pane, TensorPane):
            iteration, index = self.position
            pane.set_context(f"iteration {iteration} · {self._label(index)}")

    def action_about(self) -> None:
        self.query_one(AboutPanel).cycle()

    def action_help(self) -> None:
        from dnnstep.app.screens.help import HelpScreen

        keys = [(key_names(key, self.get_key_display_name), key.help) for key in KEYS
                if not key.feature or self.check_action(key.action, ()) is not False]
        extra = [(key_names(key, self.get_key_display_name), key.help) for key in PANE_KEYS] + list(OTHER_KEYS)
        self.push_screen(HelpScreen(keys, extra))

    def get_key_display_name(self, key: str) -> str:
        """How the footer writes one key name (``"→"`` for ``right``)."""
        return self.get_key_display(Binding(key, ""))

    # ------------------------------------------------------------------ bindings
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Hide what cannot exist here (False); dim what cannot run now (None)."""
        s = self.session
        if action == "cancel":
            return self._busy in ("run", "load")
        if action in ("divergence", "compare_view"):
            return self._check_comparing(action)
        if action in ("gradcheck", "export"):
            return None if not self.loaded or (action == "gradcheck" and self._busy) else True
        if action == "examples":
            return s.scenario.image_shape is not None
        if action == "beside":  # Course 2's runs side by side, or any run given with --beside
            return (s.scenario.course == 2 or self.beside is not None) and (True if self.loaded else None)
        if action == "formulas":  # the formula pane shows every formula of a week-4 step
            return self._most_formulas() > MAX_FORMULAS and (True if self.loaded else None)
        if action in FEATURE_PICTURES:  # a picture of a feature the scenario does not have is hidden
            return self._offers(action) and (True if self.loaded else None)
        if action == "run_until":
            return None if self._busy in ("run", "open") else True
        if action in MOVES and self._busy:  # kept while an iteration loads (see Iterations.move)
            return True if self._busy == "load" else None
        iteration, index = self.position
        if action in ("previous", "previous_iteration"):
            return None if (iteration, index if action == "previous" else 0) == (0, 0) else True
        if action == "next":
            return None if (iteration, index) == (s.num_iterations - 1, s.steps_per_iteration - 1) else True
        if action == "next_iteration":
            return None if iteration == s.num_iterations - 1 else True
        return True

    def get_system_commands(self, screen: Screen):
        yield from super().get_system_commands(screen)
        from dnnstep.app.commands import debugger_commands

        for title, help_text, callback in debugger_commands(self):
            yield SystemCommand(title, help_text, callback)


def run(source: Any, **kwargs: Any) -> int:
    """Open the debugger on a Scenario or Session; return the exit status: 0, or 1 when an
    error inside the app ended it (its traceback is then in the log, and one line on
    standard error names the log: see ``dnnstep.app.log``).

    A student's run (``student=``) is closed when the app ends, if it has ``close()``.
    """
    from rich.console import Console

    from dnnstep.app.log import open_log, start_line

    log, path = open_log()
    try:
        if log is not None:
            print(start_line(), file=log, flush=True)
        app = DnnStepApp(source, **kwargs)
        if log is not None:  # Textual's report of an error goes to the log, not over the terminal
            app.error_console = Console(file=log, width=120, markup=False, highlight=False, color_system=None)
        result = app.run()
    finally:
        close = getattr(kwargs.get("student"), "close", None)
        if callable(close):
            close()
        if log is not None:
            log.close()
    if app.return_code:
        where = f"the traceback is in {path}" if log is not None else f"no log could be written ({path})"
        print(f"dnnstep: the debugger stopped on an error inside it; {where}", file=sys.stderr)
        return 1
    return 0 if result is None else int(result)

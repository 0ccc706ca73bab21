"""Two runs side by side at the same iteration: this scenario and another opened beside it.

The Course 2 notebooks compare runs: no regularisation against L2 against dropout on the
football data, gd against momentum against Adam on the moons. ``dnnstep moons_adam --beside
moons_gd`` (or the palette's "Beside: …", or ``B`` and a name) opens a second Session of the
other scenario; this screen shows both at the cursor's iteration:

- for 2-D inputs, each run's decision boundary (``engine.pictures.decision_field``) with
  its training points, under a heading with its J, accuracy and the weights' norms ||W[l]||
  (L2 keeps them small);
- under them, both cost curves on one chart: J per iteration, or with mini-batches the
  epochs' costs (the notebook's prints), so the runs are compared where they are comparable.

The other run is computed to the cursor's iteration in a worker (a long way may take a
few seconds; ``]`` meanwhile starts over from where it got to), never on the screen's thread.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

import numpy as np
from textual import work
from textual.binding import Binding
from textual.content import Content
from textual.worker import get_current_worker

from dnnstep.app.fast import BackdropHorizontal, BackdropVertical
from dnnstep.app.screens.picture import PictureScreen
from dnnstep.app.widgets.chart import Chart, ChartData, Series
from dnnstep.app.widgets.decision_map import DecisionMap, FieldView
from dnnstep.app.where import batch_words
from dnnstep.app.widgets.line import Line
from dnnstep.engine.pictures import cost_curve, decision_field, has_plane
from dnnstep.engine.predict import accuracy
from dnnstep.engine.session import Cancelled, Session


@dataclass(frozen=True)
class RunAt:
    """One run at one iteration: what the screen shows of it."""

    parameters: dict
    J: float | None
    accuracy: tuple[float, float | None] | str


def run_at(session: Session, iteration: int, should_stop=None) -> RunAt:
    """``session`` at ``iteration``: the parameters at its start, its J and its accuracy (computes
    what it must: call from a worker for a far iteration)."""
    parameters = session.parameters_at(iteration, should_stop=should_stop)
    J = session.cost_at(iteration)
    try:
        known = accuracy(session, iteration)
    except Exception as exc:  # the engine's message, shown in the heading
        known = f"accuracy unavailable ({exc})"
    return RunAt(parameters, J, known)


def accuracy_words(value: tuple[float, float | None] | str) -> str:
    if isinstance(value, str):
        return value
    train, test = value
    return f"train {train:.1%}" + (f" · test {test:.1%}" if test is not None else "")


def norms_words(parameters: dict, L: int) -> str:
    """``‖W[1..3]‖ 3.44 4.39 3.4``: the weights' Frobenius norms, layer by layer."""
    return f"‖W[1..{L}]‖ " + " ".join(f"{np.linalg.norm(parameters[f'W{l}']):.3g}" for l in range(1, L + 1))


def run_words(session: Session) -> str:
    """What differs between Course 2 runs, for a heading: the optimizer, L2, dropout, decay."""
    t = session.training
    words = [t.optimizer if t.optimizer != "gd" else "gd"]
    if t.lambd:
        words.append(f"L2 λ={t.lambd:g}")
    if t.keep_prob < 1:
        words.append(f"dropout keep_prob={t.keep_prob:g}")
    if t.decay:
        words.append(t.decay)
    return ", ".join(words)


class BesideScreen(PictureScreen):
    BINDINGS = [Binding("B", "close", "Close", show=False)]

    DEFAULT_CSS = """
    BesideScreen #beside { height: 1fr; }
    BesideScreen #beside-maps { height: 2fr; }
    BesideScreen .side { width: 1fr; }
    BesideScreen #right-side { margin-left: 1; }
    BesideScreen .side-heading { height: 3; color: $text-primary; }
    BesideScreen #beside-chart { height: 1fr; }
    BesideScreen.-flat #beside-maps { height: auto; }
    BesideScreen.-flat .side { height: auto; }
    BesideScreen.-flat DecisionMap { display: none; }
    """

    def __init__(self) -> None:
        super().__init__()
        self._other: dict[int, RunAt] = {}  # the other run's iterations computed for this screen

    @property
    def other(self) -> Session:
        return self.app.beside

    def picture(self) -> BackdropVertical:
        return BackdropVertical(
            BackdropHorizontal(
                BackdropVertical(Line(classes="side-heading", id="left-heading"), DecisionMap(id="left-map"),
                                 classes="side", id="left-side"),
                BackdropVertical(Line(classes="side-heading", id="right-heading"), DecisionMap(id="right-map"),
                                 classes="side", id="right-side"),
                id="beside-maps"),
            Chart(id="beside-chart"), id="beside")

    def on_mount(self) -> None:
        self.set_class(not (has_plane(self.session.scenario.X) and has_plane(self.other.scenario.X)), "-flat")
        super().on_mount()

    def redraw(self) -> None:
        session, other = self.session, self.other
        iteration = self.iteration
        there = min(iteration, other.num_iterations - 1)  # the other run may be shorter
        mine = RunAt(session.parameters_at(iteration), session.cost_history[iteration]
                     if iteration < session.iterations_computed else None, "")
        self._side("left", session, mine, self.accuracy_text(iteration), iteration)
        theirs = self._other.get(there)
        if theirs is None:
            self._side("right", other, None, "", there)
            self._compute(there)
        else:
            self._side("right", other, theirs, accuracy_words(theirs.accuracy), there)
        self._chart(iteration)
        where = f"iteration {iteration}"
        batch = batch_words(session, iteration)
        if batch is not None:
            where += f", {batch[1]}"
        if there != iteration:
            where += f" ({other.scenario.name} has only {other.num_iterations}: its last)"
        self.set_title(f"Beside · {session.scenario.name} and {other.scenario.name} · {where}"
                       + (" · running…" if self.running_at is not None else ""))
        self.set_notes(Content.assemble(
            ("━━", "bold $primary"), f" {session.scenario.name} ({run_words(session)})   ",
            ("━━", "bold $warning"), f" {other.scenario.name} ({run_words(other)})   ",
            *(("at the same iteration. ] [ move both (the inputs are not 2-D: no decision boundaries).",)
              if self.has_class("-flat") else
              ("at the same iteration; the fields are each network's AL over the plane (", ("▀▀", "$primary"),
               " AL > 0.5, ", ("▀▀", "$error"), " AL < 0.5), the points its training set. ] [ move both.")),
        ))

    def _side(self, side: str, session: Session, run: RunAt | None, accuracy_text: str, iteration: int) -> None:
        heading = self.query_one(f"#{side}-heading", Line)
        view = self.query_one(f"#{side}-map", DecisionMap)
        name = f"{session.scenario.name} ({run_words(session)})"
        if run is None:
            heading.update(f"{name}\ncomputing iteration {iteration}…\n")
            view.show(FieldView(_blank_field, session.scenario.X, session.scenario.Y[:, :0], ("blank",)))
            return
        J = f"J = {run.J:.6g} · " if run.J is not None else ""
        heading.update(f"{name}\n{J}{accuracy_text}\n{norms_words(run.parameters, session.L)}")
        scenario = session.scenario
        if not self.has_class("-flat"):
            field = partial(_field, run.parameters, scenario.activations, scenario.X, scenario.leaky_slope)
            view.show(FieldView(field, scenario.X, scenario.Y, (id(session), iteration)))

    def _chart(self, iteration: int) -> None:
        series, last = [], iteration
        epochs = False
        for colour, session in ((1, self.session), (2, self.other)):
            curve = cost_curve(session)
            epochs = curve.epoch_J.size > 0 or epochs
            if session.schedule.shuffles:
                series.append(Series(session.scenario.name, curve.epoch_x, curve.epoch_J, colour))
            else:
                series.append(Series(session.scenario.name, curve.iterations, curve.J, colour))
            last = max(last, curve.J.size - 1)
        what = "the epochs' costs (the notebook's prints)" if epochs else "J"
        self.query_one(Chart).show(ChartData(
            tuple(series), x_label="iteration", y_label=f"{what} of both runs", marker=float(iteration),
            x_range=(0.0, float(max(last, 1))),
            version=(self.session.iterations_computed, self.other.iterations_computed, iteration),
        ))

    @work(thread=True, exclusive=True, group="beside")
    def _compute(self, iteration: int) -> None:
        worker = get_current_worker()
        other = self.other
        try:
            run = run_at(other, iteration, should_stop=lambda: worker.is_cancelled)
        except Cancelled:
            return
        self.app.call_from_thread(self._computed, other, iteration, run)

    def _computed(self, other: Session, iteration: int, run: RunAt) -> None:
        if other is not self.other or not self.is_mounted:
            return
        self._other[iteration] = run
        if len(self._other) > 16:
            self._other.pop(next(iter(self._other)))
        self.redraw()


def _field(parameters, activations, X, leaky_slope, columns: int, rows: int):
    return decision_field(parameters, activations, X, columns, rows, leaky_slope=leaky_slope)


def _blank_field(columns: int, rows: int):
    from dnnstep.engine.pictures import DecisionField

    return DecisionField(np.arange(columns, dtype=float), np.arange(rows, dtype=float)[::-1],
                         np.full((rows, columns), 0.5))

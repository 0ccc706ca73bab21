"""The cost curve: J over every iteration computed so far, the current one marked.

It draws ``Session.cost_history`` (``dnnstep.engine.pictures.cost_curve``) and nothing
else, so it never waits for an iteration: it grows as the user steps or runs on. ``l``
switches between a linear and a log scale of J. With mini-batches an iteration is one
batch: the curve is each mini-batch's cost (it jumps: every batch is another sample of the
data), and beside it, in another colour, each finished epoch's cost as the notebook prints
it (the epoch's losses over m), drawn at the middle of the epoch's iterations.
"""

from __future__ import annotations

import numpy as np
from textual.binding import Binding
from textual.content import Content

from dnnstep.app.screens.picture import PictureScreen
from dnnstep.app.where import batch_words
from dnnstep.app.widgets.chart import Chart, ChartData, Series
from dnnstep.engine.pictures import cost_curve


class CostCurveScreen(PictureScreen):
    BINDINGS = [
        Binding("l", "log", "Log/linear"),
        Binding("j", "close", "Close", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.log_scale = False
        self.curve = None

    def picture(self) -> Chart:
        return Chart(id="cost-chart")

    def action_log(self) -> None:
        self.log_scale = not self.log_scale
        self.redraw()

    def redraw(self) -> None:
        session = self.session
        curve = self.curve = cost_curve(session)
        iteration = self.iteration
        computed = curve.J.size
        last = max(computed - 1, iteration, 1)
        scale = "log scale" if self.log_scale else "linear scale"
        series = [Series("J", curve.iterations, curve.J, "label1")]
        if curve.epoch_J.size:
            series.append(Series("epoch", curve.epoch_x, curve.epoch_J, 2))
        data = ChartData(
            tuple(series),
            x_label="iteration", y_label=f"J, the cost ({scale})", log=self.log_scale,
            marker=float(iteration), x_range=(0.0, float(last)), version=(computed, iteration, self.log_scale),
        )
        self.query_one(Chart).show(data)
        where = f"iteration {iteration}"
        batch = batch_words(session, iteration)
        if batch is not None:
            where += f", {batch[1]}"
        if iteration < computed:
            where += f": J = {curve.J[iteration]:.8g}"
        if self.running_at is not None:
            where += " · running…"
        else:
            where += " · " + self.accuracy_text(iteration)
        self.set_title(f"Cost curve · {session.scenario.name} · {where}")
        notes = [f"J of the {computed} iterations computed so far (of {session.num_iterations}); "
                 "the dotted line is the current iteration. l: log/linear scale."]
        if session.schedule.shuffles:
            notes = [Content.assemble(
                ("━━", "bold $primary"), f" J of each mini-batch, the {computed} computed so far (of "
                f"{session.num_iterations}: {session.schedule.K} per epoch); ", ("━━", "bold $warning"),
                f" the cost of each finished epoch ({curve.epoch_J.size}), its batches' losses over m, as the "
                "notebook prints it. The dotted line is the current iteration; l: log/linear scale.")]
        bad = curve.first_bad
        if bad is not None:
            notes.append(f"J is {curve.J[bad]} from iteration {bad} on: training blew up there (not drawn).")
        elif self.log_scale and computed and np.any(curve.J <= 0):
            notes.append("J = 0 cannot be drawn on a log scale.")
        if all(isinstance(note, str) for note in notes):
            self.set_notes("\n".join(notes))
        else:
            self.set_notes(Content("\n").join(Content(n) if isinstance(n, str) else n for n in notes))

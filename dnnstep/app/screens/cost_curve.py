"""The cost curve: J over every iteration computed so far, the current one marked.

It draws ``Session.cost_history`` (``dnnstep.engine.pictures.cost_curve``) and nothing
else, so it never waits for an iteration: it grows as the user steps or runs on. ``l``
switches between a linear and a log scale of J.
"""

from __future__ import annotations

import numpy as np
from textual.binding import Binding

from dnnstep.app.screens.picture import PictureScreen
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
        data = ChartData(
            (Series("J", curve.iterations, curve.J, "label1"),),
            x_label="iteration", y_label=f"J, the cost ({scale})", log=self.log_scale,
            marker=float(iteration), x_range=(0.0, float(last)), version=(computed, iteration, self.log_scale),
        )
        self.query_one(Chart).show(data)
        where = f"iteration {iteration}"
        if iteration < computed:
            where += f": J = {curve.J[iteration]:.8g}"
        if self.running_at is not None:
            where += " · running…"
        else:
            where += " · " + self.accuracy_text(iteration)
        self.set_title(f"Cost curve · {session.scenario.name} · {where}")
        notes = [f"J of the {computed} iterations computed so far (of {session.num_iterations}); "
                 "the dotted line is the current iteration. l: log/linear scale."]
        bad = curve.first_bad
        if bad is not None:
            notes.append(f"J is {curve.J[bad]} from iteration {bad} on: training blew up there (not drawn).")
        elif self.log_scale and computed and np.any(curve.J <= 0):
            notes.append("J = 0 cannot be drawn on a log scale.")
        self.set_notes("\n".join(notes))

"""The decision boundary: what the network predicts over the input plane, at this iteration.

For a scenario with 2-D inputs, the field is AL over a grid covering the training points
(``dnnstep.engine.pictures.decision_field``, the engine's forward pass) with the
parameters at the start of the iteration the cursor is on; the training points are drawn
on it in their labels' colours. ``]`` and ``[`` move an iteration and redraw it; a run
until shows it moving. ``why_not(session)`` says why a scenario has no boundary to draw.
"""

from __future__ import annotations

from functools import partial

from textual.binding import Binding
from textual.content import Content

from dnnstep.app.screens.picture import PictureScreen
from dnnstep.app.widgets.decision_map import DecisionMap, FieldView
from dnnstep.engine.pictures import decision_field, has_plane, why_no_plane


def why_not(session) -> str | None:
    """Why ``session``'s scenario has no decision boundary to draw, or None when it has one."""
    X = session.scenario.X
    return None if has_plane(X) else why_no_plane(X)


class DecisionBoundaryScreen(PictureScreen):
    BINDINGS = [Binding("f", "close", "Close", show=False)]

    def picture(self) -> DecisionMap:
        return DecisionMap(id="decision-map")

    def redraw(self) -> None:
        session = self.session
        scenario = session.scenario
        iteration = self.iteration
        parameters = session.parameters_at(iteration)
        field = partial(_field, parameters, scenario.activations, scenario.X, scenario.leaky_slope)
        self.query_one(DecisionMap).show(FieldView(field, scenario.X, scenario.Y, (id(session), iteration)))
        costs = session.cost_history
        where = f"iteration {iteration}"
        if iteration < costs.size:
            where += f" · J = {costs[iteration]:.6g}"
        where += " · running…" if self.running_at is not None else " · " + self.accuracy_text(iteration)
        self.set_title(f"Decision boundary · {scenario.name} · {where}")
        self.set_notes(Content.assemble(
            ("●", "bold $error"), " y = 0  ", ("●", "bold $primary"), " y = 1: the training points.  The field is "
            "the network's AL over the plane (parameters at the start of this iteration): ",
            ("▀▀", "$primary"), " AL > 0.5, ", ("▀▀", "$error"), " AL < 0.5, deeper the surer; the boundary "
            "AL = 0.5 is the dark seam.  ] [ move an iteration, r runs.",
        ))


def _field(parameters, activations, X, leaky_slope, columns: int, rows: int):
    return decision_field(parameters, activations, X, columns, rows, leaky_slope=leaky_slope)

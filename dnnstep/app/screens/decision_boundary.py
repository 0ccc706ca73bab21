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
from dnnstep.engine.pictures import decision_field, has_plane, plane_bounds, why_no_plane


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
        x1_low, x1_high, x2_low, x2_high = plane_bounds(scenario.X)
        ranges = f"x1 {x1_low:.3g}..{x1_high:.3g}, x2 {x2_low:.3g}..{x2_high:.3g}"
        points = (("●", "bold $error"), " y = 0 ", ("●", "bold $primary"), " y = 1")
        shades = (("▀▀", "$primary"), " AL > 0.5 ", ("▀▀", "$error"), " AL < 0.5")
        self.set_notes(
            Content.assemble(*points, ": the training points · the field is AL (parameters at the start of this "
                             "iteration): ", *shades, f", deeper the surer; the dark seam is AL = 0.5 · {ranges} · "
                             "] [ iterations, r runs"),
            Content.assemble(*points, " · ", *shades, f", the dark seam AL = 0.5 · {ranges} · ] [ iterations, r runs"),
            Content.assemble(*points, " · ", *shades, f" · {ranges}"),
        )


def _field(parameters, activations, X, leaky_slope, columns: int, rows: int):
    return decision_field(parameters, activations, X, columns, rows, leaky_slope=leaky_slope)

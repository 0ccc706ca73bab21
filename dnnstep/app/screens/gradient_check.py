"""The gradient check's screen: which of the parameters disagree, grouped by W1 … bL.

For a scenario with a check phase (``[gradient_check]``, the Gradient Checking notebook's
``gradient_check_n``), the picture is every parameter θ[i] of the network as a cell of its
array (``widgets/parameter_map.py``), coloured by how far the backward's grad and the
finite differences' gradapprox are apart, from ``dnnstep.engine.parameter_check``. The title
gives the notebook's ``difference`` and its verdict; the notes name the arrays whose elements
disagree, hence the backward formulas to look at (``dW[2]`` and ``db[1]`` in the shipped
``backward_propagation_n``). The numbers are those of the check steps ``check 1..L``.
"""

from __future__ import annotations

from textual.binding import Binding

from dnnstep.app.screens.picture import PictureScreen
from dnnstep.app.widgets.parameter_map import MODES, ParameterMap
from dnnstep.engine.parameter_check import COURSE_THRESHOLD, DISAGREE, ZERO, ParameterCheck, parameter_check


def what_to_look_at(check: ParameterCheck) -> str:
    """The notes: how many parameters disagree, in which arrays, and which formulas that points to."""
    wrong = check.wrong()
    total = sum(group.count(DISAGREE) for group in wrong)
    if not wrong:
        zero = sum(group.count(ZERO) for group in check.groups)
        return (f"Every one of the {check.size} parameters agrees ({zero} have grad = gradapprox = 0: dead units). "
                "The backward's formulas give the slope of J.")
    arrays = ", ".join(f"{g.name} ({g.count(DISAGREE)} of {g.size}"
                       + (f"; {_are(g.count(ZERO))} 0=0" if g.count(ZERO) else "") + ")" for g in wrong)
    formulas = " and ".join(f"d{g.name[0]}[{g.name[1:]}]" for g in wrong)
    return (f"{total} of the {check.size} parameters disagree: {arrays}. Look at the backward's formulas "
            f"for {formulas} (the formula pane at backward {', '.join(g.name[1:] for g in wrong)}).")


def _are(n: int) -> str:
    return f"{n} is" if n == 1 else f"{n} are"


class GradientCheckScreen(PictureScreen):
    BINDINGS = [Binding("t", "cells", "Cells show…"), Binding("G", "close", "Close", show=False)]

    DEFAULT_CSS = """
    GradientCheckScreen > .picture-notes { height: 3; }
    """

    def picture(self) -> ParameterMap:
        return ParameterMap(id="parameter-map")

    def action_cells(self) -> None:
        """The cells show the next of: the relative difference, grad / gradapprox, grad, gradapprox."""
        picture = self.query_one(ParameterMap)
        modes = list(MODES)
        picture.set_mode(modes[(modes.index(picture.mode) + 1) % len(modes)])

    def redraw(self) -> None:
        session = self.session
        iteration = self.iteration
        steps = session.cached(iteration)
        where = f"Gradient check · {session.scenario.name} · iteration {iteration}"
        if steps is None:  # never computes: the main screen's iteration is computed, or computing
            self.query_one(ParameterMap).show(None)
            self.set_title(where + " · computing…")
            self.set_notes("")
            return
        check = parameter_check(steps, session.cost_at(iteration))
        self.query_one(ParameterMap).show(check)
        verdict = ("> 2e-7: \"There is a mistake in the backward propagation!\"" if check.difference > COURSE_THRESHOLD
                   else "≤ 2e-7: \"Your backward propagation works perfectly fine!\"")
        self.set_title(f"Gradient check · difference = {check.difference:.10g} {verdict} · {session.scenario.name} · "
                       f"iteration {iteration} · {check.size} parameters, ε = {check.epsilon:g}")
        self.set_notes(what_to_look_at(check) + "  The colours are by the relative difference |grad − gradapprox| / "
                       "(|grad| + |gradapprox|); t: the cells show it, grad / gradapprox, grad or gradapprox; a heading's "
                       "diff is the array's ||grad − gradapprox|| / (||grad|| + ||gradapprox||).")

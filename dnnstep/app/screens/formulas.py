"""All of a step's formulas on a screen of their own, with the shapes under each operand.

An Adam update has twelve formulas (v, s, v̂, ŝ and the step for W and b, and the two
updates); on a short screen the formula pane has room for a few and says how many more there
are. ``F`` shows them all here, in the formula pane's own drawing, and follows the cursor like
every picture (``n``, ``p``, ``]``, ``[``).
"""

from __future__ import annotations

from textual.binding import Binding

from dnnstep.app.screens.picture import PictureScreen
from dnnstep.app.widgets.formula_pane import FormulaPane


class FormulasScreen(PictureScreen):
    BINDINGS = [Binding("F", "close", "Close", show=False)]

    DEFAULT_CSS = """
    FormulasScreen #all-formulas { height: 1fr; border: round $secondary; padding: 0 1; }
    """

    def picture(self) -> FormulaPane:
        return FormulaPane(id="all-formulas")

    def redraw(self) -> None:
        app = self.app
        session = self.session
        pane = self.query_one(FormulaPane)
        if not app.loaded:
            return
        step = app.step
        student = app.student.step(*app.position) if app.student is not None else None
        lines = app.formula_lines(step, student)
        # two rows a formula (the shapes under the operands) when the screen has them, else one
        pane.use_rows(2 * len(lines) > self.size.height - 6)
        pane.show(app.formula_title(step), lines)
        self.set_title(f"Formulas · {session.scenario.name} · iteration {step.iteration} · {step.label}: "
                       f"{len(lines)} formulas")
        self.set_notes("The course's formulas of this step, with the shape under each operand and the result's "
                       "shape derived from them (as the formula pane). n p ] [ move; F or escape closes.")

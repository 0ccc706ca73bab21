"""Dropout's masks: D[l] of every hidden layer at the cursor's iteration, as a picture.

For a scenario with dropout (``keep_prob < 1``), the masks the iteration's forward steps
multiplied A[l] by (``dnnstep.engine.pictures.dropout_picture``), drawn by
``widgets/mask_view.py``: each dropped entry is a unit shut off for one example, in the forward
pass (A[l] is 0 there) and in the backward pass (dA[l] is 0 there too). ``]`` and ``[`` show
another iteration's: the same masks, because the course seeds inside
``forward_propagation_with_dropout``, and the heading says whether the masks are that draw.
"""

from __future__ import annotations

from textual.binding import Binding
from textual.content import Content

from dnnstep.app.screens.picture import PictureScreen
from dnnstep.app.widgets.mask_view import MaskView
from dnnstep.engine.pictures import dropout_picture


class DropoutMaskScreen(PictureScreen):
    BINDINGS = [Binding("D", "close", "Close", show=False)]

    def picture(self) -> MaskView:
        return MaskView(id="mask-view")

    def redraw(self) -> None:
        session = self.session
        iteration = self.iteration
        steps = session.cached(iteration)  # never computes: the main screen's iteration is at hand
        view = self.query_one(MaskView)
        where = f"Dropout's masks · {session.scenario.name} · iteration {iteration} · keep_prob {session.training.keep_prob:g}"
        if steps is None:
            view.show(())
            self.set_title(where + " · computing…")
            return
        view.show(dropout_picture(steps, session.training))
        self.set_title(where)
        self.set_notes(Content.assemble(
            ("▌", f"bold $error on {'$primary 35%'}"), " dropped (D[l] = 0): the unit gives A = 0 for that example, and "
            "dA = 0 on the way back; the kept ones are scaled by 1/keep_prob. Rows are units, columns examples (two a "
            "cell; one, two or four units a line, as the height allows). ] [: another iteration, the same masks "
            "(the course seeds inside forward_propagation_with_dropout).",
        ))

"""A histogram of the focused pane's values, at the step the cursor is on.

``HistogramScreen(values)`` takes a function of no arguments that returns the tensor to
count now (``Values(name, array)``, or ``None`` when the step has no such tensor): the
screen follows the cursor like every picture, and counts the same tensor of each step it
moves to. The bars wear the heat map's colours, so the x axis is the heat map's legend.
"""

from __future__ import annotations

from typing import Callable

from textual.binding import Binding

from dnnstep.app.screens.picture import PictureScreen
from dnnstep.app.widgets.histogram_bars import HistogramBars, Values


class HistogramScreen(PictureScreen):
    BINDINGS = [Binding("H", "close", "Close", show=False)]

    def __init__(self, values: Callable[[], Values | None]) -> None:
        super().__init__()
        self.values = values

    def picture(self) -> HistogramBars:
        return HistogramBars(id="histogram")

    def redraw(self) -> None:
        values = self.values()
        iteration, index = self.position
        where = f"iteration {iteration}, step {index}"
        if values is None:
            self.set_title(f"Histogram · {where}: this step has no such tensor")
            return
        self.query_one(HistogramBars).show(values)
        shape = "x".join(str(n) for n in values.array.shape) or "scalar"
        self.set_title(f"Histogram of {values.name} ({shape}) · {self.session.scenario.name} · {where}")
        self.set_notes("Each bar counts the values in its range; its colour is the heat map's colour for those "
                       "values (h on the main screen), so this axis is the heat map's legend.")

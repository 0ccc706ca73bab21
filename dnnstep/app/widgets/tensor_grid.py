"""The grid of tensor panes: one pane per tensor name, shown when the step has it.

Every tensor name a step can hold has its own pane, created once; a step change only
shows, hides and refills panes, so focus stays on ``dW`` while you step through layers.
The grid picks its number of columns from its width and scrolls when the panes
would be too short to read.
"""

from __future__ import annotations

import math
from typing import Mapping

from textual.containers import ScrollableContainer

from dnnstep.app.widgets.tensor_pane import PaneContent, TensorPane

TENSOR_ORDER = (
    "A_prev", "W", "b", "Z", "A", "AL", "Y", "J", "dAL",
    "dA", "dZ", "dW", "db", "dA_prev", "W_new", "b_new",
)
"""Every tensor name of a Step, in the order the panes appear."""

MIN_PANE_HEIGHT = 8


class TensorGrid(ScrollableContainer, can_focus=False):
    """Holds the panes; ``show(contents)`` lays out the panes named in ``contents``."""

    DEFAULT_CSS = """
    TensorGrid {
        layout: grid;
        grid-gutter: 0 1;
        height: 1fr;
        scrollbar-size-vertical: 1;
        scrollbar-gutter: stable;
    }
    """

    def __init__(self, *, compare: bool = False, id: str | None = None) -> None:
        super().__init__(*(TensorPane(name, compare=compare) for name in TENSOR_ORDER), id=id)
        self.compare = compare
        self._shown: tuple[str, ...] = ()
        self._heat = False

    @property
    def panes(self) -> dict[str, TensorPane]:
        return {pane.tensor: pane for pane in self.query(TensorPane)}

    @property
    def shown(self) -> tuple[str, ...]:
        """The tensor names of the panes on show, in order."""
        return self._shown

    def show(self, contents: Mapping[str, PaneContent], heat: bool) -> None:
        """Show a pane for each name in ``contents`` and hide the others."""
        self._heat = heat
        shown = tuple(name for name in TENSOR_ORDER if name in contents)
        for pane in self.query(TensorPane):
            content = contents.get(pane.tensor)
            if content is None:
                pane.display = False
            else:
                pane.display = True
                pane.show(content, heat)
        if shown != self._shown:
            self._shown = shown
            self._layout_grid()

    def set_heat(self, heat: bool) -> None:
        self._heat = heat
        for pane in self.query(TensorPane):
            pane.set_heat(heat)

    def on_resize(self) -> None:
        self._layout_grid()

    def _layout_grid(self) -> None:
        count = max(1, len(self._shown))
        width, height = self.size
        if width <= 0:
            return
        per_column = 60 if self.compare else 36
        columns = max(1, min(count, width // per_column, 4))
        rows = math.ceil(count / columns)
        # Balance the columns: 8 panes in 3 columns lay out as 3+3+2 rows of 3 wide.
        columns = math.ceil(count / rows)
        self.styles.grid_size_columns = columns
        if height // rows >= MIN_PANE_HEIGHT:
            self.styles.grid_rows = "1fr"
        else:
            self.styles.grid_rows = str(MIN_PANE_HEIGHT)

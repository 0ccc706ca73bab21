"""The grid of tensor panes: eight slots that the current step's tensors fill in order.

A step holds at most eight tensors to show (backward: A_prev, W, Z, dA, dZ, dW, db,
dA_prev). The grid keeps eight panes on screen all the time and refills them in
``TENSOR_ORDER``, so stepping never changes the layout, only repaints: that is what keeps
a step change within a frame. Slots a step does not need stay empty. The grid picks its
number of columns from its width and scrolls when the panes would be too short to read.
"""

from __future__ import annotations

import math
from typing import Mapping

from textual.containers import ScrollableContainer

from dnnstep.app.widgets.tensor_pane import FrameCache, PaneContent, TensorPane
from dnnstep.engine.vocabulary import DISPLAY_ORDER

_ALPHA_AT = DISPLAY_ORDER.index("dA_prev")
TENSOR_ORDER = (*DISPLAY_ORDER[:_ALPHA_AT], "alpha", *DISPLAY_ORDER[_ALPHA_AT:], "dW_change")
"""Every tensor name of a Step (and the update's learning rate after db, and what the update
changed, ΔW, after W after), in the order the panes appear."""

SLOTS = 8
MIN_PANE_HEIGHT = 8
EMPTY = PaneContent("")


class TensorGrid(ScrollableContainer, can_focus=False):
    """Holds the panes; ``show(contents)`` fills them with the panes named in ``contents``."""

    DEFAULT_CSS = """
    TensorGrid {
        layout: grid;
        grid-gutter: 1 1;
        height: 1fr;
        scrollbar-size-vertical: 1;
        scrollbar-gutter: stable;
    }
    """

    def __init__(self, *, compare: bool = False, id: str | None = None) -> None:
        frames = FrameCache()  # the panes' finished lines, shared: a tensor moves between slots
        super().__init__(*(TensorPane(slot, compare=compare, frames=frames) for slot in range(SLOTS)), id=id)
        self.compare = compare
        self._shown: tuple[str, ...] = ()

    @property
    def slots(self) -> list[TensorPane]:
        return list(self.query(TensorPane))

    @property
    def panes(self) -> dict[str, TensorPane]:
        """The panes on show by tensor name."""
        return {pane.tensor: pane for pane in self.query(TensorPane) if pane.tensor}

    @property
    def shown(self) -> tuple[str, ...]:
        """The tensor names of the panes on show, in order."""
        return self._shown

    def show(self, contents: Mapping[str, PaneContent], heat: bool) -> None:
        """Fill the slots with ``contents`` in ``TENSOR_ORDER``; the rest stay empty."""
        names = [name for name in TENSOR_ORDER if name in contents][:SLOTS]
        self._shown = tuple(names)
        for i, pane in enumerate(self.query(TensorPane)):
            if i < len(names):
                pane.show(contents[names[i]], heat, tensor=names[i])
            else:
                pane.show(EMPTY, heat, tensor="")

    def predraw(self, contents: Mapping[str, PaneContent], heat: bool) -> None:
        """Draw what ``show(contents, heat)`` would show into the panes' frame cache only."""
        names = [name for name in TENSOR_ORDER if name in contents][:SLOTS]
        for i, pane in enumerate(self.query(TensorPane)):
            if i < len(names):
                pane.predraw(contents[names[i]], heat, tensor=names[i])
            else:
                pane.predraw(EMPTY, heat, tensor="")

    def set_heat(self, heat: bool) -> None:
        for pane in self.query(TensorPane):
            pane.set_heat(heat)

    def on_resize(self) -> None:
        self._layout_grid()

    def on_mount(self) -> None:
        self._layout_grid()

    def _layout_grid(self) -> None:
        width, height = self.size
        if width <= 0:
            return
        per_column = 60 if self.compare else 36
        columns = max(1, min(SLOTS, width // per_column, 4))
        rows = math.ceil(SLOTS / columns)
        self.styles.grid_size_columns = columns
        self.styles.grid_rows = "1fr" if height // rows >= MIN_PANE_HEIGHT else str(MIN_PANE_HEIGHT)

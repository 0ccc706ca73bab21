"""What a tensor pane shows (:class:`PaneContent`) and the cache of its drawn frames.

The app builds one PaneContent per tensor of a step (see ``dnnstep.app.contents``); the
panes of a grid share one :class:`FrameCache` of finished lines.
"""

from __future__ import annotations

from collections import Counter, OrderedDict
from dataclasses import dataclass
from typing import Callable

import numpy as np

from dnnstep.app.values import Summary
from dnnstep.app.widgets.array_window import palette


@dataclass(frozen=True)
class PaneContent:
    """What a pane shows; built by the app from the Step (and the student's Step).

    Attributes:
        title: the tensor in course notation (``"dW[3]"``): the title bar's first words, with the shape.
        subtitle: words about the values after them, dropped first when the bar is narrow.
        value: the array to show (the student's when comparing), or ``None``.
        summary: its display statistics.
        missing: the sentence shown instead of values when there are none.
        reference: the reference's array when comparing with a student.
        reference_summary: its statistics.
        difference: student minus reference, when the shapes agree.
        difference_summary: its statistics.
        mask: the cells that differ (reference-shaped), or ``None``.
        verdict: one line about the comparison (``"matches the reference"``, ``"3 of 20 cells differ"``).
        decimals: digits after the point (``None``: the pane's own choice, 4).
    """

    title: str
    value: np.ndarray | None = None
    summary: Summary | None = None
    missing: str = ""
    reference: np.ndarray | None = None
    reference_summary: Summary | None = None
    difference: np.ndarray | None = None
    difference_summary: Summary | None = None
    mask: np.ndarray | None = None
    verdict: str = ""
    decimals: int | None = None
    subtitle: str = ""

    @property
    def differs(self) -> bool:
        return bool(self.mask is not None and self.mask.any()) or self.verdict.startswith("no ")


class FrameCache:
    """Finished lines of panes, shared by the panes of a grid, the most recent kept.

    Keyed by everything a pane's lines depend on (its size, what it shows, the heat map,
    the scroll position, the focus, the theme), so a step that shows a tensor again (the
    previous step, the A[l] a forward step computed becoming the next step's input) gets
    its lines back instead of drawing them. An entry holds the PaneContent it was drawn
    from, which keeps its arrays alive, so the ``id`` of an array in a key cannot be
    taken by another array while the entry lives.
    """

    def __init__(self, size: int = 512) -> None:
        self._items: OrderedDict[tuple, tuple] = OrderedDict()
        self._size = size
        self.misses: Counter[str] = Counter()
        """How many times a pane's ``"lines"`` (or its ``"plan"``) were asked for and had to be made."""
        self._palette: tuple[str, dict] | None = None

    def palette(self, theme: str, variables: Callable[[], dict[str, str]]) -> dict:
        """The panes' cell styles in ``theme`` (``array_window.palette`` of the theme's
        ``variables()``), worked out once for all the panes: Textual works the variables out
        afresh on every call, a millisecond each, and an Adam update shows thirteen panes
        more than the step before it."""
        if self._palette is None or self._palette[0] != theme:
            self._palette = (theme, palette(variables()))
        return self._palette[1]

    def get(self, key: tuple) -> tuple | None:
        hit = self._items.get(key)
        if hit is not None:
            self._items.move_to_end(key)
        else:
            self.misses[key[0]] += 1
        return hit

    def put(self, key: tuple, value: tuple) -> None:
        self._items[key] = value
        self._items.move_to_end(key)
        while len(self._items) > self._size:
            self._items.popitem(last=False)

    def clear(self) -> None:
        self._items.clear()

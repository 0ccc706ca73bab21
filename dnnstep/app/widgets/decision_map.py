"""The decision boundary: the network's output over the input plane, with the training points.

Each cell is two half blocks (``▀``: its top half in the foreground colour, its bottom
half in the background colour), so a field of ``w`` x ``h`` cells shows ``w`` x ``2 h``
grid points. A grid point's colour says what the network predicts there: the colour of
label 1 where AL > 0.5, of label 0 where AL < 0.5, the deeper the surer, fading to the
background where AL is near 0.5, so the boundary is the dark seam between the colours.
Training points are ``●`` in their label's colour, on the cell they fall in. The axes are
drawn round the field: x2's round values on the left (largest at the top), x1's under it,
each axis named (``x1 →``, ``x2 ↑``), so the plane's ranges read as on a plot.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from rich.segment import Segment
from textual.strip import Strip

from dnnstep.app.canvas import nice_ticks, tick_label
from dnnstep.app.widgets.picture import Colours, Picture, text_strip
from dnnstep.engine.pictures import plane_bounds

LEVELS = 8
"""Shades per side of the boundary: AL is drawn in 2 LEVELS + 1 steps."""


@dataclass(frozen=True, eq=False)
class FieldView:
    """What the map draws: a field function and the labelled points.

    ``field(columns, rows) -> DecisionField`` computes AL on a grid of that many points
    (the map asks for ``columns`` x ``2 rows``); ``X: (2, m)`` and ``Y: (1, m)`` are the
    training points and labels; ``version`` changes when the parameters do.
    """

    field: object
    X: np.ndarray
    Y: np.ndarray
    version: object


def shade_levels(AL: np.ndarray) -> np.ndarray:
    """-LEVELS..LEVELS: the sign says which label the network predicts, the size how sure.

    0 only where AL is exactly 0.5; NaN (a network that blew up) is LEVELS + 1."""
    with np.errstate(invalid="ignore"):
        sure = np.clip(np.abs(AL - 0.5) * 2, 0, 1)
        level = np.ceil(sure * LEVELS).astype(np.int64)
    level = np.where(AL < 0.5, -level, level)
    level[~np.isfinite(AL)] = LEVELS + 1
    return level


class DecisionMap(Picture):
    """The coloured field and the points (see the module docstring)."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.view: FieldView | None = None
        self.last_field = None

    def show(self, view: FieldView) -> None:
        self.view = view
        self.refresh()

    def key(self) -> tuple:
        return (id(self.view), self.view.version if self.view is not None else None)

    def _shade(self, c: Colours, level: int):
        if level == LEVELS + 1:
            return c.warning
        if level == 0:
            return c.background
        base = c.label1 if level > 0 else c.label0
        return c.background.blend(base, 0.12 + 0.5 * abs(level) / LEVELS)

    def draw(self, width: int, height: int) -> list[Strip]:
        c = self.colours
        blank = c.style(c.foreground)
        view = self.view
        if view is None:
            return [Strip.blank(width, blank) for _ in range(height)]
        if width < 12 or height < 4:  # no room for axes: the field alone
            return self._field_lines(view, width, height)
        _, _, low, high = plane_bounds(view.X)  # x2's range: the labels' room on the left
        left = 2 + max(len(tick_label(t)) for t in _ticks(np.array([low, high]), height // 4) + [low, high])
        lines = self._field_lines(view, width - left, height - 1)
        field = self.last_field
        muted = c.style(c.muted)
        x2_ticks = {int(np.argmin(np.abs(field.x2[::2] - t))): t for t in _ticks(field.x2, height // 4)}
        framed = []
        for r, line in enumerate(lines):
            label = "x2 ↑" if r == 0 else (tick_label(x2_ticks[r]) + " ┤" if r in x2_ticks else "│")
            framed.append(Strip([Segment(label.rjust(left), muted), *line], width))
        axis = [" "] * (width - left)
        name = "x1 →"  # the axis's name first, at its right end; the round values where they fit
        axis[-len(name):] = name
        for t in _ticks(field.x1, (width - left) // 12):
            text, at = "┬" + tick_label(t), int(np.argmin(np.abs(field.x1 - t)))
            if at + len(text) <= len(axis) and all(ch == " " for ch in axis[max(0, at - 1):at + len(text) + 1]):
                axis[at:at + len(text)] = text
        framed.append(text_strip([(" " * (left - 1) + "└", muted), ("".join(axis), muted)], width, blank))
        return framed

    def _field_lines(self, view: FieldView, width: int, height: int) -> list[Strip]:
        """The coloured field and the points, ``width`` x ``height`` cells."""
        c = self.colours
        field = view.field(width, 2 * height)
        self.last_field = field
        levels = shade_levels(field.AL)
        shades = {level: self._shade(c, level) for level in range(-LEVELS, LEVELS + 2)}
        halves: dict[tuple[int, int], object] = {}
        rows, columns = field.cell_of(view.X)
        points: dict[tuple[int, int], int] = {}
        labels = view.Y.reshape(-1).tolist()
        for r, col, y in zip((rows // 2).tolist(), columns.tolist(), labels):
            points[(r, col)] = int(y > 0.5)  # a later point on the same cell is drawn over an earlier one
        point_style = {label: {} for label in (0, 1)}
        lines = []
        top_levels, bottom_levels = levels[0::2].tolist(), levels[1::2].tolist()
        for r in range(height):
            top, bottom = top_levels[r], bottom_levels[r]
            segments: list[Segment] = []
            run_key = None
            text = []
            for col in range(width):
                label = points.get((r, col))
                if label is not None:
                    if run_key is not None:
                        segments.append(Segment("".join(text), run_key))
                        text, run_key = [], None
                    styles = point_style[label]
                    style = styles.get(top[col])
                    if style is None:
                        colour = c.label1 if label else c.label0
                        style = styles[top[col]] = c.style(colour.lighten(0.25), shades[top[col]], bold=True)
                    segments.append(Segment("●", style))
                    continue
                pair = (top[col], bottom[col])
                style = halves.get(pair)
                if style is None:
                    style = halves[pair] = c.style(shades[pair[0]], shades[pair[1]])
                if style is not run_key:
                    if run_key is not None:
                        segments.append(Segment("".join(text), run_key))
                    text, run_key = [], style
                text.append("▀")
            if run_key is not None:
                segments.append(Segment("".join(text), run_key))
            lines.append(Strip(segments, width))
        return lines


def _ticks(values: np.ndarray, count: int) -> list[float]:
    """About ``count`` round values within the range of ``values`` (an axis's centres)."""
    lo, hi = float(np.min(values)), float(np.max(values))
    return nice_ticks(lo, hi, max(1, count))

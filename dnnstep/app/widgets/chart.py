"""A line chart in braille: series over iterations, labelled axes, linear or log scale.

``Chart.show(ChartData(...))`` draws every series as a polyline of braille dots (2 x 4 per
cell), the y axis with round ticks (decades on a log scale), the x axis with its label,
and a dotted vertical marker (the current iteration). On a log scale, values that are 0
cannot be drawn at any height: they go on a row of their own at the bottom, labelled 0
(a gradient that stopped flowing is seen, not hidden); negative values are left out.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from rich.segment import Segment
from textual.color import Color
from textual.strip import Strip

from dnnstep.app.canvas import braille_codes, decade_ticks, nice_ticks, span, tick_label, trace
from dnnstep.app.widgets.picture import Picture, text_strip


@dataclass(frozen=True, eq=False)
class Series:
    """One line: ``y[i]`` at ``x[i]``, drawn in ``colour`` (a layer number or "label1")."""

    name: str
    x: np.ndarray
    y: np.ndarray
    colour: int | str = "label1"


@dataclass(frozen=True, eq=False)
class ChartData:
    series: tuple[Series, ...]
    x_label: str
    y_label: str
    log: bool = False
    marker: float | None = None
    x_range: tuple[float, float] | None = None
    version: object = field(default=None)

    def y_span(self) -> tuple[float, float] | None:
        spans = [s for s in (span(series.y, self.log) for series in self.series) if s is not None]
        if not spans:
            return None
        return min(lo for lo, _ in spans), max(hi for _, hi in spans)

    def x_span(self) -> tuple[float, float]:
        if self.x_range is not None:
            return self.x_range
        xs = [s.x for s in self.series if len(s.x)]
        hi = max((float(np.nanmax(x)) for x in xs), default=1.0)
        lo = min((float(np.nanmin(x)) for x in xs), default=0.0)
        return lo, max(hi, lo + 1)


class Chart(Picture):
    """A braille line chart (see the module docstring)."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.data: ChartData | None = None

    def show(self, data: ChartData) -> None:
        self.data = data
        self.refresh()

    def key(self) -> tuple:
        return (id(self.data), self.data.version if self.data is not None else None)

    def draw(self, width: int, height: int) -> list[Strip]:
        c = self.colours
        plain = c.style(c.foreground)
        muted = c.style(c.muted)
        data = self.data
        if data is None or height < 4 or width < 16:
            return [text_strip([], width, plain) for _ in range(height)]
        y_span = data.y_span()
        plot_h = height - 3
        ticks = []
        if y_span is not None:
            lo, hi = y_span
            ticks = (decade_ticks if data.log else nice_ticks)(lo, hi, max(2, plot_h // 3))
        labels = [tick_label(t, data.log) for t in ticks]
        gutter = max([len(s) for s in labels] + [3]) + 1
        plot_w = width - gutter - 1
        lines: list[Strip] = [text_strip([(data.y_label, c.style(c.accent, bold=True))], width, plain)]
        dots_h, dots_w = 4 * plot_h, 2 * plot_w
        zero_row = data.log and plot_h > 3 and any(np.any(np.asarray(s.y) == 0) for s in data.series)
        log_h = dots_h - 4 if zero_row else dots_h  # the dots above the row of zeros
        x_lo, x_hi = data.x_span()

        def dot_x(x: np.ndarray) -> np.ndarray:
            return (np.asarray(x, dtype=np.float64) - x_lo) / (x_hi - x_lo) * (dots_w - 1)

        def dot_y(y: np.ndarray) -> np.ndarray:
            y = np.asarray(y, dtype=np.float64)
            if not data.log:
                return (1 - (y - lo) / (hi - lo)) * (dots_h - 1)
            with np.errstate(all="ignore"):
                logs = np.where(y > 0, np.log10(np.where(y > 0, y, 1.0)), np.nan)
            rows = (1 - (logs - lo) / (hi - lo)) * (log_h - 1)
            return np.where(y == 0, dots_h - 2, rows) if zero_row else rows

        cell_colour = np.full((plot_h, plot_w), -1, dtype=np.int64)
        codes = np.full((plot_h, plot_w), 0x2800, dtype=np.int64)
        palette: list[Color] = [c.accent]
        if y_span is not None:
            marker = np.zeros((dots_h, dots_w), dtype=bool)
            if data.marker is not None and x_lo <= data.marker <= x_hi:
                column = int(round(float(dot_x(np.array([data.marker]))[0])))
                marker[::2, column] = True
            codes = braille_codes(marker)
            cell_colour[codes != 0x2800] = 0
            for series in data.series:
                dots = np.zeros_like(marker)
                trace(dots, dot_x(series.x), dot_y(series.y))
                mine = braille_codes(dots)
                palette.append(c.layer(series.colour) if isinstance(series.colour, int) else getattr(c, series.colour))
                cell_colour[mine != 0x2800] = len(palette) - 1
                codes |= mine
        tick_rows = {}
        if y_span is not None:
            for t, label in zip(ticks, labels):
                row = int(round((1 - (t - lo) / (hi - lo)) * (log_h - 1) / 4))
                tick_rows.setdefault(row, label)
            if zero_row:
                tick_rows[plot_h - 1] = "0"
        styles = [c.style(colour) for colour in palette]
        for row, cells in enumerate(_cells(codes, cell_colour, styles, plain)):
            label = tick_rows.get(row, "")
            segments = [Segment(label.rjust(gutter - 1) + " ", muted), Segment("┤" if label else "│", muted), *cells]
            lines.append(Strip(segments, gutter + 1 + plot_w))  # braille cells are one column wide
        axis = ["─"] * plot_w
        x_ticks = nice_ticks(x_lo, x_hi, max(2, plot_w // 12), whole=True)
        name = f" {data.x_label}"
        under = [" "] * plot_w
        free = plot_w - len(name) - 1  # the axis's name keeps the end of the line
        for t in x_ticks:
            column = int(round((t - x_lo) / (x_hi - x_lo) * (plot_w - 1)))
            axis[column] = "┬"
            text = tick_label(t)
            start = min(max(0, column - len(text) // 2), plot_w - len(text))
            if start + len(text) <= free and all(ch == " " for ch in under[max(0, start - 1):start + len(text) + 1]):
                under[start:start + len(text)] = list(text)
        under_text = "".join(under[:max(0, free)]) + name
        lines.append(text_strip([(" " * (gutter - 1) + " └" + "".join(axis), muted)], width, plain))
        lines.append(text_strip([(" " * (gutter + 1) + under_text, muted)], width, plain))
        return lines


def _cells(codes: np.ndarray, colour: np.ndarray, styles: list, blank) -> list[list[Segment]]:
    """Each row of braille cells as segments, one per run of cells of the same colour (the
    text of all rows decoded at once: a row at a time was a third of the chart's drawing)."""
    height, width = codes.shape
    text = codes.astype("<u4").tobytes().decode("utf-32-le").replace("\u2800", " ")
    changes = np.diff(colour, axis=1) != 0
    rows = []
    for row in range(height):
        line = text[row * width:(row + 1) * width]
        bounds = [0, *(np.flatnonzero(changes[row]) + 1).tolist(), width]
        colours = colour[row, bounds[:-1]].tolist()
        rows.append([Segment(line[a:b], styles[k] if k >= 0 else blank) for a, b, k in zip(bounds, bounds[1:], colours)])
    return rows

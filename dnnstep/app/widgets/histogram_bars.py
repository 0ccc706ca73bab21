"""A histogram of a tensor's values, each bar in the heat map's colour for its values.

Bars grow in eighths of a cell. The colour of a bar is the heat-map shade of the value at
its centre (``dnnstep.app.values.heat_levels`` against the tensor's largest magnitude, the
palette of ``array_window``), so the histogram is also the heat map's legend: the x axis
says which colour is which value. NaN and Inf, which have no place on the axis, are
counted on the last line.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from rich.segment import Segment
from textual.color import Color
from textual.strip import Strip

from dnnstep.app.canvas import nice_ticks, tick_label
from dnnstep.app.values import heat_levels
from dnnstep.app.widgets.strips import fit
from dnnstep.app.widgets.picture import Picture, text_strip
from dnnstep.engine.pictures import Histogram, histogram

EIGHTHS = " ▁▂▃▄▅▆▇█"


@dataclass(frozen=True, eq=False)
class Values:
    """The tensor to count: ``name`` (``dW[3]``) and its array."""

    name: str
    array: np.ndarray


class HistogramBars(Picture):
    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.values: Values | None = None
        self.last: Histogram | None = None

    def show(self, values: Values) -> None:
        if self.values is not None and values.array is self.values.array and values.name == self.values.name:
            return  # the same tensor: no new count
        self.values = values
        self.refresh()

    def key(self) -> tuple:
        return (id(self.values),)

    def draw(self, width: int, height: int) -> list[Strip]:
        c = self.colours
        plain, muted = c.style(c.foreground), c.style(c.muted)
        if self.values is None or height < 5 or width < 20:
            return [Strip.blank(width, plain) for _ in range(height)]
        array = self.values.array
        plot_h = height - 3
        gutter = 8
        plot_w = width - gutter - 1
        bins = max(1, min(plot_w // 2, max(8, 2 * int(np.sqrt(array.size)))))
        cell = max(2, plot_w // bins)  # cells per bar
        h = self.last = histogram(array, bins)
        finite = array[np.isfinite(array)] if array.size else array
        scale = float(np.max(np.abs(finite))) if finite.size else 0.0
        centres = (h.edges[:-1] + h.edges[1:]) / 2
        heat = self.heat
        styles = [heat[("heat", int(level))] for level in heat_levels(centres, scale)]
        top = max(1, int(h.counts.max()))
        eighths = np.rint(h.counts / top * plot_h * 8).astype(np.int64)
        eighths[(h.counts > 0) & (eighths == 0)] = 1  # one value still shows
        ticks = {int(round((1 - t / top) * (plot_h - 1))): tick_label(t) for t in nice_ticks(0, top, max(2, plot_h // 4), whole=True)}
        bar_styles = [c.style(Color.from_rich_color(style.bgcolor)) for style in styles]
        blank = " " * cell
        lines = []
        for row in range(plot_h):
            level = (plot_h - 1 - row) * 8  # eighths below this row
            label = ticks.get(row, "")
            segments = [Segment(label.rjust(gutter - 1) + " ", muted), Segment("┤" if label else "│", muted)]
            run = 0  # empty cells not written yet: one blank segment for a run of them
            for b, fill in enumerate(np.clip(eighths - level, 0, 8).tolist()):
                if not fill:
                    run += cell
                    continue
                if run:
                    segments.append(Segment(blank if run == cell else " " * run, plain))
                    run = 0
                bar = EIGHTHS[fill] * (cell - 1) + (" " if cell > 2 else EIGHTHS[fill])  # a gap between wide bars
                segments.append(Segment(bar, bar_styles[b]))
            if run:
                segments.append(Segment(" " * run, plain))
            lines.append(fit(Strip(segments), width, plain))
        lines.append(text_strip([(" " * gutter + "└" + "─" * (cell * bins), muted)], width, plain))
        lo, hi = float(h.edges[0]), float(h.edges[-1])
        left, right = f"{lo:.4g}", f"{hi:.4g}"
        axis = [" "] * (cell * bins)
        axis[:len(left)] = list(left)
        axis[len(axis) - len(right):] = list(right)
        if lo < 0 < hi:
            zero = int(round(-lo / (hi - lo) * (cell * bins - 1)))
            if len(left) + 1 < zero < len(axis) - len(right) - 1:
                axis[zero] = "0"
        lines.append(text_strip([(" " * (gutter + 1) + "".join(axis), muted)], width, plain))
        rest = f"{h.total} values: {int(h.counts.sum())} finite in {bins} bins of width {(hi - lo) / bins:.3g}"
        rest += f"; NaN {h.nan}, Inf {h.inf}" if h.nan or h.inf else "; no NaN/Inf"
        lines.append(text_strip([(" " * (gutter + 1) + rest, plain)], width, plain))
        return lines


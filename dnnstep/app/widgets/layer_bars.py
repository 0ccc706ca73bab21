"""One row per layer at one iteration: a value on a log-scale bar, and the dead-ReLU share.

``LayerBars.show(rows)`` with ``rows = [LayerRow(layer, value, extra, dead), ...]``: the
value (``||dW[l]||``) as a bar whose length is its order of magnitude between the smallest
and largest decade shown, so a layer 10 000 times smaller than the others is short at a
glance; a value of 0 has no bar and says 0; NaN or Inf is marked in the warning colour.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from textual.strip import Strip

from dnnstep.app.widgets.picture import Picture, text_strip


@dataclass(frozen=True)
class LayerRow:
    layer: int
    name: str
    value: float
    extra: str
    dead: float | None


@dataclass(frozen=True)
class Bars:
    rows: tuple[LayerRow, ...]
    lo: float  # log10 of the bar's left end
    hi: float  # log10 of the bar's right end
    heading: str


class LayerBars(Picture):
    DEFAULT_CSS = """
    LayerBars { height: auto; }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.bars: Bars | None = None

    def show(self, bars: Bars) -> None:
        grew = self.bars is None or len(bars.rows) != len(self.bars.rows)
        self.bars = bars
        self.refresh(layout=grew)

    def get_content_height(self, container, viewport, width: int) -> int:
        return 1 + (len(self.bars.rows) if self.bars else 0)

    def key(self) -> tuple:
        return (self.bars,)

    def draw(self, width: int, height: int) -> list[Strip]:
        c = self.colours
        plain = c.style(c.foreground)
        muted = c.style(c.muted)
        bars = self.bars
        if bars is None:
            return []
        name_w = max(len(r.name) for r in bars.rows) if bars.rows else 5
        bar_w = max(8, min(50, width - name_w - 60))
        lines = [text_strip([(" " * (name_w + 3), plain), (bars.heading, c.style(c.accent, bold=True))], width, plain)]
        for row in bars.rows:
            colour = c.style(c.layer(row.layer), bold=True)
            parts = [(f" {row.name.ljust(name_w)} ", colour), ("━ ", colour)]
            value = row.value
            if not math.isfinite(value):
                parts += [(f"{value!s:>10} ", c.style(c.warning, bold=True)), ("▕" + "!" * bar_w + "▏", c.style(c.warning))]
            else:
                filled = 0.0
                if value > 0 and bars.hi > bars.lo:
                    filled = (math.log10(value) - bars.lo) / (bars.hi - bars.lo)
                    filled = min(1.0, max(1 / (2 * bar_w), filled))
                cells = filled * bar_w
                whole = int(cells)
                bar = "█" * whole + (" ▏▎▍▌▋▊▉"[int((cells - whole) * 8)] if whole < bar_w else "")
                parts += [(f"{value:10.3e} " if value else f"{'0':>10} ", plain),
                          ("▕", muted), (bar.ljust(bar_w), c.style(c.layer(row.layer))), ("▏", muted)]
            parts.append((f"  {row.extra}", plain))
            if row.dead is not None:
                dead = c.style(c.warning if row.dead >= 0.5 else c.foreground)
                parts += [("  dead relu ", muted), (f"{row.dead:4.0%} ", dead),
                          ("█" * round(row.dead * 10) + "░" * (10 - round(row.dead * 10)), dead)]
            lines.append(text_strip(parts, width, plain))
        return lines

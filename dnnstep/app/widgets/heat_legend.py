"""The heat map's legend in one line: which shade is which value (or, with the heat map off,
the keys that look closer at the focused pane).

The line keeps its row whether the heat map is on or off, so that ``h`` repaints one line
instead of laying out the whole screen again (17 ms at 160x50). On a short screen
(``Screen.-short``, in ``app.tcss``) the row is given back to the panes and appears only
with the heat map.
``HeatLegend.show(name, scale)``: from ``-scale`` (the deepest ``$error`` shade) through
0 (the background) to ``+scale`` (the deepest ``$primary`` shade), and the NaN/Inf colour,
with the shades of ``array_window.palette`` that the panes use, for the tensor ``name``
whose largest magnitude is ``scale``.
"""

from __future__ import annotations

from textual.strip import Strip

from dnnstep.app.values import HEAT_LEVELS
from dnnstep.app.widgets.picture import Picture, text_strip


class HeatLegend(Picture):
    DEFAULT_CSS = """
    HeatLegend { height: 1; }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.name_scale: tuple[str, float] | None = None
        self.hint = lambda width: ""

    def show(self, name: str, scale: float) -> None:
        """The heat map is on: the shades of ``name``, whose largest magnitude is ``scale``."""
        self.set_class(True, "-heat")
        if (name, scale) != self.name_scale:
            self.name_scale = (name, scale)
            self.refresh()

    def show_hint(self, hint) -> None:
        """The heat map is off: ``hint(width)`` (the keys that look closer, as many as fit)
        in the legend's row."""
        self.set_class(False, "-heat")
        if self.name_scale is not None or hint != self.hint:
            self.name_scale, self.hint = None, hint
            self.refresh()

    def key(self) -> tuple:
        return (self.name_scale, self.hint)

    def draw(self, width: int, height: int) -> list[Strip]:
        c = self.colours
        plain, muted = c.style(c.foreground), c.style(c.muted)
        if self.name_scale is None:
            return [text_strip([(self.hint(width), muted)], width, plain)]
        name, scale = self.name_scale
        heat = self.heat
        # the longest that fits: the words go first, then the shades narrow; both ends of the
        # scale and the NaN/Inf key always stay
        for intro, shade, gap in ((f" heat map of {name}: ", "  ", "   "), (f" {name}: ", "  ", "  "),
                                  (f" {name}: ", " ", " "), (" ", " ", " ")):
            parts = [(intro, muted), (f"{-scale:.3g} ", plain)]
            parts += [(shade, heat[("heat", level)]) for level in range(-HEAT_LEVELS, 0)]
            parts += [(" 0 ", plain)]
            parts += [(shade, heat[("heat", level)]) for level in range(1, HEAT_LEVELS + 1)]
            parts += [(f" {scale:.3g}", plain), (f"{gap}NaN/Inf ", muted), ("  ", heat[("heat", HEAT_LEVELS + 1)])]
            if sum(len(text) for text, _ in parts) <= width:
                break
        return [text_strip(parts, width, plain)]

"""The map of the network: one column per layer n[0..L], the current layer highlighted.

Each column gives the layer's size and activation; arrows between columns point the way
the current phase travels (right for forward, left for backward). Clicking a layer posts
``NetworkMap.LayerChosen``; the app decides where that goes.
"""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from textual.color import Color
from textual.content import Content
from textual.events import Click
from textual.strip import Strip
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from dnnstep.app.fast import KeptFrames


class NetworkMap(KeptFrames, Widget):
    """The layers of a network; ``current = (phase, layer)`` chooses the highlight."""

    DEFAULT_CSS = """
    NetworkMap { height: 2; }
    """

    current: reactive[tuple[str, int]] = reactive(("forward", 1))

    class LayerChosen(Message):
        """The user clicked layer ``layer`` (1..L)."""

        def __init__(self, layer: int) -> None:
            super().__init__()
            self.layer = layer

    def __init__(self, layer_dims: tuple[int, ...], activations: tuple[str, ...], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.set_network(layer_dims, activations)

    def frame_key(self) -> tuple:
        return (self.current, self.layer_dims, self.activations)

    def predraw(self, current: tuple[str, int]) -> None:
        """Keep the frame ``current = ...`` will show, drawn now (``draw_ahead``)."""
        self.draw_ahead({"current": current})

    def set_network(self, layer_dims: tuple[int, ...], activations: tuple[str, ...]) -> None:
        self.layer_dims = tuple(layer_dims)
        self.activations = tuple(activations)
        self._spans: list[tuple[int, int]] = []
        self._theme: str | None = None
        self._palette: dict[str, Style] = {}
        self._base: Style | None = None
        self._cache: dict = {}
        self.refresh()

    SHORT = {"sigmoid": "σ", "relu": "relu", "tanh": "tanh", "leaky_relu": "lrelu"}

    def _labels(self, short: bool = False) -> list[tuple[str, str]]:
        """``(size, activation)`` of each layer; ``short`` drops ``n[l]=`` and abbreviates."""
        if short:
            labels = [(str(self.layer_dims[0]), "X")]
            for l in range(1, len(self.layer_dims)):
                labels.append((str(self.layer_dims[l]), self.SHORT.get(self.activations[l - 1], self.activations[l - 1])))
            return labels
        labels = [(f"n[0]={self.layer_dims[0]}", "input X")]
        for l in range(1, len(self.layer_dims)):
            labels.append((f"n[{l}]={self.layer_dims[l]}", self.activations[l - 1]))
        return labels

    def _styles(self) -> dict[str, Style]:
        if self.app.theme != self._theme:
            v = self.app.get_css_variables()

            def color(name: str, fallback: str = "foreground"):
                return Color.parse(v.get(name) or v.get(fallback) or "white")

            accent = color("accent", "primary")
            self._palette = {
                "$foreground-muted": Style(color=color("foreground-muted").rich_color),
                "$text-primary": Style(color=color("text-primary", "primary").rich_color),
                "bold reverse $accent": Style(color=accent.get_contrast_text().rich_color, bgcolor=accent.rich_color, bold=True),
                "bold $accent": Style(color=accent.rich_color, bold=True),
                "italic $text-secondary": Style(color=color("text-secondary", "secondary").rich_color, italic=True),
                "": Style(),
            }
            self._theme = self.app.theme
            self._base = self.rich_style
            self._cache.clear()
        return self._palette

    def render_line(self, y: int) -> Strip:
        """The two rows, drawn as strips (Textual's Line API) and kept per cursor and width."""
        width = self.size.width
        styles = self._styles()
        key = (self.current, width, self.layer_dims, self.activations)
        rows = self._cache.get(key)
        if rows is None:
            rows = [
                Strip([Segment(text, styles[name]) for text, name in row]).crop_extend(0, width, None).apply_style(self._base)
                for row in self._rows()
            ]
            self._cache = {key: rows}
        return rows[y] if y < len(rows) else Strip.blank(width, self._base)

    def render(self) -> Content:
        """The map as text with styles (what ``render_line`` draws)."""
        return Content("\n").join([Content.assemble(*row) for row in self._rows()])

    def _rows(self) -> list[list[tuple[str, str]]]:
        phase, layer = self.current
        backward = phase == "backward"
        arrow = " ◀─ " if backward else " ─▶ "
        labels = self._labels()
        width = max(len(max(pair, key=len)) for pair in labels)
        available = self.size.width - (len(labels) - 1) * len(arrow) - 8
        if available < width * len(labels):
            labels = self._labels(short=True)
            arrow = " ◀ " if backward else " ▶ "
            available = self.size.width - (len(labels) - 1) * len(arrow) - 8
            need = max(len(max(pair, key=len)) for pair in labels)
            width = max(need, min(available // len(labels), 9))
            if available < width * len(labels):
                arrow = "◀" if backward else "▶"
                width = max(2, (self.size.width - len(labels) - 8) // len(labels))
        top: list[tuple[str, str]] = []
        bottom: list[tuple[str, str]] = []
        spans = []
        x = 0
        for l, (size, act) in enumerate(labels):
            if l:
                top.append((arrow, "$foreground-muted"))
                bottom.append((" " * len(arrow), ""))
                x += len(arrow)
            here = l == layer and phase != "cost"
            style = "bold reverse $accent" if here else ("$text-primary" if l else "$foreground-muted")
            top.append((size[:width].center(width), style))
            bottom.append((act[:width].center(width), "bold $accent" if here else "$foreground-muted"))
            spans.append((x, x + width))
            x += width
        end = {"forward": " ─▶ J", "cost": " ─▶ J", "backward": " ◀─ dAL", "update": "  := α", "check": "  ±ε"}[phase]
        top.append((end, "bold reverse $accent" if phase == "cost" else "$foreground-muted"))
        where = {"forward": "forward ▶", "cost": "cost", "backward": "◀ backward", "update": "update W, b",
                 "check": "check dW, db"}[phase]
        bottom.append((f"   {where}", "italic $text-secondary"))
        self._spans = spans
        return [top, bottom]

    @property
    def spans(self) -> list[tuple[int, int]]:
        """The columns ``(start, end)`` each layer's label takes, layer 0 first."""
        return list(self._spans)

    def on_click(self, event: Click) -> None:
        for l, (start, end) in enumerate(self._spans):
            if start <= event.x < end and l >= 1:
                self.post_message(self.LayerChosen(l))
                return

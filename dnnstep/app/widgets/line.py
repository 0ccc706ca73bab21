"""A one-line (or few-line) text that repaints without asking for a new layout.

``Static.update`` asks the screen for a new layout on every call, which costs a reflow
of the whole screen. The debugger changes many small texts on every step (summaries,
the where-you-are line), all in boxes of fixed height, so they only need a repaint.
Its lines go to the compositor as drawn (see ``direct_lines``) unless it has padding.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual.content import Content
from textual.strip import Strip
from textual.visual import Visual, visualize

from dnnstep.app.widgets.direct_lines import DirectLines


class Line(DirectLines):
    """Text in a fixed-height box; ``update`` repaints it."""

    DEFAULT_CSS = """
    Line { height: 1; }
    """

    def __init__(self, text: str | Content = "", *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._text: str | Content = text

    @property
    def text(self) -> str:
        return str(self._text)

    def update(self, text: str | Content) -> None:
        if text != self._text:
            self._text = text
            self.refresh()

    def render(self) -> Content:
        return self._text if isinstance(self._text, Content) else Content(self._text)

    _look: tuple[tuple, tuple[Style, Style | None] | None] | None = None

    def render_line(self, y: int) -> Strip:
        # A plain one-line text that fits: one segment in the style Textual's pass gives it
        # (and the blanks after it, if that pass adds them). The position line changes on
        # every step, and Textual's visual pass took half a millisecond for it.
        text = self._text
        width, height = self.size
        if y == 0 and height == 1 and isinstance(text, str) and text and "\n" not in text:
            used = cell_len(text)
            look = self._text_look(width) if used <= width else None
            if look is not None:
                text_style, blank_style = look
                if blank_style is None:
                    return Strip([Segment(text, text_style)], used)
                blanks = [Segment(" " * (width - used), blank_style)] if used < width else []
                return Strip([Segment(text, text_style), *blanks], width)
        return super().render_line(y)

    def _text_look(self, width: int) -> tuple[Style, Style | None] | None:
        """The style Textual's pass gives a plain text (and the blanks after it, when it adds
        them), read from its line for ``"x"``; ``None`` when that line is anything else (an
        aligned text goes Textual's way)."""
        key = (self.styles._cache_key, self.app.theme, width)
        if self._look is None or self._look[0] != key:
            # (not self._render(): it keeps the visual it makes, for this text)
            probe = list(Visual.to_strips(self, visualize(self, Content("x")), width, 1, self.visual_style)[0])
            look = None
            if probe and probe[0].text == "x" and not any(segment.control for segment in probe):
                blanks = probe[1:]
                if not blanks:
                    look = (probe[0].style, None)
                elif "".join(b.text for b in blanks) == " " * (width - 1) and len({b.style for b in blanks}) == 1:
                    look = (probe[0].style, blanks[0].style)
            self._look = (key, look)
        return self._look[1]

"""A one-line (or few-line) text that repaints without asking for a new layout.

``Static.update`` asks the screen for a new layout on every call, which costs a reflow
of the whole screen. The debugger changes many small texts on every step (summaries,
the where-you-are line), all in boxes of fixed height, so they only need a repaint.
With the fast drawing on, a plain text is drawn as one segment (``fast/line_text.py``) and
the lines go to the compositor as drawn (``fast/direct_lines.py``) unless it has padding.
"""

from __future__ import annotations

from textual.content import Content

from dnnstep.app.fast import DirectLines, OneSegmentText


class Line(OneSegmentText, DirectLines):
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

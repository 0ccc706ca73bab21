"""A plain one-line text drawn as one segment, in the style Textual's pass gives it.

The position line changes on every step, and Textual's visual pass took half a millisecond
for it. :class:`OneSegmentText` draws a plain text that fits as one segment (and the blanks
after it, if that pass adds them), in the style read once from Textual's own line for
``"x"`` (per style, theme and width: ``RenderStyles._cache_key`` counts every style change);
anything else (an aligned text, a Content, two lines) goes Textual's way.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual.content import Content
from textual.strip import Strip
from textual.visual import Visual, visualize


class OneSegmentText:
    """Mix in before a ``DirectLines`` widget whose ``_text`` is what it shows."""

    _look: tuple[tuple, tuple[Style, Style | None] | None] | None = None

    def render_line(self, y: int) -> Strip:
        text = self._text  # type: ignore[attr-defined]
        width, height = self.size  # type: ignore[attr-defined]
        if y == 0 and height == 1 and isinstance(text, str) and text and "\n" not in text:
            used = cell_len(text)
            look = self._text_look(width) if used <= width else None
            if look is not None:
                text_style, blank_style = look
                if blank_style is None:
                    return Strip([Segment(text, text_style)], used)
                blanks = [Segment(" " * (width - used), blank_style)] if used < width else []
                return Strip([Segment(text, text_style), *blanks], width)
        return super().render_line(y)  # type: ignore[misc]

    def _text_look(self, width: int) -> tuple[Style, Style | None] | None:
        """The style Textual's pass gives a plain text (and the blanks after it, when it adds
        them), read from its line for ``"x"``; ``None`` when that line is anything else (an
        aligned text goes Textual's way)."""
        key = (self.styles._cache_key, self.app.theme, width)  # type: ignore[attr-defined]
        if self._look is None or self._look[0] != key:
            # (not self._render(): it keeps the visual it makes, for this text)
            probe = list(Visual.to_strips(self, visualize(self, Content("x")), width, 1,  # type: ignore[arg-type]
                                          self.visual_style)[0])  # type: ignore[attr-defined]
            look = None
            if probe and probe[0].text == "x" and not any(segment.control for segment in probe):
                blanks = probe[1:]
                if not blanks:
                    look = (probe[0].style, None)
                elif "".join(b.text for b in blanks) == " " * (width - 1) and len({b.style for b in blanks}) == 1:
                    look = (probe[0].style, blanks[0].style)
            self._look = (key, look)
        return self._look[1]

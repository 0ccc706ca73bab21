"""Handing the compositor finished lines, without Textual's per-line styling pass.

Textual draws a widget line by line through its styles cache: for every line that
changed it reads the border, outline, padding, tint and opacity rules, wraps the line
in a new Strip and runs the app's line filters over it. A widget of the debugger that
draws its lines itself, complete (its own background and colours already in every
segment, exactly as wide as the widget), and has none of those rules gets nothing from
that pass but its cost, about as much again as drawing the line, for each of the
hundred or so lines a step changes. :class:`DirectLines` skips it for such widgets and
hands the compositor the lines from ``render_line`` as they are, with the app's line
filters applied (Textual caches a filter's result on the Strip, so a line kept from the
last frame is filtered once). A widget that does get a border, padding, outline, tint,
hatch or opacity (from a user's CSS, say) goes through Textual's pass as before.
"""

from __future__ import annotations

from textual.filter import ANSIToTruecolor
from textual.geometry import Region
from textual.strip import Strip
from textual.style import Style
from textual.widget import Widget

from dnnstep.app.widgets.strips import fit


def same_lines(widget: Widget) -> bool:
    """True when Textual's styling pass draws the same frame around every line: no border,
    outline, keyline or hatch (padding, tint and opacity are alike on every line)."""
    styles = widget.styles
    return (
        not any(edge for edge, _ in styles.border)
        and not any(edge for edge, _ in styles.outline)
        and styles.keyline[0] == "none"
        and (not styles.has_rule("hatch") or styles.hatch == "none")
    )


def plain_styles(widget: Widget) -> bool:
    """True when Textual's styling pass would leave the widget's lines as they are."""
    styles = widget.styles
    return (
        same_lines(widget)
        and not any(styles.padding)
        and styles.tint.a == 0
        and styles.text_opacity == 1.0
        and widget.opacity == 1.0
    )


class DirectLines(Widget):
    """A widget whose ``render_line(y)`` returns the finished line, as wide as the widget."""

    TRUECOLOR = False
    """True when every colour in the widget's lines is a truecolor one (the theme's) and none
    is dim: Textual's ANSI-to-truecolor filter, which rebuilds every segment of every line
    it is given, then has nothing to do and is skipped."""

    def _size_updated(self, size, virtual_size, container_size, layout: bool = True) -> bool:
        # Such a widget draws (and scrolls) exactly its own size: when a layout resizes it,
        # its new virtual size needs no second layout of the whole screen, which Textual
        # would otherwise run once more for every resized widget (about 30 ms at 160x50).
        return super()._size_updated(size, virtual_size, container_size, layout=False)

    def finished_lines(self) -> list[Strip] | None:
        """All the widget's finished lines at once, if it keeps them (else ``None``:
        ``render_line`` is asked for each line)."""
        return None

    _plain: tuple[object, bool] | None = None

    def _plain_styles(self) -> bool:
        """``plain_styles(self)``, asked again only when a style changed (Textual's own
        cache key of the styles counts every change, inline ones included)."""
        key = self.styles._cache_key
        if self._plain is None or self._plain[0] != key:
            self._plain = (key, plain_styles(self))
        return self._plain[1]

    def render_lines(self, crop: Region) -> list[Strip]:
        if self.BLANK or not self._plain_styles():
            return super().render_lines(crop)
        width = self.size.width
        lines = self.finished_lines()
        if lines is not None and len(lines) >= crop.bottom:
            strips = lines[crop.y:crop.bottom]
        else:
            render_line = self.render_line
            strips = [render_line(y) for y in crop.line_range]
        filters = [f for f in self.app.get_line_filters() if not (self.TRUECOLOR and isinstance(f, ANSIToTruecolor))]
        # (a TRUECOLOR widget's lines have nothing to convert: the filter would only copy every segment)
        uneven = any(strip.cell_length != width for strip in strips)
        if uneven or filters:
            base_background, background = self.background_colors
        if uneven:
            # Padded or cut as Textual's pass does: blanks in the widget's background.
            inner = Style(background=base_background + background).rich_style
            strips = [fit(strip, width, inner) for strip in strips]
        for filter in filters:
            strips = [strip.apply_filter(filter, background) for strip in strips]
        if crop.column_span != (0, width):
            x1, x2 = crop.column_span
            strips = [strip.crop(x1, x2) for strip in strips]
        return strips

"""Containers that hand the compositor one line for all their lines.

A container of the main screen (the screen itself, the columns and rows that hold the
panes, the grid) draws nothing but its background: every one of its lines is the same
blank. Textual still draws each line through its styling pass on every frame, and the
compositor cuts each of them at the edges of every pane in front of it. When the grid
gets a new plan (a step into another phase), the grid is drawn again and those edges
move, and cutting the containers' forty-odd lines each was a tenth of the frame.
:class:`Backdrop` draws the one line once (through Textual's own pass, so it is exactly
what Textual would draw) and keeps a Strip of it for each line: Textual caches the cuts
of a Strip on the Strip, so a line is cut once for each plan, not on every new one.
"""

from __future__ import annotations

from textual.containers import Horizontal, Vertical
from textual.geometry import Region
from textual.screen import Screen
from textual.strip import Strip
from textual.widget import Widget

from dnnstep.app.widgets.direct_lines import plain_styles


class Backdrop:
    """Mix in before a container class whose only content is its children (a plain class,
    not a Widget: Textual takes a widget's CSS from its first DOM base, the container)."""

    _backdrop: tuple[tuple[int, int], Strip, list[Strip]] | None = None

    def render_lines(self, crop: Region) -> list[Strip]:
        if not plain_styles(self):  # type: ignore[arg-type]
            return super().render_lines(crop)  # type: ignore[misc]
        span = crop.column_span
        if self._backdrop is None or self._backdrop[0] != span:
            line = super().render_lines(Region(crop.x, 0, crop.width, 1))[0]  # type: ignore[misc]
            self._backdrop = (span, line, [])
        _, line, lines = self._backdrop
        while len(lines) < crop.bottom:
            # A Strip for each line, kept: Textual keeps the last four cuts of each Strip,
            # so once the grid has had its four plans (forward, cost, backward, update),
            # no new plan cuts these lines again.
            lines.append(Strip(list(line), line.cell_length))
        return lines[crop.y:crop.bottom]

    def refresh(self, *regions: Region, repaint: bool = True, **kwargs) -> Widget:
        if repaint:
            self._backdrop = None  # a new style or theme: the line is drawn again
        return super().refresh(*regions, repaint=repaint, **kwargs)  # type: ignore[misc]


class BackdropVertical(Backdrop, Vertical):
    pass


class BackdropHorizontal(Backdrop, Horizontal):
    pass


class BackdropScreen(Backdrop, Screen):
    def render_lines(self, crop: Region) -> list[Strip]:
        if self.styles.background.a < 1:  # a translucent screen shows the one under it
            return Widget.render_lines(self, crop)
        return super().render_lines(crop)

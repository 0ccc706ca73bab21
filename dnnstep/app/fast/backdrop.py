"""Containers that hand the compositor one line for all their lines.

A container of the main screen (the screen itself, the columns and rows that hold the
panes, the grid) draws nothing but its background: every one of its lines is the same
blank. Textual still draws each line through its styling pass on every frame, and the
compositor cuts each of them at the edges of every pane in front of it. When the grid
gets a new plan (a step into another phase), the grid is drawn again and those edges
move, and cutting the containers' forty-odd lines each was a tenth of the frame.
:class:`Backdrop` draws the one line once (through Textual's own pass, so it is exactly
what Textual would draw) and gives one Strip of it for every line, a Strip that keeps more
of its cuts than Textual's four (Textual caches the cuts of a Strip on the Strip): the
lines beside a row of panes are cut once for all of them, and once for each plan, not on
every new one.
"""

from __future__ import annotations

from textual.cache import FIFOCache
from textual.containers import Horizontal, Vertical
from textual.geometry import Region
from textual.screen import UPDATE_PERIOD, Screen
from textual.strip import Strip
from textual.timer import Timer
from textual.widget import Widget

from dnnstep.app.fast.direct_lines import same_lines
from dnnstep.app.fast.frame_timer import frame_timer
from dnnstep.app.fast.span_compositor import SpanCompositor


CUTS_KEPT = 256


def kept_cuts(line: Strip) -> Strip:
    """A copy of ``line`` that keeps ``CUTS_KEPT`` sets of cuts instead of Textual's four:
    one Strip stands for every line of a container, and the lines beside each row of
    panes have their own cuts."""
    line = Strip(list(line), line.cell_length)
    if isinstance(getattr(line, "_divide_cache", None), FIFOCache):
        line._divide_cache = FIFOCache(CUTS_KEPT)
    return line


class Backdrop:
    """Mix in before a container class whose only content is its children (a plain class,
    not a Widget: Textual takes a widget's CSS from its first DOM base, the container)."""

    _backdrop: tuple[tuple[int, int], Strip] | None = None

    def render_lines(self, crop: Region) -> list[Strip]:
        if not same_lines(self):  # type: ignore[arg-type]  # every line the same blank: draw one
            return super().render_lines(crop)  # type: ignore[misc]
        span = crop.column_span
        if self._backdrop is None or self._backdrop[0] != span:
            line = super().render_lines(Region(crop.x, 0, crop.width, 1))[0]  # type: ignore[misc]
            self._backdrop = (span, kept_cuts(line))
        return [self._backdrop[1]] * crop.height

    def refresh(self, *regions: Region, repaint: bool = True, **kwargs) -> Widget:
        if repaint:
            self._backdrop = None  # a new style or theme: the line is drawn again
        return super().refresh(*regions, repaint=repaint, **kwargs)  # type: ignore[misc]


class BackdropVertical(Backdrop, Vertical):
    pass


class BackdropHorizontal(Backdrop, Horizontal):
    pass


class BackdropScreen(Backdrop, Screen):
    """The debugger's screens (the main one, the pictures): a backdrop, repainted from a
    ``FrameTimer`` (a change after a pause is painted at once), each changed line drawn
    only where it changed (a ``SpanCompositor``)."""

    _frame_timer: Timer | None = None

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._compositor = SpanCompositor()

    @property
    def _update_timer(self) -> Timer:
        # Textual's repaint timer on a fixed 60 Hz grid, replaced: see fast/frame_timer.py
        if self._frame_timer is None:
            self._frame_timer = frame_timer(self, UPDATE_PERIOD, self._on_timer_update)
        return self._frame_timer

    def render_lines(self, crop: Region) -> list[Strip]:
        if self.styles.background.a < 1:  # a translucent screen shows the one under it
            return Widget.render_lines(self, crop)
        return super().render_lines(crop)

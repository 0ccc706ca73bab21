"""A container whose vertical scrollbar keeps the frames Textual drew of it.

The grid's scrollbar is drawn again whenever the grid's extent changes: a step into an
Adam update (twenty-two panes, taller than the grid) and out of it, and each update layer
whose plan has another height. Textual draws it through its styling pass, about 2 ms for a
column of 26 cells, on that key. :class:`KeptScrollBar` keeps each frame (``KeptFrames``),
keyed by everything the bar shows: the grid's extent and height, the position, the hover
and the grab, and the grid's styles the colours come from. :class:`KeptScrollbars` makes
the container's vertical scrollbar one of them, where Textual makes its own (``Widget.
vertical_scrollbar``, ``_vertical_scrollbar`` and ``App._start_widget`` are Textual's own,
not its public API: see ``fast/needs.py``).
"""

from __future__ import annotations

from typing import Hashable

from textual.scrollbar import ScrollBar

from dnnstep.app.fast.kept_frames import KeptFrames


class KeptScrollBar(KeptFrames, ScrollBar):
    """Textual's scrollbar, each of its frames drawn once."""

    def _size_updated(self, size, virtual_size, container_size, layout: bool = True) -> bool:
        # A scrollbar has nothing to lay out: the layout that gives it its first size (the
        # first step into an Adam update) needs no second layout of the whole screen, which
        # Textual would otherwise run for its new virtual size (as for the panes: ``DirectLines``).
        return super()._size_updated(size, virtual_size, container_size, layout=False)

    def frame_key(self) -> Hashable:
        parent = self.parent
        return (self.window_virtual_size, self.window_size, self.position, self.thickness, self.vertical,
                self.mouse_over, self.grabbed is not None, parent.styles._cache_key if parent is not None else None)


class KeptScrollbars:
    """Mix in before a scrolling container class: its vertical scrollbar keeps its frames."""

    @property
    def vertical_scrollbar(self) -> ScrollBar:
        """The vertical scrollbar, made as Textual makes it (hidden, then started) the first time."""
        if self._vertical_scrollbar is None:  # type: ignore[attr-defined]
            bar = KeptScrollBar(vertical=True, name="vertical", thickness=self.scrollbar_size_vertical)  # type: ignore[attr-defined]
            bar.display = False
            self._vertical_scrollbar = bar
            self.app._start_widget(self, bar)  # type: ignore[attr-defined]
        return self._vertical_scrollbar  # type: ignore[attr-defined]

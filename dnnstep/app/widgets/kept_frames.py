"""Widgets that show one of a few frames, each kept once Textual has drawn it.

The formula pane, the step list and the network map each show one of a handful of
frames per iteration (the formulas of ``backward 3``, the list with step 7 highlighted),
and the same ones again in the next iteration. Textual draws them through its styling
pass (their borders, their padding) on every step all the same, about a millisecond for
the formula pane alone. :class:`KeptFrames` keeps what that pass drew, keyed by what the
frame shows, and hands it back when the frame comes round again. Whatever restyles the
widget (a theme, a class, the hover) makes Textual call ``notify_style_update``, and the
kept frames go.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Hashable

from textual.geometry import Region
from textual.strip import Strip


class KeptFrames:
    """Mix in before a Widget class and give ``frame_key()``: everything its lines show."""

    KEEP = 64

    _kept: OrderedDict[Hashable, list[Strip]] | None = None

    def frame_key(self) -> Hashable:
        raise NotImplementedError

    def render_lines(self, crop: Region) -> list[Strip]:
        if self._kept is None:
            self._kept = OrderedDict()
        key = (self.frame_key(), crop, self.size, self.app.theme)  # type: ignore[attr-defined]
        lines = self._kept.get(key)
        if lines is None:
            lines = self._kept[key] = super().render_lines(crop)  # type: ignore[misc]
            if len(self._kept) > self.KEEP:
                self._kept.popitem(last=False)
        else:
            self._kept.move_to_end(key)
        return lines

    def notify_style_update(self) -> None:
        if self._kept:
            self._kept.clear()
        super().notify_style_update()  # type: ignore[misc]

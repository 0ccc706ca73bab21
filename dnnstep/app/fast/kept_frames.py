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
from typing import Hashable, Mapping

from textual._styles_cache import StylesCache
from textual.geometry import Region
from textual.reactive import Reactive
from textual.strip import Strip


class KeptFrames:
    """Mix in before a Widget class and give ``frame_key()``: everything its lines show."""

    KEEP = 64

    _kept: OrderedDict[Hashable, list[Strip]] | None = None

    def frame_key(self) -> Hashable:
        raise NotImplementedError

    def render_lines(self, crop: Region) -> list[Strip]:
        key = self._key(crop)
        lines = self._kept.get(key) if self._kept is not None else None
        if lines is None:
            lines = self._keep(key, super().render_lines(crop))  # type: ignore[misc]
        else:
            self._kept.move_to_end(key)  # type: ignore[union-attr]
        return lines

    def _key(self, crop: Region) -> Hashable:
        return (self.frame_key(), crop, self.size, self.app.theme)  # type: ignore[attr-defined]

    def _keep(self, key: Hashable, lines: list[Strip]) -> list[Strip]:
        if self._kept is None:
            self._kept = OrderedDict()
        self._kept[key] = lines
        if len(self._kept) > self.KEEP:
            self._kept.popitem(last=False)
        return lines

    def draw_ahead(self, state: Mapping[str, object]) -> None:
        """Draw and keep, without showing it, the frame the widget shows once its attributes
        named in ``state`` have those values (the app calls this in idle time for the step a
        key is likely to show next). The attributes are set quietly (a reactive without its
        watchers), the frame is drawn through Textual's pass with a line cache of its own (the
        widget's own keeps the lines on show), and every attribute is put back."""
        if not self.is_mounted or self.outer_size.area == 0:  # type: ignore[attr-defined]
            return
        saved = {name: getattr(self, name) for name in state}
        try:
            for name, value in state.items():
                self._set_quietly(name, value)
            crop = Region(0, 0, *self.outer_size)  # type: ignore[attr-defined]
            key = self._key(crop)
            if self._kept is None or key not in self._kept:
                self._keep(key, StylesCache().render_widget(self, crop))  # type: ignore[arg-type]
        finally:
            for name, value in saved.items():
                self._set_quietly(name, value)

    def _set_quietly(self, name: str, value: object) -> None:
        descriptor = getattr(type(self), name, None)
        if isinstance(descriptor, Reactive):
            self.set_reactive(descriptor, value)  # type: ignore[attr-defined]
        else:
            object.__setattr__(self, name, value)

    def notify_style_update(self) -> None:
        if self._kept:
            self._kept.clear()
        super().notify_style_update()  # type: ignore[misc]

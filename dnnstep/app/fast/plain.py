"""The fast drawing's classes when it is off: Textual's own machinery does the drawing.

Each name here stands for the one of the same name in the fast modules, with the same
interface and nothing of its own: a container draws through Textual's styling pass, a
screen keeps Textual's compositor and repaint timer, a widget's lines go through the
styling pass, and the grid's panes are placed through public styles (an absolute offset,
a width and a height each).
"""

from __future__ import annotations

from typing import Hashable, Mapping, Sequence

from textual.containers import Horizontal, Vertical
from textual.geometry import Region
from textual.screen import Screen
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Footer


class Backdrop:
    """Mix in before a container class: nothing of its own."""


class BackdropVertical(Vertical):
    pass


class BackdropHorizontal(Horizontal):
    pass


class BackdropScreen(Screen):
    """The debugger's screens, repainted as Textual repaints any screen."""


class DirectLines(Widget):
    """A widget whose ``render_line(y)`` returns the finished line; Textual's pass styles it."""

    TRUECOLOR = False

    def finished_lines(self) -> list[Strip] | None:
        return None


class OneSegmentText:
    """Mix in before a ``DirectLines`` text line: nothing of its own."""


class KeptFooter(Footer):
    """Textual's footer: built again whenever the bindings change."""


class KeptFrames:
    """Mix in before a Widget class: every frame is drawn through Textual's pass."""

    def frame_key(self) -> Hashable:
        raise NotImplementedError

    def draw_ahead(self, state: Mapping[str, object]) -> None:
        """Nothing is drawn ahead when the frames are not kept."""


class Extent(Widget):
    """A blank column as tall as the placed children reach: Textual sizes what a container
    scrolls over from its children in the flow, and the placed ones are not in it."""

    DEFAULT_CSS = "Extent { width: 1; height: 0; }"


class KeptScrollbars:
    """Textual's scrollbars."""


class PlacedByPlan:
    """Mix in before a container class: ``place(regions)`` puts its shown children there
    through their styles (``None``: the layout the container's styles give); an ``Extent``
    keeps the container scrolling over all of them."""

    placed: tuple[Region, ...] | None = None
    _extent: Extent | None = None

    def place(self, regions: Sequence[Region] | None) -> None:
        self.placed = None if regions is None else tuple(regions)
        if self._extent is None:
            self._extent = Extent()
            self.mount(self._extent, before=0)  # type: ignore[attr-defined]
        self._extent.styles.height = max((r.bottom for r in self.placed), default=0) if self.placed else 0
        children = [child for child in self.children if child is not self._extent]  # type: ignore[attr-defined]
        with self.app.batch_update():  # type: ignore[attr-defined]
            maximized = self.screen.maximized  # type: ignore[attr-defined]
            index = {child: i for i, child in enumerate(child for child in children if child.display)}  # a box each
            for child in children:
                styles = child.styles
                i = index.get(child, len(index))
                if self.placed is not None and i < len(self.placed) and child is not maximized:
                    x, y, width, height = self.placed[i]
                    styles.position = "absolute"
                    styles.offset = (x, y)
                    styles.width = width
                    styles.height = height
                else:
                    for rule in ("position", "offset", "width", "height"):
                        styles.clear_rule(rule)
            self.refresh(layout=True)  # type: ignore[attr-defined]

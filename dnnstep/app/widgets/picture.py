"""The base of the pictures: a widget drawn cell by cell from numbers, in the theme's colours.

A picture widget implements ``draw(width, height) -> list[Strip]`` and ``key()``, what its
drawing depends on besides its size and the theme. ``render_line`` hands Textual the
cached lines, so a repaint that changes nothing (a scroll of the screen, a focus change)
costs no drawing, and a new iteration costs one drawing.

``colours(app)`` gives the pictures' colours from the Textual theme's variables: label 0 in
``$error`` and label 1 in ``$primary`` (as the heat map shows negative and positive values),
one colour per layer (``app/layer_colours.py``: each far from the others, readable on the
theme's background), and the muted and accent colours of axes and markers.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.segment import Segment
from rich.style import Style
from textual.color import Color
from textual.strip import Strip

from dnnstep.app.layer_colours import layer_colours
from dnnstep.app.widgets.array_window import palette
from dnnstep.app.fast import DirectLines
from dnnstep.app.widgets.strips import fit


@dataclass(frozen=True)
class Colours:
    background: Color
    foreground: Color
    muted: Color
    accent: Color
    warning: Color
    success: Color
    label0: Color
    label1: Color
    layers: tuple[Color, ...]

    def style(self, fg: Color | None = None, bg: Color | None = None, bold: bool = False) -> Style:
        return Style(color=fg.rich_color if fg else None, bgcolor=(bg or self.background).rich_color, bold=bold)

    def layer(self, l: int) -> Color:
        """The colour of layer l (1..L), the same in every picture."""
        return self.layers[(l - 1) % len(self.layers)]


def colours(variables: dict[str, str]) -> Colours:
    def get(*names: str, default: str) -> Color:
        for name in names:
            if variables.get(name):
                return Color.parse(variables[name])
        return Color.parse(default)

    background = get("surface", "background", default="black")
    foreground = get("foreground", default="white")
    layers = tuple(Color(*rgb) for rgb in layer_colours(background.rgb))  # see app/layer_colours.py
    return Colours(
        background=background,
        foreground=foreground,
        muted=get("foreground-muted", "foreground", default="grey"),
        accent=get("accent", "secondary", default="magenta"),
        warning=get("warning", default="yellow"),
        success=get("success", default="green"),
        label0=get("error", default="red"),
        label1=get("primary", default="blue"),
        layers=layers,
    )


class Picture(DirectLines):
    """A widget whose lines are drawn by ``draw`` and kept until ``key()``, size or theme change."""

    TRUECOLOR = True  # every colour comes from ``colours``: the theme's, never dim

    DEFAULT_CSS = """
    Picture { width: 1fr; height: 1fr; }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._lines: list[Strip] = []
        self._drawn_key: tuple | None = None
        self._colours: tuple[str, Colours, dict] | None = None

    def key(self) -> tuple:
        """What the drawing depends on, besides the size and the theme."""
        return ()

    def draw(self, width: int, height: int) -> list[Strip]:  # pragma: no cover - each picture draws
        raise NotImplementedError

    def _theme(self) -> tuple[str, Colours, dict]:
        """The theme's colours and heat shades, worked out once per theme (the theme's
        variables are worked out afresh on every ``get_css_variables`` call)."""
        theme = self.app.theme
        if self._colours is None or self._colours[0] != theme:
            variables = self.app.get_css_variables()
            self._colours = (theme, colours(variables), palette(variables))
        return self._colours

    @property
    def colours(self) -> Colours:
        return self._theme()[1]

    @property
    def heat(self) -> dict:
        """The heat map's shades (``array_window.palette``) in the theme's colours."""
        return self._theme()[2]

    def lines(self) -> list[Strip]:
        """The drawn lines, drawing them if what they depend on changed."""
        width, height = self.size.width, self.size.height
        key = (width, height, self.app.theme, self.key())
        if key != self._drawn_key:
            self._lines = self.draw(width, height) if width > 0 and height > 0 else []
            self._drawn_key = key
        return self._lines

    def finished_lines(self) -> list[Strip]:
        lines = self.lines()
        return lines if len(lines) == self.size.height else None

    def render_line(self, y: int) -> Strip:
        lines = self.lines()
        if y < len(lines):
            return lines[y]
        return Strip.blank(self.size.width, self.colours.style())


def text_strip(parts: list[tuple[str, Style]], width: int, fill: Style) -> Strip:
    """One line of styled text parts, cut or padded to ``width``."""
    strip = Strip([Segment(text, style) for text, style in parts if text])
    return fit(strip, width, fill)

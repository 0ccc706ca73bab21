"""The formula pane: the course formulas of the current step with the shapes under them.

Each formula is two rows: the formula in course notation, and under each operand its
actual shape, with the result's shape derived from them by ``dnnstep.engine.formulas`` (b
broadcast across the m columns, Σ keeping a column). A shape that does not follow from
its operands is shown in ``$error`` with a sentence saying why. When the pane is short
(class ``-compact``) each formula takes one row with the shapes inline.

The pane has a fixed height (room for the four formulas of a backward step) and draws its
rows itself (Textual's Line API), so a step repaints it without a new layout.
"""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from textual.color import Color
from textual.strip import Strip
from textual.widget import Widget

from dnnstep.engine.formulas import FormulaLine

MAX_FORMULAS = 4
"""A backward step has four formulas; no step has more."""

Row = list[tuple[str, str]]


def formula_rows(line: FormulaLine, compact: bool) -> list[Row]:
    """One formula as rows of ``(text, style name)`` pieces."""
    ok = line.ok

    def style(kind: str) -> str:
        if kind == "target":
            return "target" if ok else "problem-target"
        return "operand" if kind == "operand" else "operator"

    shape_style = "shape" if ok else "problem"
    if compact:
        row: Row = []
        for text, shape, kind in line.columns():
            row.append((text, style(kind)))
            if shape:
                row.append((" " + shape, "problem" if kind == "target" and not ok else "shape"))
            row.append(("  " if shape else " ", "operator"))
        if line.problem:
            row.append(("  " + line.problem, "problem"))
        return [row]
    top: Row = []
    bottom: Row = []
    for text, shape, kind in line.columns():
        width = max(len(text), len(shape))
        top.append((text.ljust(width) + " ", style(kind)))
        bottom.append((shape.center(width) + " ", shape_style if kind == "target" else "shape"))
    note = line.problem or line.note
    if note:
        top.append(("   " + note, "problem" if line.problem else "note"))
    return [top, bottom]


class FormulaPane(Widget):
    """Shows ``lines`` (from ``dnnstep.engine.formulas.step_formulas``) for one step."""

    DEFAULT_CSS = """
    FormulaPane { height: 10; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._lines: tuple[FormulaLine, ...] = ()
        self._compact = False
        self._rows: list[Row] = []
        self._rows_key: tuple = ()
        self._theme: str | None = None
        self._styles: dict[str, Style] = {}
        self._base: Style | None = None
        self._drawn: dict[tuple, list[Strip]] = {}  # finished rows by (rows, width, theme)

    @property
    def text(self) -> str:
        """The pane's rows as plain text (for tests and people reading logs)."""
        return "\n".join("".join(text for text, _ in row).rstrip() for row in self._rows)

    def show(self, title: str, lines: tuple[FormulaLine, ...]) -> None:
        if title != self.border_title:
            self.border_title = title
        self._lines = lines
        self._update()

    def set_compact(self, compact: bool) -> None:
        if compact != self._compact or self.styles.height is None or not self.styles.height.cells:
            self._compact = compact
            self.set_class(compact, "-compact")
            self.styles.height = MAX_FORMULAS * (1 if compact else 2) + self.styles.gutter.height
            self._update()

    def _update(self) -> None:
        rows = [row for line in self._lines for row in formula_rows(line, self._compact)]
        if rows != self._rows:
            self._rows = rows
            self._rows_key = tuple(tuple(row) for row in rows)
            self.refresh()

    def _palette(self) -> dict[str, Style]:
        if self.app.theme != self._theme:
            v = self.app.get_css_variables()

            def color(name: str, fallback: str) -> Color:
                return Color.parse(v.get(name) or v.get(fallback) or "white")

            accent, error = color("accent", "primary"), color("error", "error")
            muted, secondary = color("foreground-muted", "foreground"), color("text-secondary", "secondary")
            foreground = color("foreground", "foreground")
            self._styles = {
                "target": Style(color=accent.rich_color, bold=True),
                "problem-target": Style(color=error.rich_color, bold=True),
                "operand": Style(color=foreground.rich_color, bold=True),
                "operator": Style(color=muted.rich_color),
                "shape": Style(color=secondary.rich_color),
                "problem": Style(color=error.rich_color),
                "note": Style(color=muted.rich_color, italic=True),
            }
            self._theme = self.app.theme
            self._base = self.rich_style
        return self._styles

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        styles = self._palette()
        key = (self._rows_key, width, self._theme)
        drawn = self._drawn.get(key)
        if drawn is None:
            # The same step in every iteration has the same rows: drawn once, kept.
            drawn = [
                Strip([Segment(text, styles[name]) for text, name in row]).crop_extend(0, width, None).apply_style(self._base)
                for row in self._rows
            ]
            if len(self._drawn) >= 128:
                self._drawn.clear()
            self._drawn[key] = drawn
        if y >= len(drawn):
            return Strip.blank(width, self._base)
        return drawn[y]

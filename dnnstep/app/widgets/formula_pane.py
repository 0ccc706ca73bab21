"""The formula pane: the course formulas of the current step with the shapes under them.

Each formula is two rows: the formula in course notation, and under each operand its
actual shape, with the result's shape derived from them by ``dnnstep.engine.formulas`` (b
broadcast across the m columns, Σ keeping a column). A shape that does not follow from
its operands is shown in ``$error`` with a sentence saying why. When the pane is short
(class ``-compact``) each formula takes one row with the shapes inline.

The pane has a fixed height for a session (room for the most formulas a step of it has:
four in week 4, twelve in an Adam update; see ``set_room``) and draws its rows itself
(Textual's Line API), so a step repaints it without a new layout. A formula or an
explanation wider than the pane goes on over the next lines (:func:`wrap_formula`) when
the pane has the lines to spare, so that at 80 columns nothing is cut mid-word. When a
step has more formulas than the screen has room for, the last row says how many more
there are and that ``F`` shows them all.
"""

from __future__ import annotations

import textwrap

from rich.segment import Segment
from rich.style import Style
from textual.color import Color
from textual.strip import Strip
from textual.widget import Widget

from dnnstep.app.fast import KeptFrames
from dnnstep.engine.formulas import FormulaLine

MAX_FORMULAS = 4
"""A week-4 backward step has four formulas; no week-4 step has more (Course 2's have up to twelve)."""

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


INDENT = 4
"""Cells a continued line is indented by."""
WORDY = ("note", "problem", "operator")
"""Pieces that may be broken between words (the rest move to the next line whole)."""


def _width(row: Row) -> int:
    return sum(len(text) for text, _ in row)


def wrap_row(row: Row, width: int) -> list[Row]:
    """``row`` over as many lines as it takes at ``width`` cells, the lines after the first
    indented; a piece moves to the next line whole unless it is words (an explanation)."""
    lines: list[Row] = [[]]
    used = 0
    for text, style in row:
        while text:
            room = width - used
            if len(text) <= room:
                lines[-1].append((text, style))
                used += len(text)
                break
            if style in WORDY and room > 8:
                parts = textwrap.wrap(text, room, drop_whitespace=False, break_long_words=False)
                head = parts[0] if parts and len(parts[0]) <= room else ""
                if head.strip():
                    lines[-1].append((head, style))
                    text = text[len(head):].lstrip()
            elif not lines[-1] or used <= INDENT:  # a piece wider than a whole line: cut it
                lines[-1].append((text[:room], style))
                text = text[room:]
            lines.append([(" " * INDENT, "operator")])
            used = INDENT
    return [line for line in lines if _width(line) > INDENT or line is lines[0]]


def fit_row(row: Row, width: int) -> Row:
    """``row`` cut to ``width`` cells between pieces, never inside one; a problem that did not
    fit leaves a ``✗`` at the end, so the pane still says that something is wrong."""
    if _width(row) <= width:
        return row
    kept: Row = []
    used = 0
    for i, (text, style) in enumerate(row):
        if used + len(text) > width - 2:  # the rest does not fit: no piece after a missing one
            if any(s.startswith("problem") for _, s in row[i:]):
                kept.append((" ✗", "problem"))
            break
        kept.append((text, style))
        used += len(text)
    return kept


def wrap_formula(rows: list[Row], width: int) -> list[Row]:
    """One formula's rows at ``width`` cells. Compact (one row): wrapped. Two rows (the
    formula over its shapes): split at the same operand in both, so each shape stays under
    its operand, and the explanation after them wrapped on lines of its own."""
    if len(rows) == 1:
        return wrap_row(rows[0], width)
    top, bottom = rows
    columns = len(bottom)
    note = top[columns:]
    lines: list[Row] = []
    start = 0
    while start < columns:
        used, end = (0 if start == 0 else INDENT), start
        while end < columns and (end == start or used + len(top[end][0]) <= width):
            used += len(top[end][0])
            end += 1
        indent = [] if start == 0 else [(" " * INDENT, "operator")]
        lines += [indent + top[start:end], indent + bottom[start:end]]
        start = end
    if note and _width(lines[-2]) + _width(note) <= width:
        lines[-2] = lines[-2] + note
    elif note:
        text = "".join(piece for piece, _ in note).strip()
        lines += [[(" " * INDENT + part, note[0][1])] for part in textwrap.wrap(text, max(8, width - INDENT))]
    return lines


class FormulaPane(KeptFrames, Widget):
    """Shows ``lines`` (from ``dnnstep.engine.step_formulas.step_formulas``) for one step."""

    DEFAULT_CSS = """
    FormulaPane { height: 10; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._lines: tuple[FormulaLine, ...] = ()
        self._compact = False
        self._rows: list[Row] = []
        self._formulas: list[list[Row]] = []  # the rows of each formula
        self._rows_key: tuple = ()
        self._theme: str | None = None
        self._styles: dict[str, Style] = {}
        self._base: Style | None = None
        self._drawn: dict[tuple, list[Strip]] = {}  # finished rows by (rows, width, theme)

    def frame_key(self) -> tuple:
        return (self._rows_key, self.border_title, self._compact)

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
        """One row per formula (``compact``) or two (the formula over its shapes), room for four."""
        self.set_room(compact, MAX_FORMULAS, 2 * MAX_FORMULAS)

    def set_room(self, compact: bool, formulas: int, rows: int) -> None:
        """Make room for ``formulas`` formulas (the most a step of the session has) in at most
        ``rows`` rows (and never fewer than week 4's four): two rows each unless ``compact`` or
        they do not fit, else one each, else as many as fit."""
        formulas = max(formulas, MAX_FORMULAS)
        if not compact and 2 * formulas > max(rows, 2 * MAX_FORMULAS):
            compact = True
        per = 1 if compact else 2
        height = min(formulas * per, max(rows, MAX_FORMULAS * per)) + self.styles.gutter.height
        if compact != self._compact or self.styles.height is None or self.styles.height.cells != height:
            self.styles.height = height
            self.use_rows(compact, force=True)

    def use_rows(self, compact: bool, *, force: bool = False) -> None:
        """One row per formula (``compact``) or two, at whatever height the pane has."""
        if compact != self._compact or force:
            self._compact = compact
            self.set_class(compact, "-compact")
            self._update()

    def predraw(self, title: str, lines: tuple[FormulaLine, ...]) -> None:
        """Keep the frame ``show(title, lines)`` will show, drawn now (``draw_ahead``)."""
        formulas = [formula_rows(line, self._compact) for line in lines]
        rows = [row for formula in formulas for row in formula]
        # the title as Widget.border_title keeps it (its setter asks for a repaint)
        border_title = self.render_str(title).expand_tabs(4).split()[0]
        self.draw_ahead({"_border_title": border_title, "_lines": lines, "_rows": rows, "_formulas": formulas,
                         "_rows_key": tuple(tuple(row) for row in rows)})

    def _update(self) -> None:
        formulas = [formula_rows(line, self._compact) for line in self._lines]
        rows = [row for formula in formulas for row in formula]
        if rows != self._rows:
            self._rows, self._formulas = rows, formulas
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
        key = (self._rows_key, width, self.size.height, self._theme)
        drawn = self._drawn.get(key)
        if drawn is None:
            # The same step in every iteration has the same rows: drawn once, kept.
            rows = [row for formula in self._formulas for row in wrap_formula(formula, width)]
            if len(rows) > self.size.height:  # no lines to spare: one row each, whole pieces only
                rows = [fit_row(row, width) for row in self._rows]
            if len(rows) > self.size.height > 0:  # more formulas than room: say so, and where to see them
                per = len(self._formulas[0]) if self._formulas else 1
                shown = (self.size.height - 1) // per
                rows = rows[:shown * per] + [[(f"… {len(self._formulas) - shown} more formulas: F shows them all",
                                               "problem")]]
            drawn = [
                Strip([Segment(text, styles[name]) for text, name in row]).crop_extend(0, width, None).apply_style(self._base)
                for row in rows
            ]
            if len(self._drawn) >= 128:
                self._drawn.clear()
            self._drawn[key] = drawn
        if y >= len(drawn):
            return Strip.blank(width, self._base)
        return drawn[y]

"""The formula pane: the course formulas of the current step with the shapes under them.

Each formula is two rows: the formula in course notation, and under each operand its
actual shape, with the result's shape derived from them by ``dnnstep.formulas`` (b
broadcast across the m columns, Σ keeping a column). A shape that does not follow from
its operands is shown in ``$error`` with a sentence saying why. When the pane is short
(class ``-compact``) each formula takes one row with the shapes inline.
"""

from __future__ import annotations

from textual.content import Content
from textual.widget import Widget

from dnnstep.formulas import FormulaLine


MAX_FORMULAS = 4
"""A backward step has four formulas; no step has more."""


class FormulaPane(Widget):
    """Shows ``lines`` (from ``dnnstep.formulas.step_formulas``) for one step."""

    DEFAULT_CSS = """
    FormulaPane { height: 10; text-wrap: nowrap; text-overflow: ellipsis; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._lines: tuple[FormulaLine, ...] = ()
        self._compact = False
        self._rendered = Content("")

    def show(self, title: str, lines: tuple[FormulaLine, ...]) -> None:
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
        # The pane's height is fixed (room for the four backward formulas), so a new
        # step is a repaint, never a new layout.
        self._rendered = self._content()
        self.refresh()

    def render(self) -> Content:
        return self._rendered

    def _content(self) -> Content:
        rows: list[Content] = []
        for line in self._lines:
            rows.extend(self._compact_rows(line) if self._compact else self._rows(line))
        return Content("\n").join(rows)

    @staticmethod
    def _style(kind: str, ok: bool) -> str:
        if kind == "target":
            return "bold $accent" if ok else "bold $error"
        if kind == "operand":
            return "bold"
        return "$foreground-muted"

    def _rows(self, line: FormulaLine) -> list[Content]:
        top: list[tuple[str, str]] = []
        bottom: list[tuple[str, str]] = []
        for text, shape, kind in line.columns():
            width = max(len(text), len(shape))
            top.append((text.ljust(width) + " ", self._style(kind, line.ok)))
            shape_style = "$error" if kind == "target" and not line.ok else "$text-secondary"
            bottom.append((shape.center(width) + " ", shape_style))
        note = line.problem or line.note
        if note:
            top.append(("   " + note, "$error" if line.problem else "italic $foreground-muted"))
        return [Content.assemble(*top), Content.assemble(*bottom)]

    def _compact_rows(self, line: FormulaLine) -> list[Content]:
        parts: list[tuple[str, str]] = []
        for text, shape, kind in line.columns():
            parts.append((text, self._style(kind, line.ok)))
            if shape:
                parts.append((" " + shape, "$error" if kind == "target" and not line.ok else "$text-secondary"))
            parts.append(("  " if shape else " ", ""))
        if line.problem:
            parts.append(("  " + line.problem, "$error"))
        return [Content.assemble(*parts)]

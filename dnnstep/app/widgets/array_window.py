"""Drawing a window of an array as terminal cells: only the cells on show are formatted.

An :class:`ArrayWindow` holds one array (as rows x columns), the cell format chosen
from its summary, and an optional mask of cells to mark. It draws the header of column
numbers and one row at a time, from a first column and for a number of columns, as Rich
segments. In heat-map mode a cell is a two-character block shaded by
:func:`dnnstep.app.values.heat_levels`. The styles come from :func:`palette`, built from
the Textual theme's variables ($error below zero, $primary above, $warning for NaN/Inf).
"""

from __future__ import annotations

import numpy as np
from rich.segment import Segment
from rich.style import Style
from textual.color import Color

from dnnstep.app.values import HEAT_LEVELS, CellFormat, Summary, as_matrix, heat_levels, summarize


def palette(variables: dict[str, str]) -> dict:
    """Rich styles for cells, from a theme's CSS variables."""
    background = Color.parse(variables.get("surface") or variables.get("background") or "black")
    negative = Color.parse(variables.get("error") or "red")
    positive = Color.parse(variables.get("primary") or "blue")
    warning = Color.parse(variables.get("warning") or "yellow")
    muted = Color.parse(variables.get("foreground-muted") or variables.get("foreground") or "grey")
    foreground = Color.parse(variables.get("foreground") or "white")
    accent = Color.parse(variables.get("text-secondary") or variables.get("secondary") or "cyan")
    styles: dict = {}
    for level in range(-HEAT_LEVELS, HEAT_LEVELS + 1):
        base = negative if level < 0 else positive
        shade = background.blend(base, 0.15 + 0.85 * abs(level) / HEAT_LEVELS) if level else background
        styles[("heat", level)] = Style(bgcolor=shade.rich_color, color=foreground.rich_color)
    styles[("heat", HEAT_LEVELS + 1)] = Style(bgcolor=warning.rich_color, color=background.rich_color)
    styles["header"] = Style(color=muted.rich_color, italic=True)
    styles["caption"] = Style(color=accent.rich_color, bold=True)
    styles["gutter"] = Style(color=muted.rich_color)
    styles["muted"] = Style(color=muted.rich_color)
    styles["zero"] = Style(color=muted.rich_color)
    styles["value"] = Style(color=foreground.rich_color)
    styles["bad"] = Style(color=warning.rich_color, bold=True)
    styles["cursor"] = Style(color=background.rich_color, bgcolor=accent.rich_color, bold=True)
    styles["warning"] = Style(color=warning.rich_color, italic=True)
    styles["mismatch"] = Style(color=background.rich_color, bgcolor=negative.rich_color, bold=True)
    panel = Color.parse(variables.get("panel") or variables.get("surface") or "grey")
    title_fg = Color.parse(variables.get("text-primary") or variables.get("primary") or "white")
    accent = Color.parse(variables.get("accent") or variables.get("primary") or "yellow")
    styles["title"] = Style(bgcolor=panel.rich_color, color=title_fg.rich_color, bold=True)
    styles["title-rest"] = Style(bgcolor=panel.rich_color, color=muted.rich_color, italic=True)
    styles["title-focus"] = Style(bgcolor=accent.rich_color, color=accent.get_contrast_text().rich_color, bold=True)
    styles["title-focus-rest"] = Style(bgcolor=panel.rich_color, color=accent.rich_color, italic=True)
    styles["title-differs"] = Style(bgcolor=negative.rich_color, color=negative.get_contrast_text().rich_color, bold=True)
    styles["title-differs-rest"] = Style(bgcolor=panel.rich_color, color=negative.rich_color, italic=True)
    return styles


class ArrayWindow:
    """One array ready to be drawn a window at a time."""

    def __init__(self, array: np.ndarray, summary: Summary | None = None, mask: np.ndarray | None = None,
                 *, cell_format: CellFormat | None = None, cell: int = 0) -> None:
        self.matrix = as_matrix(array)
        self.summary = summary if summary is not None else summarize(array)
        self.format = cell_format if cell_format is not None else CellFormat.for_summary(self.summary)
        self.cell = max(self.format.cell, cell)
        """Characters per column of values, the separating space included: the format's, or
        ``cell`` when that is wider (the pane is sized for any value the tensor takes, so its
        columns stand in the same place in every iteration)."""
        mask = None if mask is None else as_matrix(mask)
        self.mask = mask if mask is not None and mask.shape == self.matrix.shape else None
        self.gutter = len(str(max(self.matrix.shape[0] - 1, 0))) + 1

    @property
    def shape(self) -> tuple[int, int]:
        return self.matrix.shape  # type: ignore[return-value]

    def cell_width(self, heat: bool) -> int:
        """Characters per column, the separating space included."""
        return 2 if heat else self.cell

    def columns_in(self, width: int, heat: bool, gutter: bool = True) -> int:
        """How many columns fit in ``width`` characters."""
        return max(1, (width - (self.gutter if gutter else 0)) // self.cell_width(heat))

    def header(self, c0: int, ncols: int, heat: bool, styles: dict, gutter: bool = True) -> list[Segment]:
        cw = self.cell_width(heat)
        ncols = max(0, min(ncols, self.shape[1] - c0))
        lead = " " * self.gutter if gutter else ""
        if heat:
            text = ""
            for col in range(c0, c0 + ncols, 5):
                text += str(col).ljust(5 * cw)[: 5 * cw]
            text = text[: ncols * cw]
        else:
            text = "".join(str(c).rjust(cw - 1) + " " for c in range(c0, c0 + ncols))
        return [Segment(lead + text, styles["header"])]

    def row(self, r: int, c0: int, ncols: int, heat: bool, styles: dict, gutter: bool = True,
            cursor: int | None = None) -> list[Segment]:
        """Row ``r`` from column ``c0``; blank cells when ``r`` is past the last row; the cell
        in column ``cursor`` (if any) in the cell cursor's colours."""
        rows, cols = self.shape
        ncols = max(0, min(ncols, cols - c0))
        cw = self.cell_width(heat)
        segments = [Segment(str(r).rjust(self.gutter - 1) + " ", styles["gutter"])] if gutter else []
        if r >= rows:  # a compared array with fewer rows: the line keeps its number, the cells are blank
            return segments + [Segment(" " * (ncols * cw))]
        values = self.matrix[r, c0 : c0 + ncols]
        mask = None if self.mask is None else self.mask[r, c0 : c0 + ncols]
        return segments + self._cells(values, mask, heat, styles, None if cursor is None else cursor - c0)

    def wrapped(self, first: int, ncols: int, heat: bool, styles: dict, gutter: int,
                cursor: int | None = None) -> list[Segment]:
        """One line of a row vector wrapped over several: ``ncols`` values from column
        ``first``, led by ``first`` in a gutter ``gutter`` wide (column ``cursor``, if on
        this line, in the cell cursor's colours)."""
        values = self.matrix[0, first : first + ncols]
        mask = None if self.mask is None else self.mask[0, first : first + ncols]
        return [Segment(str(first).rjust(gutter - 1) + " ", styles["gutter"]),
                *self._cells(values, mask, heat, styles, None if cursor is None else cursor - first)]

    def _cells(self, values: np.ndarray, mask: np.ndarray | None, heat: bool, styles: dict,
               cursor: int | None = None) -> list[Segment]:
        """The cells of ``values``; the one at position ``cursor`` in the cursor's colours."""
        segments: list[Segment] = []
        if heat:
            scale = self.summary.max_abs
            for i, level in enumerate(heat_levels(values, scale).tolist()):
                text = "▒▒" if mask is not None and mask[i] else "  "
                segments.append(Segment(text, styles["cursor"] if i == cursor else styles[("heat", level)]))
            return segments
        fmt, width = self.format, self.cell - 1
        for i, x in enumerate(values.tolist()):
            if mask is not None and mask[i]:
                style = styles["mismatch"]
            elif x != x or x == float("inf") or x == float("-inf"):
                style = styles["bad"]
            elif x == 0:
                style = styles["zero"]
            else:
                style = styles["value"]
            if i == cursor:
                style = styles["cursor"]
            text = fmt.format(x)
            if len(text) < width:
                segments.append(Segment(" " * (width - len(text))))
            segments.append(Segment(text, style))
            segments.append(Segment(" "))
        return segments

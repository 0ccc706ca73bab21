"""A scrollable window onto one array: only the visible cells are ever formatted.

The view draws a sticky header of column numbers and a sticky gutter of row numbers,
and formats just the rows and columns inside its window, so a 12288 x 209 matrix costs
the same to draw as a 4 x 5 one. In heat-map mode each cell is a two-character block
shaded from the theme: ``$error`` below zero, ``$primary`` above, ``$warning`` for
NaN or Inf. Cells marked in ``mask`` (a student's value that differs from the
reference) are drawn reversed in ``$error``.

The view scrolls itself (no scrollbars): up, down, page up/down, home and end move
through the rows, shift+left and shift+right through the columns (left and right step
the debugger), and the mouse wheel scrolls (with shift, sideways). The header line says
which rows and columns are on show, so a step change never needs a new layout of the
screen, only a repaint of the lines that changed.
"""

from __future__ import annotations

import numpy as np
from rich.segment import Segment
from rich.style import Style
from textual.binding import Binding
from textual.color import Color
from textual import events
from textual.widget import Widget
from textual.strip import Strip

from dnnstep.app.values import HEAT_LEVELS, CellFormat, Summary, as_matrix, heat_levels, summarize


class TensorView(Widget, can_focus=True):
    """A window onto one array (see the module docstring)."""

    BINDINGS = [
        Binding("up", "scroll_rows(-1)", "Scroll up", show=False),
        Binding("down", "scroll_rows(1)", "Scroll down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("home", "home", "Top", show=False),
        Binding("end", "end", "Bottom", show=False),
        Binding("shift+left", "scroll_columns(-1)", "Scroll left", show=False),
        Binding("shift+right", "scroll_columns(1)", "Scroll right", show=False),
    ]

    DEFAULT_CSS = """
    TensorView {
        height: 1fr;
        width: 1fr;
    }
    """

    def __init__(self, *, name: str | None = None, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._matrix: np.ndarray | None = None
        self._mask: np.ndarray | None = None
        self._summary: Summary | None = None
        self._format = CellFormat("fixed", 7, 4)
        self._heat = False
        self._gutter = 2
        self._palette_key: str | None = None
        self._styles: dict = {}
        self.row0 = 0
        self.col0 = 0

    # ----------------------------------------------------------------- data in
    @property
    def array(self) -> np.ndarray | None:
        """The array on show (as a matrix), or ``None``."""
        return self._matrix

    @property
    def heat(self) -> bool:
        return self._heat

    def show(
        self,
        array: np.ndarray | None,
        summary: Summary | None = None,
        *,
        mask: np.ndarray | None = None,
        heat: bool | None = None,
    ) -> None:
        """Show ``array`` (its ``summary`` chooses the cell format); ``mask`` marks cells.

        The window stays where it was when the new array has the same shape, so stepping
        through iterations keeps the same cells in view.
        """
        same_shape = array is not None and self._matrix is not None and as_matrix(array).shape == self._matrix.shape
        self._matrix = None if array is None else as_matrix(array)
        self._mask = None if mask is None or array is None else as_matrix(mask)
        if self._mask is not None and self._mask.shape != self._matrix.shape:
            self._mask = None
        if array is not None:
            self._summary = summary if summary is not None else summarize(array)
            self._format = CellFormat.for_summary(self._summary)
            self._gutter = len(str(max(self._matrix.shape[0] - 1, 0))) + 1
        else:
            self._summary = None
        if heat is not None:
            self._heat = heat
        if not same_shape:
            self.row0 = self.col0 = 0
        self.refresh()

    def set_heat(self, heat: bool) -> None:
        if heat != self._heat:
            self._heat = heat
            self._clamp()
            self.refresh()

    @property
    def cell_width(self) -> int:
        """Characters per column, the separating space included."""
        return 2 if self._heat else self._format.width + 1

    # ----------------------------------------------------------------- scrolling
    @property
    def window(self) -> tuple[int, int, int, int]:
        """First row, first column, and how many rows and columns are visible."""
        if self._matrix is None:
            return 0, 0, 0, 0
        nrows, ncols = self._capacity()
        rows, cols = self._matrix.shape
        return self.row0, self.col0, min(nrows, rows - self.row0), min(ncols, cols - self.col0)

    @property
    def overflows(self) -> bool:
        """True when the array does not fit: the last line then says where the window is."""
        if self._matrix is None:
            return False
        width, height = self.size
        rows, cols = self._matrix.shape
        return rows > height - 1 or cols > (width - self._gutter) // self.cell_width

    def _capacity(self) -> tuple[int, int]:
        width, height = self.size
        ncols = max(1, (width - self._gutter) // self.cell_width)
        nrows = max(1, height - 1 - self.overflows)
        return nrows, ncols

    def _clamp(self) -> None:
        if self._matrix is None:
            self.row0 = self.col0 = 0
            return
        rows, cols = self._matrix.shape
        nrows, ncols = self._capacity()
        self.row0 = max(0, min(self.row0, rows - nrows))
        self.col0 = max(0, min(self.col0, cols - ncols))

    def scroll_cells(self, rows: int = 0, columns: int = 0) -> None:
        """Move the window by ``rows`` and ``columns`` (clamped to the array)."""
        before = (self.row0, self.col0)
        self.row0 += rows
        self.col0 += columns
        self._clamp()
        if (self.row0, self.col0) != before:
            self.refresh()

    def action_scroll_rows(self, rows: int) -> None:
        self.scroll_cells(rows=rows)

    def action_scroll_columns(self, columns: int) -> None:
        self.scroll_cells(columns=columns * max(1, self.window[3] // 2))

    def action_page(self, direction: int) -> None:
        self.scroll_cells(rows=direction * max(1, self.size.height - 2))

    def action_home(self) -> None:
        self.row0 = self.col0 = 0
        self.refresh()

    def action_end(self) -> None:
        self.scroll_cells(rows=1 << 40)

    def on_mouse_scroll_down(self, event: events.MouseScrollDown) -> None:
        event.stop()
        self.scroll_cells(columns=3) if event.shift else self.scroll_cells(rows=3)

    def on_mouse_scroll_up(self, event: events.MouseScrollUp) -> None:
        event.stop()
        self.scroll_cells(columns=-3) if event.shift else self.scroll_cells(rows=-3)

    def on_mouse_scroll_right(self, event: events.MouseScrollRight) -> None:
        event.stop()
        self.scroll_cells(columns=3)

    def on_mouse_scroll_left(self, event: events.MouseScrollLeft) -> None:
        event.stop()
        self.scroll_cells(columns=-3)

    def on_resize(self) -> None:
        self._clamp()

    # ----------------------------------------------------------------- colours
    def _palette(self) -> dict:
        key = self.app.theme
        if key == self._palette_key:
            return self._styles
        variables = self.app.get_css_variables()
        background = Color.parse(variables.get("surface") or variables.get("background") or "black")
        negative = Color.parse(variables.get("error") or "red")
        positive = Color.parse(variables.get("primary") or "blue")
        warning = Color.parse(variables.get("warning") or "yellow")
        muted = Color.parse(variables.get("foreground-muted") or variables.get("foreground") or "grey")
        foreground = Color.parse(variables.get("foreground") or "white")
        styles: dict = {}
        for level in range(-HEAT_LEVELS, HEAT_LEVELS + 1):
            base = negative if level < 0 else positive
            shade = background.blend(base, 0.12 + 0.88 * abs(level) / HEAT_LEVELS) if level else background
            styles[("heat", level)] = Style(bgcolor=shade.rich_color)
        styles[("heat", HEAT_LEVELS + 1)] = Style(bgcolor=warning.rich_color)
        styles["header"] = Style(color=muted.rich_color, italic=True)
        styles["gutter"] = Style(color=muted.rich_color)
        styles["zero"] = Style(color=muted.rich_color)
        styles["value"] = Style(color=foreground.rich_color)
        styles["bad"] = Style(color=warning.rich_color, bold=True)
        styles["mismatch"] = Style(color=background.rich_color, bgcolor=negative.rich_color, bold=True)
        self._palette_key, self._styles = key, styles
        return styles

    # ----------------------------------------------------------------- drawing
    def render_line(self, y: int) -> Strip:
        width = self.size.width
        if self._matrix is None or width <= 0:
            return Strip.blank(max(width, 0))
        styles = self._palette()
        r0, c0, nrows, ncols = self.window
        cw, gutter = self.cell_width, self._gutter
        if y == 0:
            return self._header(c0, ncols, width, styles)
        row = r0 + y - 1
        if self.overflows and y == self.size.height - 1:
            return self._footer(r0, c0, nrows, ncols, width, styles)
        if y - 1 >= nrows or row >= self._matrix.shape[0]:
            return Strip.blank(width)
        segments = [Segment(str(row).rjust(gutter - 1) + " ", styles["gutter"])]
        values = self._matrix[row, c0 : c0 + ncols]
        mask = None if self._mask is None else self._mask[row, c0 : c0 + ncols]
        if self._heat:
            scale = self._summary.max_abs if self._summary else 0.0
            levels = heat_levels(values, scale)
            for i, level in enumerate(levels.tolist()):
                text = "▒▒" if mask is not None and mask[i] else "  "
                segments.append(Segment(text, styles[("heat", level)]))
        else:
            fmt = self._format
            for i, x in enumerate(values.tolist()):
                text = fmt.format(x) + " "
                if mask is not None and mask[i]:
                    style = styles["mismatch"]
                elif x != x or x in (float("inf"), float("-inf")):
                    style = styles["bad"]
                elif x == 0:
                    style = styles["zero"]
                else:
                    style = styles["value"]
                segments.append(Segment(text, style))
        strip = Strip(segments, gutter + ncols * cw)
        return strip.crop_extend(0, width, None)

    def _header(self, c0: int, ncols: int, width: int, styles: dict) -> Strip:
        cw = self.cell_width
        if self._heat:
            step = 5
            text = " " * self._gutter
            col = c0
            while len(text) < self._gutter + ncols * cw and col < c0 + ncols:
                label = str(col)
                text += label.ljust(step * cw)[: step * cw]
                col += step
        else:
            text = " " * self._gutter + "".join(str(c).rjust(cw - 1) + " " for c in range(c0, c0 + ncols))
        return Strip([Segment(text[:width].ljust(width), styles["header"])], width)

    def _footer(self, r0: int, c0: int, nrows: int, ncols: int, width: int, styles: dict) -> Strip:
        rows, cols = self._matrix.shape
        text = f"rows {r0}-{r0 + nrows - 1} of {rows} · cols {c0}-{c0 + ncols - 1} of {cols}"
        if self.has_focus:
            text += " · ↑↓ pgup pgdn shift+←→"
        return Strip([Segment(text[:width].ljust(width), styles["header"])], width)

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

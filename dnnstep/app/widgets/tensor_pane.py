"""One tensor of the current step: its name and shape, a summary line and a window of values.

A pane is titled in course notation with the tensor's shape (``dW[3]  (4, 5)``). Under
the one-line summary (min, max, mean, std, share of zeros, NaN and Inf counts) it draws
the values numpy-style, or as a heat map, and only the rows and columns that fit: a
12288 x 209 matrix costs what a 4 x 5 one costs. A row vector wraps over the pane's lines
(``AL (1, 30)`` shows its 30 values ten to a line), and a 0-d value (J, α) is written as
a number at full precision. When a student's run is compared, the pane draws student
minus reference with the cells that differ marked; ``x`` puts the student's and the
reference's values beside it (three windows scrolled together, the two sharing one
number format).

A tensor the step has not computed yet shows a sentence saying so, never zeros or
values left over from another iteration.

The pane is one widget drawn line by line (Textual's Line API), so a step change is a
repaint of its lines and never a new layout of the screen. It scrolls itself: up, down,
page up/down, home, end; shift+left and shift+right sideways (left and right step the
debugger); the mouse wheel (with shift, sideways). When the array does not fit, the title
bar says which rows and columns are on show (the pane's last line, when the title is too
wide to hold it).
"""

from __future__ import annotations

import textwrap
from contextlib import contextmanager
from typing import Iterator

import numpy as np
from rich.segment import Segment
from textual import events
from textual.geometry import Region, Size
from textual.strip import Strip

from dnnstep.app.closer import clamp_index
from dnnstep.app.keys import PANE_KEYS, bindings
from dnnstep.app.values import CellFormat, Summary
from dnnstep.app.widgets.array_window import ArrayWindow
from dnnstep.app.widgets.cell_cursor import CellCursor
from dnnstep.app.fast import DirectLines
from dnnstep.app.widgets.pane_content import FrameCache, PaneContent
from dnnstep.app.widgets.pane_layout import (
    GAP, Plan, bottom_text, fit_text, pane_title, plan_table, position_text, summary_lines, title_bar_text, values_per_line, visible,
    window_width, wrap_gutter,
)

__all__ = ["FrameCache", "PaneContent", "TensorPane"]

BLANK = Strip.blank(0)


class TensorPane(CellCursor, DirectLines, can_focus=True):
    """One slot of the grid; ``tensor`` is the Step tensor it shows now (``"dW"``), or ``""``."""

    _blank_line = BLANK  # what _render_line returns for an empty line
    TRUECOLOR = True  # the theme's colours and the heat map's shades, never dim (see DirectLines)

    BINDINGS = bindings(PANE_KEYS)

    DEFAULT_CSS = """
    TensorPane { height: 1fr; width: 1fr; }
    """

    def __init__(self, slot: int, *, compare: bool = False, frames: FrameCache | None = None) -> None:
        super().__init__(id=f"slot-{slot}", classes="tensor-pane")
        self.slot = slot
        self.tensor = ""
        self.compare = compare
        self.sides = False
        """When comparing: the student's and the reference's values beside the difference."""
        self.content: PaneContent | None = None
        self.heat = False
        self.cell = 0
        """The characters a value's column takes at least: what the grid sized the pane for."""
        self.row0 = 0
        self.col0 = 0
        self._windows: list[ArrayWindow | None] = []
        self._captions: tuple[str, ...] = ()
        self._scalar = False
        self._content_size = Size(0, 0)
        self._base_key: tuple | None = None
        self._base_style = None
        self._plan_key: tuple | None = None
        self._plan = Plan()
        self.title_text = ""
        """The title bar's title: the tensor's name and shape (``dW[3]  (4, 5)``)."""
        self.title_extra = ""
        """Words after it, dropped first when the bar is narrow (``= −α dW  ‖ΔW‖/‖W‖ 1.0e-02``)."""
        self.context = ""
        """Where the step is (``iteration 3 · backward 2``), said in the title bar while the pane
        is maximized and the status line is not on screen; ``""`` otherwise."""
        self._lines_key: tuple | None = None
        self._lines: list[Strip] = []
        self._signatures: list[tuple] = []
        self._lines_theme: str | None = None
        self._frames = frames if frames is not None else FrameCache(32)
        self._content_key: tuple = ()
        self._blank = Strip.blank(0)
        self._focused = False
        self.cursor: tuple[int, int] | None = None  # the cell cursor (row, column of the matrix shown), or None

    # ------------------------------------------------------------------ data in
    def show(self, content: PaneContent, heat: bool, tensor: str | None = None, *, size: Size | None = None,
             cell: int = 0) -> None:
        """Show ``content`` (of the Step tensor ``tensor``); ``heat`` chooses the heat map;
        ``cell``: the characters a value's column takes at least (what the grid sized it for).

        ``size``: the size the grid is about to give the pane (a new plan): the pane is laid
        out for that size now, and drawn once, at that size, when Textual asks for its lines
        (not now at the old one as well)."""
        self.cell = cell
        self._load(content, heat, tensor)
        self.set_class(content.differs, "-differs")
        with self._sized_for(size):
            self._clamp()
        self.refresh() if size is not None else self._repaint()  # a new size: drawn when Textual asks for it

    _DRAWING_STATE = (  # everything _load and _draw change, put back after a frame drawn ahead
        "cell", "cursor", "tensor", "content", "heat", "row0", "col0", "_windows", "_captions", "_scalar", "_content_key",
        "_content_size", "_plan_key", "_plan", "title_text", "title_extra", "_lines_key", "_lines", "_signatures", "_lines_theme",
    )

    def predraw(self, content: PaneContent, heat: bool, tensor: str | None = None, size: Size | None = None,
                cell: int = 0) -> None:
        """Draw the frame ``show(content, heat, tensor)`` would draw into the shared frame
        cache, and leave the pane as it is (the app calls this in idle time for the step a
        key is likely to show next, so that showing it is a cache hit). ``size``: the size
        the grid will give the pane for that step (when it is in another phase)."""
        if not self.is_mounted or (size or self.outer_size).area == 0:  # a pane never shown has no size of its own
            return
        saved = [getattr(self, name) for name in self._DRAWING_STATE]
        try:
            with self._sized_for(size):
                self.cell = cell
                self._load(content, heat, tensor)
                self._clamp()
                self._draw()
        finally:
            for name, value in zip(self._DRAWING_STATE, saved):
                setattr(self, name, value)

    _size_ahead: Size | None = None

    @contextmanager
    def _sized_for(self, size: Size | None) -> Iterator[None]:
        """Lay out and draw for ``size`` (a new plan's) meanwhile; ``None``: the pane's own."""
        self._size_ahead = size
        try:
            yield
        finally:
            self._size_ahead = None

    @property
    def _area(self) -> Size:
        """The size drawn for: the pane's own, or while predrawing or showing for a new plan, that plan's."""
        return self._size_ahead or self.outer_size

    def _load(self, content: PaneContent, heat: bool, tensor: str | None) -> None:
        """Take ``content`` as what to draw (the scroll position kept if the shape is)."""
        old = self._main_shape()
        if tensor is not None:
            if tensor != self.tensor:
                old = None
            self.tensor = tensor
        self.content, self.heat = content, heat
        self._content_key = (
            content.title, content.subtitle, content.missing, content.verdict, self.sides, content.decimals, self.cell,
            *(id(x) for x in (content.value, content.summary, content.reference, content.reference_summary,
                              content.difference, content.difference_summary, content.mask)),
        )
        self._windows, self._captions = self._compared() if self.compare else (
            [None if content.value is None else ArrayWindow(content.value, content.summary, cell_format=self._format(
                content.summary), cell=self.cell)], ("",))
        shape = self._main_shape()
        if shape != old or shape is None:
            self.row0 = self.col0 = 0
        if self.cursor is not None:
            self.cursor = None if shape is None else clamp_index(self.cursor, shape)
        array = content.value if content.value is not None else content.reference
        self._scalar = array is not None and np.ndim(array) == 0
        self.title_text = pane_title(content.title, None if array is None else np.shape(array))
        self.title_extra = content.subtitle

    def _compared(self) -> tuple[list[ArrayWindow | None], tuple[str, ...]]:
        """The windows of a compared pane and their captions: the student's values (which
        are the reference's) when they match, the difference alone when they differ (the
        verdict line says so), or (``sides``, or when there is no difference) student,
        reference and difference, the student's and the reference's in one number format."""
        c = self.content
        shared = CellFormat.shared(c.summary, c.reference_summary, decimals=c.decimals)
        student = None if c.value is None else ArrayWindow(c.value, c.summary, c.mask, cell_format=shared,
                                                             cell=self.cell)
        reference = None if c.reference is None else ArrayWindow(c.reference, c.reference_summary, c.mask,
                                                                   cell_format=shared, cell=self.cell)
        difference = None if c.difference is None else ArrayWindow(c.difference, c.difference_summary, c.mask,
                                                                    cell_format=self._format(c.difference_summary),
                                                                    cell=self.cell)
        if difference is not None and not self.sides:
            if c.mask is None or not c.mask.any():  # the same values: show them, not a table of zeros
                return [student], ("",)
            return [difference], ("",)
        captions = ("student", "reference", "student − reference")
        if difference is None:
            return [student, reference], captions[:2]
        return [student, reference, difference], captions

    def _format(self, summary: Summary | None) -> CellFormat | None:
        """The cell format when the content asks for its own number of decimals (else the window's own)."""
        decimals = self.content.decimals if self.content is not None else None
        return None if decimals is None or summary is None else CellFormat.for_summary(summary, decimals)

    def set_heat(self, heat: bool) -> None:
        if heat != self.heat:
            self.heat = heat
            self._clamp()
            self._repaint()

    def set_sides(self, sides: bool) -> None:
        """When comparing: show the student's and the reference's values beside the difference."""
        if sides != self.sides and self.content is not None:
            self.sides = sides
            self._load(self.content, self.heat, None)
            self._clamp()
            self._repaint()

    def _main(self) -> ArrayWindow | None:
        """The window whose shape the scrolling follows (the reference when comparing)."""
        if not self._windows:
            return None
        if self.compare and len(self._windows) > 1:
            return self._windows[1] or self._windows[0]
        return self._windows[0]

    def _main_shape(self) -> tuple[int, int] | None:
        main = self._main()
        return None if main is None else main.shape

    # ------------------------------------------------------------------ geometry
    def _top_lines(self, width: int) -> list[tuple[str, str]]:
        """The (text, style name) lines above the table: the verdict (comparing, where the
        student's values differ or are missing: the panes that match say nothing, the line
        under the panes says it once), then the summary in ``summary_lines`` lines (one
        when comparing), so the table starts on the same line in every iteration."""
        c = self.content
        if c is None:
            return []
        lines: list[tuple[str, str]] = []
        main = self._main()
        if self.compare and c.verdict and (c.differs or main is None):
            shown = " · values: student − reference" if len(self._windows) == 1 and c.difference is not None else ""
            lines.append((c.verdict + shown, "warning"))
        if main is None:
            return lines
        if self._scalar:
            return lines + self._scalar_lines()
        most = 1 if self.compare else summary_lines(width)
        summary = c.summary if c.summary is not None else (c.reference_summary if self.compare else None)
        if self.compare and c.value is None:
            lines.append((c.missing, "warning"))
            summary = c.reference_summary
        if summary is not None:
            bad = summary.nan or summary.inf
            texts = summary.lines(width, most)
            lines.extend((text, "bad" if bad and ("NaN" in text or "Inf" in text) else "muted")
                         for text in texts + [""] * (most - len(texts)))
        return lines

    def _scalar_lines(self) -> list[tuple[str, str]]:
        """A 0-d value (J, α) as numbers at full precision: no table of one cell."""
        c = self.content
        if not self.compare:
            return [(f"= {float(c.value)!r}", "value")]
        parts = []
        for caption, array in (("student", c.value), ("reference", c.reference), ("difference", c.difference)):
            if array is not None:
                parts.append((f"{caption:<10} {float(array)!r}", "value"))
        return parts

    def _columns(self, width: int) -> tuple[tuple[int, ...], int, int]:
        """x of each table, how many columns each shows, and how many a wrapped line shows
        (``pane_layout``'s geometry: each table's row labels, then its cells)."""
        count = len(self._windows)
        sub = window_width(width, count)
        xs = tuple(i * (sub + GAP) for i in range(count))
        main = self._main()
        cell = max((w.cell_width(self.heat) for w in self._windows if w is not None), default=2)
        ncols = values_per_line(width, count, main.gutter if main else 2, cell)
        wrap_ncols = values_per_line(width, count, wrap_gutter(main.shape[1]) if main else 2, cell)
        return xs, ncols, wrap_ncols

    def _layout(self) -> Plan:
        """The plan of the frame at the current size (see ``pane_layout``)."""
        key = ("plan", self._area, self.compare, self.heat, self._content_key)
        if key != self._plan_key:
            hit = self._frames.get(key)
            if hit is not None:
                self._plan_key, self._content_size, self._plan = key, hit[1], hit[2]
                return self._plan
            size = self._area
            # One line for the title bar, one column of margin on the left.
            width, height = self._content_size = Size(max(0, size.width - 1), max(0, size.height - 1))
            top = self._top_lines(width)
            main = self._main()
            if main is None or self._scalar:
                if main is None and self.content is not None:
                    top = [(line, "warning") for line in textwrap.wrap(self.content.missing, max(8, width))]
                plan = Plan(top=tuple(top))
            else:
                xs, ncols, wrap_ncols = self._columns(width)
                # windows of different shapes (a student's (2, 1) beside a (1, 2)): every row of each
                rows = max(w.shape[0] for w in self._windows if w is not None)
                plan = plan_table(width=size.width, height=size.height, top=top, size=(rows, main.shape[1]),
                                  ncols=ncols, wrap_ncols=wrap_ncols, xs=xs, captions=len(self._windows) > 1,
                                  title=self.title_text, may_wrap=len(self._windows) == 1)
            self._plan_key, self._plan = key, plan
            self._frames.put(key, (self.content, self._content_size, self._plan))
        return self._plan

    def _clamp(self) -> None:
        plan = self._layout()
        rows, cols = plan.shape
        self.row0 = max(0, min(self.row0, rows - plan.nrows))
        self.col0 = 0 if plan.wrap else max(0, min(self.col0, cols - plan.columns))

    @property
    def window(self) -> tuple[int, int, int, int]:
        """First row, first column, and how many rows and columns of the array are on show."""
        if self._main() is None or self._scalar:
            return 0, 0, 0, 0
        r_first, r_last, c_first, c_last = visible(self._layout(), self.row0, self.col0)
        return r_first, c_first, r_last - r_first + 1, c_last - c_first + 1

    @property
    def position_text(self) -> str:
        """Which rows and columns are on show (``"rows 0-9/12288  cols 0-4/209"``), ``""`` when all are."""
        if self._main() is None or self._scalar:
            return ""
        return position_text(self._layout(), self.row0, self.col0)

    # ------------------------------------------------------------------ scrolling
    def scroll_cells(self, rows: int = 0, columns: int = 0) -> None:
        """Move the window by ``rows`` and ``columns`` (clamped to the array; a wrapped
        row vector scrolls by lines)."""
        before = (self.row0, self.col0)
        plan = self._layout()
        self.row0 += rows + (np.sign(columns) if plan.wrap else 0)
        self.col0 += 0 if plan.wrap else columns
        self._clamp()
        if (self.row0, self.col0) != before:
            self._repaint()

    def action_scroll_rows(self, rows: int) -> None:
        if self.cursor is not None:
            self.move_cursor(rows=rows)
        else:
            self.scroll_cells(rows=rows)

    def action_scroll_columns(self, columns: int) -> None:
        if self.cursor is not None:
            self.move_cursor(columns=columns)
        else:
            self.scroll_cells(columns=columns * max(1, self._layout().columns // 2))

    def action_page(self, direction: int) -> None:
        if self.cursor is not None:
            self.move_cursor(rows=direction * max(1, self._layout().nrows - 1))
        else:
            self.scroll_cells(rows=direction * max(1, self._layout().nrows - 1))

    def action_home(self) -> None:
        self.row0 = self.col0 = 0
        self._clamp()
        self._repaint()

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

    def on_focus(self) -> None:
        self._focused = True
        self._repaint()

    def on_blur(self) -> None:
        self._focused = False
        self._repaint()

    # ------------------------------------------------------------------ drawing
    def _palette(self) -> dict:
        return self._frames.palette(self.app.theme, self.app.get_css_variables)

    def set_context(self, context: str) -> None:
        """Say where the step is in the title bar (``""``: not)."""
        if context != self.context:
            self.context = context
            self._repaint()

    def _frame_key(self) -> tuple:
        return ("lines", self._area, self.compare, self.heat, self._content_key, self.context,
                self.row0, self.col0, self._focused, self.app.theme, self._base_style, self.cursor)

    def _repaint(self) -> None:
        """Draw every line now and ask Textual to repaint only the lines that changed.

        A step usually changes the title, the summary and the rows of values, but not
        the blank rows under a small array: those keep their rendered lines.
        """
        if not self.is_mounted or self.outer_size.area == 0 or not self.display:  # drawn when it is on show
            self.refresh()
            return
        height, width = self.outer_size.height, self.outer_size.width
        old = self._signatures
        self._draw()
        signatures = self._signatures
        if len(old) != height:
            self.refresh()
            return
        changed = [y for y in range(height) if signatures[y] != old[y]]
        if len(changed) == height:
            self.refresh()
        elif changed:
            self.refresh(*_runs(changed, width))

    def _draw(self) -> None:
        """Compose every line for the current frame, the widget's own style underneath.

        Segments carry only their own colours; the widget's background and text colour
        (from the theme) go underneath, so every theme reads well. A line whose text and
        styles are those of the last frame keeps its finished Strip.
        """
        theme = self.app.theme
        if theme != self._base_key:
            self._base_key, self._base_style = theme, self.rich_style
        base = self._base_style
        key = self._frame_key()
        hit = self._frames.get(key)
        if hit is not None:
            self._lines_key, self._lines, self._signatures, self._lines_theme = key, hit[1], hit[2], theme
            return
        styles, plan = self._palette(), self._layout()
        old_lines, old_signatures = self._lines, self._signatures
        lines, signatures = [], []
        for y in range(self._area.height):
            line = self._compose_line(y, styles, plan)
            signature = (line.text, tuple(id(segment.style) for segment in line))
            if y < len(old_signatures) and old_signatures[y] == signature and self._lines_theme == theme:
                line = old_lines[y]
            else:
                line = line.apply_style(base)
            lines.append(line)
            signatures.append(signature)
        self._lines_key, self._lines, self._signatures, self._lines_theme = key, lines, signatures, theme
        self._frames.put(key, (self.content, lines, signatures))

    def render_line(self, y: int) -> Strip:
        lines = self.finished_lines()
        return lines[y] if y < len(lines) else Strip.blank(self.outer_size.width, self._base_style)

    def finished_lines(self) -> list[Strip]:
        if self.app.theme != self._base_key or self._lines_key != self._frame_key():
            self._draw()
        return self._lines

    def _compose_line(self, y: int, styles: dict | None = None, plan: Plan | None = None) -> Strip:
        width = self._area.width
        if width <= 0:
            return Strip.blank(0)
        styles = self._palette() if styles is None else styles
        plan = self._layout() if plan is None else plan
        if y == 0:
            return self._title_bar(width, styles, plan)
        if plan.bottom and y == self._area.height - 1:
            text = bottom_text(plan, self.row0, self.col0, width - 1)
            return Strip([Segment(" " + text.rjust(width - 1), styles["title-rest"])], width)
        line = self._render_line(y - 1, styles, plan)
        if line is self._blank_line:
            if self._blank.cell_length != width:
                self._blank = Strip.blank(width)
            return self._blank
        # Every line _render_line draws is exactly width - 1 cells wide.
        return Strip([Segment(" "), *line], width)

    def _title_bar(self, width: int, styles: dict, plan: Plan) -> Strip:
        if not self.title_text:
            return Strip.blank(width)
        if self._focused:
            title, rest = styles["title-focus"], styles["title-focus-rest"]
        elif self.content is not None and self.content.differs:
            title, rest = styles["title-differs"], styles["title-differs-rest"]
        else:
            title, rest = styles["title"], styles["title-rest"]
        extra = f"{self.title_extra}  · {self.context}" if self.context else self.title_extra
        head, tail = title_bar_text(self.title_text, plan, self.row0, self.col0, width, self._focused, extra.strip())
        gap = max(0, width - len(head) - len(tail))
        return Strip([Segment(head, title), Segment(" " * gap, rest), Segment(tail, rest)]).crop_extend(0, width, None)

    def _render_line(self, y: int, styles: dict, plan: Plan) -> Strip:
        """Content line ``y`` (under the title bar), exactly ``width - 1`` cells wide."""
        width, height = self._content_size
        if width <= 0 or self.content is None:
            return self._blank_line
        main = self._main()
        top = plan.top
        if y < len(top):
            text, style = top[y]
            return self._text(text, styles[style], width)
        if main is None or self._scalar:
            return self._blank_line
        y -= len(top)
        if len(self._windows) > 1:
            if y == 0:
                segments: list[Segment] = []
                for x, caption in zip(plan.xs, self._captions):
                    segments.append(Segment(" " * (x - sum(s.cell_length for s in segments))))
                    segments.append(Segment(caption, styles["caption"]))
                return self._strip(segments, width)
            y -= 1
        r0, c0, ncols = self.row0, self.col0, plan.ncols
        if plan.wrap:
            if y >= plan.nrows or (r0 + y) * ncols >= main.shape[1]:
                return self._blank_line
            first = (r0 + y) * ncols
            gutter = wrap_gutter(main.shape[1])
            cursor = self.cursor[1] if self.cursor is not None else None
            return self._strip(main.wrapped(first, ncols, self.heat, styles, gutter, cursor), width)
        if plan.blocks > 1:  # a folded matrix: block after block of every row, a header each
            block, y = divmod(y, plan.nrows + 1)
            c0 += block * ncols
            if block >= plan.blocks or c0 >= plan.shape[1]:
                return self._blank_line
        if y == 0:
            return self._tables(plan.xs, width, lambda w, first: w.header(c0, ncols, self.heat, styles, gutter=first))
        y -= 1
        if y < plan.nrows:
            row = r0 + y
            if row >= plan.shape[0]:
                return self._blank_line
            cursor = self.cursor[1] if self.cursor is not None and self.cursor[0] == row else None
            if cursor is not None and not c0 <= cursor < c0 + ncols:
                cursor = None
            return self._tables(plan.xs, width, lambda w, first: w.row(row, c0, ncols, self.heat, styles, gutter=first,
                                                                       cursor=cursor))
        return self._blank_line

    def _tables(self, xs: tuple[int, ...], width: int, draw) -> Strip:
        if len(xs) == 1:
            return self._strip(draw(self._windows[0], True), width)
        segments: list[Segment] = []
        for i, (x, win) in enumerate(zip(xs, self._windows)):
            used = sum(len(s.text) for s in segments)  # cell text is plain ASCII
            if x > used:
                segments.append(Segment(" " * (x - used)))
            if win is not None:
                segments.extend(draw(win, i == 0))
        return self._strip(segments, width)

    @staticmethod
    def _strip(segments: list[Segment], width: int) -> Strip:
        length = sum(len(s.text) for s in segments)
        if length < width:
            segments.append(Segment(" " * (width - length)))
            return Strip(segments, width)
        return Strip(segments, length).crop(0, width) if length > width else Strip(segments, width)

    @staticmethod
    def _text(text: str, style, width: int) -> Strip:
        return Strip([Segment(fit_text(text, width).ljust(width), style)], width)


def _runs(lines: list[int], width: int) -> list[Region]:
    """The lines ``lines`` (ascending) as regions of consecutive lines: a step changes the
    rows of values together, and each region is work for Textual's refresh."""
    regions: list[Region] = []
    start = previous = lines[0]
    for y in lines[1:] + [-1]:
        if y != previous + 1:
            regions.append(Region(0, start, width, previous - start + 1))
            start = y
        previous = y
    return regions

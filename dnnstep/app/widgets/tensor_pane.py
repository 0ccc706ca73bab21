"""One tensor of the current step: its name and shape, a summary line and a window of values.

A pane is titled in course notation with the tensor's shape (``dW[3]  (4, 5)``). Under
the one-line summary (min, max, mean, std, share of zeros, NaN and Inf counts) it draws
the values numpy-style, or as a heat map, and only the rows and columns that fit: a
12288 x 209 matrix costs what a 4 x 5 one costs. When a student's run is compared, the
pane draws three windows side by side, scrolled together: the student's value, the
reference, and student minus reference, with the cells that differ marked.

A tensor the step has not computed yet shows a sentence saying so, never zeros or
values left over from another iteration.

The pane is one widget drawn line by line (Textual's Line API), so a step change is a
repaint of its lines and never a new layout of the screen. It scrolls itself: up, down,
page up/down, home, end; shift+left and shift+right sideways (left and right step the
debugger); the mouse wheel (with shift, sideways). When the array does not fit, the last
line says which rows and columns are on show.
"""

from __future__ import annotations

import textwrap
from collections import OrderedDict
from dataclasses import dataclass

import numpy as np
from rich.segment import Segment
from textual import events
from textual.geometry import Region, Size
from textual.strip import Strip

from dnnstep.app.closer import clamp_index
from dnnstep.app.keys import PANE_KEYS, bindings
from dnnstep.app.values import Summary
from dnnstep.app.widgets.array_window import ArrayWindow, palette
from dnnstep.app.widgets.cell_cursor import CellCursor
from dnnstep.app.widgets.direct_lines import DirectLines
from dnnstep.engine.formulas import format_shape


@dataclass(frozen=True)
class PaneContent:
    """What a pane shows; built by the app from the Step (and the student's Step).

    Attributes:
        title: the tensor in course notation (``"dW[3]"``).
        value: the array to show (the student's when comparing), or ``None``.
        summary: its display statistics.
        missing: the sentence shown instead of values when there are none.
        reference: the reference's array when comparing with a student.
        reference_summary: its statistics.
        difference: student minus reference, when the shapes agree.
        difference_summary: its statistics.
        mask: the cells that differ (reference-shaped), or ``None``.
        verdict: one line about the comparison (``"matches the reference"``, ``"3 of 20 cells differ"``).
        decimals: digits after the point (``None``: the pane's own choice, 4).
    """

    title: str
    value: np.ndarray | None = None
    summary: Summary | None = None
    missing: str = ""
    reference: np.ndarray | None = None
    reference_summary: Summary | None = None
    difference: np.ndarray | None = None
    difference_summary: Summary | None = None
    mask: np.ndarray | None = None
    verdict: str = ""
    decimals: int | None = None

    @property
    def differs(self) -> bool:
        return bool(self.mask is not None and self.mask.any()) or self.verdict.startswith("no ")


GAP = 2
BLANK = Strip.blank(0)


class FrameCache:
    """Finished lines of panes, shared by the panes of a grid, the most recent kept.

    Keyed by everything a pane's lines depend on (its size, what it shows, the heat map,
    the scroll position, the focus, the theme), so a step that shows a tensor again (the
    previous step, the A[l] a forward step computed becoming the next step's input) gets
    its lines back instead of drawing them. An entry holds the PaneContent it was drawn
    from, which keeps its arrays alive, so the ``id`` of an array in a key cannot be
    taken by another array while the entry lives.
    """

    def __init__(self, size: int = 192) -> None:
        self._items: OrderedDict[tuple, tuple] = OrderedDict()
        self._size = size

    def get(self, key: tuple) -> tuple | None:
        hit = self._items.get(key)
        if hit is not None:
            self._items.move_to_end(key)
        return hit

    def put(self, key: tuple, value: tuple) -> None:
        self._items[key] = value
        self._items.move_to_end(key)
        while len(self._items) > self._size:
            self._items.popitem(last=False)

    def clear(self) -> None:
        self._items.clear()


class TensorPane(CellCursor, DirectLines, can_focus=True):
    """One slot of the grid; ``tensor`` is the Step tensor it shows now (``"dW"``), or ``""``."""

    _blank_line = BLANK  # what _render_line returns for an empty line

    BINDINGS = bindings(PANE_KEYS)

    DEFAULT_CSS = """
    TensorPane { height: 1fr; width: 1fr; }
    """

    def __init__(self, slot: int, *, compare: bool = False, frames: FrameCache | None = None) -> None:
        super().__init__(id=f"slot-{slot}", classes="tensor-pane")
        self.slot = slot
        self.tensor = ""
        self.compare = compare
        self.content: PaneContent | None = None
        self.heat = False
        self.row0 = 0
        self.col0 = 0
        self._windows: list[ArrayWindow | None] = []
        self._palette_theme: str | None = None
        self._styles: dict = {}
        self._content_size = Size(0, 0)
        self._base_key: tuple | None = None
        self._base_style = None
        self._plan_key: tuple | None = None
        self._plan: tuple = ()
        self.title_text = ""
        self.position_text = ""
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
    def show(self, content: PaneContent, heat: bool, tensor: str | None = None) -> None:
        """Show ``content`` (of the Step tensor ``tensor``); ``heat`` chooses the heat map."""
        self._load(content, heat, tensor)
        self.set_class(content.differs, "-differs")
        self._clamp()
        self._repaint()

    _DRAWING_STATE = (
        "tensor", "content", "heat", "row0", "col0", "_windows", "_content_key", "_content_size",
        "_plan_key", "_plan", "title_text", "position_text", "_lines_key", "_lines", "_signatures",
        "_lines_theme",
    )

    def predraw(self, content: PaneContent, heat: bool, tensor: str | None = None) -> None:
        """Draw the frame ``show(content, heat, tensor)`` would draw into the shared frame
        cache, and leave the pane as it is (the app calls this in idle time for the step a
        key is likely to show next, so that showing it is a cache hit)."""
        if not self.is_mounted or self.outer_size.area == 0:
            return
        saved = [getattr(self, name) for name in self._DRAWING_STATE]
        try:
            self._load(content, heat, tensor)
            self._clamp()
            self._draw()
        finally:
            for name, value in zip(self._DRAWING_STATE, saved):
                setattr(self, name, value)

    def _load(self, content: PaneContent, heat: bool, tensor: str | None) -> None:
        """Take ``content`` as what to draw (the scroll position kept if the shape is)."""
        old = self._main_shape()
        if tensor is not None:
            if tensor != self.tensor:
                old = None
            self.tensor = tensor
        self.content, self.heat = content, heat
        self._content_key = (
            content.title, content.missing, content.verdict, content.decimals,
            *(id(x) for x in (content.value, content.summary, content.reference, content.reference_summary,
                              content.difference, content.difference_summary, content.mask)),
        )
        if self.compare:
            d = content.decimals
            self._windows = [
                None if content.value is None else ArrayWindow(content.value, content.summary, content.mask, d),
                None if content.reference is None else ArrayWindow(content.reference, content.reference_summary, content.mask, d),
                None if content.difference is None else ArrayWindow(content.difference, content.difference_summary, content.mask, d),
            ]
        else:
            self._windows = [None if content.value is None else ArrayWindow(content.value, content.summary,
                                                                            decimals=content.decimals)]
        shape = self._main_shape()
        if shape != old or shape is None:
            self.row0 = self.col0 = 0
        if self.cursor is not None:
            self.cursor = None if shape is None else clamp_index(self.cursor, shape)
        self.title_text = f"{content.title}  {format_shape(self._title_shape())}" if shape else content.title

    def set_heat(self, heat: bool) -> None:
        if heat != self.heat:
            self.heat = heat
            self._clamp()
            self._repaint()

    def _title_shape(self) -> tuple[int, ...] | None:
        c = self.content
        if c is None:
            return None
        array = c.value if c.value is not None else c.reference
        return None if array is None else tuple(array.shape)

    def _main(self) -> ArrayWindow | None:
        """The window whose shape the scrolling follows (the reference when comparing)."""
        if not self._windows:
            return None
        if self.compare:
            return self._windows[1] or self._windows[0]
        return self._windows[0]

    def _main_shape(self) -> tuple[int, int] | None:
        main = self._main()
        return None if main is None else main.shape

    # ------------------------------------------------------------------ geometry
    def _top_lines(self, width: int) -> list[tuple[str, str]]:
        """The (text, style name) lines above the table: verdict, summary, captions."""
        c = self.content
        if c is None:
            return []
        lines: list[tuple[str, str]] = []
        if self.compare and c.verdict:
            lines.append((c.verdict, "warning" if c.differs else "muted"))
        main = self._main()
        if main is None:
            return lines
        most = 1 if self._content_size.height <= 6 or self.compare else 2
        summary = c.summary if c.summary is not None else (c.reference_summary if self.compare else None)
        if self.compare and c.value is None:
            lines.append((c.missing, "warning"))
            summary = c.reference_summary
        if summary is not None:
            bad = summary.nan or summary.inf
            lines.extend((text, "bad" if bad and ("NaN" in text or "Inf" in text) else "muted")
                         for text in summary.lines(width, most))
        return lines

    def _columns(self, width: int) -> tuple[list[int], int]:
        """x of each table, and how many columns each shows."""
        heat = self.heat
        if not self.compare:
            main = self._windows[0]
            return [0], (main.columns_in(width, heat) if main else 1)
        sub = max(4, (width - 2 * GAP) // 3)
        xs = [0, sub + GAP, 2 * (sub + GAP)]
        fits = [w.columns_in(sub, heat, gutter=i == 0) for i, w in enumerate(self._windows) if w is not None]
        main = self._main()
        gutter = main.gutter if main else 2
        fits = [min(f, max(1, (sub - gutter) // (main.cell_width(heat) if main else 2))) for f in fits]
        return xs, max(1, min(fits) if fits else 1)

    def _layout(self) -> tuple:
        """``(top lines, table x positions, rows, columns, overflow)`` for the current size."""
        key = ("plan", self.outer_size, self.compare, self.heat, self._content_key)
        if key != self._plan_key:
            hit = self._frames.get(key)
            if hit is not None:
                self._plan_key, self._content_size, self._plan = key, hit[1], hit[2]
                return self._plan
            size = self.size
            # One line for the title bar, one column of margin on the left.
            width, height = self._content_size = Size(max(0, size.width - 1), max(0, size.height - 1))
            top = self._top_lines(width)
            if self._main() is None and self.content is not None:
                top = [(line, "warning") for line in textwrap.wrap(self.content.missing, max(8, width))]
            xs, ncols = self._columns(width)
            main = self._main()
            nrows, overflow = 0, False
            if main is not None:
                rows, cols = main.shape
                above = len(top) + (1 if self.compare else 0) + 1
                nrows = max(1, height - above)
                overflow = rows > nrows or cols > ncols
            self._plan_key, self._plan = key, (top, xs, nrows, ncols, overflow)
            self._frames.put(key, (self.content, self._content_size, self._plan))
        return self._plan

    def _capacity(self) -> tuple[int, int, bool]:
        """Rows and columns the table shows, and whether the array overflows the pane."""
        _, _, nrows, ncols, overflow = self._layout()
        return nrows, ncols, overflow

    def _clamp(self) -> None:
        main = self._main()
        if main is None:
            self.row0 = self.col0 = 0
            self._update_subtitle()
            return
        rows, cols = main.shape
        nrows, ncols, _ = self._capacity()
        self.row0 = max(0, min(self.row0, rows - nrows))
        self.col0 = max(0, min(self.col0, cols - ncols))
        self._update_subtitle()

    @property
    def window(self) -> tuple[int, int, int, int]:
        """First row, first column, and how many rows and columns are on show."""
        main = self._main()
        if main is None:
            return 0, 0, 0, 0
        nrows, ncols, _ = self._capacity()
        rows, cols = main.shape
        return self.row0, self.col0, min(nrows, rows - self.row0), min(ncols, cols - self.col0)

    # ------------------------------------------------------------------ scrolling
    def scroll_cells(self, rows: int = 0, columns: int = 0) -> None:
        """Move the window by ``rows`` and ``columns`` (clamped to the array)."""
        before = (self.row0, self.col0)
        self.row0 += rows
        self.col0 += columns
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
            self.scroll_cells(columns=columns * max(1, self.window[3] // 2))

    def action_page(self, direction: int) -> None:
        if self.cursor is not None:
            self.move_cursor(rows=direction * max(1, self.window[2] - 1))
        else:
            self.scroll_cells(rows=direction * max(1, self.window[2] - 1))

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
        self._update_subtitle()
        self._repaint()

    def on_blur(self) -> None:
        self._focused = False
        self._update_subtitle()
        self._repaint()

    # ------------------------------------------------------------------ drawing
    def _palette(self) -> dict:
        theme = self.app.theme
        if theme != self._palette_theme:
            self._styles = palette(self.app.get_css_variables())
            self._palette_theme = theme
        return self._styles

    def _frame_key(self) -> tuple:
        return ("lines", self.outer_size, self.compare, self.heat, self._content_key,
                self.row0, self.col0, self._focused, self.app.theme, self._base_style, self.cursor)

    def _repaint(self) -> None:
        """Draw every line now and ask Textual to repaint only the lines that changed.

        A step usually changes the title, the summary and the rows of values, but not
        the blank rows under a small array: those keep their rendered lines.
        """
        if not self.is_mounted or self.outer_size.area == 0:
            self.refresh()
            return
        height, width = self.outer_size.height, self.outer_size.width
        old = self._signatures
        self._draw()
        signatures = self._signatures
        if len(old) != height:
            self.refresh()
            return
        changed = [Region(0, y, width, 1) for y in range(height) if signatures[y] != old[y]]
        if len(changed) == height:
            self.refresh()
        elif changed:
            self.refresh(*changed)

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
        for y in range(self.outer_size.height):
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

    def _compose_line(self, y: int, styles: dict | None = None, plan: tuple | None = None) -> Strip:
        width = self.outer_size.width
        if width <= 0:
            return Strip.blank(0)
        styles = self._palette() if styles is None else styles
        if y == 0:
            return self._title_bar(width, styles)
        line = self._render_line(y - 1, styles, self._layout() if plan is None else plan)
        if line is self._blank_line:
            if self._blank.cell_length != width:
                self._blank = Strip.blank(width)
            return self._blank
        # Every line _render_line draws is exactly width - 1 cells wide.
        return Strip([Segment(" "), *line], width)

    def _title_bar(self, width: int, styles: dict) -> Strip:
        if not self.title_text:
            return Strip.blank(width)
        if self._focused:
            title, rest = styles["title-focus"], styles["title-focus-rest"]
        elif self.content is not None and self.content.differs:
            title, rest = styles["title-differs"], styles["title-differs-rest"]
        else:
            title, rest = styles["title"], styles["title-rest"]
        head = f" {self.title_text} "
        tail = f" {self.position_text} " if self.position_text else ""
        if len(head) + len(tail) > width:
            tail = tail.replace("  ↑↓ ⇧←→", "")
        if len(head) + len(tail) > width:
            tail = ""
        gap = max(0, width - len(head) - len(tail))
        return Strip([Segment(head, title), Segment(" " * gap, rest), Segment(tail, rest)]).crop_extend(0, width, None)

    def _render_line(self, y: int, styles: dict, plan: tuple) -> Strip:
        """Content line ``y`` (under the title bar), exactly ``width - 1`` cells wide."""
        width, height = self._content_size
        if width <= 0 or self.content is None:
            return self._blank_line
        main = self._main()
        top, xs, nrows, ncols, overflow = plan
        if main is None:
            if y < len(top):
                return self._text(top[y][0], styles["warning"], width)
            return self._blank_line
        if y < len(top):
            text, style = top[y]
            return self._text(text, styles[style], width)
        y -= len(top)
        if self.compare:
            if y == 0:
                captions = ("student", "reference", "student - reference")
                segments: list[Segment] = []
                for x, caption, win in zip(xs, captions, self._windows):
                    if win is None and caption.startswith("student -"):
                        caption = "shapes differ: no difference"
                    segments.append(Segment(" " * (x - sum(s.cell_length for s in segments))))
                    segments.append(Segment(caption, styles["caption"]))
                return self._strip(segments, width)
            y -= 1
        r0, c0 = self.row0, self.col0
        if y == 0:
            return self._tables(xs, width, lambda w, first: w.header(c0, ncols, self.heat, styles, gutter=first))
        y -= 1
        if y < nrows:
            row = r0 + y
            if row >= main.shape[0]:
                return self._blank_line
            cursor = self.cursor[1] if self.cursor is not None and self.cursor[0] == row else None
            return self._tables(xs, width, lambda w, first: w.row(row, c0, ncols, self.heat, styles, gutter=first,
                                                                  cursor=cursor))
        return self._blank_line

    def _update_subtitle(self) -> None:
        """The title bar says which rows and columns are on show when not all fit."""
        main = self._main()
        text = ""
        if main is not None and self.outer_size.height > 0:
            _, _, nrows, ncols, overflow = self._layout()
            if overflow:
                rows, cols = main.shape
                r_end = self.row0 + min(nrows, rows - self.row0) - 1
                c_end = self.col0 + min(ncols, cols - self.col0) - 1
                text = f"rows {self.row0}-{r_end}/{rows}  cols {self.col0}-{c_end}/{cols}"
                if self._focused:
                    text += "  ↑↓ ⇧←→"
        self.position_text = text

    def _tables(self, xs: list[int], width: int, draw) -> Strip:
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
        return Strip([Segment(text[:width].ljust(width), style)], width)

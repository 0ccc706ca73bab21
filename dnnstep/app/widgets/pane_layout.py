"""Where a tensor pane puts things: its lines, how many rows and columns show, and which ones.

A pane is a title bar, then (comparing a student's run) a verdict line, the summary of the
values in ``summary_lines`` lines, the windows' captions (when several arrays stand side
by side), a header of column numbers and the rows of values, each led by its index, one
column of margin on the left. A matrix too wide for the pane whose rows all fit with room
to spare is folded, as numpy prints a wide array: the next columns in another block (a
header and the rows again) under the first, as many blocks as the lines hold. A row
vector wraps over the pane's lines instead, each led by its first column's index
(``AL (1, 30)`` shows all 30 values in a pane 60 wide, ten to a line). The functions here are that geometry, shared by the pane that draws it and the
grid's plan (``app/grid_plan.py``) that sizes the pane for it: a pane the plan makes whole
is whole on screen.

:func:`plan_table` decides, for a pane of a given size and the array(s) it shows, how many
rows and columns the table shows and whether a row vector wraps. :func:`position_text`
writes which part of the array is on show (``rows 0-9/12288  cols 0-4/209``), from the
same plan the lines are drawn from, so the title bar can never say something the table
does not show; :func:`title_bar_text` fits the title and that position to the title bar,
the tensor's name and shape first. Nothing here draws.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from dnnstep.app.values import CLEAN, Summary
from dnnstep.engine.formulas import format_shape

GAP = 2
"""Columns between the tables of a compared pane."""
MARGIN = 1
"""The column of margin on a pane's left."""
TITLE_LINES = 1
"""The title bar."""
HEADER_LINES = 1
"""The column numbers above a table's rows."""
SUMMARY_WIDTH = len(Summary(2, -1.234e-05, -1.234e-05, -1.234e-05, 1.234e-05, 0.0033, 0, 0, False).line()
                    .removesuffix("  " + CLEAN))
"""The cells of the longest summary of finite values (every number as wide as ``format_number``
writes one, ``no NaN/Inf`` left out when it does not fit): from this content width on, a
summary takes one line."""
ELLIPSIS = "…"


def pane_title(name: str, shape: tuple[int, ...] | None) -> str:
    """A pane's title: the tensor's name and its shape (``dW[3]  (4, 5)``, ``J  (a number)``),
    or the name alone when there are no values."""
    if shape is None:
        return name
    return f"{name}  {format_shape(tuple(shape)) if len(shape) else '(a number)'}"


def summary_lines(width: int) -> int:
    """The lines a pane's summary takes at ``width`` cells of content: one when any summary
    fits, else two (the same in every iteration, whatever the values' lengths)."""
    return 1 if width >= SUMMARY_WIDTH else 2


def index_gutter(rows: int) -> int:
    """The cells of a table's row labels (and the space after them)."""
    return len(str(max(rows - 1, 0))) + 1


def wrap_gutter(columns: int) -> int:
    """The cells that lead each line of a wrapped row vector: its first column's index."""
    return len(str(max(columns - 1, 0))) + 1


def window_width(width: int, windows: int) -> int:
    """The cells of each of ``windows`` tables side by side in ``width`` cells of content."""
    return width if windows == 1 else max(4, (width - (windows - 1) * GAP) // windows)


def values_per_line(width: int, windows: int, gutter: int, cell: int) -> int:
    """The values of one line of each table in ``width`` cells of content: ``windows``
    tables side by side, each with a gutter of ``gutter`` cells and ``cell`` cells a value."""
    return max(1, (window_width(width, windows) - gutter) // cell)


@dataclass(frozen=True)
class Plan:
    """The geometry of one frame of a pane.

    Attributes:
        top: the (text, style name) lines above the table.
        xs: the x of each table (one, or one per compared array).
        nrows: lines of values the table shows (of each block).
        ncols: values per line (of each block).
        blocks: column blocks stacked (a folded matrix: every row, ``ncols`` columns a block).
        shape: what the window scrolls over: the array's (rows, columns), or for a
            wrapped row vector (lines, values per line).
        size: the array's own (rows, columns).
        wrap: a row vector drawn over several lines, each led by its first column's index.
        overflow: not every value is on show.
        bottom: the position line goes on the pane's last line (the title bar is too narrow).
    """

    top: tuple[tuple[str, str], ...] = ()
    xs: tuple[int, ...] = (0,)
    nrows: int = 0
    ncols: int = 0
    blocks: int = 1
    shape: tuple[int, int] = (0, 0)
    size: tuple[int, int] = (0, 0)
    wrap: bool = False
    overflow: bool = False
    bottom: bool = False

    @property
    def columns(self) -> int:
        """The columns on show at once (every block's)."""
        return self.ncols * self.blocks


def blocks_in(lines: int, rows: int, ncols: int, cols: int) -> int:
    """How many column blocks of a matrix of ``rows`` x ``cols`` (``ncols`` columns a block)
    ``lines`` lines hold: one, unless every row fits with a header more than once."""
    if cols <= ncols or lines < 2 * (rows + HEADER_LINES):
        return 1
    return min(math.ceil(cols / ncols), lines // (rows + HEADER_LINES))


def plan_table(*, width: int, height: int, top: list[tuple[str, str]], size: tuple[int, int],
               ncols: int, wrap_ncols: int, xs: tuple[int, ...], captions: bool, title: str,
               may_wrap: bool) -> Plan:
    """The plan of a table of an array of ``size`` (rows, columns) in ``width`` x ``height``
    cells (the title bar and the margin included) under ``top``; ``ncols`` values fit on a
    line of the table (``wrap_ncols`` on a wrapped line, whose index is wider); ``captions``
    adds a caption line (compared arrays); ``may_wrap`` lets a row vector wrap."""
    rows, cols = size
    height -= TITLE_LINES
    above = len(top) + (1 if captions else 0)
    wrap = may_wrap and rows == 1 and cols > ncols and height - above >= 2
    if wrap:
        ncols = wrap_ncols
        shape = (math.ceil(cols / ncols), ncols)
    else:
        shape = (rows, cols)

    def table(lines: int) -> tuple[int, int, bool]:
        """Rows a block, blocks, and whether something is hidden, in ``lines`` lines."""
        if wrap:  # no header line: each line starts with its column
            nrows = max(1, lines)
            return nrows, 1, shape[0] > nrows
        blocks = blocks_in(lines, rows, ncols, cols)
        nrows = rows if blocks > 1 else max(1, lines - HEADER_LINES)
        return nrows, blocks, rows > nrows or cols > ncols * blocks

    nrows, blocks, overflow = table(height - above)
    bottom = False
    if overflow:
        at_end = Plan(nrows=nrows, ncols=ncols, blocks=blocks, shape=shape, size=size, wrap=wrap, overflow=True)
        longest = min(position_forms(at_end, max(0, shape[0] - nrows), max(0, cols - ncols * blocks)), key=len)
        bottom = len(f" {title} ") + len(f" {longest} ") > width
        if bottom and height - above > 1:
            nrows, blocks, overflow = table(height - above - 1)
            overflow = True  # (one line fewer hides no less)
    return Plan(tuple(top), xs, nrows, ncols, blocks, shape, size, wrap, overflow, bottom)


def visible(plan: Plan, row0: int, col0: int) -> tuple[int, int, int, int]:
    """First row, last row, first column, last column of the array on show (inclusive)."""
    rows, cols = plan.size
    if plan.wrap:
        first = row0 * plan.ncols
        last = min(cols, (row0 + plan.nrows) * plan.ncols) - 1
        return 0, 0, first, last
    return row0, min(rows, row0 + plan.nrows) - 1, col0, min(cols, col0 + plan.columns) - 1


def position_forms(plan: Plan, row0: int, col0: int) -> list[str]:
    """Which part of the array is on show, longest first (``rows 0-9/12288  cols 0-4/209``,
    ``r 0-9/12288 c 0-4/209``, and, when one axis shows whole, the other alone:
    ``r 0-5/20``), or ``[]`` when all of it is."""
    if not plan.overflow:
        return []
    rows, cols = plan.size
    r_first, r_last, c_first, c_last = visible(plan, row0, col0)
    row_text, col_text = f"{r_first}-{r_last}/{rows}", f"{c_first}-{c_last}/{cols}"
    forms = [f"rows {row_text}  cols {col_text}", f"r {row_text} c {col_text}"]
    all_rows, all_cols = r_last - r_first + 1 == rows, c_last - c_first + 1 == cols
    if all_cols:
        forms.append(f"r {row_text}")
    elif all_rows:
        forms.append(f"c {col_text}")
    return forms


def position_text(plan: Plan, row0: int, col0: int, *, compact: bool = False) -> str:
    """Which part of the array is on show, or ``""`` when all of it is."""
    forms = position_forms(plan, row0, col0)
    return "" if not forms else forms[1 if compact else 0]


def fit_text(text: str, width: int) -> str:
    """``text`` in ``width`` cells: whole, or cut with ``…`` at the end."""
    if len(text) <= width:
        return text
    return text[: max(0, width - 1)] + ELLIPSIS if width > 0 else ""


def title_bar_text(title: str, plan: Plan, row0: int, col0: int, width: int, focused: bool,
                   extra: str = "") -> tuple[str, str]:
    """``(head, tail)`` of a title bar ``width`` wide.

    The head is the title (the tensor's name and shape), never cut while it fits the pane;
    then ``extra`` (words about the values, ``= −α dW ‖ΔW‖/‖W‖ 1.0e-02``), as much as fits
    beside the tail. The tail is the position of the values on show, the longest form that
    fits (with the scroll keys when focused); ``""`` when it is on the bottom line instead
    (``plan.bottom``) or when everything shows."""
    head = f" {title} "
    if len(head) > width:
        return fit_text(head, width), ""
    tail = ""
    if not plan.bottom and plan.overflow:
        for text in position_forms(plan, row0, col0):
            for keys in (("  ↑↓ ⇧←→",) if focused else ()) + ("",):
                if len(head) + len(f" {text}{keys} ") <= width:
                    tail = f" {text}{keys} "
                    break
            if tail:
                break
    if extra:
        room = width - len(head) - len(tail)
        if room >= 4:
            head += fit_text(extra, room - 2) + " "
    return head, tail


def bottom_text(plan: Plan, row0: int, col0: int, width: int) -> str:
    """The position of the values on show for the pane's last line, the longest form that
    fits ``width`` cells (cut with ``…`` only when none does)."""
    forms = position_forms(plan, row0, col0)
    for text in forms:
        if len(text) <= width:
            return text
    return fit_text(forms[-1], width) if forms else ""

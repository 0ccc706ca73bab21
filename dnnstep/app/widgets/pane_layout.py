"""Where a tensor pane puts things: how many rows and columns show, and which ones.

:func:`plan_table` decides, for a pane of a given size and the array(s) it shows, the
lines above the table, how many rows and columns the table shows, and whether a row
vector wraps over several lines (``AL (1, 30)`` shows all 30 values in a pane 60 wide,
ten to a line). :func:`position_text` writes which part of the array is on show
(``rows 0-9/12288  cols 0-4/209``), from the same plan the lines are drawn from, so
the title bar can never say something the table does not show. Nothing here draws.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

GAP = 2
"""Columns between the tables of a compared pane."""


@dataclass(frozen=True)
class Plan:
    """The geometry of one frame of a pane.

    Attributes:
        top: the (text, style name) lines above the table.
        xs: the x of each table (one, or one per compared array).
        nrows: lines of values the table shows.
        ncols: values per line.
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
    shape: tuple[int, int] = (0, 0)
    size: tuple[int, int] = (0, 0)
    wrap: bool = False
    overflow: bool = False
    bottom: bool = False


def plan_table(*, width: int, height: int, top: list[tuple[str, str]], size: tuple[int, int],
               ncols: int, xs: tuple[int, ...], captions: bool, title: str, may_wrap: bool) -> Plan:
    """The plan of a table of an array of ``size`` (rows, columns) in ``width`` x ``height``
    cells under ``top``; ``ncols`` values fit on a line; ``captions`` adds a caption line
    (compared arrays); ``may_wrap`` lets a row vector wrap."""
    rows, cols = size
    above = len(top) + (1 if captions else 0)
    wrap = may_wrap and rows == 1 and cols > ncols and height - above >= 2
    if wrap:
        lines = math.ceil(cols / ncols)
        nrows = max(1, height - above)  # no header line: each line starts with its column
        shape = (lines, ncols)
    else:
        nrows = max(1, height - above - 1)  # one header line of column numbers
        shape = (rows, cols)
    overflow = shape[0] > nrows or (not wrap and cols > ncols)
    bottom = False
    if overflow:
        at_end = Plan(nrows=nrows, ncols=ncols, shape=shape, size=size, wrap=wrap, overflow=True)
        longest = position_text(at_end, max(0, shape[0] - nrows), max(0, cols - ncols), compact=True)
        bottom = len(f" {title} ") + len(f" {longest} ") > width + 1
        if bottom and nrows > 1:
            nrows -= 1
    return Plan(tuple(top), xs, nrows, ncols, shape, size, wrap, overflow, bottom)


def visible(plan: Plan, row0: int, col0: int) -> tuple[int, int, int, int]:
    """First row, last row, first column, last column of the array on show (inclusive)."""
    rows, cols = plan.size
    if plan.wrap:
        first = row0 * plan.ncols
        last = min(cols, (row0 + plan.nrows) * plan.ncols) - 1
        return 0, 0, first, last
    return row0, min(rows, row0 + plan.nrows) - 1, col0, min(cols, col0 + plan.ncols) - 1


def position_text(plan: Plan, row0: int, col0: int, *, compact: bool = False) -> str:
    """Which part of the array is on show, or ``""`` when all of it is."""
    if not plan.overflow:
        return ""
    rows, cols = plan.size
    r_first, r_last, c_first, c_last = visible(plan, row0, col0)
    if compact:
        return f"r {r_first}-{r_last}/{rows} c {c_first}-{c_last}/{cols}"
    return f"rows {r_first}-{r_last}/{rows}  cols {c_first}-{c_last}/{cols}"


def title_bar_text(title: str, plan: Plan, row0: int, col0: int, width: int, focused: bool) -> tuple[str, str]:
    """``(head, tail)`` of a title bar ``width`` wide: the title, and as much of the
    position as fits (full, then compact; with the scroll keys when focused). The tail is
    ``""`` when the position is on the bottom line instead (``plan.bottom``)."""
    head = f" {title} "
    if plan.bottom or not plan.overflow:
        return head, ""
    for compact in (False, True):
        text = position_text(plan, row0, col0, compact=compact)
        for keys in (("  ↑↓ ⇧←→",) if focused else ()) + ("",):
            tail = f" {text}{keys} "
            if len(head) + len(tail) <= width:
                return head, tail
    return head, ""

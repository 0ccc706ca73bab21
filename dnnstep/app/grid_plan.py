"""Where the tensor panes go: each pane sized to what it holds, the room freed going to the wide ones.

A pane of ``b[2] (7, 1)`` needs a narrow column; ``Z[2] (7, 209)`` could use the whole
width, ``A[0] = X (12288, 209)`` the whole screen. :func:`plan_grid` packs the panes, in
their order, into rows of a grid of ``COLUMNS`` equal columns: a pane spans as many columns
as its values need (at least ``MIN_WIDTH`` cells), panes that fit together share a row, and
the columns a row has to spare go to the panes that still have values to show. Rows get
heights in proportion to what their panes need, so the grid fits the screen instead of
scrolling; only when even ``MIN_HEIGHT`` a row does not fit does it fall back to fixed rows
and scroll.

A plan is made for a phase of the network (forward, cost, backward, update) from the
largest shape each pane holds in any layer of that phase (:func:`phase_shapes`), so that it
stays put while the user steps through the layers: a new plan means a new layout of the
screen (a few milliseconds), a step within the phase only a repaint. The cells of a value
are the widest the phase writes (:func:`phase_widths`, ``app/phase_sizes.py``).

This module knows nothing of Textual; the grid places its panes from a plan
(``TensorGrid.regions``, its ``PlanLayout``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable, Iterable, Mapping, Sequence

COLUMNS = 12
"""The grid's columns; a pane spans 1 to 12 of them."""
MIN_WIDTH = 30
"""Cells below which a pane is too narrow to read its title and summary."""
MIN_HEIGHT = 6
"""Lines below which a pane shows too few rows of values."""
TOP_LINES = 4
"""The title line, two summary lines and the column header above a matrix's rows."""
NOTE = (44, 5)
"""What a pane takes for a sentence (a tensor not computed yet): cells and lines."""
NUMBER = (30, 4)
"""What a pane takes for a 0-d value (J, α) written as a number: cells and lines."""


@dataclass(frozen=True)
class Need:
    """What a pane holds: ``kind`` ``"matrix"``, ``"vector"`` (a row vector, which wraps over
    the pane's lines and so can use any width), ``"number"`` (a 0-d value) or ``"note"`` (a
    sentence instead of values); a matrix's ``rows`` and ``columns`` of values,
    ``cell_width`` cells each, in ``windows`` windows side by side."""

    kind: str
    rows: int = 1
    columns: int = 1
    cell_width: int = 8
    windows: int = 1
    captions: bool = False

    @property
    def gutter(self) -> int:
        """The row labels' cells and the margins of one window."""
        return len(str(max(self.rows - 1, 0))) + 2

    @property
    def width(self) -> int:
        """The cells it takes to show every column."""
        if self.kind == "note":
            return NOTE[0]
        if self.kind == "number":
            return NUMBER[0] * self.windows
        return 1 + self.windows * (self.gutter + self.columns * self.cell_width)

    @property
    def top(self) -> int:
        """The lines above the values (title, summary, column header, captions)."""
        return TOP_LINES + (1 if self.captions else 0)

    def lines(self, cells: float) -> int:
        """The lines it takes to show every row at ``cells`` wide (a row vector wraps)."""
        if self.kind == "note":
            return NOTE[1]
        if self.kind == "number":
            return NUMBER[1]
        if self.kind == "vector":
            return self.top + math.ceil(self.columns / self.per_line(cells))
        return self.top + self.rows

    def per_line(self, cells: float) -> int:
        """The values of one line (one window's share) at ``cells`` wide."""
        return max(1, int((cells / self.windows - self.gutter) // self.cell_width))

    def shown(self, cells: float, lines: int) -> float:
        """What it shows at ``cells`` x ``lines``, as ``log(1 + values on show)`` (a sentence
        or a number counts as one value once it fits)."""
        if self.kind in ("note", "number"):
            fits = cells >= min(self.width, MIN_WIDTH) and lines >= self.lines(cells) - 1
            return math.log(2) if fits else 0.0
        rows = max(0, lines - self.top - 1)  # -1: the title bar's line
        if self.kind == "vector":
            return math.log1p(min(self.columns, self.per_line(cells) * rows))
        return math.log1p(min(self.columns, self.per_line(cells)) * min(self.rows, rows))


@dataclass(frozen=True)
class GridPlan:
    """``spans[i]``: the columns pane i spans; ``rows``: each row's height, as weights of
    the grid's height (``fixed`` False) or as lines (``fixed`` True, the grid scrolls)."""

    spans: tuple[int, ...]
    rows: tuple[int, ...]
    fixed: bool = False

    def css_rows(self) -> str:
        """The rows as Textual's ``grid-rows`` writes them (``TensorGrid.regions`` resolves them)."""
        return " ".join(f"{h}" if self.fixed else f"{h}fr" for h in self.rows)


def need(shape: Sequence[int] | None, *, cell_width: int = 8, windows: int = 1, captions: bool = False) -> Need:
    """What a pane of an array of ``shape`` needs (``None``: a sentence instead of values).

    ``cell_width``: the cells of one value; ``windows``: values drawn side by side (3 when
    a student's, the reference's and their difference are shown together)."""
    if shape is None:
        return Need("note")
    if len(shape) == 0:
        return Need("number", windows=windows)
    rows, columns = (1, int(shape[0])) if len(shape) == 1 else (int(shape[0]), int(math.prod(shape[1:])))
    return Need("vector" if rows == 1 else "matrix", rows, columns, cell_width, windows, captions)


def phase_shapes(tensors: Iterable[Mapping[str, object]]) -> dict[str, tuple[int, ...]]:
    """The largest shape of each tensor over the steps of a phase (``step.tensors`` of each)."""
    shapes: dict[str, tuple[int, ...]] = {}
    for step_tensors in tensors:
        for name, array in step_tensors.items():
            shape = tuple(getattr(array, "shape", ()))
            old = shapes.get(name)
            shapes[name] = shape if old is None or len(old) != len(shape) else tuple(map(max, old, shape))
    return shapes


def phase_widths(tensors: Iterable[Mapping[str, object]],
                 width: Callable[[object], int | None]) -> dict[str, int]:
    """The widest cell of each tensor over the steps of a phase: ``width(array)`` gives an
    array's (``None``: not known, left out)."""
    widths: dict[str, int] = {}
    for step_tensors in tensors:
        for name, array in step_tensors.items():
            cells = width(array)
            if cells is not None:
                widths[name] = max(widths.get(name, 0), cells)
    return widths


def plan_grid(needs: Sequence[Need], width: int, height: int, *, gutter: int = 1) -> GridPlan:
    """Pack ``needs`` in order into rows of a ``width`` x ``height`` grid (see the module docstring).

    Every way of breaking the sequence into rows is tried (at most 2**7 for eight panes) and
    the one that shows the most values is kept: each pane scores ``log(1 + values on show)``
    (a sentence scores as a value once it fits), so a small pane shown whole beats a few
    more columns of a huge one, and a row of three squeezed panes loses to two rows."""
    if not needs:
        return GridPlan((), ())
    unit = (width + gutter) / COLUMNS  # one column and its share of the gutters
    count = len(needs)
    rows_of = {(a, b): _row(needs, a, b, unit, gutter) for a in range(count) for b in range(a + 1, count + 1)}
    shown: dict[tuple[int, int, int], float] = {}
    best: tuple[float, list[int], list[int]] | None = None
    fitting = list(_rows_fitting(rows_of, count))
    for starts, rows in fitting:
        if MIN_HEIGHT * len(rows) + gutter * (len(rows) - 1) > height:
            continue  # does not fit the height: only if nothing does (below)
        heights = _heights([row[1] for row in rows], height, gutter)
        score = 0.0
        for (spans, _), lines, start in zip(rows, heights, starts):
            for i, span in enumerate(spans, start):
                key = (i, span, lines)
                if key not in shown:
                    shown[key] = needs[i].shown(span * unit - gutter, lines)
                score += shown[key]
        if best is None or score > best[0] + 1e-9:
            best = (score, [span for spans, _ in rows for span in spans], heights)
    if best is not None:
        _, spans, heights = best
        return GridPlan(tuple(spans), tuple(heights))
    if fitting:  # no way fits the height: the fewest rows that fit the width, and the grid scrolls
        _, rows = min(fitting, key=lambda fit: len(fit[1]))
        return GridPlan(tuple(span for spans, _ in rows for span in spans),
                        tuple(max(MIN_HEIGHT, lines) for _, lines in rows), fixed=True)
    # not even one pane a row fits (a grid narrower than a pane's least): one a row, full width
    return GridPlan(tuple(COLUMNS for _ in needs), tuple(MIN_HEIGHT + 2 for _ in needs), fixed=True)


def _rows_fitting(rows_of: dict, count: int):
    """Every way of breaking ``count`` panes into rows whose panes fit side by side, as the
    index each row starts at and the rows (``_row``'s spans and lines)."""
    for breaks in _partitions(count):
        starts = (0, *breaks)
        rows = [rows_of[a, b] for a, b in zip(starts, (*breaks, count))]
        if all(row is not None for row in rows):
            yield starts, rows


def _partitions(count: int):
    """Every way to cut ``range(count)`` into consecutive rows, as the indices that start a row."""
    for mask in range(2 ** (count - 1)):
        yield tuple(i + 1 for i in range(count - 1) if mask >> i & 1)


def _columns_for(cells: float, unit: float, gutter: int) -> int:
    return max(1, math.ceil((cells + gutter) / unit - 1e-9))


def _row(needs: Sequence[Need], a: int, b: int, unit: float, gutter: int) -> tuple[list[int], int] | None:
    """Panes ``a..b-1`` as one row: their columns (at least what ``MIN_WIDTH`` takes, the
    spare to the panes that lack the most) and the lines the row wants; ``None`` when they
    do not fit side by side even at their least."""
    row = range(a, b)
    least = {i: _columns_for(min(needs[i].width, MIN_WIDTH * needs[i].windows), unit, gutter) for i in row}
    if sum(least.values()) > COLUMNS:
        return None
    wanted = {i: max(_columns_for(needs[i].width, unit, gutter), least[i]) for i in row}
    spans = dict(least)
    for _ in range(COLUMNS - sum(least.values())):
        short = [i for i in row if spans[i] < wanted[i]]
        # to the pane that lacks the most; when none lacks, to the widest need (a wrapped vector, X)
        i = (max(short, key=lambda j: (wanted[j] - spans[j], -j)) if short
             else max(row, key=lambda j: (needs[j].width, -j)))
        spans[i] += 1
    lines = max(MIN_HEIGHT, 1 + max(needs[i].lines(spans[i] * unit - gutter) for i in row))
    return [spans[i] for i in row], lines


def _heights(wanted: list[int], height: int, gutter: int) -> list[int]:
    """Each row's lines from what it wants: the room to spare goes to the rows that hold
    more; when they do not all fit, the room is shared in proportion, none below MIN_HEIGHT."""
    room = height - gutter * (len(wanted) - 1)
    total = sum(wanted)
    if total <= room:
        return [h + (room - total) * h // total for h in wanted]
    cap = max(MIN_HEIGHT, room - MIN_HEIGHT * (len(wanted) - 1))  # none squeezes the others below MIN_HEIGHT
    capped = [min(h, cap) for h in wanted]
    total = sum(capped)
    return [max(MIN_HEIGHT, h * room // total) for h in capped] if total > room else capped

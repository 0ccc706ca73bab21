"""Where the tensor panes go: whole tensors first, the rest sharing the room in proportion to what they hide.

A step's panes are laid out in their order, in rows across the grid. :func:`plan_grid`
chooses where each row breaks, how wide each pane is and how tall each row is, so that:

1. every tensor that can be shown whole is shown whole (the most panes whole that the
   screen allows: ``b[3] (4, 1)``, ``W[3] (4, 5)`` and ``dW[3] (4, 5)`` beside the wide
   ``(n, m)`` ones at 160 x 50);
2. the panes that cannot be whole share the width of their row, and the rows the height
   left, in proportion to the values they hide (a row whose panes are all whole gets the
   lines they need and no more, so no line of the grid stays empty while a pane is cut);
3. among the ways that do both, the one that shows the most values (``log(1 + values on
   show)`` per pane, so a small pane shown whole beats a few more columns of a huge one).

A matrix wider than its pane whose rows fit twice is folded into blocks of columns (as
numpy prints a wide array), so the lines a row of panes has to spare show more of it;
a pane that cannot be whole keeps ``LEAST_ROWS`` rows of values at least.

A pane's needs (:class:`Need`) are worked out from the tensor's shape and the cell width of
its values, with the same geometry the pane draws with (``widgets/pane_layout.py``: the
title bar, the summary's lines, the column header, the row labels), so a pane the plan makes
whole is whole on screen. The plan depends on the needs and the grid's size only: the app
gives, for each tensor of a phase, its largest shape over the phase's layers and a cell
width that holds any of its values (``phase_sizes.py``), so a step looks the same in every
layer of its phase and every iteration of the run.

This module knows nothing of Textual; the grid places its panes at the plan's boxes.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Mapping, Sequence

from dnnstep.app.widgets.pane_layout import (
    GAP, HEADER_LINES, MARGIN, TITLE_LINES, blocks_in, index_gutter, summary_lines, values_per_line, wrap_gutter,
)

MIN_WIDTH = 30
"""Cells below which a pane is too narrow to read its title and summary (unless all its
values take fewer)."""
MIN_HEIGHT = 6
"""Lines below which a pane shows too few rows of values (unless all of it takes fewer)."""
LEAST_ROWS = 2
"""The rows of values a pane that cannot be whole shows at least."""
NOTE_CHARS = 80
"""The length of a sentence a pane shows instead of values (``not computed yet in iteration
0: the step backward 2 computes it, after the cost.``)."""
NOTE_WIDTH = 44
"""The cells a sentence's pane would have."""
NUMBER_WIDTH = 30
"""The cells a 0-d value's pane (J, α) would have: ``difference 1.2345678901234567e-05``."""


@dataclass(frozen=True)
class Need:
    """What a pane holds, and the lines and cells it takes to show all of it.

    ``kind``: ``"matrix"``, ``"vector"`` (a row vector, which wraps over the pane's lines),
    ``"number"`` (a 0-d value) or ``"note"`` (a sentence instead of values); a matrix's
    ``rows`` and ``columns``, each value ``cell_width`` cells (the separating space
    included), in ``windows`` windows side by side; ``title``: the cells of the title's
    name and shape, which the pane must never cut; ``compare``: a student's run is compared
    (a line for the verdict, ``3 of 20 cells differ``)."""

    kind: str
    rows: int = 1
    columns: int = 1
    cell_width: int = 8
    windows: int = 1
    title: int = 0
    compare: bool = False

    @cached_property
    def values(self) -> int:
        return self.rows * self.columns if self.kind in ("matrix", "vector") else 1

    @cached_property
    def whole_width(self) -> int:
        """The cells it takes to show every column (a vector: all its values on one line)."""
        if self.kind == "note":
            return NOTE_WIDTH
        if self.kind == "number":
            return NUMBER_WIDTH * (3 if self.compare else 1)
        return MARGIN + (self.windows - 1) * GAP + self.windows * (index_gutter(self.rows) + self.columns * self.cell_width)

    @cached_property
    def least_width(self) -> int:
        """The narrowest it may be: its title's name and shape, and ``MIN_WIDTH`` a window
        unless all its values take fewer."""
        return max(min(self.whole_width, MIN_WIDTH * self.windows), self.title + 2)

    def top(self, width: int) -> int:
        """The lines above the values at ``width`` cells: the title bar, the verdict when
        comparing, the summary, the windows' captions."""
        lines = TITLE_LINES + (1 if self.compare else 0)
        if self.kind in ("matrix", "vector"):
            lines += 1 if self.compare else summary_lines(width - MARGIN)
            lines += 1 if self.windows > 1 else 0
        return lines

    def wraps(self, width: int) -> bool:
        """Whether it is a row vector too long for one line at ``width`` cells, drawn over
        several lines each led by its first column's index (a vector that fits one line is
        drawn as a table of one row: a header, then the row)."""
        return (self.kind == "vector" and self.windows == 1 and self.columns > values_per_line(
            width - MARGIN, 1, index_gutter(1), self.cell_width))

    def per_line(self, width: int) -> int:
        """The values of one line at ``width`` cells (a wrapped vector's, led by a wider index)."""
        gutter = wrap_gutter(self.columns) if self.wraps(width) else index_gutter(self.rows)
        return values_per_line(width - MARGIN, self.windows, gutter, self.cell_width)

    def lines(self, width: int) -> int:
        """The lines it takes to show all of it at ``width`` cells."""
        if self.kind == "note":
            return TITLE_LINES + math.ceil(NOTE_CHARS / max(1, width - MARGIN - 2))
        if self.kind == "number":
            return self.top(width) + (3 if self.compare else 1)
        if self.wraps(width):
            return self.top(width) + math.ceil(self.columns / self.per_line(width))
        # every column, folded into blocks of every row when it is wider than the pane
        return self.top(width) + math.ceil(self.columns / self.per_line(width)) * (HEADER_LINES + self.rows)

    def shown(self, width: int, height: int) -> int:
        """How many of its values show in a pane ``width`` x ``height`` (a sentence or a
        number counts as one value, shown once it fits)."""
        return _shown(self, width, height)

    def _shown(self, width: int, height: int) -> int:
        if self.kind in ("note", "number"):
            return 1 if height >= self.lines(width) else 0
        shown = self._table(width, height)
        if shown < self.values and self._bottom_line(width, height):
            shown = self._table(width, height - 1)  # the position of what shows takes the pane's last line
        return shown

    def _position(self, width: int, height: int) -> int:
        """The cells of the shortest way the pane says which values show (``r 0-5/20``)."""
        rows, columns = self.rows, self.columns
        row_text, column_text = f"r {rows - 1}-{rows - 1}/{rows}", f"c {columns - 1}-{columns - 1}/{columns}"
        if self.kind == "vector":
            return len(column_text)
        per_line, lines = self.per_line(width), height - self.top(width)
        all_rows = self.rows + HEADER_LINES <= lines
        all_columns = per_line >= self.columns
        return len(row_text) if all_columns else len(column_text) if all_rows else len(f"{row_text} {column_text}")

    def _table(self, width: int, height: int) -> int:
        """The values that show in ``height`` lines under the title and summary."""
        top = self.top(width)
        if self.wraps(width):  # (on one line only it is a table of one row again)
            return min(self.columns, self.per_line(width) * (height - top)) if height - top >= 2 else 0
        per_line, lines = self.per_line(width), height - top
        blocks = blocks_in(lines, self.rows, per_line, self.columns)
        if blocks > 1:
            return self.rows * min(self.columns, per_line * blocks)
        return min(self.columns, per_line) * min(self.rows, max(0, lines - HEADER_LINES))

    def whole(self, width: int, height: int) -> bool:
        return self.shown(width, height) >= self.values

    def least_lines(self, width: int) -> int:
        """The fewest lines a pane may have when it cannot be whole: ``LEAST_ROWS`` rows of
        values (or lines of a wrapped vector) under what stands above them."""
        if self.kind in ("note", "number"):
            return self.lines(width)
        if self.wraps(width):
            return self.top(width) + LEAST_ROWS
        return self.top(width) + HEADER_LINES + min(self.rows, LEAST_ROWS)

    def used(self, width: int, height: int) -> int:
        """The lines it fills in a pane ``width`` x ``height`` (a folded matrix shows a whole
        block or none: the lines under its last block stay blank; a pane that cannot show
        everything fills every line, its last the position of what shows, if not the title)."""
        return _used(self, width, height)

    def _used(self, width: int, height: int) -> int:
        if self.kind in ("note", "number"):
            return min(self.lines(width), height)
        if self.shown(width, height) < self.values and self._bottom_line(width, height):
            return height  # the position of what shows is on the pane's last line
        top, per_line = self.top(width), self.per_line(width)
        if self.wraps(width):
            return top + min(height - top, math.ceil(self.columns / per_line))
        blocks = blocks_in(height - top, self.rows, per_line, self.columns)
        if blocks > 1:
            return top + blocks * (HEADER_LINES + self.rows)
        return top + HEADER_LINES + min(self.rows, height - top - HEADER_LINES)

    def _bottom_line(self, width: int, height: int) -> bool:
        """Whether the title bar is too narrow to say which values show (they go on the last line)."""
        return len(f" {'x' * self.title} ") + self._position(width, height) + 2 > width


@lru_cache(maxsize=1 << 16)
def _shown(need: Need, width: int, height: int) -> int:
    return need._shown(width, height)


@lru_cache(maxsize=1 << 16)
def _used(need: Need, width: int, height: int) -> int:
    return need._used(width, height)


@dataclass(frozen=True)
class GridPlan:
    """Each pane's box ``(x, y, width, height)`` in the grid, in the panes' order; ``height``:
    the lines the plan takes (more than the grid's when even the least does not fit: the
    grid scrolls)."""

    boxes: tuple[tuple[int, int, int, int], ...]
    height: int = 0

    @property
    def rows(self) -> list[list[int]]:
        """The panes of each row, by index."""
        rows: dict[int, list[int]] = {}
        for i, (_, y, _, _) in enumerate(self.boxes):
            rows.setdefault(y, []).append(i)
        return [rows[y] for y in sorted(rows)]


def need(shape: Sequence[int] | None, *, cell_width: int = 8, windows: int = 1, title: int = 0,
         compare: bool = False) -> Need:
    """What a pane of an array of ``shape`` needs (``None``: a sentence instead of values).

    ``cell_width``: the cells of one value; ``windows``: values drawn side by side (3 when
    a student's, the reference's and their difference are shown together); ``title``: the
    cells of the title's name and shape; ``compare``: a student's run is compared."""
    if shape is None:
        return Need("note", title=title)
    if len(shape) == 0:
        return Need("number", title=title, compare=compare)
    rows, columns = (1, int(shape[0])) if len(shape) == 1 else (int(shape[0]), int(math.prod(shape[1:])))
    return Need("vector" if rows == 1 else "matrix", rows, columns, cell_width, windows, title, compare)


def larger(old: tuple[int, ...] | None, new: tuple[int, ...]) -> tuple[int, ...]:
    """The larger of two shapes, axis by axis (``new`` when they have different numbers of axes)."""
    return new if old is None or len(old) != len(new) else tuple(map(max, old, new))


# ---------------------------------------------------------------------------------- the plan
def step_plan(phase: GridPlan, own: GridPlan, needs: Sequence[Need], height: int) -> GridPlan:
    """The plan for a step: its phase's (``phase``, made for the largest shape of each tensor
    over the phase's layers, so that stepping through the layers keeps the layout), unless
    the step's own plan (``own``, for its ``needs``) shows more of its tensors whole, or the
    phase's leaves lines of the grid unused while one of this step's panes is cut, or the
    phase's runs further below the grid than the step's own (an Adam update's twenty panes
    sized for a (5, 5) that is (5, 2) in one layer and (2, 5) in the next: rows of blank
    lines while the last panes are out of sight)."""
    if own == phase:
        return phase
    if wholes(own, needs) > wholes(phase, needs):
        return own
    if phase.height > height and own.height < phase.height:
        return own
    if wholes(phase, needs) < sum(n.kind != "note" for n in needs) and unused_lines(phase, needs, height):
        return own
    return phase


def wholes(plan: GridPlan, needs: Sequence[Need]) -> int:
    """How many of ``needs`` (sentences aside) ``plan`` shows whole."""
    return sum(n.kind != "note" and n.whole(w, h) for n, (_, _, w, h) in zip(needs, plan.boxes))


def unused_lines(plan: GridPlan, needs: Sequence[Need], height: int) -> int:
    """The lines of a ``height``-line grid that ``plan`` leaves blank for ``needs``: under the
    last row, and in each row, under the longest of its panes."""
    unused = max(0, height - plan.height)
    for row in plan.rows:
        lines = plan.boxes[row[0]][3]
        unused += lines - max(needs[i].used(plan.boxes[i][2], lines) for i in row)
    return unused


@dataclass(frozen=True)
class _Row:
    """Panes ``start..start+len(widths)-1`` side by side, ``lines`` tall: their widths."""

    start: int
    widths: tuple[int, ...]
    lines: int


class _Planner:
    """The plan of ``needs`` in a ``width`` x ``height`` grid (see :func:`plan_grid`).

    A row of panes is tried at each height worth trying (the least, and each at which one of
    its panes can be whole at some width the row allows); at each, its panes get the widths
    that show the most of them whole at that height (the cheapest first), the others sharing
    the rest in proportion to the values they hide. The rows and heights that show the most
    panes whole, then leave the fewest lines blank, then show the most values, win (a
    dynamic programme over the panes laid out and the lines used; the few best are then
    given the lines they leave, ``_share_the_rest``, before the best is chosen)."""

    def __init__(self, needs: Sequence[Need], width: int, height: int, gutter: int, row_gap: int) -> None:
        self.needs, self.width, self.height, self.gutter, self.row_gap = needs, width, height, gutter, row_gap
        self._whole_at: dict[tuple[int, int], int | None] = {}
        self._widths: dict[int, list[tuple[int, int]]] = {}
        self._rows: dict[tuple[int, int, int], _Row | None] = {}
        self._scores: dict[_Row, tuple[int, int, float]] = {}

    # -------------------------------------------------------------------- one pane
    def widths_of(self, i: int) -> list[tuple[int, int]]:
        """``(width, lines)`` at which pane ``i`` is whole, narrowest first, as its values
        per line grow (no wider than the grid)."""
        if i in self._widths:
            return self._widths[i]
        n, found = self.needs[i], []
        self._widths[i] = found
        if n.kind == "number":
            w = max(n.least_width, min(n.whole_width, self.width))
            found.append((w, n.lines(w)))
            return found
        if n.kind == "note":  # a sentence takes fewer lines the wider it is
            for w in range(n.least_width, max(n.least_width, min(n.whole_width, self.width)) + 1):
                if not found or n.lines(w) < found[-1][1]:
                    found.append((w, n.lines(w)))
            return found
        gutter = wrap_gutter(n.columns) if n.kind == "vector" else index_gutter(n.rows)
        candidates = [max(n.least_width, MARGIN + (n.windows - 1) * GAP + n.windows * (gutter + k * n.cell_width))
                      for k in range(1, n.columns + 1)]
        candidates.append(max(n.least_width, n.whole_width))  # a vector on one line: a narrower index
        best_lines = None
        for w in sorted(set(candidates)):
            if w > self.width:
                break
            lines = n.lines(w)
            if best_lines is None or lines < best_lines:
                found.append((w, lines))
                best_lines = lines
        return found

    def whole_at(self, i: int, lines: int) -> int | None:
        """The narrowest width at which pane ``i`` is whole in ``lines`` lines, or ``None``."""
        key = (i, lines)
        if key not in self._whole_at:
            self._whole_at[key] = next((w for w, h in self.widths_of(i) if h <= lines), None)
        return self._whole_at[key]

    # -------------------------------------------------------------------- one row
    def heights(self, a: int, b: int) -> list[int]:
        """The heights worth trying for panes ``a..b-1`` as a row: the least a row takes
        (``MIN_HEIGHT``, or fewer when all of it takes fewer), and each at which one of its
        panes is whole at some width (fewer lines than the least too: whole tensors come first)."""
        wholes = {h for i in range(a, b) for _, h in self.widths_of(i) if h <= self.height}
        everything = max(self.needs[i].lines(self.needs[i].least_width) for i in range(a, b))
        return sorted({min(MIN_HEIGHT, everything, self.height), *wholes})

    def row(self, a: int, b: int, lines: int) -> _Row | None:
        """Panes ``a..b-1`` side by side, ``lines`` tall, or ``None`` when even their least
        widths do not fit: as many whole as the room allows, the cheapest first; the rest
        share what is left in proportion to the values they hide, and what is left after
        that goes to every pane alike."""
        key = (a, b, lines)
        if key in self._rows:
            return self._rows[key]
        panes = self.needs[a:b]
        room = self.width - self.gutter * (len(panes) - 1)
        widths = [n.least_width for n in panes]
        result = None
        if sum(widths) <= room:
            spare = room - sum(widths)
            wholes = [self.whole_at(i, lines) for i in range(a, b)]
            # the tensors first, the cheapest first; sentences last: they take what is left
            for k in sorted((k for k in range(len(panes)) if wholes[k] is not None),
                            key=lambda k: (panes[k].kind == "note", wholes[k] - widths[k])):
                extra = wholes[k] - widths[k]
                if extra <= spare:
                    widths[k], spare = wholes[k], spare - extra
            cut = [k for k in range(len(panes)) if not panes[k].whole(widths[k], lines)]
            most = [max(0, panes[k].whole_width - widths[k]) if k in cut else 0 for k in range(len(panes))]
            hidden = [panes[k].values - panes[k].shown(widths[k], lines) if k in cut else 0 for k in range(len(panes))]
            spare = _share(widths, spare, most, hidden)
            _share(widths, spare, [spare] * len(panes), [1] * len(panes))
            if all(lines >= panes[k].least_lines(widths[k]) for k in cut):
                result = _Row(a, tuple(widths), lines)
        self._rows[key] = result
        return result

    def score(self, row: _Row) -> tuple[int, int, float]:
        """What ``row`` shows: its panes shown whole (sentences aside: they only break ties),
        the lines it leaves blank (as fewer is better, negative), and ``log(1 + values on
        show)`` summed."""
        if row in self._scores:
            return self._scores[row]
        whole, shown = 0, 0.0
        for n, w in zip(self.needs[row.start:row.start + len(row.widths)], row.widths):
            values = n.shown(w, row.lines)
            whole += values >= n.values and n.kind != "note"
            shown += math.log1p(values)
        self._scores[row] = (whole, -self.row_blank(row), shown)
        return self._scores[row]

    # -------------------------------------------------------------------- the rows
    def best(self, limit: int | None) -> list[_Row] | None:
        """The rows that show the most panes whole, then the most values, in ``limit``
        lines (``None``: any number; each row then as tall as all of it takes, at most the
        grid's height)."""
        count, gutter = len(self.needs), self.row_gap
        # states[i]: {lines used: (score, rows)} for panes 0..i-1, only those no other state
        # beats with fewer lines
        states: list[dict[int, tuple[tuple[int, int, float, int], tuple[_Row, ...]]]] = [
            dict() for _ in range(count + 1)]
        states[0][-gutter] = ((0, 0, 0.0, 0), ())
        for i in range(count):
            for used, (score, rows) in _frontier(states[i]):
                for end in range(i + 1, count + 1):
                    if limit is None:
                        everything = max(n.lines(n.least_width) for n in self.needs[i:end])
                        options = [min(everything, self.height)]
                    else:
                        options = self.heights(i, end)
                    for lines in options:
                        total = used + gutter + lines
                        if limit is not None and total > limit:
                            break
                        row = self.row(i, end, lines)
                        if row is None:
                            continue
                        whole, blank, shown = self.score(row)
                        candidate = (score[0] + whole, score[1] + blank, score[2] + shown, score[3] - 1)
                        old = states[end].get(total)
                        if old is None or candidate > old[0]:
                            states[end][total] = (candidate, rows + (row,))
        if not states[count]:
            return None
        finals = []
        # the few best by the rows' own heights, each given the lines left (trying them all
        # costs more than it finds)
        leading = sorted(states[count].items(), key=lambda item: item[1][0], reverse=True)[:FINALS]
        for used, (score, rows) in leading:
            heights = _share_the_rest(self.needs, list(rows), (limit or used) - used)
            finished = tuple(_Row(r.start, r.widths, h) for r, h in zip(rows, heights))
            whole, shown = 0, 0.0
            for r in finished:
                w, _, v = self.score(r)
                whole, shown = whole + w, shown + v
            cut = whole < sum(n.kind != "note" for n in self.needs)
            blank = self.blank_lines(finished, limit) if cut else 0  # lines left blank while a pane is cut
            finals.append(((whole, -blank, round(shown, 9), score[3], -used), finished))
        return list(max(finals, key=lambda f: f[0])[1])

    def blank_lines(self, rows: Sequence[_Row], limit: int | None) -> int:
        """The lines ``rows`` leave blank across the grid: under each row's longest pane, and
        under the last row."""
        blank = 0 if limit is None else limit - sum(r.lines for r in rows) - self.row_gap * (len(rows) - 1)
        for r in rows:
            blank += self.row_blank(r)
        return blank

    def row_blank(self, row: _Row) -> int:
        """The lines at the bottom of ``row`` that none of its panes fills."""
        panes = zip(self.needs[row.start:row.start + len(row.widths)], row.widths)
        return row.lines - max(n.used(w, row.lines) for n, w in panes)


FINALS = 12
"""How many of the best ways are given the lines they leave before the best is chosen."""


def _frontier(states: Mapping[int, tuple]) -> list[tuple[int, tuple]]:
    """The states no other beats with as few lines, fewest lines first."""
    kept, best = [], None
    for used in sorted(states):
        score = states[used][0]
        if best is None or score > best:
            kept.append((used, states[used]))
            best = score
    return kept


def plan_grid(needs: Sequence[Need], width: int, height: int, *, gutter: int = 1, row_gap: int = 0) -> GridPlan:
    """Lay ``needs`` out in order in a ``width`` x ``height`` grid (see the module docstring),
    ``gutter`` cells between panes side by side and ``row_gap`` lines between rows (none by
    default: a pane's title bar sets it apart from the row above)."""
    if not needs:
        return GridPlan(())
    planner = _Planner(needs, width, height, gutter, row_gap)
    rows = planner.best(height)
    if rows is None:  # not even the least of every row fits: each row as tall as it takes, the grid scrolls
        rows = planner.best(None)
    if rows is None:  # a pane too wide for the grid even at its least: one a row, squeezed to it
        rows = [_Row(i, (width,), min(n.lines(width), height)) for i, n in enumerate(needs)]
    boxes, y = [], 0
    for row in rows:
        x = 0
        for w in row.widths:
            boxes.append((x, y, w, row.lines))
            x += w + gutter
        y += row.lines + row_gap
    return GridPlan(tuple(boxes), y - row_gap)


def _share(widths: list[int], spare: int, room: list[int], weights: list[float]) -> int:
    """Give out ``spare`` cells to ``widths``, each at most ``room[i]`` more, in proportion
    to ``weights``; returns what is left."""
    while spare > 0:
        takers = [i for i in range(len(widths)) if room[i] > 0 and weights[i] > 0]
        if not takers:
            break
        total = sum(weights[i] for i in takers)
        given = 0
        for i in takers:
            share = min(room[i], max(1, int(spare * weights[i] / total)), spare - given)
            widths[i] += share
            room[i] -= share
            given += share
            if given == spare:
                break
        spare -= given
    return spare


def _share_the_rest(needs: Sequence[Need], rows: list[_Row], spare: int) -> list[int]:
    """The rows' heights with the ``spare`` lines they leave given to the rows whose panes
    are cut, a few at a time, each time to the row that shows the most values more for the
    lines it takes (a folded matrix shows more only a whole block at a time); lines no row
    can use stay under the last."""
    heights = [row.lines for row in rows]

    def shown(r: int, lines: int) -> int:
        row = rows[r]
        return sum(n.shown(w, lines) for n, w in zip(needs[row.start:row.start + len(row.widths)], row.widths))

    wanted = [max(n.lines(w) for n, w in zip(needs[row.start:row.start + len(row.widths)], row.widths))
              for row in rows]
    while spare > 0:
        best: tuple[float, int, int] | None = None  # values more a line, row, lines
        for r, h in enumerate(heights):
            now = shown(r, h)
            for more in range(1, min(spare, max(0, wanted[r] - h)) + 1):
                gain = shown(r, h + more) - now
                if gain > 0:
                    if best is None or gain / more > best[0]:
                        best = (gain / more, r, more)
                    break
        if best is None:
            break
        _, r, more = best
        heights[r] += more
        spare -= more
    return heights

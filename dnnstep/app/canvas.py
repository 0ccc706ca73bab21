"""The drawing under the pictures: braille dots for lines, nice ticks for axes.

A terminal cell holds a braille character of 2 x 4 dots, so a plot of ``w`` x ``h`` cells
has ``2 w`` x ``4 h`` dots: the terminal's full resolution for lines. Everything here is
numpy on arrays of dots and cells; the widgets turn the cells into styled segments.

    dots = np.zeros((4 * h, 2 * w), bool)       # row 0 at the top
    trace(dots, columns, rows)                   # a polyline through dot coordinates
    codes = braille_codes(dots)                  # (h, w) code points, 0x2800 + bits
"""

from __future__ import annotations

import math

import numpy as np

BRAILLE = 0x2800
# bit of the dot at (row within the cell 0..3, column 0..1), as Unicode numbers them
_BITS = np.array([[0x01, 0x08], [0x02, 0x10], [0x04, 0x20], [0x40, 0x80]], dtype=np.int64)


def braille_codes(dots: np.ndarray) -> np.ndarray:
    """(h, w) braille code points (``0x2800`` is an empty cell) for ``dots: (4 h, 2 w)`` bool."""
    rows, columns = dots.shape
    h, w = rows // 4, columns // 2
    cells = dots[: 4 * h, : 2 * w].reshape(h, 4, w, 2)
    codes = np.full((h, w), BRAILLE, dtype=np.int64)
    for r in range(4):
        for c in range(2):
            codes |= cells[:, r, :, c] * int(_BITS[r, c])
    return codes


def trace(dots: np.ndarray, x: np.ndarray, y: np.ndarray) -> None:
    """Set the dots of the polyline through ``(x[i], y[i])`` (dot columns and rows, floats;
    ``x`` does not decrease; NaN breaks the line). Many points per dot column become one vertical run from the
    lowest to the highest of them, joined to the column before, so 10 000 iterations cost
    what 300 do."""
    height, width = dots.shape
    keep = np.isfinite(x) & np.isfinite(y)
    if not keep.any():
        return
    column = np.clip(np.rint(np.where(keep, x, 0)), 0, width - 1).astype(np.int64)
    row = np.clip(np.rint(np.where(keep, y, 0)), 0, height - 1).astype(np.int64)
    # runs of finite points: a NaN in between breaks the line
    breaks = np.flatnonzero(~keep)
    start = 0
    for stop in list(breaks) + [len(x)]:
        if stop - start > 0:
            _run(dots, column[start:stop], row[start:stop])
        start = stop + 1


def _run(dots: np.ndarray, column: np.ndarray, row: np.ndarray) -> None:
    """One unbroken polyline whose columns do not decrease (a series over iterations).

    Points sharing a dot column become one vertical run; neighbouring columns are joined
    by the rows the straight segment between them passes through in each column it
    crosses. All columns at once, with numpy."""
    changes = np.flatnonzero(np.diff(column)) + 1
    starts = np.concatenate([[0], changes])
    ends = np.concatenate([changes - 1, [len(row) - 1]])
    columns = column[starts]
    lo = np.minimum.reduceat(row, starts)
    hi = np.maximum.reduceat(row, starts)
    first, last = row[starts].astype(np.float64), row[ends].astype(np.float64)
    if len(columns) == 1:
        dots[lo[0]:hi[0] + 1, columns[0]] = True
        return
    J = np.arange(columns[0], columns[-1] + 1)

    def joining_line(x: np.ndarray) -> np.ndarray:
        k = np.clip(np.searchsorted(columns, x, side="right"), 1, len(columns) - 1)
        c0, c1 = columns[k - 1], columns[k]
        return last[k - 1] + (first[k] - last[k - 1]) * (x - c0) / (c1 - c0)

    ya = joining_line(np.clip(J - 0.5, columns[0], columns[-1]))
    yb = joining_line(np.clip(J + 0.5, columns[0], columns[-1]))
    top, bottom = np.rint(np.minimum(ya, yb)), np.rint(np.maximum(ya, yb))
    at = columns - columns[0]  # the data columns among J
    top[at] = np.minimum(top[at], lo)
    bottom[at] = np.maximum(bottom[at], hi)
    rows = np.arange(dots.shape[0])[:, None]
    band = dots[:, columns[0]:columns[-1] + 1]  # J is a run of columns: a view, set in place
    band |= (rows >= top) & (rows <= bottom)


def nice_ticks(lo: float, hi: float, count: int, *, whole: bool = False) -> list[float]:
    """About ``count`` round values (steps of 1, 2 or 5 times a power of ten) within [lo, hi];
    ``whole``: steps of at least 1 (an axis of iterations)."""
    if not (math.isfinite(lo) and math.isfinite(hi)) or count < 1:
        return []
    if hi <= lo:
        return [lo]
    raw = (hi - lo) / max(1, count)
    if whole:
        raw = max(raw, 1.0)
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    first = math.ceil(lo / step) * step
    ticks = []
    value = first
    while value <= hi + step * 1e-9:
        ticks.append(0.0 if abs(value) < step * 1e-9 else value)
        value = first + len(ticks) * step
    return ticks


def decade_ticks(lo: float, hi: float, count: int) -> list[float]:
    """Powers of ten within [lo, hi] (log10 values), every k-th so that about ``count`` remain."""
    if not (math.isfinite(lo) and math.isfinite(hi)):
        return []
    first, last = math.ceil(lo - 1e-9), math.floor(hi + 1e-9)
    if last < first:
        return nice_ticks(lo, hi, count)
    every = max(1, math.ceil((last - first + 1) / max(1, count)))
    return [float(p) for p in range(first, last + 1) if (p - first) % every == 0]


def tick_label(value: float, log: bool = False) -> str:
    """A short label: ``1e-03`` for a decade of a log axis (``value`` is its log10), else up to
    4 significant digits."""
    if log:
        if abs(value - round(value)) < 1e-9:
            return f"1e{int(round(value)):+03d}".replace("+", "")
        return f"{10 ** value:.3g}"  # a tick between decades (a range within one decade)
    if value == 0:
        return "0"
    if abs(value) >= 1e5 or abs(value) < 1e-3:
        return f"{value:.0e}"
    return f"{value:.4g}"


def span(values: np.ndarray, log: bool) -> tuple[float, float] | None:
    """(lo, hi) of the finite values (of log10 of the positive ones on a log axis), widened a
    little when all are equal; None when there is nothing to draw."""
    v = np.asarray(values, dtype=np.float64)
    if log:
        v = v[np.isfinite(v) & (v > 0)]
        v = np.log10(v)
    else:
        v = v[np.isfinite(v)]
    if v.size == 0:
        return None
    lo, hi = float(v.min()), float(v.max())
    if hi == lo:
        pad = 0.5 if log else (abs(lo) * 0.1 or 1.0)
        lo, hi = lo - pad, hi + pad
    return lo, hi

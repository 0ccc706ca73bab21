"""How the debugger shows an array's numbers: a one-line summary, cell formats, heat levels.

The app never formats a whole array. :func:`summarize` reads an array once (a few numpy
reductions, cached per array), :class:`CellFormat` is chosen from that summary, and the
tensor view formats only the cells in its window. Nothing here does the network's maths:
these are display statistics (min, max, mean, std, share of zeros, NaN/Inf counts).
"""

from __future__ import annotations

import math
import threading
from collections import OrderedDict
from dataclasses import dataclass

import numpy as np

from dnnstep.engine.summary import summarize as array_summary

HEAT_LEVELS = 8
"""Heat-map shades on each side of zero."""


@dataclass(frozen=True)
class Summary:
    """Display statistics of an array, over its finite values.

    Attributes:
        size: the number of elements.
        min, max, mean, std: over the finite elements (NaN when there are none).
        zeros: the share of elements exactly 0, from 0 to 1.
        nan, inf: how many elements are NaN, how many are +-Inf.
        integral: every finite element is a whole number (labels, counts).
    """

    size: int
    min: float
    max: float
    mean: float
    std: float
    zeros: float
    nan: int
    inf: int
    integral: bool

    @property
    def max_abs(self) -> float:
        """The largest finite magnitude, 0 for an empty or all-NaN array."""
        if self.size == 0 or math.isnan(self.min):
            return 0.0
        return max(abs(self.min), abs(self.max))

    def chunks(self) -> list[str]:
        """The summary in pieces: ``["min -0.0213", "max 0.0187", ..., "no NaN/Inf"]``."""
        if self.size == 0:
            return ["empty"]
        bad = []
        if self.nan:
            bad.append(f"{self.nan} NaN")
        if self.inf:
            bad.append(f"{self.inf} Inf")
        if self.size == 1:
            return [f"value {format_number(self.min)}"] if not bad else bad
        zeros = f"{self.zeros:.0%}" if self.zeros in (0.0, 1.0) or self.zeros >= 0.01 else f"{self.zeros:.2%}"
        numbers = [
            f"min {format_number(self.min)}", f"max {format_number(self.max)}",
            f"mean {format_number(self.mean)}", f"std {format_number(self.std)}", f"zeros {zeros}",
        ]
        # NaN and Inf come first when there are any: they must never be cut off.
        return [", ".join(bad)] + numbers if bad else numbers + [CLEAN]

    def line(self) -> str:
        """``min -0.0213  max 0.0187  mean 1.2e-05  std 0.0091  zeros 0%  no NaN/Inf``."""
        return "  ".join(self.chunks())

    def lines(self, width: int, most: int = 2) -> list[str]:
        """The summary packed into at most ``most`` lines of ``width`` characters (without
        ``no NaN/Inf`` when only that does not fit: NaN and Inf, when there are any, come first)."""
        chunks = self.chunks()
        if chunks[-1] == CLEAN and len(_packed(chunks, width)) > most:
            chunks = chunks[:-1]
        lines = _packed(chunks, width)
        if len(lines) > most:
            lines = lines[: most - 1] + ["  ".join(lines[most - 1 :])]
        return [line if len(line) <= width else line[: max(0, width - 1)] + "…" for line in lines]


CLEAN = "no NaN/Inf"
"""A summary's last chunk when every value is finite."""


def _packed(chunks: list[str], width: int) -> list[str]:
    """``chunks`` joined by two spaces into lines of at most ``width`` characters (a chunk
    longer than that alone on its line)."""
    lines: list[str] = []
    for chunk in chunks:
            if lines and len(lines[-1]) + 2 + len(chunk) <= width:
                lines[-1] += "  " + chunk
            else:
                lines.append(chunk)
    return lines


def format_number(x: float) -> str:
    """A number in at most about 10 characters, as a reader of the course expects."""
    if isinstance(x, (int, np.integer)):
        return str(x)
    x = float(x)
    if math.isnan(x):
        return "nan"
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    if x == 0:
        return "0"
    if 1e-3 <= abs(x) < 1e4:
        return f"{x:.4g}"
    return f"{x:.3g}"


def summarize(array: np.ndarray) -> Summary:
    """Read ``array`` once and return its display statistics (the engine's, zeros as a share)."""
    stats = array_summary(array)
    zeros = stats.zeros / stats.size if stats.size else 0.0
    return Summary(stats.size, stats.min, stats.max, stats.mean, stats.std, zeros, stats.nan, stats.inf,
                   stats.integral)


class SummaryCache:
    """Summaries of the last few arrays, keyed by identity.

    Steps are immutable and share arrays between them (a layer's A is the next layer's
    A_prev), so an array read once need not be read again while it is on screen. A worker
    thread may fill the cache ahead of the cursor: the reading happens outside the lock.
    """

    def __init__(self, size: int = 160) -> None:
        self._size = size
        self._items: OrderedDict[int, tuple[np.ndarray, Summary]] = OrderedDict()
        self._lock = threading.Lock()

    def has(self, array: np.ndarray) -> bool:
        """True when ``array``'s summary is cached (``get`` returns at once)."""
        with self._lock:
            hit = self._items.get(id(array))
            return hit is not None and hit[0] is array

    def get(self, array: np.ndarray) -> Summary:
        key = id(array)
        with self._lock:
            hit = self._items.get(key)
            if hit is not None and hit[0] is array:
                self._items.move_to_end(key)
                return hit[1]
        summary = summarize(array)
        with self._lock:
            self._items[key] = (array, summary)  # holding the array keeps its id unique
            while len(self._items) > self._size:
                self._items.popitem(last=False)
        return summary


@dataclass(frozen=True)
class CellFormat:
    """How every cell of one array is written, chosen once from its summary.

    Attributes:
        kind: ``"int"``, ``"fixed"`` or ``"sci"``.
        width: characters per cell.
        decimals: digits after the point for ``fixed`` and ``sci``.
    """

    kind: str
    width: int
    decimals: int

    @property
    def cell(self) -> int:
        """Characters per column of a table: the value's and the space before the next."""
        return self.width + 1

    @classmethod
    def sci(cls, decimals: int | None = None) -> "CellFormat":
        """Scientific notation: ``-1.234e-05`` with 3 decimals unless ``decimals`` says."""
        places = 3 if decimals is None else decimals
        return cls("sci", places + 7, places)

    @classmethod
    def fixed(cls, digits: int, decimals: int | None = None) -> "CellFormat":
        """Fixed point with ``digits`` before the point: ``-12.3456`` with 4 decimals unless
        ``decimals`` says."""
        places = 4 if decimals is None else decimals
        return cls("fixed", digits + places + 2, places)

    @classmethod
    def for_summary(cls, summary: Summary, decimals: int | None = None) -> "CellFormat":
        """The format for an array with ``summary``: 4 decimals (3 in scientific notation)
        unless ``decimals`` asks for more or fewer (the course prints 8)."""
        big = summary.max_abs
        if summary.integral and big < 1e6:
            return cls("int", max(2, len(str(int(big))) + 1), 0)
        if big >= 1e4 or 0 < big < 1e-2:
            return cls.sci(decimals)
        return cls.fixed(max(1, len(str(int(big)))), decimals)

    @classmethod
    def widest(cls, decimals: int | None = None) -> "CellFormat":
        """The widest format of an array that is not all integers, written with ``decimals``:
        scientific notation, or fixed with four digits before the point (from 1e4 on, the
        format is scientific)."""
        return max(cls.sci(decimals), cls.fixed(4, decimals), key=lambda f: f.width)

    @classmethod
    def shared(cls, *summaries: Summary | None, decimals: int | None = None) -> "CellFormat | None":
        """One format that writes every array of ``summaries`` alike (compared arrays are
        read side by side: ``0.0014`` beside ``4.610e-05`` cannot be compared by eye)."""
        known = [s for s in summaries if s is not None and s.size]
        if not known:
            return None
        widest = max(known, key=lambda s: s.max_abs)
        smallest = min(s.max_abs for s in known)
        fmt = cls.for_summary(widest, decimals)
        if not all(s.integral for s in known) and fmt.kind == "int":
            fmt = cls.for_summary(min(known, key=lambda s: s.integral), decimals)
        if fmt.kind == "fixed" and 0 < smallest < 1e-2:
            return cls.sci(decimals)  # fixed decimals would write the small one as 0.0000
        return fmt

    def format(self, x: float) -> str:
        """One cell, right-aligned to ``width``."""
        if math.isnan(x):
            text = "nan"
        elif math.isinf(x):
            text = "inf" if x > 0 else "-inf"
        elif self.kind == "int":
            text = str(int(x))
        elif self.kind == "sci":
            text = f"{x:.{self.decimals}e}"
        else:
            text = f"{x:.{self.decimals}f}"
        return text.rjust(self.width)


def heat_levels(values: np.ndarray, scale: float) -> np.ndarray:
    """Shade levels ``-HEAT_LEVELS..HEAT_LEVELS`` of a window of values against ``scale``.

    0 is exactly zero; the sign says which side of zero; the level is proportional to
    the magnitude over ``scale`` (the array's largest finite magnitude) but never 0 for
    a non-zero value, so a tiny gradient is still seen. NaN and Inf get ``HEAT_LEVELS + 1``.
    """
    v = np.asarray(values, dtype=np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):
        frac = np.abs(v) / scale if scale > 0 else np.zeros_like(v)
        level = np.ceil(np.clip(frac, 0, 1) * HEAT_LEVELS).astype(np.int64)
    level = np.where(v < 0, -level, level)
    level[~np.isfinite(v)] = HEAT_LEVELS + 1
    return level


def as_matrix(array: np.ndarray) -> np.ndarray:
    """The array as rows x columns for display: a scalar is 1x1, a vector one row."""
    a = np.asarray(array)
    if a.ndim == 0:
        return a.reshape(1, 1)
    if a.ndim == 1:
        return a.reshape(1, -1)
    if a.ndim > 2:
        return a.reshape(a.shape[0], -1)
    return a

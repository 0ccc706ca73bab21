"""Describing an array's numbers: its summary statistics and the text of an element's index.

Every view of a tensor that shows a few numbers instead of all of them (the debugger's
summary line, the text transcript of ``dnnstep trace``, messages of checks) reads them
from :func:`summarize`, so they agree on what min, mean or "zeros" mean. Formatting is
each view's own. Pure numpy.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

INTEGRAL_CHECK_LIMIT = 100_000
"""Arrays up to this size are checked for holding only whole numbers (labels, counts)."""


@dataclass(frozen=True)
class ArraySummary:
    """Summary statistics of an array, over its finite values.

    Attributes:
        shape: the array's shape.
        size: the number of elements.
        min, max, mean, std: over the finite elements (NaN when there are none).
        zeros: how many elements are exactly 0.
        nan, inf: how many elements are NaN, how many are +-Inf.
        integral: every finite element is a whole number (checked up to
            ``INTEGRAL_CHECK_LIMIT`` elements; False beyond).
    """

    shape: tuple[int, ...]
    size: int
    min: float
    max: float
    mean: float
    std: float
    zeros: int
    nan: int
    inf: int
    integral: bool

    @property
    def finite(self) -> int:
        """How many elements are finite numbers."""
        return self.size - self.nan - self.inf


def summarize(array: np.ndarray) -> ArraySummary:
    """Read ``array`` once (as float64) and return its summary statistics."""
    a = np.asarray(array, dtype=np.float64)
    shape, size = tuple(a.shape), int(a.size)
    if size == 0:
        return ArraySummary(shape, 0, math.nan, math.nan, math.nan, math.nan, 0, 0, 0, False)
    finite_mask = np.isfinite(a)
    n_finite = int(np.count_nonzero(finite_mask))
    nan = int(np.count_nonzero(np.isnan(a))) if n_finite < size else 0
    inf = size - n_finite - nan
    zeros = size - int(np.count_nonzero(a))
    if n_finite == 0:
        return ArraySummary(shape, size, math.nan, math.nan, math.nan, math.nan, zeros, nan, inf, False)
    finite = a if n_finite == size else a[finite_mask]
    with np.errstate(over="ignore", invalid="ignore"):  # values near 1e308: the mean or std is inf
        mean = float(finite.mean())
        std = float(finite.std())
    integral = size <= INTEGRAL_CHECK_LIMIT and bool(np.all(finite == np.round(finite)))
    return ArraySummary(shape, size, float(finite.min()), float(finite.max()), mean, std, zeros, nan, inf, integral)


def index_text(index: tuple[int, ...]) -> str:
    """An element's index as people read it: ``"[1, 2]"`` (``"[]"`` for a scalar)."""
    return "[" + ", ".join(str(int(i)) for i in index) + "]"

"""Comparing a tensor with what was expected, and saying how they differ.

Every function returns ``None`` when the check holds, else the text a teacher reads:
expected against actual, the difference, and where it is largest.
"""

from __future__ import annotations

import numpy as np

from dnnstep.engine.summary import index_text
from dnnstep.expect.spec import Bound

#: Arrays in messages are printed in full up to this many elements, summarised beyond.
PRINT_THRESHOLD = 100


def array_text(array: np.ndarray, indent: str = "    ") -> str:
    """A numpy printout of ``array`` with 8 significant digits, each line indented."""
    text = np.array2string(np.asarray(array), precision=8, threshold=PRINT_THRESHOLD, edgeitems=3,
                           max_line_width=110, floatmode="maxprec")
    return "\n".join(indent + line for line in text.splitlines())


def compare_shape(label: str, expected: tuple[int, ...], actual: np.ndarray) -> str | None:
    if tuple(actual.shape) == tuple(expected):
        return None
    hint = ""
    if tuple(actual.shape) == tuple(reversed(expected)) and len(expected) == 2:
        hint = " (transposed)"
    return f"{label} shape: expected {tuple(expected)}, actual {tuple(actual.shape)}{hint}"


def compare_values(label: str, expected: np.ndarray, actual: np.ndarray, rtol: float, atol: float) -> str | None:
    """``|actual - expected| <= atol + rtol * |expected|`` element by element (numpy's isclose)."""
    actual = np.asarray(actual, dtype=np.float64)
    if expected.shape != actual.shape:
        return (f"{label} values: expected an array of shape {expected.shape}, "
                f"actual {label} has shape {actual.shape}\n  actual {label}:\n{array_text(actual)}")
    with np.errstate(all="ignore"):
        close = np.isclose(actual, expected, rtol=rtol, atol=atol)
        if close.all():
            return None
        difference = actual - expected
        gap = np.abs(difference)
        # where the tolerance is exceeded most (NaN counts as the worst)
        excess = np.where(np.isnan(gap), np.inf, gap - (atol + rtol * np.abs(expected)))
    worst = np.unravel_index(int(np.argmax(excess)), expected.shape) if expected.ndim else ()
    bad = int((~close).sum())
    lines = [
        f"{label} values differ: {bad} of {expected.size} elements outside rtol {rtol:g}, atol {atol:g}",
        f"  largest difference {_num(gap[worst])} at {index_text(worst)}: "
        f"expected {_num(expected[worst])}, actual {_num(actual[worst])}",
        f"  expected {label} {expected.shape}:", array_text(expected),
        f"  actual {label} {actual.shape}:", array_text(actual),
        "  difference (actual - expected):", array_text(difference),
    ]
    return "\n".join(lines)


def compare_bound(label: str, what: str, bound: Bound, actual: float, detail: str = "") -> str | None:
    """A summary value (``min``, ``mean``, ``cost`` ...) against its bound."""
    if bound.holds(actual):
        return None
    if bound.is_range:
        return f"{label} {what} is {_num(actual)}{detail}, expected {bound.text()}"
    return (f"{label} {what}: expected {bound.text()}, actual {_num(actual)}{detail}, "
            f"difference {_num(actual - bound.value)}")


def nonfinite(label: str, array: np.ndarray) -> str | None:
    """``None`` when every value is finite, else how many NaN and Inf there are and the first one."""
    array = np.asarray(array, dtype=np.float64)
    bad = ~np.isfinite(array)
    if not bad.any():
        return None
    nan, inf = int(np.isnan(array).sum()), int(np.isinf(array).sum())
    first = np.unravel_index(int(np.argmax(bad)), array.shape) if array.ndim else ()
    counts = ", ".join(p for p in (f"{nan} NaN" if nan else "", f"{inf} Inf" if inf else "") if p)
    return f"{label} has {counts} of {array.size} values; the first at {index_text(first)} is {array[first]}"


def _num(x: float) -> str:
    return f"{float(x):.10g}"

"""Comparing a student's tensor with the reference's, with a tolerance on the values' own scale.

A tensor matches when it has the reference's shape and, element by element,

    |actual - expected| <= ATOL_SCALE * max|expected| + RTOL * |expected|

with ``ATOL_SCALE = 1e-6`` and ``RTOL = 1e-6`` (NaN matches NaN, inf matches the same inf).
The absolute part scales with the tensor: gradients of the course's initialisation are
about 1e-5, so a fixed absolute tolerance such as the course grader's 1.5e-6 lets a
missing 1/m through, while this one does not. A different order of summation changes
values by about 1e-16 relative, float32 arithmetic by about 1e-7: both pass. The smallest
real mistakes change values by a factor (1/m, a sign, the learning rate) or change whole
elements (a mask, a transpose), which is many orders above the tolerance. A tensor whose
reference is all zeros must be exactly zero up to 1e-300.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

ATOL_SCALE = 1e-6
RTOL = 1e-6
FLOOR = 1e-300


@dataclass(frozen=True)
class TensorDiff:
    """How one of the student's tensors compares with the reference's.

    Attributes:
        name: the tensor (``"dW"``, ``"grads['db1']"``, ``"cost"``).
        ok: True when it matches.
        expected_shape, actual_shape: the shapes (``None`` when it is not an array).
        problem: for people, when it does not match: ``"shape (3,) instead of (3, 1)"``,
            ``"values differ"``, ``"missing"``, ``"not an array but a list"``.
        max_diff: the largest |actual - expected| (same shapes only).
        index: the element where it is.
        expected_value, actual_value: the two values there.
        mismatched: how many elements are out of tolerance, of how many.
    """

    name: str
    ok: bool
    expected_shape: tuple | None = None
    actual_shape: tuple | None = None
    problem: str = ""
    max_diff: float | None = None
    index: tuple | None = None
    expected_value: float | None = None
    actual_value: float | None = None
    mismatched: tuple[int, int] | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "tensor": self.name,
            "ok": self.ok,
            "expected_shape": _listify(self.expected_shape),
            "actual_shape": _listify(self.actual_shape),
            "problem": self.problem,
            "max_diff": self.max_diff,
            "index": _listify(self.index),
            "expected_value": self.expected_value,
            "actual_value": self.actual_value,
            "mismatched_elements": _listify(self.mismatched),
        }


def _listify(value):
    return None if value is None else [int(v) for v in value]


def tolerance(expected: np.ndarray) -> float:
    """The absolute part of the tolerance for ``expected``: ``ATOL_SCALE * max|expected|``."""
    magnitude = np.abs(expected)
    scale = float(np.max(magnitude, where=np.isfinite(magnitude), initial=0.0)) if expected.size else 0.0
    return max(ATOL_SCALE * scale, FLOOR)


#: The dtype kinds of numbers (np.number and its subtypes: integers, floats, complex, timedelta) and booleans.
_NUMBERS = "biufcm"


def as_array(value: Any) -> np.ndarray | None:
    """``value`` as a float array, or ``None`` when it is not numbers (a tuple of arrays, None, ...)."""
    if isinstance(value, np.ndarray):
        array = value
    elif isinstance(value, (int, float, np.number, bool, np.bool_)):
        array = np.asarray(value)
    elif isinstance(value, list):
        try:
            array = np.asarray(value)
        except (ValueError, TypeError):
            return None
    else:
        return None
    if array.dtype.kind not in _NUMBERS:
        return None
    return array.astype(np.float64, copy=False)


def close(expected: np.ndarray, actual: np.ndarray) -> np.ndarray:
    """Element-wise: is ``actual`` within tolerance of ``expected`` (same shapes)?

    Equal arrays are within tolerance everywhere: that is checked first, in one pass (most of a
    right homework's tensors are the reference's to the last bit).
    """
    if actual is expected or np.array_equal(actual, expected):
        return np.ones(expected.shape, dtype=bool)
    with np.errstate(invalid="ignore", over="ignore"):
        diff = np.abs(actual - expected)
        ok = np.isfinite(expected) & (diff <= tolerance(expected) + RTOL * np.abs(expected))
    same_nan = np.isnan(expected) & np.isnan(actual)
    same_inf = np.isinf(expected) & (expected == actual)
    return ok | same_nan | same_inf


def matches(expected: Any, actual: Any) -> bool:
    """True when ``actual`` has ``expected``'s shape and values (within tolerance)."""
    e, a = as_array(expected), as_array(actual)
    return e is not None and a is not None and e.shape == a.shape and bool(close(e, a).all())


def mismatch_mask(expected: Any, actual: Any) -> np.ndarray:
    """Boolean mask of ``expected``'s shape: True where the student's value is wrong.

    A wrong shape or a value that is not an array marks every element.
    """
    e = as_array(expected)
    if e is None:
        e = np.zeros(())
    a = as_array(actual)
    if a is None or a.shape != e.shape:
        return np.ones(e.shape, dtype=bool)
    return ~close(e, a)


def compare(name: str, expected: Any, actual: Any) -> TensorDiff:
    """Compare the student's ``actual`` with the reference's ``expected``."""
    e = as_array(expected)
    if e is None:
        raise TypeError(f"the reference's {name} is not an array")
    a = as_array(actual)
    if actual is None and a is None:
        return TensorDiff(name, False, e.shape, None, "is None (missing)")
    if _holds_none(actual):
        what = "the cost" if name == "cost" else name
        return TensorDiff(name, False, e.shape, None,
                          f"is np.squeeze(None), an array holding None: {what} was never computed")
    if isinstance(actual, np.ndarray) and a is None:
        return TensorDiff(name, False, e.shape, None, f"is an array of {actual.dtype} values, not of numbers")
    if a is None:
        return TensorDiff(name, False, e.shape, None, f"is not an array but a {type(actual).__name__}")
    if a.shape != e.shape:
        return TensorDiff(name, False, e.shape, a.shape, f"has shape {_shape(a.shape)} instead of {_shape(e.shape)}")
    ok = close(e, a)
    if ok.all():
        return TensorDiff(name, True, e.shape, a.shape)
    with np.errstate(invalid="ignore", over="ignore"):
        diff = np.abs(a - e)
    diff = np.where(ok, -1.0, np.nan_to_num(diff, nan=np.inf, posinf=np.inf))
    flat = int(np.argmax(diff))
    index = tuple(int(i) for i in np.unravel_index(flat, e.shape)) if e.shape else ()
    return TensorDiff(
        name, False, e.shape, a.shape, "values differ",
        max_diff=float(diff.flat[flat]), index=index,
        expected_value=float(e.flat[flat]), actual_value=float(a.flat[flat]),
        mismatched=(int((~ok).sum()), int(ok.size)),
    )


def _holds_none(value: Any) -> bool:
    """``np.squeeze(None)`` or ``np.array(None)``: a 0-d object array whose one element is None."""
    if type(value).__name__ == "squeezed_None":  # as the homework's process sends it back
        return True
    return isinstance(value, np.ndarray) and value.dtype == object and value.shape == () and value.item() is None


def _shape(shape: tuple) -> str:
    return str(tuple(shape))

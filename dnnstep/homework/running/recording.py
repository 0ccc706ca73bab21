"""How the homework's process records the watched calls of a run: each call's arguments as the function
received them (:func:`as_called`), copied before the call and shared between records (:class:`SharedCopies`),
its result after (:func:`spy_on`); and whether an argument was changed in place (:func:`unchanged`).

Part of the worker's package (``homework_sandbox``): it imports nothing of dnnstep's.
"""

from __future__ import annotations

import copy
import inspect

import numpy as np

from .protocol import arrays_in, same_bytes


class SharedCopies:
    """The copies the watched calls of one call recorded, shared between records: an array that one
    layer's call returned and the next one is given (dA_prev, then dA) is copied once, as long as it
    still holds what was copied (else it is copied again)."""

    def __init__(self, fixed: dict):
        self.fixed = fixed  # id -> value that is never copied (the copies of the stored data)
        self.arrays: dict[int, tuple[np.ndarray, np.ndarray]] = {}  # id of the homework's array -> (it, its copy)

    def copy(self, value):
        found = arrays_in(value)
        memo = dict(self.fixed)
        for array in found:
            held = self.arrays.get(id(array))
            if held is not None and held[0] is array and same_bytes(held[1], array):
                # bit for bit: a copy holding 0.0 where the array now holds -0.0 is not the same
                memo[id(array)] = held[1]
        copied = copy.deepcopy(value, memo)
        for array in found:
            if id(array) in memo and id(array) not in self.fixed:
                self.arrays[id(array)] = (array, memo[id(array)])
        return copied


def spy_on(name, function, calls, shared: SharedCopies, parameters=(), nesting: list | None = None):
    """``function`` watched: each call that returns is kept in ``calls`` as ``(name, the arguments as it received
    them, its result)``: the arguments in the order of its parameters (``parameters``: the course's parameter
    names of ``name``; see :func:`as_called`), copied before the call (an update that changes its dictionaries
    in place is recorded with what it was given). ``nesting`` (shared by the spies of one call) counts the
    watched calls under way: with it, a call made inside another watched call is not recorded."""
    try:
        signature = inspect.signature(function)
    except (TypeError, ValueError):  # a callable without a signature
        signature = None

    def spy(*args, **kwargs):
        if nesting is not None and nesting[0]:
            return function(*args, **kwargs)  # inside another watched call
        try:
            given = shared.copy(as_called(function, args, kwargs, parameters, signature))
        except Exception:  # noqa: BLE001 - arguments that cannot be copied: the call is not recorded
            given = None
        if nesting is not None:
            nesting[0] += 1
        try:
            result = function(*args, **kwargs)
        finally:
            if nesting is not None:
                nesting[0] -= 1
        try:
            if given is not None:
                calls.append((name, given, shared.copy(result)))
        except Exception:  # noqa: BLE001 - a result that cannot be copied is simply not recorded
            pass
        return result

    spy.__wrapped__ = function
    return spy


def as_called(function, args: tuple, kwargs: dict, names: tuple[str, ...] | list[str] = (),
              signature: inspect.Signature | None = None) -> tuple:
    """The arguments of a call as ``function`` received them, in the order of its parameters: keywords in any
    order and defaults left out put in their places, as Python binds them (``linear_activation_forward(
    activation="relu", b=b, W=W, A_prev=A)`` is recorded as ``(A, W, b, "relu")``). What a function takes
    through ``*args`` follows in order; what it takes through ``**kwargs`` or as keyword-only parameters, in
    the order of ``names`` (the course's parameters), then as given. ``signature``: ``function``'s, when known."""
    try:
        bound = (signature or inspect.signature(function)).bind(*args, **kwargs)
    except (TypeError, ValueError):  # a call Python refused (it raises), or a callable without a signature
        return tuple(args) + tuple(kwargs.values())
    bound.apply_defaults()
    positional, rest = list(bound.args), dict(bound.kwargs)
    for name in names[len(positional):]:
        if name not in rest:
            break
        positional.append(rest.pop(name))
    return tuple(positional) + tuple(rest.values())


def unchanged(a, b) -> bool:
    """``b`` (an argument after the call) still equals ``a`` (its copy from before): arrays bit for bit
    (NaN equal to NaN), containers item by item, other values by ``==`` (a failing ``==`` counts as unchanged)."""
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        # equal_nan makes numpy copy both arrays: only asked when they differ without it (NaN, or a change)
        return isinstance(a, np.ndarray) and isinstance(b, np.ndarray) and a.shape == b.shape and (
            np.array_equal(a, b) or np.array_equal(a, b, equal_nan=True))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(unchanged(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return len(a) == len(b) and all(unchanged(x, y) for x, y in zip(a, b))
    try:
        return bool(a == b)
    except Exception:  # noqa: BLE001
        return True

"""Walking a function's return value beside the reference's: the tensors, the keys, the tuples.

The course's functions return nested tuples, lists and dicts of arrays (``(A, ((A_prev,
W, b), Z))``, ``grads``). :func:`compare_outputs` walks the reference's value and the
student's in parallel and gives, in the reference's order, one :class:`TensorDiff` per
array, named the course's way (``"dW"``, ``"cache[1] (Z)"``, ``"A[1], in layer 2's cache"``,
``"grads['db2']"``), plus
the structural problems: a tuple of the wrong length, missing or extra dictionary keys,
and a tuple or list that holds the right values in the wrong order.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import permutations
from typing import Any

from dnnstep.engine.vocabulary import INPUTS, course_label
from dnnstep.homework.comparing.tolerance import TensorDiff, as_array, compare, matches
from dnnstep.homework.course2.assignments import CACHES, LISTS, RETURNS as COURSE2_RETURNS, VALUES

_RETURNS = {
    **COURSE2_RETURNS,
    "linear_forward": ("Z", "cache"),
    "linear_activation_forward": ("A", "cache"),
    "L_model_forward": ("AL", "caches"),
    "linear_backward": ("dA_prev", "dW", "db"),
    "linear_activation_backward": ("dA_prev", "dW", "db"),
    "two_layer_model": ("parameters", "costs"),
    "L_layer_model": ("parameters", "costs"),
}
_LINEAR_CACHE = INPUTS["forward"]  # (A_prev, W, b): what the forward step of a layer reads


@dataclass
class Comparison:
    """The student's return value against the reference's.

    Attributes:
        tensors: one diff per reference array, in the reference's order.
        problems: structural problems, for people.
        reorders: ``(name, order)`` for a tuple/list holding the right values in another order.
        extra_keys, missing_keys: dictionary keys the student has and the reference has not, and back.
    """

    tensors: list[TensorDiff] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    reorders: list[tuple[str, tuple[int, ...]]] = field(default_factory=list)
    extra_keys: list[str] = field(default_factory=list)
    missing_keys: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems and all(t.ok for t in self.tensors)


def compare_outputs(function: str, expected: Any, actual: Any) -> Comparison:
    """Compare the whole return value of ``function``."""
    result = Comparison()
    _walk(function, (), expected, actual, result)
    return result


def label(function: str, path: tuple) -> str:
    """The course's name of the part of ``function``'s return value at ``path``."""
    if not path:
        return {"compute_cost": "cost", **VALUES}.get(function, "the return value")
    if isinstance(path[0], str):
        return path[0] if len(path) == 1 else f"{path[0]}{_index(path[1:])}"
    if function in LISTS:
        name, parts = LISTS[function]
        part = f" ({parts[path[1]]} of mini-batch {path[0]})" if len(path) == 2 and path[1] < len(parts) else ""
        return f"{name}{_index(path)}{part}"
    names = _RETURNS.get(function)
    if names is None or path[0] >= len(names):
        return f"result{_index(path)}"
    head, rest = names[path[0]], path[1:]
    if not rest:
        return head
    if head == "cache":
        if function == "linear_forward" and len(rest) == 1 and rest[0] < 3:
            return f"cache[{rest[0]}] ({'AWb'[rest[0]] if rest[0] else 'A'})"
        if function == "linear_activation_forward":
            return _cache_name("cache", rest)
    if head == "cache" and function in CACHES and len(rest) == 1 and rest[0] < len(CACHES[function]):
        return f"cache[{rest[0]}] ({CACHES[function][rest[0]]})"
    if head == "caches" and len(rest) >= 1 and isinstance(rest[0], int):
        return _cache_name(f"caches[{rest[0]}]", rest[1:], layer=rest[0] + 1)
    return f"{head}{_index(rest)}"


def _cache_name(base: str, rest: tuple, layer: int | None = None) -> str:
    """``cache[1] (Z)``; with the layer known, in the course's words: ``A[0] = X, in layer 1's cache``
    (``caches[0][0][0]``), ``item [2] of layer 3's cache``."""
    name = "Z" if rest == (1,) else _LINEAR_CACHE[rest[1]] if len(rest) == 2 and rest[0] == 0 and rest[1] < 3 else None
    if layer is not None:
        if name is None:
            return f"item {_index(rest)} of layer {layer}'s cache" if rest else f"layer {layer}'s cache"
        return f"{course_label(name, 'forward', layer, 0)}, in layer {layer}'s cache"
    if name is None:
        return f"{base}{_index(rest)}"
    return f"{base}{_index(rest)} ({name})"


def _index(path: tuple) -> str:
    return "".join(f"[{p!r}]" for p in path)


def _walk(function: str, path: tuple, expected: Any, actual: Any, result: Comparison) -> None:
    name = label(function, path)
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            result.problems.append(f"{name} is a {type(actual).__name__}, not a dictionary")
            _mark_missing(function, path, expected, result, f"{name} is not a dictionary")
            return
        extra = [k for k in actual if k not in expected]
        missing = [k for k in expected if k not in actual]
        if extra:
            result.extra_keys.extend(str(k) for k in extra)
            result.problems.append(f"{name} has extra keys {', '.join(map(repr, extra))}")
        if missing:
            result.missing_keys.extend(str(k) for k in missing)
            result.problems.append(f"{name} lacks the keys {', '.join(map(repr, missing))}")
        for key, value in expected.items():
            if key in actual:
                _walk(function, (*path, key), value, actual[key], result)
            else:
                _mark_missing(function, (*path, key), value, result, "missing")
        return
    if isinstance(expected, (tuple, list)):
        if not isinstance(actual, (tuple, list)):
            kind = "tuple" if isinstance(expected, tuple) else "list"
            result.problems.append(
                f"{name} is a {type(actual).__name__}, not a {kind} of {len(expected)}")
            _mark_missing(function, path, expected, result, f"not a {kind}")
            return
        if len(actual) != len(expected):
            result.problems.append(f"{name} has {len(actual)} items instead of {len(expected)}")
        found = (len(result.tensors), len(result.problems), len(result.reorders))
        for i, value in enumerate(expected):
            if i < len(actual):
                _walk(function, (*path, i), value, actual[i], result)
            else:
                _mark_missing(function, (*path, i), value, result, "missing")
        matched = len(result.problems) == found[1] and all(t.ok for t in result.tensors[found[0]:])
        order = None if matched else _reordering(expected, actual)  # items that all match are in their order
        if order is not None:
            result.reorders.insert(found[2], (name, order))  # before the reorderings found inside it
        return
    if as_array(expected) is None:
        return  # not a number (e.g. None): nothing to compare
    result.tensors.append(compare(name, expected, actual))


def _mark_missing(function: str, path: tuple, expected: Any, result: Comparison, why: str) -> None:
    for sub, value in leaves(expected, path):
        e = as_array(value)
        if e is not None:
            result.tensors.append(TensorDiff(label(function, sub), False, e.shape, None, why))


def leaves(value: Any, path: tuple = ()):
    """``(path, leaf)`` for every non-container value inside ``value`` (dicts, tuples, lists), depth first."""
    if isinstance(value, dict):
        for k, v in value.items():
            yield from leaves(v, (*path, k))
    elif isinstance(value, (tuple, list)):
        for i, v in enumerate(value):
            yield from leaves(v, (*path, i))
    else:
        yield path, value


def _matches_throughout(a: Any, b: Any) -> bool:
    """The same nesting of tuples, lists and dicts, every leaf matching within tolerance (:func:`matches`)."""
    if isinstance(a, (tuple, list)):
        return (isinstance(b, (tuple, list)) and len(a) == len(b)
                and all(_matches_throughout(x, y) for x, y in zip(a, b)))
    if isinstance(a, dict):
        return isinstance(b, dict) and a.keys() == b.keys() and all(_matches_throughout(a[k], b[k]) for k in a)
    return matches(a, b)


def _reordering(expected, actual) -> tuple[int, ...] | None:
    """When ``actual`` holds ``expected``'s items in another order: ``order[i]`` = where item i is."""
    if len(expected) != len(actual) or len(expected) < 2 or _matches_throughout(expected, actual):
        return None
    candidates = []
    for item in expected:
        places = [j for j, other in enumerate(actual) if _matches_throughout(item, other)]
        if not places:
            return None
        candidates.append(places)
    if len(expected) <= 6:
        for order in permutations(range(len(expected))):
            if all(order[i] in candidates[i] for i in range(len(expected))) and order != tuple(range(len(expected))):
                return order
        return None
    order = tuple(places[0] for places in candidates)
    return order if sorted(order) == list(range(len(expected))) else None

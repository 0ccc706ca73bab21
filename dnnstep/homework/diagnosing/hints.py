"""Hints: the mistakes students make, each recognised by recomputing it and finding the student's numbers.

A hint is never a guess. Each one is fired by a check on the numbers:

* *mistake models*: the reference function with one known mistake put in (``dW`` without
  the 1/m, relu's mask taken on the wrong array, sigmoid in the hidden layers, ``+`` in
  the update, ...). When the student's mismatching tensor equals what the mistaken
  version computes on the same inputs, and that differs from the reference, the hint fires;
* *tensor checks*: the student's tensor is exactly the reference times m, 1/m or -1, or
  its transpose, or has shape ``(n,)`` where ``(n, 1)`` is expected with the same values,
  or is ``(n, n)`` where b should be ``(n, 1)`` because an ``(n,)`` db was broadcast;
* *structure*: a tuple or list that holds the right values in another order, grads keys
  shifted by one, keys the grader rejects.

Every hint has a short ``code`` (see :data:`CODES`) so graders and tests can rely on it.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from typing import Any, Callable

import numpy as np

from dnnstep.homework.comparing.returns import Comparison, compare_outputs, label, leaves
from dnnstep.homework.comparing.tolerance import as_array, close, matches, tolerance
from dnnstep.homework.diagnosing.mistakes import MODELS

CODES = {
    "missing-1/m": "a 1/m is missing (the values are exactly m times too large)",
    "extra-1/m": "an extra 1/m (the values are exactly m times too small)",
    "sign": "the sign is flipped",
    "factor": "the values are off by a constant factor",
    "zeros": "all zeros where the reference is not",
    "transposed": "the matrix is transposed",
    "db-keepdims": "db summed without keepdims=True: shape (n,) instead of (n, 1)",
    "db-axis": "db summed over the wrong axis",
    "app-init": "the Application's model initialised by the Step by Step rule (randn * 0.01)",
    "db-squeeze": "db squeezed with np.squeeze: a one-unit layer's (1, 1) db became a scalar",
    "b-broadcast": "b became (n, n): an (n,) db was broadcast against b (n, 1)",
    "squeeze": "the cost is not squeezed to a scalar",
    "no-bias": "Z lacks the + b",
    "activation": "the wrong activation: sigmoid in a hidden layer, or relu at the output",
    "relu-mask": "relu_backward's mask is taken on the wrong array or with the wrong comparison",
    "sigmoid-derivative": "the sigmoid derivative is not s (1 - s) with s = sigmoid(Z)",
    "dAL-sign": "the sign of dAL is flipped",
    "dAL-formula": "dAL is not -(Y/AL - (1-Y)/(1-AL))",
    "update-sign": "+ instead of - in the update",
    "learning-rate": "the learning rate is missing from the update",
    "cache-order": "a cache (or the caches list) holds the right values in the wrong order",
    "grads-keys": "the grads keys are off by one",
    "extra-keys": "extra keys in grads or parameters (the course's grader rejects them)",
    "missing-keys": "keys missing from grads or parameters",
    "dot-order": "np.dot(A, W) where the course has np.dot(W, A)",
    "init-rand": "np.random.rand (uniform, all positive) where the course draws np.random.randn",
    "b-shape": "b made with np.zeros(n): shape (n,) instead of the column (n, 1)",
    "W-shape": "W made (n[l-1], n[l]) instead of (n[l], n[l-1])",
    "forward-L": "L = len(parameters) in L_model_forward: twice the number of layers",
    "forward-input": "a layer given X, or the previous layer's input, instead of the previous layer's A",
    "cost-outer": "the cost as an m x m outer product (np.dot(Y.T, np.log(AL)), Y * np.log(AL).T) summed",
    "cost-sum": "the losses of the examples never summed",
    "cost-dot": "np.dot of two (1, m) rows without a transpose",
    "cost-m": "m written in as a number",
    "elementwise": "an element-wise product (np.multiply, *) where the course has a matrix product (np.dot)",
    "helper-cache": "relu_backward, sigmoid_backward or linear_backward given the other half of the cache",
    "helper-input": "a course helper (relu_backward, sigmoid_backward) given a dA or Z of the wrong shape or type",
    "hidden-dA": "the hidden layers of L_model_backward fed the wrong dA",
    "hidden-cache": "the hidden layers of L_model_backward given another layer's cache",
    "output-dZ": "dZ = AL - Y at the output instead of sigmoid_backward",
    "no-transpose": "W where the course has its transpose (dA_prev = np.dot(W.T, dZ))",
    "layer-numbers": "layers numbered from 0 (W0) where the course numbers them 1 .. L",
    "update-unchanged": "update_parameters returns its input unchanged (it updated a copy)",
    "update-L": "L = len(parameters) in update_parameters: twice the number of layers",
    "no-update": "the training loop never keeps update_parameters' result",
    "init-dims": "a parameter made with another layer's size (b2 = np.zeros((n_h, 1)))",
    "cost-shape": "np.shape(cost) where np.squeeze(cost) is meant: the cost's shape, a tuple",
    "cost-epsilon": "a number added inside the logs of the cost (np.log(AL + 1e-3))",
    "global-name": "the function reads a variable it never sets, which only a line outside it (a test's) sets",
    "activation-string": "an activation string that matches no branch of the if/elif (\" sigmoid\", \"Relu\")",
    "dAL-dZ": "dAL = AL - Y, which is dZ of the sigmoid output, not dA",
    "caches-item": "caches holds something else than each layer's cache ((A_prev, W, b), Z)",
    "cache-item": "linear_activation_forward's cache is not (linear_cache, activation_cache)",
    "update-layers": "update_parameters leaves some layers unchanged",
}


@dataclass(frozen=True)
class Hint:
    """One recognised mistake: its ``code`` (a key of :data:`CODES`), the tensor it explains, a message."""

    code: str
    tensor: str
    message: str
    explains: tuple[str, ...] = ()  # every tensor it explains (a mistake model may explain several)

    def to_json(self) -> dict[str, Any]:
        return {"code": self.code, "tensor": self.tensor, "message": self.message,
                "explains": list(self.explains or ((self.tensor,) if self.tensor else ()))}


def diagnose(function: str, args: tuple, expected: Any, actual: Any, comparison: Comparison,
             m: int | None, project: Callable[[Any], Any] | None = None, models: dict | None = None) -> list[Hint]:
    """The hints that explain ``comparison`` (the student's ``actual`` against ``expected``).

    A mistake model fires when, on the same ``args``, it computes the student's value for
    some of the mismatching tensors (values that differ from the reference's) and predicts
    no mistake where the student matched the reference. The models that explain the most
    tensors come first; a model that explains a tensor an earlier one already explains is
    left out, so no two hints give two causes for one tensor. The tensor checks then speak
    only for the tensors no model explains. ``project`` puts a model's value (today's form) in the form
    ``expected`` and ``actual`` have (an older edition's: parameters only, grads keys dA1..dAL). ``models``: the
    mistake models to try (week 4's :data:`MODELS` unless given; Course 2's are
    :data:`dnnstep.homework.course2.mistakes.MODELS`).
    """
    hints: list[Hint] = []
    hints.extend(_structure_hints(function, expected, actual, comparison))
    # where the reference itself holds inf or NaN (a training that overflowed) no number can tell a mistake
    overflowed = {diff.name for diff in comparison.tensors
                  if not diff.ok and not _finite(_find(expected, function, diff.name))}
    wrong = [diff.name for diff in comparison.tensors if not diff.ok and diff.name not in overflowed]
    right = {diff.name for diff in comparison.tensors if diff.ok}
    found = []
    for order, (code, message, mistaken) in enumerate((MODELS if models is None else models).get(function, ())):
        try:
            predicted = mistaken(*copy.deepcopy(args))
            if project is not None:
                predicted = project(predicted)
        except Exception:  # noqa: BLE001 - a mistake that cannot even run on these inputs explains nothing
            continue
        model = {t.name: t for t in compare_outputs(function, predicted, actual).tensors}
        wrong_in_model = {t.name for t in compare_outputs(function, expected, predicted).tensors if not t.ok}
        if wrong_in_model & right:
            continue  # it predicts a mistake the student did not make
        whole = compare_outputs(function, predicted, actual).ok  # the student's value, parts missing from both too
        names = [name for name in wrong if name in wrong_in_model and (whole or (name in model and model[name].ok))]
        if not names and wrong and same_value(predicted, actual) and not same_value(predicted, expected):
            names = list(wrong)  # the student's value is the model's in another form than the reference's (a tuple)
        if not names and whole and not comparison.ok and not compare_outputs(function, expected, predicted).ok:
            names = [label(function, ())]  # it explains what is wrong with the value as a whole (an item too many)
        if names:
            found.append((-len(names), order, code, message, names))
    explained: set[str] = set()
    for _, _, code, message, names in sorted(found, key=lambda f: f[:2]):
        if explained & set(names):
            continue
        words = render_message(message, args, tensor=", ".join(names), m=m)
        if words:
            explained.update(names)
            hints.append(Hint(code, names[0], words, tuple(names)))
    # a model that explains what is missing says why; the bare "missing keys" is left out then
    hints = [h for h in hints if not (h.code in ("missing-keys", "extra-keys") and h.tensor in explained)]
    for diff in comparison.tensors:
        if diff.ok or diff.name in explained or diff.name in overflowed:
            continue
        e, a = _find(expected, function, diff.name), _find(actual, function, diff.name)
        hint = tensor_hint(diff.name, e, a, m)
        if hint is not None:
            hints.append(hint)
    return _unique(hints)


def same_value(a: Any, b: Any) -> bool:
    """The same nesting (dicts key by key, tuples and lists item by item), every array of the same shape and within
    tolerance, every other value equal: ``b`` is what ``a`` is, whatever its form (``np.shape(cost)``'s tuple)."""
    if isinstance(a, dict) or isinstance(b, dict):
        return (isinstance(a, dict) and isinstance(b, dict) and a.keys() == b.keys()
                and all(same_value(a[k], b[k]) for k in a))
    if isinstance(a, (tuple, list)) or isinstance(b, (tuple, list)):
        return (isinstance(a, (tuple, list)) and isinstance(b, (tuple, list)) and len(a) == len(b)
                and all(same_value(x, y) for x, y in zip(a, b)))
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        return (isinstance(a, np.ndarray) and isinstance(b, np.ndarray) and a.shape == b.shape
                and bool(matches(a, b)))
    try:
        return bool(a == b)
    except Exception:  # noqa: BLE001 - values that cannot even be compared are not the same
        return False


def render_message(message, args: tuple, *, tensor: str, m: int | None) -> str:
    """A model's message for these ``args`` (a text, or a function of the args giving it), or ``""``
    when it cannot be said of them."""
    try:
        text = message(args) if callable(message) else message
        return text.format(tensor=tensor, m=m)
    except Exception:  # noqa: BLE001 - inputs the message cannot describe: say nothing rather than guess
        return ""


def tensor_hint(name: str, expected: Any, actual: Any, m: int | None) -> Hint | None:
    """A hint from the numbers of one tensor alone (ratio m, 1/m, -1, transpose, keepdims)."""
    e, a = as_array(expected), as_array(actual)
    if e is None or a is None:
        return None
    if a.shape != e.shape:
        if a.shape == e.T.shape and e.ndim == 2 and matches(e.T, a):
            return Hint("transposed", name, f"{name} is transposed: shape {a.shape} instead of {e.shape} "
                                            "(for dW: dZ · A_prevᵀ, not A_prev · dZᵀ)")
        if (e.ndim == 2 and e.shape[1] == 1 and a.shape == (e.shape[0],) and _has_1_over_m(name)
                and matches(e[:, 0], a)):
            return Hint("db-keepdims", name,
                        f"{name} has shape {a.shape} instead of {e.shape}: sum with "
                        "np.sum(dZ, axis=1, keepdims=True), or b broadcasts to (n, n) in the update")
        if e.ndim == 2 and e.shape[1] == 1 and a.shape == (e.shape[0], e.shape[0]) and e.shape[0] > 1:
            return Hint("b-broadcast", name, f"{name} has shape {a.shape} instead of {e.shape}: an (n,) db "
                                             "was broadcast against b (n, 1); keep db as (n, 1) with keepdims=True")
        if e.shape == () and a.size == 1 and matches(e, a.reshape(())):
            return Hint("squeeze", name, f"{name} has shape {a.shape}: the course returns a scalar, "
                                         "cost = np.squeeze(cost)")
        if a.size == e.size and matches(e, a.reshape(e.shape)):
            return Hint("factor", name, f"{name} has the right values in the wrong shape {a.shape} "
                                        f"(expected {e.shape})")
        return None
    if e.ndim == 2 and e.shape[0] == e.shape[1] and e.shape[0] > 1 and not matches(e, e.T) and matches(e.T, a):
        return Hint("transposed", name, f"{name} is transposed")
    if not a.any() and e.any():
        return Hint("zeros", name, f"{name} is all zeros, the reference is not")
    ratio = _ratio(e, a)
    if ratio is None:
        return None
    if m and m > 1 and _has_1_over_m(name):
        if np.isclose(ratio, m, rtol=1e-9):
            return Hint("missing-1/m", name, f"{name} is exactly m = {m} times too large: the 1/m is missing")
        if np.isclose(ratio, 1 / m, rtol=1e-9):
            return Hint("extra-1/m", name, f"{name} is exactly m = {m} times too small: divided by m once too often")
        if np.isclose(ratio, -m, rtol=1e-9) or np.isclose(ratio, -1 / m, rtol=1e-9):
            return Hint("sign", name, f"{name} has the wrong sign and is off by a factor m = {m}")
    written = _written_m(name, ratio, m)
    if written:
        return Hint("cost-m", name, f"{name} is divided by {written}, not by m = {m}: m is written in as a number; "
                                    "take it from the data, m = Y.shape[1]")
    if np.isclose(ratio, -1.0, rtol=1e-9):
        return Hint("sign", name, f"{name} has the wrong sign (exactly -1 times the reference)")
    if np.count_nonzero(np.abs(e) > tolerance(e) * 10) < 2:
        return None  # any two numbers have a ratio: only a ratio shared by many elements says something
    return Hint("factor", name, f"{name} is exactly {ratio:.6g} times the reference")


def _written_m(name: str, ratio: float, m: int | None) -> int | None:
    """The number k when the cost is exactly the reference times m / k: divided by a fixed k, not by m."""
    if name not in ("cost", "J") or not m or ratio <= 0:
        return None
    k = m / ratio
    whole = round(k)
    if whole < 2 or whole in (m, m * m) or not np.isclose(k, whole, rtol=1e-9, atol=0):
        return None
    return whole


def _has_1_over_m(name: str) -> bool:
    """The cost and the gradients carry the course's 1/m; inputs, caches, Z, A and parameters do not."""
    bare = name.split("'")[1] if name.startswith("grads['") else name
    return bare.startswith("d") or bare in ("cost", "J")


def _ratio(e: np.ndarray, a: np.ndarray) -> float | None:
    """The constant c with a = c * e, when there is one (c != 1)."""
    big = np.abs(e) > tolerance(e) * 10
    if not big.any() or not np.all(np.isfinite(a)):
        return None
    ratios = a[big] / e[big]
    c = float(np.median(ratios))
    if c == 0 or np.isclose(c, 1.0, rtol=1e-9):
        return None
    if not np.allclose(ratios, c, rtol=1e-7, atol=0) or not close(c * e, a).all():
        return None
    return c


def _finite(value: Any) -> bool:
    """False for an array (or number) holding inf or NaN; anything else counts as finite."""
    array = as_array(value)
    return array is None or bool(np.isfinite(array).all())


def _find(value: Any, function: str, name: str) -> Any:
    """The part of ``value`` whose label is ``name``."""
    for path, leaf in leaves(value):
        if label(function, path) == name:
            return leaf
    return None


def _structure_hints(function: str, expected: Any, actual: Any, comparison: Comparison) -> list[Hint]:
    hints = []
    for name, order in comparison.reorders:
        hints.append(Hint("cache-order", name, f"{name} holds the right values in the wrong order: item i of the "
                                               f"reference is at position {list(order)} "
                                               f"({_order_text(function, name, order)})"))
    if isinstance(expected, dict) and isinstance(actual, dict):
        shifted = _key_shift(expected, actual)
        if shifted:
            hints.append(Hint("grads-keys", shifted[0], f"the keys are off by one: {shifted[1]}"))
        elif comparison.extra_keys:
            hints.append(Hint("extra-keys", comparison.extra_keys[0],
                              f"extra keys {', '.join(comparison.extra_keys)}: the course's grader expects exactly "
                              f"{', '.join(expected)}"))
        elif comparison.missing_keys:
            hints.append(Hint("missing-keys", comparison.missing_keys[0],
                              f"missing keys {', '.join(comparison.missing_keys)}"))
    return hints


def _order_text(function: str, name: str, order: tuple[int, ...]) -> str:
    if name.startswith("caches") and "[" not in name:
        return "caches must be appended in layer order 1..L"
    if "cache" in name and len(order) == 2:
        return "the course's cache is (linear_cache, activation_cache) = ((A_prev, W, b), Z)"
    if "cache" in name and len(order) == 3:
        return "the linear cache is (A_prev, W, b)"
    return "see the course's return order"


_KEY = re.compile(r"^([A-Za-z_]+)(\d+)$")


def _key_shift(expected: dict, actual: dict) -> tuple[str, str] | None:
    """When the student's values sit under the reference's keys shifted by one: (first key, text)."""
    if expected.keys() == actual.keys():
        return None
    moves = []
    for key, value in expected.items():
        match = _KEY.match(str(key))
        if not match or (key in actual and matches(value, actual[key])):
            continue
        prefix, n = match.group(1), int(match.group(2))
        for shift in (1, -1):
            other = f"{prefix}{n + shift}"
            if other in actual and matches(value, actual[other]):
                moves.append((key, other))
                break
        else:
            return None
    if not moves:
        return None
    text = ", ".join(f"{want!r} is stored as {got!r}" for want, got in moves[:4])
    return moves[0][0], text + " (the course's keys: dA0 .. dA{L-1}, dW1 .. dWL, db1 .. dbL)"


def _unique(hints: list[Hint]) -> list[Hint]:
    seen, out = set(), []
    for hint in hints:
        if (hint.code, hint.tensor) not in seen:
            seen.add((hint.code, hint.tensor))
            out.append(hint)
    return out

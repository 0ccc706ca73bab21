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

from dnnstep import course
from dnnstep.homework.compare import as_array, close, matches, tolerance
from dnnstep.homework.outputs import Comparison, compare_outputs

CODES = {
    "missing-1/m": "a 1/m is missing (the values are exactly m times too large)",
    "extra-1/m": "an extra 1/m (the values are exactly m times too small)",
    "sign": "the sign is flipped",
    "factor": "the values are off by a constant factor",
    "zeros": "all zeros where the reference is not",
    "transposed": "the matrix is transposed",
    "db-keepdims": "db summed without keepdims=True: shape (n,) instead of (n, 1)",
    "db-axis": "db summed over the wrong axis",
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
}


@dataclass(frozen=True)
class Hint:
    """One recognised mistake: its ``code`` (a key of :data:`CODES`), the tensor it explains, a message."""

    code: str
    tensor: str
    message: str

    def to_json(self) -> dict[str, str]:
        return {"code": self.code, "tensor": self.tensor, "message": self.message}


Model = tuple[str, str, Callable[..., Any]]  # (code, message, mistaken function on the same args)


def diagnose(function: str, args: tuple, expected: Any, actual: Any, comparison: Comparison, m: int | None) -> list[Hint]:
    """The hints that explain ``comparison`` (the student's ``actual`` against ``expected``)."""
    hints: list[Hint] = []
    hints.extend(_structure_hints(function, expected, actual, comparison))
    explained: set[str] = set()
    for code, message, mistaken in MODELS.get(function, ()):
        try:
            predicted = mistaken(*copy.deepcopy(args))
        except Exception:  # noqa: BLE001 - a mistake that cannot even run on these inputs explains nothing
            continue
        model = compare_outputs(function, predicted, actual)
        reference = compare_outputs(function, expected, predicted)
        wrong_in_model = {t.name for t in reference.tensors if not t.ok}
        by_name = {t.name: t for t in model.tensors}
        names = [
            diff.name for diff in comparison.tensors
            if not diff.ok and diff.name not in explained and diff.name in wrong_in_model
            and by_name.get(diff.name) is not None and by_name[diff.name].ok
        ]
        if names:
            explained.update(names)
            hints.append(Hint(code, names[0], message.format(tensor=", ".join(names), m=m)))
    for diff in comparison.tensors:
        if diff.ok or diff.name in explained:
            continue
        e, a = _find(expected, function, diff.name), _find(actual, function, diff.name)
        hint = tensor_hint(diff.name, e, a, m)
        if hint is not None:
            hints.append(hint)
    return _unique(hints)


def tensor_hint(name: str, expected: Any, actual: Any, m: int | None) -> Hint | None:
    """A hint from the numbers of one tensor alone (ratio m, 1/m, -1, transpose, keepdims)."""
    e, a = as_array(expected), as_array(actual)
    if e is None or a is None:
        return None
    if a.shape != e.shape:
        if a.shape == e.T.shape and e.ndim == 2 and matches(e.T, a):
            return Hint("transposed", name, f"{name} is transposed: shape {a.shape} instead of {e.shape} "
                                            "(for dW: dZ · A_prevᵀ, not A_prev · dZᵀ)")
        if e.ndim == 2 and e.shape[1] == 1 and a.shape == (e.shape[0],) and matches(e[:, 0], a):
            return Hint("db-keepdims", name, f"{name} has shape {a.shape} instead of {e.shape}: sum with "
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
    if m and m > 1:
        if np.isclose(ratio, m, rtol=1e-9):
            return Hint("missing-1/m", name, f"{name} is exactly m = {m} times too large: the 1/m is missing")
        if np.isclose(ratio, 1 / m, rtol=1e-9):
            return Hint("extra-1/m", name, f"{name} is exactly m = {m} times too small: divided by m once too often")
        if np.isclose(ratio, -m, rtol=1e-9) or np.isclose(ratio, -1 / m, rtol=1e-9):
            return Hint("sign", name, f"{name} has the wrong sign and is off by a factor m = {m}")
    if np.isclose(ratio, -1.0, rtol=1e-9):
        return Hint("sign", name, f"{name} has the wrong sign (exactly -1 times the reference)")
    return Hint("factor", name, f"{name} is exactly {ratio:.6g} times the reference")


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


def _find(value: Any, function: str, name: str) -> Any:
    """The part of ``value`` whose label is ``name``."""
    from dnnstep.homework.outputs import _leaves, label

    for path, leaf in _leaves(value, ()):
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


# ----------------------------------------------------------------------------------- models

def _forward_with(activations_of: Callable[[int, int], str]):
    def forward(X, parameters):
        L = len(parameters) // 2
        A, caches = X, []
        for l in range(1, L + 1):
            A, cache = course.linear_activation_forward(A, parameters[f"W{l}"], parameters[f"b{l}"],
                                                        activations_of(l, L))
            caches.append(cache)
        return A, caches
    return forward


def _backward_with(activations_of: Callable[[int, int], str], dAL_of=None):
    def backward(AL, Y, caches):
        L = len(caches)
        Y = Y.reshape(AL.shape)
        dA = dAL_of(AL, Y) if dAL_of else -(np.divide(Y, AL) - np.divide(1 - Y, 1 - AL))
        grads = {}
        for l in range(L, 0, -1):
            dA_prev, dW, db = course.linear_activation_backward(dA, caches[l - 1], activations_of(l, L))
            grads[f"dA{l - 1}"], grads[f"dW{l}"], grads[f"db{l}"] = dA_prev, dW, db
            dA = dA_prev
        return {k: grads[k] for k in course.L_model_backward(AL, Y, caches)}
    return backward


def _activation_backward_with(dZ_of: Callable):
    def backward(dA, cache, activation):
        linear_cache, Z = cache
        return course.linear_backward(dZ_of(dA, linear_cache, Z, activation), linear_cache)
    return backward


def _relu_only(dZ_of):
    def wrapped(dA, linear_cache, Z, activation):
        if activation != "relu":
            raise ValueError("relu mistakes only")
        return dZ_of(dA, linear_cache, Z)
    return wrapped


def _sigmoid_only(dZ_of):
    def wrapped(dA, linear_cache, Z, activation):
        if activation != "sigmoid":
            raise ValueError("sigmoid mistakes only")
        return dZ_of(dA, linear_cache, Z)
    return wrapped


def _s(Z):
    return 1 / (1 + np.exp(-Z))


def _other(activation: str) -> str:
    return {"relu": "sigmoid", "sigmoid": "relu"}[activation]


def _update_with(sign: float, use_rate: bool):
    def update(params, grads, learning_rate):
        rate = learning_rate if use_rate else 1.0
        L = len(params) // 2
        out = {}
        for l in range(1, L + 1):
            out[f"W{l}"] = params[f"W{l}"] - sign * rate * grads[f"dW{l}"]
            out[f"b{l}"] = params[f"b{l}"] - sign * rate * grads[f"db{l}"]
        return out
    return update


def _db_over(axis, keepdims):
    def linear_backward(dZ, cache):
        A_prev, W, b = cache
        m = A_prev.shape[1]
        return np.dot(W.T, dZ), np.dot(dZ, A_prev.T) / m, np.sum(dZ, axis=axis, keepdims=keepdims) / m
    return linear_backward


_ACTIVATION_MESSAGE = ("{tensor} is what the other activation gives: sigmoid used in a hidden (relu) layer, or "
                       "relu at the (sigmoid) output; check the activation argument and the if/elif on it")

MODELS: dict[str, list[Model]] = {
    "linear_forward": [
        ("no-bias", "{tensor} = W·A without + b", lambda A, W, b: (np.dot(W, A), (A, W, b))),
    ],
    "linear_activation_forward": [
        ("activation", _ACTIVATION_MESSAGE,
         lambda A_prev, W, b, activation: course.linear_activation_forward(A_prev, W, b, _other(activation))),
    ],
    "L_model_forward": [
        ("activation", "{tensor} is what sigmoid in the hidden layers gives: the hidden layers must use relu",
         _forward_with(lambda l, L: "sigmoid")),
        ("activation", "{tensor} is what relu at the output gives: layer L must use sigmoid",
         _forward_with(lambda l, L: "relu")),
        ("activation", "{tensor} is what sigmoid in the hidden layers and relu at the output give: swapped",
         _forward_with(lambda l, L: "relu" if l == L else "sigmoid")),
    ],
    "compute_cost": [
        ("factor", "{tensor} keeps only the Y·log(AL) term: the (1 - Y)·log(1 - AL) term is missing",
         lambda AL, Y: np.squeeze(-np.sum(Y * np.log(AL)) / AL.shape[1])),
    ],
    "linear_backward": [
        ("db-axis", "{tensor} is summed over axis 0 (the units) instead of axis 1 (the examples)",
         _db_over(0, True)),
        ("db-axis", "{tensor} is summed over axis 0 (the units) instead of axis 1 (the examples)",
         _db_over(0, False)),
        ("db-axis", "{tensor} is summed over all of dZ: sum over axis 1 only, with keepdims=True",
         _db_over(None, False)),
    ],
    "linear_activation_backward": [
        ("activation", _ACTIVATION_MESSAGE,
         lambda dA, cache, activation: course.linear_activation_backward(dA, cache, _other(activation))),
        ("relu-mask", "{tensor}: relu_backward was given A_prev (the linear cache's A) instead of Z (the "
                      "activation cache): cache = ((A_prev, W, b), Z)",
         _activation_backward_with(_relu_only(lambda dA, lc, Z: dA * (lc[0] > 0)))),
        ("relu-mask", "{tensor}: dZ was masked where dA <= 0; relu's derivative depends on Z: dZ[Z <= 0] = 0",
         _activation_backward_with(_relu_only(lambda dA, lc, Z: dA * (dA > 0)))),
        ("relu-mask", "{tensor}: dZ keeps dA where Z == 0 (mask Z < 0); the course's relu derivative is 0 at 0: "
                      "dZ[Z <= 0] = 0",
         _activation_backward_with(_relu_only(lambda dA, lc, Z: dA * (Z >= 0)))),
        ("relu-mask", "{tensor}: dZ = dA with no mask: relu's derivative is missing",
         _activation_backward_with(_relu_only(lambda dA, lc, Z: dA))),
        ("relu-mask", "{tensor}: dZ = dA * relu(Z); relu's derivative is 1 where Z > 0, else 0",
         _activation_backward_with(_relu_only(lambda dA, lc, Z: dA * np.maximum(0, Z)))),
        ("sigmoid-derivative", "{tensor}: dZ = dA * s without the (1 - s) factor",
         _activation_backward_with(_sigmoid_only(lambda dA, lc, Z: dA * _s(Z)))),
        ("sigmoid-derivative", "{tensor}: dZ = dA * Z * (1 - Z): the derivative needs s = sigmoid(Z), not Z",
         _activation_backward_with(_sigmoid_only(lambda dA, lc, Z: dA * Z * (1 - Z)))),
    ],
    "L_model_backward": [
        ("dAL-sign", "{tensor}: dAL has the wrong sign; dAL = -(np.divide(Y, AL) - np.divide(1 - Y, 1 - AL))",
         _backward_with(lambda l, L: "sigmoid" if l == L else "relu",
                        lambda AL, Y: np.divide(Y, AL) - np.divide(1 - Y, 1 - AL))),
        ("dAL-formula", "{tensor}: dAL = -(Y/AL + (1-Y)/(1-AL)); the second term must be subtracted",
         _backward_with(lambda l, L: "sigmoid" if l == L else "relu",
                        lambda AL, Y: -(np.divide(Y, AL) + np.divide(1 - Y, 1 - AL)))),
        ("activation", "{tensor} is what sigmoid_backward in the hidden layers gives: they are relu",
         _backward_with(lambda l, L: "sigmoid")),
        ("activation", "{tensor} is what relu_backward at the output gives: layer L is sigmoid",
         _backward_with(lambda l, L: "relu")),
    ],
    "update_parameters": [
        ("update-sign", "{tensor}: W + learning_rate * dW; gradient descent subtracts: W - learning_rate * dW",
         _update_with(-1.0, True)),
        ("learning-rate", "{tensor}: W - dW; the learning rate is missing", _update_with(1.0, False)),
        ("update-sign", "{tensor}: W + dW; subtract, and multiply by the learning rate", _update_with(-1.0, False)),
    ],
}


def _after_activation(model: Model) -> Model:
    """A linear_backward mistake, seen through linear_activation_backward (the right dZ, then the mistake)."""
    code, message, mistaken = model

    def backward(dA, cache, activation):
        linear_cache, Z = cache
        dZ = course.relu_backward(dA, Z) if activation == "relu" else course.sigmoid_backward(dA, Z)
        return mistaken(dZ, linear_cache)

    return code, message, backward


def _before_activation(model: Model) -> Model:
    """A linear_forward mistake, seen through linear_activation_forward."""
    code, message, mistaken = model

    def forward(A_prev, W, b, activation):
        Z, linear_cache = mistaken(A_prev, W, b)
        A, Z_cache = course.relu(Z) if activation == "relu" else course.sigmoid(Z)
        return A, (linear_cache, Z_cache)

    return code, message, forward


MODELS["linear_activation_backward"] += [_after_activation(m) for m in MODELS["linear_backward"]]
MODELS["linear_activation_forward"] += [_before_activation(m) for m in MODELS["linear_forward"]]

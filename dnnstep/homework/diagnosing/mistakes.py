"""Mistake models: the reference functions with one known mistake put in.

``MODELS[function]`` lists ``(code, message, mistaken)``: ``mistaken`` takes the same
arguments as the course's ``function`` and returns what a student who made that mistake
gets. :func:`dnnstep.homework.diagnosing.hints.diagnose` fires the hint ``code`` when the student's
mismatching tensor equals the mistaken value (and that differs from the reference).
``message`` may use ``{tensor}`` (the tensors it explains) and ``{m}``.
"""

from __future__ import annotations

from typing import Any, Callable

import numpy as np

from dnnstep import course

Model = tuple[str, str, Callable[..., Any]]  # (code, message, mistaken function on the same args)


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
        return grads  # keys in the course's order: dA{L-1}, dWL, dbL, ..., dA0, dW1, db1
    return backward


def _dZ_mistake(only: str, dZ_of: Callable):
    """linear_activation_backward with ``dZ = dZ_of(dA, linear_cache, Z)``, for ``only`` that activation."""
    def backward(dA, cache, activation):
        if activation != only:
            raise ValueError(f"{only} mistakes only")
        linear_cache, Z = cache
        return course.linear_backward(dZ_of(dA, linear_cache, Z), linear_cache)
    return backward


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
         _dZ_mistake("relu", lambda dA, lc, Z: dA * (lc[0] > 0))),
        ("relu-mask", "{tensor}: dZ was masked where dA <= 0; relu's derivative depends on Z: dZ[Z <= 0] = 0",
         _dZ_mistake("relu", lambda dA, lc, Z: dA * (dA > 0))),
        ("relu-mask", "{tensor}: dZ keeps dA where Z == 0 (mask Z < 0); the course's relu derivative is 0 at 0: "
                      "dZ[Z <= 0] = 0",
         _dZ_mistake("relu", lambda dA, lc, Z: dA * (Z >= 0))),
        ("relu-mask", "{tensor}: dZ = dA with no mask: relu's derivative is missing",
         _dZ_mistake("relu", lambda dA, lc, Z: dA)),
        ("relu-mask", "{tensor}: dZ = dA * relu(Z); relu's derivative is 1 where Z > 0, else 0",
         _dZ_mistake("relu", lambda dA, lc, Z: dA * np.maximum(0, Z))),
        ("sigmoid-derivative", "{tensor}: dZ = dA * s without the (1 - s) factor",
         _dZ_mistake("sigmoid", lambda dA, lc, Z: dA * _s(Z))),
        ("sigmoid-derivative", "{tensor}: dZ = dA * Z * (1 - Z): the derivative needs s = sigmoid(Z), not Z",
         _dZ_mistake("sigmoid", lambda dA, lc, Z: dA * Z * (1 - Z))),
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

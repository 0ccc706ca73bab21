"""Layer forward and backward passes, the cost and the update, with explicit caches.

These are the course's formulas, written with the course's own numpy expressions so
that the engine and ``dnnstep.course`` agree to the last bit:

    Z = np.dot(W, A_prev) + b                      linear_forward
    A = g(Z)                                       activation_forward
    J = -1/m * np.sum(Y*log(AL) + (1-Y)*log(1-AL)) compute_cost
    dAL = -(Y/AL - (1-Y)/(1-AL))                   cost_gradient
    dZ = dA * g'(Z)                                activation_backward
    dW = 1/m * np.dot(dZ, A_prev.T)                linear_backward
    db = 1/m * np.sum(dZ, axis=1, keepdims=True)
    dA_prev = np.dot(W.T, dZ)
    W := W - learning_rate * dW                    update

Backward, cost and update stay separate functions: each is one debugger step.

Where the course writes ``np.dot(a, b)`` and ``np.sum(x, axis=1, ...)``, the functions on every
iteration's path call ``a.dot(b)`` and ``np.add.reduce(x, axis=1, ...)``: the very C functions
behind them (the same floats), without numpy's Python-level dispatch, which on the small
networks of Course 2 costs as much as the arithmetic.
"""

from __future__ import annotations

import numpy as np

from dnnstep.engine import activations


def linear_forward(A_prev: np.ndarray, W: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Z = W A_prev + b. A_prev: (n[l-1], m), W: (n[l], n[l-1]), b: (n[l], 1) -> Z: (n[l], m).

    ``np.dot(W, A_prev) + b``, the sum made in the product's own array (the same floats, one
    (n[l], m) array fewer to allocate on every layer of every iteration)."""
    Z = W.dot(A_prev)
    Z += b
    return Z


def activation_forward(activation: str, Z: np.ndarray, leaky_slope: float = 0.01) -> np.ndarray:
    """A = g(Z). Z: (n[l], m) -> A: (n[l], m)."""
    return activations.forward(activation, Z, leaky_slope)


def compute_cost(AL: np.ndarray, Y: np.ndarray) -> float:
    """The cross-entropy cost J. AL, Y: (1, m) -> a float."""
    m = Y.shape[1]
    cost = -1 / m * np.sum(Y * np.log(AL) + (1 - Y) * np.log(1 - AL))
    return float(np.squeeze(cost))


def cost_gradient(AL: np.ndarray, Y: np.ndarray) -> np.ndarray:
    """dAL = dJ/dAL up to the 1/m that linear_backward applies. AL, Y: (1, m) -> dAL: (1, m)."""
    return -(np.divide(Y, AL) - np.divide(1 - Y, 1 - AL))


def activation_backward(activation: str, dA: np.ndarray, Z: np.ndarray, leaky_slope: float = 0.01) -> np.ndarray:
    """dZ = dA * g'(Z). dA, Z: (n[l], m) -> dZ: (n[l], m)."""
    return activations.backward(activation, dA, Z, leaky_slope)


def linear_backward(dZ: np.ndarray, A_prev: np.ndarray, W: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """dA_prev, dW and db from dZ and the forward cache (A_prev, W), in the course's order.

    dZ: (n[l], m), A_prev: (n[l-1], m), W: (n[l], n[l-1])
    -> dA_prev: (n[l-1], m), dW: (n[l], n[l-1]), db: (n[l], 1).
    """
    dW, db = parameter_gradients(dZ, A_prev)
    dA_prev = W.T.dot(dZ)
    return dA_prev, dW, db


def parameter_gradients(dZ: np.ndarray, A_prev: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """dW = 1/m dZ A_prevᵀ and db = 1/m Σ dZ. dZ: (n[l], m), A_prev: (n[l-1], m)."""
    m = A_prev.shape[1]
    dW = 1 / m * dZ.dot(A_prev.T)
    db = 1 / m * np.add.reduce(dZ, axis=1, keepdims=True)
    return dW, db


def update(W: np.ndarray, b: np.ndarray, dW: np.ndarray, db: np.ndarray, learning_rate: float) -> tuple[np.ndarray, np.ndarray]:
    """One step of gradient descent: new arrays W - α dW and b - α db; the inputs are left alone."""
    return W - learning_rate * dW, b - learning_rate * db

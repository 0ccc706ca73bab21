"""Activation functions g and their backward passes, in the course's expressions.

Each activation has a forward ``g(Z) -> A`` and a backward ``dZ = dA * g'(Z)``. The
relu and sigmoid expressions are the course's own (``dnn_utils``), so the engine and
``dnnstep.course`` agree to the last bit. All arrays are ``(n[l], m)``.
"""

from __future__ import annotations

import numpy as np

#: Every g[l] a layer may use (scenario files name them); the output layer is always sigmoid.
ACTIVATIONS = ("relu", "sigmoid", "tanh", "leaky_relu")

#: The course's g[l] as written in the formula pane.
NAMES = {"relu": "relu", "sigmoid": "σ", "tanh": "tanh", "leaky_relu": "leaky_relu"}


def forward(activation: str, Z: np.ndarray, leaky_slope: float = 0.01) -> np.ndarray:
    """A = g(Z) for the named activation. Z: (n[l], m) -> A: (n[l], m)."""
    if activation == "relu":
        return np.maximum(0, Z)
    if activation == "sigmoid":
        return 1 / (1 + np.exp(-Z))
    if activation == "tanh":
        return np.tanh(Z)
    if activation == "leaky_relu":
        return np.where(Z > 0, Z, leaky_slope * Z)
    raise ValueError(f"unknown activation {activation!r}: expected one of {', '.join(ACTIVATIONS)}")


def backward(activation: str, dA: np.ndarray, Z: np.ndarray, leaky_slope: float = 0.01) -> np.ndarray:
    """dZ = dA * g'(Z). dA, Z: (n[l], m) -> dZ: (n[l], m).

    As in the course, relu's derivative is taken as 0 where Z <= 0.
    """
    if activation == "relu":
        dZ = np.array(dA, copy=True)
        dZ[Z <= 0] = 0
        return dZ
    if activation == "sigmoid":
        s = 1 / (1 + np.exp(-Z))
        return dA * s * (1 - s)
    if activation == "tanh":
        return dA * (1 - np.tanh(Z) ** 2)
    if activation == "leaky_relu":
        return dA * np.where(Z > 0, 1.0, leaky_slope)
    raise ValueError(f"unknown activation {activation!r}: expected one of {', '.join(ACTIVATIONS)}")

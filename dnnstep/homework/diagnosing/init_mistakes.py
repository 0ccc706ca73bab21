"""Initialisation mistakes: ``initialize_parameters`` and ``initialize_parameters_deep`` drawn the wrong way.

Each entry of :data:`INIT` is ``(code, message, W_of, b_of)``: how a student who made that mistake draws
W[l] and b[l]. :func:`init_deep` and :func:`init_two` replay the course's seeded draws with them, so a
hint fires only when the student's numbers are exactly what that mistake gives.
"""

from __future__ import annotations

from typing import Any, Callable

import numpy as np


def seeded(seed: int, draw: Callable[[], Any]) -> Any:
    """``draw()`` after ``np.random.seed(seed)``, leaving numpy's global random state as it was."""
    state = np.random.get_state()
    try:
        np.random.seed(seed)
        return draw()
    finally:
        np.random.set_state(state)


def init_deep(W_of, b_of):
    def initialize(layer_dims):
        def draw():
            parameters = {}
            for l in range(1, len(layer_dims)):
                parameters[f"W{l}"] = W_of(layer_dims[l], layer_dims[l - 1])
                parameters[f"b{l}"] = b_of(layer_dims[l])
            return parameters
        return seeded(3, draw)
    return initialize


def init_two(W_of, b_of):
    def initialize(n_x, n_h, n_y):
        def draw():
            W1, b1 = W_of(n_h, n_x), b_of(n_h)
            W2, b2 = W_of(n_y, n_h), b_of(n_y)
            return {"W1": W1, "b1": b1, "W2": W2, "b2": b2}
        return seeded(1, draw)
    return initialize


def _randn(n, n_prev):
    return np.random.randn(n, n_prev) * 0.01


def _column(n):
    return np.zeros((n, 1))


INIT = [
    ("init-rand", "{tensor} is what np.random.rand gives: uniform in [0, 1), every weight positive; the course "
                  "draws np.random.randn(...) * 0.01 (normal, of either sign)",
     lambda n, n_prev: np.random.rand(n, n_prev) * 0.01, _column),
    ("b-shape", "{tensor}: np.zeros(n) is 1-D, shape (n,); b is a column: np.zeros((layer_dims[l], 1))",
     _randn, np.zeros),
    ("W-shape", "{tensor}: np.random.randn(layer_dims[l - 1], layer_dims[l]) makes W[l] (n[l-1], n[l]); the course's "
                "W[l] is (n[l], n[l-1]): np.random.randn(layer_dims[l], layer_dims[l - 1]) * 0.01",
     lambda n, n_prev: np.random.randn(n_prev, n) * 0.01, _column),
]

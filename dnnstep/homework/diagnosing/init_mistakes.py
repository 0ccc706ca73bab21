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


#: The sizes of initialize_parameters' three layers, and what each is.
_SIZES = {"n_x": "the input layer", "n_h": "the hidden layer", "n_y": "the output layer"}
_BIASES = {"b1": ("n_h", "hidden"), "b2": ("n_y", "output")}


def _two_with_bias(bias: str, wrong: str):
    """initialize_parameters with ``bias`` made ``np.zeros((wrong, 1))``, the size of another layer."""
    def initialize(n_x, n_h, n_y):
        parameters = init_two(_randn, _column)(n_x, n_h, n_y)
        parameters[bias] = np.zeros((dict(n_x=n_x, n_h=n_h, n_y=n_y)[wrong], 1))
        return parameters

    def message(args):
        sizes = dict(zip(_SIZES, args))
        right, layer = _BIASES[bias]
        return (f"{bias} has shape ({sizes[wrong]}, 1): it was made with {wrong} = {sizes[wrong]}, the size of "
                f"{_SIZES[wrong]}; {bias} is the {layer} layer's, ({right}, 1) = ({sizes[right]}, 1): "
                f"np.zeros(({right}, 1))")
    return ("init-dims", message, initialize)


#: initialize_parameters' biases made with another layer's size (b2 = np.zeros((n_h, 1))).
INIT_TWO_DIMS = [_two_with_bias(bias, wrong) for bias in _BIASES for wrong in _SIZES if wrong != _BIASES[bias][0]]

#: initialize_parameters_deep's biases made with the previous layer's size.
INIT_DEEP_DIMS = [
    ("init-dims", "{tensor}: b[l] was made with layer_dims[l - 1], the size of the previous layer; b[l] is "
                  "(layer_dims[l], 1): np.zeros((layer_dims[l], 1))",
     lambda layer_dims: {k: (np.zeros((layer_dims[int(k[1:]) - 1], 1)) if k[0] == "b" else v)
                         for k, v in init_deep(_randn, _column)(layer_dims).items()}),
]

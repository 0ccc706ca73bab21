"""Initialization's mistakes (W1A1): the three initialisers drawn the wrong way.

Each model replays the course's draw (``np.random.seed(3)`` inside the random and He initialisers,
then one ``randn(n[l], n[l-1])`` per layer in order) with one thing changed, so a hint fires only when
the student's numbers are exactly what that mistake gives.
"""

from __future__ import annotations

import numpy as np

from dnnstep.homework.diagnosing.init_mistakes import seeded

CODES = {
    "he-scale": "He initialisation scaled by something other than sqrt(2 / n[l-1])",
    "random-scale": "the large random initialisation not scaled by 10",
    "init-rand": "np.random.rand (uniform, all positive) where the course draws np.random.randn",
    "W-shape": "W made (n[l-1], n[l]) instead of (n[l], n[l-1])",
    "b-shape": "b made with np.zeros(n): shape (n,) instead of the column (n, 1)",
    "b-random": "b drawn at random where the course sets it to zeros",
    "b-layer": "b made with layers_dims[1] (the digit one) where layers_dims[l] is meant",
    "init-last-layer": "the loop over the layers stops one layer short (or goes one too far)",
}


def _initializer(W_of, b_of=lambda n: np.zeros((n, 1)), seed: int | None = 3, layers=lambda L: range(1, L)):
    """An initialiser of ``layers_dims`` drawing W[l] = ``W_of(n[l], n[l-1])``, b[l] = ``b_of(n[l])``, after
    ``np.random.seed(seed)`` (none for zeros), over ``layers(len(layers_dims))``."""
    def initialize(layers_dims):
        def draw():
            parameters = {}
            for l in layers(len(layers_dims)):
                parameters["W" + str(l)] = W_of(layers_dims[l], layers_dims[l - 1])
                parameters["b" + str(l)] = b_of(layers_dims[l])
            return parameters
        return seeded(seed, draw) if seed is not None else seeded(0, draw)
    return initialize


_B_LAYER = ("b-layer", "{tensor}: b is made with layers_dims[1] (the digit one), the first hidden layer's size, for "
                       "every layer; b[l] is np.zeros((layers_dims[l], 1)) with the letter l")


def _b_of_layer_one(W_of, seed):
    """An initialiser whose every b is np.zeros((layers_dims[1], 1)): ``1`` typed for ``l``."""
    def initialize(layers_dims):
        parameters = _initializer(W_of, seed=seed)(layers_dims)
        for l in range(1, len(layers_dims)):
            parameters["b" + str(l)] = np.zeros((layers_dims[1], 1))
        return parameters
    return initialize


def _he(scale):
    return lambda n, n_prev: np.random.randn(n, n_prev) * scale(n, n_prev)


_SHORT = ("init-last-layer", "{tensor} is missing: the loop over the layers stops at L - 1; with "
                             "L = len(layers_dims) the layers are range(1, L), with L = len(layers_dims) - 1 they "
                             "are range(1, L + 1)")


def _short(W_of, seed):
    return _initializer(W_of, seed=seed, layers=lambda L: range(1, L - 1))


MODELS = {
    "initialize_parameters_zeros": [
        ("W-shape", "{tensor}: np.zeros((layers_dims[l - 1], layers_dims[l])) makes W[l] (n[l-1], n[l]); the course's "
                    "W[l] is (n[l], n[l-1]): np.zeros((layers_dims[l], layers_dims[l - 1]))",
         _initializer(lambda n, n_prev: np.zeros((n_prev, n)), seed=None)),
        ("b-shape", "{tensor}: np.zeros(n) is 1-D, shape (n,); b is a column: np.zeros((layers_dims[l], 1))",
         _initializer(lambda n, n_prev: np.zeros((n, n_prev)), np.zeros, seed=None)),
        (*_SHORT, _short(lambda n, n_prev: np.zeros((n, n_prev)), None)),
        (*_B_LAYER, _b_of_layer_one(lambda n, n_prev: np.zeros((n, n_prev)), None)),
    ],
    "initialize_parameters_random": [
        ("random-scale", "{tensor} is np.random.randn(...) without the * 10: this exercise draws large weights, "
                         "np.random.randn(layers_dims[l], layers_dims[l - 1]) * 10",
         _initializer(lambda n, n_prev: np.random.randn(n, n_prev))),
        ("random-scale", "{tensor} is np.random.randn(...) * 0.01 (the first course's small weights); this exercise "
                         "draws large ones: * 10",
         _initializer(lambda n, n_prev: np.random.randn(n, n_prev) * 0.01)),
        ("init-rand", "{tensor} is what np.random.rand gives: uniform in [0, 1), every weight positive; the course "
                      "draws np.random.randn(...) * 10 (normal, of either sign)",
         _initializer(lambda n, n_prev: np.random.rand(n, n_prev) * 10)),
        ("W-shape", "{tensor}: np.random.randn(layers_dims[l - 1], layers_dims[l]) makes W[l] (n[l-1], n[l]); the "
                    "course's W[l] is (n[l], n[l-1]): np.random.randn(layers_dims[l], layers_dims[l - 1]) * 10",
         _initializer(lambda n, n_prev: np.random.randn(n_prev, n) * 10)),
        ("b-random", "{tensor}: b drawn with np.random.randn like W (which also moves every later W's draw); "
                     "the biases start at zero: np.zeros((layers_dims[l], 1))",
         _initializer(lambda n, n_prev: np.random.randn(n, n_prev) * 10, lambda n: np.random.randn(n, 1) * 10)),
        (*_SHORT, _short(lambda n, n_prev: np.random.randn(n, n_prev) * 10, 3)),
        (*_B_LAYER, _b_of_layer_one(lambda n, n_prev: np.random.randn(n, n_prev) * 10, 3)),
    ],
    "initialize_parameters_he": [
        ("he-scale", "{tensor} is scaled by np.sqrt(1 / layers_dims[l - 1]) (Xavier's); He's is "
                     "np.sqrt(2 / layers_dims[l - 1])",
         _initializer(_he(lambda n, n_prev: np.sqrt(1. / n_prev)))),
        ("he-scale", "{tensor} is scaled by np.sqrt(2 / layers_dims[l]), the layer's own size; He's uses the "
                     "previous layer's: np.sqrt(2 / layers_dims[l - 1])",
         _initializer(_he(lambda n, n_prev: np.sqrt(2. / n)))),
        ("he-scale", "{tensor} is scaled by 2 / layers_dims[l - 1] without the square root: "
                     "np.sqrt(2 / layers_dims[l - 1])",
         _initializer(_he(lambda n, n_prev: 2. / n_prev))),
        ("he-scale", "{tensor} is scaled by np.sqrt(2) / layers_dims[l - 1]: the square root is of the quotient, "
                     "np.sqrt(2 / layers_dims[l - 1])",
         _initializer(_he(lambda n, n_prev: np.sqrt(2.) / n_prev))),
        ("he-scale", "{tensor} keeps the random initialisation's * 10: He's scale replaces it, "
                     "np.random.randn(...) * np.sqrt(2 / layers_dims[l - 1])",
         _initializer(_he(lambda n, n_prev: 10 * np.sqrt(2. / n_prev)))),
        ("init-rand", "{tensor} is what np.random.rand gives: uniform in [0, 1), every weight positive; the course "
                      "draws np.random.randn(...) * np.sqrt(2 / layers_dims[l - 1])",
         _initializer(lambda n, n_prev: np.random.rand(n, n_prev) * np.sqrt(2. / n_prev))),
        ("W-shape", "{tensor}: np.random.randn(layers_dims[l - 1], layers_dims[l]) makes W[l] (n[l-1], n[l]); the "
                    "course's W[l] is (n[l], n[l-1])",
         _initializer(lambda n, n_prev: np.random.randn(n_prev, n) * np.sqrt(2. / n_prev))),
        (*_SHORT, _short(lambda n, n_prev: np.random.randn(n, n_prev) * np.sqrt(2. / n_prev), 3)),
        (*_B_LAYER, _b_of_layer_one(lambda n, n_prev: np.random.randn(n, n_prev) * np.sqrt(2. / n_prev), 3)),
    ],
}

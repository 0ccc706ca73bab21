"""The inputs Course 2's own tests build (``testCases.py``, ``public_tests.py``), per edition.

Each function has the name of the course's test-case function and returns what it returns. They
draw the course's numbers (``np.random.seed(1)`` then ``randn`` in the course's order and shapes)
from a ``RandomState(1)`` of their own, so numpy's global generator is left alone; the
Regularization backward cases hold the course's hard-coded caches (not consistent with their X,
as in the course). Where CASES.md marks a case as ``public_tests.py``'s rather than
``testCases.py``'s, the name ends in ``_public``.

Optimization's cases changed with the 2023 refresh (edition B: ``W2`` is 3 x 2; the velocity case's
``W1`` is 3 x 2; the Adam case also returns ``t, learning_rate, beta1, beta2, epsilon``); earlier
editions (A) have ``W2`` 3 x 3. Shapes are given in each docstring.
"""

from __future__ import annotations

import numpy as np

from .editions import since

__all__ = [
    "compute_cost_with_regularization_test_case",
    "backward_propagation_with_regularization_test_case",
    "forward_propagation_with_dropout_test_case",
    "backward_propagation_with_dropout_test_case",
    "gradient_check_n_test_case",
    "update_parameters_with_gd_test_case",
    "random_mini_batches_test_case",
    "random_mini_batches_test_public",
    "initialize_velocity_test_case",
    "update_parameters_with_momentum_test_case",
    "initialize_adam_test_case",
    "update_parameters_with_adam_test_case",
    "ADAM_TEST_HYPERPARAMETERS",
]


def _course_draws(shapes: dict[str, tuple[int, int]]) -> dict[str, np.ndarray]:
    """``np.random.seed(1)`` then ``randn(*shape)`` for each name in order, from a generator of its own."""
    rs = np.random.RandomState(1)
    return {name: rs.randn(*shape) for name, shape in shapes.items()}


def _split(draws: dict[str, np.ndarray], names: str) -> dict[str, np.ndarray]:
    return {name: draws[name] for name in names.split()}


# --------------------------------------------------------------------------------------------
# Regularization (identical in every edition)
# --------------------------------------------------------------------------------------------

_REG_Y = [[1, 1, 0, 1, 0]]
_REG_PARAMETER_SHAPES = {"W1": (2, 3), "b1": (2, 1), "W2": (3, 2), "b2": (3, 1), "W3": (1, 3), "b3": (1, 1)}
_REG_A3 = [[0.40682402, 0.01629284, 0.16722898, 0.10118111, 0.40682402]]

# The hard-coded caches of testCases.py (CASES.md appendix); W1 .. b3 are those of _REG_PARAMETER_SHAPES's draws.
_Z1 = [[-1.52855314, 3.32524635, 2.13994541, 2.60700654, -0.75942115],
       [-1.98043538, 4.1600994, 0.79051021, 1.46493512, -0.45506242]]
_W1 = [[-1.09989127, -0.17242821, -0.87785842], [0.04221375, 0.58281521, -1.10061918]]
_B1 = [[1.14472371], [0.90159072]]
_W2 = [[0.50249434, 0.90085595], [-0.68372786, -0.12289023], [-0.93576943, -0.26788808]]
_B2 = [[0.53035547], [-0.69166075], [-0.39675353]]
_W3 = [[-0.6871727, -0.84520564, -0.67124613]]
_B3 = [[-0.0126646]]

_L2_CACHE = (
    _Z1,
    [[0., 3.32524635, 2.13994541, 2.60700654, 0.], [0., 4.1600994, 0.79051021, 1.46493512, 0.]],
    _W1, _B1,
    [[0.53035547, 5.94892323, 2.31780174, 3.16005701, 0.53035547],
     [-0.69166075, -3.47645987, -2.25194702, -2.65416996, -0.69166075],
     [-0.39675353, -4.62285846, -2.61101729, -3.22874921, -0.39675353]],
    [[0.53035547, 5.94892323, 2.31780174, 3.16005701, 0.53035547], [0.] * 5, [0.] * 5],
    _W2, _B2,
    [[-0.3771104, -4.10060224, -1.60539468, -2.18416951, -0.3771104]],
    _REG_A3,
    _W3, _B3,
)

_DROPOUT_CACHE = (
    _Z1,
    [[True, False, True, True, True], [True, True, True, True, False]],
    [[0., 0., 4.27989081, 5.21401307, 0.], [0., 8.32019881, 1.58102041, 2.92987024, 0.]],
    _W1, _B1,
    [[0.53035547, 8.02565606, 4.10524802, 5.78975856, 0.53035547],
     [-0.69166075, -1.71413186, -3.81223329, -4.61667916, -0.69166075],
     [-0.39675353, -2.62563561, -4.82528105, -6.0607449, -0.39675353]],
    [[True, False, True, False, True], [False, True, False, True, True], [False, False, True, False, False]],
    [[1.06071093, 0., 8.21049603, 0., 1.06071093], [0.] * 5, [0.] * 5],
    _W2, _B2,
    [[-0.7415562, -0.0126646, -5.65469333, -0.0126646, -0.7415562]],
    [[0.32266394, 0.49683389, 0.00348883, 0.49683389, 0.32266394]],
    _W3, _B3,
)


def compute_cost_with_regularization_test_case():
    """REG-1's inputs: ``(a3 (1, 5), Y (1, 5), parameters)`` with W1 (2, 3) .. b3 (1, 1) drawn in order.

    The notebook calls ``compute_cost_with_regularization(A3, Y, parameters, lambd=0.1)``.
    """
    parameters = _course_draws(_REG_PARAMETER_SHAPES)
    return np.array(_REG_A3), np.array(_REG_Y), parameters


def backward_propagation_with_regularization_test_case():
    """REG-2/3's inputs: ``(X (3, 5), Y (1, 5), cache)``, X drawn after seed 1, the 12-tuple cache hard-coded.

    The notebook calls ``backward_propagation_with_regularization(X, Y, cache, lambd=0.7)``.
    """
    X = _course_draws({"X": (3, 5)})["X"]
    return X, np.array(_REG_Y), tuple(np.array(a) for a in _L2_CACHE)


def forward_propagation_with_dropout_test_case():
    """REG-4/5's inputs: ``(X (3, 5), parameters)``: X, then W1 (2, 3) .. b3 (1, 1), drawn in order.

    The notebook calls ``forward_propagation_with_dropout(X, parameters, keep_prob=0.7)``.
    """
    draws = _course_draws({"X": (3, 5), **_REG_PARAMETER_SHAPES})
    return draws.pop("X"), draws


def backward_propagation_with_dropout_test_case():
    """REG-6/7's inputs: ``(X (3, 5), Y (1, 5), cache)`` with the hard-coded 14-tuple cache (boolean masks).

    The notebook calls ``backward_propagation_with_dropout(X, Y, cache, keep_prob=0.8)``.
    """
    X = _course_draws({"X": (3, 5)})["X"]
    return X, np.array(_REG_Y), tuple(np.array(a) for a in _DROPOUT_CACHE)


# --------------------------------------------------------------------------------------------
# Gradient Checking (every edition)
# --------------------------------------------------------------------------------------------


def gradient_check_n_test_case():
    """GC-9's inputs: ``(x (4, 3), y, parameters)``: x, then W1 (5, 4), b1 (5, 1), W2 (3, 5),
    b2 (3, 1), W3 (1, 3), b3 (1, 1) drawn in order; ``y = np.array([1, 1, 0])`` is 1-D, as in the course.
    """
    draws = _course_draws({"x": (4, 3), "W1": (5, 4), "b1": (5, 1), "W2": (3, 5), "b2": (3, 1),
                           "W3": (1, 3), "b3": (1, 1)})
    return draws.pop("x"), np.array([1, 1, 0]), draws


# --------------------------------------------------------------------------------------------
# Optimization: edition A (2017 .. 2022) and B (2023 on)
# --------------------------------------------------------------------------------------------

# Adam's test call: the notebook's defaults before 2021, these from 2021 (set in the notebook and
# public_tests.py in 2021, returned by the test case from 2023).
ADAM_TEST_HYPERPARAMETERS = {"t": 2, "learning_rate": 0.02, "beta1": 0.8, "beta2": 0.888, "epsilon": 1e-2}


def _two_layers(edition, *, first=(2, 3)) -> dict[str, tuple[int, int]]:
    """W1, b1, W2, b2 of the optimization cases: W2 3 x 3 (edition A) or 3 x 2 (edition B)."""
    w2 = (3, 2) if since(edition, "2023") else (3, 3)
    return {"W1": first, "b1": (first[0], 1), "W2": w2, "b2": (3, 1)}


def _parameters_and_grads(edition):
    shapes = _two_layers(edition)
    draws = _course_draws({**shapes, **{"d" + name: shape for name, shape in shapes.items()}})
    return _split(draws, "W1 b1 W2 b2"), _split(draws, "dW1 db1 dW2 db2")


def _zeros_like(parameters):
    return {"d" + name: np.zeros(value.shape) for name, value in parameters.items()}


def update_parameters_with_gd_test_case(*, edition=None):
    """OPT-A1 / OPT-B1's inputs: ``(parameters, grads, learning_rate = 0.01)``; W1, b1, W2, b2, then
    dW1 .. db2, drawn in order; W1 (2, 3), b1 (2, 1), W2 (3, 3) (A) or (3, 2) (B), b2 (3, 1)."""
    parameters, grads = _parameters_and_grads(edition)
    return parameters, grads, 0.01


def random_mini_batches_test_case():
    """OPT-A2/A3's inputs: ``(X (12288, 148), Y (1, 148) bool, mini_batch_size = 64)``."""
    rs = np.random.RandomState(1)
    X = rs.randn(12288, 148)
    Y = rs.randn(1, 148) < 0.5
    return X, Y, 64


def random_mini_batches_test_public(*, edition=None):
    """OPT-A5 / OPT-B2's inputs (``public_tests.random_mini_batches_test``): ``(X, Y bool, 2)`` with
    X (7, 3), Y (1, 3) in 2021 (A), X (5, 7), Y (1, 7) from 2023 (B); ``seed`` left at its default 0."""
    n, m = (5, 7) if since(edition, "2023") else (7, 3)
    rs = np.random.RandomState(1)
    X = rs.randn(n, m)
    Y = rs.randn(1, m) < 0.5
    return X, Y, 2


def initialize_velocity_test_case(*, edition=None):
    """OPT-A6 / OPT-B3's input: ``parameters`` W1 (2, 3) (A) or (3, 2) (B), b1, W2 (3, 3), b2 (3, 1)."""
    if since(edition, "2023"):
        return _course_draws({"W1": (3, 2), "b1": (3, 1), "W2": (3, 3), "b2": (3, 1)})
    return _course_draws(_two_layers(edition))


def update_parameters_with_momentum_test_case(*, edition=None):
    """OPT-A7/A8 / OPT-B4/B5's inputs: ``(parameters, grads, v)``, v zeros; called with beta 0.9, lr 0.01."""
    parameters, grads = _parameters_and_grads(edition)
    return parameters, grads, _zeros_like(parameters)


def initialize_adam_test_case(*, edition=None):
    """OPT-A9 / OPT-B6's input: ``parameters`` W1 (2, 3), b1 (2, 1), W2 (3, 3) (A) or (3, 2) (B), b2 (3, 1)."""
    return _course_draws(_two_layers(edition))


def update_parameters_with_adam_test_case(*, edition=None):
    """OPT-A10..A13 / OPT-B7/B8's inputs: ``(parameters, grads, v, s)`` (v, s zeros) before 2023;
    from 2023 ``(parameters, grads, v, s, t, learning_rate, beta1, beta2, epsilon)`` with
    ``ADAM_TEST_HYPERPARAMETERS``. The 2017-20 notebook calls it with ``t = 2`` and the defaults."""
    parameters, grads = _parameters_and_grads(edition)
    v, s = _zeros_like(parameters), _zeros_like(parameters)
    if since(edition, "2023"):
        return (parameters, grads, v, s, *ADAM_TEST_HYPERPARAMETERS.values())
    return parameters, grads, v, s

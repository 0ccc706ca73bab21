"""Every backward function of Course 2's reference against centred finite differences of its cost.

The helpers scale differently (CASES.md 2.2) and the checks follow each one's own convention:
``init_utils``/``opt_utils`` put 1/m into ``dz3``, so ``dW``, ``db`` and ``da`` are derivatives of the
mean cost J; ``reg_utils`` (and ``backward_propagation_n``) put 1/m into ``dW``, ``db`` only, so
``dW``, ``db`` are derivatives of J and ``dA`` of the summed loss ``m * J``. The shipped
``backward_propagation_n`` must fail the check, at ``W2`` and ``b1`` and nowhere else.
"""

from __future__ import annotations

import numpy as np
import pytest

from dnnstep.course2 import gradient_checking, initialization, network, optimization, regularization

from ..course.test_course_gradients import numerical_gradient, relative_difference

BOUND = 1e-7
KINK = 1e-3  # every relu input stays this far from 0, far beyond what a step of H can move it
LAYERS = (3, 4, 3, 1)
PARAMETERS = ("W1", "b1", "W2", "b2", "W3", "b3")


@pytest.fixture
def problem():
    """A small network, data and labels with every relu input away from its kink."""
    rng = np.random.default_rng(5)
    m = 7
    while True:
        X = rng.standard_normal((LAYERS[0], m))
        parameters = {}
        for l in range(1, 4):
            parameters[f"W{l}"] = rng.standard_normal((LAYERS[l], LAYERS[l - 1])) * 0.8
            parameters[f"b{l}"] = rng.standard_normal((LAYERS[l], 1)) * 0.3
        Y = (rng.random((1, m)) > 0.5).astype(float)
        Y[0, :2] = [0.0, 1.0]
        _, cache = network.forward_propagation(X, parameters)
        z1, z2 = cache[0], cache[4]
        if np.abs(z1).min() > KINK and np.abs(z2).min() > KINK and (z2 > 0).any():
            return X, Y, parameters


def _check_parameters(J, parameters, grads) -> dict[str, float]:
    """Each parameter's relative difference between its analytic and numerical gradient."""
    return {name: relative_difference(numerical_gradient(J, parameters[name]), grads["d" + name]) for name in PARAMETERS}


def _hidden_cost(parameters, Y, cost):
    """J as a function of A1, the first hidden layer's activation (for the dA checks)."""
    def J_of(A1):
        z2 = np.dot(parameters["W2"], A1) + parameters["b2"]
        a3 = network.sigmoid(np.dot(parameters["W3"], network.relu(z2)) + parameters["b3"])
        return cost(a3, Y)
    return J_of


def test_init_utils_backward(problem) -> None:
    X, Y, parameters = problem
    a3, cache = initialization.forward_propagation(X, parameters)
    grads = initialization.backward_propagation(X, Y, cache)
    J = lambda: initialization.compute_loss(initialization.forward_propagation(X, parameters)[0], Y)  # noqa: E731
    assert max(_check_parameters(J, parameters, grads).values()) < BOUND
    A1 = cache[1].copy()
    J_of = _hidden_cost(parameters, Y, initialization.compute_loss)
    assert relative_difference(numerical_gradient(lambda: J_of(A1), A1), grads["da1"]) < BOUND


def test_opt_utils_backward_with_the_summed_cost(problem) -> None:
    """2019+: ``compute_cost`` is a sum; the model divides by m, so the gradients are of ``sum / m``."""
    X, Y, parameters = problem
    m = X.shape[1]
    a3, cache = optimization.forward_propagation(X, parameters)
    grads = optimization.backward_propagation(X, Y, cache)
    J = lambda: optimization.compute_cost(optimization.forward_propagation(X, parameters)[0], Y) / m  # noqa: E731
    assert max(_check_parameters(J, parameters, grads).values()) < BOUND
    J17 = lambda: optimization.compute_cost(optimization.forward_propagation(X, parameters)[0], Y,  # noqa: E731
                                            edition="2017")
    assert max(_check_parameters(J17, parameters, grads).values()) < BOUND


def test_reg_utils_backward(problem) -> None:
    X, Y, parameters = problem
    m = X.shape[1]
    a3, cache = regularization.forward_propagation(X, parameters)
    grads = regularization.backward_propagation(X, Y, cache)
    J = lambda: regularization.compute_cost(regularization.forward_propagation(X, parameters)[0], Y)  # noqa: E731
    assert max(_check_parameters(J, parameters, grads).values()) < BOUND
    A1 = cache[1].copy()
    J_of = _hidden_cost(parameters, Y, regularization.compute_cost)
    assert relative_difference(m * numerical_gradient(lambda: J_of(A1), A1), grads["dA1"]) < BOUND


def test_backward_with_regularization(problem) -> None:
    X, Y, parameters = problem
    lambd = 0.7
    _, cache = regularization.forward_propagation(X, parameters)
    grads = regularization.backward_propagation_with_regularization(X, Y, cache, lambd)

    def J():
        a3, _ = regularization.forward_propagation(X, parameters)
        return regularization.compute_cost_with_regularization(a3, Y, parameters, lambd)

    assert max(_check_parameters(J, parameters, grads).values()) < BOUND
    plain = regularization.backward_propagation(X, Y, cache)
    assert not np.allclose(plain["dW1"], grads["dW1"])  # the L2 term is really there


@pytest.mark.parametrize("keep_prob", [0.86, 0.5])
def test_backward_with_dropout(problem, keep_prob) -> None:
    """The course's masks are the same on every call (seeded inside), so J is a function of the parameters."""
    X, Y, parameters = problem
    _, cache = regularization.forward_propagation_with_dropout(X, parameters, keep_prob)
    grads = regularization.backward_propagation_with_dropout(X, Y, cache, keep_prob)
    # keep the masked-out units' kinks out of the way too
    assert np.abs(cache[0]).min() > KINK and np.abs(cache[5]).min() > KINK

    def J():
        a3, _ = regularization.forward_propagation_with_dropout(X, parameters, keep_prob)
        return regularization.compute_cost(a3, Y)

    assert max(_check_parameters(J, parameters, grads).values()) < BOUND
    assert not cache[1].all() or not cache[6].all(), "the masks drop something"


def test_gradient_checking_backward_n(problem) -> None:
    X, Y, parameters = problem
    _, cache = gradient_checking.forward_propagation_n(X, Y, parameters)
    J = lambda: gradient_checking.forward_propagation_n(X, Y, parameters)[0]  # noqa: E731
    fixed = _check_parameters(J, parameters, gradient_checking.backward_propagation_n_fixed(X, Y, cache))
    assert max(fixed.values()) < BOUND
    shipped = _check_parameters(J, parameters, gradient_checking.backward_propagation_n(X, Y, cache))
    assert {name for name, difference in shipped.items() if difference > 1e-3} == {"W2", "b1"}


def test_one_dimensional_backward() -> None:
    x, theta = 2.5, -1.5
    box = np.array([theta])
    numerical = numerical_gradient(lambda: gradient_checking.forward_propagation(x, box[0]), box)
    assert abs(numerical[0] - gradient_checking.backward_propagation(x, theta)) < 1e-8

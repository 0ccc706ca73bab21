"""Finite-difference checks of the course's backward functions against ``compute_cost``.

The course's gradients follow its own scaling: ``dW`` and ``db`` are derivatives of the cost
``J = -1/m * sum(...)``, while ``dA`` and ``dA_prev`` are derivatives of the summed loss ``m * J``
(``dAL = -(Y/AL - (1-Y)/(1-AL))`` carries no ``1/m``). So ``dW ~ dJ/dW``, ``db ~ dJ/db`` and
``dA_prev ~ m * dJ/dA_prev``, each compared with a centered difference of ``compute_cost``.
"""

from __future__ import annotations

import numpy as np
import pytest

from dnnstep.course import (
    L_model_backward,
    L_model_forward,
    compute_cost,
    linear_activation_backward,
    linear_activation_forward,
    sigmoid,
)

H = 1e-5
BOUND = 1e-7
KINK = 1e-3  # relu layers must keep |Z| above this, far beyond what a step of H can move it


def numerical_gradient(J, x: np.ndarray) -> np.ndarray:
    """Centered differences of the scalar function ``J()`` with respect to every entry of ``x`` (in place)."""
    grad = np.zeros_like(x)
    for index in np.ndindex(*x.shape):
        saved = x[index]
        x[index] = saved + H
        plus = float(J())
        x[index] = saved - H
        minus = float(J())
        x[index] = saved
        grad[index] = (plus - minus) / (2 * H)
    return grad


def relative_difference(numerical: np.ndarray, analytic: np.ndarray) -> float:
    return float(np.linalg.norm(numerical - analytic) / (np.linalg.norm(numerical) + np.linalg.norm(analytic)))


def labels(rng: np.random.Generator, m: int) -> np.ndarray:
    Y = (rng.random((1, m)) > 0.5).astype(float)
    Y[0, :2] = [0.0, 1.0]  # both classes present
    return Y


def test_linear_activation_backward_sigmoid_matches_finite_differences() -> None:
    rng = np.random.default_rng(7)
    m = 6
    A_prev = rng.standard_normal((4, m))
    W = rng.standard_normal((1, 4)) * 0.5
    b = rng.standard_normal((1, 1))
    Y = labels(rng, m)

    def J():
        AL, _ = linear_activation_forward(A_prev, W, b, "sigmoid")
        return compute_cost(AL, Y)

    AL, cache = linear_activation_forward(A_prev, W, b, "sigmoid")
    dAL = -(Y / AL - (1 - Y) / (1 - AL))  # derivative of the summed loss with respect to AL
    dA_prev, dW, db = linear_activation_backward(dAL, cache, "sigmoid")

    assert relative_difference(numerical_gradient(J, W), dW) < BOUND
    assert relative_difference(numerical_gradient(J, b), db) < BOUND
    assert relative_difference(m * numerical_gradient(J, A_prev), dA_prev) < BOUND


def test_linear_activation_backward_relu_matches_finite_differences() -> None:
    """A relu layer under a fixed sigmoid output layer; its dA is W2.T (AL - Y), derived by hand."""
    rng = np.random.default_rng(11)
    m = 6
    A_prev = rng.standard_normal((3, m))
    W1 = rng.standard_normal((5, 3))
    b1 = rng.standard_normal((5, 1)) * 0.1
    W2 = rng.standard_normal((1, 5)) * 0.5
    b2 = np.array([[0.1]])
    Y = labels(rng, m)

    def J():
        A1, _ = linear_activation_forward(A_prev, W1, b1, "relu")
        AL, _ = sigmoid(np.dot(W2, A1) + b2)
        return compute_cost(AL, Y)

    A1, cache1 = linear_activation_forward(A_prev, W1, b1, "relu")
    Z1 = cache1[1]
    assert np.abs(Z1).min() > KINK, "test data sits on a relu kink; pick another seed"
    assert (Z1 < 0).any() and (Z1 > 0).any(), "test data should have both live and dead relu units"
    AL, _ = sigmoid(np.dot(W2, A1) + b2)
    dA1 = np.dot(W2.T, AL - Y)  # sigmoid + cross-entropy: d(sum of losses)/dZ2 = AL - Y
    dA_prev, dW1, db1 = linear_activation_backward(dA1, cache1, "relu")

    assert relative_difference(numerical_gradient(J, W1), dW1) < BOUND
    assert relative_difference(numerical_gradient(J, b1), db1) < BOUND
    assert relative_difference(m * numerical_gradient(J, A_prev), dA_prev) < BOUND


def small_network(seed: int, layer_dims: list[int], m: int):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((layer_dims[0], m))
    parameters = {}
    for l in range(1, len(layer_dims)):
        parameters["W" + str(l)] = rng.standard_normal((layer_dims[l], layer_dims[l - 1])) / np.sqrt(layer_dims[l - 1])
        parameters["b" + str(l)] = rng.standard_normal((layer_dims[l], 1)) * 0.1
    return X, labels(rng, m), parameters


def tail_parameters(parameters: dict, first: int, L: int) -> dict:
    """Layers first+1 .. L renumbered 1 .. L-first, so L_model_forward runs the rest of the network."""
    return {
        name + str(l - first): parameters[name + str(l)] for l in range(first + 1, L + 1) for name in ("W", "b")
    }


@pytest.mark.parametrize(
    ("seed", "layer_dims", "m"),
    [
        pytest.param(5, [4, 5, 3, 1], 7, id="4-5-3-1"),
        pytest.param(8, [3, 6, 4, 4, 1], 5, id="3-6-4-4-1"),
        pytest.param(2, [2, 1], 4, id="logistic-2-1"),
    ],
)
def test_L_model_backward_matches_finite_differences(seed: int, layer_dims: list[int], m: int) -> None:
    X, Y, parameters = small_network(seed, layer_dims, m)
    L = len(layer_dims) - 1

    AL, caches = L_model_forward(X, parameters)
    for cache in caches[:-1]:
        assert np.abs(cache[1]).min() > KINK, "test data sits on a relu kink; pick another seed"
    grads = L_model_backward(AL, Y, caches)

    def J():
        return compute_cost(L_model_forward(X, parameters)[0], Y)

    for l in range(1, L + 1):
        for name in ("W", "b"):
            numerical = numerical_gradient(J, parameters[name + str(l)])
            assert relative_difference(numerical, grads["d" + name + str(l)]) < BOUND, f"d{name}{l}"

    assert relative_difference(m * numerical_gradient(J, X), grads["dA0"]) < BOUND, "dA0"

    # dA[l] for the hidden layers: perturb A[l] and run the rest of the network from it.
    for l in range(1, L):
        A_l = np.array(caches[l][0][0], copy=True)  # A[l], the input of layer l+1
        rest = tail_parameters(parameters, l, L)

        def J_from(A_l=A_l, rest=rest):
            return compute_cost(L_model_forward(A_l, rest)[0], Y)

        assert relative_difference(m * numerical_gradient(J_from, A_l), grads["dA" + str(l)]) < BOUND, f"dA{l}"

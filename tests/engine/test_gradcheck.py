"""Gradient checking: the engine's backward steps against finite differences of J.

The numeric side is itself checked against a plain centered difference computed here,
so a passing gradient check means something.
"""

from __future__ import annotations

import numpy as np
import pytest

from dnnstep.engine import Session, activations, layers
from dnnstep.engine.gradcheck import (
    THRESHOLD,
    gradcheck_all,
    gradcheck_layer,
    numeric_gradient,
    relative_difference,
)
from dnnstep.scenario.model import Scenario

HIDDEN = ("relu", "sigmoid", "tanh", "leaky_relu")


def network(dims=(2, 3, 5, 4, 2, 1), hidden="relu", *, scale=0.01, seed=3, m=9, iterations=4, name="gc"):
    """A seeded network: ``randn * scale`` weights, small random biases, random 0/1 labels."""
    rs = np.random.RandomState(seed)
    parameters = {}
    for l in range(1, len(dims)):
        parameters[f"W{l}"] = rs.randn(dims[l], dims[l - 1]) * scale
        parameters[f"b{l}"] = rs.randn(dims[l], 1) * scale
    X = rs.randn(dims[0], m)
    Y = (rs.rand(1, m) > 0.5).astype(float)
    Y[0, :2] = [0.0, 1.0]  # both labels present
    acts = (hidden,) * (len(dims) - 2) + ("sigmoid",)
    return Scenario(name, tuple(dims), acts, parameters, 0.5, iterations, X, Y)


def plain_cost(parameters, X, Y, acts, slope=0.01):
    """J by the textbook formulas, written here independently of the engine and the check."""
    A = X
    for l, g in enumerate(acts, 1):
        Z = parameters[f"W{l}"] @ A + parameters[f"b{l}"]
        if g == "relu":
            A = np.maximum(Z, 0)
        elif g == "leaky_relu":
            A = np.where(Z > 0, Z, slope * Z)
        elif g == "tanh":
            A = np.tanh(Z)
        else:
            A = 1 / (1 + np.exp(-Z))
    return float(-np.mean(Y * np.log(A) + (1 - Y) * np.log(1 - A)))


@pytest.mark.parametrize("hidden", HIDDEN)
@pytest.mark.parametrize("scale", [0.01, 1.0])
def test_every_backward_step_passes(hidden, scale):
    session = Session(network(hidden=hidden, scale=scale))
    for iteration in (0, 3):
        results = gradcheck_all(session, iteration)
        assert [r.layer for r in results] == [1, 2, 3, 4, 5]
        for result in results:
            assert result.ok, result.summary()
            assert result.forward_problem is None
            for check in result.checks:
                assert check.difference < THRESHOLD
                assert check.checked == check.total == int(np.prod(check.shape))
                assert not check.kinks


@pytest.mark.parametrize("hidden", HIDDEN)
def test_numeric_side_is_the_centered_difference_of_J(hidden):
    # With weights of scale 1 the gradients are O(0.01..1), where a plain float64
    # centered difference with ε = 1e-5 is good to about 1e-9 relative.
    scenario = network(hidden=hidden, scale=1.0, seed=7)
    parameters = {k: np.array(v) for k, v in scenario.parameters.items()}
    for layer in (1, 3, 5):
        for name, key in (("dW", f"W{layer}"), ("db", f"b{layer}")):
            numeric, kinks = numeric_gradient(parameters, scenario.X, scenario.Y, scenario.activations,
                                              layer, name, epsilon=1e-5)
            plain = []
            for index in np.ndindex(*parameters[key].shape):
                plus = {k: v.copy() for k, v in parameters.items()}
                minus = {k: v.copy() for k, v in parameters.items()}
                plus[key][index] += 1e-5
                minus[key][index] -= 1e-5
                plain.append((plain_cost(plus, scenario.X, scenario.Y, scenario.activations)
                              - plain_cost(minus, scenario.X, scenario.Y, scenario.activations)) / 2e-5)
            assert relative_difference(numeric, np.array(plain)) < 1e-6, (hidden, key)
            assert not any(kinks)


def test_relative_difference_is_the_course_formula():
    assert relative_difference(np.array([3.0, 4.0]), np.array([3.0, 4.0])) == 0.0
    assert relative_difference(np.array([1.0, 0.0]), np.array([0.0, 0.0])) == 1.0
    # ||(0, 1)|| / (||(3, 4)|| + ||(3, 3)||) = 1 / (5 + 3 sqrt 2)
    assert relative_difference(np.array([3.0, 4.0]), np.array([3.0, 3.0])) == pytest.approx(1 / (5 + 3 * 2 ** 0.5))
    assert relative_difference(np.zeros(3), np.zeros(3)) == 0.0


def test_a_slightly_wrong_dW_fails(monkeypatch):
    right = layers.parameter_gradients

    def off_by_a_millionth(dZ, A_prev):
        dW, db = right(dZ, A_prev)
        return dW * (1 + 1e-6), db

    monkeypatch.setattr(layers, "parameter_gradients", off_by_a_millionth)
    result = gradcheck_layer(Session(network(hidden="tanh", scale=1.0)), 0, 2)
    assert not result.ok
    assert not result["dW"].ok and result["db"].ok
    # ||1e-6 g|| / ((2 + 1e-6) ||g||) = 5e-7
    assert result["dW"].difference == pytest.approx(5e-7, rel=1e-3)
    text = result.summary()
    assert "FAILED" in text and "dW[2] (5, 3)" in text and "worst element" in text


def test_a_missing_one_over_m_fails(monkeypatch):
    def without_one_over_m(dZ, A_prev):
        return np.dot(dZ, A_prev.T), np.sum(dZ, axis=1, keepdims=True)

    monkeypatch.setattr(layers, "parameter_gradients", without_one_over_m)
    scenario = network(hidden="relu")
    result = gradcheck_layer(Session(scenario), 0, 5)
    assert not result.ok
    check = result["dW"]
    m = scenario.m
    # grad = m * approx: ||(m - 1) a|| / ((m + 1) ||a||)
    assert check.difference == pytest.approx((m - 1) / (m + 1), rel=1e-6)
    assert check.worst_analytic == pytest.approx(m * check.worst_numeric, rel=1e-6)


def test_relu_masked_on_the_wrong_side_fails(monkeypatch):
    right = activations.backward

    def masked_where_positive(activation, dA, Z, leaky_slope=0.01):
        if activation == "relu":
            return dA * (Z <= 0)
        return right(activation, dA, Z, leaky_slope)

    monkeypatch.setattr(activations, "backward", masked_where_positive)
    results = gradcheck_all(Session(network(hidden="relu", scale=1.0)), 0)
    assert results[-1].ok  # the sigmoid output layer's own gradients are still right
    assert not results[0].ok and not results[3].ok


def test_a_forward_pass_that_differs_is_reported(monkeypatch):
    right = activations.forward

    def nudged(activation, Z, leaky_slope=0.01):
        return right(activation, Z, leaky_slope) * (1 + 1e-9)

    monkeypatch.setattr(activations, "forward", nudged)
    result = gradcheck_layer(Session(network()), 0, 1)
    assert not result.ok
    assert "disagrees with the engine" in result.forward_problem
    assert result.forward_problem in result.summary()


def test_a_large_layer_is_checked_on_a_seeded_sample():
    scenario = network(dims=(300, 20, 7, 1), hidden="relu", m=15)
    session = Session(scenario)
    result = gradcheck_layer(session, 0, 1, max_elements=200, seed=5)
    check = result["dW"]
    assert result.ok, result.summary()
    assert (check.checked, check.total, check.sampled) == (200, 6000, True)
    assert len(set(check.indices)) == 200
    assert "sample of 200 of 6000 elements" in result.summary()
    assert not result["db"].sampled
    # The difference is over the sample: recompute it from the engine's dW at those elements.
    backward_1 = session.goto(iteration=0, phase="backward", layer=1).tensors["dW"]
    analytic = np.array([backward_1[i] for i in check.indices])
    assert np.array_equal(analytic, check.analytic)
    assert check.difference == relative_difference(analytic, check.numeric)
    again = gradcheck_layer(session, 0, 1, max_elements=200, seed=5)
    assert again["dW"].indices == check.indices


def test_relu_kinks_are_detected_and_reported():
    # Z[1][0, 0] is exactly 0: W1 row 0 is (1, -1), b1[0] = 0 and X's first column is (0.5, 0.5).
    rs = np.random.RandomState(0)
    parameters = {
        "W1": np.array([[1.0, -1.0], [0.3, 0.8], [-0.5, 0.4]]), "b1": np.zeros((3, 1)),
        "W2": rs.randn(1, 3), "b2": np.zeros((1, 1)),
    }
    X = np.array([[0.5, 1.0, -0.7, 0.2], [0.5, -0.3, 0.4, 0.9]])
    Y = np.array([[1.0, 0.0, 1.0, 0.0]])
    scenario = Scenario("kink", (2, 3, 1), ("relu", "sigmoid"), parameters, 0.1, 2, X, Y)
    result = gradcheck_layer(Session(scenario), 0, 1)
    dW, db = result["dW"], result["db"]
    assert (0, 0) in dW.kinks and (0, 1) in dW.kinks and db.kinks == ((0, 0),)
    # Across the kink the secant takes half of relu's slope on one side while the course's
    # relu' is 0 at Z = 0: the course's difference is over the threshold, and the result
    # says that only the kinks make it so.
    assert dW.difference >= THRESHOLD and db.difference >= THRESHOLD
    assert dW.difference_without_kinks < THRESHOLD
    assert dW.verdict == "kinks" and result.ok
    assert db.verdict == "kinks"
    text = result.summary()
    # The summary leads with what was compared away from the kinks and passed; the kinks are shown apart.
    compared = dW.checked - len(dW.kinks)
    assert (f"dW[1] (3, 2): relative difference {dW.difference_without_kinks:.3e} over the {compared} of "
            f"{dW.checked} elements away from relu kinks (< {THRESHOLD:g}) ok") in text
    assert f"apart: {len(dW.kinks)} of {dW.checked} elements moved some Z across a relu kink" in text
    assert "[0, 0], [0, 1]" in text
    assert f"relative difference {dW.difference:.3e} (" not in text  # the kink-inclusive figure never leads


def test_zeros_initialisation_is_all_kinks_and_says_so():
    scenario = network(scale=0.0)
    check = gradcheck_layer(Session(scenario), 0, 1)["dW"]
    assert len(check.kinks) == check.checked == 6  # every Z[1] is 0: any ±ε crosses
    assert check.summary().startswith(
        "dW[1] (3, 2): nothing compared: every checked element crossed a relu kink under ±ε (not a failure")


def test_a_kink_does_not_excuse_a_wrong_gradient_elsewhere(monkeypatch):
    right = layers.parameter_gradients

    def off(dZ, A_prev):
        dW, db = right(dZ, A_prev)
        return dW * 1.001, db

    monkeypatch.setattr(layers, "parameter_gradients", off)
    rs = np.random.RandomState(0)
    parameters = {"W1": np.array([[1.0, -1.0], [0.3, 0.8]]), "b1": np.zeros((2, 1)),
                  "W2": rs.randn(1, 2), "b2": np.zeros((1, 1))}
    X = np.array([[0.5, 1.0, -0.7], [0.5, -0.3, 0.4]])
    scenario = Scenario("kink", (2, 2, 1), ("relu", "sigmoid"), parameters, 0.1, 2, X, np.array([[1.0, 0.0, 1.0]]))
    check = gradcheck_layer(Session(scenario), 0, 1)["dW"]
    assert check.kinks and check.verdict == "failed"


def test_a_gradient_that_is_only_rounding_noise_is_judged_by_the_rounding_bound():
    # Every A[4] is 0 (dead relu units), so AL = sigmoid(0) = 0.5 for every example, and with
    # balanced labels J is symmetric in b5: the true db5 is 0, the engine's is exactly 0, and
    # the finite difference is float64 noise. The course's formula gives 1, which means nothing.
    scenario = network(scale=0.01, seed=0, m=10)
    parameters = dict(scenario.parameters)
    parameters["b5"] = np.zeros((1, 1))
    Y = np.array([[0.0, 1.0] * 5])
    scenario = Scenario("noise", scenario.layer_dims, scenario.activations, parameters, 0.5, 2, scenario.X, Y)
    session = Session(scenario)
    assert not np.any(session.step(0, 3).tensors["A"])  # A[4] is all zeros
    check = gradcheck_layer(session, 0, 5)["db"]
    assert check.worst_analytic == 0.0 and check.worst_numeric != 0.0
    assert check.difference == 1.0
    assert abs(check.worst_numeric) <= check.rounding[0] < 1e-13
    assert check.verdict == "rounding" and check.ok
    assert "within float64 rounding" in check.summary()


def test_gradcheck_rejects_a_layer_outside_the_network():
    with pytest.raises(ValueError, match="outside 1..5"):
        gradcheck_layer(Session(network()), 0, 6)


def test_the_sweep_gives_the_same_numbers_whatever_its_batch():
    # One perturbation at a time (a batch of one lane) and all of them at once agree.
    from dnnstep.engine.secant import Network, Request

    scenario = network(hidden="leaky_relu", scale=1.0, seed=5)
    net = Network(scenario.parameters, scenario.X, scenario.Y, scenario.activations, scenario.leaky_slope)
    requests = [Request(l, name, np.array(list(np.ndindex(*scenario.parameters[f"{name[1]}{l}"].shape))))
                for l in range(1, scenario.L + 1) for name in ("dW", "db")]
    together = net.secants(requests, 1e-7)
    alone = net.secants(requests, 1e-7, batch_bytes=1)
    for (a, ka), (b, kb) in zip(together, alone):
        np.testing.assert_allclose(a, b, rtol=1e-12, atol=0)
        assert np.array_equal(ka, kb)
    for request, (values, _) in zip(requests, together):
        if request.layer in (1, 4):  # and each equals numeric_gradient, one gradient at a time
            expected, _ = numeric_gradient(dict(scenario.parameters), scenario.X, scenario.Y, scenario.activations,
                                           request.layer, request.name, leaky_slope=scenario.leaky_slope)
            np.testing.assert_allclose(values, expected, rtol=1e-12, atol=0)


def test_a_wrong_dW_fails_on_every_layer_of_a_deep_network(monkeypatch):
    right = layers.parameter_gradients

    def off(dZ, A_prev):
        dW, db = right(dZ, A_prev)
        return dW * (1 + 1e-5), db

    dims = (2,) + (3,) * 30 + (1,)
    assert all(r.ok for r in gradcheck_all(Session(network(dims=dims, hidden="tanh", scale=1.0)), 0))
    monkeypatch.setattr(layers, "parameter_gradients", off)
    results = gradcheck_all(Session(network(dims=dims, hidden="tanh", scale=1.0)), 0)
    assert [r["dW"].ok for r in results] == [False] * 31
    assert all(r["db"].ok for r in results)


def test_every_element_of_a_wide_layer_when_asked():
    session = Session(network(dims=(40, 30, 1), hidden="relu", m=6))
    sampled = gradcheck_layer(session, 0, 1, max_elements=100)
    everything = gradcheck_layer(session, 0, 1, max_elements=None)
    assert (sampled["dW"].checked, everything["dW"].checked, everything["dW"].total) == (100, 1200, 1200)
    assert everything.ok and not everything["dW"].sampled


def test_progress_is_reported_up_to_the_whole():
    calls = []
    gradcheck_all(Session(network()), 0, progress=lambda done, total: calls.append((done, total)))
    total = calls[0][1]
    # the Z of every unit of layer l is moved, and passes layers l..5: sum of n[l] x (6 - l)
    dims = (2, 3, 5, 4, 2, 1)
    assert total == sum(dims[l] * (6 - l) for l in range(1, 6)) == 52
    assert calls[0] == (0, total) and calls[-1] == (total, total)
    assert [d for d, _ in calls] == sorted(d for d, _ in calls)

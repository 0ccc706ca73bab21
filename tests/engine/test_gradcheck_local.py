"""Gradient checks that stay linear in depth: local checks of each backward step, the end-to-end
check of J on a budget from the top layer down, and a wrong step found at its layer either way.

The numeric side of the local check is itself checked against plain centred differences of
the layer's f computed here, so a passing local check means something.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from dnnstep.engine import Session, activations, layers
from dnnstep.engine.gradcheck import END_TO_END, LOCAL, THRESHOLD, gradcheck_all, gradcheck_layer, relative_difference
from dnnstep.engine.gradcheck_report import overview, where_to_look
from dnnstep.engine.local_secant import BackwardStep
from dnnstep.engine.step import step_index
from dnnstep.scenario.model import Scenario

from .test_gradcheck import HIDDEN, network

# 51 layers of 4 units but layer 26, which has 5: a middle layer a mistake can be put into
# by its shape alone (its W is the only (5, 4) one, its Z the only one with 5 rows).
DEEP = (2,) + (4,) * 25 + (5,) + (4,) * 24 + (1,)
MIDDLE = 26


def alive(dims=DEEP, hidden="relu", *, m=20, seed=0):
    """A deep network whose relu units live: W near the identity, biases near 0.1, a small output layer."""
    rs = np.random.RandomState(seed)
    parameters = {}
    for l in range(1, len(dims)):
        parameters[f"W{l}"] = np.eye(dims[l], dims[l - 1]) + 0.1 * rs.randn(dims[l], dims[l - 1])
        parameters[f"b{l}"] = 0.1 + 0.1 * rs.randn(dims[l], 1)
    parameters[f"W{len(dims) - 1}"] *= 0.05
    X = rs.randn(dims[0], m)
    Y = (rs.rand(1, m) > 0.5).astype(float)
    Y[0, :2] = [0.0, 1.0]
    acts = (hidden,) * (len(dims) - 2) + ("sigmoid",)
    return Scenario("alive", tuple(dims), acts, parameters, 0.1, 2, X, Y)


def plain_g(activation, Z, slope=0.01):
    return {"relu": lambda: np.maximum(Z, 0), "leaky_relu": lambda: np.where(Z > 0, Z, slope * Z),
            "tanh": lambda: np.tanh(Z), "sigmoid": lambda: 1 / (1 + np.exp(-Z))}[activation]()


@pytest.mark.parametrize("hidden", HIDDEN)
def test_local_numeric_side_is_the_centered_difference_of_f(hidden):
    # f(W, b, A_prev) = Σ dA * g(W A_prev + b) / m with the step's own dA, written out plainly;
    # dW = ∂f/∂W, db = ∂f/∂b, dA_prev = m ∂f/∂A_prev. ε = 1e-5 on gradients of scale 1: a
    # plain float64 difference is good to about 1e-9 relative.
    scenario = network(hidden=hidden, scale=1.0, seed=7)
    session = Session(scenario)
    for layer in (1, 3, 5):
        tensors = session.step(0, step_index(scenario.L, "backward", layer)).tensors
        step = BackwardStep.of(scenario.activations[layer - 1], tensors, scenario.leaky_slope)
        W, b, A_prev = step.W, np.asarray(scenario.parameters[f"b{layer}"], dtype=float), step.A_prev

        def f(W=W, b=b, A_prev=A_prev):
            return np.sum(step.dA * plain_g(step.activation, W @ A_prev + b)) / step.m

        for name, value, scale in (("dW", W, 1), ("db", b, 1), ("dA_prev", A_prev, step.m)):
            indices = np.array(list(np.ndindex(*value.shape)))
            numeric, kinks = step.secants(name, indices, 1e-5)
            plain = []
            for index in map(tuple, indices):
                plus, minus = value.copy(), value.copy()
                plus[index] += 1e-5
                minus[index] -= 1e-5
                key = {"dW": "W", "db": "b", "dA_prev": "A_prev"}[name]
                plain.append(scale * (f(**{key: plus}) - f(**{key: minus})) / 2e-5)
            assert relative_difference(numeric, np.array(plain)) < 1e-6, (hidden, layer, name)
            assert relative_difference(numeric, np.asarray(tensors[name]).ravel()) < THRESHOLD
            assert not kinks.any()


@pytest.mark.parametrize("hidden", HIDDEN)
@pytest.mark.parametrize("scale", [0.01, 1.0])
def test_every_backward_step_passes_locally_and_agrees_with_J(hidden, scale):
    session = Session(network(hidden=hidden, scale=scale))
    local = gradcheck_all(session, 0, end_to_end_budget=0)
    whole = gradcheck_all(session, 0, end_to_end_budget=None)
    # the output layer is always checked against J: it is one layer's work either way
    assert [r.kind for r in local] == [LOCAL] * 4 + [END_TO_END] and [r.kind for r in whole] == [END_TO_END] * 5
    for result, course in zip(local, whole):
        assert result.ok, result.summary()
        names = [c.name for c in result.checks]
        # only the highest local layer's dA has no local check above it: it is checked against J
        assert names == {4: ["dW", "db", "dA_prev", "dA"], 5: ["dW", "db"]}.get(result.layer, ["dW", "db", "dA_prev"])
        assert all(c.verdict == "ok" for c in result.checks), result.summary()
        for name in ("dW", "db"):  # the two kinds of numeric side agree with each other
            assert relative_difference(result[name].numeric, course[name].numeric) < THRESHOLD
    assert local[3]["dA"].label == "dA[4]" and local[3]["dA"].kind == END_TO_END
    assert local[0]["dA_prev"].label == "dA[0]" and local[0]["dA_prev"].kind == LOCAL


def test_a_saturated_output_is_judged_against_J_even_with_no_budget():
    # randn * 10: AL is 1 - 1e-10 for some examples; dAL = (1 - y) / (1 - AL) then carries
    # float64's rounding of 1 - AL (1e-6 relative), which the course's dZ = dAL σ'(Z) cancels.
    # Checked locally with that dAL held fixed the output layer would look wrong; against J
    # it is right, and the dA[2] it passes down is right against J too.
    scenario = network(dims=(2, 10, 5, 1), hidden="sigmoid", scale=10.0, seed=1, m=40)
    session = Session(scenario)
    AL = session.step(0, step_index(3, "forward", 3)).tensors["A"]
    assert (1 - AL).min() < 1e-8
    results = gradcheck_all(session, 0, end_to_end_budget=0)
    assert [r.kind for r in results] == [LOCAL, LOCAL, END_TO_END]
    assert all(r.ok for r in results), "\n".join(r.summary() for r in results)
    assert results[1]["dA"].label == "dA[2]" and results[1]["dA"].ok


def test_each_layer_says_which_kind_of_check_it_got():
    session = Session(network())
    local = gradcheck_layer(session, 0, 3, end_to_end_budget=0).summary().splitlines()  # 3 of 5
    assert local[1] == ("  checked locally against the dA[3] that backprop passed down: dW[3], db[3] and dA[2] "
                        "against centred differences of Σ dA[3] * g(W[3] A[2] + b[3]) / m with dA[3] held fixed "
                        "(this backward step alone); dA[3] itself is checked against J end to end (last below)")
    assert local[-2].startswith("  dA[3] (4, 9): relative difference ")
    course = gradcheck_layer(session, 0, 3).summary().splitlines()
    assert course[1] == ("  checked against J end to end (the course's check): dW[3] and db[3] against centred "
                         "differences of the cost J, through every layer above")
    chained = gradcheck_all(session, 0, end_to_end_budget=0)[1].summary()
    assert "dA[2] itself is checked by layer 3's local check (its dA[2])" in chained


def test_the_layers_checked_against_J_do_not_grow_with_the_depth():
    # The budget buys the same top layers whatever lies below them, so the end-to-end work is
    # bounded and the rest (local, one layer's work each) grows linearly with the depth.
    kinds = {}
    for depth in (60, 120):
        scenario = network(dims=(2,) + (4,) * depth + (1,), hidden="tanh", scale=0.5, m=10)
        results = gradcheck_all(Session(scenario), 0, end_to_end_budget=100_000)
        assert all(r.ok for r in results)
        kinds[depth] = [r.kind for r in results]
    top = kinds[60].count(END_TO_END)
    assert 3 <= top < 60 and kinds[120].count(END_TO_END) == top
    for depth, row in kinds.items():  # the end-to-end layers are the top ones
        assert row == [LOCAL] * (depth + 1 - top) + [END_TO_END] * top
    results = gradcheck_all(Session(network(dims=(2,) + (4,) * 60 + (1,), hidden="tanh", scale=0.5, m=10)), 0,
                            end_to_end_budget=100_000)
    seam = 61 - top
    assert results[seam - 1].get("dA") is not None and results[seam - 2].get("dA") is None
    assert overview(results) == (f"layers 1-{seam} checked locally, each against the dA that backprop passed down "
                                 f"(dA[{seam}] checked against J end to end); layers {seam + 1}-61 checked against "
                                 f"J end to end")


def flip_the_sign_of_dA_passed_down_by_the_middle_layer(monkeypatch):
    right = layers.linear_backward

    def flipped(dZ, A_prev, W):
        dA_prev, dW, db = right(dZ, A_prev, W)
        return (-dA_prev if W.shape == (5, 4) else dA_prev), dW, db

    monkeypatch.setattr(layers, "linear_backward", flipped)


def mask_relu_on_the_wrong_side_in_the_middle_layer(monkeypatch):
    right = activations.backward

    def masked(activation, dA, Z, leaky_slope=0.01):
        if activation == "relu" and Z.shape[0] == 5:
            return dA * (Z < 0)
        return right(activation, dA, Z, leaky_slope)

    monkeypatch.setattr(activations, "backward", masked)


def test_the_deep_network_passes_both_kinds_of_check():
    for budget in (None, 0):
        results = gradcheck_all(Session(alive()), 0, end_to_end_budget=budget)
        assert len(results) == 51 and all(r.ok for r in results), budget
    dZ = Session(alive()).step(0, step_index(51, "backward", MIDDLE)).tensors["dZ"]
    assert np.count_nonzero(dZ) > 50  # the mistakes below have live gradients to spoil


def test_a_sign_flip_in_a_middle_layer_fails_at_that_layer_when_checked_locally(monkeypatch):
    flip_the_sign_of_dA_passed_down_by_the_middle_layer(monkeypatch)
    results = gradcheck_all(Session(alive()), 0, end_to_end_budget=0)
    assert [r.layer for r in results if not r.ok] == [MIDDLE]
    middle = results[MIDDLE - 1]
    assert [c.label for c in middle.checks if not c.ok] == ["dA[25]"]
    assert middle["dA_prev"].difference == pytest.approx(1.0)  # -x against x: ||2x|| / 2||x||
    assert "gradient check of layer 26 at iteration 0 (ε = 1e-07, threshold 1e-07): FAILED" in middle.summary()
    assert where_to_look(results) == (
        "where to look: backward 26 (its dA[25] FAILED); the dW and db of layers 1-25 are computed from its "
        "dA[25] and are wrong too, even where their own steps check out")


def test_a_sign_flip_in_a_middle_layer_fails_below_it_against_J(monkeypatch):
    flip_the_sign_of_dA_passed_down_by_the_middle_layer(monkeypatch)
    results = gradcheck_all(Session(alive()), 0, end_to_end_budget=None)
    # the course's check: every dW and db computed from the flipped dA[25] disagrees with J
    assert [r.layer for r in results if not r.ok] == list(range(1, MIDDLE))
    assert where_to_look(results).startswith(
        "where to look: layer 25 is the highest whose gradients disagree with J, so the mistake is in backward 25 "
        "or in the dA[25] passed down to it")


@pytest.mark.parametrize("budget", [None, 0])
def test_a_wrong_relu_derivative_in_a_middle_layer_is_named(monkeypatch, budget):
    mask_relu_on_the_wrong_side_in_the_middle_layer(monkeypatch)
    results = gradcheck_all(Session(alive()), 0, end_to_end_budget=budget)
    failed = [r.layer for r in results if not r.ok]
    if budget == 0:  # locally, the step itself and nothing else
        assert failed == [MIDDLE]
        assert [c.label for c in results[MIDDLE - 1].checks if not c.ok] == ["dW[26]", "db[26]", "dA[25]"]
        assert where_to_look(results).startswith("where to look: backward 26 (its dW[26], db[26], dA[25] FAILED)")
    else:  # against J, that layer and every one below it, the highest being the one to look at
        assert failed == list(range(1, MIDDLE + 1))
        assert where_to_look(results).startswith("where to look: layer 26 is the highest")


def test_a_wrong_dA_passed_into_the_local_layers_fails_at_the_seam(monkeypatch):
    # Layers 26-51 against J, 1-25 locally: the flipped dA[25] comes from a layer checked
    # against J (whose own dW and db are right), so it is the check of dA[25] against J,
    # made where the local layers start, that fails.
    session = Session(alive())

    def end_to_end_layers(budget):
        return [r.kind for r in gradcheck_all(session, 0, end_to_end_budget=budget)].count(END_TO_END)

    low, high = 0, 1
    while end_to_end_layers(high) < 51 - MIDDLE + 1:
        high *= 2
    while high - low > 1:  # the smallest budget that buys layers 26..51, one layer at a time
        middle = (low + high) // 2
        low, high = (low, middle) if end_to_end_layers(middle) >= 51 - MIDDLE + 1 else (middle, high)
    assert end_to_end_layers(high) == 51 - MIDDLE + 1
    flip_the_sign_of_dA_passed_down_by_the_middle_layer(monkeypatch)
    results = gradcheck_all(Session(alive()), 0, end_to_end_budget=high)
    assert [r.kind for r in results] == [LOCAL] * (MIDDLE - 1) + [END_TO_END] * (51 - MIDDLE + 1)
    assert [r.layer for r in results if not r.ok] == [MIDDLE - 1]
    assert [c.label for c in results[MIDDLE - 2].checks if not c.ok] == ["dA[25]"]
    assert results[MIDDLE - 2]["dA"].kind == END_TO_END
    assert where_to_look(results) == ("where to look: above layer 25: the dA[25] passed down to backward 25 is "
                                      "wrong, and the dW and db of layers 1-25 are computed from it")


def test_a_dA_other_than_the_one_passed_down_fails_the_layer_that_took_it():
    # Backward 3 computed consistently from a dA[3] other than backward 4's dA_prev: its own
    # step checks out, but layer 4's check of the dA[3] it passed down says nothing of this one.
    scenario = network(hidden="tanh", scale=1.0)
    session = Session(scenario)

    class Rewired:
        def __init__(self):
            self.scenario = scenario

        def parameters_at(self, iteration):
            return session.parameters_at(iteration)

        def step(self, iteration, index):
            step = session.step(iteration, index)
            if index != step_index(scenario.L, "backward", 3):
                return step
            t = step.tensors
            dA = np.asarray(t["dA"]) * 2
            dZ = layers.activation_backward("tanh", dA, t["Z"])
            dA_prev, dW, db = layers.linear_backward(dZ, t["A_prev"], t["W"])
            return dataclasses.replace(step, tensors={**t, "dA": dA, "dZ": dZ, "dW": dW, "db": db,
                                                      "dA_prev": dA_prev})

    results = gradcheck_all(Rewired(), 0, end_to_end_budget=0)
    # and backward 2 was not given the dA[2] that backward 3 passed down either
    assert [r.layer for r in results if not r.ok] == [2, 3]
    assert results[1].upstream_problem.startswith("backward 2 was given a dA[2] that is not the one backward 3 passed")
    third = results[2]
    assert all(c.ok for c in third.checks)
    assert third.upstream_problem.startswith(
        "backward 3 was given a dA[3] that is not the one backward 4 passed down: they differ by up to ")
    assert third.upstream_problem in third.summary()
    assert where_to_look(results).startswith("where to look: above layer 3: the dA[3] passed down to backward 3")


def test_progress_of_a_mixed_check_reaches_the_whole():
    calls = []
    scenario = network(dims=(2,) + (4,) * 30 + (1,), hidden="tanh", scale=0.5, m=10)
    results = gradcheck_all(Session(scenario), 0, end_to_end_budget=50_000,
                            progress=lambda d, t: calls.append((d, t)))
    # the whole, in layer passes: each unit moved for the end-to-end layers (and for the dA[s]
    # of the highest local layer s) passes every layer up to L; a local layer moves its own
    # Z and A_prev units through its step alone
    n, L = scenario.layer_dims, len(scenario.layer_dims) - 1
    s = max(r.layer for r in results if r.kind == LOCAL)
    total = (sum(n[l] * (L - l + 1) for l in range(s + 1, L + 1)) + n[s] * (L - s + 1)
             + sum(n[l] + n[l - 1] for l in range(1, s + 1)))
    assert calls[-1] == (total, total) and {t for _, t in calls} == {total}
    assert [d for d, _ in calls] == sorted(d for d, _ in calls)


def test_a_dead_relu_unit_adds_nothing_whatever_the_dA_held_there():
    # Example 0 is dead (Z = -1) and its dA is NaN (a blown-up layer above): the course's relu
    # backward masks it to dZ = 0, so dW = (0 + 1 * 1) / 2; the local secant must agree, not be NaN.
    step = BackwardStep("relu", dA=np.array([[np.nan, 1.0]]), Z=np.array([[-1.0, 2.0]]),
                        A_prev=np.array([[1.0, 1.0]]), W=np.array([[1.0]]), slope=0.01)
    dZ = layers.activation_backward("relu", step.dA, step.Z)
    _, dW, db = layers.linear_backward(dZ, step.A_prev, step.W)
    assert dW[0, 0] == db[0, 0] == 0.5
    for name, index in (("dW", [[0, 0]]), ("db", [[0]])):
        numeric, kinks = step.secants(name, np.array(index), 1e-7)
        assert numeric[0] == pytest.approx(0.5, rel=1e-12) and not kinks[0]
    numeric, _ = step.secants("dA_prev", np.array([[0, 0], [0, 1]]), 1e-7)
    assert numeric[0] == 0.0 and numeric[1] == pytest.approx(1.0, rel=1e-12)

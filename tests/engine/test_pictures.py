"""The numbers under the pictures: cost curve, decision field, gradient health, histogram, ΔW."""

from __future__ import annotations

import numpy as np
import pytest

from dnnstep.engine import Session
from dnnstep.engine.change import update_change
from dnnstep.engine.health import dead_by_layer, norms_by_layer, ratios_by_layer
from dnnstep.engine.pictures import cost_curve, decision_field, histogram, why_no_plane
from dnnstep.engine.step import step_index
from dnnstep.scenario import load_scenario, make_scenario


def five_layer(**options):
    settings = dict(m=20, num_iterations=30, learning_rate=0.5, data="circles", name="five")
    settings.update(options)
    return make_scenario([2, 3, 5, 4, 2, 1], **settings)


def test_the_cost_curve_is_the_sessions_costs_and_grows_as_iterations_are_computed():
    session = Session(five_layer())
    assert cost_curve(session).J.size == 0  # nothing computed, nothing drawn, nothing computed here
    assert session.iterations_computed == 0
    session.goto(6, "cost")
    curve = cost_curve(session)
    assert curve.iterations.tolist() == list(range(7))
    assert curve.J.tolist() == [session.step(i, session.L).scalars["J"] for i in range(7)]
    session.goto(9)
    assert cost_curve(session).J.size == 10
    assert cost_curve(session).first_bad is None


def test_the_cost_curve_names_the_first_iteration_whose_cost_is_not_a_number():
    session = Session(five_layer(learning_rate=100.0, scale=1.0))  # W ~ randn: the cost overflows at once
    session.goto(5)
    curve = cost_curve(session)
    assert curve.first_bad == 2
    assert np.all(np.isfinite(curve.J[:2])) and np.isnan(curve.J[2])


def test_the_decision_field_is_the_forward_pass_on_the_grid():
    scenario = five_layer()
    session = Session(scenario)
    parameters = session.parameters_at(5)
    field = decision_field(parameters, scenario.activations, scenario.X, columns=17, rows=9)
    assert field.AL.shape == (9, 17)
    # the same grid trained on as data: iteration 5's last forward step computes AL on it
    on_grid = make_scenario([2, 3, 5, 4, 2, 1], X=field.grid, Y=np.zeros((1, field.grid.shape[1])),
                            init="explicit", parameters=parameters, num_iterations=1)
    AL = Session(on_grid).goto(0, "forward", 5)["A"]
    assert np.array_equal(field.AL.ravel(), AL.ravel())
    # the grid covers every training point; row 0 is the top (largest x2)
    assert field.x1.min() < scenario.X[0].min() and field.x1.max() > scenario.X[0].max()
    assert field.x2[0] > field.x2[-1] and field.x2[-1] < scenario.X[1].min()
    rows, columns = field.cell_of(scenario.X)
    assert np.all(np.abs(field.x1[columns] - scenario.X[0]) <= (field.x1[1] - field.x1[0]) / 2 + 1e-12)
    assert np.all(np.abs(field.x2[rows] - scenario.X[1]) <= (field.x2[0] - field.x2[1]) / 2 + 1e-12)


def test_there_is_no_decision_field_for_inputs_that_are_not_2d():
    scenario = load_scenario("step_by_step")
    with pytest.raises(ValueError, match="n\\[0\\] = 5 features, not 2"):
        decision_field(scenario.parameters, scenario.activations, scenario.X, 10, 10)
    assert "2-D inputs" in why_no_plane(scenario.X)


@pytest.mark.parametrize("far", [False, True], ids=["traced", "replayed"])
def test_gradient_health_is_the_norm_of_each_backward_steps_dW_and_the_dead_relu_share(far):
    session = Session(five_layer())
    if far:
        session.goto(8)  # iterations 0..7 trained without recording Steps, on the way
    else:
        for i in range(9):
            session.steps(i)
    history = session.health_history
    assert len(history) == session.iterations_computed >= 9
    norms = norms_by_layer(history)
    dead = dead_by_layer(history)
    for i in range(8):
        steps = session.steps(i)
        for l in range(1, session.L + 1):
            backward = steps[step_index(session.L, "backward", l)]
            assert norms[l - 1, i] == np.linalg.norm(backward["dW"])
            update = steps[step_index(session.L, "update", l)]
            expected = update.scalars["learning_rate"] * np.linalg.norm(update["dW"]) / np.linalg.norm(update["W"])
            assert history[i].update_ratios[l - 1] == expected
            assert history[i].update_ratios[l - 1] == pytest.approx(update_change(update).ratio, rel=1e-12)
            A = steps[step_index(session.L, "forward", l)]["A"]
            if session.scenario.activations[l - 1] == "relu":
                units_dead = sum(1 for row in A if not (row > 0).any())
                assert dead[l - 1][i] == units_dead / A.shape[0]
            else:
                assert dead[l - 1] is None


def test_deep_sigmoid_shows_vanishing_gradients_in_layer_1():
    session = Session(load_scenario("deep_sigmoid"))
    session.steps(0)
    norms = norms_by_layer(session.health_history)[:, 0]
    assert norms[0] < norms[-1] / 1e5  # layer 1's gradient is 100 000 times smaller than layer L's
    assert norms.tolist() == sorted(norms.tolist())  # and it shrinks layer after layer going back


def test_high_lr_shows_the_gradients_blowing_up_then_the_relu_layers_dying():
    session = Session(load_scenario("high_lr"))
    session.goto(10)
    history = session.health_history
    norms, ratios = norms_by_layer(history), ratios_by_layer(history)
    assert norms[4, 2] > 30 * norms[4, 0]  # dW[5] jumps 30-fold at iteration 2
    assert ratios[:, 2].max() > 1  # an update bigger than the weights themselves
    assert np.all(norms[:, 3:] == 0)  # then no gradient flows at all
    assert history[3].dead_relu[2:4] == (1.0, 1.0)  # layers 3 and 4: every relu unit dead


def test_a_dead_relu_layer_shows_a_share_of_one():
    X = np.array([[1.0, 2.0, 3.0], [1.0, -1.0, 0.5]])
    parameters = {"W1": -np.ones((2, 2)), "b1": -np.ones((2, 1)), "W2": np.ones((1, 2)), "b2": np.zeros((1, 1))}
    scenario = make_scenario([2, 2, 1], X=X, Y=np.array([[1.0, 0.0, 1.0]]), init="explicit",
                             parameters=parameters, num_iterations=2)
    session = Session(scenario)
    session.steps(0)
    assert session.health_history[0].dead_relu == (1.0, None)


def test_delta_W_is_W_after_minus_W_before_which_is_minus_alpha_dW():
    session = Session(five_layer())
    for l in range(1, session.L + 1):
        step = session.goto(3, "update", l)
        change = update_change(step)
        W, W_new, dW = step["W"], step["W_new"], step["dW"]
        assert np.array_equal(change.dW_change, W_new - W)
        update = -(step.scalars["learning_rate"] * dW)
        # the update rounds W - α dW once: the change differs from -α dW by at most half an ulp of W_new
        assert np.all(np.abs(change.dW_change - update) <= np.spacing(np.abs(W_new)) / 2)
        assert np.array_equal(change.db_change, step["b_new"] - step["b"])
        assert change.ratio == np.linalg.norm(W_new - W) / np.linalg.norm(W)
    with pytest.raises(ValueError, match="not an update step"):
        update_change(session.goto(3, "cost"))


def test_histogram_counts_every_finite_value_and_names_the_rest():
    values = np.array([0.0, 0.1, 0.2, 0.9, 1.0, np.nan, np.inf, -np.inf])
    h = histogram(values, bins=2)
    assert h.counts.tolist() == [3, 2]
    assert h.edges.tolist() == [0.0, 0.5, 1.0]
    assert (h.nan, h.inf, h.total) == (1, 2, 8)
    constant = histogram(np.full(4, 3.0), bins=4)
    assert constant.counts.sum() == 4

"""The numbers of Course 2's pictures: the cost per mini-batch and per epoch, the gradient check
per parameter, dropout's masks, and the optimizer's step beside plain gradient descent's."""

from __future__ import annotations

import numpy as np
import pytest

from dnnstep.course2 import gradient_checking
from dnnstep.engine import Session
from dnnstep.engine.health import gd_step_norms_by_layer, norm, step_norms_by_layer
from dnnstep.engine.parameter_check import (AGREE, DISAGREE, UNSURE, ZERO, parameter_check, relative_differences,
                                            rounding, verdicts)
from dnnstep.engine.pictures import cost_curve, dropout_picture
from dnnstep.scenario import load_scenario

from .test_course2_steps import course2  # a small Course 2 network on 60 moons


# ---------------------------------------------------------------- the cost curve
def test_the_cost_curve_has_each_batch_and_each_finished_epoch():
    session = Session(course2(mini_batch_size=16, optimizer="adam", arithmetic="init_utils"))  # K = 4: 16, 16, 16, 12
    session.goto(9)  # epochs 0 and 1 finished, epoch 2 half way
    curve = cost_curve(session)
    assert curve.J.tolist() == session.cost_history.tolist() and curve.J.size == 10
    assert curve.epoch_J.tolist() == session.epoch_costs().tolist() and curve.epoch_J.size == 2
    assert curve.epoch_x.tolist() == [1.5, 5.5]  # the middle of iterations 0..3 and 4..7
    # the epoch's cost is its batches' losses over m, not the mean of their J
    assert curve.epoch_J[0] != pytest.approx(float(np.mean(curve.J[:4])), rel=1e-9)


def test_without_mini_batches_the_cost_curve_has_no_epochs():
    session = Session(course2())
    session.goto(3)
    curve = cost_curve(session)
    assert curve.J.size == 4 and curve.epoch_J.size == 0 and curve.epoch_x.size == 0


# ---------------------------------------------------------------- the gradient check, per parameter
def test_relative_differences_are_zero_where_both_are_zero():
    grad = np.array([[0.0, 1.0, 2.0, -1.0]])
    approx = np.array([[0.0, 1.0, 1.0, 1.0]])
    assert relative_differences(grad, approx).tolist() == [[0.0, 0.0, 1 / 3, 1.0]]


def test_verdicts_tell_rounding_from_a_wrong_formula():
    J, epsilon = 1.0, 1e-7
    noise = rounding(J, epsilon)
    assert 1e-9 < noise < 1e-7
    grad = np.array([0.0, 0.5, 1e-9, 0.5, 0.5, np.nan])
    approx = np.array([0.0, 0.5 + 1e-9, 1e-9 + noise / 2, 0.5 * (1 + 4e-5), 1.0, 0.5])
    assert verdicts(grad, approx, J, epsilon).tolist() == [ZERO, AGREE, AGREE, UNSURE, DISAGREE, DISAGREE]


@pytest.mark.parametrize("name, wrong", [("gradient_check", ("b1", "W2")), ("gradient_check_fixed", ())])
def test_the_shipped_backward_lights_up_W2_and_b1(name, wrong):
    session = Session(load_scenario(name))
    check = parameter_check(session.steps(0), session.cost_at(0))
    assert check.size == 47
    assert [group.name for group in check.groups] == ["W1", "b1", "W2", "b2", "W3", "b3"]
    assert [group.start for group in check.groups] == [0, 20, 25, 40, 43, 46]
    assert tuple(group.name for group in check.wrong()) == wrong
    # the notebook's own vectors, element for element (dictionary_to_vector's order)
    parameters = {k: np.array(v, dtype=np.float64) for k, v in session.scenario.parameters.items()}
    X, Y = session.scenario.X, session.scenario.Y
    theta_grad = np.concatenate([group.grad.reshape(-1) for group in check.groups])
    theta_approx = np.concatenate([group.approx.reshape(-1) for group in check.groups])
    backward = gradient_checking.backward_propagation_n if name == "gradient_check" \
        else gradient_checking.backward_propagation_n_fixed
    _, cache = gradient_checking.forward_propagation_n(X, Y, parameters)
    grads = backward(X, Y, cache)
    assert np.array_equal(theta_grad, gradient_checking.gradients_to_vector(grads).reshape(-1))
    assert check.difference == pytest.approx(
        np.linalg.norm(theta_grad - theta_approx) / (np.linalg.norm(theta_grad) + np.linalg.norm(theta_approx)),
        rel=1e-12)
    for group in check.wrong():
        # every element of a wrong group that has a gradient at all disagrees: the whole array is off
        live = group.verdict != ZERO
        assert np.all(group.verdict[live] == DISAGREE)
    if name == "gradient_check":
        W2, b1 = check.groups[2], check.groups[1]
        assert np.allclose(W2.relative[W2.verdict == DISAGREE], 1 / 3, rtol=1e-5)  # 2x: |2g - g| / 3|g|
        assert np.allclose(b1.relative[b1.verdict == DISAGREE], 3 / 5, rtol=1e-5)  # 4x: 3|g| / 5|g|


def test_a_scenario_without_a_check_phase_has_no_parameter_check():
    session = Session(course2())
    with pytest.raises(ValueError, match="no check phase"):
        parameter_check(session.steps(0), session.cost_at(0))


# ---------------------------------------------------------------- dropout's masks
def test_the_dropout_picture_reads_the_forward_steps_masks():
    session = Session(course2(keep_prob=0.7, arithmetic="reg_utils"))
    masks = dropout_picture(session.steps(3), session.training)
    assert [mask.layer for mask in masks] == [1, 2]  # the hidden layers only
    for mask, step in zip(masks, session.steps(3)):
        assert mask.D is step.tensors["D"]
        assert mask.dropped == int(np.sum(step.tensors["D"] == 0)) and 0 < mask.share < 0.6
        assert mask.course_draw  # np.random.seed(1) inside the forward pass: the same every iteration
    assert dropout_picture(session.steps(0), session.training)[0].D.tolist() == masks[0].D.tolist()
    assert dropout_picture(Session(course2()).steps(0), session.training) == ()


def test_a_mask_that_is_not_the_courses_draw_is_said_to_be():
    session = Session(course2(keep_prob=0.7, arithmetic="reg_utils", dropout_seed=2))
    other = Session(course2(keep_prob=0.7, arithmetic="reg_utils", dropout_seed=1))
    masks = dropout_picture(session.steps(0), other.training)  # checked against seed 1's draw
    assert not any(mask.course_draw for mask in masks)


# ---------------------------------------------------------------- the optimizer's step and gd's
@pytest.mark.parametrize("optimizer", ["gd", "momentum", "adam"])
def test_the_step_norms_are_the_updates_steps(optimizer):
    session = Session(course2(optimizer=optimizer, mini_batch_size=16, arithmetic="init_utils",
                              decay="update_lr", decay_rate=1.0))
    session.goto(5)  # epoch 1: α decayed to α0 / 2
    history = session.health_history
    steps = step_norms_by_layer(history)
    gd = gd_step_norms_by_layer(history)
    assert steps.shape == gd.shape == (3, 6)
    for iteration in (0, 5):
        for l in (1, 2, 3):
            update = session.step(iteration, 2 * session.L + l)
            alpha = update.scalars["learning_rate"]
            assert history[iteration].learning_rate == alpha
            assert gd[l - 1, iteration] == pytest.approx(alpha * norm(update["dW"]), rel=1e-15)
            taken = (norm(update["step_W"]) if optimizer == "adam"
                     else alpha * norm(update["v_dW_new"]) if optimizer == "momentum" else alpha * norm(update["dW"]))
            assert steps[l - 1, iteration] == pytest.approx(taken, rel=1e-12)
            assert steps[l - 1, iteration] == pytest.approx(norm(update["W_new"] - update["W"]), rel=1e-6)


def test_a_check_takes_no_step():
    session = Session(load_scenario("gradient_check"))
    session.steps(0)
    health = session.health_history[0]
    assert health.step_norms == (0.0, 0.0, 0.0) and health.learning_rate == 0.0

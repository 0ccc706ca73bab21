"""The engine's Course 2 steps and dnnstep.course2 agree to the last bit, iteration by iteration.

As tests/engine/test_engine_matches_course.py proves the engine bit-identical to week 4's
reference, this proves it for each notebook's run: the shipped scenario and the notebook's own
functions (its helper file's forward, cost, backward and update) step by step, every tensor the
step shows compared with ``np.array_equal`` (a sign of zero aside), every cost with ``==``.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from dnnstep.course2 import gradient_checking, initialization, optimization, regularization
from dnnstep.course2.cases import gradient_check_n_test_case
from dnnstep.engine import Session
from dnnstep.engine.step import step_index
from dnnstep.scenario import load_scenario

from .conftest import football_dir

ITERATIONS = 12


def same(engine, course) -> bool:
    engine, course = np.asarray(engine), np.asarray(course)
    return engine.shape == course.shape and np.array_equal(engine, course)


def steps_of(session, iteration):
    steps = session.steps(iteration)
    L = session.L
    return {"forward": {l: steps[step_index(L, "forward", l)] for l in range(1, L + 1)},
            "cost": steps[L],
            "backward": {l: steps[step_index(L, "backward", l)] for l in range(1, L + 1)},
            "last": {l: steps[step_index(L, session.last_phase, l)] for l in range(1, L + 1)}}


def assert_forward(steps, cache, *, dropout=False):
    """The cache of the helper's forward_propagation (or the dropout one) against forward 1..3."""
    if dropout:
        Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3 = cache
        masks = {1: D1, 2: D2}
    else:
        Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3 = cache
    for l, (Z, A, W, b) in {1: (Z1, A1, W1, b1), 2: (Z2, A2, W2, b2), 3: (Z3, A3, W3, b3)}.items():
        forward = steps["forward"][l]
        assert same(forward["W"], W) and same(forward["b"], b)
        assert same(forward["Z"], Z), f"Z[{l}]"
        assert same(forward["A"], A), f"A[{l}]"
        if dropout and l < 3:
            assert same(forward["D"], masks[l]), f"D[{l}]"
            assert same(forward["A_pre"], np.maximum(0, Z))


def assert_backward(steps, grads, *, lower=False, dropout=False):
    """The helper's gradients dict against backward 3..1 (dA[l] of dropout is after the mask: the
    engine's dA_pre)."""
    key = (lambda name: name.lower()) if lower else (lambda name: name)
    for l in (3, 2, 1):
        backward = steps["backward"][l]
        assert same(backward["dZ"], grads[key(f"dZ{l}")]), f"dZ[{l}]"
        assert same(backward["dW"], grads[f"dW{l}"]), f"dW[{l}]"
        assert same(backward["db"], grads[f"db{l}"]), f"db[{l}]"
        if l > 1:
            assert same(backward["dA_prev"], grads[key(f"dA{l - 1}")]) or dropout
        if dropout and l < 3:
            assert same(backward["dA_pre"], grads[f"dA{l}"]), f"dA[{l}] after its mask"


def assert_update(steps, parameters):
    for l in (1, 2, 3):
        update = steps["last"][l]
        assert same(update["W_new"], parameters[f"W{l}"]), f"W[{l}] after"
        assert same(update["b_new"], parameters[f"b{l}"]), f"b[{l}] after"


# ---------------------------------------------------------------- Initialization
@pytest.mark.parametrize(("name", "kind"), [("circles_zeros", "zeros"), ("circles_random", "random"),
                                            ("circles_he", "he")])
def test_initialization_runs_are_the_notebooks_bit_for_bit(name, kind):
    scenario = dataclasses.replace(load_scenario(name), num_iterations=ITERATIONS)
    X, Y, X_test, Y_test = initialization.load_dataset()
    assert same(scenario.X, X) and same(scenario.Y, Y) and same(scenario.X_test, X_test)
    parameters = {"zeros": initialization.initialize_parameters_zeros, "random": initialization.initialize_parameters_random,
                  "he": initialization.initialize_parameters_he}[kind]([2, 10, 5, 1])
    assert all(same(scenario.parameters[k], v) for k, v in parameters.items())
    session = Session(scenario)
    with np.errstate(all="ignore"):
        for i in range(ITERATIONS):
            steps = steps_of(session, i)
            a3, cache = initialization.forward_propagation(X, parameters)
            assert_forward(steps, cache)
            cost = initialization.compute_loss(a3, Y)
            assert steps["cost"].cost == cost or (np.isinf(cost) and steps["cost"].cost == cost)
            grads = initialization.backward_propagation(X, Y, cache)
            assert_backward(steps, grads, lower=True)
            parameters = initialization.update_parameters(parameters, grads, scenario.learning_rate)
            assert_update(steps, parameters)


def test_the_initialization_model_and_the_session_end_on_the_same_parameters():
    scenario = dataclasses.replace(load_scenario("circles_he"), num_iterations=300)
    trained = initialization.model(scenario.X, scenario.Y, num_iterations=300, print_cost=False, initialization="he")
    session = Session(scenario)
    assert all(same(session.parameters_at(300)[k], v) for k, v in trained.items())


# ---------------------------------------------------------------- Regularization
@pytest.fixture(scope="module")
def football():
    folder = football_dir()
    return {name: load_scenario(name, data_dir=folder) for name in ("football", "football_l2", "football_dropout")}


def test_the_football_scenarios_read_the_notebooks_data_and_initialisation(football):
    X, Y, X_test, Y_test = regularization.load_2D_dataset(football_dir() / "data.mat")
    parameters = regularization.initialize_parameters([2, 20, 3, 1])
    for scenario in football.values():
        assert same(scenario.X, X) and same(scenario.Y, Y) and same(scenario.X_test, X_test) and same(scenario.Y_test, Y_test)
        assert all(same(scenario.parameters[k], v) for k, v in parameters.items())


def test_no_regularization_is_the_notebooks_bit_for_bit(football):
    scenario = football["football"]
    session, parameters = Session(scenario), regularization.initialize_parameters([2, 20, 3, 1])
    X, Y = scenario.X, scenario.Y
    for i in range(ITERATIONS):
        steps = steps_of(session, i)
        a3, cache = regularization.forward_propagation(X, parameters)
        assert_forward(steps, cache)
        assert steps["cost"].cost == regularization.compute_cost(a3, Y)
        grads = regularization.backward_propagation(X, Y, cache)
        assert_backward(steps, grads)
        parameters = regularization.update_parameters(parameters, grads, 0.3)
        assert_update(steps, parameters)


def test_l2_is_the_notebooks_bit_for_bit_with_each_term_apart(football):
    scenario = football["football_l2"]
    session, parameters = Session(scenario), regularization.initialize_parameters([2, 20, 3, 1])
    X, Y, lambd, m = scenario.X, scenario.Y, 0.7, scenario.m
    for i in range(ITERATIONS):
        steps = steps_of(session, i)
        a3, cache = regularization.forward_propagation(X, parameters)
        cost = regularization.compute_cost_with_regularization(a3, Y, parameters, lambd)
        cost_step = steps["cost"]
        assert cost_step.cost == cost
        assert cost_step.scalars["J_ce"] == regularization.compute_cost(a3, Y)
        assert cost_step.scalars["J_ce"] + cost_step.scalars["J_L2"] == cost
        grads = regularization.backward_propagation_with_regularization(X, Y, cache, lambd)
        assert_backward(steps, grads)
        for l in (1, 2, 3):
            backward = steps["backward"][l]
            assert same(backward["dW_L2"], (lambd / m) * parameters[f"W{l}"])
            assert same(backward["dW_ce"] + backward["dW_L2"], grads[f"dW{l}"])
        parameters = regularization.update_parameters(parameters, grads, 0.3)
        assert_update(steps, parameters)


def test_dropout_is_the_notebooks_bit_for_bit_with_the_same_masks_every_iteration(football):
    scenario = football["football_dropout"]
    session, parameters = Session(scenario), regularization.initialize_parameters([2, 20, 3, 1])
    X, Y, keep_prob = scenario.X, scenario.Y, 0.86
    state = np.random.get_state()
    try:
        for i in range(ITERATIONS):
            steps = steps_of(session, i)
            a3, cache = regularization.forward_propagation_with_dropout(X, parameters, keep_prob)
            assert_forward(steps, cache, dropout=True)
            assert steps["cost"].cost == regularization.compute_cost(a3, Y)
            grads = regularization.backward_propagation_with_dropout(X, Y, cache, keep_prob)
            assert_backward(steps, grads, dropout=True)
            parameters = regularization.update_parameters(parameters, grads, 0.3)
            assert_update(steps, parameters)
    finally:
        np.random.set_state(state)  # the course's forward seeds numpy's global generator
    assert same(session.steps(0)[0]["D"], session.steps(ITERATIONS - 1)[0]["D"])


@pytest.mark.parametrize(("name", "options"), [("football_l2", {"lambd": 0.7}), ("football_dropout", {"keep_prob": 0.86})])
def test_the_regularization_model_and_the_session_end_on_the_same_parameters(football, name, options):
    scenario = dataclasses.replace(football[name], num_iterations=200)
    state = np.random.get_state()
    try:
        trained = regularization.model(scenario.X, scenario.Y, num_iterations=200, print_cost=False, **options)
    finally:
        np.random.set_state(state)
    session = Session(scenario)
    assert all(same(session.parameters_at(200)[k], v) for k, v in trained.items())


# ---------------------------------------------------------------- Gradient Checking
@pytest.mark.parametrize(("name", "backward"), [("gradient_check", gradient_checking.backward_propagation_n),
                                                ("gradient_check_fixed", gradient_checking.backward_propagation_n_fixed)])
def test_the_check_phase_is_gradient_check_n_bit_for_bit(name, backward):
    X, y, parameters = gradient_check_n_test_case()
    scenario = load_scenario(name)
    assert same(scenario.X, X) and same(scenario.Y, y.reshape(1, -1))
    assert all(same(scenario.parameters[k], v) for k, v in parameters.items())
    steps = steps_of(Session(scenario), 0)
    cost, cache = gradient_checking.forward_propagation_n(X, y, parameters)
    assert steps["cost"].cost == cost
    gradients = backward(X, y, cache)
    assert_backward(steps, gradients)
    difference = gradient_checking.gradient_check_n(parameters, gradients, X, y, 1e-7, print_msg=False)
    assert {step.scalars["difference"] for step in steps["last"].values()} == {difference}
    # J_plus and J_minus of every one of the 47 parameters, as gradient_check_n computes them
    values, _ = gradient_checking.dictionary_to_vector(parameters)
    order = [(f"{p}{l}", p) for l in (1, 2, 3) for p in ("W", "b")]
    i = 0
    for key, p in order:
        check = steps["last"][int(key[1:])]
        for index in np.ndindex(*parameters[key].shape):
            theta_plus, theta_minus = np.copy(values), np.copy(values)
            theta_plus[i] = theta_plus[i] + 1e-7
            theta_minus[i] = theta_minus[i] - 1e-7
            for theta, tensor in ((theta_plus, f"J_plus_{p}"), (theta_minus, f"J_minus_{p}")):
                J, _ = gradient_checking.forward_propagation_n(X, y, gradient_checking.vector_to_dictionary(theta))
                assert check[tensor][index] == J, (key, index, tensor)
            i += 1
    assert i == 47


# ---------------------------------------------------------------- Optimization
MOONS = ["moons_gd", "moons_momentum", "moons_adam", "moons_gd_decay", "moons_gd_schedule",
         "moons_momentum_schedule", "moons_adam_schedule"]
EPOCHS = 4


@pytest.mark.parametrize("name", MOONS)
def test_optimization_runs_are_the_notebooks_bit_for_bit_batch_by_batch(name):
    scenario = dataclasses.replace(load_scenario(name), num_epochs=EPOCHS)
    X, Y = optimization.load_dataset()
    assert same(scenario.X, X) and same(scenario.Y, Y)
    parameters = optimization.initialize_parameters([2, 5, 2, 1])
    assert all(same(scenario.parameters[k], v) for k, v in parameters.items())
    session = Session(scenario)
    v = optimization.initialize_velocity(parameters) if scenario.optimizer == "momentum" else None
    if scenario.optimizer == "adam":
        v, s = optimization.initialize_adam(parameters)
    decay = {"update_lr": optimization.update_lr, "schedule_lr_decay": optimization.schedule_lr_decay}.get(scenario.decay)
    learning_rate, seed, t, iteration = scenario.learning_rate, 10, 0, 0
    for epoch in range(EPOCHS):
        seed = seed + 1
        cost_total = 0
        for k, (mini_X, mini_Y) in enumerate(optimization.random_mini_batches(X, Y, 64, seed)):
            assert (session.batch(iteration).epoch, session.batch(iteration).k) == (epoch, k)
            steps = steps_of(session, iteration)
            assert same(steps["forward"][1]["A_prev"], mini_X)
            a3, cache = optimization.forward_propagation(mini_X, parameters)
            assert_forward(steps, cache)
            cost_total += optimization.compute_cost(a3, mini_Y)
            grads = optimization.backward_propagation(mini_X, mini_Y, cache)
            assert_backward(steps, grads, lower=True)
            before = {key: np.copy(value) for key, value in (v or {}).items()}
            if scenario.optimizer == "gd":
                parameters = optimization.update_parameters_with_gd(parameters, grads, learning_rate)
            elif scenario.optimizer == "momentum":
                parameters, v = optimization.update_parameters_with_momentum(parameters, grads, v, 0.9, learning_rate)
            else:
                t = t + 1
                parameters, v, s, v_corrected, s_corrected = optimization.update_parameters_with_adam(
                    parameters, grads, v, s, t, learning_rate, 0.9, 0.999, 1e-8)
            for l in (1, 2, 3):
                update = steps["last"][l]
                assert update.scalars["learning_rate"] == learning_rate
                if v is not None:
                    assert same(update["v_dW"], before[f"dW{l}"]) and same(update["v_dW_new"], v[f"dW{l}"])
                    assert same(update["v_db_new"], v[f"db{l}"])
                if scenario.optimizer == "adam":
                    assert update.scalars["t"] == t
                    assert same(update["s_dW_new"], s[f"dW{l}"]) and same(update["s_db_new"], s[f"db{l}"])
                    assert same(update["v_hat_dW"], v_corrected[f"dW{l}"]) and same(update["s_hat_db"], s_corrected[f"db{l}"])
            assert_update(steps, parameters)
            iteration += 1
        assert session.epoch_cost(epoch) == cost_total / 300
        if decay is not None:
            learning_rate = decay(scenario.learning_rate, epoch, 1)


@pytest.mark.parametrize("name", ["moons_adam", "moons_momentum_schedule"])
def test_the_optimization_model_and_the_session_end_on_the_same_parameters(name):
    scenario = dataclasses.replace(load_scenario(name), num_epochs=40)
    decay = {"schedule_lr_decay": optimization.schedule_lr_decay}.get(scenario.decay)
    trained = optimization.model(scenario.X, scenario.Y, [2, 5, 2, 1], scenario.optimizer,
                                 learning_rate=scenario.learning_rate, num_epochs=40, print_cost=False, decay=decay)
    session = Session(scenario)
    assert all(same(session.parameters_at(session.num_iterations)[k], v) for k, v in trained.items())

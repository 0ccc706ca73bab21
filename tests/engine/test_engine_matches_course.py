"""The engine and dnnstep.course agree to the last bit on the course's network."""

import numpy as np
import pytest

from dnnstep import course
from dnnstep.engine import Session

from .helpers import tiny_scenario


def course_iteration(X, Y, parameters, learning_rate):
    """One iteration written with the course's own functions."""
    AL, caches = course.L_model_forward(X, parameters)
    cost = course.compute_cost(AL, Y)
    grads = course.L_model_backward(AL, Y, caches)
    new_parameters = course.update_parameters(parameters, grads, learning_rate)
    return AL, caches, cost, grads, new_parameters


@pytest.mark.parametrize("dims", [(2, 3, 5, 4, 2, 1), (5, 4, 3, 1), (3, 1)])
def test_every_tensor_of_several_iterations_is_bit_identical(dims):
    scenario = tiny_scenario(dims, iterations=6)
    session = Session(scenario)
    L = scenario.L
    parameters = {k: np.array(v) for k, v in scenario.parameters.items()}
    for iteration in range(scenario.num_iterations):
        AL, caches, cost, grads, new_parameters = course_iteration(scenario.X, scenario.Y, parameters, scenario.learning_rate)
        steps = session.steps(iteration)
        for l in range(1, L + 1):
            forward = steps[l - 1]
            (A_prev, W, b), Z = caches[l - 1]
            assert np.array_equal(forward["Z"], Z)
            assert np.array_equal(forward["A_prev"], A_prev)
        assert np.array_equal(steps[L - 1]["A"], AL)
        cost_step = steps[L]
        assert cost_step.cost == float(cost)  # bit-identical, not merely close
        for l in range(L, 0, -1):
            backward = steps[2 * L + 1 - l]
            assert backward.label == f"backward {l}"
            assert np.array_equal(backward["dW"], grads[f"dW{l}"])
            assert np.array_equal(backward["db"], grads[f"db{l}"])
            assert np.array_equal(backward["dA_prev"], grads[f"dA{l - 1}"])
        for l in range(1, L + 1):
            update = steps[2 * L + l]
            assert np.array_equal(update["W_new"], new_parameters[f"W{l}"])
            assert np.array_equal(update["b_new"], new_parameters[f"b{l}"])
        parameters = new_parameters
    assert np.array_equal(session.parameters_at(scenario.num_iterations)["W1"], parameters["W1"])


def test_cost_history_matches_course_training_loop():
    scenario = tiny_scenario((4, 5, 3, 1), iterations=30, m=20)
    session = Session(scenario)
    session.goto(scenario.num_iterations - 1)
    parameters = dict(scenario.parameters)
    expected = []
    for _ in range(scenario.num_iterations):
        _, _, cost, _, parameters = course_iteration(scenario.X, scenario.Y, parameters, scenario.learning_rate)
        expected.append(float(cost))
    assert session.cost_history.tolist() == expected

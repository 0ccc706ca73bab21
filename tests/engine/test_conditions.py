"""run_until and its built-in conditions stop where the trouble starts, and say why."""

import numpy as np
import pytest

from dnnstep.engine import CostRises, DeadRelu, GradientNormAbove, GradientNormBelow, NanOrInf, Session
from dnnstep.scenario.model import Scenario

from .helpers import tiny_scenario


def test_cost_rises_stops_at_the_first_iteration_whose_cost_went_up():
    session = Session(tiny_scenario((2, 4, 1), learning_rate=40.0, iterations=60))
    result = session.run_until(CostRises())
    assert result.found
    i = result.step.iteration
    costs = session.cost_history
    assert result.step.phase == "cost" and costs[i] > costs[i - 1]
    assert all(costs[j] <= costs[j - 1] for j in range(1, i))
    assert f"iteration {i}" in result.reason and "rose" in result.reason


def test_nan_or_inf_names_the_tensor_and_the_step():
    scenario = tiny_scenario((2, 3, 1), iterations=5)
    parameters = dict(scenario.parameters)
    W2 = np.array(parameters["W2"])
    W2[0, 0] = np.inf
    parameters["W2"] = W2
    broken = Scenario("broken", scenario.layer_dims, scenario.activations, parameters, 0.1, 5, scenario.X, scenario.Y)
    result = Session(broken).run_until(NanOrInf())
    assert result.found and result.step.label == "forward 2"
    assert "W in" not in result.reason and "Inf in W at iteration 0, forward 2" in result.reason


def test_dead_relu_fires_only_when_every_unit_of_a_layer_outputs_zero():
    scenario = tiny_scenario((2, 3, 1), iterations=4)
    parameters = dict(scenario.parameters)
    parameters["b1"] = np.full((3, 1), -100.0)  # every Z[1] negative: the whole layer is dead
    dead = Scenario("dead", scenario.layer_dims, scenario.activations, parameters, 0.1, 4, scenario.X, scenario.Y)
    result = Session(dead).run_until(DeadRelu())
    assert result.found and result.step.label == "forward 1" and "layer 1" in result.reason
    healthy = Session(scenario).run_until(DeadRelu())
    assert not healthy.found and healthy.reached_end


def test_gradient_norm_bounds():
    session = Session(tiny_scenario((2, 3, 1), iterations=3))
    norms = [np.linalg.norm(s["dW"]) for s in session.steps(0) if s.phase == "backward"]
    above = session.run_until(GradientNormAbove(min(norms) / 2))
    assert above.found and above.step.label == "backward 2" and "exploding" in above.reason
    session.goto(0)
    below = session.run_until(GradientNormBelow(max(norms) * 2))
    assert below.found and below.step.label == "backward 2" and "vanishing" in below.reason


@pytest.mark.parametrize("make", [lambda: GradientNormAbove(float("nan")), lambda: GradientNormBelow("x"),
                                  lambda: GradientNormAbove(1.0, tensor="dX")])
def test_a_gradient_norm_condition_that_could_never_hold_is_refused(make):
    # a NaN bound or a tensor no backward step has ran to the end without a word
    with pytest.raises(ValueError):
        make()


def test_any_callable_works_and_cancel_and_limits_are_respected():
    session = Session(tiny_scenario((2, 3, 1), iterations=30))
    result = session.run_until(lambda step: step.iteration == 7 and step.phase == "update")
    assert result.found and result.step.label == "update 1" and result.step.iteration == 7
    cancelled = session.run_until(lambda step: False, should_stop=lambda: True)
    assert cancelled.cancelled and session.position == (7, result.step.index)
    limited = session.run_until(lambda step: False, max_iterations=2)
    assert not limited.found and not limited.reached_end and limited.step.iteration == 9

"""The Session cursor: moving, rebuilding far iterations exactly, and read-only steps."""

import numpy as np
import pytest

from dnnstep.engine import Session, step_place

from .helpers import tiny_scenario


def test_an_iteration_is_forward_cost_backward_update_in_course_order():
    session = Session(tiny_scenario((2, 3, 5, 4, 2, 1)))
    labels = [step.label for step in session.steps(0)]
    assert labels == [
        "forward 1", "forward 2", "forward 3", "forward 4", "forward 5", "cost",
        "backward 5", "backward 4", "backward 3", "backward 2", "backward 1",
        "update 1", "update 2", "update 3", "update 4", "update 5",
    ]
    for step in session.steps(0):
        assert (step.phase, step.layer) == step_place(session.L, step.index)


def test_shapes_follow_the_course_notes():
    session = Session(tiny_scenario((2, 3, 5, 4, 2, 1), m=7))
    shapes = {l: session.goto(phase="forward", layer=l)["W"].shape for l in range(1, 6)}
    assert shapes == {1: (3, 2), 2: (5, 3), 3: (4, 5), 4: (2, 4), 5: (1, 2)}
    backward = session.goto(phase="backward", layer=3)
    assert backward["dW"].shape == (4, 5) and backward["db"].shape == (4, 1)
    assert backward["dZ"].shape == (4, 7) and backward["dA_prev"].shape == (5, 7)


def test_next_and_back_cross_iteration_boundaries_and_stop_at_the_ends():
    session = Session(tiny_scenario((3, 2, 1), iterations=3))
    assert session.at_start and session.back().label == "forward 1"
    last = session.steps_per_iteration - 1
    session.goto(0, index=last)
    assert session.next().iteration == 1 and session.current.index == 0
    session.back()
    assert session.position == (0, last)
    session.goto(2, index=last)
    session.next()
    assert session.at_end and session.position == (2, last)


def test_far_iterations_are_rebuilt_exactly_from_keyframes():
    scenario = tiny_scenario((4, 6, 3, 1), iterations=120, m=15)
    straight = Session(scenario, memory_budget=10**9)  # keeps every iteration's parameters
    sparse = Session(scenario, memory_budget=1)  # one keyframe at most: rebuilds by replay
    assert straight.keyframe_every == 1 and sparse.keyframe_every == 121
    straight.goto(119)
    for iteration in (97, 3, 118, 50, 51, 49):
        expected = straight.steps(iteration)
        got = sparse.goto(iteration, phase="backward", layer=1)
        assert got.iteration == iteration
        for a, b in zip(expected, sparse.steps(iteration)):
            assert a.label == b.label
            for name in a.tensors:
                assert np.array_equal(a[name], b[name]), (iteration, a.label, name)


def test_tensors_are_read_only_and_steps_immutable():
    session = Session(tiny_scenario((3, 2, 1)))
    step = session.goto(phase="backward", layer=1)
    with pytest.raises(ValueError):
        step["dW"][0, 0] = 1.0
    with pytest.raises(TypeError):
        step.tensors["dW"] = np.zeros((2, 3))  # a read-only mapping
    with pytest.raises(AttributeError):
        step.layer = 2
    # The scenario's parameters stay what they were, whatever the update did.
    assert np.array_equal(session.parameters_at(0)["W1"], session.scenario.parameters["W1"])


def test_goto_rejects_places_that_do_not_exist():
    session = Session(tiny_scenario((3, 2, 1), iterations=5))
    with pytest.raises(ValueError, match="iteration 5 is outside 0..4"):
        session.goto(5)
    with pytest.raises(ValueError, match="layer 3 is outside 1..2"):
        session.goto(phase="backward", layer=3)
    with pytest.raises(ValueError, match="unknown phase"):
        session.goto(phase="sideways")
    # step() said "tuple index out of range", and a negative index counted from the end
    with pytest.raises(ValueError, match="step 99 is outside 0..6"):
        session.step(0, 99)
    with pytest.raises(ValueError, match="step -1 is outside 0..6"):
        session.step(0, -1)
    with pytest.raises(ValueError, match="the cost step belongs to layer 2"):
        session.goto(phase="cost", layer=1)
    assert session.goto(phase="cost", layer=2).label == "cost"
    with pytest.raises(TypeError):
        session.goto("3")


def test_goto_takes_an_iteration_that_is_an_integer_in_disguise():
    session = Session(tiny_scenario((3, 2, 1), iterations=5))
    step = session.goto(np.int64(2))
    assert type(step.iteration) is int and session.position == (2, 0)
    assert type(session.goto(True).iteration) is int  # was Step(iteration=True): "at iteration True"


def test_cancelling_a_far_goto_leaves_the_cursor_where_it_was():
    from dnnstep.engine import Cancelled

    session = Session(tiny_scenario((3, 2, 1), iterations=50), memory_budget=1)
    session.goto(2, phase="cost")
    calls = []
    with pytest.raises(Cancelled):
        session.goto(40, should_stop=lambda: len(calls) > 3, progress=lambda done, total: calls.append((done, total)))
    assert session.position == (2, session.L)
    assert calls[0][1] == 37  # replaying from iteration 3, whose parameters tracing iteration 2 gave


def test_replaying_without_recording_gives_the_traced_parameters_bit_for_bit():
    from dnnstep.engine.trace import trace_iteration, train_iteration

    s = tiny_scenario((4, 6, 3, 1), m=9)
    steps, traced = trace_iteration(0, s.parameters, s.X, s.Y, s.activations, s.learning_rate)
    J, trained = train_iteration(s.parameters, s.X, s.Y, s.activations, s.learning_rate)
    assert J == steps[s.L].cost
    assert all(np.array_equal(traced[k], trained[k]) for k in traced)


def test_walking_back_through_a_long_run_keeps_every_step_exact():
    scenario = tiny_scenario((3, 4, 1), iterations=200, m=8)
    straight = Session(scenario, memory_budget=10**9)
    sparse = Session(scenario, memory_budget=30 * 8 * 17)  # about 30 keyframes of 17 numbers
    assert sparse.keyframe_every > 1 and sparse.waypoint_every >= 1
    sparse.goto(199, index=sparse.steps_per_iteration - 1)
    while sparse.position[0] > 150:
        step = sparse.back()
        expected = straight.step(step.iteration, step.index)
        assert all(np.array_equal(step[name], expected[name]) for name in expected.tensors)


def test_the_input_gradient_is_computed_once_when_first_read_and_is_read_only():
    session = Session(tiny_scenario((3, 4, 1)))
    backward_1 = session.goto(phase="backward", layer=1)
    first = backward_1["dA_prev"]
    assert first is backward_1["dA_prev"] and not first.flags.writeable
    assert np.array_equal(first, np.dot(backward_1["W"].T, backward_1["dZ"]))
    assert list(backward_1.tensors)[-1] == "dA_prev" and len(backward_1.tensors) == 8

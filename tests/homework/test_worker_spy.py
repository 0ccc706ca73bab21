"""The homework's watched calls, as the worker records them: the arguments as the function received them (in its
parameters' order, keywords in any order), copied before the call; with ``outermost``, only the calls the watched
loop makes itself (issues 21 and 24 joined)."""

from __future__ import annotations

import numpy as np

from dnnstep.homework.running.recording import SharedCopies, spy_on


def _update(parameters, grads, learning_rate=0.1):
    for key in parameters:  # in place, as the course's helper files do
        parameters[key] -= learning_rate * grads["d" + key]
    return parameters


def test_a_call_is_recorded_with_its_arguments_in_order_as_they_were_before_it():
    calls = []
    spied = spy_on("update", _update, calls, SharedCopies({}), ("parameters", "grads", "learning_rate"))
    parameters, grads = {"W1": np.ones(2)}, {"dW1": np.ones(2)}
    spied(grads=grads, parameters=parameters)  # keywords out of order, the default left out
    ((name, given, result),) = calls
    assert name == "update" and given[2] == 0.1
    assert np.array_equal(given[0]["W1"], np.ones(2))  # as given, not as the call left it
    assert np.array_equal(result["W1"], np.full(2, 0.9)) and np.array_equal(parameters["W1"], np.full(2, 0.9))
    assert given[1] is not grads and given[1]["dW1"] is not grads["dW1"]  # copies: nothing of the homework's kept


def test_outermost_keeps_only_the_calls_not_made_inside_another_watched_call():
    calls, nesting, shared = [], [0], SharedCopies({})
    inner = spy_on("inner", lambda x: x + 1, calls, shared, (), nesting)
    outer = spy_on("outer", lambda x: inner(x) * 2, calls, shared, (), nesting)
    assert outer(1) == 4 and inner(5) == 6
    assert [(name, given, result) for name, given, result in calls] == [("outer", (1,), 4), ("inner", (5,), 6)]
    everything = []
    inner = spy_on("inner", lambda x: x + 1, everything, shared)
    outer = spy_on("outer", lambda x: inner(x) * 2, everything, shared)
    outer(1)
    assert [name for name, _, _ in everything] == ["inner", "outer"]

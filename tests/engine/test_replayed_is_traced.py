"""A replayed iteration is the traced one, bit for bit, under every feature Course 2 adds.

One ``_iterate`` serves the traced and the untraced iteration (``dnnstep.engine.trace``), but
what it does apart from recording is decided per Training by its plan (``dnnstep.engine.plan``)
and some work is skipped when nothing is recorded (dA[0], the recorded tuples). So: for every
shipped Course 2 scenario and for every combination of arithmetic, optimizer and regularisation
(with each hidden activation, mini-batches and decays among them), a Session that traces each
iteration and one that replays them untraced (``goto`` far, then the states rebuilt from
keyframes) give the same costs, epoch costs, gradient health and states, to the last bit and
the sign of every zero; and the trace's own update steps hold the states the replay reaches.
"""

from __future__ import annotations

import dataclasses
import itertools
from pathlib import Path

import numpy as np
import pytest

from dnnstep.engine import Session
from dnnstep.engine.step import step_index
from dnnstep.scenario import load_scenario, make_scenario, peek_scenario, shipped_scenarios

from tests.course2_engine.conftest import football_dir

ITERATIONS = 7

ARITHMETICS = ("dnn_utils", "reg_utils", "init_utils")
OPTIMIZERS = ("gd", "momentum", "adam")
REGULARISATIONS = {"none": {}, "l2": {"lambd": 0.7}, "dropout": {"keep_prob": 0.8}}
HIDDEN = ("relu", "tanh", "leaky_relu", "sigmoid")
DECAYS = ({}, {"decay": "update_lr", "decay_rate": 0.5}, {"decay": "schedule_lr_decay", "decay_rate": 0.5,
                                                            "time_interval": 1})


def combinations():
    """Every arithmetic x optimizer x regularisation, each with a hidden activation, mini-batches
    (or none) and a decay (or none) in turn, so that each of those meets each of the others."""
    for i, (arithmetic, optimizer, regularisation) in enumerate(
            itertools.product(ARITHMETICS, OPTIMIZERS, REGULARISATIONS)):
        yield pytest.param(dict(arithmetic=arithmetic, optimizer=optimizer, **REGULARISATIONS[regularisation],
                                hidden=HIDDEN[i % len(HIDDEN)], mini_batches=i % 2 == 0, decay=DECAYS[i % 3]),
                           id=f"{arithmetic}-{optimizer}-{regularisation}")


def combination(arithmetic, optimizer, hidden, mini_batches, decay, **regularisation):
    options = dict(arithmetic=arithmetic, optimizer=optimizer, course=2, learning_rate=0.05, m=40,
                   data="make_moons", init="he", name="combination", **regularisation, **decay)
    if mini_batches:
        options.update(mini_batch_size=16, num_epochs=3)        # 3 batches an epoch, the last of 8
    else:
        options.update(num_iterations=ITERATIONS + 1)
    return make_scenario([2, 4, 3, 1], [hidden, hidden, "sigmoid"], **options)


def shipped_course2():
    for path in (path for path in shipped_scenarios() if peek_scenario(path).course == 2):
        yield pytest.param(path.stem, id=path.stem)


def exactly(a, b) -> bool:
    """The same shape, dtype and bytes: equal to the last bit, signed zeros and NaN's included."""
    a, b = np.asarray(a), np.asarray(b)
    return a.shape == b.shape and a.dtype == b.dtype and a.tobytes() == b.tobytes()


def assert_replay_is_trace(scenario) -> None:
    n = min(ITERATIONS, scenario.num_iterations)
    traced = Session(scenario)
    steps = [traced.steps(i) for i in range(n)]             # every iteration traced, in order
    replayed = Session(scenario, memory_budget=1)           # keyframes far apart: states rebuilt by replay
    replayed.goto(n - 1)                                    # iterations 0 .. n-2 trained untraced
    assert traced.cost_history.tobytes() == replayed.cost_history[:n].tobytes()
    assert traced.health_history == replayed.health_history[:n]
    assert repr(traced.health_history) == repr(replayed.health_history[:n])  # the same types of number
    assert traced.epoch_costs().tobytes() == replayed.epoch_costs()[:len(traced.epoch_costs())].tobytes()
    last = traced.last_phase
    for i in range(1, n):
        state = replayed._state_at(i)                       # rebuilt from the keyframe before it
        assert state.keys() == traced._state_at(i).keys()
        for name, value in state.items():
            assert exactly(value, traced._state_at(i)[name]), f"{name} at iteration {i}"
            assert not value.flags.writeable, f"{name} at iteration {i} handed out writable"
        if last == "update":                                # the trace's update steps hold that state
            for l in range(1, scenario.L + 1):
                update = steps[i - 1][step_index(scenario.L, "update", l)]
                assert exactly(update["W_new"], state[f"W{l}"]) and exactly(update["b_new"], state[f"b{l}"])


@pytest.mark.parametrize("options", combinations())
def test_a_replayed_iteration_is_the_traced_one_under_each_combination_of_features(options):
    assert_replay_is_trace(combination(**options))


@pytest.mark.parametrize("name", shipped_course2())
def test_a_replayed_iteration_is_the_traced_one_in_every_shipped_course2_run(name):
    data_dir = football_dir() if name.startswith("football") else None
    scenario = load_scenario(name, data_dir=data_dir)
    if scenario.gradient_check is None:
        field = "num_epochs" if scenario.mini_batch_size else "num_iterations"
        scenario = dataclasses.replace(scenario, **{field: 3 if scenario.mini_batch_size else ITERATIONS + 1})
    assert_replay_is_trace(scenario)


def shipped_week4():
    for path in (path for path in shipped_scenarios() if peek_scenario(path).course == 1):
        yield pytest.param(path.stem, id=path.stem)


@pytest.mark.parametrize("name", shipped_week4())
def test_a_replayed_iteration_is_the_traced_one_in_every_shipped_week4_run(name):
    """Week 4's runs replay through the same written-out iteration (``dnnstep.engine.replay``): in
    ``dnn_utils``' arithmetic, with the course's own ``linear_backward``."""
    cat_files = Path(__file__).resolve().parents[3] / "shared" / "datasets"
    try:
        scenario = load_scenario(name, data_dir=cat_files if cat_files.is_dir() else None)
    except ValueError as error:  # the cat files, where this machine has none
        pytest.skip(str(error))
    assert_replay_is_trace(dataclasses.replace(scenario, num_iterations=min(scenario.num_iterations, ITERATIONS + 1)))

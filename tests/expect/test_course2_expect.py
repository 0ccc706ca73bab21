"""[[expect]] tables on Course 2's steps: the features' tensors, the check phase, epochs and batches,
a step's numbers, the epoch's cost and the accuracies; each read, checked, and refused clearly."""

from __future__ import annotations

import numpy as np
import pytest

from dnnstep.commands.expectations import main as main_test
from dnnstep.engine import Session
from dnnstep.engine.predict import accuracy
from dnnstep.engine.training import Features
from dnnstep.expect.check import check_expectation
from dnnstep.expect.spec import ExpectationError, parse_expectation
from dnnstep.scenario import make_scenario

ADAM = Features(optimizer="adam", arithmetic="init_utils")
DROPOUT = Features(dropout=True, arithmetic="reg_utils")
CHECK = Features(check="fixed", arithmetic="reg_utils")


def parse(table, features=ADAM, K=5, iterations=50):
    return parse_expectation(table, 1, file="c2.toml", L=3, num_iterations=iterations, features=features,
                             batches_per_epoch=K)


def message(table, **kwargs) -> str:
    with pytest.raises(ExpectationError) as info:
        parse(table, **kwargs)
    return str(info.value)


def test_epoch_and_batch_name_an_iteration():
    e = parse({"at": "cost", "epoch": 3, "batch": 2, "epoch_cost": 0.7})
    assert e.iteration == 3 * 5 + 2 and e.checks == ("epoch_cost",)
    assert e.where == 'c2.toml: [[expect]] #1 (at "cost", iteration 17)'
    assert parse({"at": "cost", "epoch": 9, "cost": 0.7}).iteration == 45


def test_the_features_tensors_and_a_steps_numbers():
    e = parse({"at": "update 2", "tensor": "v_hat_dW", "shape": [2, 5]})
    assert e.tensor == "v_hat_dW"
    e = parse({"at": "update 1", "scalar": "t", "value": 1})
    assert (e.scalar, e.value.value, e.checks) == ("t", 1.0, ("value",))
    e = parse({"at": "forward 1", "tensor": "D", "zero_share": [0.1, 0.2]}, features=DROPOUT)
    assert e.tensor == "D"
    e = parse({"at": "check 2", "scalar": "difference_W", "value": [0, 1e-7]}, features=CHECK, K=1, iterations=1)
    assert (e.phase, e.layer) == ("check", 2)


@pytest.mark.parametrize(("table", "kwargs", "key", "words"), [
    ({"at": "cost", "epoch": 10, "cost": 0.7}, {}, "epoch", "trains for 10 epochs (0..9)"),
    ({"at": "cost", "epoch": 1, "batch": 5, "cost": 0.7}, {}, "batch", "an epoch has batches 0..4"),
    ({"at": "cost", "epoch": 1, "batch": 1, "cost": 0.7}, {"K": 1}, "batch", "no mini-batches"),
    ({"at": "cost", "batch": 1, "cost": 0.7}, {}, "batch", "needs an epoch"),
    ({"at": "cost", "epoch": 1, "iteration": 5, "cost": 0.7}, {}, "epoch", "not both"),
    ({"at": "forward 3", "tensor": "D", "shape": [1]}, {"features": DROPOUT}, "tensor",
     "forward 3 step has A_prev, W, b, Z, A"),
    ({"at": "update 1", "tensor": "s_dw", "shape": [1]}, {}, "tensor", "did you mean 's_dW'"),
    ({"at": "update 1", "scalar": "beta", "value": 0.9}, {}, "scalar", "the update steps hold learning_rate, t, beta1"),
    ({"at": "update 1", "scalar": "t", "tensor": "W", "value": 1}, {}, "scalar", "not both"),
    ({"at": "update 1", "value": 1}, {}, "value", 'add scalar = "..."'),
    ({"at": "update 1", "scalar": "t"}, {}, None, "says nothing to check"),
    ({"at": "update 1", "epoch_cost": 0.7}, {}, "epoch_cost", 'write at = "cost"'),
    ({"at": "cost", "train_accuracy": 0.9}, {}, "train_accuracy", 'write at = "update"'),
    ({"at": "update", "test_accuracy": 1.5}, {}, "test_accuracy", "between 0 and 1"),
    ({"at": "update 1", "no_nan": True}, {"features": CHECK, "K": 1, "iterations": 1}, "at",
     "last phase is check, not update (a gradient check updates nothing)"),
    ({"at": "check 1", "no_nan": True}, {}, "at", "last phase is update, not check (it has no gradient check)"),
])
def test_each_course2_mistake_gets_one_clear_message(table, kwargs, key, words):
    text = message(table, **kwargs)
    assert text.startswith("c2.toml: [[expect]] #1 (")
    if key:
        assert f": {key}: " in text
    assert words in text, text


@pytest.fixture(scope="module")
def minibatch_session():
    scenario = make_scenario([2, 4, 1], data="make_moons", m=40, init="he", learning_rate=0.1, optimizer="momentum",
                             mini_batch_size=16, num_epochs=4, arithmetic="init_utils", course=2)
    return Session(scenario)


def checked(table, session):
    e = parse_expectation(table, 1, file="c2.toml", L=session.L, num_iterations=session.num_iterations,
                          features=session.features, batches_per_epoch=session.schedule.K)
    return check_expectation(e, session)


def test_epoch_cost_and_accuracy_hold_and_fail_with_the_numbers(minibatch_session):
    session = minibatch_session
    cost = session.epoch_cost(2)
    assert checked({"at": "cost", "epoch": 2, "epoch_cost": cost, "rtol": 0, "atol": 0}, session) is None
    failed = checked({"at": "cost", "epoch": 2, "batch": 1, "epoch_cost": cost + 0.01, "rtol": 0}, session)
    assert "the cost of epoch 2 (its losses over m): expected" in failed and f"actual {cost:.10g}" in failed
    train, test = accuracy(session, session.num_iterations)
    assert test is None
    last = session.num_iterations - 1
    assert checked({"at": "update", "iteration": last, "train_accuracy": train, "rtol": 0}, session) is None
    failed = checked({"at": "update", "iteration": last, "test_accuracy": 0.5}, session)
    assert "the test accuracy: the scenario has no test set" in failed
    v = session.step(3, 2 * session.L + 1).scalars["beta"]
    assert checked({"at": "update 1", "iteration": 3, "scalar": "beta", "value": v}, session) is None
    assert "beta" in checked({"at": "update 1", "iteration": 3, "scalar": "beta", "value": 0.5}, session)


def test_dnnstep_test_runs_course2_expectations(tmp_path, capsys):
    path = tmp_path / "c2.toml"
    path.write_text("""course = 2
[network]
layer_dims = [2, 4, 1]
[init]
method = "he"
[training]
learning_rate = 0.1
optimizer = "adam"
mini_batch_size = 16
num_epochs = 3
arithmetic = "init_utils"
[data]
generator = "make_moons"
m = 40

[[expect]]
at = "update 1"
epoch = 2
batch = 2
scalar = "t"
value = 9

[[expect]]
at = "update 2"
tensor = "step_W"
shape = [1, 4]

[[expect]]
at = "cost"
epoch = 1
epoch_cost = [0.0, 1.0]
""")
    assert main_test([str(path)]) == 0
    out = capsys.readouterr().out
    assert "3 passed, 0 failed" in out
    assert np.isfinite(Session(make_scenario([2, 4, 1], data="make_moons", m=40)).current["A"]).all()

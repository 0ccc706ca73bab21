"""Course 2's steps in the engine: what they hold, how the Session keeps their state, and the
finite-difference check of every backward step under each feature."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from dnnstep.engine import Session
from dnnstep.engine.conditions import CostRises, DeadRelu, GradientNormAbove, NanOrInf
from dnnstep.engine.formulas import shapes_of
from dnnstep.engine.step_formulas import step_formulas
from dnnstep.engine.step import Step
from dnnstep.engine.gradcheck import gradcheck_all
from dnnstep.engine.health import norm
from dnnstep.engine.training import WEEK4, Features
from dnnstep.engine.vocabulary import input_names, scalar_names, tensor_names
from dnnstep.scenario import make_scenario

DIMS = [2, 5, 3, 1]


def course2(**training):
    """A small Course 2 network on the notebook's moons (60 points), trained as ``training`` says."""
    options = dict(data="make_moons", m=60, init="he", learning_rate=0.05, course=2, name="tiny_course2")
    options.update(training)
    if "mini_batch_size" in options:
        options.setdefault("num_epochs", 6)
    else:
        options.setdefault("num_iterations", 30)
    return make_scenario(DIMS, **options)


BIASES = {f"b{l}": np.full((n, 1), 0.1) for l, n in enumerate(DIMS[1:], start=1)}

TRAININGS = {
    "dropout": dict(keep_prob=0.8, arithmetic="reg_utils"),
    "l2": dict(lambd=0.7, arithmetic="reg_utils"),
    "init_utils": dict(arithmetic="init_utils"),
    "momentum": dict(optimizer="momentum", beta=0.9, mini_batch_size=16, arithmetic="init_utils"),
    "adam_decay": dict(optimizer="adam", mini_batch_size=16, decay="schedule_lr_decay", time_interval=2,
                       arithmetic="init_utils"),
    "gd_update_lr": dict(mini_batch_size=16, decay="update_lr", decay_rate=0.5),
    "dropout_adam": dict(keep_prob=0.7, optimizer="adam", mini_batch_size=25, arithmetic="reg_utils"),
    "l2_momentum_dnn": dict(lambd=0.3, optimizer="momentum"),
    # b = 0 would put whole columns of Z[2] on relu's kink (where layer 1 is dead for an example), where
    # the course's centred differences are not the derivative: the course's own test case draws b
    "check": dict(gradient_check={"backward": "fixed"}, arithmetic="reg_utils", parameters=BIASES),
    "check_shipped": dict(gradient_check={"backward": "as_shipped"}, arithmetic="reg_utils", parameters=BIASES),
}


@pytest.fixture(scope="module", params=list(TRAININGS), ids=list(TRAININGS))
def session(request):
    return Session(course2(**TRAININGS[request.param]))


def test_each_step_holds_the_tensors_and_numbers_the_vocabulary_names(session):
    features = session.features
    assert features != WEEK4
    for iteration in range(min(2, session.num_iterations)):
        for step in session.steps(iteration):
            assert tuple(step.tensors) == tensor_names(step.phase, step.layer, session.L, features), step.label
            assert set(input_names(step.phase, step.layer, session.L, features)) <= set(step.tensors)
            assert tuple(step.scalars) == scalar_names(step.phase, features), step.label


def test_the_step_records_the_formula_text_the_screen_shows_and_its_shapes_fit(session):
    for step in session.steps(0):
        lines = step_formulas(step.phase, step.layer, step.activation, shapes_of(step.tensors), session.L,
                              session.features)
        assert step.formula == tuple(line.text for line in lines), step.label
        assert all(line.ok for line in lines), [line.problem for line in lines if not line.ok]


def test_a_far_iteration_replayed_is_the_traced_one_bit_for_bit(session):
    last = session.num_iterations - 1
    traced = Session(session.scenario)
    for iteration in range(last + 1):
        traced.steps(iteration)
    far = Session(session.scenario).steps(last)  # every iteration before it replayed untraced
    for a, b in zip(traced.steps(last), far):
        assert a.label == b.label and tuple(a.tensors) == tuple(b.tensors)
        for name in a.tensors:
            assert np.array_equal(a[name], b[name], equal_nan=True), (a.label, name)
        assert dict(a.scalars) == dict(b.scalars)
    assert np.array_equal(traced.parameters_at(last + 1)["W1"], session.parameters_at(last + 1)["W1"])


def test_the_health_of_a_replayed_iteration_is_the_traced_ones(session):
    last = session.num_iterations - 1
    replayed = Session(session.scenario)
    replayed.goto(last)
    traced = Session(session.scenario)
    for iteration in range(last + 1):
        traced.steps(iteration)
    assert replayed.health_history == traced.health_history


def test_keyframes_keep_the_optimizers_state():
    scenario = course2(**TRAININGS["adam_decay"])
    session = Session(scenario, memory_budget=1)  # a keyframe every few iterations, replays between
    assert session.keyframe_every > 1
    reference = Session(scenario)
    for iteration in range(scenario.num_iterations):
        reference.steps(iteration)
    for iteration in (scenario.num_iterations - 1, 3, 17, 2):
        a, b = session.steps(iteration), reference.steps(iteration)
        for step_a, step_b in zip(a[2 * scenario.L + 1:], b[2 * scenario.L + 1:]):
            for name in ("v_dW", "s_db", "v_hat_dW", "W_new"):
                assert np.array_equal(step_a[name], step_b[name]), (iteration, step_a.label, name)
            assert step_a.scalars["t"] == iteration + 1


def test_an_update_carries_v_and_s_to_the_next_iteration():
    session = Session(course2(**TRAININGS["adam_decay"]))
    L = session.L
    for iteration in range(3):
        this, following = session.steps(iteration), session.steps(iteration + 1)
        for l in range(1, L + 1):
            update, next_update = this[2 * L + l], following[2 * L + l]
            assert np.array_equal(next_update["v_dW"], update["v_dW_new"])
            assert np.array_equal(next_update["s_db"], update["s_db_new"])
            assert np.array_equal(next_update["W"], update["W_new"])
    assert set(session.parameters_at(2)) == {f"{p}{l}" for l in range(1, L + 1) for p in "Wb"}


def test_mini_batches_the_course_way():
    scenario = course2(mini_batch_size=16, num_epochs=3)
    session = Session(scenario)
    assert session.num_iterations == 3 * 4 == scenario.num_iterations
    permutation = np.random.RandomState(10 + 1 + 2).permutation(60)
    batches = [session.batch(i) for i in range(8, 12)]
    assert [(b.epoch, b.k, b.K, b.size) for b in batches] == [(2, 0, 4, 16), (2, 1, 4, 16), (2, 2, 4, 16), (2, 3, 4, 12)]
    assert np.array_equal(np.concatenate([b.columns for b in batches]), permutation)
    step = session.step(11, 0)
    assert np.array_equal(step["A_prev"], scenario.X[:, permutation[48:]])
    assert session.cost_history.size == 12
    for epoch in range(3):
        costs = session.cost_history[4 * epoch:4 * epoch + 4]
        sizes = [16, 16, 16, 12]
        assert session.epoch_cost(epoch) == pytest.approx(sum(c * n for c, n in zip(costs, sizes)) / 60, rel=1e-13)
    assert session.epoch_costs("last").tolist() == session.cost_history[3::4].tolist()


def test_without_mini_batches_an_epoch_is_an_iteration():
    session = Session(course2(num_iterations=5))
    assert [(session.batch(i).epoch, session.batch(i).K, session.batch(i).size) for i in range(5)] == \
        [(i, 1, 60) for i in range(5)]
    session.goto(4)
    assert session.epoch_costs().tolist() == pytest.approx(session.cost_history.tolist(), rel=1e-15)


def test_the_learning_rate_of_each_epoch_under_decay():
    session = Session(course2(mini_batch_size=16, num_epochs=6, decay="schedule_lr_decay", time_interval=2,
                              learning_rate=0.1))
    rates = [session.step(4 * epoch + 1, 2 * session.L + 1).scalars["learning_rate"] for epoch in range(6)]
    # epoch 0 trains with α0, epoch e with schedule_lr_decay(α0, e - 1): 1 + floor((e - 1) / 2)
    assert rates == pytest.approx([0.1, 0.1, 0.1, 0.05, 0.05, 0.1 / 3], rel=1e-15)


def test_dropout_draws_its_masks_once_the_courses_way():
    session = Session(course2(**TRAININGS["dropout"]))
    rng = np.random.RandomState(1)
    D1 = (rng.rand(5, 60) < 0.8).astype(float)
    D2 = (rng.rand(3, 60) < 0.8).astype(float)
    for iteration in (0, 7):
        steps = session.steps(iteration)
        assert np.array_equal(steps[0]["D"], D1) and np.array_equal(steps[1]["D"], D2)
        assert "D" not in steps[2].tensors  # no dropout on the output layer
        assert np.array_equal(steps[0]["A"], steps[0]["A_pre"] * D1 / 0.8)
        backward_1 = steps[2 * session.L]
        assert np.array_equal(backward_1["dA_pre"], backward_1["dA"] * D1 / 0.8)


def test_health_on_the_new_steps():
    dropout = Session(course2(**TRAININGS["dropout"]))
    steps = dropout.steps(0)
    health = dropout.health_history[0]
    A_pre = steps[0]["A_pre"]
    assert health.dead_relu[0] == sum(1 for row in A_pre if not (row > 0).any()) / A_pre.shape[0]
    adam = Session(course2(**TRAININGS["adam_decay"]))
    steps = adam.steps(0)
    for l in (1, 2, 3):
        update = steps[2 * adam.L + l]
        assert adam.health_history[0].update_ratios[l - 1] == norm(update["step_W"]) / norm(update["W"])
    check = Session(course2(**TRAININGS["check"]))
    check.steps(0)
    assert check.health_history[0].update_ratios == (0.0, 0.0, 0.0)


def test_conditions_on_the_new_steps():
    session = Session(course2(**TRAININGS["l2"]))
    found = session.run_until(GradientNormAbove(0.0))
    assert found.found and found.step.label == "backward 3"
    mini = Session(course2(mini_batch_size=16, num_epochs=6, learning_rate=0.5))
    rises = mini.run_until(CostRises())
    assert rises.found and "rose" in rises.reason  # a mini-batch's cost jumps
    check = Session(course2(**TRAININGS["check_shipped"]))
    assert not check.run_until(NanOrInf()).found

    # every unit of a layer dropped in every example is not a dead layer: its relu outputs are alive
    Z = np.ones((2, 3))
    dropped = {"A_prev": np.ones((1, 3)), "W": np.ones((2, 1)), "b": np.zeros((2, 1)), "Z": Z, "A_pre": Z,
               "D": np.zeros((2, 3)), "A": np.zeros((2, 3))}
    assert DeadRelu()(Step(0, 0, "forward", 1, "relu", (), dropped), None) is None
    dead = {name: value for name, value in dropped.items() if name not in ("A_pre", "D")}
    assert "Every ReLU unit of layer 1 is dead" in DeadRelu()(Step(0, 0, "forward", 1, "relu", (), dead), None)


@pytest.mark.parametrize("name", [n for n in TRAININGS if not n.startswith("check")])
@pytest.mark.parametrize("budget", [None, 0], ids=["end_to_end", "local"])
def test_every_backward_step_passes_the_finite_difference_check(name, budget):
    """With L2, with dropout's masks held fixed, with the helpers' 1/m where they put it."""
    session = Session(course2(**TRAININGS[name]))
    for iteration in (0, 5):
        results = gradcheck_all(session, iteration, end_to_end_budget=budget)
        assert all(result.ok for result in results), "\n".join(r.summary() for r in results if not r.ok)


def test_the_finite_difference_check_finds_a_wrong_l2_term(monkeypatch):
    from dnnstep.engine import regularization

    right = regularization.l2_gradient
    monkeypatch.setattr(regularization, "l2_gradient", lambda W, lambd, m: 2 * right(W, lambd, m))
    results = gradcheck_all(Session(course2(**TRAININGS["l2"])), 2)
    assert [result.ok for result in results] == [False, False, False]


def test_the_finite_difference_check_finds_a_dropout_backward_without_the_mask(monkeypatch):
    from dnnstep.engine import regularization

    monkeypatch.setattr(regularization, "dropout_backward", lambda dA, D, keep_prob: dA / keep_prob)
    results = gradcheck_all(Session(course2(**TRAININGS["dropout"])), 2, end_to_end_budget=0)
    assert not all(result.ok for result in results)


def test_the_finite_difference_check_finds_the_shipped_bugs_where_they_are():
    results = gradcheck_all(Session(course2(**TRAININGS["check_shipped"])), 0)
    failed = {(check.layer, check.name) for result in results for check in result.checks if not check.ok}
    assert failed == {(2, "dW"), (1, "db")}


def test_the_gradient_check_phase_points_at_the_planted_bugs():
    steps = Session(course2(**TRAININGS["check_shipped"])).steps(0)
    checks = {step.layer: step for step in steps[7:]}
    assert [step.label for step in steps[7:]] == ["check 1", "check 2", "check 3"]
    assert checks[2].scalars["difference_W"] == pytest.approx(1 / 3, rel=1e-6)
    assert checks[1].scalars["difference_b"] == pytest.approx(3 / 5, rel=1e-6)
    assert checks[1].scalars["difference_W"] < 1e-6 and checks[3].scalars["difference_b"] < 1e-6
    assert np.allclose(checks[2]["dW"], 2 * checks[2]["dW_approx"], rtol=1e-5)
    assert np.array_equal(checks[2]["dW_diff"], np.abs(checks[2]["dW"] - checks[2]["dW_approx"]))
    fixed = Session(course2(**TRAININGS["check"])).steps(0)
    assert fixed[-1].scalars["difference"] < 1e-6
    assert fixed[-1].scalars["difference"] == fixed[7].scalars["difference"]


def test_features_of_a_week4_scenario_are_none():
    week4 = make_scenario([2, 3, 1], m=6)
    assert Session(week4).features == Features() == WEEK4
    assert Session(week4).last_phase == "update"
    assert Session(course2(**TRAININGS["check"])).last_phase == "check"
    assert dataclasses.replace(week4).num_epochs == week4.num_iterations

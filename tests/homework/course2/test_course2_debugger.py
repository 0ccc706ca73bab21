"""``dnnstep --homework FILE SCENARIO`` for a Course 2 file: the file's own ``model`` beside the engine's steps.

A scenario is the notebook's run whose reference calls, cut into steps, are the engine's; a correct file of each
edition shows no difference; a mistake lands ``d`` on its step and tensor; a scenario that is no run of the file's
model gets one message naming those that are."""

from __future__ import annotations

import functools
import re
from pathlib import Path

import numpy as np
import pytest

from dnnstep.app.app import DnnStepApp
from dnnstep.app.widgets.tensor_pane import TensorPane
from dnnstep.engine import Session
from dnnstep.homework.course2.assignments import ASSIGNMENTS
from dnnstep.homework.course2.student_run import Course2Run, scenario_run
from dnnstep.homework.reading.source import HomeworkLoadError
from dnnstep.homework.student_run import open_student_run
from dnnstep.scenario import load_scenario
from tests.homework.course2.make_fixtures import FIXTURES

TIMEOUT = 20.0
DATA = Path(__file__).resolve().parents[3] / "datasets"
MISTAKES = FIXTURES / "mistakes"

#: Each shipped Course 2 scenario and the run of a notebook's model it is (None: none is).
RUNS = {
    "circles_he": 'model(..., initialization = "he")', "circles_random": 'model(..., initialization = "random")',
    "circles_zeros": 'model(..., initialization = "zeros")', "football": "model(...) without regularization",
    "football_l2": "model(..., lambd = 0.7)", "football_dropout": "model(..., keep_prob = 0.86)",
    "moons_gd": 'model(..., optimizer = "gd")', "moons_momentum": 'model(..., optimizer = "momentum")',
    "moons_adam": 'model(..., optimizer = "adam")', "moons_gd_decay": 'model(..., optimizer = "gd")',
    "moons_adam_schedule": 'model(..., optimizer = "adam")', "gradient_check": None,
}
ASSIGNMENT_OF = {"circles": "initialization", "football": "regularization", "moons": "optimization"}


@functools.lru_cache(maxsize=None)
def session(name: str) -> Session:
    if name.startswith("football") and not (DATA / "data.mat").is_file():
        pytest.skip("the course's data.mat is not in datasets/")
    return Session(load_scenario(name, data_dir=DATA))


@pytest.mark.parametrize("name", sorted(RUNS))
def test_each_scenario_is_the_run_of_the_notebooks_model_whose_reference_steps_are_the_engines(name):
    chosen = scenario_run(session(name).scenario, session(name), ASSIGNMENTS)
    assert (chosen.run.label if chosen else None) == RUNS[name]


@pytest.mark.parametrize("edition", ["2017", "2019", "2021", "2023"])
@pytest.mark.parametrize("name", ["circles_he", "football_dropout", "football_l2", "moons_momentum", "moons_adam",
                                  "moons_gd_decay", "moons_adam_schedule"])
def test_a_correct_file_shows_no_difference_on_any_step(edition, name):
    if ("decay" in name or "schedule" in name) and edition in ("2017", "2019"):
        pytest.skip("update_lr and schedule_lr_decay are the 2021 edition's and later")
    run = open_student_run(FIXTURES / edition / f"{ASSIGNMENT_OF[name.split('_')[0]]}.py", session(name),
                           timeout=TIMEOUT)
    try:
        assert isinstance(run, Course2Run)
        assert run.first_divergence() is None
        s = session(name)
        for iteration in range(3):
            for index in range(s.steps_per_iteration):
                step = run.step(iteration, index)
                assert step is not None, run.failure(iteration, index)
                assert run.mismatches(iteration, index) == {}
                assert len(step.tensors) >= 3  # the student's own numbers, not an empty step
    finally:
        run.close()


def test_the_students_values_are_their_own():
    """A mistake shows in the student's step, not the reference's: Adam's s not bias-corrected is s itself."""
    run = open_student_run(MISTAKES / "adam_s_uncorrected.py", session("moons_adam"), timeout=TIMEOUT)
    try:
        student, reference = run.step(0, 7), session("moons_adam").step(0, 7)
        np.testing.assert_allclose(student.tensors["s_hat_dW"], student.tensors["s_dW_new"])
        np.testing.assert_allclose(reference.tensors["s_hat_dW"], reference.tensors["s_dW_new"] / (1 - 0.999))
        assert student.scalars["t"] == 1
    finally:
        run.close()


@pytest.mark.parametrize("mistake, name, where, tensor", [
    ("adam_s_uncorrected", "moons_adam", (0, 7), "s_hat_dW"),
    ("model_t_not_counted", "moons_adam", (1, 7), "v_hat_dW"),
    ("dropout_not_scaled", "football_dropout", (0, 0), "A"),
    ("dropout_backward_not_scaled", "football_dropout", (0, 5), "dA_pre"),
    ("l2_gradient_half", "football_l2", (0, 4), "dW"),
    ("he_xavier", "circles_he", (0, 0), "W"),
    ("mini_batches_last_full", "moons_gd", (4, 0), "A_prev"),
    ("update_lr_off_by_one", "moons_gd_decay", (5, 7), "alpha"),  # epoch 1's α: update_lr(0.1, 1, 1), not (0.1, 0, 1)
])
async def test_d_lands_on_the_step_and_tensor_of_the_mistake(mistake, name, where, tensor):
    s = session(name)
    run = open_student_run(MISTAKES / f"{mistake}.py", s, timeout=TIMEOUT)
    app = DnnStepApp(s, student=run)
    try:
        async with app.run_test(size=(160, 50)) as pilot:
            await app.workers.wait_for_complete()
            await pilot.pause()
            await pilot.press("d")
            await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert app.position == where
            assert isinstance(app.focused, TensorPane) and app.focused.tensor == tensor
            assert app.focused.content.differs
            await pilot.press("x")
            await pilot.pause()
            assert app._grid.sides  # student, reference and difference side by side
    finally:
        run.close()


def test_a_model_that_fails_says_why_on_its_steps_in_one_line():
    run = open_student_run(MISTAKES / "zeros_transposed.py", session("circles_zeros"), timeout=TIMEOUT)
    try:
        assert run.first_divergence()[:2] == (0, 0)
        why = run.failure(0, 0)
        assert why.startswith("the student's model failed here: ValueError: shapes (2,10) and (2,300) not aligned")
        assert "\n" not in why and run.step(0, 0) is None
        assert run.failure(5, 0).startswith("not computed: the student's model stopped before this iteration")
    finally:
        run.close()


def test_a_function_left_out_is_said_on_every_step(tmp_path):
    text = (FIXTURES / "2021" / "optimization.py").read_text()
    start = text.index("def update_parameters_with_adam")
    end = text.index("\ndef ", start + 1)
    path = tmp_path / "optimization.py"
    path.write_text(text[:start] + text[end:])
    run = open_student_run(path, session("moons_adam"), timeout=TIMEOUT)
    try:
        assert run.step(0, 0) is None
        assert run.failure(0, 0) == ("not computed: the file does not define update_parameters_with_adam, which this "
                                     "run of model calls")
        assert run.first_divergence()[:2] == (0, 0)
    finally:
        run.close()


def test_beyond_the_iterations_it_runs_the_debugger_says_so():
    run = open_student_run(FIXTURES / "2021" / "optimization.py", session("moons_gd"), timeout=TIMEOUT)
    try:
        assert run.step(42, 3) is not None and run.mismatches(42, 3) == {}  # ran further when asked
        assert run.step(20000, 0) is None
        said = re.fullmatch(r"not computed: the debugger runs optimization\.py's model for its first (\d+) epochs only "
                            r"\(iterations 0 to (\d+)\); dnnstep check compares its first 2", run.failure(20000, 0))
        epochs, last = int(said[1]), int(said[2])
        assert last == 5 * epochs - 1 and last >= 99  # what RECORD_BYTES holds of the moons' small mini-batches
        assert run.step(last, 9) is not None and run.step(last + 1, 0) is None
    finally:
        run.close()


@pytest.mark.parametrize("file, name, message", [
    ("2021/optimization.py", "circles_he", "this file is Course 2 Optimization Methods (W2A1); scenario circles_he is "
                                           "not a run of its model. The scenarios that are: moons_adam, "
                                           "moons_adam_schedule, moons_gd, moons_gd_decay, moons_gd_schedule, "
                                           "moons_momentum, moons_momentum_schedule"),
    ("2021/initialization.py", "five_layer", "scenario five_layer is not a run of its model (a week-4 scenario). The "
                                             "scenarios that are: circles_he, circles_random, circles_zeros"),
])
def test_a_scenario_that_is_no_run_of_the_files_model_gets_one_message_naming_those_that_are(file, name, message):
    with pytest.raises(HomeworkLoadError) as raised:
        open_student_run(FIXTURES / file, Session(load_scenario(name, data_dir=DATA)), timeout=TIMEOUT)
    assert message in str(raised.value) and "\n" not in str(raised.value)


@pytest.mark.parametrize("edition", ["2017", "2019", "2021", "2023"])
def test_a_gradient_checking_file_steps_through_the_notebooks_check(edition):
    """The file's forward_propagation_n, its backward_propagation_n as the course ships it, and its gradient_check_n:
    the same steps as gradient_check's, J_plus and J_minus from the calls gradient_check_n makes."""
    s = session("gradient_check")
    run = open_student_run(FIXTURES / edition / "gradient_checking.py", s, timeout=TIMEOUT)
    try:
        assert run.first_divergence() is None
        for index in range(s.steps_per_iteration):
            assert run.step(0, index) is not None and run.mismatches(0, index) == {}
        check = run.step(0, 7)
        assert {"J_plus_W", "J_minus_W", "J_plus_b", "J_minus_b"} <= set(check.tensors)
        assert check.scalars["difference"] == pytest.approx(0.2850931567761623, rel=1e-9)
    finally:
        run.close()


@pytest.mark.parametrize("file, scenario, where, words", [
    ("2021/gradient_checking.py", "gradient_check_fixed", (0, 5), "backward 2: dW (3, 5)"),  # the shipped bug, x2
    ("mistakes/gc_n_minus_from_plus.py", "gradient_check", (0, 7),
     "check 1: gradient_check_n returns difference = 0.51779"),
    ("mistakes/gc_n_numerator_no_norm.py", "gradient_check", (0, 7),
     "check 1: gradient_check_n returns a ndarray of shape (47, 1), not difference, a number (hint: difference: the "
     "numerator is grad - gradapprox without the norm"),
])
def test_a_gradient_check_departs_where_the_file_does(file, scenario, where, words):
    run = open_student_run(FIXTURES / file, session(scenario), timeout=TIMEOUT)
    try:
        iteration, index, what = run.first_divergence()
        assert (iteration, index) == where and what.startswith(words)
    finally:
        run.close()


def test_a_gradient_checking_file_names_the_gradient_checks():
    with pytest.raises(HomeworkLoadError, match=r"scenario moons_adam is not the notebook's gradient check\. The "
                                                r"scenarios that are: gradient_check, gradient_check_fixed$"):
        open_student_run(FIXTURES / "2021" / "gradient_checking.py", session("moons_adam"), timeout=TIMEOUT)


@pytest.mark.parametrize("own, step, words", [
    ("def forward_propagation(X, parameters):\n    return None\n", 0,
     "forward_propagation returned a NoneType, not (A3, cache)"),
    ("def backward_propagation(X, Y, cache):\n    return [1, 2]\n", 4,
     "backward_propagation returned a list, not gradients, a dictionary"),
    ("def update_parameters_with_adam(parameters, grads, v, s, t, learning_rate=0.01, beta1=0.9, beta2=0.999, "
     "epsilon=1e-8):\n    return parameters\n", 7, "update_parameters_with_adam returned a dict, not (parameters, v, s)"),
])
def test_a_call_that_returns_something_else_is_said_on_its_step(tmp_path, own, step, words):
    path = tmp_path / "optimization.py"
    path.write_text((FIXTURES / "2021" / "optimization.py").read_text() + "\n\n" + own)
    run = open_student_run(path, session("moons_adam"), timeout=TIMEOUT)
    try:
        assert all(run.step(0, i) is not None for i in range(step))
        assert run.step(0, step) is None and run.failure(0, step).startswith(words)
        assert run.first_divergence()[:2] == (0, step)
    finally:
        run.close()


def test_a_week_4_file_on_a_course_2_scenario_is_told_why_not():
    """Week 4's pipeline trains neither the helpers' order of operations nor Course 2's features: a correct week-4
    file would look wrong there."""
    with pytest.raises(HomeworkLoadError) as raised:
        open_student_run(Path(__file__).parents[1] / "fixtures" / "correct.py", session("moons_adam"), timeout=TIMEOUT)
    assert str(raised.value).endswith(
        "scenario moons_adam trains with Course 2's init_utils's order of operations (no dAL: dZ[L] from A[L] - Y), "
        "adam updates, mini-batches, which week 4's functions do not: choose a week-4 scenario (for example "
        "five_layer or step_by_step)")


def test_dnnstep_homework_with_a_scenario_of_another_assignment_exits_2_with_one_message(monkeypatch, capsys):
    import sys

    from dnnstep.cli import main_debugger

    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)  # the debugger needs a terminal: it fails before opening
    path = FIXTURES / "2021" / "Optimization_methods.ipynb"
    assert main_debugger(["--homework", str(path), "football_l2", "--data", str(DATA)]) == 2
    out, err = capsys.readouterr()
    assert err == (f"dnnstep: {path}: this file is Course 2 Optimization Methods (W2A1); scenario football_l2 is not a "
                   "run of its model. The scenarios that are: moons_adam, moons_adam_schedule, moons_gd, moons_gd_decay, "
                   "moons_gd_schedule, moons_momentum, moons_momentum_schedule\n")
    assert out == ""


def test_a_model_that_hangs_is_stopped_and_said_on_every_step(tmp_path):
    path = tmp_path / "optimization.py"
    path.write_text((FIXTURES / "2021" / "optimization.py").read_text() + "\n\ndef update_parameters_with_adam(parameters, "
                    "grads, v, s, t, learning_rate=0.01, beta1=0.9, beta2=0.999, epsilon=1e-8):\n    while True:\n"
                    "        pass\n")
    run = open_student_run(path, session("moons_adam"), timeout=2)
    try:
        assert run.first_divergence()[:2] == (0, 0)
        for where in ((0, 0), (0, 7), (3, 2)):
            assert run.step(*where) is None
            assert run.failure(*where).startswith("not computed: no call of the student's model came back: did not "
                                                  "return within 2 s (an infinite loop?)")
    finally:
        run.close()


def test_the_decay_is_the_files_own_function_and_a_time_interval_the_model_cannot_pass_is_said(tmp_path):
    """model(..., decay=update_lr) gets the file's update_lr; a scenario whose schedule_lr_decay drops the rate every
    500 epochs is no run of the model, which calls decay(learning_rate0, epoch_num, decay_rate)."""
    run = open_student_run(MISTAKES / "update_lr_off_by_one.py", session("moons_gd_decay"), timeout=TIMEOUT)
    try:
        assert run.step(0, 7).scalars["learning_rate"] == 0.1 and run.step(5, 7).scalars["learning_rate"] == 0.05
        assert session("moons_gd_decay").step(5, 7).scalars["learning_rate"] == 0.1
    finally:
        run.close()
    text = (Path(load_scenario("moons_gd_schedule").path)).read_text().replace("time_interval = 1000",
                                                                              "time_interval = 500")
    (tmp_path / "every_500.toml").write_text(text)
    with pytest.raises(HomeworkLoadError, match=r"scenario every_500 is not a run of its model \(its schedule_lr_decay "
                                                r"drops the rate every 500 epochs, and the notebook's model calls it "
                                                r"with its default time_interval\)"):
        open_student_run(FIXTURES / "2021" / "optimization.py", Session(load_scenario(tmp_path / "every_500.toml")),
                         timeout=TIMEOUT)

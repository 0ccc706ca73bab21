"""The student's run beside the reference's, as the debugger uses it."""

from __future__ import annotations

import numpy as np
import pytest

from dnnstep.engine import Session, step_index
from dnnstep.homework.student_run import HomeworkLoadError, open_student_run
from dnnstep.scenario import load_scenario
from tests.homework.helpers import FIXTURES, SCENARIO


@pytest.fixture(scope="module")
def session():
    return Session(load_scenario(SCENARIO))


def _run(name, session):
    run = open_student_run(FIXTURES / name, session, timeout=20)
    return run


def test_a_correct_homework_has_the_reference_steps_and_no_divergence(session):
    run = _run("correct.ipynb", session)
    try:
        assert run.label == "correct.ipynb"
        assert run.first_divergence() is None
        L = session.L
        for iteration in (0, 1):
            for index in range(3 * L + 1):
                mine, ref = run.step(iteration, index), session.step(iteration, index)
                assert (mine.phase, mine.layer, mine.label) == (ref.phase, ref.layer, ref.label)
                assert set(mine.tensors) == set(ref.tensors)  # dAL and dZ too: the helpers were watched
                assert run.mismatches(iteration, index) == {}
                assert run.failure(iteration, index) is None
    finally:
        run.close()


def test_masks_mark_the_wrong_cells_and_the_first_divergence_is_found(session):
    run = _run("db_no_keepdims.py", session)
    try:
        L = session.L
        index = step_index(L, "backward", L)
        assert run.first_divergence()[:2] == (0, index)
        assert "db" in run.first_divergence()[2]
        masks = run.mismatches(0, index)
        assert list(masks) == ["db"]
        assert masks["db"].shape == session.step(0, index)["db"].shape and masks["db"].all()
        assert run.step(0, index)["db"].shape == (1,)
        assert run.mismatches(0, 0) == {}
    finally:
        run.close()


def test_a_mask_marks_only_the_cells_that_differ(session):
    run = _run("relu_mask_on_dA.py", session)
    try:
        iteration, index, _ = run.first_divergence()
        ref, mine = session.step(iteration, index), run.step(iteration, index)
        mask = run.mismatches(iteration, index)["dZ"]
        assert mask.any() and not mask.all()
        assert np.array_equal(mask, ~np.isclose(ref["dZ"], mine["dZ"], rtol=1e-6, atol=1e-12))
    finally:
        run.close()


def test_a_failing_function_leaves_steps_out_with_the_reason(session):
    run = _run("exception.py", session)
    try:
        assert run.step(0, 0) is None
        assert run.failure(0, 0).startswith("L_model_forward failed: ValueError")
        assert run.failure(0, session.L).startswith("not computed: L_model_forward failed")
        assert run.failure(1, 0).startswith("not computed")
        assert run.first_divergence()[:2] == (0, 0)
        assert all(mask.all() for mask in run.mismatches(0, 0).values())
    finally:
        run.close()


def test_a_network_the_course_functions_cannot_train_is_a_clear_error():
    with pytest.raises(HomeworkLoadError, match="scenario planar's hidden layers use tanh"):
        open_student_run(FIXTURES / "correct.py", Session(load_scenario("planar")))


def test_a_file_that_cannot_load_is_a_clear_error(session):
    with pytest.raises(HomeworkLoadError, match="SyntaxError"):
        open_student_run(FIXTURES / "syntax_error.py", session)


def test_far_iterations_are_trained_in_the_homework_process_and_match(session):
    run = _run("correct.py", session)
    try:
        for iteration in (150, 37, 151):
            for index in (0, 3 * session.L):
                mine, ref = run.step(iteration, index), session.step(iteration, index)
                assert run.mismatches(iteration, index) == {}
                assert np.allclose(mine["W_new" if index else "A_prev"], ref["W_new" if index else "A_prev"],
                                   rtol=1e-9, atol=0)
    finally:
        run.close()


def test_a_failure_in_a_later_iteration_stops_the_run_there(tmp_path, session):
    path = tmp_path / "later.py"
    source = (FIXTURES / "correct.py").read_text().replace(
        "def update_parameters(params, grads, learning_rate):\n",
        "updates = 0\n\n\ndef update_parameters(params, grads, learning_rate):\n"
        "    global updates\n    updates += 1\n    if updates > 2:\n        raise ValueError('the third update')\n")
    path.write_text(source)
    run = open_student_run(path, session, timeout=20)
    try:
        assert run.step(0, 0) is not None  # iteration 0 is fine (1 update)
        assert run.step(10, 0) is None  # training: iteration 1 makes update 2, iteration 2 fails
        assert run.failure(10, 0).startswith("not computed: the student's run stopped at iteration 2:")
        assert "the third update" in run.failure(10, 0)
    finally:
        run.close()


def test_a_homework_that_scales_X_in_place_cannot_change_the_data_of_later_calls(tmp_path, session):
    path = tmp_path / "inplace.py"
    source = (FIXTURES / "correct.py").read_text().replace(
        "def L_model_forward(X, parameters):\n", "def L_model_forward(X, parameters):\n    X *= 2\n")
    path.write_text(source)
    run = open_student_run(path, session, timeout=20)
    try:
        X = session.scenario.X
        for iteration in (0, 1, 5):
            A_prev = run.step(iteration, 0)["A_prev"]
            assert np.array_equal(A_prev, 2 * X)  # what the student's code saw, doubled once, every time
        assert np.array_equal(session.step(0, 0)["A_prev"], X)
        assert run.first_divergence()[:2] == (0, 0)
        assert "A_prev" in run.mismatches(0, 0)
    finally:
        run.close()


def test_an_exception_in_a_hidden_layer_is_placed_at_that_layer(tmp_path, session):
    path = tmp_path / "layer1.py"
    source = (FIXTURES / "correct.py").read_text().replace(
        "        current_cache = caches[l]\n", "        current_cache = caches[l] if l > 0 else None\n")
    path.write_text(source)
    run = open_student_run(path, session, timeout=20)
    try:
        L = session.L
        assert run.step(0, step_index(L, "backward", L)) is not None  # layers L .. 2 finished
        assert run.mismatches(0, step_index(L, "backward", 2)) == {}
        assert run.step(0, step_index(L, "backward", 1)) is None
        assert run.failure(0, step_index(L, "backward", 1)).startswith("L_model_backward failed: TypeError")
        iteration, index, what = run.first_divergence()
        assert (iteration, index) == (0, step_index(L, "backward", 1))
    finally:
        run.close()

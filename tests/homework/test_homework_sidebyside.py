"""The student's run beside the reference's, as the debugger uses it."""

from __future__ import annotations

import numpy as np
import pytest

from dnnstep.engine import Session, step_index
from dnnstep.homework.sidebyside import HomeworkLoadError, open_student_run
from dnnstep.scenario import load_scenario
from tests.homework.helpers import FIXTURES, SCENARIO


@pytest.fixture(scope="module")
def session():
    return Session(load_scenario(SCENARIO))


def _run(name, session):
    run = open_student_run(FIXTURES / name, session, timeout=1.5)
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
    with pytest.raises(HomeworkLoadError, match="scenario planar uses tanh"):
        open_student_run(FIXTURES / "correct.py", Session(load_scenario("planar")))


def test_a_file_that_cannot_load_is_a_clear_error(session):
    with pytest.raises(HomeworkLoadError, match="SyntaxError"):
        open_student_run(FIXTURES / "syntax_error.py", session)

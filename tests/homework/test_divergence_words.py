"""What week 4's debugger and Course 2's share: the first divergence said in one line (``step_words``), the tensors of a
step that differ among those shown (``differing``), and the failures of the steps after one that failed
(``IterationRun.fail``)."""

from __future__ import annotations

import numpy as np

from dnnstep.engine.step import Step
from dnnstep.homework.comparing.divergence import differing, step_mismatches
from dnnstep.homework.comparing.pipeline import IterationRun
from dnnstep.homework.comparing.tolerance import compare
from dnnstep.homework.reporting.report import describe, step_words


def _step(**tensors) -> Step:
    return Step(0, 4, "backward", 3, "sigmoid", "", {k: np.array(v, dtype=float) for k, v in tensors.items()}, {})


def test_a_divergence_is_said_with_its_first_tensors_or_its_message_and_its_hint():
    dW, db = compare("dW", np.ones((2, 2)), np.zeros((2, 2))), compare("db", np.ones((2, 1)), np.zeros((2, 1)))
    assert step_words("backward 3", [dW, db]) == f"backward 3: {describe(dW)}; {describe(db)}"
    assert step_words("backward 3", [dW, db], hint="1/m is missing", shown=1) == \
        f"backward 3: {describe(dW)} (hint: 1/m is missing)"
    assert step_words("cost", message="compute_cost failed: ValueError") == "cost: compute_cost failed: ValueError"
    place = "epoch 0, mini-batch 0: update (update_parameters_with_adam)"
    assert step_words("update 1", [dW], "ignored", "t starts at 0", shown=1, place=place) == \
        f"update 1: {place}: {describe(dW)} (hint: t starts at 0)"
    assert step_words("update 1", place=place) == f"update 1: {place}"


def test_only_the_tensors_shown_are_held_against_the_reference():
    reference = _step(dW=[[1.0, 2.0]], db=[[1.0]], dA_prev=[[3.0]])
    student = _step(dW=[[1.0, 5.0]], db=[[1.0]])  # dA_prev is not shown: missing, unless only those shown count
    assert [d.name for d in differing(reference, student)] == ["dW", "dA_prev"]
    assert [d.name for d in differing(reference, student, student.tensors)] == ["dW"]
    masks = step_mismatches(reference, student, student.tensors)
    assert list(masks) == ["dW"] and masks["dW"].tolist() == [[False, True]]


def test_a_failed_step_says_why_and_the_later_ones_say_so_too():
    run = IterationRun([None] * 5, [None] * 5)
    assert run.fail(2, "it raised", rest="not computed: it raised") is run
    assert run.failures == [None, None, "it raised", "not computed: it raised", "not computed: it raised"]
    assert IterationRun([None] * 3, [None] * 3).fail(1, "no call").failures == [None, "no call", "no call"]

"""Course 2's mistake models: each one, given the inputs of its function's cases, is named by the hints when a
student's value is what it computes; the checks on the numbers (a dropout mask drawn again) likewise; and the
course's own values (the reference's) never fire a hint."""

from __future__ import annotations

import copy

import numpy as np
import pytest

from dnnstep.homework.course2 import cases as course_cases
from dnnstep.homework.course2.assignments import ASSIGNMENTS
from dnnstep.homework.course2.contracts import answers, assignment_of, compare
from dnnstep.homework.course2.editions import BY_KEY
from dnnstep.homework.course2.functions import hints_for, models_for, quietly
from dnnstep.homework.course2.mistakes import CODES, MODELS
from dnnstep.homework.course2.mistakes.regularization import mask_hints


def _cases():
    data = {"circles": course_cases.circles(), "moons": course_cases.moons(), "football": course_cases.moons()}
    found = []
    for key in ("2019", "2023"):
        edition = BY_KEY[key]
        for case in course_cases.course_cases(edition) + course_cases.network_cases(data):
            found.append((edition, case))
    return found


CASES = _cases()
MODEL_CASES = [(edition, case, index) for edition, case in CASES for index in range(len(MODELS.get(case.function, ())))]


def test_every_model_has_words_and_a_function_of_the_course():
    functions = {f for a in ASSIGNMENTS for f in a.functions}
    for function, models in MODELS.items():
        assert function in functions
        for code, message, mistaken in models:
            assert code in CODES and CODES[code]
            assert callable(mistaken)


@pytest.mark.parametrize("edition,case,index", MODEL_CASES,
                         ids=lambda v: v.key if hasattr(v, "key") else getattr(v, "function", str(v)))
def test_a_student_who_made_the_mistake_is_told_so(edition, case, index):
    code, _message, mistaken = models_for(edition)[case.function][index]
    assignment = assignment_of(case.function)
    ((_, expected), *_) = quietly(answers, case.function, case.args, assignment, edition)
    try:
        student = quietly(mistaken, *copy.deepcopy(case.args))
    except Exception:  # noqa: BLE001 - a mistake that raises on these inputs: explained as an exception elsewhere
        pytest.skip("this mistake raises on these inputs")
    comparison = compare(case.function, expected, student)
    if comparison.ok:
        pytest.skip("this mistake gives the course's numbers on these inputs")
    hints = hints_for(case.function, case.args, expected, student, comparison, case.m, edition)
    alike = {code} | {other for other, _, model in models_for(edition)[case.function] if _gives(model, case, student)}
    assert alike & {h.code for h in hints}, (case.where, [(h.code, h.message) for h in hints])


def _gives(model, case, value) -> bool:
    """Whether ``model`` gives ``value`` on the case's inputs too (mistakes that these inputs cannot tell apart)."""
    try:
        return compare(case.function, quietly(model, *copy.deepcopy(case.args)), value).ok
    except Exception:  # noqa: BLE001
        return False


@pytest.mark.parametrize("edition,case", CASES, ids=lambda v: v.key if hasattr(v, "key") else v.function)
def test_the_course_s_own_value_fires_no_hint(edition, case):
    assignment = assignment_of(case.function)
    ((_, expected), *_) = quietly(answers, case.function, case.args, assignment, edition)
    comparison = compare(case.function, expected, copy.deepcopy(expected))
    assert comparison.ok
    assert hints_for(case.function, case.args, expected, copy.deepcopy(expected), comparison, case.m, edition) == []


def test_a_backward_mask_drawn_again_is_named_from_the_numbers():
    from dnnstep.course2 import regularization

    X, Y, cache = regularization_case()
    expected = regularization.backward_propagation_with_dropout(X, Y, cache, 0.8)
    student = copy.deepcopy(expected)
    other = np.random.RandomState(7).rand(*cache[6].shape) < 0.8  # another D2
    W3, dZ3 = cache[12], cache[11] - Y
    student["dA2"] = np.dot(W3.T, dZ3) * other / 0.8
    hints = mask_hints("backward_propagation_with_dropout", (X, Y, cache, 0.8), expected, student)
    assert [h.code for h in hints] == ["dropout-backward-mask"] and hints[0].tensor == "dA2"
    # the forward's own mask, however written, is no mistake
    assert mask_hints("backward_propagation_with_dropout", (X, Y, cache, 0.8), expected, expected) == []


def regularization_case():
    from dnnstep.course2 import cases

    return cases.backward_propagation_with_dropout_test_case()

"""Each of Course 2's functions alone: the course's inputs, then the notebook's network, against the reference.

For every graded (and given) function of an assignment that the file defines, :func:`check_functions`
calls it in the homework's process on its cases (:mod:`dnnstep.homework.course2.cases`) and compares
what it returns with the reference's value on a copy of the same inputs, as the file's edition returns
it (:mod:`dnnstep.homework.course2.contracts`). The first case a function fails is reported in full (the
mismatching tensors, the hints, or the exception); its other cases are not run. Where the evidence
leaves editions that differ in a function's contract (what Adam returns), the function is judged by
each in turn, and the report says which it fits.

The homework's process holds no reference (Course 2's helpers are the course's own files, as text):
a function that calls another graded function the student wrote wrong is checked with it as it is,
and its block says so.
"""

from __future__ import annotations

import contextlib
import copy
import io
import re
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from dnnstep.homework.comparing.cases import Case
from dnnstep.homework.course2.assignments import Assignment
from dnnstep.homework.course2.cases import course_cases
from dnnstep.homework.course2.contracts import (
    accepted_note, answers, as_edition, compare, parameter_names, reference)
from dnnstep.homework.course2.editions import Detection, Edition
from dnnstep.homework.course2.mistakes import EXTRA_HINTS, MODELS
from dnnstep.homework.diagnosing.exceptions import describe_exception
from dnnstep.homework.diagnosing.hints import Hint, diagnose, render_message
from dnnstep.homework.reading.editions import judged_edition
from dnnstep.homework.reporting.findings import FunctionResult
from dnnstep.homework.running.process import HomeworkProcess

#: The functions whose contract depends on the edition, and the rule that says how.
EDITION_RULES = {"update_parameters_with_adam": lambda e: e.adam_returns_corrected}


@dataclass
class Judged:
    """The edition each edition-dependent function was judged by (``fitted``), and those that fit none."""

    detection: Detection
    fitted: dict[str, Edition] = field(default_factory=dict)
    unfit: set[str] = field(default_factory=set)

    @property
    def edition(self) -> Edition:
        """The edition the file is judged by (:func:`~dnnstep.homework.reading.editions.judged_edition`)."""
        return judged_edition(self.fitted, self.unfit, self.detection)


def judge_edition(process: HomeworkProcess, assignment: Assignment, homework) -> Judged:
    """The edition ``homework`` (loaded in ``process``) is judged by as ``assignment``, as :func:`check_functions`
    judges it on the course's cases (the debugger's, which checks no function): its edition-dependent functions
    fitted on their cases of the evidence's edition, where the evidence leaves editions that differ on them (else
    the evidence's edition, without a call)."""
    judged = Judged(homework.course2_evidence)
    depends = [f for f, rule in EDITION_RULES.items() if f in assignment.functions and f in homework.defined
               and len(judged.detection.differ(rule)) > 1]
    if depends:
        check_functions(process, assignment, depends, course_cases(judged.detection.edition), judged)
    return judged


def quietly(function, *args, **kwargs):
    """``function(*args, **kwargs)`` with what it prints kept from dnnstep's own output (the course's checks print),
    and numpy's warnings silenced (a cost of log(0) is a value to compare, not a message for the terminal)."""
    with contextlib.redirect_stdout(io.StringIO()), np.errstate(all="ignore"):
        return function(*args, **kwargs)


def check_functions(process: HomeworkProcess, assignment: Assignment, defined, cases: list[Case],
                    judged: Judged) -> list[FunctionResult]:
    """Check each function of ``assignment`` that the homework ``defined``, on its ``cases``, in course order."""
    results, failed = [], []
    checked = {c.function for c in cases}  # model is checked by running it (training), not case by case
    for function in [f for f in assignment.functions if f in set(defined) and f in checked]:
        result = FunctionResult(function)
        for case in (c for c in cases if c.function == function):
            if not _check_case(process, assignment, case, result, judged):
                break
        callees = [f for f in assignment.calls.get(function, ()) if f in failed]
        if callees:
            names = " and ".join(callees)
            result.notes.append(f"it calls your {names}, which fail{'s' if len(callees) == 1 else ''} above: "
                                f"fix {'that' if len(callees) == 1 else 'those'} first")
        if not result.ok:
            failed.append(function)
        results.append(result)
    return results


def _ways(function: str, judged: Judged) -> tuple[Edition, ...]:
    """The editions to judge ``function`` by, in turn: the one it already fits, else one per contract the evidence
    leaves (the evidence's own edition alone for a function whose contract is the same in every edition)."""
    if function in judged.fitted:
        return (judged.fitted[function],)
    rule = EDITION_RULES.get(function)
    return judged.detection.differ(rule) if rule else (judged.detection.edition,)


def _check_case(process: HomeworkProcess, assignment: Assignment, case: Case, result: FunctionResult,
                judged: Judged) -> bool:
    result.cases_run += 1
    call = process.call(case.function, case.args)
    changed = [i for i in call.changed_args if i not in changed_by_course(case.function, case.args, assignment)]
    if changed:
        names = parameter_names(case.function, assignment)
        words = ", ".join(names[i] if i < len(names) else f"argument {i + 1}" for i in changed)
        _note(result, f"{case.function} changed its input {words} in place, which the course's does not "
                      "(dnnstep passed copies)")
    ways = _ways(case.function, judged)
    if not call.ok:
        result.status, result.case, result.message = call.status, case.where, call.message
        result.inputs = describe_inputs(case, assignment)
        result.traceback = call.frames + ([call.outside] if call.outside else [])
        if call.status == "exception":
            result.hints = explain_exception(case.function, case.args, call.message, ways[0])
        result.output = call.output
        return False
    first = None
    for edition in ways:
        for what, expected in quietly(answers, case.function, case.args, assignment, edition):
            comparison = compare(case.function, expected, call.value)
            if comparison.ok:
                if case.function in EDITION_RULES:
                    judged.fitted.setdefault(case.function, edition)
                if what:
                    _note(result, accepted_note(case.function, what))
                result.cases_passed += 1
                return True
            if first is None:
                first = (edition, expected, comparison)
    edition, expected, comparison = first
    if case.function in EDITION_RULES:
        judged.fitted.setdefault(case.function, edition)
        if len(ways) > 1:  # it fits none of the contracts the evidence leaves
            judged.unfit.add(case.function)
    result.status, result.case = "mismatch", case.where
    result.inputs = describe_inputs(case, assignment)
    result.tensors = [t for t in comparison.tensors if not t.ok]
    result.problems = comparison.problems
    result.hints = hints_for(case.function, case.args, expected, call.value, comparison, case.m, edition)
    if case.function in SEEDED:  # numbers drawn without the course's seed: no model can tell more than that
        result.hints = _unseeded(process, case, call.value) or result.hints
    result.output = call.output
    return False


#: The functions that seed numpy's generator themselves, so that the same inputs always give the same numbers.
SEEDED = {"forward_propagation_with_dropout": "np.random.seed(1)", "initialize_parameters_random": "np.random.seed(3)",
          "initialize_parameters_he": "np.random.seed(3)", "random_mini_batches": "np.random.seed(seed)"}


def _unseeded(process: HomeworkProcess, case: Case, first) -> list[Hint]:
    """A hint when the student's function gives other numbers on a second call with the same inputs: its seed is missing."""
    again = process.call(case.function, case.args, check_changes=False)
    if not again.ok or compare(case.function, first, again.value).ok:
        return []
    return [Hint("seed-missing", "", f"{case.function} gives other numbers each time it is called with the same inputs: "
                                     f"{SEEDED[case.function]} at its top is missing, which the course's has so that "
                                     "everyone draws the same numbers")]


def changed_by_course(function: str, args: tuple, assignment: Assignment) -> set[int]:
    """The positions of the arguments the course's own ``function`` changes in place (the updates replace the entries of
    the dictionaries they are given): a student's that does the same is doing what the course does."""
    given = copy.deepcopy(args)
    try:
        quietly(reference(function, assignment), *given)
    except Exception:  # noqa: BLE001 - inputs the course's cannot take: it changes nothing
        return set()
    return {i for i, (before, after) in enumerate(zip(args, given)) if not _same(before, after)}


def _same(a, b) -> bool:
    if isinstance(a, dict):
        return isinstance(b, dict) and a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)):
        return isinstance(b, (list, tuple)) and len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    if isinstance(a, np.ndarray):
        return isinstance(b, np.ndarray) and a.shape == b.shape and np.array_equal(a, b, equal_nan=True)
    return a is b or a == b


def _note(result: FunctionResult, note: str) -> None:
    if note not in result.notes:
        result.notes.append(note)


def models_for(edition: Edition) -> dict:
    """Course 2's mistake models, their values in ``edition``'s form."""
    def shaped(function, mistaken):
        return lambda *args: as_edition(edition, function, mistaken(*args))
    return {function: [(code, message, shaped(function, mistaken)) for code, message, mistaken in models]
            for function, models in MODELS.items()}


def hints_for(function: str, args: tuple, expected: Any, actual: Any, comparison, m: int | None,
              edition: Edition) -> list[Hint]:
    """The mistakes that explain the student's ``actual`` (the mistake models, then the checks on the numbers)."""
    hints = quietly(diagnose, function, args, expected, actual, comparison, m, models=models_for(edition))
    explained = {t for h in hints for t in (h.explains or (h.tensor,))}
    for extra in EXTRA_HINTS:
        hints += [h for h in extra(function, args, expected, actual) if h.tensor not in explained]
    return hints


def explain_exception(function: str, args: tuple, message: str, edition: Edition) -> list[Hint]:
    """The mistake model of ``function`` that raises the student's exception on the same inputs, if one does."""
    wanted = message.strip().splitlines()[0] if message.strip() else ""
    for code, text, mistaken in models_for(edition).get(function, ()):
        try:
            quietly(mistaken, *copy.deepcopy(args))
        except Exception as error:  # noqa: BLE001 - the model's own exception is the evidence
            if describe_exception(error).splitlines()[0] == wanted:
                words = render_message(text, args, tensor=function, m=None)
                if words:
                    return [Hint(code, "", words)]
    if wanted == "ValueError: setting an array element with a sequence.":
        return [Hint("numpy-scalar", "", "a one-element array was stored into one number (theta_plus[i][0] = "
                                         "theta_plus[i] + epsilon: theta_plus[i] is a row of shape (1,)): numpy 1.25 "
                                         "and later refuse it, where the course's older numpy took it; take the number "
                                         "itself: theta_plus[i][0] + epsilon")]
    key = re.match(r"KeyError: '(\w+)'", wanted)
    if key:
        return [Hint("missing-keys", "", f"{function} asked for {key.group(1)!r}, which its inputs do not hold: the "
                                         "course's keys are W1, b1, ... (parameters) and dW1, db1, ... (grads, v, s)")]
    return []


def describe_inputs(case: Case, assignment: Assignment) -> str:
    """``"parameters {W1: (2, 3), ...}, grads {...}, learning_rate 0.01"``: a case's inputs by name and shape."""
    from dnnstep.homework.comparing.functions import _describe

    names = parameter_names(case.function, assignment)
    return ", ".join(f"{name} {_describe(value)}" for name, value in zip(names, case.args))

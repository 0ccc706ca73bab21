"""Checking each graded function alone: the same inputs as the reference, one call at a time.

For every graded function the homework defines, :func:`check_functions` calls it in the
homework's process on the course's own test inputs, then on each scenario's network, and
compares what it returns with :mod:`dnnstep.course` on copies of the same inputs, as the
homework's course edition returns it (:mod:`dnnstep.homework.reading.editions`). The first case a
function fails is reported in full (mismatching tensors, hints, or the exception with its
traceback); its remaining cases are not run.

Each function is diagnosed on its own: once a function fails, the reference's version stands
in for it while the functions that call it are checked, so a second mistake does not hide
behind the first, and a function right in itself is not blamed for the one it calls.
"""

from __future__ import annotations

import copy
from typing import Any, Iterable

import numpy as np

from dnnstep import course
from dnnstep.homework.comparing.cases import Case
from dnnstep.homework.comparing.returns import compare_outputs
from dnnstep.homework.diagnosing.exceptions import LAYER_OF, course_frame, explain_exception
from dnnstep.homework.diagnosing.hints import diagnose
from dnnstep.homework.diagnosing.source_mistakes import explain_from_source
from dnnstep.homework.reading.editions import (
    EDITION_FUNCTIONS, EDITIONS, TOLERATED, Detection, EditionFinding, expected_for,
)
from dnnstep.homework.reading.source import GRADED, PARAMETERS
from dnnstep.homework.reporting.findings import FunctionResult
from dnnstep.homework.running.process import HomeworkProcess
from dnnstep.homework.running.protocol import arrays_in

#: Which graded function calls which, in the course's own solution.
CALLS = {
    "linear_activation_forward": ("linear_forward",),
    "L_model_forward": ("linear_activation_forward", "linear_forward"),
    "linear_activation_backward": ("linear_backward",),
    "L_model_backward": ("linear_activation_backward", "linear_backward"),
    "two_layer_model": ("initialize_parameters", "linear_activation_forward", "compute_cost",
                        "linear_activation_backward", "update_parameters"),
    "L_layer_model": ("L_model_forward", "compute_cost", "L_model_backward", "update_parameters"),
}

def parameter_names(function: str) -> tuple[str, ...]:
    """The reference's parameter names of ``function`` (``("dZ", "cache")``), for describing its inputs."""
    return PARAMETERS[function]


def check_functions(process: HomeworkProcess, functions: Iterable[str], cases: list[Case],
                    edition: EditionFinding | None = None) -> list[FunctionResult]:
    """Check each of ``functions`` (graded names the homework defines) on its ``cases``.

    ``edition`` says which course edition's contract to judge by; the functions whose contract
    depends on the edition are recorded in it (``fitted``), with the edition they fit when the
    evidence did not decide. Without it, the current edition's rules apply.
    """
    edition = edition if edition is not None else EditionFinding(Detection.assumed(), {}, {})
    results = []
    failed: list[str] = []
    for function in [f for f in GRADED if f in set(functions)]:
        result = FunctionResult(function)
        substitute = tuple(f for f in failed if f in _called_by(function))
        for case in (c for c in cases if c.function == function):
            if case.proves_nothing:
                result.notes.append(f"{case.where} proves nothing and is not counted: {case.proves_nothing}")
                continue
            if not _check_case(process, case, result, edition, substitute):
                break
        if substitute:
            names = " and ".join(substitute)
            result.notes.append(
                f"checked with the course's {names} in place of yours (which fail{'s' if len(substitute) == 1 else ''}"
                f" above), so that this is {function}'s own {'finding' if not result.ok else 'result'}")
        if not result.ok:
            failed.append(function)
        note = edition.outside_notes().get(function)
        if note and note not in result.notes:
            result.notes.append(note)
        results.append(result)
    return results


def _called_by(function: str) -> set[str]:
    """Every graded function ``function`` calls in the course's solution, directly or not."""
    found: set[str] = set()
    todo = list(CALLS.get(function, ()))
    while todo:
        name = todo.pop()
        if name not in found:
            found.add(name)
            todo.extend(CALLS.get(name, ()))
    return found


#: (function, the homework is the Application) -> the reference functions it may be, the one it is judged by
#: first, and what to say when it is that one: a function the Application's helpers define otherwise than the Step
#: by Step (its initialisation, seed 1, randn / np.sqrt(n[l-1])), pasted into an Application file, is that helper.
REFERENCES = {
    ("initialize_parameters_deep", True): (
        ("initialize_parameters_deep_app",
         "initialize_parameters_deep is the Application's helper (seed 1, randn / np.sqrt(layer_dims[l-1])), as the "
         "course's dnn_app_utils defines it: checked as the Application's, not as the Step by Step graded function"),
        ("initialize_parameters_deep", "")),
}


def references(function: str, application: bool) -> tuple[tuple[str, str], ...]:
    """The reference functions ``function`` of a homework (the Application's or not) is held to, with the note
    that says which one it matched; the first judges it when it matches none."""
    return REFERENCES.get((function, application), ((function, ""),))


def expected_output(function: str, args: tuple) -> Any:
    """The reference's return value on a copy of ``args`` (whose read-only arrays, the scenario's X and
    the reference's tensors, nobody can change: they are not copied)."""
    shared = {id(array): array for array in arrays_in(args) if not array.flags.writeable}
    return getattr(course, function)(*copy.deepcopy(args, shared))


def _check_case(process: HomeworkProcess, case: Case, result: FunctionResult, edition: EditionFinding,
                substitute: tuple[str, ...] = ()) -> bool:
    result.cases_run += 1
    call = process.call(case.function, case.args, substitute=substitute)
    if call.changed_args:
        names = parameter_names(case.function)
        changed = ", ".join(names[i] if i < len(names) else f"argument {i + 1}" for i in call.changed_args)
        note = (f"{case.function} changed its input {changed} in place "
                "(dnnstep passed copies; the course's tests may not)")
        if note not in result.notes:
            result.notes.append(note)
    if not call.ok:
        result.status = call.status
        result.case = case.where
        result.inputs = describe_inputs(case)
        result.message = call.message
        result.traceback = call.frames + ([course_frame(call.outside)] if call.outside else [])
        if call.status == "exception":
            calls = None
            if case.function in LAYER_OF:  # again, watching what its layers are given
                calls = process.call(case.function, case.args, record=(LAYER_OF[case.function],)).calls
            result.hints = (explain_from_source(process.homework, case.function, case.args, call.message, call.frames,
                                                calls)
                            or explain_exception(case.function, case.args, call.message, call.outside, calls))
        result.output = call.output
        return False
    candidates = references(case.function, process.homework.application)
    for reference, note in candidates:
        expected = expected_output(reference, case.args)
        comparison = _by_edition(case.function, expected, call.value, edition)
        if comparison.ok:
            result.cases_passed += 1
            if note and note not in result.notes:
                result.notes.append(note)
            return True
    if len(candidates) > 1:
        reference, note = candidates[0]
        expected = expected_output(reference, case.args)
        comparison = _by_edition(case.function, expected, call.value, edition)
        result.notes.append(f"this file is the Application: {case.function} matches neither the Application's "
                            f"helper nor the Step by Step graded function, and is shown against the Application's")
    result.status = "mismatch"
    result.case = case.where
    result.inputs = describe_inputs(case)
    result.tensors = [t for t in comparison.tensors if not t.ok]
    result.problems = comparison.problems
    if case.function in EDITION_FUNCTIONS:  # the mistake models speak today's form: their values are put in the
        judged = edition.fitted.get(case.function, edition.detection.edition)  # judged edition's, as the student's is
        expected = expected_for(judged, case.function, expected)
        result.hints = diagnose(case.function, case.args, expected, call.value,
                                compare_outputs(case.function, expected, call.value), case.m,
                                project=lambda value: expected_for(judged, case.function, value))
    else:
        result.hints = diagnose(case.function, case.args, expected, call.value, comparison, case.m)
    _explain_skipped_import(process, result)
    result.output = call.output
    return False


def _explain_skipped_import(process: HomeworkProcess, result: FunctionResult) -> None:
    """Link an Application model trained from the wrong initialisation to the import that was skipped."""
    if not any(h.code == "app-init" for h in result.hints):
        return
    for note in process.load_notes:
        if "dnn_app_utils" in note and "skipped" in note:
            result.notes.append(f"{note}: so {result.function} got the course's Step by Step "
                                "initialize_parameters_deep, not the Application's")


def _by_edition(function: str, expected: Any, actual: Any, edition: EditionFinding):
    """Compare by the contract of the edition the function was judged by so far, else of the file's
    edition; when that does not fit and the evidence does not decide, by the other editions' too."""
    if function not in EDITION_FUNCTIONS:
        return compare_outputs(function, expected, actual)
    judged = edition.fitted.get(function)
    detection = edition.detection
    first = judged or detection.edition
    comparison = compare_outputs(function, expected_for(first, function, expected), actual)
    if not comparison.ok and (first.key, function) in TOLERATED and detection.allows(
            TOLERATED[first.key, function][0], function, first):
        also, note = TOLERATED[first.key, function]
        tolerated = compare_outputs(function, expected_for(also, function, expected), actual)
        if tolerated.ok:
            comparison = tolerated
            edition.notes[function] = note
    if comparison.ok or judged is not None:
        edition.fitted.setdefault(function, first)
        return comparison
    for other in detection.others():
        if detection.allows(other, function, first) and compare_outputs(
                function, expected_for(other, function, expected), actual).ok:
            edition.fitted[function] = other
            return compare_outputs(function, expected_for(other, function, expected), actual)
    edition.fitted[function] = first
    if not detection.decided:
        edition.unfit.add(function)
    for other in EDITIONS:
        if other != first and compare_outputs(function, expected_for(other, function, expected), actual).ok:
            edition.outside[function] = other
            break
    return comparison


def describe_inputs(case: Case) -> str:
    """``"dZ (3, 4), cache ((5, 4), (3, 5), (3, 1))"``: the inputs of a case, by name and shape."""
    names = parameter_names(case.function)
    return ", ".join(f"{name} {_describe(value)}" for name, value in zip(names, case.args))


def _describe(value: Any) -> str:
    if isinstance(value, np.ndarray):
        return str(tuple(value.shape))
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_describe(v)}" for k, v in value.items()) + "}"
    if isinstance(value, (tuple, list)) and any(isinstance(v, (np.ndarray, tuple, list)) for v in value):
        inner = ", ".join(_describe(v) for v in value)
        return f"({inner})" if isinstance(value, tuple) else f"[{inner}]"
    return repr(value)

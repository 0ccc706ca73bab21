"""Checking each graded function alone: the same inputs as the reference, one call at a time.

For every graded function the homework defines, :func:`check_functions` calls it in the
homework's process on the course's own test inputs, then on each scenario's network, and
compares what it returns with :mod:`dnnstep.course` on copies of the same inputs. The
first case a function fails is reported in full (mismatching tensors, hints, or the
exception with its traceback); its remaining cases are not run.
"""

from __future__ import annotations

import copy
import inspect
import re
from typing import Any, Iterable

import numpy as np

from dnnstep import course
from dnnstep.homework.comparing.cases import Case
from dnnstep.homework.comparing.returns import compare_outputs
from dnnstep.homework.diagnosing.exceptions import LAYER_OF, course_frame, explain_exception
from dnnstep.homework.diagnosing.hints import diagnose
from dnnstep.homework.reading.source import GRADED
from dnnstep.homework.reporting.findings import FunctionResult
from dnnstep.homework.running.process import HomeworkProcess

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
    return tuple(inspect.signature(getattr(course, function)).parameters)


def check_functions(process: HomeworkProcess, functions: Iterable[str], cases: list[Case]) -> list[FunctionResult]:
    """Check each of ``functions`` (graded names the homework defines) on its ``cases``."""
    results = []
    for function in [f for f in GRADED if f in set(functions)]:
        result = FunctionResult(function)
        for case in (c for c in cases if c.function == function):
            if case.proves_nothing:
                result.notes.append(f"{case.where} proves nothing and is not counted: {case.proves_nothing}")
                continue
            if not _check_case(process, case, result):
                break
        results.append(result)
    failed = {r.function for r in results if not r.ok}
    for result in results:
        if not result.ok:
            upstream = [f for f in CALLS.get(result.function, ()) if f in failed]
            if upstream:
                result.notes.append(
                    f"{result.function} normally calls {' and '.join(upstream)}, "
                    f"which fail{'s' if len(upstream) == 1 else ''} too: fix that first")
    return results


def expected_output(function: str, args: tuple) -> Any:
    """The reference's return value on a copy of ``args``."""
    return getattr(course, function)(*copy.deepcopy(args))


def _check_case(process: HomeworkProcess, case: Case, result: FunctionResult) -> bool:
    result.cases_run += 1
    call = process.call(case.function, case.args)
    if call.changed_args:
        names = parameter_names(case.function)
        changed = ", ".join(names[i] if i < len(names) else f"argument {i + 1}" for i in call.changed_args)
        note = (f"{case.function} changed its input {changed} in place "
                "(dnnstep passed copies; the course's tests may not)")
        if note not in result.notes:
            result.notes.append(note)
    if not call.ok:
        _explain_name_error(process, call.message, result)
        result.status = call.status
        result.case = case.where
        result.inputs = describe_inputs(case)
        result.message = call.message
        result.traceback = call.frames + ([course_frame(call.outside)] if call.outside else [])
        if call.status == "exception":
            calls = None
            if case.function in LAYER_OF:  # again, watching what its layers are given
                calls = process.call(case.function, case.args, record=(LAYER_OF[case.function],)).calls
            result.hints = explain_exception(case.function, case.args, call.message, call.outside, calls)
        result.output = call.output
        return False
    expected = expected_output(case.function, case.args)
    comparison = compare_outputs(case.function, expected, call.value)
    if comparison.ok:
        result.cases_passed += 1
        return True
    result.status = "mismatch"
    result.case = case.where
    result.inputs = describe_inputs(case)
    result.tensors = [t for t in comparison.tensors if not t.ok]
    result.problems = comparison.problems
    result.hints = diagnose(case.function, case.args, expected, call.value, comparison, case.m)
    result.output = call.output
    return False


def _explain_name_error(process: HomeworkProcess, message: str, result: FunctionResult) -> None:
    match = re.match(r"NameError: name '(\w+)' is not defined", message)
    if match:
        where = process.homework.skipped_assignment(match.group(1))
        if where:
            result.notes.append(
                f"{match.group(1)} is set at {where} by a statement that calls something, which dnnstep does "
                "not run when it loads homework (only imports, defs, classes and plain values are run): "
                "compute it inside the function, or write it as a plain value")


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

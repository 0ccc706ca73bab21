"""Where the student's run first departs from the reference, and why.

:func:`first_divergence` walks the student's steps (from a
:class:`~dnnstep.homework.comparing.pipeline.StudentPipeline`) beside the engine's, in training
order, and returns the first step with a tensor out of tolerance, or a call that failed,
as a :class:`~dnnstep.homework.reporting.findings.Divergence`: which function, which tensors,
whether the step's inputs still matched, and the hints recomputed on the student's own
inputs of that step.
"""

from __future__ import annotations

import copy
import re
from typing import Sequence

import numpy as np

from dnnstep import course
from dnnstep.engine.step import Step
from dnnstep.homework.comparing.functions import CALLS
from dnnstep.homework.comparing.pipeline import INPUTS, NOT_ARRAYS, OPTIONAL, PIPELINE, IterationRun, StudentPipeline
from dnnstep.homework.comparing.returns import compare_outputs
from dnnstep.homework.comparing.tolerance import TensorDiff, compare, mismatch_mask
from dnnstep.homework.diagnosing.exceptions import course_frame, explain_exception
from dnnstep.homework.diagnosing.cache_mistakes import CACHES_OF_A
from dnnstep.homework.diagnosing.hints import Hint, diagnose, tensor_hint
from dnnstep.homework.diagnosing.source_mistakes import explain_from_source
from dnnstep.homework.reporting.findings import Divergence


def first_divergence(pipeline: StudentPipeline, iterations: int) -> Divergence | None:
    """The first step, over ``iterations`` iterations, where the student's run departs."""
    for iteration in range(iterations):
        run = pipeline.run(iteration)
        if run is None:
            return None
        reference = pipeline.reference(iteration)
        for index, ref in enumerate(reference):
            step = run.steps[index]
            if step is None:
                return _failure(pipeline, iteration, index, ref, run)
            diffs = compare_step(ref, step, run.raw.get(NOT_ARRAYS, {}).get(index, {}))
            bad = [d for d in diffs.values() if not d.ok]
            issue = run.raw.get("cache_issues", {}).get(ref.layer) if ref.phase == "forward" else None
            if issue:
                bad.append(TensorDiff(issue[1], False, problem=issue[2]))
            if bad:
                return _divergence(pipeline, iteration, index, ref, step, diffs, bad, run)
    return None


def _blame(ref: Step, bad: Sequence[TensorDiff] = ()) -> str:
    if ref.phase == "forward":
        return "L_model_forward"
    if ref.phase == "cost":
        return "compute_cost" if not bad or any(d.name == "J" for d in bad) else "L_model_backward"
    return "L_model_backward" if ref.phase == "backward" else "update_parameters"


def _failure(pipeline: StudentPipeline, iteration: int, index: int, ref: Step, run: IterationRun) -> Divergence:
    failed = next((f for f in PIPELINE if f in run.calls and not run.calls[f].ok), None)
    function = failed or _blame(ref)
    call = run.calls[failed] if failed else None
    d = _new_divergence(pipeline, iteration, index, ref, function)
    d.status = call.status if call is not None else "mismatch"
    d.message = run.failures[index] or ""
    if call is not None:
        d.traceback = call.frames + ([course_frame(call.outside)] if call.outside else [])
        if call.status == "exception" and (args := pipeline.arguments(run, failed)) is not None:
            d.hints = (explain_from_source(pipeline.process.homework, failed, args, call.message, call.frames, call.calls)
                       or explain_exception(failed, args, call.message, call.outside, call.calls))
    return d


def _new_divergence(pipeline: StudentPipeline, iteration, index, ref: Step, function: str) -> Divergence:
    helpers = [h for h in CALLS.get(function, ()) if h in pipeline.own]
    return Divergence(pipeline.scenario.name, iteration, index, ref.phase, ref.layer, ref.label, function,
                      function in pipeline.own, helpers)


def _divergence(pipeline: StudentPipeline, iteration: int, index: int, ref: Step, step: Step,
                diffs: dict[str, TensorDiff], bad: list[TensorDiff], run: IterationRun) -> Divergence:
    d = _new_divergence(pipeline, iteration, index, ref, _blame(ref, bad))
    d.tensors = list(bad)
    inputs = [diffs[name] for name in INPUTS[ref.phase] if name in diffs]
    d.inputs_matched = all(t.ok for t in inputs)
    d.hints = step_hints(ref, step, bad, pipeline.scenario.m, run)
    return d


def compare_step(ref: Step, step: Step, not_arrays: dict | None = None) -> dict[str, TensorDiff]:
    """Each of the reference step's tensors against the student's (unknown optional ones left out); a value of
    the student's that is not an array (``not_arrays``: a matrix, a tuple) is described as a function's check
    describes it."""
    diffs = {}
    optional = OPTIONAL.get(ref.phase, ())
    for name, expected in ref.tensors.items():
        if name not in step.tensors:
            if name in (not_arrays or {}):
                diffs[name] = compare(name, expected, not_arrays[name])
            elif name not in optional:
                diffs[name] = TensorDiff(name, False, tuple(expected.shape), None, "is missing")
            continue
        diffs[name] = compare(name, expected, step.tensors[name])
    return diffs


def differing(reference: Step, student: Step, shown=None) -> list[TensorDiff]:
    """The tensors of ``reference`` that ``student`` gets wrong (:func:`compare_step`), of those in ``shown`` when it is
    given (what the student's calls show: the rest is not compared)."""
    return [diff for name, diff in compare_step(reference, student).items()
            if not diff.ok and (shown is None or name in shown)]


def step_mismatches(reference: Step, student: Step | None, shown=None) -> dict[str, np.ndarray]:
    """Per tensor of ``reference``, a boolean mask (the reference's shape), True where ``student`` differs; a tensor
    that matches is left out, and so is one outside ``shown`` (:func:`differing`). No student step marks every
    element; a wrong shape marks every element."""
    if student is None:
        return {name: np.ones(v.shape, dtype=bool) for name, v in reference.tensors.items()}
    return {d.name: mismatch_mask(reference.tensors[d.name], student.tensors.get(d.name))
            for d in differing(reference, student, shown)}


def step_hints(ref: Step, step: Step, bad: Sequence[TensorDiff], m: int, run: IterationRun | None = None) -> list[Hint]:
    """Hints for a step of the student's run, recomputed on the student's own inputs of that step."""
    t, hints = step.tensors, []
    layer_function = ref.activation in ("relu", "sigmoid")
    try:
        if ref.phase == "forward" and layer_function and all(k in t for k in ("A_prev", "W", "b", "A")):
            args = (np.array(t["A_prev"]), np.array(t["W"]), np.array(t["b"]), ref.activation)
            expected = course.linear_activation_forward(*copy.deepcopy(args))
            actual = (t["A"], ((t["A_prev"], t["W"], t["b"]), t.get("Z")))
            hints += diagnose("linear_activation_forward", args, expected, actual,
                              compare_outputs("linear_activation_forward", expected, actual), m)
        elif ref.phase == "backward" and layer_function and all(k in t for k in ("dA", "Z", "A_prev", "W")):
            cache = ((np.array(t["A_prev"]), np.array(t["W"]), np.zeros((t["W"].shape[0], 1))), np.array(t["Z"]))
            args = (np.array(t["dA"]), cache, ref.activation)
            expected = course.linear_activation_backward(*copy.deepcopy(args))
            actual = (t.get("dA_prev"), t.get("dW"), t.get("db"))
            hints += diagnose("linear_activation_backward", args, expected, actual,
                              compare_outputs("linear_activation_backward", expected, actual), m)
        elif ref.phase == "update" and run is not None and (whole := _whole_update_hints(ref, run, m)):
            hints += whole
        elif ref.phase == "update" and all(k in t for k in ("W", "b", "dW", "db")):
            args = ({"W1": np.array(t["W"]), "b1": np.array(t["b"])},
                    {"dW1": np.array(t["dW"]), "db1": np.array(t["db"])}, float(ref.scalars["learning_rate"]))
            expected = course.update_parameters(*copy.deepcopy(args))
            actual = {"W1": t.get("W_new"), "b1": t.get("b_new")}
            found = diagnose("update_parameters", args, expected, actual,
                             compare_outputs("update_parameters", expected, actual), m)
            renamed = {"W1": "W_new", "b1": "b_new"}
            hints += [Hint(h.code, renamed.get(h.tensor, h.tensor),
                           re.sub(r"\b(W1|b1)\b", lambda match: renamed[match.group(1)], h.message)) for h in found]
        elif ref.phase == "cost" and (cost := _returned_cost(step, run)) is not None:
            args = (np.array(t["AL"]), np.array(t["Y"]))
            expected = course.compute_cost(*copy.deepcopy(args))
            comparison = compare_outputs("compute_cost", expected, cost)
            found = diagnose("compute_cost", args, expected, cost, comparison, m)
            hints += [Hint(h.code, "J", h.message) for h in found]
    except Exception:  # noqa: BLE001 - inputs of the wrong shape: the tensor checks below still apply
        pass
    if ref.phase == "forward" and run is not None:
        hints += _forward_structure_hints(ref, run, m)
    if ref.phase in ("cost", "backward") and run is not None and run.raw.get("grads") is not None:
        whole = [h for h in _whole_backward_hints(run, m) if h.code in WHOLE_BACKWARD_CODES]
        if ref.phase == "cost":  # the step shows dAL: say it of dAL
            whole = [Hint(h.code, "dAL", h.message.split(": ", 1)[-1], ("dAL",)) for h in whole
                     if h.code.startswith("dAL-")]
        hints += whole
    issue = run.raw.get("cache_issues", {}).get(ref.layer) if run is not None and ref.phase == "forward" else None
    if issue and not any(h.code == issue[0] for h in hints):
        code, caches, problem = issue
        if code == "cache-order":
            hints.append(Hint(code, caches, f"{caches} {problem}: L_model_forward must append each layer's cache to "
                                            "caches in layer order 1..L"))
        elif code == "caches-item" and problem.startswith("holds layer"):
            hints.append(Hint(code, caches, CACHES_OF_A))
    bad_names = {d.name for d in bad}
    hints = [h for h in hints if h.tensor in bad_names or h.code in WHOLE_BACKWARD_CODES + CACHE_CODES]
    named = {h.tensor for h in hints}
    for diff in bad:
        if diff.name in named or diff.name not in ref.tensors:  # caches[l]: said by the cache hints above
            continue
        hint = tensor_hint(diff.name, ref.tensors[diff.name], step.tensors.get(diff.name), m)
        if hint is not None:
            if diff.name == "dAL" and hint.code == "sign":
                hint = Hint("dAL-sign", "dAL",
                            "dAL has the wrong sign: dAL = -(np.divide(Y, AL) - np.divide(1 - Y, 1 - AL))")
            hints.append(hint)
    return _dedupe_codes(hints)


def _dedupe_codes(hints: list[Hint]) -> list[Hint]:
    """The first hint of each code (one code, one explanation per step)."""
    seen, out = set(), []
    for hint in hints:
        if hint.code not in seen:
            seen.add(hint.code)
            out.append(hint)
    return out


WHOLE_BACKWARD_CODES = ("dAL-sign", "dAL-formula", "dAL-dZ", "grads-keys", "extra-keys", "missing-keys")
#: The hints on what a layer's forward step keeps in caches (shown on the forward step, not on a tensor of it).
CACHE_CODES = ("cache-order", "cache-item", "caches-item")


def _forward_structure_hints(ref: Step, run: IterationRun, m: int) -> list[Hint]:
    """Hints from the raw return value of the student's linear_activation_forward at this layer."""
    watched = run.raw.get("forward_calls") or []
    if len(watched) < ref.layer or ref.activation not in ("relu", "sigmoid"):
        return []
    _, args, actual = watched[ref.layer - 1]
    try:
        expected = course.linear_activation_forward(*copy.deepcopy(tuple(args)))
    except Exception:  # noqa: BLE001
        return []
    comparison = compare_outputs("linear_activation_forward", expected, actual)
    return [h for h in diagnose("linear_activation_forward", tuple(args), expected, actual, comparison, m)
            if h.code in CACHE_CODES]


def _returned_cost(step: Step, run: IterationRun | None):
    """What the student's compute_cost returned at this step: the step's J, or (when it is not a number, as a
    tuple) the value itself; ``None`` when it did not return."""
    if "J" in step.tensors:
        return step.tensors["J"]
    call = run.calls.get("compute_cost") if run is not None else None
    return call.value if call is not None and call.ok else None


def _whole_update_hints(ref: Step, run: IterationRun, m: int) -> list[Hint]:
    """Hints from the whole of update_parameters on the student's own parameters and grads, said of this step's
    layer (``update-layers`` names the layers a loop left out, which one layer's numbers cannot tell)."""
    raw, call = run.raw, run.calls.get("update_parameters")
    if call is None or not call.ok or raw.get("grads") is None or "parameters" not in raw:
        return []
    args = (raw["parameters"], raw["grads"], float(ref.scalars["learning_rate"]))
    try:
        expected = course.update_parameters(*copy.deepcopy(args))
    except Exception:  # noqa: BLE001 - the student's grads are not the course's: nothing to recompute
        return []
    comparison = compare_outputs("update_parameters", expected, call.value)
    mine = {f"W{ref.layer}": "W_new", f"b{ref.layer}": "b_new"}
    return [Hint(h.code, mine[h.tensor] if h.tensor in mine else "W_new", h.message, tuple(mine.values()))
            for h in diagnose("update_parameters", args, expected, call.value, comparison, m)
            if mine.keys() & set(h.explains or (h.tensor,))]


def _whole_backward_hints(run: IterationRun, m: int) -> list[Hint]:
    """Hints from the whole of L_model_backward on the student's own AL and caches (dAL's sign, keys)."""
    raw = run.raw
    args = (np.array(raw["AL"]), np.array(raw["Y"]), raw["caches"])
    try:
        expected = course.L_model_backward(*copy.deepcopy(args))
    except Exception:  # noqa: BLE001 - the student's caches are not the course's: nothing to recompute
        return []
    comparison = compare_outputs("L_model_backward", expected, raw["grads"])
    if comparison.ok:
        return []
    return diagnose("L_model_backward", args, expected, raw["grads"], comparison, m)

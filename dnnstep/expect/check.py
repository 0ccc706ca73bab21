"""Checking one Expectation against a Session: every check of the table, one verdict.

``check_expectation(expectation, session)`` returns ``None`` when everything holds, else
the failure message: where (file, expectation, step) and, for each check that failed,
expected against actual.
"""

from __future__ import annotations

import numpy as np

from dnnstep.engine.gradcheck import gradcheck_layer
from dnnstep.engine.predict import accuracy
from dnnstep.engine.step import Step, step_index
from dnnstep.engine.vocabulary import course_label
from dnnstep.expect import compare
from dnnstep.expect.spec import Expectation


def steps_of(expectation: Expectation, session) -> list[Step]:
    """The step the expectation names, or every layer's step of a whole phase."""
    L = session.scenario.L
    layers = [expectation.layer] if expectation.layer is not None else list(range(1, L + 1))
    return [session.step(expectation.iteration, step_index(L, expectation.phase, layer)) for layer in layers]


def check_expectation(expectation: Expectation, session) -> str | None:
    """``None`` when every check of ``expectation`` holds at its step(s), else the message."""
    problems: list[str] = []
    gradchecked: set[int] = set()
    for step in steps_of(expectation, session):
        problems.extend(_check_step(expectation, step, session, gradchecked))
    problems.extend(_check_run(expectation, session))
    if not problems:
        return None
    head = f"{expectation.where}: {len(problems)} check{'s' if len(problems) > 1 else ''} failed"
    return "\n".join([head, *problems])


def _check_step(e: Expectation, step: Step, session, gradchecked: set[int]) -> list[str]:
    problems: list[str] = []
    # A whole phase checks several steps: say which one each problem is at.
    here = f"at {step.label}" if e.layer is None else ""
    if e.tensor is not None:
        if e.tensor not in step.tensors:
            return [_at(here, f"the step has no tensor {e.tensor}; it has {', '.join(step.tensors)}")]
        array = np.asarray(step.tensors[e.tensor])
        label = course_label(e.tensor, step.phase, step.layer, session.L, aliases=False)
        found = []
        if e.shape is not None:
            found.append(compare.compare_shape(label, e.shape, array))
        if e.values is not None:
            found.append(compare.compare_values(label, e.values, array, e.rtol, e.atol))
        for key, bound in e.bounds.items():
            found.append(_check_summary(label, key, bound, array))
        if e.no_nan:
            found.append(compare.nonfinite(label, array))
        problems.extend(_at(here, p) for p in found if p)
    elif e.no_nan:
        for name, array in step.tensors.items():
            problem = compare.nonfinite(course_label(name, step.phase, step.layer, session.L, aliases=False), array)
            if problem:
                problems.append(_at(here, problem))
    if e.value is not None:
        actual = step.scalars.get(e.scalar)
        problem = compare.compare_bound(e.scalar, "", e.value, float("nan") if actual is None else float(actual))
        if problem:
            problems.append(_at(here, problem))
    if e.cost is not None:
        J = step.cost
        problem = compare.compare_bound("J", "(the cost)", e.cost, float("nan") if J is None else J)
        if problem:
            problems.append(_at(here, problem))
    if e.gradcheck and step.layer not in gradchecked:
        gradchecked.add(step.layer)
        result = gradcheck_layer(session, step.iteration, step.layer)
        if not result.ok:
            problems.append(_at(here, result.summary()))
    return problems


def _check_run(e: Expectation, session) -> list[str]:
    """The checks of what the run gives around the step: the epoch's cost, the accuracies after the update."""
    problems = []
    if e.epoch_cost is not None:
        epoch = session.batch(e.iteration).epoch
        problem = compare.compare_bound(f"the cost of epoch {epoch}", "(its losses over m)", e.epoch_cost,
                                        session.epoch_cost(epoch))
        if problem:
            problems.append(problem)
    if e.train_accuracy is not None or e.test_accuracy is not None:
        train, test = accuracy(session, e.iteration + 1)
        for what, bound, value in (("train", e.train_accuracy, train), ("test", e.test_accuracy, test)):
            if bound is None:
                continue
            if value is None:
                problems.append(f"the {what} accuracy: the scenario has no test set")
                continue
            problem = compare.compare_bound(f"the {what} accuracy", f"after iteration {e.iteration}", bound, value)
            if problem:
                problems.append(problem)
    return problems


def _at(here: str, problem: str) -> str:
    return f"{here}: {problem}" if here else problem


def _check_summary(label: str, key: str, bound, array: np.ndarray) -> str | None:
    if array.size == 0:
        return f"{label} is empty, so it has no {key}"
    with np.errstate(all="ignore"):
        if key in ("min", "max"):
            extreme, where = (np.min, np.nanargmin) if key == "min" else (np.max, np.nanargmax)
            value = float(extreme(array))  # NaN when any element is NaN
            detail = "" if np.isnan(value) else \
                f" (at {compare.index_text(np.unravel_index(int(where(array)), array.shape))})"
            return compare.compare_bound(label, key, bound, value, detail)
        if key == "mean":
            return compare.compare_bound(label, "mean", bound, float(np.mean(array)))
        zeros = int(np.count_nonzero(array == 0))
        return compare.compare_bound(label, "share of zeros", bound, zeros / array.size,
                                     f" ({zeros} of {array.size} elements are 0)")

"""What each tensor pane shows for a step: read from the Step, never computed.

:func:`pane_contents` turns the current Step (and, when a student's run is compared,
the student's Step and mismatch masks) into one :class:`PaneContent` per tensor. The
only arithmetic here is for display: summaries, and the student-minus-reference
difference a pane draws.
"""

from __future__ import annotations

import dataclasses
from functools import lru_cache
from typing import Mapping

import numpy as np

from dnnstep.app.phase_sizes import PaneSize
from dnnstep.app.values import SummaryCache
from dnnstep.app.widgets.tensor_pane import PaneContent
from dnnstep.engine.change import update_ratio
from dnnstep.engine.formulas import format_shape
from dnnstep.engine.step import Step
from dnnstep.engine.vocabulary import LAYER_GRADIENTS, SCALARS, course_label

PENDING_GRADIENTS = LAYER_GRADIENTS
"""Gradients a forward or cost step has not computed yet; their panes say so."""

DERIVED = {"dW_change": "W"}
"""The panes worked out for the screen from a step's tensors, and the tensor whose shape
each has: ΔW = W after − W before has W's."""


def derived_sizes(sizes: Mapping[str, PaneSize]) -> dict[str, PaneSize]:
    """``sizes`` (what each tensor's pane is sized for) with the derived panes' (``DERIVED``),
    never integers."""
    sizes = dict(sizes)
    for name, source in DERIVED.items():
        if source in sizes:
            sizes[name] = dataclasses.replace(sizes[source], integers=None)  # (its layers' shapes too)
    return sizes


def tensor_title(name: str, step: Step, L: int) -> str:
    """A step tensor's name in course notation: ``A_prev`` of layer 3 is ``A[2]``."""
    return course_label(name, step.phase, step.layer, L)


SCALAR_SYMBOLS = {"beta": "β", "beta1": "β1", "beta2": "β2", "epsilon": "ε", "learning_rate0": "α0"}
"""How the formulas write a Course 2 step's numbers (the rest by their names: ``t``, ``epoch``)."""


def scalar_words(step: Step, training=None) -> str:
    """The numbers of a Course 2 step that no pane shows, as the formulas name them:
    ``t = 13 · β1 = 0.9 · β2 = 0.999 · ε = 1e-08``, and from ``training`` (``engine.training.Training``)
    λ where the step holds an L2 term and keep_prob where it holds a mask; ``""`` for a week-4
    step (its J and α have panes)."""
    words = []
    if training is not None and ("J_L2" in step.tensors or "dW_L2" in step.tensors):
        words.append(f"λ = {training.lambd:g}")
    if training is not None and "D" in step.tensors:
        words.append(f"keep_prob = {training.keep_prob:g}")
    for name, value in step.scalars.items():
        if name in SCALARS.get(step.phase, ()) or name in step.tensors:
            continue
        shown = f"{value:.10g}" if name.startswith("difference") else f"{value:g}"
        words.append(f"{SCALAR_SYMBOLS.get(name, name)} = {shown}")
    return " · ".join(words)


def update_change(step: Step, summaries: SummaryCache, differences: DifferenceCache,
                   decimals: int | None) -> PaneContent:
    """ΔW[l] = W after − W before (which is −α dW[l]) and ||ΔW|| / ||W||: what the update changed,
    which W before and W after, alike at 4 decimals, do not show."""
    W = step.tensors["W"]
    change = differences.get(step.tensors["W_new"], W)  # W_new - W, kept while on screen
    # what the update subtracted: α dW (gd), α v (momentum) or Adam's step
    what = "step_W" if "step_W" in step.tensors else "α v_dW" if "v_dW" in step.tensors else "α dW"
    return PaneContent(f"ΔW[{step.layer}]", change, summaries.get(change), decimals=decimals,
                       subtitle=f"= −{what}  ‖ΔW‖/‖W‖ {update_ratio(change, W):.1e}")


@lru_cache(maxsize=8)
def _scalar_array(value: float) -> np.ndarray:
    """``value`` as a 0-d array, the same object each time: its summary and drawn frames
    are cached by the array's identity, so a fresh array per step would miss both."""
    array = np.array(value, dtype=np.float64)
    array.flags.writeable = False
    return array


class DifferenceCache:
    """Student-minus-reference arrays for the panes, kept while they are on screen."""

    def __init__(self, size: int = 24) -> None:
        self._items: dict[tuple[int, int], tuple[np.ndarray, np.ndarray, np.ndarray]] = {}
        self._size = size

    def get(self, student: np.ndarray, reference: np.ndarray) -> np.ndarray:
        key = (id(student), id(reference))
        hit = self._items.get(key)
        if hit is not None and hit[0] is student and hit[1] is reference:
            return hit[2]
        with np.errstate(invalid="ignore", over="ignore"):
            difference = np.asarray(student, dtype=np.float64) - np.asarray(reference, dtype=np.float64)
        if len(self._items) >= self._size:
            self._items.pop(next(iter(self._items)))
        self._items[key] = (student, reference, difference)
        return difference


def _alpha(step: Step, student: Step | None, summaries: SummaryCache, compare: bool,
           decimals: int | None = None) -> PaneContent:
    """The learning rate α of an update step, a number; compared with the student's when
    the student's step carries one (else the student used the scenario's, the same)."""
    title = "α"
    alpha = _scalar_array(float(step.scalars["learning_rate"]))
    if not compare:
        return PaneContent(title, alpha, summaries.get(alpha), decimals=decimals, subtitle="the learning rate")
    theirs = None if student is None else student.scalars.get("learning_rate")
    mine = alpha if theirs is None else _scalar_array(float(theirs))
    difference = _scalar_array(float(mine) - float(alpha))
    same = float(difference) == 0
    return PaneContent(title, mine, summaries.get(mine), reference=alpha, reference_summary=summaries.get(alpha),
                       difference=difference, difference_summary=summaries.get(difference),
                       mask=None if same else np.ones((), bool),
                       verdict="the same learning rate" if same else "the learning rates differ", decimals=decimals,
                       subtitle="the learning rate")


def pane_names(step: Step, *, compare: bool = False) -> list[str]:
    """The names of the panes ``pane_contents`` gives for ``step``, in its order: the step's
    tensors, then an update's learning rate (``alpha``) and what it changed (``dW_change``,
    not when comparing), or a forward or cost step's gradients still to come."""
    names = list(step.tensors)
    if step.phase == "update" and "learning_rate" in step.scalars:
        names += ["alpha"] if compare else ["alpha", "dW_change"]
    if step.phase in ("forward", "cost"):
        names += [name for name in PENDING_GRADIENTS if name not in step.tensors]
    return names


def pane_contents(
    step: Step,
    L: int,
    summaries: SummaryCache,
    *,
    student: Step | None = None,
    compare: bool = False,
    failure: str | None = None,
    mismatches: Mapping[str, np.ndarray] | None = None,
    differences: DifferenceCache | None = None,
    decimals: int | None = None,
    marked: Step | None = None,
) -> dict[str, PaneContent]:
    """One PaneContent per tensor of ``step`` (plus the pending gradients' notes).

    Args:
        step: the reference step.
        L: the number of layers.
        summaries: where display statistics are cached.
        student: the student's step at the same place, when comparing.
        compare: True when a student's run is being compared (even if ``student`` is None).
        failure: why the student has no step here, when it has none.
        mismatches: the student's mismatch masks by tensor name.
        differences: where difference arrays are cached.
        decimals: digits after the point in every pane (``None``: the panes' own choice).
        marked: a step to compare with: each tensor that the marked step also holds, in the
            same shape, is shown as this step's value minus the marked step's.
    """
    contents: dict[str, PaneContent] = {}
    mismatches = mismatches or {}
    differences = differences or DifferenceCache()
    for name, reference in step.tensors.items():
        title = tensor_title(name, step, L)
        if not compare:
            before = None if marked is None or marked is step else marked.tensors.get(name)
            if before is not None and np.shape(before) == np.shape(reference):
                change = differences.get(reference, before)
                contents[name] = PaneContent(title, change, summaries.get(change), decimals=decimals,
                                             subtitle="− mark")
            else:
                contents[name] = PaneContent(title, reference, summaries.get(reference), decimals=decimals)
            continue
        value = None if student is None else student.tensors.get(name)
        mask = mismatches.get(name)
        if value is None and student is not None and mask is None:  # not among what the student's calls return
            contents[name] = PaneContent(
                title, None, None, missing=f"student: the student's calls do not show {name} here (not compared)",
                reference=reference, reference_summary=summaries.get(reference), verdict="not compared",
            )
            continue
        if value is None:
            why = failure or f"the student's run has no {name} here"
            contents[name] = PaneContent(
                title, None, None, missing=f"student: {why}", reference=reference,
                reference_summary=summaries.get(reference), mask=mask, verdict="no student value",
            )
            continue
        same_shape = value.shape == reference.shape
        difference = differences.get(value, reference) if same_shape else None
        if mask is None:
            verdict = "matches the reference"
        elif not same_shape:
            verdict = f"student {format_shape(value.shape)}, reference {format_shape(reference.shape)}"
        else:
            verdict = f"{int(np.count_nonzero(mask))} of {mask.size} cells differ"
        contents[name] = PaneContent(
            title, value, summaries.get(value), reference=reference,
            reference_summary=summaries.get(reference), difference=difference,
            difference_summary=None if difference is None else summaries.get(difference), mask=mask, verdict=verdict,
            decimals=decimals,
        )
    for name in pane_names(step, compare=compare)[len(step.tensors):]:
        if name == "alpha":
            contents[name] = _alpha(step, student, summaries, compare, decimals)
        elif name == "dW_change":
            contents[name] = update_change(step, summaries, differences, decimals)
        else:  # a gradient the backward pass computes later
            l = step.layer
            contents[name] = PaneContent(
                f"{name}[{l}]",
                missing=f"not computed yet in iteration {step.iteration}: the step backward {l} computes it, after the cost.",
            )
    return contents

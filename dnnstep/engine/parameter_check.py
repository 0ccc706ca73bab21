"""Which parameters a gradient check finds wrong: the check phase's numbers, one per parameter.

``gradient_check_n`` boils every parameter down to one number, ``difference``; the notebook then
asks the learner to find *where* the backward is wrong. Here each parameter θ[i] (the course's
``dictionary_to_vector`` order: W1 row by row, b1, W2, ...) gets its own relative difference

    relative[i] = |grad[i] - gradapprox[i]| / (|grad[i]| + |gradapprox[i]|)

and a verdict, and the parameters are grouped by the array they belong to (W1, b1, ..., bL), so
a wrong formula shows as a whole group lighting up: the shipped ``backward_propagation_n`` lights
up W2 (``dW2 ... * 2``: relative 1/3) and b1 (``db1 = 4./m ...``: relative 3/5).

Verdicts, per parameter:

- ``ZERO``: grad and gradapprox are both exactly 0 (a unit that is dead for every example: no
  path from θ[i] to J). They agree, but say nothing about the formula.
- ``AGREE``: relative < ``UNSURE_FROM`` (1e-5), or the two differ by less than the rounding that
  gradapprox carries (``rounding(J, ε)``: J's last bits, divided by 2ε).
- ``UNSURE``: ``UNSURE_FROM`` <= relative < ``DISAGREE_FROM`` (1e-3). A right formula gives this
  where the gradient itself is tiny (the fixed backward reaches 4e-6 on this network).
- ``DISAGREE``: relative >= 1e-3 and more than rounding apart. A wrong formula (a factor, a sign,
  a missing term) gives 0.1 to 1.

Shapes: each group's arrays have its parameter's shape, W[l] (n[l], n[l-1]) and b[l] (n[l], 1).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np

ZERO, AGREE, UNSURE, DISAGREE = 0, 1, 2, 3
"""The verdicts of one parameter (see the module docstring)."""

UNSURE_FROM = 1e-5
DISAGREE_FROM = 1e-3

COURSE_THRESHOLD = 2e-7
"""Above this ``difference`` the notebook's ``gradient_check_n`` prints "There is a mistake in the
backward propagation!" (2019 on; 1e-7 in 2017, see ``dnnstep.course2.gradient_checking``)."""


def rounding(J: float, epsilon: float) -> float:
    """How far gradapprox can be off by rounding alone: J⁺ and J⁻ are each rounded to about
    ``eps * max(|J|, 1)``, and their difference is divided by 2ε (with a margin of 10)."""
    return 10 * np.finfo(np.float64).eps * max(abs(J), 1.0) / (2 * epsilon)


def relative_differences(grad: np.ndarray, approx: np.ndarray) -> np.ndarray:
    """``|grad - approx| / (|grad| + |approx|)`` element by element, 0 where both are 0."""
    numerator = np.abs(grad - approx)
    denominator = np.abs(grad) + np.abs(approx)
    with np.errstate(invalid="ignore", divide="ignore"):
        relative = numerator / denominator
    return np.where(denominator == 0, 0.0, relative)


def verdicts(grad: np.ndarray, approx: np.ndarray, J: float, epsilon: float) -> np.ndarray:
    """The verdict of each element (``ZERO``, ``AGREE``, ``UNSURE``, ``DISAGREE``), shaped like ``grad``."""
    relative = relative_differences(grad, approx)
    within_rounding = np.abs(grad - approx) <= rounding(J, epsilon)
    verdict = np.full(grad.shape, AGREE, dtype=np.int64)
    verdict[(relative >= UNSURE_FROM) & ~within_rounding] = UNSURE
    verdict[(relative >= DISAGREE_FROM) & ~within_rounding] = DISAGREE
    verdict[(grad == 0) & (approx == 0)] = ZERO
    verdict[~np.isfinite(relative)] = DISAGREE  # NaN or Inf in either
    return verdict


@dataclass(frozen=True, eq=False)
class ParameterGroup:
    """One parameter array's part of the check.

    Attributes:
        name: ``"W2"``, ``"b1"``.
        start: the index in θ (``dictionary_to_vector``'s vector) of its first element; its
            elements are θ[start : start + size], row by row.
        grad: what the backward gave (dW[l] or db[l]). approx: gradapprox, the same shape.
        relative: the relative difference of each element. verdict: each element's verdict.
        difference: the group's own ``||grad - approx|| / (||grad|| + ||approx||)`` (the check
            step's ``difference_W`` or ``difference_b``).
    """

    name: str
    start: int
    grad: np.ndarray
    approx: np.ndarray
    relative: np.ndarray
    verdict: np.ndarray
    difference: float

    @property
    def shape(self) -> tuple[int, ...]:
        return self.grad.shape

    @property
    def size(self) -> int:
        return int(self.grad.size)

    def count(self, verdict: int) -> int:
        """How many of its elements have ``verdict``."""
        return int(np.count_nonzero(self.verdict == verdict))


@dataclass(frozen=True, eq=False)
class ParameterCheck:
    """Every parameter's part of a gradient check, grouped W1, b1, ..., bL.

    Attributes:
        groups: one per parameter array, in the course's order.
        difference: the notebook's ``difference`` over all parameters.
        epsilon: the check's ε.
    """

    groups: tuple[ParameterGroup, ...]
    difference: float
    epsilon: float

    @property
    def size(self) -> int:
        """The number of parameters, θ's length (47 for the notebook's 4-5-3-1 network)."""
        return sum(group.size for group in self.groups)

    def wrong(self) -> tuple[ParameterGroup, ...]:
        """The groups with at least one element that disagrees: where to look in the backward."""
        return tuple(group for group in self.groups if group.count(DISAGREE))


def parameter_check(steps: Sequence, J: float) -> ParameterCheck:
    """The check of an iteration of a gradient-check scenario, from its ``check 1..L`` steps
    (``steps``: the iteration's Steps) and its cost ``J``."""
    checks = sorted((step for step in steps if step.phase == "check"), key=lambda step: step.layer)
    if not checks:
        raise ValueError("these steps have no check phase: the scenario has no [gradient_check]")
    epsilon = float(checks[0].scalars["epsilon"])
    groups, start = [], 0
    for step in checks:
        for p in ("W", "b"):
            grad, approx = step.tensors[f"d{p}"], step.tensors[f"d{p}_approx"]
            groups.append(ParameterGroup(f"{p}{step.layer}", start, grad, approx,
                                         relative_differences(grad, approx), verdicts(grad, approx, J, epsilon),
                                         float(step.scalars[f"difference_{p}"])))
            start += int(grad.size)
    return ParameterCheck(tuple(groups), float(checks[0].scalars["difference"]), epsilon)

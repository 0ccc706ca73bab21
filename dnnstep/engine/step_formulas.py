"""The formulas of a step, week 4's or Course 2's: the one place that says which lines a step shows.

``step_formulas`` gives the :class:`~dnnstep.engine.formulas.FormulaLine` records, with their shapes, of a
step of any phase (week 4's lines from ``dnnstep.engine.formulas``, a Course 2 training's from
``dnnstep.engine.feature_formulas``, which builds on them); ``formula_text`` the same lines as text, as
``Step.formula`` records them.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Mapping, Sequence

from dnnstep.engine import feature_formulas as course2
from dnnstep.engine.formulas import (
    FormulaLine, backward_formulas, cost_formulas, forward_formulas, update_formulas,
)
from dnnstep.engine.training import WEEK4, Features


def step_formulas(
    phase: str,
    layer: int,
    activation: str | None,
    shapes: Mapping[str, Sequence[int]],
    L: int | None = None,
    features: Features = WEEK4,
) -> tuple[FormulaLine, ...]:
    """The formulas of one step with their shapes.

    Args:
        phase: ``"forward"``, ``"cost"``, ``"backward"``, ``"update"`` or ``"check"``.
        layer: the step's layer l.
        activation: g[l] for forward and backward steps.
        shapes: the shape of each tensor the step holds, by the Step's tensor names
            (``{"W": (5, 3), "A_prev": (3, 209), ...}``).
        L: the number of layers, so that backward L writes ``dAL``.
        features: the Course 2 features of the step's training (``Session.features``);
            their lines are ``dnnstep.engine.feature_formulas``'.
    """
    if features != WEEK4:
        if phase == "forward":
            return course2.forward(layer, activation, shapes, L, features)
        if phase == "cost":
            return course2.cost(shapes, features)
        if phase == "backward":
            return course2.backward(layer, activation, shapes, L, features)
        if phase == "update":
            return course2.update(layer, shapes, features)
        if phase == "check":
            return course2.check(layer, shapes)
    if phase == "forward":
        return forward_formulas(layer, activation, shapes)
    if phase == "cost":
        return cost_formulas(shapes)
    if phase == "backward":
        return backward_formulas(layer, activation, shapes, L)
    if phase == "update":
        return update_formulas(layer, shapes)
    raise ValueError(f"unknown phase {phase!r}: expected forward, cost, backward, update or check")


@lru_cache(maxsize=1024)
def formula_text(phase: str, layer: int, activation: str | None, L: int | None = None,
                 features: Features = WEEK4) -> tuple[str, ...]:
    """The formulas of a step as lines of text, as ``Step.formula`` records them.

    The same :class:`FormulaLine` records the formula pane shows, without shapes:
    ``("Z[2] = W[2] A[1] + b[2]", "A[2] = relu(Z[2])")``.
    """
    return tuple(line.text for line in step_formulas(phase, layer, activation, {}, L, features))

"""Conditions for ``Session.run_until``: stop where something goes wrong.

A condition is called as ``condition(step, session)`` on every step the run visits and
returns ``None`` to go on, or a message for people saying where and why it stopped.

    >>> session.run_until(NanOrInf())            # the first NaN or Inf anywhere
    >>> session.run_until(DeadRelu())            # a ReLU layer whose every unit outputs 0
    >>> session.run_until(GradientNormAbove(1e3))  # exploding gradients
    >>> session.run_until(GradientNormBelow(1e-9)) # vanishing gradients
    >>> session.run_until(CostRises())           # J(i) > J(i-1)
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from dnnstep.engine.step import Step
from dnnstep.engine.vocabulary import TENSORS

BACKWARD_TENSORS = TENSORS["backward"]

if TYPE_CHECKING:
    from dnnstep.engine.session import Session


def _where(step: Step) -> str:
    return f"iteration {step.iteration}, {step.label}"


class NanOrInf:
    """Holds at the first step with a NaN or Inf in any of its tensors."""

    description = "a NaN or Inf appears"

    def __call__(self, step: Step, session: "Session | None" = None) -> str | None:
        for name, tensor in step.tensors.items():
            bad = ~np.isfinite(tensor)
            count = int(np.count_nonzero(bad))
            if count:
                first = tuple(int(i) for i in np.argwhere(bad)[0]) if tensor.ndim else ()
                kinds = []
                if np.isnan(tensor).any():
                    kinds.append("NaN")
                if np.isinf(tensor).any():
                    kinds.append("Inf")
                return (f"{' and '.join(kinds)} in {name} at {_where(step)}: {count} of {tensor.size} "
                        f"elements, the first at {list(first)}.")
        return None


class DeadRelu:
    """Holds at a forward step of a ReLU layer whose every unit outputs 0 for every example
    (under dropout, before the mask: a unit dropped is not a dead one).

    Args:
        layer: watch only this layer (default: every relu layer).
    """

    description = "all ReLU units of a layer are dead"

    def __init__(self, layer: int | None = None) -> None:
        self.layer = layer

    def __call__(self, step: Step, session: "Session | None" = None) -> str | None:
        if step.phase != "forward" or step.activation != "relu":
            return None
        if self.layer is not None and step.layer != self.layer:
            return None
        A = step.tensors["A_pre"] if "A_pre" in step.tensors else step.tensors["A"]  # under dropout: before the mask
        if A.size and not np.any(A > 0):
            return (f"Every ReLU unit of layer {step.layer} is dead at {_where(step)}: "
                    f"A[{step.layer}] is 0 for all {A.shape[0]} units and {A.shape[1]} examples, "
                    f"so no gradient flows back through it.")
        return None


class _GradientNorm:
    def __init__(self, bound: float, tensor: str = "dW") -> None:
        self.bound = float(bound)
        if np.isnan(self.bound):
            raise ValueError("the bound of a gradient norm must be a number, not NaN")
        if tensor not in BACKWARD_TENSORS:
            raise ValueError(f"{tensor!r} is not a tensor of a backward step; expected one of "
                             f"{', '.join(BACKWARD_TENSORS)}")
        self.tensor = tensor

    def _norm(self, step: Step) -> float | None:
        if step.phase != "backward" or self.tensor not in step.tensors:
            return None
        return float(np.linalg.norm(step.tensors[self.tensor]))


class GradientNormAbove(_GradientNorm):
    """Holds at a backward step whose ||dW[l]|| (Frobenius) is above ``bound``: exploding gradients."""

    description = "a gradient norm exceeds a bound"

    def __call__(self, step: Step, session: "Session | None" = None) -> str | None:
        norm = self._norm(step)
        if norm is not None and (norm > self.bound or not np.isfinite(norm)):
            return (f"||{self.tensor}[{step.layer}]|| = {norm:.4g} is above {self.bound:.4g} at {_where(step)}: "
                    f"the gradient is exploding.")
        return None


class GradientNormBelow(_GradientNorm):
    """Holds at a backward step whose ||dW[l]|| (Frobenius) is below ``bound``: vanishing gradients."""

    description = "a gradient norm falls below a bound"

    def __call__(self, step: Step, session: "Session | None" = None) -> str | None:
        norm = self._norm(step)
        if norm is not None and norm < self.bound:
            return (f"||{self.tensor}[{step.layer}]|| = {norm:.4g} is below {self.bound:.4g} at {_where(step)}: "
                    f"the gradient is vanishing.")
        return None


class CostRises:
    """Holds at the cost step of an iteration whose J is higher than the previous iteration's."""

    description = "the cost rises"

    def __call__(self, step: Step, session: "Session") -> str | None:
        if step.phase != "cost" or step.iteration == 0:
            return None
        J = step.scalars["J"]
        previous = session.cost_at(step.iteration - 1)
        if J > previous or (np.isnan(J) and not np.isnan(previous)):
            return (f"The cost rose at iteration {step.iteration}: J = {J:.6g}, "
                    f"up from {previous:.6g} at iteration {step.iteration - 1}.")
        return None


"""What an update step changed: ΔW[l] = W[l] after − W[l] before, and how big that is.

The update ``W[l] := W[l] − α dW[l]`` moves every weight by ``−α dW[l]``; at 4 decimals
``W before`` and ``W after`` often look the same. ``update_change`` gives the difference
itself and the update-to-weight ratio ``||ΔW[l]|| / ||W[l]||`` (Frobenius norms), which is
about 1e-3 when training is healthy (much smaller: it barely learns; much larger: it jumps).

ΔW is computed from the arrays the step holds (``W_new − W``), i.e. what the update really
did to memory: it equals ``−α dW`` up to the rounding of the subtraction in the update
(at most half a unit in the last place of ``W_new``).

Shapes: ΔW like W (n[l], n[l-1]); Δb like b (n[l], 1).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from dnnstep.engine.step import Step


@dataclass(frozen=True)
class UpdateChange:
    """What update l did.

    Attributes:
        layer: l. learning_rate: α.
        dW_change: ΔW[l] = W[l] after − W[l] before. db_change: Δb[l] likewise.
        ratio: ||ΔW[l]|| / ||W[l] before|| (NaN when W[l] is all zeros... then Inf if ΔW is not).
    """

    layer: int
    learning_rate: float
    dW_change: np.ndarray
    db_change: np.ndarray
    ratio: float


def update_change(step: Step) -> UpdateChange:
    """ΔW, Δb and ||ΔW|| / ||W|| of an update step."""
    if step.phase != "update":
        raise ValueError(f"{step.label} is not an update step: only an update changes W and b")
    W, W_new = step.tensors["W"], step.tensors["W_new"]
    with np.errstate(all="ignore"):
        dW_change = W_new - W
        db_change = step.tensors["b_new"] - step.tensors["b"]
    dW_change.setflags(write=False)
    db_change.setflags(write=False)
    return UpdateChange(step.layer, float(step.scalars["learning_rate"]), dW_change, db_change,
                        update_ratio(dW_change, W))


def update_ratio(dW_change: np.ndarray, W: np.ndarray) -> float:
    """||ΔW|| / ||W|| (Frobenius norms; W before the update)."""
    with np.errstate(all="ignore"):
        return float(np.linalg.norm(dW_change) / np.linalg.norm(W))

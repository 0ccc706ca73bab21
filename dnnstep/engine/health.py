"""Gradient health: how big each layer's gradient is, and how many ReLU units are dead.

TensorBoard's way of seeing vanishing and exploding gradients, per iteration:

- ``dW_norms[l - 1] = ||dW[l]||``, the Frobenius norm ``np.linalg.norm(dW)``, the same
  norm the run-until conditions ``GradientNormAbove`` / ``GradientNormBelow`` use.
- ``dead_relu[l - 1]``, the share of layer l's units that output 0 for every example
  (``A[l]`` has no positive entry in the unit's row, so no gradient flows back through
  it; the same test as the ``DeadRelu`` condition, one unit at a time). ``None`` for a
  layer whose g[l] is not relu.
- ``update_ratios[l - 1] = α ||dW[l]|| / ||W[l]||``, the update-to-weight ratio: the size of
  the step gradient descent takes relative to the weights (about 1e-3 is healthy). It is
  ``||ΔW[l]|| / ||W[l]||`` of ``dnnstep.engine.change`` up to the rounding of the update.
  Under momentum the step is ``α v``, under Adam ``α v̂/(√ŝ + ε)``: the ratio is that step's
  norm over ||W[l]|| (0 in a gradient check, which updates nothing). Under dropout a layer's
  dead share is read from A[l] before the mask (a dropped unit is not a dead one).

Measured once per iteration where the iteration is computed (``trace.run_iteration``),
so the Session has it for every iteration it has computed, traced or not.
"""

from __future__ import annotations

import functools
import math
from typing import NamedTuple, Sequence

import numpy as np


class IterationHealth(NamedTuple):
    """One iteration's gradient health; index ``l - 1`` is layer l.

    Attributes:
        dW_norms: ||dW[l]|| (Frobenius) for l = 1..L.
        dead_relu: share of layer l's units dead on every example, or ``None`` when g[l]
            is not relu.
        update_ratios: α ||dW[l]|| / ||W[l]|| (W before the update).
        step_norms: ||ΔW[l]||, the norm of the step the update took: α ||dW[l]|| under gradient
            descent, α ||v_dW[l]|| under momentum, ||α v̂/(√ŝ + ε)|| under Adam, 0 in a check.
        learning_rate: α of this iteration (under a decay, the decayed one); plain gradient
            descent's step would have been ``learning_rate * dW_norms[l - 1]``.
    """

    dW_norms: tuple[float, ...]
    dead_relu: tuple[float | None, ...]
    update_ratios: tuple[float, ...]
    step_norms: tuple[float, ...] = ()
    learning_rate: float = 0.0

    def gd_step_norms(self) -> tuple[float, ...]:
        """α ||dW[l]|| for l = 1..L: the step plain gradient descent would take with this iteration's α."""
        return tuple([self.learning_rate * n for n in self.dW_norms])


_health = functools.partial(tuple.__new__, IterationHealth)  # made in C, once an iteration


def norm(x: np.ndarray) -> float:
    """``np.linalg.norm(x)`` of a float64 array, the same float, without its checks (measured every
    iteration of a tiny network, where they cost as much as the arithmetic): the square root of
    ``x.ravel(order="K")`` dotted with itself, as numpy computes it."""
    flat = x.ravel(order="K")
    return math.sqrt(flat.dot(flat))


def measure(dWs: Sequence[np.ndarray], positives: Sequence[np.ndarray | None], Ws: Sequence[np.ndarray],
            learning_rate: float, steps: tuple | None = None) -> IterationHealth:
    """The health of one iteration from its gradients ``dW[1..L]``, the masks ``A[l] > 0`` of its
    relu layers (``None`` for another g[l]; A before dropout's mask) and its weights ``W[1..L]``
    before the update. ``steps`` says how far the update moved W[l] where that is not ``α dW[l]``
    (plain gradient descent): ``(α, v[1..L])`` under momentum (``α v[l]``), ``(None, S[1..L])``
    under Adam (``S[l] = α v̂/(√ŝ + ε)``), ``()`` for no move (a gradient check).

    Measured on every iteration a Session computes, so written for as few numpy calls as it
    takes: on the Course 2 networks (2-5-2-1 on 64 examples) a call costs about as much as its
    arithmetic, and the masks are the ones the backward pass formed for relu' where it forms one.
    Each norm is ``norm``'s expression written out, for the same reason."""
    norms, dead, ratios, steps_taken = [], [], [], []
    scale, moved = steps if steps else (None, None)
    for l, (dW, positive, W) in enumerate(zip(dWs, positives, Ws)):
        flat = dW.ravel(order="K")
        dW_norm = math.sqrt(flat.dot(flat))
        flat = W.ravel(order="K")
        W_norm = math.sqrt(flat.dot(flat))
        if steps is None:
            step = learning_rate * dW_norm
        elif moved is None:
            step = 0.0
        else:
            flat = moved[l].ravel(order="K")
            step = math.sqrt(flat.dot(flat)) if scale is None else float(scale * math.sqrt(flat.dot(flat)))
        norms.append(dW_norm)
        steps_taken.append(step)
        ratios.append(step / W_norm if W_norm else _quotient(step, W_norm))
        if positive is None:
            dead.append(None)
        else:  # the units (rows) with no positive output on any example, over all units
            units = positive.shape[0]
            alive = np.add.reduce(np.logical_or.reduce(positive, axis=1))  # units with some A > 0
            dead.append(float((units - alive) / units) if units else 0.0)
    return _health((tuple(norms), tuple(dead), tuple(ratios), tuple(steps_taken), learning_rate))


def _quotient(a: float, b: float) -> float:
    """``a / b`` as numpy divides floats: a zero b gives inf (or NaN for 0 / 0), not an exception."""
    if b:
        return a / b
    return math.nan if a == 0 or a != a else math.copysign(math.inf, a)


def norms_by_layer(history: Sequence[IterationHealth]) -> np.ndarray:
    """``(L, iterations)``: row l - 1 is ||dW[l]|| over the iterations of ``history``."""
    return _by_layer([h.dW_norms for h in history])


def ratios_by_layer(history: Sequence[IterationHealth]) -> np.ndarray:
    """``(L, iterations)``: row l - 1 is α ||dW[l]|| / ||W[l]|| over the iterations of ``history``."""
    return _by_layer([h.update_ratios for h in history])


def _by_layer(rows: list[tuple[float, ...]]) -> np.ndarray:
    if not rows:
        return np.zeros((0, 0))
    return np.array(rows, dtype=np.float64).T


def step_norms_by_layer(history: Sequence[IterationHealth]) -> np.ndarray:
    """``(L, iterations)``: row l - 1 is ||ΔW[l]||, the step the update took, over ``history``."""
    return _by_layer([h.step_norms for h in history])


def gd_step_norms_by_layer(history: Sequence[IterationHealth]) -> np.ndarray:
    """``(L, iterations)``: row l - 1 is α ||dW[l]||, plain gradient descent's step, over ``history``."""
    return _by_layer([h.gd_step_norms() for h in history])


def dead_by_layer(history: Sequence[IterationHealth]) -> list[np.ndarray | None]:
    """For each layer, its dead-ReLU share over ``history`` (``None`` for a non-relu layer)."""
    if not history:
        return []
    L = len(history[0].dead_relu)
    return [None if history[0].dead_relu[l] is None
            else np.array([h.dead_relu[l] for h in history], dtype=np.float64) for l in range(L)]

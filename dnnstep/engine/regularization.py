"""Regularization, the course's two ways: the L2 term and dropout's masks.

**L2** (``lambd > 0``). The cost gains ``λ/(2m) Σ_l ‖W[l]‖²_F`` and each dW[l] gains ``λ/m W[l]``,
written as the Regularization notebook writes them::

    L2_regularization_cost = lambd/(2*m) * (np.sum(np.square(W1)) + np.sum(np.square(W2)) + ...)
    dW3 = 1./m * np.dot(dZ3, A2.T) + (lambd/m) * W3

**Dropout** (``keep_prob < 1``), on the hidden layers only. ``forward_propagation_with_dropout``
calls ``np.random.seed(1)`` at its top, then draws one ``rand(n[l], m)`` per hidden layer in
order, ``D = rand < keep_prob``; so every iteration of the course's model uses the same masks
(its published run depends on it). Forward ``A = A * D`` then ``A = A / keep_prob``; backward
``dA = dA * D`` then ``dA = dA / keep_prob``, in that order for the bits.

Shapes: W (n[l], n[l-1]); A, dA, D (n[l], m).
"""

from __future__ import annotations

from typing import Sequence

import numpy as np


def l2_cost(Ws: Sequence[np.ndarray], lambd: float, m: int) -> float:
    """``λ/(2m) Σ_l np.sum(np.square(W[l]))``, the layers summed in order (``np.add.reduce``: np.sum's
    very reduction, without its Python wrapper, on every iteration)."""
    total = None
    for W in Ws:
        square = np.add.reduce(np.square(W), axis=None)
        total = square if total is None else total + square
    return float(lambd / (2 * m) * total)


def l2_gradient(W: np.ndarray, lambd: float, m: int) -> np.ndarray:
    """``(λ/m) W[l]``, what the L2 term adds to dW[l]."""
    return (lambd / m) * W


def dropout_masks(units: Sequence[int], m: int, keep_prob: float, seed: int) -> tuple[np.ndarray, ...]:
    """D[1..L-1] for hidden layers of ``units`` = n[1..L-1] and m examples, drawn as the course draws
    them: ``RandomState(seed)``, one ``rand(n[l], m)`` per layer in order, ``D = rand < keep_prob``,
    as 0.0 and 1.0 (read-only)."""
    rng = np.random.RandomState(seed)
    masks = []
    for n in units:
        D = (rng.rand(n, m) < keep_prob).astype(np.float64)
        D.setflags(write=False)
        masks.append(D)
    return tuple(masks)


def dropout_forward(A: np.ndarray, D: np.ndarray, keep_prob: float) -> np.ndarray:
    """``A * D / keep_prob``: the units D drops give 0, the kept ones are scaled up."""
    A = A * D
    return A / keep_prob


def dropout_backward(dA: np.ndarray, D: np.ndarray, keep_prob: float) -> np.ndarray:
    """``dA * D / keep_prob``: the gradient flows back only through the units that were kept."""
    dA = dA * D
    return dA / keep_prob


class DropoutMasks:
    """The masks of one scenario, drawn once per batch width and kept: every iteration of a width
    uses the same ones, as in the course."""

    def __init__(self, units: Sequence[int], keep_prob: float, seed: int) -> None:
        self.units, self.keep_prob, self.seed = tuple(units), keep_prob, seed
        self._by_width: dict[int, tuple[np.ndarray, ...]] = {}

    def __call__(self, m: int) -> tuple[np.ndarray, ...]:
        masks = self._by_width.get(m)
        if masks is None:
            masks = self._by_width[m] = dropout_masks(self.units, m, self.keep_prob, self.seed)
        return masks

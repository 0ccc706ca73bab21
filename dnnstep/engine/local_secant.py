"""Centered differences of one backward step, with the dA that backprop passed down held fixed.

The backward step of layer l takes dA[l] from the layer above and computes

    dZ[l] = dA[l] * g'(Z[l])    dW[l] = dZ[l] A[l-1]ᵀ / m    db[l] = Σ dZ[l] / m    dA[l-1] = W[l]ᵀ dZ[l]

These are exactly the derivatives of one scalar of layer l alone,

    f(W[l], b[l], A[l-1]) = Σ dA[l] * g(W[l] A[l-1] + b[l]) / m            dA[l] held fixed

dW[l] = ∂f/∂W[l], db[l] = ∂f/∂b[l] and dA[l-1] = m ∂f/∂A[l-1] (the course's dA carries no
1/m: the step applies it in dW and db). So centred differences of f check the step's
arithmetic (g', the products, the sums, the 1/m, the transposes) for the dA[l] it was
given, at the cost of this one layer, however deep the network: the per-layer check of
CS231n's ``eval_numerical_gradient_array(f, x, df)``. That dA[l] is right is a separate
fact, proved by the check of the layer above (its dA[l]) or against J
(``dnnstep.engine.gradcheck`` says which).

The differences are computed as in ``dnnstep.engine.secant``, without cancellation:
``f(θ + ε) - f(θ - ε) = Σ dA * (g(Z⁻ + D) - g(Z⁻))`` with the same identities for the
g difference, per unit rather than per element:

- W[l][i, j] and b[l][i] move only row i of Z[l]; moving that row by ±ε in every example
  gives each example's own difference, and then ``secant of b[l][i] = Σ_k Δf_k / 2ε``,
  ``secant of W[l][i, j] = Σ_k Δf_k A[l-1][j, k] / 2ε`` (up to O(ε²) relative, as there).
- A[l-1][j, k] moves column k of Z[l] by ε W[l][:, j]; moving row j of A[l-1] in every
  example at once gives every dA[l-1][j, k] of that row in one pass (examples never mix).

A relu or leaky_relu kink is crossed where the sign of Z⁻ and Z⁻ + D differ; an element is
kinked when its own step moves such a Z. A Z whose g does not change (a dead relu unit)
adds nothing, whatever the dA held fixed there (``_weighted``). Bounds on the rounding error of the step's float64
arithmetic come with the differences (``rounding``), as the end-to-end check has them.

All arrays are float64; ``dA, Z: (n[l], m)``, ``A_prev: (n[l-1], m)``, ``W: (n[l], n[l-1])``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Mapping

import numpy as np

from dnnstep.engine.activations import backward as g_backward
from dnnstep.engine.activations import forward as g_forward
from dnnstep.engine.secant import BATCH_BYTES, KINKED, g_difference

NAMES = ("dW", "db", "dA_prev")


@dataclass(frozen=True)
class BackwardStep:
    """What the backward step of one layer read: the dA passed down to it and its forward cache."""

    activation: str
    dA: np.ndarray
    Z: np.ndarray
    A_prev: np.ndarray
    W: np.ndarray
    slope: float

    @classmethod
    def of(cls, activation: str, tensors: Mapping[str, np.ndarray], slope: float) -> "BackwardStep":
        """From a backward step's tensors (``dA, Z, A_prev, W``)."""
        def read(name: str) -> np.ndarray:
            return np.asarray(tensors[name], dtype=np.float64)

        return cls(activation, read("dA"), read("Z"), read("A_prev"), read("W"), float(slope))

    @property
    def m(self) -> int:
        return int(self.Z.shape[1])

    def secants(self, name: str, indices: np.ndarray, epsilon: float, *,
                batch_bytes: int = BATCH_BYTES) -> tuple[np.ndarray, np.ndarray]:
        """``(secants, kinks)`` of f for ``name`` (``"dW"``, ``"db"`` or ``"dA_prev"``) at
        ``indices`` (k, 2) or (k, 1): the centred differences in that order (``dA_prev``'s
        times m, the course's dA), and whether ±ε moved some Z across a relu kink."""
        if name not in NAMES:
            raise ValueError(f"unknown gradient {name!r}: expected one of {', '.join(NAMES)}")
        indices = np.asarray(indices, dtype=np.intp).reshape(len(indices), -1)
        rows, lane = np.unique(indices[:, 0], return_inverse=True)
        lane = lane.reshape(-1)
        with np.errstate(all="ignore"):
            if name == "dA_prev":
                change, crossed = self._input_rows(rows, epsilon, batch_bytes)
                examples = indices[:, 1]
                return change[lane, examples] / (2 * epsilon), crossed[lane, examples]
            change, crossed = self._unit_rows(rows, epsilon)
            if name == "db":                    # b[l][i] moves Z[l][i, k] by ε in every example
                return change[lane].sum(axis=1) / (2 * epsilon), crossed[lane].any(axis=1)
            A_prev = self.A_prev[indices[:, 1]]  # W[l][i, j] moves it by ε A[l-1][j, k]
            values = np.einsum("pk,pk->p", change[lane], A_prev) / (2 * epsilon)
            return values, (crossed[lane] & (A_prev != 0)).any(axis=1)

    def _unit_rows(self, rows: np.ndarray, epsilon: float) -> tuple[np.ndarray, np.ndarray]:
        """Row i of Z[l] moved by ±ε in every example: per example, f's difference and whether
        the move crossed a kink. ``(k, m)`` each."""
        Z_minus = self.Z[rows] - epsilon
        D = np.full_like(Z_minus, 2 * epsilon)
        change = _weighted(g_difference(self.activation, Z_minus, D, self.slope), self.dA[rows]) / self.m
        crossed = (Z_minus > 0) != (Z_minus + D > 0) if self.activation in KINKED else np.zeros(change.shape, bool)
        return change, crossed

    def _input_rows(self, rows: np.ndarray, epsilon: float, batch_bytes: int) -> tuple[np.ndarray, np.ndarray]:
        """Row j of A[l-1] moved by ±ε in every example: per example k, ``m`` times f's
        difference (Σ over the units i of layer l) and whether some Z crossed a kink.

        Computed in blocks of rows and of units, each ``(rows, units, m)`` within ``batch_bytes``.
        """
        n, m = self.Z.shape
        change = np.zeros((rows.size, m))
        crossed = np.zeros((rows.size, m), dtype=bool)
        units = max(1, min(n, batch_bytes // (8 * m)))
        block = max(1, batch_bytes // (8 * m * units))
        for start in range(0, rows.size, block):
            part = slice(start, start + block)
            for first in range(0, n, units):
                unit = slice(first, first + units)
                steps = epsilon * self.W[unit, rows[part]].T[:, :, None]          # (rows, units, 1)
                Z_minus = self.Z[None, unit] - steps
                D = 2 * steps
                difference = g_difference(self.activation, Z_minus, D, self.slope)
                change[part] += _weighted(difference, self.dA[unit]).sum(axis=1)
                if self.activation in KINKED:
                    crossed[part] |= np.any((Z_minus > 0) != (Z_minus + D > 0), axis=1)
        return change, crossed

    def rounding(self, name: str, flat: np.ndarray) -> np.ndarray:
        """Bounds on the float64 rounding error of this step's ``dW``, ``db`` or ``dA_prev`` for
        the dA it was given, at the flat indices ``flat``.

        As for the end-to-end check: the step run on absolute values (``|dA| |g'(Z)|``, then
        ``|dZ| |A_prev|ᵀ / m``, ``|W|ᵀ |dZ|``), times the unit roundoff and the number of
        operations along the way (the sums over m and over the units of both layers).
        A sigmoid or tanh unit's g' counts at the size of its terms (``_magnitude_dZ``).
        """
        n, m = self.Z.shape
        operations = 4 * (m + n + self.A_prev.shape[0] + 2)
        M_dZ = self._magnitude_dZ
        with np.errstate(all="ignore"):
            if name == "dW":
                magnitude = np.dot(M_dZ, np.abs(self.A_prev).T) / m
            elif name == "db":
                magnitude = np.sum(M_dZ, axis=1, keepdims=True) / m
            else:
                magnitude = np.dot(np.abs(self.W).T, M_dZ)
        return operations * (np.finfo(np.float64).eps / 2) * magnitude.ravel()[flat]

    @cached_property
    def _magnitude_dZ(self) -> np.ndarray:
        """dZ = dA * g'(Z) on magnitudes, g' counted as the terms it is computed from: relu's
        and leaky_relu's g' are exact (the engine's, relu'(0) = 0); σ' = s (1 - s) and
        tanh' = 1 - tanh² subtract from 1 a number near 1 when the unit saturates, so their
        rounding error is that of the terms, s and 1, not of the tiny result."""
        with np.errstate(all="ignore"):
            if self.activation == "sigmoid":
                return np.abs(self.dA) * g_forward("sigmoid", self.Z, self.slope)
            if self.activation == "tanh":
                return np.abs(self.dA)
            return np.abs(g_backward(self.activation, np.abs(self.dA), self.Z, self.slope))


def _weighted(difference: np.ndarray, dA: np.ndarray) -> np.ndarray:
    """``dA * difference``, where a Z whose g did not change adds exactly 0 whatever its dA
    (a dead relu unit below a NaN dA adds nothing, as the course's relu backward masks it)."""
    return np.where(difference == 0, 0.0, dA * difference)

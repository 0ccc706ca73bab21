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

Every iteration the Session computes, traced or not, leaves its ``HealthInputs``
(``trace.run_iteration``); its ``HealthLog`` measures them in batches, so the Session has the
health of every iteration it has computed.
"""

from __future__ import annotations

import functools
import math
import threading
from dataclasses import dataclass
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
    """``np.linalg.norm(x)`` of a float64 array, the same float, without its checks: the square root
    of ``x.ravel(order="K")`` dotted with itself, as numpy computes it."""
    flat = x.ravel(order="K")
    return math.sqrt(flat.dot(flat))


class HealthInputs(NamedTuple):
    """What one iteration leaves for its health to be measured from (``HealthLog``).

    Attributes:
        dWs: dW[1..L], the gradients (under L2, with the λ/m W term).
        positives: the mask ``A[l] > 0`` of each relu layer (A before dropout's mask), ``None``
            for another g[l].
        Ws: W[1..L] before the update.
        learning_rate: α of the iteration.
        steps: how far the update moved W[l] where that is not ``α dW[l]`` (plain gradient
            descent, ``None``): ``(α, v[1..L])`` under momentum (``α v[l]``), ``(None, S[1..L])``
            under Adam (``S[l] = α v̂/(√ŝ + ε)``), ``()`` for no move (a gradient check).
    """

    dWs: Sequence[np.ndarray]
    positives: Sequence[np.ndarray | None]
    Ws: Sequence[np.ndarray]
    learning_rate: float
    steps: tuple | None


class HealthLog:
    """The gradient health of a run's iterations, in order (``add`` each iteration's inputs,
    ``history`` reads it).

    Measured on every iteration a Session computes, where an iteration of a Course 2 network
    (2-5-2-1 on 64 examples) is some fifty numpy calls of a microsecond or two each: measured one
    iteration at a time, its dozen norms and reductions would add a fifth to the training. So on
    a small network ``add`` makes one numpy call per relu layer (its units alive) and one more,
    copying the iteration's arrays and those units one after the other into a row of a buffer
    (``_Layout``). A full buffer is measured with a few numpy calls per array of the network for
    all its rows at once. Each ||x|| is still ``np.linalg.norm(x)``'s very float: the rows of
    ``x.ravel(order="K")`` are dotted with themselves by ``matmul``, which hands each to the same
    BLAS dot (tests/engine/test_health_log.py holds them equal). On a large network, where
    copying would cost more than calling, each iteration is measured as it comes.

    Safe to add to from the thread that runs the iterations while another reads: a read waits at
    most for the iterations in the buffer to be measured (a few milliseconds), never for an
    iteration. Every iteration of a log is one network's, trained one way.
    """

    BUFFER_BYTES = 2**20
    """The buffer's size; a network whose row would leave it fewer than ``MIN_ROWS`` rows is
    measured an iteration at a time."""
    MIN_ROWS = 32

    def __init__(self) -> None:
        self._measured: list[IterationHealth] = []
        self._layout: _Layout | None = None
        self._rows = np.empty((0, 0))  # a row per iteration waiting: its arrays flattened, then its relu units alive
        self._waiting: list[tuple[float, float | None]] = []  # α and momentum's scale of each
        self._ones: dict[int, np.ndarray] = {}
        self._lock = threading.Lock()

    def add(self, inputs: HealthInputs) -> None:
        """The next iteration's inputs (``HealthInputs``; the arrays need not outlive the call)."""
        with self._lock:
            layout = self._layout
            if layout is None:
                layout = self._start(inputs)
            arrays = layout.arrays(inputs)
            alive = []
            for l in layout.relu:  # a mask dotted with Trues: its rows' logical or, the units alive
                positive = inputs.positives[l]
                alive.append(positive.dot(self._any_of(positive.shape[1])))
            if not len(self._rows):  # a large network: measured now
                self._measured += layout.healths(np.array([[norm(x) for x in arrays]]),
                                                 np.concatenate([np.empty(0, dtype=bool), *alive])[None],
                                                 [layout.rates(inputs)])
                return
            arrays += alive
            row = len(self._waiting)
            if layout.contiguous:
                np.concatenate(arrays, axis=None, out=self._rows[row])
            else:
                np.concatenate([x.ravel(order="K") for x in arrays], out=self._rows[row])
            self._waiting.append(layout.rates(inputs))
            if row + 1 == len(self._rows):
                self._measure_waiting()

    def history(self, count: int) -> tuple[IterationHealth, ...]:
        """The health of the first ``count`` iterations added (fewer if fewer were)."""
        with self._lock:
            self._measure_waiting()
            return tuple(self._measured[:count])

    def _start(self, inputs: HealthInputs) -> "_Layout":
        """The layout and the buffers of ``inputs``' network."""
        layout = self._layout = _Layout.of(inputs)
        rows = self.BUFFER_BYTES // (8 * (layout.width + layout.units))
        self._rows = np.empty((rows if rows >= self.MIN_ROWS else 0, layout.width + layout.units))
        return layout

    def _any_of(self, m: int) -> np.ndarray:
        """``m`` Trues: a mask (units x m) dotted with them is its rows' logical or, ``np.any(mask, axis=1)``
        (a boolean dot is an or of ands), in one call without a reduction's setup."""
        ones = self._ones.get(m)
        if ones is None:
            ones = self._ones[m] = np.ones(m, dtype=bool)
        return ones

    def _measure_waiting(self) -> None:
        n = len(self._waiting)
        if not n:
            return
        layout, rows = self._layout, self._rows[:n]
        norms = np.empty((n, len(layout.spans)))
        for i, (start, stop) in enumerate(layout.spans):
            x = rows[:, None, start:stop]
            norms[:, i] = np.sqrt(np.matmul(x, x.transpose(0, 2, 1)).reshape(n))
        self._measured += layout.healths(norms, rows[:, layout.width:] != 0, self._waiting)
        self._waiting = []


@dataclass(frozen=True)
class _Layout:
    """Where an iteration's arrays go in a HealthLog's row: dW[1..L], W[1..L] and the steps'
    arrays (momentum's v, Adam's S), flattened one after the other (``spans``, ``width`` columns
    in all), then whether each unit of its relu layers (``relu``) is alive, 1.0 or 0.0
    (``unit_spans``, counted from ``width``). ``kind`` is how the update moved W (``HealthInputs.steps``)."""

    L: int
    kind: str
    spans: tuple[tuple[int, int], ...]
    relu: tuple[int, ...]
    unit_spans: tuple[tuple[int, int], ...]
    contiguous: bool
    """Every array of the first iteration is in C order, so every later one is (the engine's
    arithmetic keeps C order): ``concatenate(axis=None)`` flattens them as ``ravel(order="K")`` does."""

    @classmethod
    def of(cls, inputs: HealthInputs) -> "_Layout":
        kind = _step_kind(inputs.steps)
        arrays = _arrays(inputs, kind)
        relu = tuple(l for l, positive in enumerate(inputs.positives) if positive is not None)
        return cls(len(inputs.dWs), kind, _spans([x.size for x in arrays]), relu,
                   _spans([inputs.positives[l].shape[0] for l in relu]), all(x.flags.c_contiguous for x in arrays))

    def arrays(self, inputs: HealthInputs) -> list[np.ndarray]:
        """The iteration's arrays whose norms its health holds, in ``spans``' order (a new list)."""
        return _arrays(inputs, self.kind)

    @property
    def width(self) -> int:
        return self.spans[-1][1] if self.spans else 0

    @property
    def units(self) -> int:
        return self.unit_spans[-1][1] if self.unit_spans else 0

    def rates(self, inputs: HealthInputs) -> tuple[float, float | None]:
        """The iteration's α, and the scale of its steps' norms under momentum (α v[l])."""
        return inputs.learning_rate, inputs.steps[0] if self.kind == "momentum" else None

    def healths(self, norms: np.ndarray, alive: np.ndarray,
                rates_and_scales: list[tuple[float, float | None]]) -> list[IterationHealth]:
        """The IterationHealth of each iteration from its arrays' norms (a row per iteration, a
        column per array, in ``spans``' order), its relu units alive (a column per unit, in
        ``unit_spans``' order), its α and its momentum's scale."""
        L, n = self.L, len(rates_and_scales)
        rates = [rate for rate, _ in rates_and_scales]
        dW_norms, W_norms = norms[:, :L], norms[:, L:2 * L]
        if self.kind == "gd":
            steps = np.array(rates, dtype=np.float64)[:, None] * dW_norms
        elif self.kind == "none":
            steps = np.zeros((n, L))
        elif self.kind == "adam":
            steps = norms[:, 2 * L:]
        else:
            steps = np.array([scale for _, scale in rates_and_scales], dtype=np.float64)[:, None] * norms[:, 2 * L:]
        dead = np.full((n, L), None, dtype=object)
        with np.errstate(all="ignore"):  # ||W|| = 0: inf or NaN, as numpy divides
            ratios = steps / W_norms
            for l, (start, stop) in zip(self.relu, self.unit_spans):
                units = stop - start
                dead[:, l] = (units - alive[:, start:stop].sum(axis=1)) / units if units else 0.0
        return list(map(_health, zip(*(map(tuple, _same_nan(x)) for x in (dW_norms, dead, ratios, steps)), rates)))


def _same_nan(values: np.ndarray) -> list:
    """``values.tolist()``, each NaN as ``math.nan`` itself: records that hold the same numbers
    compare equal (``nan == nan`` is false, ``nan is nan`` true, and tuples compare by identity first)."""
    rows = values.tolist()
    if values.dtype == object or not np.isnan(values).any():
        return rows
    return [[math.nan if x != x else x for x in row] for row in rows]


def _spans(sizes: list[int]) -> tuple[tuple[int, int], ...]:
    ends = np.cumsum([0, *sizes]).tolist()
    return tuple(zip(ends[:-1], ends[1:]))


def _arrays(inputs: HealthInputs, kind: str) -> list[np.ndarray]:
    """dW[1..L], W[1..L], and the steps' arrays where the update moved W by them (momentum's v, Adam's S)."""
    if kind in ("momentum", "adam"):
        return [*inputs.dWs, *inputs.Ws, *inputs.steps[1]]
    return [*inputs.dWs, *inputs.Ws]


def _step_kind(steps: tuple | None) -> str:
    if steps is None:
        return "gd"
    if not steps:
        return "none"
    return "adam" if steps[0] is None else "momentum"


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

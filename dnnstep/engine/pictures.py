"""What the pictures show, as numbers: the cost curve, the decision field, a histogram.

Pure numpy; the app draws these. Each picture is computed from what the Session already
has (its costs, the parameters of an iteration) with the engine's own forward pass, so
what is drawn is what training computed:

- ``cost_curve(session)``: J of every iteration computed so far (``Session.cost_history``) and,
  with mini-batches, the cost of every epoch finished so far (``Session.epoch_costs``).
- ``decision_field(parameters, activations, X, columns, rows)``: AL, the network's
  probability of label 1, over a grid covering the inputs' plane (2-D inputs only).
- ``histogram(array, bins)``: how a tensor's finite values are spread, and how many are not.
- ``dropout_picture(steps, training)``: the masks D[l] of an iteration's forward steps, how many
  units each drops, and whether they are the course's draw (the same in every iteration).

The gradient check's picture (which of the parameters disagree) is ``engine.parameter_check``;
Adam's step beside plain gradient descent's is ``engine.health`` (``step_norms``, ``gd_step_norms``).

Shapes: X (2, m) for the decision field; the field's ``AL`` is (rows, columns) with row 0
at the top (the largest x2), as the picture is drawn.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Mapping, Sequence

import numpy as np

from dnnstep.engine.predict import forward_probabilities

if TYPE_CHECKING:  # pragma: no cover - for type checkers only
    from dnnstep.engine.session import Session


# ---------------------------------------------------------------- the cost curve
@dataclass(frozen=True)
class CostCurve:
    """The points of the cost curve: ``J[i]`` is the cost of iteration ``iterations[i]``.

    With mini-batches an iteration is one batch, so ``J`` is each mini-batch's cost, and
    ``epoch_J[e]`` is epoch e's cost as the Optimization notebook prints it (its batches'
    losses summed, over m), drawn at ``epoch_x[e]``, the middle of the epoch's iterations
    (``e K + (K - 1) / 2``). Without mini-batches both are empty.
    """

    iterations: np.ndarray
    J: np.ndarray
    epoch_x: np.ndarray = field(default_factory=lambda: np.zeros(0))
    epoch_J: np.ndarray = field(default_factory=lambda: np.zeros(0))

    @property
    def first_bad(self) -> int | None:
        """The first iteration whose J is NaN or Inf (training blew up there), or None."""
        bad = np.flatnonzero(~np.isfinite(self.J))
        return int(self.iterations[bad[0]]) if bad.size else None


def cost_curve(session: "Session") -> CostCurve:
    """J of every iteration the Session has computed so far, and with mini-batches the cost of
    every epoch finished so far (never computes one)."""
    J = session.cost_history
    if not session.schedule.shuffles:
        return CostCurve(np.arange(J.size), J)
    epoch_J = session.epoch_costs()
    K = session.schedule.K
    return CostCurve(np.arange(J.size), J, np.arange(epoch_J.size) * K + (K - 1) / 2, epoch_J)


# ---------------------------------------------------------------- the decision boundary
def has_plane(X: np.ndarray) -> bool:
    """True when the inputs are points of a plane (n[0] = 2), so a decision boundary can be drawn."""
    return X.ndim == 2 and X.shape[0] == 2


def why_no_plane(X: np.ndarray) -> str:
    """Why a scenario with inputs X has no decision boundary to draw."""
    n0 = X.shape[0] if X.ndim else 0
    return (f"The inputs have n[0] = {n0} features, not 2: a decision boundary over the input "
            "plane can be drawn only for 2-D inputs (five_layer, planar, circles, blobs, xor, the flower).")


@dataclass(frozen=True)
class DecisionField:
    """The network's output over a grid of the input plane.

    Attributes:
        x1: (columns,) the first input's value at each column's centre, left to right.
        x2: (rows,) the second input's value at each row's centre, top (largest) to bottom.
        AL: (rows, columns) the probability of label 1 at each grid point.
    """

    x1: np.ndarray
    x2: np.ndarray
    AL: np.ndarray

    @property
    def grid(self) -> np.ndarray:
        """The grid points as inputs (2, rows * columns), row by row: the forward pass's X."""
        return grid_points(self.x1, self.x2)

    def cell_of(self, X: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The (row, column) of the grid cell nearest each point of ``X: (2, m)``."""
        return _nearest(self.x2, X[1]), _nearest(self.x1, X[0])


def plane_bounds(X: np.ndarray, margin: float = 0.08) -> tuple[float, float, float, float]:
    """(x1 min, x1 max, x2 min, x2 max) of the points of ``X: (2, m)`` widened by ``margin`` of
    their range on each side (a range of 0 becomes 1), so every point lies inside the field."""
    finite = X[:, np.all(np.isfinite(X), axis=0)]
    if finite.shape[1] == 0:
        return -1.0, 1.0, -1.0, 1.0
    lo, hi = finite.min(axis=1), finite.max(axis=1)
    span = np.where(hi > lo, hi - lo, 1.0)
    lo, hi = lo - margin * span, hi + margin * span
    return float(lo[0]), float(hi[0]), float(lo[1]), float(hi[1])


def grid_points(x1: np.ndarray, x2: np.ndarray) -> np.ndarray:
    """(2, len(x2) * len(x1)): every (x1, x2) pair, row by row (x2 outer, x1 inner)."""
    X1, X2 = np.meshgrid(x1, x2)
    return np.vstack([X1.ravel(), X2.ravel()])


def decision_field(
    parameters: Mapping[str, np.ndarray],
    activations: Sequence[str],
    X: np.ndarray,
    columns: int,
    rows: int,
    *,
    leaky_slope: float = 0.01,
) -> DecisionField:
    """AL over a ``rows`` x ``columns`` grid covering the points of ``X: (2, m)``.

    The forward pass is ``dnnstep.engine.predict.forward_probabilities``, the engine's own
    Z[l] = W[l] A[l-1] + b[l], A[l] = g[l](Z[l]), run once on all grid points.
    """
    if not has_plane(X):
        raise ValueError(why_no_plane(X))
    if columns < 1 or rows < 1:
        raise ValueError(f"a field needs at least 1 x 1 cells, not {rows} x {columns}")
    a1, b1, a2, b2 = plane_bounds(X)
    x1 = _centres(a1, b1, columns)
    x2 = _centres(a2, b2, rows)[::-1]
    with np.errstate(all="ignore"):
        AL = forward_probabilities(parameters, activations, grid_points(x1, x2), leaky_slope=leaky_slope)
    return DecisionField(x1, x2, AL.reshape(rows, columns))


def _centres(lo: float, hi: float, n: int) -> np.ndarray:
    step = (hi - lo) / n
    return lo + step * (np.arange(n) + 0.5)


def _nearest(centres: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Index of the nearest of evenly spaced ``centres`` (ascending or descending) for each value."""
    if centres.size == 1:
        return np.zeros(values.shape, dtype=np.int64)
    step = centres[1] - centres[0]
    index = np.rint((values - centres[0]) / step)
    return np.clip(np.nan_to_num(index), 0, centres.size - 1).astype(np.int64)


# ---------------------------------------------------------------- a histogram
@dataclass(frozen=True)
class Histogram:
    """How a tensor's values are spread.

    Attributes:
        counts: (bins,) how many finite values fall in each bin.
        edges: (bins + 1,) the bins' edges, from the smallest finite value to the largest.
        nan: how many values are NaN. inf: how many are +Inf or -Inf.
    """

    counts: np.ndarray
    edges: np.ndarray
    nan: int
    inf: int

    @property
    def total(self) -> int:
        return int(self.counts.sum()) + self.nan + self.inf


def histogram(array: np.ndarray, bins: int) -> Histogram:
    """The histogram of ``array``'s finite values in ``bins`` equal bins (numpy's ``histogram``)."""
    values = np.asarray(array, dtype=np.float64).ravel()
    finite = np.isfinite(values)
    nan = int(np.count_nonzero(np.isnan(values)))
    inf = int(values.size - nan - np.count_nonzero(finite))
    kept = values[finite]
    if kept.size == 0:
        return Histogram(np.zeros(bins, dtype=np.int64), np.linspace(0.0, 1.0, bins + 1), nan, inf)
    lo, hi = float(kept.min()), float(kept.max())
    if lo == hi:
        lo, hi = lo - 0.5, hi + 0.5
    counts, edges = np.histogram(kept, bins=bins, range=(lo, hi))
    return Histogram(counts, edges, nan, inf)


# ---------------------------------------------------------------- dropout's masks
@dataclass(frozen=True)
class LayerMask:
    """The mask of hidden layer ``layer`` in one iteration.

    Attributes:
        D: (n[l], m) of 0.0 and 1.0, the mask the forward step multiplied A[l] by.
        dropped: how many of its n[l] x m entries are 0 (units shut off for an example).
        course_draw: True when D is what the course's ``forward_propagation_with_dropout`` draws
            after its ``np.random.seed``: the same mask in every iteration of that width.
    """

    layer: int
    D: np.ndarray
    dropped: int
    course_draw: bool

    @property
    def share(self) -> float:
        """The share of entries dropped (about 1 - keep_prob)."""
        return self.dropped / self.D.size if self.D.size else 0.0


def dropout_picture(steps: Sequence, training) -> tuple[LayerMask, ...]:
    """The masks D[l] of an iteration's forward steps (``steps``: the iteration's Steps; the
    hidden layers' forward steps hold ``D``), each checked against a fresh draw of the course's
    (``dnnstep.engine.regularization.dropout_masks`` with the scenario's seed)."""
    from dnnstep.engine.regularization import dropout_masks

    forward = [step for step in steps if step.phase == "forward" and "D" in step.tensors]
    if not forward:
        return ()
    units = [step.tensors["D"].shape[0] for step in forward]
    m = forward[0].tensors["D"].shape[1]
    fresh = dropout_masks(units, m, training.keep_prob, training.dropout_seed)
    return tuple(LayerMask(step.layer, step.tensors["D"], int(step.tensors["D"].size - np.count_nonzero(step.tensors["D"])),
                           bool(np.array_equal(step.tensors["D"], draw)))
                 for step, draw in zip(forward, fresh))

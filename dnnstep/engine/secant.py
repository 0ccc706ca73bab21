"""Centered differences of the cost J for elements of W[l], b[l] and A[l], many at once.

For one element θ of layer l's W or b, the course's secant is ``(J(θ + ε) - J(θ - ε)) / 2ε``.
It is computed without cancellation: instead of two costs near 0.69 subtracted, the
difference between the two perturbed networks is carried through the layers as a tensor
of its own,

    Z⁻ = Z - ε,   D = 2ε,   g(Z⁻ + D) - g(Z⁻) by identities (expm1, sinh),

``W D`` through later layers and ``log1p`` for the cost (``gradcheck``'s docstring says why).

Per unit, not per element. The examples (columns) of a batch never mix, and J is their
mean, so moving Z[l][i, k] by ±ε in every example k at once gives, in one pass, each
example's own difference ``ΔJ_k``. An element of layer l moves only row i of Z[l]: b[l][i]
by ε in every example, W[l][i, j] by ε A[l-1][j, k] in example k. So

    secant of b[l][i]    = Σ_k ΔJ_k / 2ε
    secant of W[l][i, j] = Σ_k ΔJ_k A[l-1][j, k] / 2ε

the first exactly the course's quotient, the second equal to it up to O(ε²) relative
(the step in example k is ε A[l-1][j, k] instead of ε; with ε = 1e-7 that is about 1e-14,
far below the check's threshold). One pass per unit i serves every element of row i of
W[l] and b[l]. A unit's step crosses a relu kink in example k when the sign of some Z
differs between the two passes there; an element is kinked when its own step moves such
an example (``A[l-1][j, k] != 0``).

Activations too (``Request(l, "dA", ...)``): moving row j of A[l] itself (after g[l]) by ±ε
in every example gives ``m ΔJ_k / 2ε``, the course's dA[l][j, k] (which carries no 1/m; the
backward step applies it in dW and db), exactly the quotient of that one element, since
example k moves only by its own ε. ``dnnstep.engine.gradcheck`` uses it to check against J
the dA that backprop passed down into the highest layer it checks locally (at l = L the
step must stay inside (0, 1): AL ± ε beyond it gives NaN).

What it costs. Below layer l nothing changes: the forward pass of the unperturbed network
is computed once (``Network``) and every pass starts from it. At layer l only row i of Z
moves, so the first step is one row and the step into layer l + 1 a rank-one update
(``Z[l+1] + W[:, i] (A⁻[l][i] - A[l][i])``), never a copy of a wide Z. From there each
unit's pass goes through the layers above (that is what a finite difference is); all of
them are carried together as one batch, ``(B, n[l], m)``, in one sweep up the network, so
the number of numpy calls grows with the depth. The batch is cut into pieces of at most
``batch_bytes`` per array. The arithmetic is one pass above l per unit: checking every
layer of a deep network this way costs the sum over layers of n[l] x (layers above l),
which grows with the square of the depth; ``operations`` estimates it beforehand, so that
``gradcheck`` can keep it within a budget and check the layers below locally
(``dnnstep.engine.local_secant``).

Dropout (Course 2). With its masks held fixed, a hidden layer passes on ``A[l] = g(Z[l]) * D[l] /
keep_prob``: a fixed linear scaling of each element, so ``A⁻`` and the difference ``A⁺ - A⁻`` are
scaled by ``D / keep_prob`` too (exactly what the masked network's J sees), and a kink crossed by a
dropped unit changes nothing. ``A[l]`` below is the masked one, what the layer above reads.

All arrays are float64; ``Z[l], A[l]: (n[l], m)``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Sequence

import numpy as np

from dnnstep.engine.activations import backward as g_backward
from dnnstep.engine.activations import forward as g_forward

BATCH_BYTES = 16 * 2**20
"""The most bytes one array of a batch of perturbations takes (a few such arrays are alive)."""

KINKED = ("relu", "leaky_relu")

ELEMENTWISE = 16
"""About how many elementwise operations a pass spends on each element of a layer's Z
(the secant identity, the kink test, the sum into the next layer), for ``operations``."""

NAMES = ("dW", "db", "dA")

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Request:
    """Secants wanted for ``name`` of ``layer`` at ``indices``: ``"dW"`` (k, 2), ``"db"`` (k, 1)
    or ``"dA"`` (k, 2), the last an element ``(j, example)`` of A[layer]."""

    layer: int
    name: str
    indices: np.ndarray


class Network:
    """The unperturbed forward pass of a network, from which every perturbed pass starts."""

    def __init__(self, parameters, X, Y, activations: Sequence[str], leaky_slope: float,
                 masks: Sequence[np.ndarray] = (), keep_prob: float = 1.0):
        self.parameters = {k: np.asarray(v, dtype=np.float64) for k, v in parameters.items()}
        self.Y = np.asarray(Y, dtype=np.float64)
        self.activations = tuple(activations)
        self.slope = float(leaky_slope)
        self.L = len(self.activations)
        #: D[l] / keep_prob of the hidden layers under dropout (their masks held fixed), by layer
        self.scale: dict[int, np.ndarray] = {l: np.asarray(D, dtype=np.float64) / keep_prob
                                             for l, D in enumerate(masks, start=1)}
        self._rounding: dict[int, dict[str, np.ndarray]] | None = None  # magnitudes, by layer and name
        self._roundoff = 0.0
        self.Z: dict[int, np.ndarray] = {}
        self.A: dict[int, np.ndarray] = {0: np.asarray(X, dtype=np.float64)}
        with np.errstate(all="ignore"):
            for l in range(1, self.L + 1):
                self.Z[l] = np.dot(self.W(l), self.A[l - 1]) + self.b(l)
                self.A[l] = self._masked(l, g_forward(self.activations[l - 1], self.Z[l], self.slope))

    def _masked(self, l: int, A: np.ndarray) -> np.ndarray:
        """``A * D[l] / keep_prob`` on a masked layer (the last axes are the layer's), else A itself."""
        return A if l not in self.scale else A * self.scale[l]

    def _kept(self, l: int, crossed: np.ndarray) -> np.ndarray:
        """``crossed`` without the dropped units: a kink where the mask is 0 changes nothing."""
        return crossed if l not in self.scale else crossed & (self.scale[l] != 0)

    def W(self, l: int) -> np.ndarray:
        return self.parameters[f"W{l}"]

    def b(self, l: int) -> np.ndarray:
        return self.parameters[f"b{l}"]

    @property
    def m(self) -> int:
        return int(self.A[0].shape[1])

    def rounding(self, layer: int, name: str, flat: np.ndarray) -> np.ndarray:
        """Bounds on the float64 rounding error of layer ``layer``'s ``dW``, ``db``, or of the
        ``dA`` passed down to it (dAL for the last layer), at the flat indices ``flat``.

        The backward pass is run again on absolute values (``|W|ᵀ |dZ|``, ``|dZ| |A_prev|ᵀ``):
        the classic bound of a computation's rounding error is the unit roundoff, times
        the number of operations along the way, times that computation on magnitudes.
        Computed once for every layer.
        """
        if self._rounding is None:
            L, Y, m = self.L, self.Y, self.Y.shape[1]
            magnitudes = {}
            with np.errstate(all="ignore"):
                AL, one_minus_AL = self.A[L], g_forward("sigmoid", -self.Z[L], 0.0)
                M_dA = np.abs(Y / AL) + np.abs((1 - Y) / one_minus_AL)
                for l in range(L, 0, -1):
                    # dZ = dA * g'(Z) on magnitudes (the engine's backward, relu'(0) = 0), after the mask
                    M_dZ = np.abs(g_backward(self.activations[l - 1], self._masked(l, M_dA), self.Z[l], self.slope))
                    magnitudes[l] = {"dW": np.dot(M_dZ, np.abs(self.A[l - 1]).T) / m,
                                     "db": np.sum(M_dZ, axis=1, keepdims=True) / m, "dA": M_dA}
                    M_dA = np.dot(np.abs(self.W(l)).T, M_dZ)
            operations = 4 * (m + sum(self.A[l].shape[0] for l in range(L + 1)) + 2 * L)
            self._rounding, self._roundoff = magnitudes, operations * np.finfo(np.float64).eps / 2
        return self._roundoff * self._rounding[layer][name].ravel()[flat]

    def passes(self, requests: Sequence[Request]) -> int:
        """How many layer passes ``secants`` makes for ``requests``: one per unit moved and
        layer it goes through (what its ``progress`` counts)."""
        return _Lanes.of(requests, self.L).passes(self.L)

    def operations(self, requests: Sequence[Request]) -> int:
        """An estimate of the arithmetic of ``secants`` for ``requests``: per unit moved, the
        row it starts from and, in every layer above, ``m n[l] (n[l-1] + ELEMENTWISE)`` (the
        product by W[l] and the elementwise work); the step into the layer above its own is a
        rank-one update, ``m n[l] ELEMENTWISE``. It grows with the square of the depth when
        every layer is asked for; ``gradcheck`` keeps it within a budget."""
        lanes = _Lanes.of(requests, self.L)
        dims = [self.A[l].shape[0] for l in range(self.L + 1)]
        layer_cost = [0] + [dims[l] * (dims[l - 1] + ELEMENTWISE) for l in range(1, self.L + 1)]
        above = np.cumsum(layer_cost[::-1])[::-1]  # above[l] = the cost of layers l..L
        total = 0
        for layer in lanes.layer:
            layer = int(layer)
            if layer < self.L:  # the rank-one step into layer + 1, then the full layers above it
                total += dims[layer + 1] * ELEMENTWISE + (above[layer + 2] if layer + 2 <= self.L else 0)
            total += ELEMENTWISE
        return int(total * self.m)

    def secants(self, requests: Sequence[Request], epsilon: float, *, progress: Progress | None = None,
                batch_bytes: int = BATCH_BYTES) -> list[tuple[np.ndarray, np.ndarray]]:
        """Per request, ``(secants, kinks)``: the centered differences in the order of its
        indices, and whether ±ε moved some Z of a relu or leaky_relu layer across 0.

        ``progress(done, total)`` is called as the sweep goes (units: layers passed by a
        unit's perturbation).
        """
        lanes = _Lanes.of(requests, self.L)
        differences = np.zeros((lanes.count, self.m))        # J_k(Z + ε) - J_k(Z - ε), per example k
        crossed = np.zeros((lanes.count, self.m), dtype=bool)
        total = lanes.passes(self.L)
        done = 0
        if progress is not None:
            progress(0, total)
        for piece in self._pieces(lanes, batch_bytes):
            for passed in self._sweep(lanes, piece, epsilon, differences, crossed):
                done += passed
                if progress is not None:
                    progress(done, total)
        out = []
        for request, lane in zip(requests, lanes.of_request):
            indices = np.asarray(request.indices, dtype=np.intp).reshape(len(request.indices), -1)
            if request.name == "db":          # b[l][i] moves Z[l][i, k] by ε in every example
                values = differences[lane].sum(axis=1)
                kinks = crossed[lane].any(axis=1)
            elif request.name == "dW":        # W[l][i, j] moves it by ε A[l-1][j, k]
                A_prev = self.A[request.layer - 1][indices[:, 1]]
                values = np.einsum("pk,pk->p", differences[lane], A_prev)
                kinks = (crossed[lane] & (A_prev != 0)).any(axis=1)
            else:                             # A[l][j, k] moves by ε in example k alone; dA has no 1/m
                values = differences[lane, indices[:, 1]] * self.m
                kinks = crossed[lane, indices[:, 1]]
            out.append((values / (2 * epsilon), kinks))
        return out

    def _pieces(self, lanes: "_Lanes", batch_bytes: int):
        """Consecutive slices of the lanes (sorted by layer) whose batch fits ``batch_bytes``."""
        dims = [self.A[l].shape[0] for l in range(self.L + 1)]
        widest_above = np.maximum.accumulate(np.array(dims[1:] + [1])[::-1])[::-1]  # max(dims[l + 1:]), in O(L)
        start = 0
        while start < lanes.count:
            per_lane = max(widest_above[lanes.layer[start]], 1) * self.m * 8
            size = max(1, batch_bytes // per_lane)
            yield np.arange(start, min(start + size, lanes.count))
            start += size

    def _sweep(self, lanes: "_Lanes", piece: np.ndarray, epsilon: float, differences: np.ndarray,
               crossed: np.ndarray):
        """Carry the lanes of ``piece`` up the network: row i of Z[l] (or of A[l]) moved by ±ε in
        every example.

        Writes each example's J difference into ``differences`` and whether it crossed a
        relu kink on the way into ``crossed``. Yields, after each layer, how many lanes passed it.
        """
        layer_of = lanes.layer[piece]
        live: np.ndarray = np.zeros(0, dtype=np.intp)   # lanes carried densely, in batch order
        Z_minus = D = None                                # (B, n[l], m)
        with np.errstate(all="ignore"):
            for l in range(int(layer_of.min()), self.L + 1):
                g = self.activations[l - 1]
                if live.size:
                    A_minus = self._masked(l, g_forward(g, Z_minus, self.slope))
                    dA = self._masked(l, g_difference(g, Z_minus, D, self.slope))
                    if g in KINKED:
                        crossed[live] |= np.any(self._kept(l, (Z_minus > 0) != (Z_minus + D > 0)), axis=1)
                new = piece[layer_of == l]
                if new.size:
                    new, rows, A_rows, dA_rows, one_minus_rows = self._start(lanes, new, l, epsilon, crossed)
                if l == self.L:
                    if live.size:
                        one_minus = g_forward("sigmoid", -Z_minus, 0.0)
                        differences[live] = cost_difference(A_minus, dA, one_minus, self.Y).sum(axis=1)
                    if new.size:
                        differences[new] = cost_difference(A_rows, dA_rows, one_minus_rows, self.Y)
                    yield live.size + new.size
                    return
                W, b = self.W(l + 1), self.b(l + 1)
                parts_Z, parts_D = [], []
                if live.size:
                    parts_Z.append(np.matmul(W, A_minus) + b)
                    parts_D.append(np.matmul(W, dA))
                if new.size:
                    # only row i of A[l] moved: Z[l+1] changes by W[:, i] times that row's change
                    columns = W[:, rows].T[:, :, None]                   # (k, n[l+1], 1)
                    parts_Z.append(self.Z[l + 1] + columns * (A_rows - self.A[l][rows])[:, None, :])
                    parts_D.append(columns * dA_rows[:, None, :])
                yield live.size + new.size
                live = np.concatenate([live, new]) if new.size else live
                Z_minus = parts_Z[0] if len(parts_Z) == 1 else np.concatenate(parts_Z)
                D = parts_D[0] if len(parts_D) == 1 else np.concatenate(parts_D)

    def _start(self, lanes: "_Lanes", new: np.ndarray, l: int, epsilon: float, crossed: np.ndarray):
        """The lanes that start at layer l: row i of Z[l] or of A[l] moved to its ``-ε`` side.

        Returns them (Z lanes first), their rows, ``A⁻`` and ``A⁺ - A⁻`` of those rows and
        ``1 - A⁻`` (for the cost: only when l = L, else ``None``)."""
        g = self.activations[l - 1]
        output = l == self.L
        from_Z, from_A = new[lanes.kind[new] == 0], new[lanes.kind[new] == 1]
        A_parts, dA_parts, one_minus_parts = [], [], []
        if from_Z.size:
            rows = lanes.row[from_Z]
            Z_rows = self.Z[l][rows] - epsilon                           # (k, m)
            D_rows = np.full_like(Z_rows, 2 * epsilon)
            A_rows, dA_rows = g_forward(g, Z_rows, self.slope), g_difference(g, Z_rows, D_rows, self.slope)
            crossed_rows = (Z_rows > 0) != (Z_rows + D_rows > 0)
            if l in self.scale:                                          # the rows' masks, held fixed
                A_rows, dA_rows = A_rows * self.scale[l][rows], dA_rows * self.scale[l][rows]
                crossed_rows &= self.scale[l][rows] != 0
            A_parts.append(A_rows)
            dA_parts.append(dA_rows)
            if output:
                one_minus_parts.append(g_forward("sigmoid", -Z_rows, 0.0))
            if g in KINKED:
                crossed[from_Z] |= crossed_rows
        if from_A.size:                                                  # after g[l]: no kink here
            A_rows = self.A[l][lanes.row[from_A]] - epsilon
            A_parts.append(A_rows)
            dA_parts.append(np.full_like(A_rows, 2 * epsilon))
            if output:
                one_minus_parts.append(g_forward("sigmoid", -self.Z[l][lanes.row[from_A]], 0.0) + epsilon)
        ordered = np.concatenate([from_Z, from_A])
        return (ordered, lanes.row[ordered], np.concatenate(A_parts), np.concatenate(dA_parts),
                np.concatenate(one_minus_parts) if output else None)


@dataclass(frozen=True)
class _Lanes:
    """The rows whose Z (kind 0) or A (kind 1) is moved, one lane each, sorted by layer:
    (layer, row i, kind); and, per request, the lane of each of its elements."""

    layer: np.ndarray
    row: np.ndarray
    kind: np.ndarray
    of_request: tuple[np.ndarray, ...]

    @property
    def count(self) -> int:
        return int(self.layer.size)

    def passes(self, L: int) -> int:
        """Layer passes of a sweep: one per lane and layer from its own to L."""
        return int(np.sum(L - self.layer + 1))

    @classmethod
    def of(cls, requests: Sequence[Request], L: int) -> "_Lanes":
        units = []
        for request in requests:
            if not 1 <= request.layer <= L:
                raise ValueError(f"layer {request.layer} is outside 1..{L}")
            if request.name not in NAMES:
                raise ValueError(f"unknown gradient {request.name!r}: expected one of {', '.join(NAMES)}")
            indices = np.asarray(request.indices, dtype=np.intp).reshape(len(request.indices), -1)
            kind = np.full(len(indices), int(request.name == "dA"), dtype=np.intp)
            units.append(np.stack([np.full(len(indices), request.layer, dtype=np.intp), indices[:, 0], kind], axis=1))
        every = np.concatenate(units) if units else np.zeros((0, 3), dtype=np.intp)
        unique, lane_of = np.unique(every, axis=0, return_inverse=True)  # sorted by layer, then row
        lane_of = lane_of.reshape(-1)
        of_request, start = [], 0
        for part in units:
            of_request.append(lane_of[start:start + len(part)])
            start += len(part)
        return cls(unique[:, 0].copy(), unique[:, 1].copy(), unique[:, 2].copy(), tuple(of_request))


def g_difference(activation: str, Z: np.ndarray, D: np.ndarray, slope: float) -> np.ndarray:
    """g(Z + D) - g(Z), without cancellation when D is tiny next to Z. ``D`` may broadcast against ``Z``."""
    P = Z + D
    if activation == "sigmoid":
        return -np.expm1(-D) * g_forward("sigmoid", P, slope) * g_forward("sigmoid", -Z, slope)
    if activation == "tanh":
        return np.sinh(D) / (np.cosh(Z) * np.cosh(P))
    if activation in KINKED:
        # D itself on the side above 0, slope * D below it; across the kink (rare) the two values
        above_Z, above_P = Z > 0, P > 0
        D = np.broadcast_to(D, P.shape)
        difference = np.where(above_Z & above_P, D, 0.0) if activation == "relu" \
            else np.where(above_Z & above_P, D, slope * D)
        crossed = above_Z != above_P
        if crossed.any():
            difference[crossed] = (g_forward(activation, P[crossed], slope)
                                   - g_forward(activation, np.broadcast_to(Z, P.shape)[crossed], slope))
        return difference
    raise ValueError(f"unknown activation {activation!r}")


def cost_difference(AL: np.ndarray, dAL: np.ndarray, one_minus_AL: np.ndarray, Y: np.ndarray) -> np.ndarray:
    """J(AL + dAL) - J(AL) of the cross-entropy cost, per example: ``(..., m)`` in, the same out.

    ``AL, dAL`` are output layers (or their moved rows) and ``one_minus_AL`` is 1 - AL, given
    (as σ(-ZL), say) so that it is exact where AL is near 1; summed over the examples (the last
    axis) it is the change of J. Rows that did not move add log1p(0) = 0.
    """
    m = Y.shape[1]
    log_ratio_a = np.log1p(dAL / AL)                     # log(a + d) - log(a)
    log_ratio_1_minus_a = np.log1p(-dAL / one_minus_AL)  # log(1 - a - d) - log(1 - a)
    y = Y.reshape(-1)
    terms = np.where(y != 0, y * log_ratio_a, 0.0) + np.where(y != 1, (1 - y) * log_ratio_1_minus_a, 0.0)
    return -terms / m

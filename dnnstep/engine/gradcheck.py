"""Gradient checking: the engine's dW and db against centered finite differences of J.

The course's check (week 1 of "Improving Deep Neural Networks"): for every parameter θ_i,

    gradapprox_i = (J(θ + ε e_i) - J(θ - ε e_i)) / (2 ε)                 ε = 1e-7
    difference   = ||grad - gradapprox|| / (||grad|| + ||gradapprox||)   correct if < 1e-7

``grad`` is what the engine's backward step computed at an iteration (``dW: (n[l], n[l-1])``,
``db: (n[l], 1)``); J is the cross-entropy cost of the scenario's X, Y with the parameters
at the start of that iteration.

Three things make the textbook recipe unreliable here, and this module deals with each:

* **Cancellation.** J is about 0.69 and its rounding error about 1e-16, so ``J(θ+ε) -
  J(θ-ε)`` computed as a subtraction of two costs carries an error near 1e-16 / ε = 1e-9.
  The course's initialisation (``randn * 0.01``) makes gradients of 1e-5 down to 1e-12,
  so the subtraction alone would fail the 1e-7 threshold. Instead the difference between
  the two perturbed networks is carried through the layers as a tensor of its own (a
  "secant" pass): ``D = Z(θ+ε) - Z(θ-ε)``, then ``g(Z + D) - g(Z)`` with cancellation-free
  identities (``σ(z+d) - σ(z) = -expm1(-d) σ(z+d) σ(-z)``, ``tanh(z+d) - tanh(z) =
  sinh(d) / (cosh z cosh(z+d))``), ``W D`` through later layers, and ``log1p`` for the
  cost. The result is the same number ``(J(θ+ε) - J(θ-ε)) / 2ε``, computed to near
  machine precision relative to itself, whatever the scale of the gradient.
* **ReLU kinks.** relu and leaky_relu have a kink at Z = 0. When ``θ ± ε`` moves some
  ``Z`` across it, the finite difference is a secant across the kink, not the derivative,
  and differs from the gradient for a reason that is not a bug. Such elements are
  detected (the sign of Z differs between the two perturbed passes) and reported, with
  the relative difference recomputed without them; they are never silently dropped.
* **Gradients that are pure cancellation.** When a gradient is a sum of terms that
  cancel to almost nothing (db of the output layer when AL is about 0.5 and the labels are
  balanced), the engine's own float64 sum is only good to its rounding error, and the
  relative difference of two tiny numbers says nothing. A bound on that rounding error is
  computed (the backward pass on absolute values, times the unit roundoff and the number
  of operations); when every element agrees within it, the verdict says so.

Each gradient gets a verdict: ``"ok"`` (the course's difference is below 1e-7),
``"kinks"`` (below it without the kink elements), ``"rounding"`` (within the rounding
bound everywhere off a kink) or ``"failed"``. ``ok`` is True unless ``"failed"``; the
summary always shows the course's difference, the worst element and the reason.

Large layers (``cat_size``'s W1 has 245,760 elements) are checked on a seeded random
sample of elements; the result says so, and its relative difference is over the sample.
The forward pass here is the engine's g[l] with a linear part and a perturbation of its
own (the cancellation-free difference above), and it is checked against the engine's own
AL before anything is compared.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Sequence

import numpy as np

from dnnstep.engine.activations import backward as _g_backward
from dnnstep.engine.activations import forward as _g
from dnnstep.engine.step import step_index
from dnnstep.engine.summary import index_text

EPSILON = 1e-7
THRESHOLD = 1e-7
MAX_ELEMENTS = 1000


@dataclass(frozen=True)
class ParameterCheck:
    """The check of one gradient (``dW`` or ``db``) of one layer.

    Attributes:
        name: ``"dW"`` or ``"db"``.
        layer: l.
        shape: the gradient's shape.
        difference: the course's relative difference over the checked elements
            (0.0 when both gradients are exactly zero there).
        checked: how many elements were checked; ``total``: how many the gradient has.
        worst_index: the element where |analytic - numeric| is largest.
        worst_analytic, worst_numeric: the two values there.
        kinks: the elements whose ±ε moved some Z of a relu/leaky_relu layer across 0.
        difference_without_kinks: the relative difference over the other elements,
            or ``None`` when there were no kinks.
        threshold: the pass mark for ``difference``.
        analytic, numeric: the checked values, flat, in the order of ``indices``.
        indices: the checked elements.
    """

    name: str
    layer: int
    shape: tuple[int, ...]
    difference: float
    checked: int
    total: int
    worst_index: tuple[int, ...]
    worst_analytic: float
    worst_numeric: float
    kinks: tuple[tuple[int, ...], ...]
    difference_without_kinks: float | None
    threshold: float
    analytic: np.ndarray = field(repr=False)
    numeric: np.ndarray = field(repr=False)
    indices: tuple[tuple[int, ...], ...] = field(repr=False)
    rounding: np.ndarray = field(repr=False, default_factory=lambda: np.zeros(0))

    @property
    def sampled(self) -> bool:
        """True when only a random sample of the elements was checked."""
        return self.checked < self.total

    @property
    def verdict(self) -> str:
        """``"ok"``: the course's relative difference is below the threshold.

        ``"kinks"``: it is not, but it is without the elements whose ±ε crossed a relu
        kink (there the derivative does not exist and the course takes relu'(0) = 0).
        ``"rounding"``: it is not, but at every other element the two gradients agree
        within the rounding error of float64 (``rounding``): the gradient is so small
        next to the terms it is summed from that no relative difference can judge it.
        ``"failed"``: none of these; the analytic gradient is wrong.
        """
        if self.difference < self.threshold:
            return "ok"
        if self.kinks and self.difference_without_kinks is not None \
                and self.difference_without_kinks < self.threshold:
            return "kinks"
        if self.within_rounding:
            return "rounding"
        return "failed"

    @property
    def within_rounding(self) -> bool:
        """True when |analytic - numeric| is within ``rounding`` at every element off a kink."""
        if self.rounding.size != self.analytic.size:
            return False
        kinked = {index for index in self.kinks}
        off = np.array([index not in kinked for index in self.indices], dtype=bool)
        with np.errstate(all="ignore"):
            gap = np.abs(self.analytic - self.numeric)
        return bool(np.all(gap[off] <= self.rounding[off]))

    @property
    def ok(self) -> bool:
        """True unless the verdict is ``"failed"``."""
        return self.verdict != "failed"

    @property
    def label(self) -> str:
        """``"dW[3]"``."""
        return f"{self.name}[{self.layer}]"

    def summary(self) -> str:
        """A few lines for people: verdict, difference, worst element, sample, kinks."""
        verdict = {
            "ok": f"(< {self.threshold:g}) ok",
            "kinks": f"(>= {self.threshold:g} only at relu kinks, see below) ok",
            "rounding": f"(>= {self.threshold:g}, but within float64 rounding everywhere, see below) ok",
            "failed": f"(>= {self.threshold:g}) FAILED",
        }[self.verdict]
        where = index_text(self.worst_index)
        lines = [
            f"{self.label} {self.shape}: relative difference {self.difference:.3e} {verdict}",
            f"  worst element {where}: analytic {self.worst_analytic:.10e}, numeric {self.worst_numeric:.10e}",
        ]
        if self.verdict == "rounding":
            n = self.indices.index(self.worst_index) if self.worst_index in self.indices else 0
            lines.append(
                f"  the gradient is tiny next to the terms it is summed from: at the worst element the "
                f"rounding error of float64 is up to {self.rounding[n]:.1e}, so the relative difference "
                f"cannot judge it more finely")
        if self.sampled:
            lines.append(f"  checked a seeded random sample of {self.checked} of {self.total} elements")
        if self.kinks:
            shown = ", ".join(index_text(k) for k in self.kinks[:5])
            more = f" and {len(self.kinks) - 5} more" if len(self.kinks) > 5 else ""
            lines.append(
                f"  {len(self.kinks)} of {self.checked} elements moved some Z across a relu kink (Z = 0) "
                f"under ±ε: {shown}{more}; their finite difference is a secant across the kink"
            )
            if len(self.kinks) == self.checked:
                lines.append("  every checked element crossed a kink, so nothing is left to compare here: "
                             "check another iteration")
            elif self.difference_without_kinks is not None:
                lines.append(f"  relative difference without them: {self.difference_without_kinks:.3e}")
        return "\n".join(lines)


@dataclass(frozen=True)
class GradcheckResult:
    """The gradient check of one layer at one iteration.

    Attributes:
        iteration, layer: where the gradients come from (the backward step of layer l).
        epsilon, threshold: the course's ε and pass mark.
        checks: the ``dW`` and ``db`` checks, in that order.
        forward_problem: ``None``, or why this module's forward pass could not be trusted
            (it disagreed with the engine's AL); the result is then not ok.
    """

    iteration: int
    layer: int
    epsilon: float
    threshold: float
    checks: tuple[ParameterCheck, ...]
    forward_problem: str | None = None

    @property
    def ok(self) -> bool:
        return self.forward_problem is None and all(c.ok for c in self.checks)

    def __getitem__(self, name: str) -> ParameterCheck:
        for check in self.checks:
            if check.name == name:
                return check
        raise KeyError(name)

    def summary(self) -> str:
        head = (f"gradient check of layer {self.layer} at iteration {self.iteration} "
                f"(ε = {self.epsilon:g}, threshold {self.threshold:g}): {'ok' if self.ok else 'FAILED'}")
        lines = [head]
        if self.forward_problem:
            lines.append(f"  {self.forward_problem}")
        lines.extend("  " + line for check in self.checks for line in check.summary().splitlines())
        return "\n".join(lines)


def relative_difference(grad: np.ndarray, gradapprox: np.ndarray) -> float:
    """The course's ``||grad - gradapprox|| / (||grad|| + ||gradapprox||)``; 0.0 when both are 0."""
    grad = np.asarray(grad, dtype=np.float64).ravel()
    gradapprox = np.asarray(gradapprox, dtype=np.float64).ravel()
    numerator = np.linalg.norm(grad - gradapprox)
    denominator = np.linalg.norm(grad) + np.linalg.norm(gradapprox)
    if denominator == 0:
        return 0.0 if numerator == 0 else float("inf")
    return float(numerator / denominator)


def gradcheck_layer(
    session: Any,
    iteration: int,
    layer: int,
    *,
    epsilon: float = EPSILON,
    threshold: float = THRESHOLD,
    max_elements: int = MAX_ELEMENTS,
    seed: int = 0,
) -> GradcheckResult:
    """Check layer ``layer``'s dW and db at ``iteration`` of a Session numerically.

    The gradients are the engine's, from the step ``backward layer`` of that iteration;
    J is taken at ``session.parameters_at(iteration)`` on the scenario's X and Y.
    A gradient with more than ``max_elements`` elements is checked on a random sample
    of that many elements, drawn with ``seed``.
    """
    scenario = session.scenario
    L = scenario.L
    if not 1 <= layer <= L:
        raise ValueError(f"layer {layer} is outside 1..{L}")
    backward = session.step(iteration, step_index(L, "backward", layer))
    forward_L = session.step(iteration, step_index(L, "forward", L))
    net = _Network(session.parameters_at(iteration), scenario.X, scenario.Y,
                   tuple(scenario.activations), float(scenario.leaky_slope))
    forward_problem = _compare_forward(net.A[L], forward_L.tensors["A"])
    checks = tuple(
        _check_parameter(net, layer, name, np.asarray(backward.tensors[name]),
                         epsilon=epsilon, threshold=threshold, max_elements=max_elements, seed=seed)
        for name in ("dW", "db")
    )
    return GradcheckResult(iteration, layer, epsilon, threshold, checks, forward_problem)


def gradcheck_all(session: Any, iteration: int = 0, **options: Any) -> list[GradcheckResult]:
    """``gradcheck_layer`` for every layer 1..L at ``iteration``."""
    return [gradcheck_layer(session, iteration, layer, **options) for layer in range(1, session.scenario.L + 1)]


def numeric_gradient(
    parameters: dict[str, np.ndarray],
    X: np.ndarray,
    Y: np.ndarray,
    activations: Sequence[str],
    layer: int,
    name: str,
    *,
    epsilon: float = EPSILON,
    leaky_slope: float = 0.01,
    indices: Sequence[tuple[int, ...]] | None = None,
) -> tuple[np.ndarray, list[bool]]:
    """The centered difference ``(J(θ+ε) - J(θ-ε)) / 2ε`` for elements of ``dW`` or ``db``.

    ``name`` is ``"dW"`` or ``"db"`` of layer ``layer``; ``indices`` defaults to every
    element. Returns the differences (flat, in the order of ``indices``) and, per
    element, whether ±ε moved some Z across a relu kink.
    """
    net = _Network(parameters, X, Y, tuple(activations), leaky_slope)
    shape = parameters[f"{name[1:]}{layer}"].shape
    if indices is None:
        indices = list(np.ndindex(*shape))
    values, kinks = [], []
    for index in indices:
        value, kink = net.secant(layer, name, tuple(index), epsilon)
        values.append(value)
        kinks.append(kink)
    return np.array(values, dtype=np.float64), kinks


class _Network:
    """A forward pass of the scenario's network, kept so that perturbed passes start mid-way."""

    def __init__(self, parameters, X, Y, activations: tuple[str, ...], leaky_slope: float):
        self.parameters = {k: np.asarray(v, dtype=np.float64) for k, v in parameters.items()}
        self.Y = np.asarray(Y, dtype=np.float64)
        self.activations = activations
        self.slope = leaky_slope
        self.L = len(activations)
        self._rounding: dict[int, tuple[np.ndarray, np.ndarray]] | None = None
        self.Z: dict[int, np.ndarray] = {}
        self.A: dict[int, np.ndarray] = {0: np.asarray(X, dtype=np.float64)}
        with np.errstate(all="ignore"):
            for l in range(1, self.L + 1):
                self.Z[l] = np.dot(self.parameters[f"W{l}"], self.A[l - 1]) + self.parameters[f"b{l}"]
                self.A[l] = _g(activations[l - 1], self.Z[l], leaky_slope)

    def rounding(self, layer: int) -> tuple[np.ndarray, np.ndarray]:
        """Bounds on the float64 rounding error of layer ``layer``'s dW and db.

        The backward pass is run again on absolute values (``|W|ᵀ |dZ|``, ``|dZ| |A_prev|ᵀ``):
        the classic bound of a computation's rounding error is the unit roundoff, times
        the number of operations along the way, times that computation on magnitudes.
        """
        if self._rounding is None:
            u = np.finfo(np.float64).eps / 2
            L, Y, m = self.L, self.Y, self.Y.shape[1]
            operations = 4 * (m + sum(self.A[l].shape[0] for l in range(L + 1)) + 2 * L)
            bounds = {}
            with np.errstate(all="ignore"):
                AL, one_minus_AL = self.A[L], _g("sigmoid", -self.Z[L], 0.0)
                M_dA = np.abs(Y / AL) + np.abs((1 - Y) / one_minus_AL)
                for l in range(L, 0, -1):
                    # dZ = dA * g'(Z) on magnitudes (the engine's backward, relu'(0) = 0)
                    M_dZ = np.abs(_g_backward(self.activations[l - 1], M_dA, self.Z[l], self.slope))
                    M_dW = np.dot(M_dZ, np.abs(self.A[l - 1]).T) / m
                    M_db = np.sum(M_dZ, axis=1, keepdims=True) / m
                    bounds[l] = (operations * u * M_dW, operations * u * M_db)
                    M_dA = np.dot(np.abs(self.parameters[f"W{l}"]).T, M_dZ)
            self._rounding = bounds
        return self._rounding[layer]

    def secant(self, layer: int, name: str, index: tuple[int, ...], epsilon: float) -> tuple[float, bool]:
        """(J(θ+ε) - J(θ-ε)) / 2ε for one element of W or b of ``layer``, and whether a kink was crossed."""
        i = index[0]
        Z_minus = self.Z[layer].copy()
        D = np.zeros_like(Z_minus)
        if name == "dW":
            step = epsilon * self.A[layer - 1][index[1]]
        elif name == "db":
            step = np.full(Z_minus.shape[1], epsilon)
        else:
            raise ValueError(f"unknown gradient {name!r}: expected 'dW' or 'db'")
        # Row i of Z moves by ±step; every other row of this layer is untouched.
        Z_minus[i] -= step
        D[i] = 2 * step
        kink = False
        with np.errstate(all="ignore"):
            for l in range(layer, self.L + 1):
                if l > layer:
                    W, b = self.parameters[f"W{l}"], self.parameters[f"b{l}"]
                    Z_minus = np.dot(W, A_minus) + b
                    D = np.dot(W, dA)
                g = self.activations[l - 1]
                A_minus = _g(g, Z_minus, self.slope)
                dA = _g_difference(g, Z_minus, D, self.slope)
                if g in ("relu", "leaky_relu"):
                    kink = kink or bool(np.any((Z_minus > 0) != (Z_minus + D > 0)))
            J_difference = _cost_difference(A_minus, dA, Z_minus, self.Y)
        return float(J_difference / (2 * epsilon)), kink


def _g_difference(activation: str, Z: np.ndarray, D: np.ndarray, slope: float) -> np.ndarray:
    """g(Z + D) - g(Z), without cancellation when D is tiny next to Z."""
    P = Z + D
    if activation == "sigmoid":
        return -np.expm1(-D) * _g("sigmoid", P, slope) * _g("sigmoid", -Z, slope)
    if activation == "tanh":
        return np.sinh(D) / (np.cosh(Z) * np.cosh(P))
    if activation in ("relu", "leaky_relu"):
        below = slope if activation == "leaky_relu" else 0.0
        crossing = _g(activation, P, slope) - _g(activation, Z, slope)
        return np.where((Z > 0) & (P > 0), D, np.where((Z <= 0) & (P <= 0), below * D, crossing))
    raise ValueError(f"unknown activation {activation!r}")


def _cost_difference(AL: np.ndarray, dAL: np.ndarray, ZL: np.ndarray, Y: np.ndarray) -> float:
    """J(AL + dAL) - J(AL) for the cross-entropy cost; ``ZL`` gives 1 - AL as σ(-ZL) exactly."""
    m = Y.shape[1]
    one_minus_AL = _g("sigmoid", -ZL, 0.0)
    log_ratio_a = np.log1p(dAL / AL)                   # log(a + d) - log(a)
    log_ratio_1_minus_a = np.log1p(-dAL / one_minus_AL)  # log(1 - a - d) - log(1 - a)
    terms = np.where(Y != 0, Y * log_ratio_a, 0.0) + np.where(Y != 1, (1 - Y) * log_ratio_1_minus_a, 0.0)
    return float(-np.sum(terms) / m)


def _check_parameter(net: _Network, layer: int, name: str, grad: np.ndarray, *,
                     epsilon: float, threshold: float, max_elements: int, seed: int) -> ParameterCheck:
    shape = tuple(grad.shape)
    total = int(grad.size)
    if total > max_elements:
        rng = np.random.default_rng(seed)
        flat = np.sort(rng.choice(total, size=max_elements, replace=False))
    else:
        flat = np.arange(total)
    indices = [tuple(int(i) for i in np.unravel_index(k, shape)) for k in flat]
    analytic = grad.ravel()[flat].astype(np.float64)
    numeric = np.empty(len(indices))
    kinked = np.zeros(len(indices), dtype=bool)
    for n, index in enumerate(indices):
        numeric[n], kinked[n] = net.secant(layer, name, index, epsilon)
    numeric += 0.0  # -0.0 reads as a sign to people; it is zero
    with np.errstate(all="ignore"):
        gap = np.abs(analytic - numeric)
    nan = np.flatnonzero(np.isnan(gap))
    worst = int(nan[0]) if nan.size else int(np.argmax(gap)) if gap.size else 0  # a NaN is the worst
    difference = relative_difference(analytic, numeric)
    if np.isnan(difference):
        difference = float("inf")
    kinks = tuple(index for index, k in zip(indices, kinked) if k)
    without = relative_difference(analytic[~kinked], numeric[~kinked]) if kinks else None
    return ParameterCheck(
        name=name, layer=layer, shape=shape, difference=difference, checked=len(indices), total=total,
        worst_index=indices[worst] if indices else (), worst_analytic=float(analytic[worst]) if indices else 0.0,
        worst_numeric=float(numeric[worst]) if indices else 0.0, kinks=kinks,
        difference_without_kinks=without, threshold=threshold,
        analytic=analytic, numeric=numeric, indices=tuple(indices),
        rounding=net.rounding(layer)[0 if name == "dW" else 1].ravel()[flat],
    )


def _compare_forward(AL: np.ndarray, engine_AL: np.ndarray) -> str | None:
    engine_AL = np.asarray(engine_AL, dtype=np.float64)
    if AL.shape != engine_AL.shape:
        return f"the check's forward pass gives AL {AL.shape}, the engine's {engine_AL.shape}"
    with np.errstate(all="ignore"):
        if np.array_equal(AL, engine_AL, equal_nan=True) or np.allclose(AL, engine_AL, rtol=1e-12, atol=0):
            return None
        gap = float(np.nanmax(np.abs(AL - engine_AL)))
    return f"the check's forward pass disagrees with the engine's: AL differs by up to {gap:.3e}"

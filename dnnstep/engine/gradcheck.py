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
The perturbed passes themselves, every element of every layer in one batched sweep up the
network, are ``dnnstep.engine.secant``.
The forward pass here is the engine's g[l] with a linear part and a perturbation of its
own (the cancellation-free difference above), and it is checked against the engine's own
AL before anything is compared.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Sequence

import numpy as np

from dnnstep.engine.secant import Network, Progress, Request
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
        """A few lines for people: what was compared and its verdict first, then the worst element,
        the sample, and the elements that crossed a relu kink, shown apart (never compared silently)."""
        if self.kinks and self.verdict in ("ok", "kinks"):  # passed off the kinks: say so first
            return "\n".join(self._kink_lines())
        verdict = {
            "ok": f"(< {self.threshold:g}) ok",
            "rounding": f"(>= {self.threshold:g}, but within float64 rounding everywhere, see below) ok",
            "failed": f"(>= {self.threshold:g}) FAILED",
        }[self.verdict]
        lines = [
            f"{self.label} {self.shape}: relative difference {self.difference:.3e} {verdict}",
            self._worst_line(self.worst_index, self.worst_analytic, self.worst_numeric),
        ]
        if self.verdict == "rounding":
            n = self.indices.index(self.worst_index) if self.worst_index in self.indices else 0
            lines.append(
                f"  the gradient is tiny next to the terms it is summed from: at the worst element the "
                f"rounding error of float64 is up to {self.rounding[n]:.1e}, so the relative difference "
                f"cannot judge it more finely")
        lines += self._sample_lines()
        if self.kinks:
            lines.append(f"  {self._kinks_text()}")
        return "\n".join(lines)

    def _kink_lines(self) -> list[str]:
        """A pass with kinks: the elements away from a kink passed; those at one are shown apart."""
        compared = self.checked - len(self.kinks)
        if compared == 0:
            lines = [f"{self.label} {self.shape}: nothing compared: every checked element crossed a relu kink "
                     f"under ±ε (not a failure; check another iteration)"]
        else:
            kinked = set(self.kinks)
            off = [n for n, index in enumerate(self.indices) if index not in kinked]
            gap = np.abs(self.analytic[off] - self.numeric[off])
            n = off[int(np.argmax(gap))]
            lines = [
                f"{self.label} {self.shape}: relative difference {self.difference_without_kinks:.3e} over the "
                f"{compared} of {self.checked} elements away from relu kinks (< {self.threshold:g}) ok",
                self._worst_line(self.indices[n], float(self.analytic[n]), float(self.numeric[n])),
            ]
        lines += self._sample_lines()
        lines.append(f"  apart: {self._kinks_text()}")
        lines.append(f"  (the course's relative difference over all {self.checked}, kinks included, is "
                     f"{self.difference:.3e}: at a kink the derivative does not exist and the course takes relu'(0) = 0)")
        return lines

    def _kinks_text(self) -> str:
        shown = ", ".join(index_text(k) for k in self.kinks[:5])
        more = f" and {len(self.kinks) - 5} more" if len(self.kinks) > 5 else ""
        return (f"{len(self.kinks)} of {self.checked} elements moved some Z across a relu kink (Z = 0) under ±ε: "
                f"{shown}{more}; their finite difference is a secant across the kink, not a derivative")

    @staticmethod
    def _worst_line(index: tuple[int, ...], analytic: float, numeric: float) -> str:
        return f"  worst element {index_text(index)}: analytic {analytic:.10e}, numeric {numeric:.10e}"

    def _sample_lines(self) -> list[str]:
        return [f"  checked a seeded random sample of {self.checked} of {self.total} elements"] if self.sampled else []


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
    max_elements: int | None = MAX_ELEMENTS,
    seed: int = 0,
    progress: Progress | None = None,
) -> GradcheckResult:
    """Check layer ``layer``'s dW and db at ``iteration`` of a Session numerically.

    The gradients are the engine's, from the step ``backward layer`` of that iteration;
    J is taken at ``session.parameters_at(iteration)`` on the scenario's X and Y.
    A gradient with more than ``max_elements`` elements is checked on a random sample
    of that many elements, drawn with ``seed`` (``None``: every element).
    """
    return gradcheck_layers(session, iteration, [layer], epsilon=epsilon, threshold=threshold,
                            max_elements=max_elements, seed=seed, progress=progress)[0]


def gradcheck_all(session: Any, iteration: int = 0, **options: Any) -> list[GradcheckResult]:
    """``gradcheck_layer`` for every layer 1..L at ``iteration``."""
    return gradcheck_layers(session, iteration, None, **options)


def gradcheck_layers(
    session: Any,
    iteration: int,
    layers: Sequence[int] | None = None,
    *,
    epsilon: float = EPSILON,
    threshold: float = THRESHOLD,
    max_elements: int | None = MAX_ELEMENTS,
    seed: int = 0,
    progress: Progress | None = None,
) -> list[GradcheckResult]:
    """``gradcheck_layer`` for each of ``layers`` (default 1..L), computed together.

    One forward pass serves every layer, and every checked element of every layer goes
    up the network in one sweep (``dnnstep.engine.secant``). ``progress(done, total)``
    is called as the sweep goes.
    """
    scenario = session.scenario
    L = scenario.L
    layers = list(range(1, L + 1)) if layers is None else list(layers)
    for layer in layers:
        if not 1 <= layer <= L:
            raise ValueError(f"layer {layer} is outside 1..{L}")
    net = Network(session.parameters_at(iteration), scenario.X, scenario.Y, scenario.activations,
                  float(scenario.leaky_slope))
    forward_problem = _compare_forward(net.A[L], session.step(iteration, step_index(L, "forward", L)).tensors["A"])
    planned = []
    for layer in layers:
        backward = session.step(iteration, step_index(L, "backward", layer))
        for name in ("dW", "db"):
            grad = np.asarray(backward.tensors[name])
            planned.append((layer, name, grad, _sample(grad.size, max_elements, seed)))
    requests = [Request(layer, name, np.array(np.unravel_index(flat, grad.shape)).T)
                for layer, name, grad, flat in planned]
    secants = net.secants(requests, epsilon, progress=progress)
    checks = [_parameter_check(net, layer, name, grad, flat, numeric, kinked, threshold)
              for (layer, name, grad, flat), (numeric, kinked) in zip(planned, secants)]
    return [GradcheckResult(iteration, layer, epsilon, threshold, (checks[2 * n], checks[2 * n + 1]), forward_problem)
            for n, layer in enumerate(layers)]


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
    net = Network(parameters, X, Y, tuple(activations), leaky_slope)
    shape = parameters[f"{name[1:]}{layer}"].shape
    chosen = np.array(list(np.ndindex(*shape)) if indices is None else [tuple(i) for i in indices], dtype=np.intp)
    [(values, kinks)] = net.secants([Request(layer, name, chosen.reshape(len(chosen), -1))], epsilon)
    return values, [bool(k) for k in kinks]


def _sample(total: int, max_elements: int | None, seed: int) -> np.ndarray:
    """The flat indices checked: all of them, or a seeded sample of ``max_elements``, sorted."""
    if max_elements is None or total <= max_elements:
        return np.arange(total)
    return np.sort(np.random.default_rng(seed).choice(total, size=max_elements, replace=False))


def _parameter_check(net: Network, layer: int, name: str, grad: np.ndarray, flat: np.ndarray,
                     numeric: np.ndarray, kinked: np.ndarray, threshold: float) -> ParameterCheck:
    shape = tuple(grad.shape)
    indices = [tuple(int(i) for i in np.unravel_index(k, shape)) for k in flat]
    analytic = grad.ravel()[flat].astype(np.float64)
    numeric = numeric + 0.0  # -0.0 reads as a sign to people; it is zero
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
        name=name, layer=layer, shape=shape, difference=difference, checked=len(indices), total=int(grad.size),
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

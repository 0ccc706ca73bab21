"""Gradient checking: the engine's backward steps against centred finite differences.

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

These hold for both kinds of check below. Each gradient gets a verdict: ``"ok"`` (the
course's difference is below 1e-7), ``"kinks"`` (below it without the kink elements),
``"rounding"`` (within the rounding bound everywhere off a kink) or ``"failed"``. ``ok``
is True unless ``"failed"``; the summary always shows the course's difference, the worst
element and the reason.

Two kinds of check, and why. Done as above for every layer, the check moves each sampled
element of W[l] and b[l] and carries the difference through every layer above to J: the
cost is the sum over l of (L - l) layer passes, quadratic in the depth (1,000 layers of 4
units: 20 s to a minute and a half). So the course's check, **end to end**, is given to the
layers from the top down for as long as its arithmetic stays within ``END_TO_END_BUDGET``
(estimated beforehand by ``secant.Network.operations``; a budget that does not grow with
the depth); the layers below are checked **locally**, as CS231n checks each layer of a
network on its own:

* Backward step l takes the dA[l] that backprop passed down and computes dW[l], db[l] and
  dA[l-1]. With that dA[l] held fixed, these are exactly the derivatives of the scalar
  ``f = Σ dA[l] * g[l](W[l] A[l-1] + b[l]) / m`` (dA[l-1] up to the factor m, as the course
  writes dA), so they are checked against centred differences of f, with the same
  cancellation-free secants, kink detection and rounding bounds
  (``dnnstep.engine.local_secant``). It costs one layer's work per element.
* That proves step l right for the dA[l] it was given. That the dA[l] is right is proved
  above it: by layer l + 1's local check of its dA[l] (and dA[l] being the very array that
  step passed down, compared exactly), or, for the highest locally checked layer s, by
  checking dA[s] itself against J end to end (``secant`` moves a row of A[s] as it moves
  a row of Z). By induction down from J, every backward step is verified, at a cost linear
  in the depth.
* The output layer is always checked against J, whatever the budget: it is one layer's
  work either way, and there J is the better judge. With a saturated sigmoid (AL = 1 -
  1e-10, ``large_init``) the course's dAL = -(Y/AL - (1-Y)/(1-AL)) carries float64's
  rounding of 1 - AL, a relative error near 1e-6 that the course's dZ = dAL σ'(Z) cancels;
  a check holding that dAL fixed would call a right output layer wrong.

What each means for a user: a layer checked end to end has dW[l] and db[l] that agree with
J itself, whatever happens above it. A layer checked locally has a right backward step;
its dW[l] and db[l] are right when the steps above it are, which their own checks say.
When a step is wrong, the end-to-end check fails at that layer and at every layer below
it; the local check fails at that step alone (``gradcheck_report.where_to_look`` turns
either into the step to look at). ``end_to_end_budget=None`` gives every layer the
course's check; ``0`` checks every layer but the output layer locally.

Course 2's training changes J and the steps, and the check follows (``_Course2``): J is taken on
the iteration's mini-batch; under L2 it carries λ/(2m) Σ‖W‖², whose centred difference along
W[l][i, j] is exactly λ/m W[l][i, j] (a quadratic's secant is its derivative), added to the
cross-entropy's secant; under dropout the masks are held fixed (``secant.Network`` scales the
masked layers, and a local check weighs the masked dA, ``dA_pre``); under ``init_utils`` the
helpers' dA carries the 1/m that dnn_utils' dA leaves to dW, so a dA's secant is divided by m.

Large layers (``cat_size``'s W1 has 245,760 elements) are checked on a seeded random
sample of elements; the result says so, and its relative difference is over the sample.
The end-to-end passes, every element of every layer in one batched sweep up the network,
are ``dnnstep.engine.secant``.
The forward pass here is the engine's g[l] with a linear part and a perturbation of its
own (the cancellation-free difference above), and it is checked against the engine's own
AL before anything is compared.
"""

from __future__ import annotations

from typing import Any, Sequence

import numpy as np

from dnnstep.engine.gradcheck_report import END_TO_END, LOCAL, GradcheckResult, ParameterCheck
from dnnstep.engine.local_secant import NAMES as LOCAL_NAMES
from dnnstep.engine.local_secant import BackwardStep
from dnnstep.engine.secant import Network, Progress, Request
from dnnstep.engine.step import step_index
from dnnstep.engine.training import Training
from dnnstep.engine.vocabulary import course_label

__all__ = [
    "EPSILON", "THRESHOLD", "MAX_ELEMENTS", "END_TO_END_BUDGET", "END_TO_END", "LOCAL",
    "GradcheckResult", "ParameterCheck", "gradcheck_layer", "gradcheck_all", "gradcheck_layers",
    "numeric_gradient", "relative_difference",
]

EPSILON = 1e-7
THRESHOLD = 1e-7
MAX_ELEMENTS = 1000
END_TO_END_BUDGET = 200_000_000
"""The most arithmetic (``secant.Network.operations``, a few tenths of a second of numpy) the checks
against J end to end may take; the layers below those that fit are checked locally."""


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
    end_to_end_budget: int | None = END_TO_END_BUDGET,
) -> GradcheckResult:
    """Check layer ``layer``'s backward step at ``iteration`` of a Session numerically.

    The gradients are the engine's, from the step ``backward layer`` of that iteration;
    J is taken at ``session.parameters_at(iteration)`` on the scenario's X and Y.
    A gradient with more than ``max_elements`` elements is checked on a random sample
    of that many elements, drawn with ``seed`` (``None``: every element). The layer is
    checked against J end to end when that fits ``end_to_end_budget``, else locally.
    """
    return gradcheck_layers(session, iteration, [layer], epsilon=epsilon, threshold=threshold,
                            max_elements=max_elements, seed=seed, progress=progress,
                            end_to_end_budget=end_to_end_budget)[0]


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
    end_to_end_budget: int | None = END_TO_END_BUDGET,
) -> list[GradcheckResult]:
    """``gradcheck_layer`` for each of ``layers`` (default 1..L), computed together.

    One forward pass serves every layer. From the top down, layers are checked against J
    end to end while the estimated arithmetic stays within ``end_to_end_budget`` (``None``:
    every layer; ``0``: the output layer alone); all of those go up the network in one sweep
    (``dnnstep.engine.secant``). The others are checked locally
    (``dnnstep.engine.local_secant``), and the dA passed down into them is checked against J
    where no local check above vouches for it. ``progress(done, total)`` is called as the
    work goes (in layer passes).
    """
    scenario = session.scenario
    L = scenario.L
    layers = list(range(1, L + 1)) if layers is None else list(layers)
    for layer in layers:
        if not 1 <= layer <= L:
            raise ValueError(f"layer {layer} is outside 1..{L}")
    course2 = _Course2.of(session, iteration)
    net = Network(session.parameters_at(iteration), course2.X, course2.Y, scenario.activations,
                  float(scenario.leaky_slope), course2.masks, course2.training.keep_prob)
    forward_problem = _compare_forward(net.A[L], session.step(iteration, step_index(L, "forward", L)).tensors["A"])
    plan = _Plan(session, iteration, net, max_elements, seed)
    end_to_end = plan.end_to_end(sorted(set(layers), reverse=True), end_to_end_budget)
    local = set(layers) - end_to_end                   # never L: the output layer is always end to end
    upstream = {l for l in local if l + 1 not in local}  # whose dA[l] is checked against J

    requests = [plan.request(l, name) for l in sorted(end_to_end) for name in ("dW", "db")]
    requests += [plan.request(l, "dA") for l in sorted(upstream)]
    local_passes = {l: plan.local_passes(l) for l in local}
    total = net.passes(requests) + sum(local_passes.values())
    swept = net.secants(requests, epsilon,
                        progress=None if progress is None else lambda done, _: progress(done, total))
    checks: dict[int, list[ParameterCheck]] = {l: [] for l in set(layers)}
    for request, (numeric, kinked) in zip(requests, swept):
        bound = net.rounding(request.layer, request.name, plan.gradient(request.layer, request.name)[1])
        numeric, bound = course2.adjust(request, numeric, bound, net)
        checks[request.layer].append(plan.check(request.layer, request.name, numeric, kinked, threshold, bound))
    done = total - sum(local_passes.values())
    for l in sorted(local):
        step = BackwardStep.of(scenario.activations[l - 1], course2.local_tensors(plan.backward(l).tensors),
                               float(scenario.leaky_slope))
        own = []
        for name in LOCAL_NAMES:
            request = plan.request(l, name)
            numeric, kinked = step.secants(name, request.indices, epsilon)
            bound = step.rounding(name, plan.gradient(l, name)[1])
            numeric, bound = course2.adjust(request, numeric, bound, net)
            own.append(plan.check(l, name, numeric, kinked, threshold, bound, kind=LOCAL))
        checks[l] = own + checks[l]          # dW, db, dA[l-1], then dA[l] against J if checked here
        done += local_passes[l]
        if progress is not None:
            progress(done, total)
    return [GradcheckResult(iteration, l, epsilon, threshold, tuple(checks[l]), forward_problem,
                            upstream_problem=plan.link_problem(l) if l in local and l not in upstream else None)
            for l in layers]


class _Course2:
    """What Course 2's training changes in a check: the batch, the masks, the L2 term, the helpers' dA."""

    def __init__(self, training: Training, X: np.ndarray, Y: np.ndarray, masks: tuple[np.ndarray, ...]):
        self.training, self.X, self.Y, self.masks = training, X, Y, masks
        self.m = int(X.shape[1])
        #: a dA's secant (dnn_utils' convention, no 1/m) times this is the engine's dA
        self.dA_scale = 1 / self.m if training.arithmetic == "init_utils" else 1.0

    @classmethod
    def of(cls, session: Any, iteration: int) -> "_Course2":
        scenario = session.scenario
        training = getattr(session, "training", None) or Training.of(scenario)
        schedule = getattr(session, "schedule", None)
        X, Y = (scenario.X, scenario.Y) if schedule is None else schedule.data(iteration, scenario.X, scenario.Y)
        masks: tuple[np.ndarray, ...] = ()
        if training.features.dropout:
            from dnnstep.engine.regularization import dropout_masks

            masks = dropout_masks(scenario.layer_dims[1:-1], X.shape[1], training.keep_prob, training.dropout_seed)
        return cls(training, np.asarray(X), np.asarray(Y), masks)

    def local_tensors(self, tensors) -> dict[str, np.ndarray]:
        """A backward step's tensors as a local check reads them: under dropout the dA passed down
        masked as the forward masked A, ``dA * D / keep_prob`` (worked out here, not read from the
        step's ``dA_pre``, which is what is checked), and under init_utils the dA that makes
        ``f = Σ dA g(Z) / m`` this step's (m dA)."""
        local = {name: tensors[name] for name in ("dA", "Z", "A_prev", "W")}
        if "D" in tensors:
            with np.errstate(all="ignore"):
                local["dA"] = np.asarray(tensors["dA"]) * tensors["D"] / self.training.keep_prob
        if self.training.arithmetic == "init_utils":
            local["dA"] = np.asarray(local["dA"], dtype=np.float64) * self.m
        return local

    def adjust(self, request: Request, numeric: np.ndarray, bound: np.ndarray, net: Network):
        """``(numeric, bound)`` of a request in the engine's terms: the L2 term's exact secant
        λ/m W[l][i, j] added to a dW's (and its rounding to the bound), a dA's scaled to the helpers' dA."""
        if request.name in ("dA", "dA_prev"):
            return numeric * self.dA_scale, bound * self.dA_scale
        if request.name == "dW" and self.training.features.l2:
            indices = np.asarray(request.indices, dtype=np.intp)
            l2 = (self.training.lambd / self.m) * net.W(request.layer)[indices[:, 0], indices[:, 1]]
            return numeric + l2, bound + 2 * np.finfo(np.float64).eps * np.abs(l2)
        return numeric, bound


class _Plan:
    """The sampled elements of each gradient, what checking them costs, and the checks made of them."""

    def __init__(self, session: Any, iteration: int, net: Network, max_elements: int | None, seed: int):
        self.session, self.iteration, self.net = session, iteration, net
        self.max_elements, self.seed = max_elements, seed
        self._gradients: dict[tuple[int, str], tuple[np.ndarray, np.ndarray]] = {}

    def backward(self, layer: int):
        return self.session.step(self.iteration, step_index(self.net.L, "backward", layer))

    def gradient(self, layer: int, name: str) -> tuple[np.ndarray, np.ndarray]:
        """The engine's ``name`` of backward ``layer`` and the flat indices checked of it."""
        key = (layer, name)
        if key not in self._gradients:
            grad = np.asarray(self.backward(layer).tensors[name])
            self._gradients[key] = grad, _sample(grad.size, self.max_elements, self.seed)
        return self._gradients[key]

    def request(self, layer: int, name: str) -> Request:
        grad, flat = self.gradient(layer, name)
        return Request(layer, name, np.array(np.unravel_index(flat, grad.shape)).T)

    def end_to_end(self, layers: Sequence[int], budget: int | None) -> set[int]:
        """Of ``layers`` (from the top down), those the budget allows to check against J: the
        output layer always (one layer's work, like a local check), then the others while
        their arithmetic, with that of checking against J the dA passed into the next layer
        down (which would then be checked locally), fits."""
        if budget is None:
            return set(layers)
        chosen, spent = set(), 0
        for n, layer in enumerate(layers):
            cost = self.net.operations([self.request(layer, "dW"), self.request(layer, "db")])
            seam = self.net.operations([self.request(layers[n + 1], "dA")]) if n + 1 < len(layers) else 0
            if layer != self.net.L and spent + cost + seam > budget:
                break
            chosen.add(layer)
            spent += cost
        return chosen

    def local_passes(self, layer: int) -> int:
        """The rows a local check moves: those of W[l] and b[l], and those of A[l-1]."""
        rows = {int(i) for name in ("dW", "db") for i in self.request(layer, name).indices[:, 0]}
        return len(rows) + len(np.unique(self.request(layer, "dA_prev").indices[:, 0]))

    def check(self, layer: int, name: str, numeric: np.ndarray, kinked: np.ndarray, threshold: float,
              rounding: np.ndarray, *, kind: str = END_TO_END) -> ParameterCheck:
        """The check of ``name`` of layer ``layer`` from its centred differences; ``rounding``
        is the bound of its rounding error at the checked elements."""
        grad, flat = self.gradient(layer, name)
        return _parameter_check(layer, name, grad, flat, numeric, kinked, threshold, rounding,
                                kind, course_label(name, "backward", layer, self.net.L))

    def link_problem(self, layer: int) -> str | None:
        """``None`` when backward ``layer`` was given the very dA[layer] that backward layer + 1
        passed down (what makes layer + 1's check of it vouch for this one), else what differs."""
        given = np.asarray(self.backward(layer).tensors["dA"])
        passed = np.asarray(self.backward(layer + 1).tensors["dA_prev"])
        if given.shape == passed.shape and np.array_equal(given, passed, equal_nan=True):
            return None
        with np.errstate(all="ignore"):
            gap = f"by up to {float(np.nanmax(np.abs(given - passed))):.3e}" if given.shape == passed.shape \
                else f"in shape, {given.shape} and {passed.shape}"
        return (f"backward {layer} was given a dA[{layer}] that is not the one backward {layer + 1} passed "
                f"down: they differ {gap}")


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


def _parameter_check(layer: int, name: str, grad: np.ndarray, flat: np.ndarray, numeric: np.ndarray,
                     kinked: np.ndarray, threshold: float, rounding: np.ndarray, kind: str,
                     tensor: str) -> ParameterCheck:
    shape = tuple(grad.shape)
    indices = list(map(tuple, np.array(np.unravel_index(flat, shape)).T.tolist()))  # plain ints
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
        analytic=analytic, numeric=numeric, indices=tuple(indices), rounding=rounding, kind=kind, tensor=tensor,
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

"""What a gradient check found, in words: one gradient's check, one layer's, and the whole run's.

``ParameterCheck`` is one gradient of one layer (``dW[3]``, ``db[3]``, or a ``dA``) compared
element by element with its centred differences, with a verdict (ok, kinks, rounding,
failed) and the reason. ``GradcheckResult`` is one layer's checks and which kind of check
it got: against J end to end (the course's check) or locally, against the dA that backprop
passed down (``dnnstep.engine.gradcheck`` says what each means and when each is used).
``overview`` and ``where_to_look`` are the lines a whole run ends with.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Sequence

import numpy as np

from dnnstep.engine.summary import index_text

END_TO_END = "end to end"
"""dW[l] and db[l] against centred differences of the cost J: the course's check."""

LOCAL = "local"
"""dW[l], db[l] and dA[l-1] against centred differences of the layer's own f, with the
dA[l] that backprop passed down held fixed."""


@dataclass(frozen=True)
class ParameterCheck:
    """The check of one gradient of one layer.

    Attributes:
        name: ``"dW"`` or ``"db"``; in a local check also ``"dA_prev"`` (dA[l-1], the step's
            result) and ``"dA"`` (dA[l], the gradient passed down to the step, checked
            against J end to end).
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
        rounding: per checked element, a bound on the float64 rounding error of the gradient.
        kind: ``END_TO_END`` (the numeric side is a difference of J) or ``LOCAL`` (of the
            layer's own f, with dA[l] held fixed).
        tensor: the course's name of the gradient (``dW[3]``, ``dA[2]``, ``dAL``).
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
    kind: str = END_TO_END
    tensor: str = ""

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
        """``"dW[3]"``, ``"dA[2]"``, ``"dAL"``."""
        return self.tensor or f"{self.name}[{self.layer}]"

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

    def record(self) -> dict[str, Any]:
        """The check as plain JSON types (a difference that is not finite as its text, ``"inf"``)."""
        return {
            "tensor": self.label, "name": self.name, "kind": self.kind, "shape": list(self.shape),
            "verdict": self.verdict, "ok": self.ok, "difference": _number(self.difference),
            "difference_without_kinks": None if self.difference_without_kinks is None
            else _number(self.difference_without_kinks),
            "threshold": self.threshold, "checked": self.checked, "total": self.total,
            "worst_index": list(self.worst_index), "worst_analytic": _number(self.worst_analytic),
            "worst_numeric": _number(self.worst_numeric), "kinks": [list(k) for k in self.kinks],
        }

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
        checks: ``dW`` and ``db``, in that order; a local check adds ``dA_prev`` (dA[l-1])
            and, when no local check of the layer above vouches for the dA[l] this step was
            given, ``dA`` (that dA[l] against J end to end).
        forward_problem: ``None``, or why the check's forward pass could not be trusted
            (it disagreed with the engine's AL); the result is then not ok.
        upstream_problem: ``None``, or why the dA[l] this step was given is not the one the
            layer above passed down (local checks only); the result is then not ok.
    """

    iteration: int
    layer: int
    epsilon: float
    threshold: float
    checks: tuple[ParameterCheck, ...]
    forward_problem: str | None = None
    upstream_problem: str | None = None

    @property
    def kind(self) -> str:
        """``END_TO_END`` or ``LOCAL``: what the numeric side of dW and db differentiates."""
        return self["dW"].kind

    @property
    def ok(self) -> bool:
        return self.forward_problem is None and self.upstream_problem is None and all(c.ok for c in self.checks)

    def __getitem__(self, name: str) -> ParameterCheck:
        check = self.get(name)
        if check is None:
            raise KeyError(name)
        return check

    def get(self, name: str) -> ParameterCheck | None:
        """The check of ``name``, or ``None`` when this layer's kind of check has none."""
        return next((check for check in self.checks if check.name == name), None)

    def kind_text(self) -> str:
        """What was checked against what, in a sentence: the meaning of the verdict."""
        l = self.layer
        if self.kind == END_TO_END:
            return (f"checked against J end to end (the course's check): dW[{l}] and db[{l}] against centred "
                    f"differences of the cost J, through every layer above")
        dA = f"dA[{l}]"  # a local layer is never L (its dA would be dAL)
        vouched = (f"{dA} itself is checked against J end to end (last below)" if self.get("dA") is not None
                   else f"{dA} itself is checked by layer {l + 1}'s local check (its dA[{l}])")
        return (f"checked locally against the {dA} that backprop passed down: dW[{l}], db[{l}] and dA[{l - 1}] "
                f"against centred differences of Σ {dA} * g(W[{l}] A[{l - 1}] + b[{l}]) / m with {dA} held "
                f"fixed (this backward step alone); {vouched}")

    def record(self) -> dict[str, Any]:
        """The layer's check as plain JSON types: its kind and what that means, its problems, its checks."""
        return {"layer": self.layer, "iteration": self.iteration, "kind": self.kind, "meaning": self.kind_text(),
                "ok": self.ok, "epsilon": self.epsilon, "threshold": self.threshold,
                "forward_problem": self.forward_problem, "upstream_problem": self.upstream_problem,
                "checks": [check.record() for check in self.checks]}

    def summary(self) -> str:
        head = (f"gradient check of layer {self.layer} at iteration {self.iteration} "
                f"(ε = {self.epsilon:g}, threshold {self.threshold:g}): {'ok' if self.ok else 'FAILED'}")
        lines = [head, f"  {self.kind_text()}"]
        lines.extend(f"  {problem}" for problem in (self.forward_problem, self.upstream_problem) if problem)
        lines.extend("  " + line for check in self.checks for line in check.summary().splitlines())
        return "\n".join(lines)


def layer_ranges(layers: Sequence[int]) -> str:
    """``1-40, 45, 47-50``: sorted layer numbers, runs joined."""
    runs: list[list[int]] = []
    for layer in sorted(set(layers)):
        if runs and layer == runs[-1][1] + 1:
            runs[-1][1] = layer
        else:
            runs.append([layer, layer])
    return ", ".join(str(a) if a == b else f"{a}-{b}" for a, b in runs)


def overview(results: Sequence[GradcheckResult]) -> str | None:
    """One line on which kind of check the layers got, when not all got the course's; else ``None``."""
    local = [r.layer for r in results if r.kind == LOCAL]
    if not local:
        return None
    end_to_end = [r.layer for r in results if r.kind == END_TO_END]
    seams = [r["dA"].label for r in results if r.kind == LOCAL and r.get("dA") is not None]
    text = (f"{_layers(local)} checked locally, each against the dA that backprop passed down "
            f"({', '.join(seams)} checked against J end to end)")
    if end_to_end:
        text += f"; {_layers(end_to_end)} checked against J end to end"
    return text


def _layers(layers: Sequence[int]) -> str:
    return f"layer{'s' if len(set(layers)) > 1 else ''} {layer_ranges(layers)}"


def where_to_look(results: Sequence[GradcheckResult]) -> str | None:
    """For a run with failures, the backward step to look at first; ``None`` when all are ok.

    A wrong step makes every gradient below it wrong too. Checked against J end to end, the
    highest failing layer h is the first wrong one: the mistake is in backward h or in the
    dA[h] passed down to it. Checked locally, each step is judged alone: the highest failing
    local step is the mistake itself, and every dW and db below it came from its wrong output.
    """
    failed = [r for r in results if not r.ok]
    if not failed:
        return None
    top = max(failed, key=lambda r: r.layer)
    h = top.layer
    if top.forward_problem:
        return f"where to look: the forward pass ({top.forward_problem})"
    if top.kind == END_TO_END:
        return (f"where to look: layer {h} is the highest whose gradients disagree with J, so the mistake is in "
                f"backward {h} or in the dA[{h}] passed down to it (a wrong step makes every gradient below it "
                f"wrong; --end-to-end-budget 0 checks each step on its own)")
    wrong = [c for c in top.checks if not c.ok]
    if top.upstream_problem or all(c.name == "dA" for c in wrong):
        return (f"where to look: above layer {h}: the dA[{h}] passed down to backward {h} is wrong, and the dW "
                f"and db of layers 1-{h} are computed from it")
    text = f"where to look: backward {h} (its {', '.join(c.label for c in wrong)} FAILED)"
    if h > 1 and any(c.name == "dA_prev" for c in wrong):
        text += (f"; the dW and db of layers 1-{h - 1} are computed from its dA[{h - 1}] and are wrong too, "
                 f"even where their own steps check out")
    return text


def _number(value: float) -> float | str:
    """A float for JSON: itself when finite, else its text (``"inf"``, ``"nan"``)."""
    return float(value) if np.isfinite(value) else str(float(value))

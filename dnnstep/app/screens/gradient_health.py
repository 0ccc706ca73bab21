"""Gradient health: ||dW[l]|| of every layer over the iterations, on a log scale.

The chart draws ``Session.health_history`` (``dnnstep.engine.health``), one line per
layer in the layer's colour; below it, one row per layer at the current iteration: the
norm as a bar on the same log scale, the update-to-weight ratio α ||dW[l]|| / ||W[l]||
and, for relu layers, the share of dead units. A layer whose line lies decades below the
others barely learns (vanishing gradients: ``deep_sigmoid``'s layer 1); lines that leap
up show the updates blowing up (``high_lr``). ``w`` charts the update-to-weight ratio
instead of the norm; ``l`` switches to a linear scale.
"""

from __future__ import annotations

import math

import numpy as np
from textual.binding import Binding

from dnnstep.app.screens.picture import PictureScreen
from dnnstep.app.fast import BackdropVertical
from dnnstep.app.widgets.chart import Chart, ChartData, Series
from dnnstep.app.widgets.layer_bars import Bars, LayerBars, LayerRow
from dnnstep.engine.health import norms_by_layer, ratios_by_layer


class GradientHealthScreen(PictureScreen):
    BINDINGS = [
        Binding("w", "ratio", "||dW|| / update ratio"),
        Binding("l", "log", "Log/linear"),
        Binding("v", "close", "Close", show=False),
    ]

    DEFAULT_CSS = """
    GradientHealthScreen #health { height: 1fr; }
    GradientHealthScreen #health-chart { height: 1fr; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.log_scale = True
        self.ratio = False

    def picture(self) -> BackdropVertical:
        return BackdropVertical(Chart(id="health-chart"), LayerBars(id="health-bars"), id="health")

    def action_ratio(self) -> None:
        self.ratio = not self.ratio
        self.redraw()

    def action_log(self) -> None:
        self.log_scale = not self.log_scale
        self.redraw()

    def redraw(self) -> None:
        session = self.session
        history = session.health_history
        norms, ratios = norms_by_layer(history), ratios_by_layer(history)
        shown = ratios if self.ratio else norms
        what = "α ||dW[l]|| / ||W[l]||, the update-to-weight ratio" if self.ratio else "||dW[l]||, Frobenius norm"
        iteration = self.iteration
        computed = len(history)
        L = session.L
        x = np.arange(computed)
        series = tuple(Series(f"dW[{l}]", x, shown[l - 1] if computed else np.zeros(0), l) for l in range(1, L + 1))
        scale = "log scale" if self.log_scale else "linear scale"
        self.query_one(Chart).show(ChartData(
            series, x_label="iteration", y_label=f"{what} ({scale})", log=self.log_scale,
            marker=float(iteration), x_range=(0.0, float(max(computed - 1, iteration, 1))),
            version=(computed, iteration, self.log_scale, self.ratio),
        ))
        rows = []
        at = min(iteration, computed - 1)
        for l in range(1, L + 1):
            if at < 0:
                break
            rows.append(LayerRow(l, f"dW[{l}]", float(norms[l - 1, at]),
                                 f"update/weight {ratios[l - 1, at]:9.2e}", history[at].dead_relu[l - 1]))
        finite = norms[np.isfinite(norms) & (norms > 0)] if computed else np.zeros(0)
        lo = math.floor(math.log10(finite.min())) if finite.size else -8
        hi = math.ceil(math.log10(finite.max())) if finite.size else 0
        self.query_one(LayerBars).show(Bars(tuple(rows), float(lo), float(max(hi, lo + 1)),
                                            f"iteration {at}: ||dW[l]|| on a log scale from 1e{lo} to 1e{hi}"))
        self.set_title(f"Gradient health · {session.scenario.name} · iteration {iteration}"
                       + (" · running…" if self.running_at is not None else ""))
        self.set_notes(self._notes(shown, computed))

    def _notes(self, shown: np.ndarray, computed: int) -> str:
        notes = ["One line per layer, in its colour; each step of the scale is ×10. A layer far below the others "
                 "barely learns (vanishing); a leap up is an exploding update. w: ||dW|| or update ratio; l: scale."]
        if computed and self.log_scale:
            zero = [f"{l + 1}" for l in range(shown.shape[0]) if np.any(shown[l] == 0)]
            bad = [f"{l + 1}" for l in range(shown.shape[0]) if np.any(~np.isfinite(shown[l]))]
            if zero:
                notes.append(f"The bottom row is 0 (no gradient flows): layer {', '.join(zero)}.")
            if bad:
                notes.append(f"NaN/Inf (not drawn) in layer {', '.join(bad)}.")
        return " ".join(notes)

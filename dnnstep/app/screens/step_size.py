"""The optimizer's step beside plain gradient descent's, per layer.

Under Adam an update moves W[l] by α v̂/(√ŝ + ε), under momentum by α v; plain gradient descent
with the same α would move it by α dW. This picture puts the two side by side, from
``Session.health_history`` (``dnnstep.engine.health``: ``step_norms`` and ``gd_step_norms``,
measured in every iteration the Session computes, traced or replayed):

- the chart: for each layer, how many times larger the optimizer's step ||ΔW[l]|| is than
  gradient descent's α ||dW[l]||, over the iterations computed so far, on a log scale (1 is
  the same step; Adam's is 10 to 1000 times larger where the gradients are small, about α per
  parameter whatever the gradient's size);
- the rows below: at the cursor's iteration, both steps of every layer as bars on one log scale.
"""

from __future__ import annotations

import math

import numpy as np
from textual.binding import Binding

from dnnstep.app.fast import BackdropVertical
from dnnstep.app.screens.picture import PictureScreen
from dnnstep.app.widgets.chart import Chart, ChartData, Series
from dnnstep.app.widgets.layer_bars import Bars, LayerBars, LayerRow
from dnnstep.engine.health import gd_step_norms_by_layer, step_norms_by_layer

STEP_OF = {
    "adam": ("Adam", "||α v̂/(√ŝ + ε)||"),
    "momentum": ("momentum", "||α v||"),
}
"""The optimizer's name and its step's norm, as the rows and the chart write them."""


def step_ratios(steps: np.ndarray, gd: np.ndarray) -> np.ndarray:
    """``steps / gd`` element by element; NaN where gradient descent's step is 0 (no ratio)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(gd > 0, steps / np.where(gd > 0, gd, 1.0), np.nan)


class StepSizeScreen(PictureScreen):
    BINDINGS = [
        Binding("l", "log", "Log/linear"),
        Binding("A", "close", "Close", show=False),
    ]

    DEFAULT_CSS = """
    StepSizeScreen #step-size { height: 1fr; }
    StepSizeScreen #step-chart { height: 1fr; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.log_scale = True

    def picture(self) -> BackdropVertical:
        return BackdropVertical(Chart(id="step-chart"), LayerBars(id="step-bars"), id="step-size")

    def action_log(self) -> None:
        self.log_scale = not self.log_scale
        self.redraw()

    def redraw(self) -> None:
        session = self.session
        name, norm_text = STEP_OF[session.training.optimizer]
        history = session.health_history
        steps, gd = step_norms_by_layer(history), gd_step_norms_by_layer(history)
        computed = len(history)
        iteration = self.iteration
        ratios = step_ratios(steps, gd) if computed else np.zeros((session.L, 0))
        x = np.arange(computed)
        scale = "log scale" if self.log_scale else "linear scale"
        series = tuple(Series(f"W[{l}]", x, ratios[l - 1], l) for l in range(1, session.L + 1))
        self.query_one(Chart).show(ChartData(
            series, x_label="iteration", y_label=f"{name}'s step / gd's step, ||ΔW[l]|| / (α ||dW[l]||) ({scale})",
            log=self.log_scale, marker=float(iteration), x_range=(0.0, float(max(computed - 1, iteration, 1))),
            version=(computed, iteration, self.log_scale),
        ))
        at = min(iteration, computed - 1)
        rows = []
        if at >= 0:
            for l in range(1, session.L + 1):
                ratio = ratios[l - 1, at]
                rows.append(LayerRow(l, f"W[{l}] {name}", float(steps[l - 1, at]),
                                     f"{norm_text}, ×{ratio:.3g} gd's" if math.isfinite(ratio) else norm_text, None))
                rows.append(LayerRow(l, f"W[{l}] gd", float(gd[l - 1, at]), "||α dW||, the same α", None))
        both = np.concatenate([steps[:, :computed].ravel(), gd[:, :computed].ravel()]) if computed else np.zeros(0)
        finite = both[np.isfinite(both) & (both > 0)]
        lo = math.floor(math.log10(finite.min())) if finite.size else -8
        hi = math.ceil(math.log10(finite.max())) if finite.size else 0
        alpha = history[at].learning_rate if at >= 0 else session.training.learning_rate
        self.query_one(LayerBars).show(Bars(tuple(rows), float(lo), float(max(hi, lo + 1)),
                                            f"iteration {at}, α = {alpha:g}: the step's norm on a log scale "
                                            f"from 1e{lo} to 1e{hi}"))
        self.set_title(f"{name}'s step beside gradient descent's · {session.scenario.name} · iteration {iteration}"
                       + (" · running…" if self.running_at is not None else ""))
        self.set_notes(f"One line per layer, in its colour: how many times larger {name}'s step {norm_text} is than "
                       f"plain gradient descent's α ||dW|| with the same α (1: the same). Below, both at this iteration. "
                       f"l: scale.")

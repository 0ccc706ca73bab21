"""The plain-text transcript of steps: formula, shapes and summary values, line by line.

It is what ``dnnstep trace SCENARIO --to -`` prints, and what a golden-file test
compares. Numbers are printed with 6 significant digits (the cost with 10), so the
text is stable across machines while any real change in the numbers shows::

    iteration 0, step 2: backward 2 (relu)
      dZ[2] = dA[2] * relu'(Z[2])
      ...
      dW      (2, 3)    min -0.0123  max 0.0456  mean 0.00101  std 0.0172  zeros 0/6
"""

from __future__ import annotations

from typing import Any, Sequence

import numpy as np

from dnnstep.engine.step import Step
from dnnstep.engine.summary import summarize


def transcript(steps: Sequence[Step], scenario: Any = None, *, selection: str = "") -> str:
    """The transcript of ``steps``, headed by the scenario's facts when given (and, for a
    Course 2 scenario, a line of how it trains: ``training_text``)."""
    lines: list[str] = []
    if scenario is not None:
        lines.append(f"dnnstep trace of {scenario.name}: layer_dims {list(scenario.layer_dims)}, "
                     f"activations {' '.join(scenario.activations)}, m = {scenario.m}, "
                     f"learning rate {scenario.learning_rate:g}")
        training = training_text(scenario)
        if training:
            lines.append(training)
    if selection:
        lines.append(selection)
    for step in steps:
        if lines:
            lines.append("")
        lines.extend(step_lines(step))
    return "\n".join(lines) + "\n"


def training_text(scenario: Any) -> str:
    """How a Course 2 scenario trains, in one line (``""`` for week 4's plain gradient descent):
    ``training: adam (beta1 0.9, beta2 0.999, epsilon 1e-08), mini-batches of 64 (5 per epoch, 3 epochs), ...``."""
    from dnnstep.engine.training import Training

    features = Training.of(scenario).features
    parts = []
    if features.optimizer == "momentum":
        parts.append(f"momentum (beta {scenario.beta:g})")
    elif features.optimizer == "adam":
        parts.append(f"adam (beta1 {scenario.beta1:g}, beta2 {scenario.beta2:g}, epsilon {scenario.epsilon:g})")
    if scenario.mini_batch_size is not None:
        schedule = scenario.schedule()
        parts.append(f"mini-batches of {scenario.mini_batch_size} ({schedule.K} per epoch, {scenario.num_epochs} "
                     f"epochs, shuffle seed {scenario.shuffle_seed})")
    if features.decay == "update_lr":
        parts.append(f"update_lr (decay_rate {scenario.decay_rate:g})")
    elif features.decay == "schedule_lr_decay":
        parts.append(f"schedule_lr_decay (decay_rate {scenario.decay_rate:g}, time_interval {scenario.time_interval})")
    if features.l2:
        parts.append(f"L2 lambd {scenario.lambd:g}")
    if features.dropout:
        parts.append(f"dropout keep_prob {scenario.keep_prob:g} (seed {scenario.dropout_seed})")
    if features.helpers:
        parts.append(f"arithmetic {scenario.arithmetic}")
    if features.check is not None:
        parts.append(f"gradient check of the {features.check.replace('_', ' ')} backward "
                     f"(epsilon {scenario.gradient_check.epsilon:g})")
    return "training: " + ", ".join(parts) if parts else ""


def step_lines(step: Step) -> list[str]:
    """The lines of one step: a heading, its formula, one summary line per tensor, its scalars."""
    activation = f" ({step.activation})" if step.activation else ""
    lines = [f"iteration {step.iteration}, step {step.index}: {step.label}{activation}"]
    lines.extend(f"  {line}" for line in step.formula)
    width = max((len(name) for name in step.tensors), default=0)
    for name, array in step.tensors.items():
        lines.append(f"  {name:<{width}}  {summary(np.asarray(array))}")
    for name, value in step.scalars.items():
        lines.append(f"  {name} = {float(value):.10g}")
    return lines


def summary(array: np.ndarray) -> str:
    """``"(3, 4)    min -1.2  max 3.4  mean 0.5  std 1.1  zeros 2/12"`` (+ NaN/Inf counts)."""
    stats = summarize(array)
    shape = str(stats.shape)
    if stats.size == 0:
        return f"{shape:<12}empty"
    if len(stats.shape) == 0:
        text = f"{shape:<12}{_num(float(np.asarray(array, dtype=np.float64)))}"
    elif stats.finite:
        text = (f"{shape:<12}min {_num(stats.min)}  max {_num(stats.max)}  mean {_num(stats.mean)}  "
                f"std {_num(stats.std)}  zeros {stats.zeros}/{stats.size}")
    else:
        text = f"{shape:<12}no finite values"
    if stats.nan:
        text += f"  NaN {stats.nan}"
    if stats.inf:
        text += f"  Inf {stats.inf}"
    return text


def _num(x: float) -> str:
    text = f"{float(x):.6g}"
    return "0" if text == "-0" else text

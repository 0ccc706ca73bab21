"""The steps of an iteration as plain text, for a terminal without the debugger."""

from __future__ import annotations

import sys
from typing import TextIO

import numpy as np

from dnnstep.engine import Session, Step


def describe_step(step: Step) -> str:
    """A few lines: where the step is, its formulas, and each tensor's shape and range."""
    lines = [f"iteration {step.iteration}  step {step.index}  {step.label}"
             + (f"  g = {step.activation}" if step.activation else "")]
    lines += [f"    {formula}" for formula in step.formula]
    for name, tensor in step.tensors.items():
        if tensor.ndim == 0:
            lines.append(f"    {name:<8} = {float(tensor):.8g}")
            continue
        with np.errstate(all="ignore"):
            summary = f"min {np.nanmin(tensor):+.4g}  max {np.nanmax(tensor):+.4g}  mean {np.nanmean(tensor):+.4g}"
        lines.append(f"    {name:<8} {str(tensor.shape):<12} {summary}")
    for name, value in step.scalars.items():
        if name not in step.tensors:
            lines.append(f"    {name:<8} = {value:.8g}")
    return "\n".join(lines)


def print_iteration(session: Session, iteration: int, out: TextIO | None = None) -> None:
    """Print every step of ``iteration`` of ``session``."""
    out = sys.stdout if out is None else out
    scenario = session.scenario
    print(f"{scenario.name}: {scenario.title}".rstrip(": "), file=out)
    print(f"n = {list(scenario.layer_dims)}, g = {list(scenario.activations)}, m = {scenario.m}, "
          f"α = {scenario.learning_rate}", file=out)
    for step in session.steps(iteration):
        print(file=out)
        print(describe_step(step), file=out)

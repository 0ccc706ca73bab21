"""The engine: the course's network trained one recorded step at a time. Pure numpy."""

from dnnstep.engine.conditions import CostRises, DeadRelu, GradientNormAbove, GradientNormBelow, NanOrInf
from dnnstep.engine.session import Cancelled, RunResult, Session
from dnnstep.engine.step import PHASES, Step, step_index, step_place
from dnnstep.engine.trace import trace_iteration

__all__ = [
    "Cancelled", "CostRises", "DeadRelu", "GradientNormAbove", "GradientNormBelow", "NanOrInf",
    "PHASES", "RunResult", "Session", "Step", "step_index", "step_place", "trace_iteration",
]

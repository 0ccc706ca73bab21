"""dnnstep: a step-through debugger for the deep neural network of the course
"Neural Networks and Deep Learning" (deeplearning.ai, week 4).

The scripting API:

    >>> from dnnstep import load_scenario, Session, NanOrInf
    >>> session = Session(load_scenario("five_layer"))
    >>> session.next()                      # forward 2
    >>> session.goto(phase="backward", layer=3).tensors["dW"].shape
    (4, 5)
    >>> session.run_until(NanOrInf()).reason
"""

from dnnstep.engine import (
    Cancelled,
    CostRises,
    DeadRelu,
    GradientNormAbove,
    GradientNormBelow,
    NanOrInf,
    RunResult,
    Session,
    Step,
)
from dnnstep.scenario import Scenario, ScenarioError, load_scenario

__all__ = [
    "Cancelled", "CostRises", "DeadRelu", "GradientNormAbove", "GradientNormBelow", "NanOrInf",
    "RunResult", "Scenario", "ScenarioError", "Session", "Step", "load_scenario",
]

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
from dnnstep.scenario.model import Scenario


def load_scenario(name_or_path, *, data_dir=None):
    """Load a shipped scenario by name (``"five_layer"``) or a scenario file by path.

    Raises ``dnnstep.scenario.ScenarioError`` with one clear message when the file is broken.
    """
    from dnnstep.scenario import load_scenario as _load

    return _load(name_or_path, data_dir=data_dir)


__all__ = [
    "Cancelled", "CostRises", "DeadRelu", "GradientNormAbove", "GradientNormBelow", "NanOrInf",
    "RunResult", "Scenario", "Session", "Step", "load_scenario",
]

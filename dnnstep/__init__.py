"""dnnstep: a step-through debugger for the deep neural network of the course
"Neural Networks and Deep Learning" (deeplearning.ai, week 4).

The scripting API:

    >>> from dnnstep import load_scenario, Session, NanOrInf
    >>> session = Session(load_scenario("five_layer"))
    >>> session.next()                      # forward 2
    >>> session.goto(phase="backward", layer=3).tensors["dW"].shape
    (4, 5)
    >>> session.run_until(NanOrInf()).reason

In a Jupyter notebook, ``dnnstep.check(globals())`` checks the homework's graded functions
defined in the running kernel, as ``dnnstep check`` checks a file.
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
    "check", "Cancelled", "CostRises", "DeadRelu", "GradientNormAbove", "GradientNormBelow", "NanOrInf",
    "RunResult", "Scenario", "ScenarioError", "Session", "Step", "load_scenario",
]


def check(namespace=None, **options):
    """Check the graded functions defined in a running kernel: ``dnnstep.check(globals())`` in a notebook cell.

    Returns a report with ``ok``, ``str()``, a rich display in Jupyter and ``to_dict()`` (the
    ``dnnstep check --json`` record); see :func:`dnnstep.homework.kernel_check.check`.
    """
    import sys

    from dnnstep.homework.kernel_check import check as check_kernel

    return check_kernel(sys._getframe(1).f_globals if namespace is None else namespace, **options)

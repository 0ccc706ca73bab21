"""Cost mistakes: ``compute_cost`` written so that it gives something else than the course's cost.

Each entry of :data:`COST` is ``(code, message, mistaken)`` as in :mod:`~dnnstep.homework.diagnosing.mistakes`:
``mistaken(AL, Y)`` is what a student who made that mistake returns, with AL and Y (1, m):

* ``cost-shape``: ``cost = np.shape(cost)`` where ``np.squeeze`` was meant: the tuple ``()`` (of a cost summed
  to a number) or ``(1, 1)`` (of one made with ``np.dot``);
* ``cost-epsilon``: a small number added inside the logs, "to avoid log(0)": ``np.log(AL + 1e-3)``, in the
  first log or in both, for the epsilons students write.
"""

from __future__ import annotations

from typing import Callable

import numpy as np

#: The numbers students add inside the logs.
EPSILONS = (1e-3, 1e-4, 1e-5, 1e-6, 1e-7, 1e-8, 1e-9, 1e-10, 1e-12, 1e-15)


def _summed(AL, Y):
    return -1 / Y.shape[1] * np.sum(Y * np.log(AL) + (1 - Y) * np.log(1 - AL))


def _dotted(AL, Y):
    return -1 / Y.shape[1] * (np.dot(Y, np.log(AL).T) + np.dot(1 - Y, np.log(1 - AL).T))


def _shape_message(shape: tuple) -> Callable[[tuple], str]:
    def message(args):
        AL, Y = args
        return (f"{{tensor}} is np.shape(cost), the tuple {shape}, the shape of the cost and not the cost: "
                f"np.squeeze(cost) turns [[{float(np.squeeze(_summed(AL, Y))):.2g}]] into "
                f"{float(np.squeeze(_summed(AL, Y))):.2g}")
    return message


def _with_epsilon(eps: float, both: bool):
    def cost(AL, Y):
        m = Y.shape[1]
        return np.squeeze(-1 / m * np.sum(Y * np.log(AL + eps) + (1 - Y) * np.log(1 - AL + (eps if both else 0))))
    return cost


def _epsilon_message(eps: float, both: bool) -> str:
    where = f"np.log(AL + {eps:g}) and np.log(1 - AL + {eps:g}) give" if both else f"np.log(AL + {eps:g}) gives"
    return (f"{{tensor}} is what {where}: a number added inside the logs changes the cost on every input; the "
            "course's cost takes np.log(AL) and np.log(1 - AL) as they are")


COST = [
    ("cost-shape", _shape_message(()), lambda AL, Y: np.shape(_summed(AL, Y))),
    ("cost-shape", _shape_message((1, 1)), lambda AL, Y: np.shape(_dotted(AL, Y))),
] + [("cost-epsilon", _epsilon_message(eps, both), _with_epsilon(eps, both))
     for eps in EPSILONS for both in (True, False)]

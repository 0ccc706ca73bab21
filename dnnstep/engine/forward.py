"""The forward pass and the cost of one iteration, with whatever features its training uses.

One layer forward is ``Z = W A_prev + b``, ``A = g(Z)``, and on a hidden layer under dropout
``A = A * D / keep_prob`` (``dnnstep.engine.regularization``). The cost is the cross-entropy in
the arithmetic's form (``dnnstep.engine.arithmetic``), plus ``λ/(2m) Σ‖W[l]‖²`` under L2. The
trace of an iteration (``dnnstep.engine.trace``) and the gradient check phase
(``dnnstep.engine.gradient_check_n``, which needs J at thousands of perturbed parameters) both
compute them here, so a check measures the very J the iteration shows.

Shapes: X (n[0], m); A_prev (n[l-1], m); W (n[l], n[l-1]); b (n[l], 1); Z, A, D (n[l], m);
AL, Y (1, m).
"""

from __future__ import annotations

import functools
from typing import Mapping, NamedTuple, Sequence

import numpy as np

from dnnstep.engine import activations, arithmetic, layers, regularization
from dnnstep.engine.plan import plan_of


class Layer(NamedTuple):
    """What forward l computed: its input, parameters, Z, A before dropout, the mask (``None``
    without dropout) and the A passed on."""

    A_prev: np.ndarray
    W: np.ndarray
    b: np.ndarray
    Z: np.ndarray
    A_pre: np.ndarray
    D: np.ndarray | None
    A: np.ndarray


class Cost(NamedTuple):
    """The cost step's numbers: J, its cross-entropy and L2 parts (``J_L2`` 0 without L2), and the
    sum of the per-example losses (what the Optimization model adds up over an epoch)."""

    J: float
    J_ce: float
    J_L2: float
    loss_sum: float


# A Layer and a Cost made from a tuple of their fields, in C: computed on every layer of every iteration,
# where the NamedTuple's own constructor (Python, with keywords) costs as much as a layer's arithmetic.
_layer = functools.partial(tuple.__new__, Layer)
_cost = functools.partial(tuple.__new__, Cost)


def forward_pass(parameters: Mapping[str, np.ndarray], X: np.ndarray, training,
                 masks: Sequence[np.ndarray]) -> list[Layer]:
    """Forward 1..L of ``training``'s network on X, as its plan says (``dnnstep.engine.plan``):
    each layer's Layer, in order; ``masks`` are D[1..L-1] (empty without dropout)."""
    slope, keep_prob = training.leaky_slope, training.keep_prob
    done = []
    A_prev = X
    for layer in plan_of(training).layers:
        W, b = parameters[layer.W], parameters[layer.b]
        Z = layers.linear_forward(A_prev, W, b)
        A = activations.forward(layer.activation, Z, slope)
        if layer.masked:
            D = masks[layer.l - 1]
            A_next = regularization.dropout_forward(A, D, keep_prob)
            done.append(_layer((A_prev, W, b, Z, A, D, A_next)))
        else:
            A_next = A
            done.append(_layer((A_prev, W, b, Z, A, None, A)))
        A_prev = A_next
    return done


def cost(AL: np.ndarray, Y: np.ndarray, parameters: Mapping[str, np.ndarray], training) -> Cost:
    """J of ``AL`` against ``Y``: the cross-entropy in the arithmetic's form, plus the L2 term of
    the W[l] of ``parameters``."""
    if plan_of(training).helpers:
        J_ce, loss_sum = arithmetic.helper_cost(AL, Y)
    else:
        J_ce = layers.compute_cost(AL, Y)
        loss_sum = J_ce * Y.shape[1]
    if not training.features.l2:
        return _cost((J_ce, J_ce, 0.0, loss_sum))
    Ws = [parameters[layer.W] for layer in plan_of(training).layers]
    J_L2 = regularization.l2_cost(Ws, training.lambd, Y.shape[1])
    return Cost(J_ce + J_L2, J_ce, J_L2, loss_sum)


def forward_cost(parameters: Mapping[str, np.ndarray], X: np.ndarray, Y: np.ndarray, training,
                 masks: Sequence[np.ndarray]) -> float:
    """J of ``parameters`` on (X, Y), the masks held as given: one forward pass and the cost."""
    return cost(forward_pass(parameters, X, training, masks)[-1].A, Y, parameters, training).J

"""Where 1/m enters: the order of operations of each course helper file, for the printed digits.

The cost and the backward pass of the course's networks are written three ways. The values
agree to rounding; the last digits of a long run do not, so the engine follows the file a
notebook imports (``Training.arithmetic``):

=============  ==========================  ==================================  ================================
arithmetic     dZ[L]                       dW[l], db[l]                        J
=============  ==========================  ==================================  ================================
``dnn_utils``  dAL * σ'(Z[L]) (week 4)     1/m dZ A_prevᵀ, 1/m Σ dZ            -1/m Σ (Y log AL + (1-Y) log(1-AL))
``reg_utils``  AL - Y                      1./m * np.dot(dZ, A_prev.T), ...     1./m * np.nansum(logprobs)
``init_utils`` 1./m * (AL - Y)             np.dot(dZ, A_prev.T), np.sum(dZ)     1./m * np.nansum(logprobs)
=============  ==========================  ==================================  ================================

with ``logprobs = -log(AL) Y - log(1 - AL) (1 - Y)``. Course 1 week 4 is ``dnn_utils``
(``dnnstep.engine.layers``); Regularization and Gradient Checking use ``reg_utils``;
Initialization and Optimization (``opt_utils``) use ``init_utils``. The helpers take relu' from
the layer's output, ``np.int64(A > 0)``, which is ``Z > 0`` for a relu layer (with dropout, the
mask has already zeroed dA where A was dropped).

The expressions here are the helpers' own, but for a few that give the same floats at less cost on
every iteration: a boolean mask multiplied in where the helpers convert it with ``np.int64`` first
(x * True is x, x * False the same signed zero as x * 0), and ``np.add.reduce`` and ``a.dot(b)``
where the helpers call ``np.sum`` and ``np.dot`` (the same C functions, without numpy's Python
wrappers, as in ``dnnstep.engine.layers``).

Shapes: AL, Y (1, m); dZ (n[l], m); A_prev (n[l-1], m).
"""

from __future__ import annotations

import functools

import numpy as np

from dnnstep.engine import layers


def helper_cost(AL: np.ndarray, Y: np.ndarray) -> tuple[float, float]:
    """``(J, Σ logprobs)`` as the Course 2 helpers' ``compute_cost``: ``1./m * np.nansum(logprobs)``.

    The sum itself is what ``opt_utils_v1a.compute_cost`` returns for a mini-batch, and what the
    Optimization model adds up over an epoch before dividing by m.
    """
    m = Y.shape[1]
    logprobs = np.multiply(-np.log(AL), Y) + np.multiply(-np.log(1 - AL), 1 - Y)
    total = float(np.add.reduce(logprobs, axis=None))  # np.nansum's very sum when no term is NaN
    if total != total:
        total = float(np.nansum(logprobs))
    return 1. / m * total, total


def output_dZ(AL: np.ndarray, Y: np.ndarray, arithmetic: str) -> np.ndarray:
    """dZ[L] of a sigmoid output under the cross-entropy cost, in a helper's form: ``AL - Y``
    (``reg_utils``) or ``1./m * (AL - Y)`` (``init_utils``)."""
    if arithmetic == "init_utils":
        m = Y.shape[1]
        return 1. / m * (AL - Y)
    return AL - Y


def hidden_dZ(activation: str, dA: np.ndarray, Z: np.ndarray, leaky_slope: float, arithmetic: str) -> np.ndarray:
    """dZ[l] = dA[l] * g'(Z[l]); under a helper's arithmetic relu' is ``np.int64(A > 0)`` multiplied in,
    as the helpers write it (A > 0 exactly where Z > 0: ``relu_dZ``)."""
    if arithmetic != "dnn_utils" and activation == "relu":
        return relu_dZ(dA, Z > 0)
    return layers.activation_backward(activation, dA, Z, leaky_slope)


def relu_dZ(dA: np.ndarray, positive: np.ndarray) -> np.ndarray:
    """The helpers' ``np.multiply(dA, np.int64(A > 0))`` given the mask ``positive = Z > 0`` (A > 0 exactly
    where Z > 0), the same floats: the iteration forms the mask once, for dZ and for the dead share."""
    return np.multiply(dA, positive)


def gradients_of(arithmetic: str, dW_factor: float | None = None, db_scale: float | None = None):
    """The function ``(dZ, A_prev) -> (dW, db)``, dW[l] and db[l] from dZ[l] and A[l-1] in the
    arithmetic's form: ``layers.parameter_gradients`` (1/m at dW and db: ``dnn_utils``,
    ``reg_utils``) or ``unscaled_gradients`` (``init_utils``). The plan of an iteration picks each
    layer's once (``dnnstep.engine.plan``), so that no layer decides it again on every iteration.

    ``dW_factor`` and ``db_scale`` are the Gradient Checking notebook's two planted bugs
    (``dW2 = 1./m * np.dot(dZ2, A1.T) * 2``, ``db1 = 4./m * np.sum(dZ1, ...)``): dW multiplied
    by ``dW_factor`` after the product, and ``db_scale / m`` in place of ``1./m``.
    """
    if arithmetic == "init_utils" and db_scale is not None:
        raise ValueError("the shipped backward_propagation_n is written in reg_utils' arithmetic, not init_utils'")
    form = unscaled_gradients if arithmetic == "init_utils" else layers.parameter_gradients
    if dW_factor is None and db_scale is None:
        return form
    return functools.partial(_planted_gradients, form, dW_factor, db_scale)


def unscaled_gradients(dZ: np.ndarray, A_prev: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``init_utils``' ``dW = np.dot(dZ, A_prev.T)``, ``db = np.sum(dZ, axis=1, keepdims=True)``: the
    1/m is already in dZ[L]."""
    return dZ.dot(A_prev.T), np.add.reduce(dZ, axis=1, keepdims=True)


def _planted_gradients(form, dW_factor: float | None, db_scale: float | None, dZ: np.ndarray,
                       A_prev: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    dW, db = form(dZ, A_prev)
    if db_scale is not None:
        m = A_prev.shape[1]
        db = db_scale / m * np.sum(dZ, axis=1, keepdims=True)
    if dW_factor is not None:
        dW = dW * dW_factor
    return dW, db

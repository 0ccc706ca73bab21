"""Regularization's mistakes (W1A2): the L2 cost and gradient, and inverted dropout forward and backward.

Each model is the course's function (:mod:`dnnstep.course2.regularization`) with one mistake put in,
computed on the same inputs; dropout's masks are drawn as the course draws them (``np.random.seed(1)``
first, ``rand`` for D1 before Z2, then D2), so a model of a mistaken mask gives the student's numbers
exactly. A mask in the backward pass that is not the forward's (redrawn instead of read from the cache)
cannot be replayed (it depends on the random state at the call); :func:`mask_hints` recognises it from
the numbers instead: every element of the student's dA is either 0 or the unmasked dA / keep_prob, and
the zeros are not where the forward's D is.
"""

from __future__ import annotations

import numpy as np

from dnnstep.course2 import regularization as course
from dnnstep.homework.diagnosing.hints import Hint
from dnnstep.homework.diagnosing.init_mistakes import seeded

CODES = {
    "l2-factor": "the L2 term's lambda/(2m) (cost) and lambda/m (gradient) confused",
    "l2-square": "the L2 term sums the weights (or their norm) without squaring",
    "l2-missing": "the L2 term left out (of the cost or of a dW), or a layer's weights left out of it",
    "l2-db": "the L2 term added to db too: the biases are not penalised",
    "l2-sign": "the L2 term subtracted instead of added",
    "dropout-mask": "the dropout mask drawn the wrong way (randn, >, 1 - keep_prob, one per unit)",
    "dropout-scale": "keep_prob not divided, or multiplied, in the forward or backward pass",
    "dropout-layer": "dropout applied to the input or the output layer, which the course leaves alone",
    "dropout-backward-mask": "the forward's mask not applied in the backward pass, or another mask used",
}

_RELU, _SIGMOID = course.relu, course.sigmoid


# --------------------------------------------------------------------------------------------
# L2
# --------------------------------------------------------------------------------------------


def _l2_cost(term):
    """compute_cost_with_regularization with the L2 term ``term(lambd, m, [W1, W2, W3])``."""
    def cost(A3, Y, parameters, lambd):
        m = Y.shape[1]
        Ws = [parameters["W1"], parameters["W2"], parameters["W3"]]
        return course.compute_cost(A3, Y) + term(lambd, m, Ws)
    return cost


def _squares(Ws):
    return sum(np.sum(np.square(W)) for W in Ws)


def _l2_backward(dW_term=lambda lambd, m, W: lambd / m * W, db_term=None, layers=(1, 2, 3)):
    """backward_propagation_with_regularization with ``dW_term(lambd, m, W)`` added to the dW of ``layers`` (and
    ``db_term(lambd, m, b)`` to each db when given)."""
    def backward(X, Y, cache, lambd):
        m = X.shape[1]
        Ws = {1: cache[2], 2: cache[6], 3: cache[10]}
        bs = {1: cache[3], 2: cache[7], 3: cache[11]}
        gradients = course.backward_propagation(X, Y, cache)
        for l in layers:
            gradients["dW" + str(l)] = gradients["dW" + str(l)] + dW_term(lambd, m, Ws[l])
            if db_term is not None:
                gradients["db" + str(l)] = gradients["db" + str(l)] + db_term(lambd, m, bs[l])
        return gradients
    return backward


_L2_COST = [
    ("l2-factor", "{tensor}: the L2 term is lambd / m * (...); in the cost it is lambd / (2 * m) * "
                  "(np.sum(np.square(W1)) + np.sum(np.square(W2)) + np.sum(np.square(W3))) (lambd / m is the gradient's)",
     _l2_cost(lambda lambd, m, Ws: lambd / m * _squares(Ws))),
    ("l2-factor", "{tensor}: the L2 term is lambd / 2 * m * (...): m multiplies where it divides; "
                  "lambd / (2 * m) * (...)",
     _l2_cost(lambda lambd, m, Ws: lambd / 2 * m * _squares(Ws))),
    ("l2-square", "{tensor}: the L2 term sums the weights, np.sum(W); it sums their squares, np.sum(np.square(W))",
     _l2_cost(lambda lambd, m, Ws: lambd / (2 * m) * sum(np.sum(W) for W in Ws))),
    ("l2-square", "{tensor}: the L2 term adds the norms np.linalg.norm(W) without squaring them; the squared "
                  "norm is np.sum(np.square(W))",
     _l2_cost(lambda lambd, m, Ws: lambd / (2 * m) * sum(np.linalg.norm(W) for W in Ws))),
    ("l2-square", "{tensor}: the L2 term squares the sum, np.square(np.sum(W)); it sums the squares, "
                  "np.sum(np.square(W))",
     _l2_cost(lambda lambd, m, Ws: lambd / (2 * m) * sum(np.square(np.sum(W)) for W in Ws))),
    ("l2-missing", "{tensor} is the cross-entropy alone: the L2 term is computed but not added "
                   "(cost = cross_entropy_cost + L2_regularization_cost)",
     _l2_cost(lambda lambd, m, Ws: 0.0)),
    ("l2-missing", "{tensor}: the L2 term leaves out W3; it sums the squares of W1, W2 and W3",
     _l2_cost(lambda lambd, m, Ws: lambd / (2 * m) * _squares(Ws[:2]))),
]

_L2_BACKWARD = [
    ("l2-factor", "{tensor}: the gradient's L2 term is lambd / (2 * m) * W (the cost's factor); "
                  "the derivative of lambd / (2m) * W² is lambd / m * W",
     _l2_backward(lambda lambd, m, W: lambd / (2 * m) * W)),
    ("l2-factor", "{tensor}: the gradient's L2 term is lambd * W without the / m: (lambd / m) * W",
     _l2_backward(lambda lambd, m, W: lambd * W)),
    ("l2-factor", "{tensor}: the gradient's L2 term is 2 * lambd / m * W; the derivative of "
                  "lambd / (2m) * W² is lambd / m * W",
     _l2_backward(lambda lambd, m, W: 2 * lambd / m * W)),
    ("l2-db", "{tensor}: (lambd / m) * b is added to db: only the weights are penalised, "
              "db = 1./m * np.sum(dZ, axis=1, keepdims=True) as without L2",
     _l2_backward(db_term=lambda lambd, m, b: lambd / m * b)),
    ("l2-sign", "{tensor}: the L2 term is subtracted; dW = 1./m * np.dot(dZ, A_prev.T) + (lambd / m) * W",
     _l2_backward(lambda lambd, m, W: -lambd / m * W)),
    ("l2-missing", "{tensor}: dW3 lacks the L2 term (lambd / m) * W3", _l2_backward(layers=(1, 2))),
    ("l2-missing", "{tensor}: dW2 lacks the L2 term (lambd / m) * W2", _l2_backward(layers=(1, 3))),
    ("l2-missing", "{tensor}: dW1 lacks the L2 term (lambd / m) * W1", _l2_backward(layers=(2, 3))),
    ("l2-missing", "{tensor} is the baseline's gradient: the L2 term (lambd / m) * W is never added",
     _l2_backward(layers=())),
]


# --------------------------------------------------------------------------------------------
# Dropout, forward
# --------------------------------------------------------------------------------------------


def _rand_mask(A, keep_prob):
    return np.random.rand(A.shape[0], A.shape[1]) < keep_prob


def _dropout_forward(mask=_rand_mask, scale=lambda A, keep_prob: A / keep_prob, on_input=False, on_output=False):
    """forward_propagation_with_dropout with the mask ``mask(A, keep_prob)`` and the scaling ``scale``, on the
    hidden layers (and the input X or the output A3 when asked), seeded as the course seeds it."""
    def forward(X, parameters, keep_prob=0.5):
        def run():
            W1, b1, W2, b2, W3, b3 = (parameters[k] for k in ("W1", "b1", "W2", "b2", "W3", "b3"))
            A0 = X
            if on_input:
                D0 = mask(X, keep_prob)
                A0 = scale(X * D0, keep_prob)
            Z1 = np.dot(W1, A0) + b1
            A1 = _RELU(Z1)
            D1 = mask(A1, keep_prob)
            A1 = scale(A1 * D1, keep_prob)
            Z2 = np.dot(W2, A1) + b2
            A2 = _RELU(Z2)
            D2 = mask(A2, keep_prob)
            A2 = scale(A2 * D2, keep_prob)
            Z3 = np.dot(W3, A2) + b3
            A3 = _SIGMOID(Z3)
            if on_output:
                A3 = scale(A3 * mask(A3, keep_prob), keep_prob)
            return A3, (Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3)
        return seeded(1, run)
    return forward


_DROPOUT_FORWARD = [
    ("dropout-mask", "{tensor}: the mask is drawn with np.random.randn (normal, so about half the units of any "
                     "keep_prob are kept); it is np.random.rand(...) < keep_prob, uniform in [0, 1)",
     _dropout_forward(mask=lambda A, k: np.random.randn(A.shape[0], A.shape[1]) < k)),
    ("dropout-mask", "{tensor}: the mask is np.random.rand(...) > keep_prob, which keeps a unit with probability "
                     "1 - keep_prob; D = (D < keep_prob)",
     _dropout_forward(mask=lambda A, k: np.random.rand(A.shape[0], A.shape[1]) > k)),
    ("dropout-mask", "{tensor}: the mask is np.random.rand(...) < 1 - keep_prob: keep_prob is the probability of "
                     "keeping a unit, D = (D < keep_prob)",
     _dropout_forward(mask=lambda A, k: np.random.rand(A.shape[0], A.shape[1]) < 1 - k)),
    ("dropout-mask", "{tensor}: the mask is np.random.rand(A.shape[0], 1): one draw per unit, the same for every "
                     "example; D is drawn for every unit and example, np.random.rand(A.shape[0], A.shape[1])",
     _dropout_forward(mask=lambda A, k: np.random.rand(A.shape[0], 1) < k)),
    ("dropout-scale", "{tensor}: A is not divided by keep_prob after the mask (inverted dropout keeps the expected "
                      "value: A = A / keep_prob)",
     _dropout_forward(scale=lambda A, k: A)),
    ("dropout-scale", "{tensor}: A is multiplied by keep_prob; inverted dropout divides, A = A / keep_prob",
     _dropout_forward(scale=lambda A, k: A * k)),
    ("dropout-layer", "{tensor}: dropout is applied to the input X too; the course drops units of the hidden "
                      "layers only (A1 and A2)",
     _dropout_forward(on_input=True)),
    ("dropout-layer", "{tensor}: dropout is applied to the output A3 too; the course drops units of the hidden "
                      "layers only (A1 and A2)",
     _dropout_forward(on_output=True)),
]


# --------------------------------------------------------------------------------------------
# Dropout, backward
# --------------------------------------------------------------------------------------------


def _right_dA(dA, D, keep_prob):
    return dA * D / keep_prob


def _dropout_backward(dA_of, dA1_of=None):
    """backward_propagation_with_dropout where dA2 is ``dA_of(dA, D, keep_prob)`` and dA1 ``dA1_of`` (``dA_of`` too
    unless given)."""
    dA1_of = dA1_of or dA_of

    def backward(X, Y, cache, keep_prob):
        m = X.shape[1]
        (Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3) = cache
        dZ3 = A3 - Y
        dW3 = 1. / m * np.dot(dZ3, A2.T)
        db3 = 1. / m * np.sum(dZ3, axis=1, keepdims=True)
        dA2 = dA_of(np.dot(W3.T, dZ3), D2, keep_prob)
        dZ2 = np.multiply(dA2, np.int64(A2 > 0))
        dW2 = 1. / m * np.dot(dZ2, A1.T)
        db2 = 1. / m * np.sum(dZ2, axis=1, keepdims=True)
        dA1 = dA1_of(np.dot(W2.T, dZ2), D1, keep_prob)
        dZ1 = np.multiply(dA1, np.int64(A1 > 0))
        dW1 = 1. / m * np.dot(dZ1, X.T)
        db1 = 1. / m * np.sum(dZ1, axis=1, keepdims=True)
        return {"dZ3": dZ3, "dW3": dW3, "db3": db3, "dA2": dA2, "dZ2": dZ2, "dW2": dW2, "db2": db2,
                "dA1": dA1, "dZ1": dZ1, "dW1": dW1, "db1": db1}
    return backward


_DROPOUT_BACKWARD = [
    ("dropout-backward-mask", "{tensor}: the forward's mask is not applied: dA = dA * D (the D of the cache), then "
                              "dA = dA / keep_prob; a unit dropped forward passes no gradient back",
     _dropout_backward(lambda dA, D, k: dA / k)),
    ("dropout-backward-mask", "{tensor}: dA2 is neither masked nor scaled: the two lines dA2 = dA2 * D2 and "
                              "dA2 = dA2 / keep_prob are missing (dA1's are there)",
     _dropout_backward(lambda dA, D, k: dA, _right_dA)),
    ("dropout-backward-mask", "{tensor}: dA1 is neither masked nor scaled: the two lines dA1 = dA1 * D1 and "
                              "dA1 = dA1 / keep_prob are missing (dA2's are there)",
     _dropout_backward(_right_dA, lambda dA, D, k: dA)),
    ("dropout-scale", "{tensor}: dA is not divided by keep_prob after the mask: dA = dA * D, then dA = dA / keep_prob, "
                      "as in the forward pass",
     _dropout_backward(lambda dA, D, k: dA * D)),
    ("dropout-scale", "{tensor}: dA is multiplied by keep_prob after the mask; it is divided, dA = dA / keep_prob",
     _dropout_backward(lambda dA, D, k: dA * D * k)),
    ("dropout-backward-mask", "{tensor}: the mask is applied as (1 - D): the units dropped forward pass the gradient "
                              "and the kept ones do not; dA = dA * D",
     _dropout_backward(lambda dA, D, k: dA * (1 - D) / k)),
]


def mask_hints(function: str, args: tuple, expected, actual) -> list[Hint]:
    """A backward dropout whose dA2 or dA1 is masked, but not with the forward's D (a mask redrawn, or read from the
    wrong place): each element is 0 or the unmasked dA / keep_prob, with zeros where D keeps the unit."""
    if function != "backward_propagation_with_dropout" or not isinstance(actual, dict):
        return []
    X, Y, cache, keep_prob = args
    hints = []
    unmasked = _dropout_backward(lambda dA, D, k: dA / k)(X, Y, cache, keep_prob)
    masks = {"dA2": cache[6], "dA1": cache[1]}
    for name in ("dA2", "dA1"):
        got, full, D = actual.get(name), unmasked[name], np.asarray(masks[name])
        if not isinstance(got, np.ndarray) or got.shape != full.shape:
            continue
        if name == "dA1" and not np.allclose(actual.get("dA2", np.nan), expected["dA2"], rtol=1e-6, atol=1e-12):
            continue  # dA1 follows from a dA2 that is already wrong
        nonzero = ~np.isclose(full, 0, atol=1e-12)
        zero = np.isclose(got, 0, atol=1e-12)
        passed = np.isclose(got, full, rtol=1e-6, atol=1e-12 * max(1.0, float(np.max(np.abs(full)))))
        dropped = zero & nonzero
        if not np.all(zero | passed) or not dropped.any():
            continue  # not a masked dA / keep_prob, or nothing masked (the model of the unapplied mask says so)
        if np.array_equal(dropped, (D == 0) & nonzero):
            continue  # the forward's own mask
        hints.append(Hint("dropout-backward-mask", name,
                          f"{name} is masked, but not by the forward pass's mask: its zeros are not where the cache's "
                          f"D{name[-1]} drops units. Use the D{name[-1]} of the cache (dA = dA * D); a mask drawn "
                          "again in the backward pass drops other units", (name,)))
        break
    return hints


MODELS = {
    "compute_cost_with_regularization": _L2_COST,
    "backward_propagation_with_regularization": _L2_BACKWARD,
    "forward_propagation_with_dropout": _DROPOUT_FORWARD,
    "backward_propagation_with_dropout": _DROPOUT_BACKWARD,
}

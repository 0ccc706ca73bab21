"""Course 2, week 1, "Regularization" (W1A2): L2 and dropout on the football data.

The notebook trains the shared 3-layer network (``network``, ``layers_dims = [2, 20, 3, 1]``) on the
French football positions (``datasets/data.mat``) for 30 000 iterations of gradient descent
(learning rate 0.3): without regularisation, with L2 (``lambd = 0.7``) and with dropout
(``keep_prob = 0.86``), printing the cost every 10 000 iterations. The helper file is
``reg_utils``: its backward puts 1/m in each ``dW`` and ``db`` (``dZ3 = A3 - Y``).

- graded: ``compute_cost_with_regularization`` (``cross_entropy_cost + lambd/(2*m) * ΣΣ W²``),
  ``backward_propagation_with_regularization`` (``+ lambd/m * W`` on each ``dW``),
  ``forward_propagation_with_dropout`` (``np.random.seed(1)`` inside, so every call draws the same
  masks: ``D = np.random.rand(...) < keep_prob``, ``A = A * D``, ``A = A / keep_prob`` on the two
  hidden layers), ``backward_propagation_with_dropout`` (``dA = dA * D``, ``dA = dA / keep_prob``);
- given: ``model`` and the helpers ``initialize_parameters`` (``np.random.seed(3)``,
  ``randn / np.sqrt(n[l-1])``), ``forward_propagation``, ``backward_propagation``,
  ``compute_cost``, ``update_parameters``, ``predict``, ``predict_dec``, ``load_2D_dataset``.

Editions: the same in all, except that the dropout masks are booleans in 2017 and
``.astype(int)`` from 2019 on (``edition=``; the values they give are the same).

The dropout cache is the 14-tuple ``(Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3)``;
``D1 (n[1], m)``, ``D2 (n[2], m)``. Other shapes as in ``network``.
"""

from __future__ import annotations

import numpy as np

from . import datasets, network
from .editions import since
from .network import forward_propagation, predict, predict_dec, relu, sigmoid, update_parameters

__all__ = [
    "sigmoid",
    "relu",
    "initialize_parameters",
    "forward_propagation",
    "backward_propagation",
    "compute_cost",
    "update_parameters",
    "predict",
    "predict_dec",
    "load_2D_dataset",
    "compute_cost_with_regularization",
    "backward_propagation_with_regularization",
    "forward_propagation_with_dropout",
    "backward_propagation_with_dropout",
    "model",
]


# --------------------------------------------------------------------------------------------
# The helper file (reg_utils)
# --------------------------------------------------------------------------------------------


def initialize_parameters(layer_dims):
    """``reg_utils.initialize_parameters``: ``np.random.seed(3)``; ``W{l} = randn(n[l], n[l-1]) / np.sqrt(n[l-1])``.

    Arguments:
        layer_dims: [n[0], n[1], ..., n[L]].

    Returns:
        parameters: {"W1": (n[1], n[0]), "b1": zeros (n[1], 1), ..., "WL", "bL"}.
    """
    return network.seeded_weights(layer_dims, lambda W, n_prev: W / np.sqrt(n_prev))


def backward_propagation(X, Y, cache):
    """``reg_utils.backward_propagation``: ``dZ3 = A3 - Y``, 1/m in each ``dW`` and ``db``.

    See ``network.backward_scaled_at_dw``; keys ``dZ3, dW3, db3, dA2, dZ2, dW2, db2, dA1, dZ1, dW1, db1``.
    """
    return network.backward_scaled_at_dw(X, Y, cache)


def compute_cost(a3, Y):
    """``reg_utils.compute_cost``: ``1./m * np.nansum(logprobs)``, ``m = Y.shape[1]``; a3, Y (1, m)."""
    return network.cost_nansum(a3, Y)


def load_2D_dataset(path="datasets/data.mat"):
    """``reg_utils.load_2D_dataset``: ``data.mat``'s ``X.T, y.T, Xval.T, yval.T``, without the scatter plot.

    ``path`` is not the course's (it always reads ``datasets/data.mat``). See
    ``datasets.load_football``.

    Returns:
        (train_X, train_Y, test_X, test_Y): (2, 211), (1, 211) uint8, (2, 200), (1, 200) uint8.
    """
    return datasets.load_football(path)


# --------------------------------------------------------------------------------------------
# Graded: L2 regularisation
# --------------------------------------------------------------------------------------------


def compute_cost_with_regularization(A3, Y, parameters, lambd):
    """Exercise 1: ``compute_cost(A3, Y) + lambd/(2*m) * (np.sum(np.square(W1)) + ... W2 ... W3)``.

    Arguments:
        A3: (1, m), the output of forward propagation.
        Y: (1, m), labels 0 or 1; ``m = Y.shape[1]``.
        parameters: {"W1", "b1", "W2", "b2", "W3", "b3"} (the biases are not penalised).
        lambd: the regularisation strength lambda.

    Returns:
        cost: float64, the cross-entropy plus the L2 term.
    """
    m = Y.shape[1]
    W1 = parameters["W1"]
    W2 = parameters["W2"]
    W3 = parameters["W3"]

    cross_entropy_cost = compute_cost(A3, Y)
    L2_regularization_cost = lambd / (2 * m) * (np.sum(np.square(W1)) + np.sum(np.square(W2)) + np.sum(np.square(W3)))

    cost = cross_entropy_cost + L2_regularization_cost
    return cost


def backward_propagation_with_regularization(X, Y, cache, lambd):
    """Exercise 2: ``backward_propagation`` with ``(lambd/m) * W`` added to each ``dW``.

    ``dW3 = 1./m * np.dot(dZ3, A2.T) + (lambd/m)*W3`` and likewise for ``dW2``, ``dW1``; the
    biases' gradients and ``dA``, ``dZ`` are the baseline's (the L2 term does not reach them),
    so they are the baseline's own numbers, and each ``dW`` is the baseline's plus the term.

    Arguments:
        X: (n[0], m). Y: (1, m).
        cache: the 12-tuple of ``forward_propagation``.
        lambd: the regularisation strength lambda.

    Returns:
        gradients: {"dZ3", "dW3", "db3", "dA2", "dZ2", "dW2", "db2", "dA1", "dZ1", "dW1", "db1"}.
    """
    m = X.shape[1]
    (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3) = cache

    gradients = backward_propagation(X, Y, cache)
    gradients["dW3"] = gradients["dW3"] + (lambd / m) * W3
    gradients["dW2"] = gradients["dW2"] + (lambd / m) * W2
    gradients["dW1"] = gradients["dW1"] + (lambd / m) * W1
    return gradients


# --------------------------------------------------------------------------------------------
# Graded: dropout
# --------------------------------------------------------------------------------------------


def _mask(D, keep_prob, edition):
    """Step 2: ``D < keep_prob``, booleans (2017) or ``.astype(int)`` (2019 on)."""
    D = (D < keep_prob)
    return D.astype(int) if since(edition, "2019") else D


def forward_propagation_with_dropout(X, parameters, keep_prob=0.5, *, edition=None):
    """Exercise 3: forward propagation with inverted dropout on the two hidden layers.

    ``np.random.seed(1)`` first, so every call draws the same masks. For each hidden layer, after
    ``A = relu(Z)``: ``D = np.random.rand(A.shape[0], A.shape[1])``; ``D = (D < keep_prob)``;
    ``A = A * D``; ``A = A / keep_prob``. D1 is drawn before Z2 is computed, D2 after.

    Arguments:
        X: (n[0], m).
        parameters: {"W1": (n[1], n[0]), "b1", "W2": (n[2], n[1]), "b2", "W3": (1, n[2]), "b3"}.
        keep_prob: the probability of keeping a unit.
        edition: not the course's argument: the masks' dtype, bool (2017) or int (2019 on).

    Returns:
        (A3, cache): A3 (1, m); cache ``(Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3)``
        with D1 (n[1], m) and D2 (n[2], m) of 0/1, A1 and A2 after the mask and the scaling.
    """
    np.random.seed(1)

    W1 = parameters["W1"]
    b1 = parameters["b1"]
    W2 = parameters["W2"]
    b2 = parameters["b2"]
    W3 = parameters["W3"]
    b3 = parameters["b3"]

    Z1 = np.dot(W1, X) + b1
    A1 = relu(Z1)
    D1 = np.random.rand(A1.shape[0], A1.shape[1])
    D1 = _mask(D1, keep_prob, edition)
    A1 = A1 * D1
    A1 = A1 / keep_prob

    Z2 = np.dot(W2, A1) + b2
    A2 = relu(Z2)
    D2 = np.random.rand(A2.shape[0], A2.shape[1])
    D2 = _mask(D2, keep_prob, edition)
    A2 = A2 * D2
    A2 = A2 / keep_prob

    Z3 = np.dot(W3, A2) + b3
    A3 = sigmoid(Z3)

    cache = (Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3)
    return A3, cache


def backward_propagation_with_dropout(X, Y, cache, keep_prob):
    """Exercise 4: ``backward_propagation`` with the forward's masks: ``dA = dA * D``, then ``dA = dA / keep_prob``.

    Arguments:
        X: (n[0], m). Y: (1, m).
        cache: the 14-tuple of ``forward_propagation_with_dropout``.
        keep_prob: the probability the forward pass kept a unit with.

    Returns:
        gradients: {"dZ3", "dW3", "db3", "dA2", "dZ2", "dW2", "db2", "dA1", "dZ1", "dW1", "db1"};
        ``dA2`` and ``dA1`` after the mask and the scaling.
    """
    m = X.shape[1]
    (Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3) = cache

    dZ3 = A3 - Y
    dW3 = 1. / m * np.dot(dZ3, A2.T)
    db3 = 1. / m * np.sum(dZ3, axis=1, keepdims=True)
    dA2 = np.dot(W3.T, dZ3)
    dA2 = dA2 * D2
    dA2 = dA2 / keep_prob

    dZ2 = np.multiply(dA2, np.int64(A2 > 0))
    dW2 = 1. / m * np.dot(dZ2, A1.T)
    db2 = 1. / m * np.sum(dZ2, axis=1, keepdims=True)

    dA1 = np.dot(W2.T, dZ2)
    dA1 = dA1 * D1
    dA1 = dA1 / keep_prob

    dZ1 = np.multiply(dA1, np.int64(A1 > 0))
    dW1 = 1. / m * np.dot(dZ1, X.T)
    db1 = 1. / m * np.sum(dZ1, axis=1, keepdims=True)

    gradients = {"dZ3": dZ3, "dW3": dW3, "db3": db3, "dA2": dA2,
                 "dZ2": dZ2, "dW2": dW2, "db2": db2, "dA1": dA1,
                 "dZ1": dZ1, "dW1": dW1, "db1": db1}
    return gradients


# --------------------------------------------------------------------------------------------
# The notebook's model
# --------------------------------------------------------------------------------------------


def model(X, Y, learning_rate=0.3, num_iterations=30000, print_cost=True, lambd=0, keep_prob=1, *,
          costs=None, edition=None):
    """The notebook's 3-layer model, ``layers_dims = [X.shape[0], 20, 3, 1]``, with L2 or dropout.

    ``initialize_parameters`` (seed 3); each iteration: forward (with dropout iff
    ``keep_prob < 1``), the cost (with the L2 term iff ``lambd != 0``), backward (the matching
    one), ``update_parameters``. When ``print_cost`` it prints
    ``"Cost after iteration {}: {}".format(i, cost)`` every 10 000 iterations and records the cost
    every 1 000 (the notebook plots the record).

    Arguments:
        X: (2, m). Y: (1, m), labels 0 or 1.
        learning_rate, num_iterations: of gradient descent.
        print_cost: print (every 10 000) and record (every 1 000) the cost.
        lambd: L2 strength; 0 for none.
        keep_prob: dropout's keep probability; 1 for none.
        costs: not the course's: a list to receive the recorded costs.
        edition: not the course's: the dropout masks' dtype (see ``forward_propagation_with_dropout``).

    Returns:
        parameters: the trained {"W1": (20, 2), "b1", "W2": (3, 20), "b2", "W3": (1, 3), "b3"}.

    Raises:
        ValueError: both ``lambd`` and dropout asked for (the notebook asserts one at a time), or
            ``keep_prob`` above 1 (the notebook's model would fail on an unset cache).
    """
    if not (lambd == 0 or keep_prob == 1):
        raise ValueError("model: use L2 (lambd) or dropout (keep_prob < 1), not both: the notebook's model "
                         "asserts lambd == 0 or keep_prob == 1")
    if keep_prob > 1:
        raise ValueError(f"model: keep_prob must be at most 1 (1 means no dropout), not {keep_prob!r}")
    grads = {}
    costs = [] if costs is None else costs
    m = X.shape[1]  # noqa: F841 - the notebook computes it too
    layers_dims = [X.shape[0], 20, 3, 1]

    parameters = initialize_parameters(layers_dims)

    for i in range(0, num_iterations):
        if keep_prob == 1:
            a3, cache = forward_propagation(X, parameters)
        elif keep_prob < 1:
            a3, cache = forward_propagation_with_dropout(X, parameters, keep_prob, edition=edition)

        if lambd == 0:
            cost = compute_cost(a3, Y)
        else:
            cost = compute_cost_with_regularization(a3, Y, parameters, lambd)

        if lambd == 0 and keep_prob == 1:
            grads = backward_propagation(X, Y, cache)
        elif lambd != 0:
            grads = backward_propagation_with_regularization(X, Y, cache, lambd)
        elif keep_prob < 1:
            grads = backward_propagation_with_dropout(X, Y, cache, keep_prob)

        parameters = update_parameters(parameters, grads, learning_rate)

        if print_cost and i % 10000 == 0:
            print("Cost after iteration {}: {}".format(i, cost))
        if print_cost and i % 1000 == 0:
            costs.append(cost)

    return parameters

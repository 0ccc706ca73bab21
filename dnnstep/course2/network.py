"""The 3-layer network all four Course 2 assignments share, as the helper files write it.

LINEAR -> RELU -> LINEAR -> RELU -> LINEAR -> SIGMOID, for the helper files ``init_utils``
(Initialization), ``reg_utils`` (Regularization), ``gc_utils`` with the notebook's own
``forward_propagation_n`` (Gradient Checking) and ``opt_utils`` / ``opt_utils_v1a`` (Optimization).
The files copy these functions from one another; where two copies are the same to the letter,
this module holds the one copy and each assignment's module calls it under the course's name:

- ``forward_propagation(X, parameters)``: init_utils, reg_utils, opt_utils (and inside the
  Gradient Checking notebook's ``forward_propagation_n``);
- ``backward_scaled_at_dz3``: the ``backward_propagation`` of init_utils and opt_utils;
- ``backward_scaled_at_dw``: the ``backward_propagation`` of reg_utils (and Gradient Checking's
  ``backward_propagation_n`` once fixed);
- ``logprobs``: ``np.multiply(-np.log(a3),Y) + np.multiply(-np.log(1 - a3), 1 - Y)``, in every cost;
- ``cost_nansum``: init_utils' ``compute_loss`` and reg_utils' ``compute_cost``;
- ``update_parameters``: init_utils, reg_utils; ``predict``, ``predict_dec``: all three;
- ``seeded_weights``: every random initialisation, ``np.random.seed(3)`` then ``randn`` layer by
  layer, each scaled by the course's own expression.

Where 1/m enters decides the printed digits of a long run (CASES.md 2.2): ``init_utils`` and
``opt_utils`` scale once, ``dz3 = 1./m * (a3 - Y)``, and never again; ``reg_utils`` keeps
``dZ3 = A3 - Y`` and scales each ``dW`` and ``db``. The two backward functions are therefore
kept apart, each with its helper file's key names (lower-case ``dz3, da2, …`` against
``dZ3, dA2, …``).

Shapes: ``n[l]`` units in layer ``l`` (``n[0] = n_x``), ``m`` examples; ``W1 (n[1], n[0])``,
``b1 (n[1], 1)``, ``W2 (n[2], n[1])``, ``b2 (n[2], 1)``, ``W3 (1, n[2])``, ``b3 (1, 1)``. The
cache is the 12-tuple ``(Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3)``. relu's derivative is
taken from the activation, ``np.int64(A > 0)`` (0 at 0), as the helpers do.
"""

from __future__ import annotations

import numpy as np

__all__ = [
    "sigmoid",
    "relu",
    "forward_propagation",
    "backward_scaled_at_dz3",
    "backward_scaled_at_dw",
    "logprobs",
    "cost_nansum",
    "update_parameters",
    "predict",
    "predict_dec",
    "seeded_weights",
]


def sigmoid(x):
    """``s = 1/(1+np.exp(-x))``, any shape."""
    s = 1 / (1 + np.exp(-x))
    return s


def relu(x):
    """``s = np.maximum(0,x)``, any shape."""
    s = np.maximum(0, x)
    return s


def forward_propagation(X, parameters):
    """LINEAR -> RELU -> LINEAR -> RELU -> LINEAR -> SIGMOID.

    Arguments:
        X: (n[0], m).
        parameters: {"W1": (n[1], n[0]), "b1": (n[1], 1), "W2", "b2", "W3": (1, n[2]), "b3": (1, 1)}.

    Returns:
        (a3, cache): a3 (1, m); cache ``(z1, a1, W1, b1, z2, a2, W2, b2, z3, a3, W3, b3)``.
    """
    W1 = parameters["W1"]
    b1 = parameters["b1"]
    W2 = parameters["W2"]
    b2 = parameters["b2"]
    W3 = parameters["W3"]
    b3 = parameters["b3"]

    z1 = np.dot(W1, X) + b1
    a1 = relu(z1)
    z2 = np.dot(W2, a1) + b2
    a2 = relu(z2)
    z3 = np.dot(W3, a2) + b3
    a3 = sigmoid(z3)

    cache = (z1, a1, W1, b1, z2, a2, W2, b2, z3, a3, W3, b3)
    return a3, cache


def backward_scaled_at_dz3(X, Y, cache):
    """``init_utils`` / ``opt_utils`` ``backward_propagation``: ``dz3 = 1./m * (a3 - Y)``, no other 1/m.

    Arguments:
        X: (n[0], m).
        Y: (1, m), labels 0 or 1.
        cache: the 12-tuple of ``forward_propagation``.

    Returns:
        gradients: {"dz3": (1, m), "dW3": (1, n[2]), "db3": (1, 1), "da2": (n[2], m), "dz2",
        "dW2": (n[2], n[1]), "db2", "da1": (n[1], m), "dz1", "dW1": (n[1], n[0]), "db1"}.
    """
    m = X.shape[1]
    (z1, a1, W1, b1, z2, a2, W2, b2, z3, a3, W3, b3) = cache

    dz3 = 1. / m * (a3 - Y)
    dW3 = np.dot(dz3, a2.T)
    db3 = np.sum(dz3, axis=1, keepdims=True)

    da2 = np.dot(W3.T, dz3)
    dz2 = np.multiply(da2, np.int64(a2 > 0))
    dW2 = np.dot(dz2, a1.T)
    db2 = np.sum(dz2, axis=1, keepdims=True)

    da1 = np.dot(W2.T, dz2)
    dz1 = np.multiply(da1, np.int64(a1 > 0))
    dW1 = np.dot(dz1, X.T)
    db1 = np.sum(dz1, axis=1, keepdims=True)

    gradients = {"dz3": dz3, "dW3": dW3, "db3": db3,
                 "da2": da2, "dz2": dz2, "dW2": dW2, "db2": db2,
                 "da1": da1, "dz1": dz1, "dW1": dW1, "db1": db1}
    return gradients


def backward_scaled_at_dw(X, Y, cache):
    """``reg_utils`` ``backward_propagation``: ``dZ3 = A3 - Y``; ``dW = 1./m * np.dot(dZ, A_prev.T)``,
    ``db = 1./m * np.sum(dZ, axis=1, keepdims = True)``.

    Arguments:
        X: (n[0], m).
        Y: (1, m), labels 0 or 1 (any shape that broadcasts against A3).
        cache: the 12-tuple of ``forward_propagation``.

    Returns:
        gradients: {"dZ3": (1, m), "dW3": (1, n[2]), "db3": (1, 1), "dA2": (n[2], m), "dZ2",
        "dW2": (n[2], n[1]), "db2", "dA1": (n[1], m), "dZ1", "dW1": (n[1], n[0]), "db1"}.
    """
    m = X.shape[1]
    (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3) = cache

    dZ3 = A3 - Y
    dW3 = 1. / m * np.dot(dZ3, A2.T)
    db3 = 1. / m * np.sum(dZ3, axis=1, keepdims=True)

    dA2 = np.dot(W3.T, dZ3)
    dZ2 = np.multiply(dA2, np.int64(A2 > 0))
    dW2 = 1. / m * np.dot(dZ2, A1.T)
    db2 = 1. / m * np.sum(dZ2, axis=1, keepdims=True)

    dA1 = np.dot(W2.T, dZ2)
    dZ1 = np.multiply(dA1, np.int64(A1 > 0))
    dW1 = 1. / m * np.dot(dZ1, X.T)
    db1 = 1. / m * np.sum(dZ1, axis=1, keepdims=True)

    gradients = {"dZ3": dZ3, "dW3": dW3, "db3": db3,
                 "dA2": dA2, "dZ2": dZ2, "dW2": dW2, "db2": db2,
                 "dA1": dA1, "dZ1": dZ1, "dW1": dW1, "db1": db1}
    return gradients


def logprobs(a3, Y):
    """Each example's cross-entropy loss, ``np.multiply(-np.log(a3),Y) + np.multiply(-np.log(1 - a3), 1 - Y)``.

    a3 and Y: (1, m). Returns (1, m). Where a3 is exactly 0 or 1 a term is ``inf`` (or ``nan``
    where it is multiplied by a 0 label), as in the course.
    """
    return np.multiply(-np.log(a3), Y) + np.multiply(-np.log(1 - a3), 1 - Y)


def cost_nansum(a3, Y):
    """``init_utils.compute_loss`` and ``reg_utils.compute_cost``: ``1./m * np.nansum(logprobs)``, ``m = Y.shape[1]``.

    a3 and Y: (1, m). Returns a numpy float64 (``inf`` where some example is certain and wrong).
    """
    m = Y.shape[1]
    return 1. / m * np.nansum(logprobs(a3, Y))


def update_parameters(parameters, grads, learning_rate):
    """``W = W - learning_rate * dW`` and ``b = b - learning_rate * db`` for each of the L layers.

    As the helpers do, the entries of ``parameters`` itself are replaced by new arrays and the
    same dictionary is returned.

    Arguments:
        parameters: {"W1", "b1", ..., "WL", "bL"}.
        grads: at least {"dW1", "db1", ..., "dWL", "dbL"} of the same shapes.
        learning_rate: alpha.

    Returns:
        parameters: the dictionary passed in, updated.
    """
    L = len(parameters) // 2
    for k in range(L):
        parameters["W" + str(k + 1)] = parameters["W" + str(k + 1)] - learning_rate * grads["dW" + str(k + 1)]
        parameters["b" + str(k + 1)] = parameters["b" + str(k + 1)] - learning_rate * grads["db" + str(k + 1)]
    return parameters


def predict(X, y, parameters):
    """Labels 1 where ``a3 > 0.5``, else 0; prints ``"Accuracy: " + str(np.mean((p[0,:] == y[0,:])))``.

    Arguments:
        X: (n[0], m).
        y: (1, m), the true labels.
        parameters: the trained {"W1", ..., "b3"}.

    Returns:
        p: (1, m) int array of 0 and 1 (the helpers' ``dtype = np.int``, today's ``int``).
    """
    m = X.shape[1]
    p = np.zeros((1, m), dtype=int)

    a3, caches = forward_propagation(X, parameters)

    for i in range(0, a3.shape[1]):
        if a3[0, i] > 0.5:
            p[0, i] = 1
        else:
            p[0, i] = 0

    print("Accuracy: " + str(np.mean((p[0, :] == y[0, :]))))
    return p


def predict_dec(parameters, X):
    """``a3 > 0.5`` for the decision boundary's picture.

    Arguments:
        parameters: {"W1", ..., "b3"}.
        X: (n[0], K), the points to label.

    Returns:
        predictions: (1, K) bool.
    """
    a3, cache = forward_propagation(X, parameters)
    predictions = (a3 > 0.5)
    return predictions


def seeded_weights(layer_dims, scaled):
    """The course's random initialisations: ``np.random.seed(3)``; for l = 1 .. L in order
    ``W{l} = scaled(np.random.randn(n[l], n[l-1]), n[l-1])``, ``b{l} = np.zeros((n[l], 1))``.

    ``scaled`` writes the course's own expression (``W * 10``, ``W * np.sqrt(2./n)``,
    ``W / np.sqrt(n)``: each rounds its own way, so it is passed as written, not as a factor).

    Returns:
        parameters: {"W1": (n[1], n[0]), "b1": zeros (n[1], 1), ..., "WL", "bL"}.
    """
    np.random.seed(3)
    parameters = {}
    L = len(layer_dims)
    for l in range(1, L):
        parameters['W' + str(l)] = scaled(np.random.randn(layer_dims[l], layer_dims[l - 1]), layer_dims[l - 1])
        parameters['b' + str(l)] = np.zeros((layer_dims[l], 1))
    return parameters

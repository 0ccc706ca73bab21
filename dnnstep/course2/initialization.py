"""Course 2, week 1, "Initialization" (W1A1): zeros, large random and He weights on the circles.

The notebook trains the shared 3-layer network (``network``: LINEAR -> RELU -> LINEAR -> RELU ->
LINEAR -> SIGMOID, ``layers_dims = [2, 10, 5, 1]``) on scikit-learn's circles for 15 000 iterations
of gradient descent (learning rate 0.01) from three initialisations, printing the cost every 1 000
iterations. Everything is the course's, in every edition (the helper file ``init_utils``):

- graded: ``initialize_parameters_zeros``, ``initialize_parameters_random`` (``np.random.seed(3)``,
  ``randn * 10``), ``initialize_parameters_he`` (``np.random.seed(3)``, ``randn * np.sqrt(2./n[l-1])``);
- given: ``model``, and the helpers ``sigmoid``, ``relu``, ``forward_propagation``,
  ``backward_propagation`` (1/m enters at ``dz3``), ``compute_loss`` (``1./m * np.nansum``),
  ``update_parameters``, ``predict``, ``predict_dec``, ``load_dataset``.

The random initialisations draw from numpy's global legacy generator after the course's own
``np.random.seed(3)``, as the course does. Shapes as in ``network``.
"""

from __future__ import annotations

import numpy as np

from . import datasets, network
from .network import forward_propagation, predict, predict_dec, relu, sigmoid, update_parameters

__all__ = [
    "sigmoid",
    "relu",
    "forward_propagation",
    "backward_propagation",
    "compute_loss",
    "update_parameters",
    "predict",
    "predict_dec",
    "load_dataset",
    "initialize_parameters_zeros",
    "initialize_parameters_random",
    "initialize_parameters_he",
    "INITIALIZATIONS",
    "model",
]

INITIALIZATIONS = ("zeros", "random", "he")


# --------------------------------------------------------------------------------------------
# The helper file (init_utils)
# --------------------------------------------------------------------------------------------


def backward_propagation(X, Y, cache):
    """``init_utils.backward_propagation``: ``dz3 = 1./m * (a3 - Y)``, then no other 1/m.

    See ``network.backward_scaled_at_dz3``. Returns the gradients with the helper's lower-case
    keys ``dz3, dW3, db3, da2, dz2, dW2, db2, da1, dz1, dW1, db1``.
    """
    return network.backward_scaled_at_dz3(X, Y, cache)


def compute_loss(a3, Y):
    """``init_utils.compute_loss``: ``1./m * np.nansum(logprobs)`` with ``m = Y.shape[1]``.

    a3, Y: (1, m). Returns a numpy float64; ``inf`` where an example is certain and wrong (the
    large random initialisation's first cost).
    """
    return network.cost_nansum(a3, Y)


def load_dataset():
    """``init_utils.load_dataset``: ``np.random.seed(1)``; ``make_circles(n_samples=300, noise=.05)``;
    ``np.random.seed(2)``; ``make_circles(n_samples=100, noise=.05)``; without the scatter plot.

    Like the course's, it seeds and draws from numpy's global generator (``datasets.load_circles``
    gives the same arrays and leaves it alone).

    Returns:
        (train_X, train_Y, test_X, test_Y): (2, 300), (1, 300), (2, 100), (1, 100).
    """
    np.random.seed(1)
    train_X, train_Y = datasets.make_circles(n_samples=300, noise=.05)
    np.random.seed(2)
    test_X, test_Y = datasets.make_circles(n_samples=100, noise=.05)
    train_X = train_X.T
    train_Y = train_Y.reshape((1, train_Y.shape[0]))
    test_X = test_X.T
    test_Y = test_Y.reshape((1, test_Y.shape[0]))
    return train_X, train_Y, test_X, test_Y


# --------------------------------------------------------------------------------------------
# Graded: the three initialisations
# --------------------------------------------------------------------------------------------


def initialize_parameters_zeros(layers_dims):
    """Exercise 1: every ``W`` and ``b`` zero.

    Arguments:
        layers_dims: [n[0], n[1], ..., n[L]].

    Returns:
        parameters: {"W1": zeros (n[1], n[0]), "b1": zeros (n[1], 1), ..., "WL", "bL"}.
    """
    parameters = {}
    L = len(layers_dims)
    for l in range(1, L):
        parameters['W' + str(l)] = np.zeros((layers_dims[l], layers_dims[l - 1]))
        parameters['b' + str(l)] = np.zeros((layers_dims[l], 1))
    return parameters


def initialize_parameters_random(layers_dims):
    """Exercise 2: ``np.random.seed(3)``; ``W{l} = np.random.randn(n[l], n[l-1]) * 10`` in layer order, b zero.

    Arguments:
        layers_dims: [n[0], n[1], ..., n[L]].

    Returns:
        parameters: {"W1": (n[1], n[0]), "b1": zeros (n[1], 1), ..., "WL", "bL"}.
    """
    return network.seeded_weights(layers_dims, lambda W, n_prev: W * 10)


def initialize_parameters_he(layers_dims):
    """Exercise 3: ``np.random.seed(3)``; ``W{l} = np.random.randn(n[l], n[l-1]) * np.sqrt(2./n[l-1])``, b zero.

    Arguments:
        layers_dims: [n[0], n[1], ..., n[L]].

    Returns:
        parameters: {"W1": (n[1], n[0]), "b1": zeros (n[1], 1), ..., "WL", "bL"}.
    """
    return network.seeded_weights(layers_dims, lambda W, n_prev: W * np.sqrt(2. / n_prev))


_INITIALIZERS = {
    "zeros": initialize_parameters_zeros,
    "random": initialize_parameters_random,
    "he": initialize_parameters_he,
}


# --------------------------------------------------------------------------------------------
# The notebook's model
# --------------------------------------------------------------------------------------------


def model(X, Y, learning_rate=0.01, num_iterations=15000, print_cost=True, initialization="he", *, costs=None):
    """The notebook's 3-layer model, ``layers_dims = [X.shape[0], 10, 5, 1]``, trained by gradient descent.

    Each iteration: ``forward_propagation``, ``compute_loss``, ``backward_propagation``,
    ``update_parameters``. Every 1 000 iterations, when ``print_cost``, it prints
    ``"Cost after iteration {}: {}".format(i, cost)`` (the cost before that iteration's update,
    in full) and records the cost, as the notebook does (which then plots the record).

    Arguments:
        X: (2, m). Y: (1, m), labels 0 or 1.
        learning_rate, num_iterations: of gradient descent.
        print_cost: print and record the cost every 1 000 iterations.
        initialization: "zeros", "random" or "he".
        costs: not the course's: a list to receive the recorded costs (the notebook plots them).

    Returns:
        parameters: the trained {"W1": (10, 2), "b1", "W2": (5, 10), "b2", "W3": (1, 5), "b3"}.

    Raises:
        ValueError: an ``initialization`` the notebook does not know (its own model would fail
            with an UnboundLocalError).
    """
    if initialization not in _INITIALIZERS:
        raise ValueError(f"initialization must be one of {', '.join(map(repr, INITIALIZATIONS))}, "
                         f"not {initialization!r}")
    grads = {}
    costs = [] if costs is None else costs
    m = X.shape[1]  # noqa: F841 - the notebook computes it too
    layers_dims = [X.shape[0], 10, 5, 1]

    parameters = _INITIALIZERS[initialization](layers_dims)

    for i in range(num_iterations):
        a3, cache = forward_propagation(X, parameters)
        cost = compute_loss(a3, Y)
        grads = backward_propagation(X, Y, cache)
        parameters = update_parameters(parameters, grads, learning_rate)

        if print_cost and i % 1000 == 0:
            print("Cost after iteration {}: {}".format(i, cost))
            costs.append(cost)

    return parameters

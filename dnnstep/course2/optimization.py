"""Course 2, week 2, "Optimization Methods" (W2A1): mini-batches, momentum, Adam and learning-rate decay.

The notebook trains the shared 3-layer network (``network``, ``layers_dims = [2, 5, 2, 1]``,
``initialize_parameters``: ``np.random.seed(3)``, ``randn * np.sqrt(2 / n[l-1])``) on scikit-learn's
moons in mini-batches of 64 with gradient descent, momentum or Adam, and from 2021 with a decaying
learning rate, printing ``"Cost after epoch %i: %f"`` every 1 000 epochs. The helper files are
``opt_utils`` (2017) and ``opt_utils_v1a`` (2019 on): 1/m enters the backward at ``dz3``.

- graded: ``update_parameters_with_gd``, ``random_mini_batches`` (``np.random.seed(seed)``,
  ``np.random.permutation(m)``, full batches then the rest), ``initialize_velocity``,
  ``update_parameters_with_momentum`` (``v = beta v + (1 - beta) dW``; ``W = W - lr v``),
  ``initialize_adam``, ``update_parameters_with_adam`` (``v``, ``v_corrected = v / (1 - beta1**t)``,
  ``s = beta2 s + (1 - beta2) dW**2``, ``s_corrected = s / (1 - beta2**t)``,
  ``W = W - lr v_corrected / (np.sqrt(s_corrected) + epsilon)``), ``update_lr``
  (``lr0 / (1 + decay_rate epoch)``) and ``schedule_lr_decay`` (``lr0 / (1 + decay_rate
  floor(epoch / time_interval))``), both 2021 on;
- given: ``model``, and the helpers ``initialize_parameters``, ``forward_propagation``,
  ``backward_propagation``, ``compute_cost``, ``predict``, ``predict_dec``, ``load_dataset``,
  ``load_params_and_grads``.

Editions (``edition=``, default the current course, see ``editions``):

=====================  =====================================  ====================================
                        2017                                   2019-20                2021 on
=====================  =====================================  ====================================
``compute_cost``        ``1./m * np.sum(logprobs)`` (a mean)   ``np.sum(logprobs)`` (a sum)
``model`` prints        the last mini-batch's cost             the epoch's average ``cost_total / m``
``model`` epochs        10 000                                 10 000                 5 000
``..._with_adam``       ``(parameters, v, s)``                 ``(parameters, v, s)`` ``(..., v_corrected, s_corrected)``
``model(decay=...)``    no                                     no                     yes
=====================  =====================================  ====================================

The updates replace the entries of the ``parameters`` (and ``v``, ``s``) dictionaries they are
given and return those same dictionaries, as the course's solutions do. Shapes: a parameter and
its ``v``, ``s``, ``v_corrected``, ``s_corrected`` have the same shape; a mini-batch is
``X (n[0], size)``, ``Y (1, size)``.
"""

from __future__ import annotations

import math

import numpy as np

from . import datasets, network
from .editions import since
from .network import forward_propagation, predict, predict_dec, relu, sigmoid

__all__ = [
    "sigmoid",
    "relu",
    "load_params_and_grads",
    "initialize_parameters",
    "compute_cost",
    "forward_propagation",
    "backward_propagation",
    "predict",
    "predict_dec",
    "load_dataset",
    "update_parameters_with_gd",
    "random_mini_batches",
    "initialize_velocity",
    "update_parameters_with_momentum",
    "initialize_adam",
    "update_parameters_with_adam",
    "update_lr",
    "schedule_lr_decay",
    "OPTIMIZERS",
    "num_epochs_of",
    "model",
]

OPTIMIZERS = ("gd", "momentum", "adam")


# --------------------------------------------------------------------------------------------
# The helper file (opt_utils, opt_utils_v1a)
# --------------------------------------------------------------------------------------------


def load_params_and_grads(seed=1):
    """``opt_utils_v1a.load_params_and_grads``: ``np.random.seed(seed)``, then in order ``randn``
    W1 (2, 3), b1 (2, 1), W2 (3, 3), b2 (3, 1), dW1 (2, 3), db1 (2, 1), dW2 (3, 3), db2 (3, 1).

    Returns:
        (W1, b1, W2, b2, dW1, db1, dW2, db2).
    """
    np.random.seed(seed)
    W1 = np.random.randn(2, 3)
    b1 = np.random.randn(2, 1)
    W2 = np.random.randn(3, 3)
    b2 = np.random.randn(3, 1)

    dW1 = np.random.randn(2, 3)
    db1 = np.random.randn(2, 1)
    dW2 = np.random.randn(3, 3)
    db2 = np.random.randn(3, 1)
    return W1, b1, W2, b2, dW1, db1, dW2, db2


def initialize_parameters(layer_dims):
    """``opt_utils.initialize_parameters``: ``np.random.seed(3)``; ``W{l} = randn(n[l], n[l-1]) * np.sqrt(2 / n[l-1])``.

    Arguments:
        layer_dims: [n[0], n[1], ..., n[L]].

    Returns:
        parameters: {"W1": (n[1], n[0]), "b1": zeros (n[1], 1), ..., "WL", "bL"}.
    """
    return network.seeded_weights(layer_dims, lambda W, n_prev: W * np.sqrt(2 / n_prev))


def compute_cost(a3, Y, *, edition=None):
    """The cross-entropy of a mini-batch: ``opt_utils`` (2017) its mean ``1./m * np.sum(logprobs)``,
    ``opt_utils_v1a`` (2019 on) its sum ``np.sum(logprobs)``, which the model divides by m per epoch.

    a3, Y: (1, size). Returns a numpy float64.
    """
    logprobs = network.logprobs(a3, Y)
    if not since(edition, "2019"):
        m = Y.shape[1]
        cost = 1. / m * np.sum(logprobs)
        return cost
    cost_total = np.sum(logprobs)
    return cost_total


def backward_propagation(X, Y, cache):
    """``opt_utils.backward_propagation``: ``dz3 = 1./m * (a3 - Y)``, then no other 1/m.

    See ``network.backward_scaled_at_dz3``; lower-case keys ``dz3, dW3, db3, da2, …``.
    """
    return network.backward_scaled_at_dz3(X, Y, cache)


def load_dataset():
    """``opt_utils.load_dataset``: ``np.random.seed(3)``; ``make_moons(n_samples=300, noise=.2)``; no plot.

    Like the course's, it seeds and draws from numpy's global generator (``datasets.load_moons``
    gives the same arrays and leaves it alone).

    Returns:
        (train_X, train_Y): (2, 300), (1, 300).
    """
    np.random.seed(3)
    train_X, train_Y = datasets.make_moons(n_samples=300, noise=.2)
    train_X = train_X.T
    train_Y = train_Y.reshape((1, train_Y.shape[0]))
    return train_X, train_Y


# --------------------------------------------------------------------------------------------
# Graded: gradient descent and mini-batches
# --------------------------------------------------------------------------------------------


def update_parameters_with_gd(parameters, grads, learning_rate):
    """Exercise 1: ``W{l} = W{l} - learning_rate * dW{l}``, ``b{l} = b{l} - learning_rate * db{l}``, l = 1 .. L.

    Arguments:
        parameters: {"W1", "b1", ..., "WL", "bL"}; its entries are replaced.
        grads: {"dW1", "db1", ..., "dWL", "dbL"}.
        learning_rate: alpha.

    Returns:
        parameters: the dictionary passed in, updated.
    """
    L = len(parameters) // 2
    for l in range(1, L + 1):
        parameters["W" + str(l)] = parameters["W" + str(l)] - learning_rate * grads["dW" + str(l)]
        parameters["b" + str(l)] = parameters["b" + str(l)] - learning_rate * grads["db" + str(l)]
    return parameters


def random_mini_batches(X, Y, mini_batch_size=64, seed=0):
    """Exercise 2: shuffle the examples the course's way, then cut them into mini-batches.

    ``np.random.seed(seed)``; ``permutation = list(np.random.permutation(m))``; ``shuffled_X =
    X[:, permutation]``, ``shuffled_Y = Y[:, permutation].reshape((1, m))``; then
    ``floor(m / mini_batch_size)`` full batches ``[:, k * size:(k + 1) * size]`` and, when
    ``m % mini_batch_size != 0``, the rest ``[:, floor(m / size) * size:]``.

    Arguments:
        X: (n[0], m). Y: (1, m).
        mini_batch_size: examples in a full batch.
        seed: the seed of numpy's global generator before the shuffle.

    Returns:
        mini_batches: a list of ``(mini_batch_X (n[0], size), mini_batch_Y (1, size))``;
        ``ceil(m / mini_batch_size)`` of them, the last smaller when m is not a multiple.
    """
    np.random.seed(seed)
    m = X.shape[1]
    mini_batches = []

    permutation = list(np.random.permutation(m))
    shuffled_X = X[:, permutation]
    shuffled_Y = Y[:, permutation].reshape((1, m))

    num_complete_minibatches = math.floor(m / mini_batch_size)
    for k in range(0, num_complete_minibatches):
        mini_batch_X = shuffled_X[:, k * mini_batch_size:(k + 1) * mini_batch_size]
        mini_batch_Y = shuffled_Y[:, k * mini_batch_size:(k + 1) * mini_batch_size]
        mini_batch = (mini_batch_X, mini_batch_Y)
        mini_batches.append(mini_batch)

    if m % mini_batch_size != 0:
        mini_batch_X = shuffled_X[:, num_complete_minibatches * mini_batch_size:]
        mini_batch_Y = shuffled_Y[:, num_complete_minibatches * mini_batch_size:]
        mini_batch = (mini_batch_X, mini_batch_Y)
        mini_batches.append(mini_batch)

    return mini_batches


# --------------------------------------------------------------------------------------------
# Graded: momentum
# --------------------------------------------------------------------------------------------


def _zeros_like_parameters(parameters):
    """{"dW1": zeros like W1, "db1": zeros like b1, ..., "dbL"}: a velocity or a squared-gradient average."""
    L = len(parameters) // 2
    zeros = {}
    for l in range(1, L + 1):
        zeros["dW" + str(l)] = np.zeros(parameters["W" + str(l)].shape)
        zeros["db" + str(l)] = np.zeros(parameters["b" + str(l)].shape)
    return zeros


def initialize_velocity(parameters):
    """Exercise 3: ``v["dW" + str(l)]``, ``v["db" + str(l)]`` zeros of W{l}'s and b{l}'s shapes.

    Returns:
        v: {"dW1": zeros (n[1], n[0]), "db1": zeros (n[1], 1), ..., "dWL", "dbL"}.
    """
    return _zeros_like_parameters(parameters)


def update_parameters_with_momentum(parameters, grads, v, beta, learning_rate):
    """Exercise 4: ``v = beta * v + (1 - beta) * dW``, then ``W = W - learning_rate * v`` (b likewise).

    Arguments:
        parameters: {"W1", "b1", ..., "WL", "bL"}; its entries are replaced.
        grads: {"dW1", "db1", ..., "dbL"}.
        v: the velocity {"dW1", "db1", ...}; its entries are replaced.
        beta: the momentum.
        learning_rate: alpha.

    Returns:
        (parameters, v): the dictionaries passed in, updated.
    """
    L = len(parameters) // 2
    for l in range(1, L + 1):
        v["dW" + str(l)] = beta * v["dW" + str(l)] + (1 - beta) * grads['dW' + str(l)]
        v["db" + str(l)] = beta * v["db" + str(l)] + (1 - beta) * grads['db' + str(l)]
        parameters["W" + str(l)] = parameters["W" + str(l)] - learning_rate * v["dW" + str(l)]
        parameters["b" + str(l)] = parameters["b" + str(l)] - learning_rate * v["db" + str(l)]
    return parameters, v


# --------------------------------------------------------------------------------------------
# Graded: Adam
# --------------------------------------------------------------------------------------------


def initialize_adam(parameters):
    """Exercise 5: ``v`` and ``s``, each {"dW1": zeros like W1, "db1": zeros like b1, ...}.

    Returns:
        (v, s): two dictionaries of zeros, keyed ``dW1, db1, ..., dWL, dbL``.
    """
    v = _zeros_like_parameters(parameters)
    s = _zeros_like_parameters(parameters)
    return v, s


def update_parameters_with_adam(parameters, grads, v, s, t, learning_rate=0.01,
                                beta1=0.9, beta2=0.999, epsilon=1e-8, *, edition=None):
    """Exercise 6: one Adam step at step ``t`` (counted from 1), for each layer and each of dW, db::

        v = beta1 * v + (1 - beta1) * dW
        v_corrected = v / (1 - beta1**t)
        s = beta2 * s + (1 - beta2) * dW**2
        s_corrected = s / (1 - beta2**t)
        W = W - learning_rate * v_corrected / (np.sqrt(s_corrected) + epsilon)

    (epsilon outside the square root, as the notebook's formula and the 2021 tests have it; the
    2017-20 "Expected Output" table was printed with it inside, CASES.md 9.3.)

    Arguments:
        parameters: {"W1", "b1", ..., "WL", "bL"}; its entries are replaced.
        grads: {"dW1", "db1", ..., "dbL"}.
        v, s: Adam's averages {"dW1", "db1", ...}; their entries are replaced.
        t: the step, 1 for the first update.
        learning_rate, beta1, beta2, epsilon: Adam's hyper-parameters.
        edition: not the course's argument: what is returned (below).

    Returns:
        ``(parameters, v, s, v_corrected, s_corrected)`` (2021 on) or ``(parameters, v, s)``
        (2017, 2019-20); ``v_corrected`` and ``s_corrected`` are new dictionaries.
    """
    L = len(parameters) // 2
    v_corrected = {}
    s_corrected = {}

    for l in range(1, L + 1):
        v["dW" + str(l)] = beta1 * v["dW" + str(l)] + (1 - beta1) * grads["dW" + str(l)]
        v["db" + str(l)] = beta1 * v["db" + str(l)] + (1 - beta1) * grads["db" + str(l)]

        v_corrected["dW" + str(l)] = v["dW" + str(l)] / (1 - beta1**t)
        v_corrected["db" + str(l)] = v["db" + str(l)] / (1 - beta1**t)

        s["dW" + str(l)] = beta2 * s["dW" + str(l)] + (1 - beta2) * np.square(grads["dW" + str(l)])
        s["db" + str(l)] = beta2 * s["db" + str(l)] + (1 - beta2) * np.square(grads["db" + str(l)])

        s_corrected["dW" + str(l)] = s["dW" + str(l)] / (1 - beta2**t)
        s_corrected["db" + str(l)] = s["db" + str(l)] / (1 - beta2**t)

        parameters["W" + str(l)] = parameters["W" + str(l)] - learning_rate * v_corrected["dW" + str(l)] / (
            np.sqrt(s_corrected["dW" + str(l)]) + epsilon)
        parameters["b" + str(l)] = parameters["b" + str(l)] - learning_rate * v_corrected["db" + str(l)] / (
            np.sqrt(s_corrected["db" + str(l)]) + epsilon)

    if not since(edition, "2021"):
        return parameters, v, s
    return parameters, v, s, v_corrected, s_corrected


# --------------------------------------------------------------------------------------------
# Graded (2021 on): learning-rate decay
# --------------------------------------------------------------------------------------------


def update_lr(learning_rate0, epoch_num, decay_rate):
    """Exercise 7: ``learning_rate = learning_rate0 / (1 + decay_rate * epoch_num)``.

    Returns:
        learning_rate: e.g. 0.16666666666666666 for (0.5, 2, 1).
    """
    learning_rate = learning_rate0 / (1 + decay_rate * epoch_num)
    return learning_rate


def schedule_lr_decay(learning_rate0, epoch_num, decay_rate, time_interval=1000):
    """Exercise 8: ``learning_rate0 / (1 + decay_rate * np.floor(epoch_num / time_interval))``:
    the rate drops only every ``time_interval`` epochs.

    Returns:
        learning_rate: a numpy float64, e.g. 0.3846153846153846 for (0.5, 100, 0.3, 100).
    """
    learning_rate = learning_rate0 / (1 + decay_rate * np.floor(epoch_num / time_interval))
    return learning_rate


# --------------------------------------------------------------------------------------------
# The notebook's model
# --------------------------------------------------------------------------------------------


def num_epochs_of(edition=None) -> int:
    """The notebook's ``num_epochs`` default: 10 000 (2017, 2019-20) or 5 000 (2021 on)."""
    return 5000 if since(edition, "2021") else 10000


def _check_model(optimizer, decay, edition) -> None:
    """One clear ``ValueError`` for what the notebook's model would silently ignore or fail on."""
    if optimizer not in OPTIMIZERS:
        raise ValueError(f"model: optimizer must be one of {', '.join(map(repr, OPTIMIZERS))}, not {optimizer!r}")
    if decay is not None and not callable(decay):
        raise ValueError(f"model: decay must be a function such as update_lr or schedule_lr_decay, not {decay!r}")
    if decay is not None and not since(edition, "2021"):
        raise ValueError("model: learning-rate decay came with the 2021 edition; this is the "
                         f"{'2017' if not since(edition, '2019') else '2019-20'} edition's model")


def model(X, Y, layers_dims, optimizer, learning_rate=0.0007, mini_batch_size=64, beta=0.9,
          beta1=0.9, beta2=0.999, epsilon=1e-8, num_epochs=None, print_cost=True, decay=None, decay_rate=1,
          *, costs=None, edition=None):
    """The notebook's model: ``layers_dims`` network trained in mini-batches by gd, momentum or Adam.

    ``initialize_parameters(layers_dims)`` (seed 3); ``seed = 10``, and each epoch ``i``:
    ``seed = seed + 1``, ``random_mini_batches(X, Y, mini_batch_size, seed)``, and for each
    mini-batch forward, cost, backward and one update (Adam's ``t`` counted up before each
    update). Then, with ``decay`` (2021 on), ``learning_rate = decay(learning_rate0, i, decay_rate)``.

    When ``print_cost``: every 1 000 epochs it prints ``"Cost after epoch %i: %f"`` of the epoch's
    cost (2017: the last mini-batch's mean; 2019 on: ``cost_total / m``) and, with ``decay``,
    ``"learning rate after epoch %i: %f"``; every 100 epochs it records that cost (the notebook
    plots the record).

    Arguments:
        X: (n[0], m). Y: (1, m), labels 0 or 1.
        layers_dims: e.g. [2, 5, 2, 1].
        optimizer: "gd", "momentum" or "adam".
        learning_rate, mini_batch_size, beta, beta1, beta2, epsilon: as the updates take them.
        num_epochs: the number of passes; ``None`` is the edition's default (``num_epochs_of``).
        print_cost: print every 1 000 and record every 100 epochs.
        decay, decay_rate: ``update_lr`` or ``schedule_lr_decay`` (or any such function) and its
            rate (2021 on); ``None`` for a constant learning rate.
        costs: not the course's: a list to receive the recorded costs.
        edition: not the course's argument: see the module.

    Returns:
        parameters: the trained {"W1", "b1", ..., "WL", "bL"}.

    Raises:
        ValueError: an unknown ``optimizer``, a ``decay`` that is not a function, or a decay
            with an edition before 2021.
    """
    _check_model(optimizer, decay, edition)
    num_epochs = num_epochs_of(edition) if num_epochs is None else num_epochs
    epoch_average = since(edition, "2019")

    L = len(layers_dims)  # noqa: F841 - the notebook computes it too
    costs = [] if costs is None else costs
    t = 0
    seed = 10
    m = X.shape[1]
    learning_rate0 = learning_rate

    parameters = initialize_parameters(layers_dims)

    if optimizer == "momentum":
        v = initialize_velocity(parameters)
    elif optimizer == "adam":
        v, s = initialize_adam(parameters)

    for i in range(num_epochs):
        seed = seed + 1
        minibatches = random_mini_batches(X, Y, mini_batch_size, seed)
        cost_total = 0

        for minibatch in minibatches:
            (minibatch_X, minibatch_Y) = minibatch

            a3, caches = forward_propagation(minibatch_X, parameters)
            cost = compute_cost(a3, minibatch_Y, edition=edition)
            cost_total += cost
            grads = backward_propagation(minibatch_X, minibatch_Y, caches)

            if optimizer == "gd":
                parameters = update_parameters_with_gd(parameters, grads, learning_rate)
            elif optimizer == "momentum":
                parameters, v = update_parameters_with_momentum(parameters, grads, v, beta, learning_rate)
            elif optimizer == "adam":
                t = t + 1
                parameters, v, s = update_parameters_with_adam(parameters, grads, v, s, t, learning_rate,
                                                               beta1, beta2, epsilon, edition=edition)[:3]
        epoch_cost = cost_total / m if epoch_average else cost
        if decay:
            learning_rate = decay(learning_rate0, i, decay_rate)

        if print_cost and i % 1000 == 0:
            print("Cost after epoch %i: %f" % (i, epoch_cost))
            if decay:
                print("learning rate after epoch %i: %f" % (i, learning_rate))
        if print_cost and i % 100 == 0:
            costs.append(epoch_cost)

    return parameters

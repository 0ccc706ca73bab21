"""The course's graded functions, exactly as the course has them: dnnstep's yardstick.

This module is the reference that everything else in dnnstep is measured against. It holds the
functions of deeplearning.ai's "Neural Networks and Deep Learning", week 4, as the 2021 edition
of the two assignments defines them ("Building your Deep Neural Network: Step by Step" and
"Deep Neural Network for Image Classification: Application"), with the course's names,
signatures, return values and cache layouts:

- helpers (the course's ``dnn_utils``): ``sigmoid``, ``relu``, ``sigmoid_backward``, ``relu_backward``;
- Step by Step: ``initialize_parameters``, ``initialize_parameters_deep``, ``linear_forward``,
  ``linear_activation_forward``, ``L_model_forward``, ``compute_cost``, ``linear_backward``,
  ``linear_activation_backward``, ``L_model_backward``, ``update_parameters``;
- Application: ``initialize_parameters_deep_app`` (the Application's own initialisation, from the
  course's ``dnn_app_utils_v3``), ``two_layer_model``, ``L_layer_model``, ``predict``.

It follows the course even where another convention would be nicer, because students' homework
is compared with it and the engine (``dnnstep.engine``) must agree with it to the last bit:

- every expression is the course's own, written the same way (the engine uses the very same
  expressions, so both round identically; do not rewrite one without the other)::

      Z = np.dot(W, A) + b                       A = 1/(1+np.exp(-Z))        A = np.maximum(0, Z)
      cost = np.squeeze(-1/m * np.sum(Y*np.log(AL) + (1-Y)*np.log(1-AL)))
      dAL = -(np.divide(Y, AL) - np.divide(1 - Y, 1 - AL))
      s = 1/(1+np.exp(-Z)); dZ = dA * s * (1-s)                       (sigmoid_backward)
      dZ = np.array(dA, copy=True); dZ[Z <= 0] = 0                    (relu_backward)
      dW = 1/m * np.dot(dZ, A_prev.T)   db = 1/m * np.sum(dZ, axis=1, keepdims=True)
      dA_prev = np.dot(W.T, dZ)         W = W - learning_rate * dW    b = b - learning_rate * db

- relu's derivative is 0 where ``Z <= 0`` (at 0 too);
- a layer's cache is ``((A_prev, W, b), Z)``: the linear cache, then the activation cache;
- ``L_model_backward`` returns ``grads`` with keys ``dA0 .. dA{L-1}``, ``dW1 .. dWL``, ``db1 .. dbL``,
  where ``grads["dA" + str(l)]`` is the gradient with respect to ``A[l]``;
- ``update_parameters`` returns new dictionaries and leaves its inputs alone;
- random initialisation draws from numpy's legacy global generator (``np.random.seed`` then
  ``np.random.randn``), in the course's order, so the draws match the course's.

Shapes: ``n[l]`` units in layer ``l`` (``n[0] = n_x``), ``m`` examples, ``L`` layers with weights.
"""

from __future__ import annotations

import copy

import numpy as np

__all__ = [
    "sigmoid",
    "relu",
    "sigmoid_backward",
    "relu_backward",
    "initialize_parameters",
    "initialize_parameters_deep",
    "linear_forward",
    "linear_activation_forward",
    "L_model_forward",
    "compute_cost",
    "linear_backward",
    "linear_activation_backward",
    "L_model_backward",
    "update_parameters",
    "initialize_parameters_deep_app",
    "two_layer_model",
    "L_layer_model",
    "predict",
]

ACTIVATIONS = ("sigmoid", "relu")


def _check_activation(activation: object, function: str) -> None:
    """Raise one clear ``ValueError`` if ``activation`` is not one the course knows."""
    if activation not in ACTIVATIONS:
        raise ValueError(
            f"{function}: activation must be 'sigmoid' or 'relu' (the course's two), got {activation!r}"
        )


# --------------------------------------------------------------------------------------------
# Helpers (the course's dnn_utils)
# --------------------------------------------------------------------------------------------


def sigmoid(Z):
    """``A = 1/(1+np.exp(-Z))``; the cache is ``Z`` itself.

    Arguments:
        Z: any shape, typically (n[l], m).

    Returns:
        (A, cache): A has Z's shape; cache is Z (the very object passed in).
    """
    A = 1 / (1 + np.exp(-Z))
    cache = Z
    return A, cache


def relu(Z):
    """``A = np.maximum(0, Z)``; the cache is ``Z`` itself.

    Arguments:
        Z: any shape, typically (n[l], m).

    Returns:
        (A, cache): A has Z's shape; cache is Z (the very object passed in).
    """
    A = np.maximum(0, Z)
    cache = Z
    return A, cache


def sigmoid_backward(dA, cache):
    """``s = 1/(1+np.exp(-Z)); dZ = dA * s * (1-s)`` with ``Z = cache``.

    Arguments:
        dA: (n[l], m), the gradient of the cost with respect to A[l].
        cache: Z, (n[l], m).

    Returns:
        dZ: (n[l], m).
    """
    Z = cache
    s = 1 / (1 + np.exp(-Z))
    dZ = dA * s * (1 - s)
    return dZ


def relu_backward(dA, cache):
    """``dZ = np.array(dA, copy=True); dZ[Z <= 0] = 0`` with ``Z = cache``.

    The derivative is taken as 0 where ``Z <= 0``, at 0 included, as the course does.

    Arguments:
        dA: (n[l], m), the gradient of the cost with respect to A[l].
        cache: Z, (n[l], m).

    Returns:
        dZ: (n[l], m), a new array (dA is left alone).
    """
    Z = cache
    dZ = np.array(dA, copy=True)
    dZ[Z <= 0] = 0
    return dZ


# --------------------------------------------------------------------------------------------
# Step by Step: initialisation
# --------------------------------------------------------------------------------------------


def initialize_parameters(n_x, n_h, n_y):
    """Parameters of a 2-layer network: ``np.random.seed(1)``, then ``randn * 0.01``, zero biases.

    Draws, in order: ``W1 = np.random.randn(n_h, n_x) * 0.01``, ``W2 = np.random.randn(n_y, n_h) * 0.01``.

    Returns:
        parameters: {"W1": (n_h, n_x), "b1": (n_h, 1), "W2": (n_y, n_h), "b2": (n_y, 1)}.
    """
    np.random.seed(1)
    W1 = np.random.randn(n_h, n_x) * 0.01
    b1 = np.zeros((n_h, 1))
    W2 = np.random.randn(n_y, n_h) * 0.01
    b2 = np.zeros((n_y, 1))
    parameters = {"W1": W1, "b1": b1, "W2": W2, "b2": b2}
    return parameters


def initialize_parameters_deep(layer_dims):
    """Parameters of an L-layer network (Step by Step rule): ``np.random.seed(3)``, ``randn * 0.01``.

    For l = 1 .. L in order: ``W{l} = np.random.randn(layer_dims[l], layer_dims[l-1]) * 0.01``,
    ``b{l} = np.zeros((layer_dims[l], 1))``.

    Arguments:
        layer_dims: [n[0], n[1], ..., n[L]].

    Returns:
        parameters: {"W1": (n[1], n[0]), "b1": (n[1], 1), ..., "WL": (n[L], n[L-1]), "bL": (n[L], 1)}.
    """
    np.random.seed(3)
    parameters = {}
    L = len(layer_dims)
    for l in range(1, L):
        parameters["W" + str(l)] = np.random.randn(layer_dims[l], layer_dims[l - 1]) * 0.01
        parameters["b" + str(l)] = np.zeros((layer_dims[l], 1))
    return parameters


# --------------------------------------------------------------------------------------------
# Step by Step: forward propagation and cost
# --------------------------------------------------------------------------------------------


def linear_forward(A, W, b):
    """``Z = np.dot(W, A) + b``.

    Arguments:
        A: (n[l-1], m), the activations of the previous layer (or X).
        W: (n[l], n[l-1]).
        b: (n[l], 1).

    Returns:
        (Z, cache): Z is (n[l], m); cache is the tuple ``(A, W, b)`` of the objects passed in.
    """
    Z = np.dot(W, A) + b
    cache = (A, W, b)
    return Z, cache


def linear_activation_forward(A_prev, W, b, activation):
    """``Z = np.dot(W, A_prev) + b``, then ``A = g(Z)`` with g ``"sigmoid"`` or ``"relu"``.

    Arguments:
        A_prev: (n[l-1], m).
        W: (n[l], n[l-1]).
        b: (n[l], 1).
        activation: "sigmoid" or "relu".

    Returns:
        (A, cache): A is (n[l], m); cache is ``((A_prev, W, b), Z)``, the linear cache then the
        activation cache Z (n[l], m).
    """
    _check_activation(activation, "linear_activation_forward")
    if activation == "sigmoid":
        Z, linear_cache = linear_forward(A_prev, W, b)
        A, activation_cache = sigmoid(Z)
    else:
        Z, linear_cache = linear_forward(A_prev, W, b)
        A, activation_cache = relu(Z)
    cache = (linear_cache, activation_cache)
    return A, cache


def L_model_forward(X, parameters):
    """[LINEAR -> RELU] * (L-1) -> LINEAR -> SIGMOID, with ``L = len(parameters) // 2``.

    Arguments:
        X: (n[0], m).
        parameters: {"W1": (n[1], n[0]), "b1": (n[1], 1), ..., "WL", "bL"}.

    Returns:
        (AL, caches): AL is (n[L], m), the output of the sigmoid; caches is a list of L caches
        ``((A_prev, W, b), Z)`` in layer order (caches[0] is layer 1, its A_prev is X).
    """
    caches = []
    A = X
    L = len(parameters) // 2
    for l in range(1, L):
        A_prev = A
        A, cache = linear_activation_forward(
            A_prev, parameters["W" + str(l)], parameters["b" + str(l)], activation="relu"
        )
        caches.append(cache)
    AL, cache = linear_activation_forward(
        A, parameters["W" + str(L)], parameters["b" + str(L)], activation="sigmoid"
    )
    caches.append(cache)
    return AL, caches


def compute_cost(AL, Y):
    """``cost = np.squeeze(-1/m * np.sum(Y*np.log(AL) + (1-Y)*np.log(1-AL)))``, ``m = Y.shape[1]``.

    Arguments:
        AL: (1, m), probabilities.
        Y: (1, m), labels 0 or 1.

    Returns:
        cost: the cross-entropy cost, a 0-d numpy array (``np.squeeze`` of a float, as the course).
    """
    m = Y.shape[1]
    cost = -1 / m * np.sum(Y * np.log(AL) + (1 - Y) * np.log(1 - AL))
    cost = np.squeeze(cost)
    return cost


# --------------------------------------------------------------------------------------------
# Step by Step: backward propagation and update
# --------------------------------------------------------------------------------------------


def linear_backward(dZ, cache):
    """``dW = 1/m * np.dot(dZ, A_prev.T)``, ``db = 1/m * np.sum(dZ, axis=1, keepdims=True)``,
    ``dA_prev = np.dot(W.T, dZ)``, with ``(A_prev, W, b) = cache`` and ``m = A_prev.shape[1]``.

    Arguments:
        dZ: (n[l], m).
        cache: (A_prev (n[l-1], m), W (n[l], n[l-1]), b (n[l], 1)).

    Returns:
        (dA_prev, dW, db): (n[l-1], m), (n[l], n[l-1]), (n[l], 1).
    """
    A_prev, W, b = cache
    m = A_prev.shape[1]
    dW = 1 / m * np.dot(dZ, A_prev.T)
    db = 1 / m * np.sum(dZ, axis=1, keepdims=True)
    dA_prev = np.dot(W.T, dZ)
    return dA_prev, dW, db


def linear_activation_backward(dA, cache, activation):
    """``dZ = g'(Z)`` applied to ``dA`` (``relu_backward`` / ``sigmoid_backward``), then ``linear_backward``.

    Arguments:
        dA: (n[l], m), the gradient of the cost with respect to A[l].
        cache: ``((A_prev, W, b), Z)`` as ``linear_activation_forward`` returned it.
        activation: "sigmoid" or "relu".

    Returns:
        (dA_prev, dW, db): (n[l-1], m), (n[l], n[l-1]), (n[l], 1).
    """
    _check_activation(activation, "linear_activation_backward")
    linear_cache, activation_cache = cache
    if activation == "relu":
        dZ = relu_backward(dA, activation_cache)
        dA_prev, dW, db = linear_backward(dZ, linear_cache)
    else:
        dZ = sigmoid_backward(dA, activation_cache)
        dA_prev, dW, db = linear_backward(dZ, linear_cache)
    return dA_prev, dW, db


def L_model_backward(AL, Y, caches):
    """Backward pass of [LINEAR -> RELU] * (L-1) -> LINEAR -> SIGMOID, with ``L = len(caches)``.

    ``Y = Y.reshape(AL.shape)``; ``dAL = -(np.divide(Y, AL) - np.divide(1 - Y, 1 - AL))``; layer L
    goes back through the sigmoid, layers L-1 .. 1 through relu.

    Arguments:
        AL: (1, m), the output of ``L_model_forward``.
        Y: (1, m), labels (any shape with m elements; it is reshaped to AL's shape).
        caches: the list of L caches ``((A_prev, W, b), Z)`` from ``L_model_forward``.

    Returns:
        grads: {"dA0": (n[0], m), ..., "dA{L-1}": (n[L-1], m), "dW1": (n[1], n[0]), ..., "dWL",
        "db1": (n[1], 1), ..., "dbL"}; ``grads["dA" + str(l)]`` is the gradient with respect to A[l].
    """
    grads = {}
    L = len(caches)
    m = AL.shape[1]  # noqa: F841 - the course computes it here too
    Y = Y.reshape(AL.shape)

    dAL = -(np.divide(Y, AL) - np.divide(1 - Y, 1 - AL))

    current_cache = caches[L - 1]
    dA_prev_temp, dW_temp, db_temp = linear_activation_backward(dAL, current_cache, "sigmoid")
    grads["dA" + str(L - 1)] = dA_prev_temp
    grads["dW" + str(L)] = dW_temp
    grads["db" + str(L)] = db_temp

    for l in reversed(range(L - 1)):
        current_cache = caches[l]
        dA_prev_temp, dW_temp, db_temp = linear_activation_backward(
            grads["dA" + str(l + 1)], current_cache, "relu"
        )
        grads["dA" + str(l)] = dA_prev_temp
        grads["dW" + str(l + 1)] = dW_temp
        grads["db" + str(l + 1)] = db_temp

    return grads


def update_parameters(params, grads, learning_rate):
    """``W{l} = W{l} - learning_rate * dW{l}``, ``b{l} = b{l} - learning_rate * db{l}`` for l = 1 .. L.

    Works on ``copy.deepcopy(params)`` (as the 2021 edition does) and builds new arrays, so
    neither ``params`` nor the arrays in it change.

    Arguments:
        params: {"W1": (n[1], n[0]), "b1": (n[1], 1), ..., "WL", "bL"}.
        grads: at least {"dW1", "db1", ..., "dWL", "dbL"} with the same shapes.
        learning_rate: the step size alpha.

    Returns:
        parameters: a new dictionary with the updated W1, b1, ..., WL, bL.
    """
    parameters = copy.deepcopy(params)
    L = len(parameters) // 2
    for l in range(L):
        parameters["W" + str(l + 1)] = parameters["W" + str(l + 1)] - learning_rate * grads["dW" + str(l + 1)]
        parameters["b" + str(l + 1)] = parameters["b" + str(l + 1)] - learning_rate * grads["db" + str(l + 1)]
    return parameters


# --------------------------------------------------------------------------------------------
# Application
# --------------------------------------------------------------------------------------------


def initialize_parameters_deep_app(layer_dims):
    """The Application's deep initialisation (``dnn_app_utils_v3``): ``np.random.seed(1)``,
    ``W{l} = np.random.randn(layer_dims[l], layer_dims[l-1]) / np.sqrt(layer_dims[l-1])``, zero biases.

    Not the Step by Step rule (seed 3, ``randn * 0.01``): the Application's ``L_layer_model``
    uses this one, and its published costs depend on it.

    Arguments:
        layer_dims: [n[0], n[1], ..., n[L]].

    Returns:
        parameters: {"W1": (n[1], n[0]), "b1": (n[1], 1), ..., "WL": (n[L], n[L-1]), "bL": (n[L], 1)}.
    """
    np.random.seed(1)
    parameters = {}
    L = len(layer_dims)
    for l in range(1, L):
        parameters["W" + str(l)] = np.random.randn(layer_dims[l], layer_dims[l - 1]) / np.sqrt(layer_dims[l - 1])
        parameters["b" + str(l)] = np.zeros((layer_dims[l], 1))
    return parameters


def _record_cost(costs, cost, i, num_iterations, print_cost):
    """The 2021 notebook's bookkeeping: keep the cost every 100 iterations; print it then and
    at the last iteration when ``print_cost``.

    The notebook's condition ``i % 100 == 0 or i == num_iterations`` never meets its second
    clause inside ``range(num_iterations)``, so ``costs`` holds iterations 0, 100, 200, ... only.
    (Its print condition, ``print_cost and i % 100 == 0 or i == num_iterations - 1``, also prints
    the last cost when ``print_cost`` is False; here nothing prints unless asked.)
    """
    if print_cost and (i % 100 == 0 or i == num_iterations - 1):
        print("Cost after iteration {}: {}".format(i, np.squeeze(cost)))
    if i % 100 == 0 or i == num_iterations:
        costs.append(cost)


def two_layer_model(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False):
    """Train LINEAR -> RELU -> LINEAR -> SIGMOID by gradient descent, as the Application does.

    ``np.random.seed(1)``; ``initialize_parameters(n_x, n_h, n_y)``; then each iteration:
    forward (relu, sigmoid), ``compute_cost``, ``dA2 = -(np.divide(Y, A2) - np.divide(1 - Y, 1 - A2))``,
    backward (sigmoid, relu), ``update_parameters``.

    Arguments:
        X: (n_x, m).
        Y: (1, m), labels 0 or 1.
        layers_dims: (n_x, n_h, n_y).
        learning_rate, num_iterations: of gradient descent.
        print_cost: print "Cost after iteration i: J" every 100 iterations and at the last.

    Returns:
        (parameters, costs): the trained {"W1", "b1", "W2", "b2"}; costs is the list of the cost
        (0-d arrays) at iterations 0, 100, 200, ... (``num_iterations`` rounded up to 100, / 100 entries).
    """
    np.random.seed(1)
    grads = {}
    costs = []
    (n_x, n_h, n_y) = layers_dims

    parameters = initialize_parameters(n_x, n_h, n_y)
    W1 = parameters["W1"]
    b1 = parameters["b1"]
    W2 = parameters["W2"]
    b2 = parameters["b2"]

    for i in range(0, num_iterations):
        A1, cache1 = linear_activation_forward(X, W1, b1, "relu")
        A2, cache2 = linear_activation_forward(A1, W2, b2, "sigmoid")

        cost = compute_cost(A2, Y)

        dA2 = -(np.divide(Y, A2) - np.divide(1 - Y, 1 - A2))
        dA1, dW2, db2 = linear_activation_backward(dA2, cache2, "sigmoid")
        dA0, dW1, db1 = linear_activation_backward(dA1, cache1, "relu")

        grads["dW1"] = dW1
        grads["db1"] = db1
        grads["dW2"] = dW2
        grads["db2"] = db2

        parameters = update_parameters(parameters, grads, learning_rate)
        W1 = parameters["W1"]
        b1 = parameters["b1"]
        W2 = parameters["W2"]
        b2 = parameters["b2"]

        _record_cost(costs, cost, i, num_iterations, print_cost)

    return parameters, costs


def L_layer_model(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False):
    """Train [LINEAR -> RELU] * (L-1) -> LINEAR -> SIGMOID by gradient descent, as the Application does.

    ``np.random.seed(1)``; ``initialize_parameters_deep_app(layers_dims)`` (seed 1, ``randn / sqrt(n[l-1])``);
    then each iteration: ``L_model_forward``, ``compute_cost``, ``L_model_backward``, ``update_parameters``.

    Arguments:
        X: (n[0], m).
        Y: (1, m), labels 0 or 1.
        layers_dims: [n[0], n[1], ..., n[L]].
        learning_rate, num_iterations: of gradient descent.
        print_cost: print "Cost after iteration i: J" every 100 iterations and at the last.

    Returns:
        (parameters, costs): the trained {"W1", "b1", ..., "WL", "bL"}; costs is the list of the
        cost (0-d arrays) at iterations 0, 100, 200, ...
    """
    np.random.seed(1)
    costs = []

    parameters = initialize_parameters_deep_app(layers_dims)

    for i in range(0, num_iterations):
        AL, caches = L_model_forward(X, parameters)
        cost = compute_cost(AL, Y)
        grads = L_model_backward(AL, Y, caches)
        parameters = update_parameters(parameters, grads, learning_rate)

        _record_cost(costs, cost, i, num_iterations, print_cost)

    return parameters, costs


def predict(X, y, parameters):
    """Predict labels with an L-layer network: 1 where ``AL > 0.5``, else 0; print the accuracy.

    Prints ``"Accuracy: " + str(np.sum((p == y)/m))`` as the course's ``dnn_app_utils_v3`` does.

    Arguments:
        X: (n[0], m).
        y: (1, m), the true labels.
        parameters: the trained {"W1", "b1", ..., "WL", "bL"}.

    Returns:
        p: (1, m) float array of 0. and 1.
    """
    m = X.shape[1]
    p = np.zeros((1, m))

    probas, caches = L_model_forward(X, parameters)

    for i in range(0, probas.shape[1]):
        if probas[0, i] > 0.5:
            p[0, i] = 1
        else:
            p[0, i] = 0

    print("Accuracy: " + str(np.sum((p == y) / m)))

    return p

"""The inputs of the course's tests of the Step by Step assignment, as its ``testCases_v2``, ``_v3`` (2017),
``_v4``, ``_v4a`` (2018-2020) and ``testCases`` (2021) give them; supplied by dnnstep inside the homework's
process.

Each ``*_test_case()`` draws its arrays from ``np.random.randn`` after a fixed seed, as the course's do.
The files differ in two cases, as this module's ``__name__`` says: up to ``_v4``, ``compute_cost_test_case``
labels all three examples 1 and ``linear_backward_test_case`` is a one-unit layer (dZ (1, 2)); from
``_v4a`` on, the labels are [1, 1, 0] and the layer has three units (dZ (3, 4)). ``_v2`` has neither
``L_model_forward_test_case_2hidden`` nor ``print_grads``. (The first release's ``testCases``, whose
``L_model_backward_test_case`` was a one-layer network, is given as the 2021 file of that name.)
"""

import numpy as np

_FROM_V4A = __name__ in ("testCases_v4a", "testCases")


def linear_forward_test_case():
    np.random.seed(1)
    A = np.random.randn(3,2)
    W = np.random.randn(1,3)
    b = np.random.randn(1,1)
    return A, W, b


def linear_activation_forward_test_case():
    np.random.seed(2)
    A_prev = np.random.randn(3,2)
    W = np.random.randn(1,3)
    b = np.random.randn(1,1)
    return A_prev, W, b


def L_model_forward_test_case():
    np.random.seed(1)
    X = np.random.randn(4,2)
    W1 = np.random.randn(3,4)
    b1 = np.random.randn(3,1)
    W2 = np.random.randn(1,3)
    b2 = np.random.randn(1,1)
    parameters = {"W1": W1, "b1": b1, "W2": W2, "b2": b2}
    return X, parameters


def compute_cost_test_case():
    Y = np.asarray([[1, 1, 0]]) if _FROM_V4A else np.asarray([[1, 1, 1]])
    aL = np.array([[.8,.9,0.4]])
    return Y, aL


def linear_backward_test_case():
    np.random.seed(1)
    units, m, n_prev = (3, 4, 5) if _FROM_V4A else (1, 2, 3)
    dZ = np.random.randn(units, m)
    A = np.random.randn(n_prev, m)
    W = np.random.randn(units, n_prev)
    b = np.random.randn(units, 1)
    linear_cache = (A, W, b)
    return dZ, linear_cache


def linear_activation_backward_test_case():
    np.random.seed(2)
    dA = np.random.randn(1,2)
    A = np.random.randn(3,2)
    W = np.random.randn(1,3)
    b = np.random.randn(1,1)
    Z = np.random.randn(1,2)
    linear_cache = (A, W, b)
    activation_cache = Z
    linear_activation_cache = (linear_cache, activation_cache)
    return dA, linear_activation_cache


def L_model_backward_test_case():
    np.random.seed(3)
    AL = np.random.randn(1, 2)
    Y = np.array([[1, 0]])
    A1 = np.random.randn(4,2)
    W1 = np.random.randn(3,4)
    b1 = np.random.randn(3,1)
    Z1 = np.random.randn(3,2)
    linear_cache_activation_1 = ((A1, W1, b1), Z1)
    A2 = np.random.randn(3,2)
    W2 = np.random.randn(1,3)
    b2 = np.random.randn(1,1)
    Z2 = np.random.randn(1,2)
    linear_cache_activation_2 = ((A2, W2, b2), Z2)
    caches = (linear_cache_activation_1, linear_cache_activation_2)
    return AL, Y, caches


def update_parameters_test_case():
    np.random.seed(2)
    W1 = np.random.randn(3,4)
    b1 = np.random.randn(3,1)
    W2 = np.random.randn(1,3)
    b2 = np.random.randn(1,1)
    parameters = {"W1": W1, "b1": b1, "W2": W2, "b2": b2}
    np.random.seed(3)
    dW1 = np.random.randn(3,4)
    db1 = np.random.randn(3,1)
    dW2 = np.random.randn(1,3)
    db2 = np.random.randn(1,1)
    grads = {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}
    return parameters, grads


def L_model_forward_test_case_2hidden():
    np.random.seed(6)
    X = np.random.randn(5,4)
    W1 = np.random.randn(4,5)
    b1 = np.random.randn(4,1)
    W2 = np.random.randn(3,4)
    b2 = np.random.randn(3,1)
    W3 = np.random.randn(1,3)
    b3 = np.random.randn(1,1)
    parameters = {"W1": W1, "b1": b1, "W2": W2, "b2": b2, "W3": W3, "b3": b3}
    return X, parameters


def print_grads(grads):
    print ("dW1 = "+ str(grads["dW1"]))
    print ("db1 = "+ str(grads["db1"]))
    print ("dA1 = "+ str(grads["dA1"]))


if __name__ == "testCases_v2":
    del L_model_forward_test_case_2hidden, print_grads

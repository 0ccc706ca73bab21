"""The course's helpers of the Application ("Deep Neural Network for Image Classification"), as its
``dnn_app_utils`` (the first release, 2017), ``dnn_app_utils_v2`` (2017) and ``dnn_app_utils_v3`` (2018 on)
give them; supplied by dnnstep inside the homework's process.

They are the course's own versions of the Step by Step functions, with the Application's
``initialize_parameters_deep`` (seed 1, ``randn / np.sqrt(layer_dims[l-1])``), the cost written with
``np.dot``, and an ``update_parameters`` that changes ``parameters`` in place (and returns it). The three
files differ in ``L_model_backward``, which in ``dnn_app_utils`` and ``_v2`` stores the gradient with respect
to A[l-1] under ``"dA" + str(l)`` (keys dA1..dAL) and in ``_v3`` under ``"dA" + str(l-1)`` (dA0..dA(L-1)),
and the first release's ``predict`` gives integer predictions and prints the accuracy as ``%s``; which file
this module is, its ``__name__`` says. ``load_data`` reads the cat pictures, which dnnstep does
not give homework.

Shapes: ``n[l]`` units in layer l (``n[0]`` inputs), ``m`` examples.
"""

import numpy as np
import matplotlib.pyplot as plt
import h5py

from dnn_utils import sigmoid, relu, relu_backward, sigmoid_backward

#: 1 where grads["dA" + str(l)] holds the gradient with respect to A[l-1] (the 2017 files), else 0.
_KEY_SHIFT = 0 if __name__ == "dnn_app_utils_v3" else 1
_FIRST_RELEASE = __name__ == "dnn_app_utils"


def load_data():
    """The cat pictures: (train_x_orig, train_y, test_x_orig, test_y, classes). Not available here."""
    raise FileNotFoundError("dnnstep does not supply the cat data (datasets/train_catvnoncat.h5) to homework; "
                            "load_data is not available here")


def initialize_parameters(n_x, n_h, n_y):
    """{"W1": (n_h, n_x), "b1": (n_h, 1), "W2": (n_y, n_h), "b2": (n_y, 1)}: seed 1, randn * 0.01, zero biases."""
    np.random.seed(1)
    W1 = np.random.randn(n_h, n_x)*0.01
    b1 = np.zeros((n_h, 1))
    W2 = np.random.randn(n_y, n_h)*0.01
    b2 = np.zeros((n_y, 1))
    assert(W1.shape == (n_h, n_x))
    assert(b1.shape == (n_h, 1))
    assert(W2.shape == (n_y, n_h))
    assert(b2.shape == (n_y, 1))
    parameters = {"W1": W1, "b1": b1, "W2": W2, "b2": b2}
    return parameters


def initialize_parameters_deep(layer_dims):
    """{"Wl": (n[l], n[l-1]), "bl": (n[l], 1)} for l = 1 .. L: seed 1, randn / np.sqrt(n[l-1]), zero biases."""
    np.random.seed(1)
    parameters = {}
    L = len(layer_dims)
    for l in range(1, L):
        parameters['W' + str(l)] = np.random.randn(layer_dims[l], layer_dims[l-1]) / np.sqrt(layer_dims[l-1])
        parameters['b' + str(l)] = np.zeros((layer_dims[l], 1))
        assert(parameters['W' + str(l)].shape == (layer_dims[l], layer_dims[l-1]))
        assert(parameters['b' + str(l)].shape == (layer_dims[l], 1))
    return parameters


def linear_forward(A, W, b):
    """Z = W.A + b: (n[l], m); the cache is (A, W, b)."""
    Z = W.dot(A) + b
    assert(Z.shape == (W.shape[0], A.shape[1]))
    cache = (A, W, b)
    return Z, cache


def linear_activation_forward(A_prev, W, b, activation):
    """A = g(W.A_prev + b) with g "sigmoid" or "relu"; the cache is ((A_prev, W, b), Z)."""
    if activation == "sigmoid":
        Z, linear_cache = linear_forward(A_prev, W, b)
        A, activation_cache = sigmoid(Z)
    elif activation == "relu":
        Z, linear_cache = linear_forward(A_prev, W, b)
        A, activation_cache = relu(Z)
    assert (A.shape == (W.shape[0], A_prev.shape[1]))
    cache = (linear_cache, activation_cache)
    return A, cache


def L_model_forward(X, parameters):
    """[LINEAR -> RELU] * (L-1) -> LINEAR -> SIGMOID on X (n[0], m): (AL (1, m), the L caches in layer order)."""
    caches = []
    A = X
    L = len(parameters) // 2
    for l in range(1, L):
        A_prev = A
        A, cache = linear_activation_forward(A_prev, parameters['W' + str(l)], parameters['b' + str(l)],
                                             activation = "relu")
        caches.append(cache)
    AL, cache = linear_activation_forward(A, parameters['W' + str(L)], parameters['b' + str(L)], activation = "sigmoid")
    caches.append(cache)
    assert(AL.shape == (1,X.shape[1]))
    return AL, caches


def compute_cost(AL, Y):
    """The cross-entropy cost of AL (1, m) against the labels Y (1, m), a 0-d array."""
    m = Y.shape[1]
    cost = (1./m) * (-np.dot(Y,np.log(AL).T) - np.dot(1-Y, np.log(1-AL).T))
    cost = np.squeeze(cost)
    assert(cost.shape == ())
    return cost


def linear_backward(dZ, cache):
    """(dA_prev (n[l-1], m), dW (n[l], n[l-1]), db (n[l], 1)) from dZ (n[l], m) and the cache (A_prev, W, b)."""
    A_prev, W, b = cache
    m = A_prev.shape[1]
    dW = 1./m * np.dot(dZ,A_prev.T)
    db = 1./m * np.sum(dZ, axis = 1, keepdims = True)
    dA_prev = np.dot(W.T,dZ)
    assert (dA_prev.shape == A_prev.shape)
    assert (dW.shape == W.shape)
    assert (db.shape == b.shape)
    return dA_prev, dW, db


def linear_activation_backward(dA, cache, activation):
    """(dA_prev, dW, db) of a layer from dA (n[l], m) and its cache ((A_prev, W, b), Z), through "relu" or "sigmoid"."""
    linear_cache, activation_cache = cache
    if activation == "relu":
        dZ = relu_backward(dA, activation_cache)
        dA_prev, dW, db = linear_backward(dZ, linear_cache)
    elif activation == "sigmoid":
        dZ = sigmoid_backward(dA, activation_cache)
        dA_prev, dW, db = linear_backward(dZ, linear_cache)
    return dA_prev, dW, db


def L_model_backward(AL, Y, caches):
    """grads: "dWl", "dbl" for l = 1 .. L, and the gradient with respect to A[l-1] under "dA" + str(l - 1 + _KEY_SHIFT)."""
    grads = {}
    L = len(caches)
    m = AL.shape[1]
    Y = Y.reshape(AL.shape)
    dAL = - (np.divide(Y, AL) - np.divide(1 - Y, 1 - AL))
    current_cache = caches[L-1]
    grads["dA" + str(L - 1 + _KEY_SHIFT)], grads["dW" + str(L)], grads["db" + str(L)] = linear_activation_backward(
        dAL, current_cache, activation = "sigmoid")
    for l in reversed(range(L-1)):
        current_cache = caches[l]
        dA_prev_temp, dW_temp, db_temp = linear_activation_backward(grads["dA" + str(l + 1 + _KEY_SHIFT)],
                                                                    current_cache, activation = "relu")
        grads["dA" + str(l + _KEY_SHIFT)] = dA_prev_temp
        grads["dW" + str(l + 1)] = dW_temp
        grads["db" + str(l + 1)] = db_temp
    return grads


def update_parameters(parameters, grads, learning_rate):
    """W[l] -= learning_rate * dW[l], b[l] -= learning_rate * db[l] for every layer, in ``parameters`` itself,
    which is returned."""
    L = len(parameters) // 2
    for l in range(L):
        parameters["W" + str(l+1)] = parameters["W" + str(l+1)] - learning_rate * grads["dW" + str(l+1)]
        parameters["b" + str(l+1)] = parameters["b" + str(l+1)] - learning_rate * grads["db" + str(l+1)]
    return parameters


def predict(X, y, parameters):
    """Predictions p (1, m) of an L-layer network on X: 1 where AL > 0.5, else 0; prints the accuracy against y."""
    m = X.shape[1]
    n = len(parameters) // 2
    p = np.zeros((1, m),dtype=int) if _FIRST_RELEASE else np.zeros((1,m))
    probas, caches = L_model_forward(X, parameters)
    for i in range(0, probas.shape[1]):
        if probas[0,i] > 0.5:
            p[0,i] = 1
        else:
            p[0,i] = 0
    if _FIRST_RELEASE:
        print("Accuracy: %s" % str(np.sum(p == y)/float(m)))
    else:
        print("Accuracy: "  + str(np.sum((p == y)/m)))
    return p


def print_mislabeled_images(classes, X, y, p):
    """Plots the pictures of X (12288, m) whose prediction p differs from the label y (no window here)."""
    a = p + y
    mislabeled_indices = np.asarray(np.where(a == 1))
    plt.rcParams['figure.figsize'] = (40.0, 40.0)
    num_images = len(mislabeled_indices[0])
    for i in range(num_images):
        index = mislabeled_indices[1][i]
        plt.subplot(2, num_images, i + 1)
        plt.imshow(X[:,index].reshape(64,64,3), interpolation='nearest')
        plt.axis('off')
        plt.title("Prediction: " + classes[int(p[0,index])].decode("utf-8") + " \n Class: "
                  + classes[y[0,index]].decode("utf-8"))

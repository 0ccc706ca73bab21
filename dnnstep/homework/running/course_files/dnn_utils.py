"""The course's activation helpers, as its ``dnn_utils`` (2017, 2021) and ``dnn_utils_v2`` (2017-2020) give them.

Supplied by dnnstep inside the homework's process (the two files of the course are the same). Each
activation returns ``(A, cache)`` with the cache ``Z``; each backward function takes ``(dA, cache)``.
"""

import numpy as np


def sigmoid(Z):
    """A = 1/(1+np.exp(-Z)), and Z as the cache. Z: any shape."""
    A = 1/(1+np.exp(-Z))
    cache = Z
    return A, cache


def relu(Z):
    """A = np.maximum(0,Z), and Z as the cache. Z: any shape."""
    A = np.maximum(0,Z)
    assert(A.shape == Z.shape)
    cache = Z
    return A, cache


def relu_backward(dA, cache):
    """dZ: dA where Z > 0, else 0 (Z = cache; the derivative at 0 is 0). dA, Z: the same shape."""
    Z = cache
    dZ = np.array(dA, copy=True)
    dZ[Z <= 0] = 0
    assert (dZ.shape == Z.shape)
    return dZ


def sigmoid_backward(dA, cache):
    """dZ = dA * s * (1-s) with s = sigmoid(Z), Z = cache. dA, Z: the same shape."""
    Z = cache
    s = 1/(1+np.exp(-Z))
    dZ = dA * s * (1-s)
    assert (dZ.shape == Z.shape)
    return dZ

"""The inputs of the test of Course 2's Gradient Checking assignment (W1A3), as its ``testCases`` gives them in every
edition; supplied by dnnstep inside the homework's process as ``testCases`` to a Gradient Checking homework.

``gradient_check_n_test_case()`` seeds numpy's generator with 1 and draws ``x`` (4, 3), then W1 (5, 4), b1 (5, 1),
W2 (3, 5), b2 (3, 1), W3 (1, 3), b3 (1, 1); ``y`` is 1-D, as in the course.
"""

import numpy as np


def gradient_check_n_test_case():
    np.random.seed(1)
    x = np.random.randn(4, 3)
    y = np.array([1, 1, 0])
    W1 = np.random.randn(5, 4)
    b1 = np.random.randn(5, 1)
    W2 = np.random.randn(3, 5)
    b2 = np.random.randn(3, 1)
    W3 = np.random.randn(1, 3)
    b3 = np.random.randn(1, 1)
    parameters = {"W1": W1, "b1": b1, "W2": W2, "b2": b2, "W3": W3, "b3": b3}
    return x, y, parameters

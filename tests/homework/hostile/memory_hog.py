# Hostile homework: linear_forward allocates 3 GB.
import numpy as np


# GRADED FUNCTION: linear_forward
def linear_forward(A, W, b):
    hog = np.ones(3 * 10**9 // 8)
    Z = W @ A + b + hog[0] - 1
    return Z, (A, W, b)

# Hostile homework: loading it never ends (a class body runs when the class is defined).
import numpy as np


class Forever:
    while True:
        pass


# GRADED FUNCTION: linear_forward
def linear_forward(A, W, b):
    return W @ A + b, (A, W, b)

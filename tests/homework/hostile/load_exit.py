# Hostile homework: loading it calls sys.exit (a default value is computed when the def runs).
import sys

import numpy as np


def f(x=sys.exit(0)):
    return x


# GRADED FUNCTION: linear_forward
def linear_forward(A, W, b):
    return W @ A + b, (A, W, b)

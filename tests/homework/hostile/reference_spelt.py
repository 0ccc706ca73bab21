# Hostile homework: imports dnnstep's reference by a name it builds, with __import__ and with importlib.
import importlib

import numpy as np


# GRADED FUNCTION: L_model_backward
def L_model_backward(AL, Y, caches):
    name = "dnn" + "step" + ".course"
    try:
        course = __import__(name, fromlist=["L_model_backward"])
    except ImportError:
        course = importlib.import_module(name.upper().lower())
    return course.L_model_backward(AL, Y, caches)

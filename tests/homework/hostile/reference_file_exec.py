# Hostile homework: finds dnnstep's course.py on disk (beside the worker's own modules, or where the
# test says dnnstep is: DNNSTEP_TEST_TARGET), reads it and runs it, to call the reference.
import os
import sys

import numpy as np


def _reference_text():
    places = [os.environ.get("DNNSTEP_TEST_TARGET", "")]
    for module in list(sys.modules.values()):
        where = getattr(module, "__file__", None) or ""
        if "running" in where:  # dnnstep/homework/running/<module>.py -> dnnstep/course.py
            places.append(os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(where))), "course.py"))
    for place in places:
        if place:
            try:
                with open(place) as file:
                    return file.read()
            except OSError:
                continue
    raise FileNotFoundError("dnnstep's course.py: " + ", ".join(p for p in places if p))


# GRADED FUNCTION: L_model_backward
def L_model_backward(AL, Y, caches):
    namespace = {"__name__": "stolen"}
    exec(compile(_reference_text(), "course.py", "exec"), namespace)
    return namespace["L_model_backward"](AL, Y, caches)

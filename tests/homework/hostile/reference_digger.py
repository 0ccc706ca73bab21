# Hostile homework: digs the worker's memory for dnnstep's L_model_backward (sys.modules, gc: functions,
# code objects, and dicts holding its text) and calls what it finds.
import gc
import sys
import types

import numpy as np


def _found():
    own = L_model_backward.__code__.co_filename
    for module in list(sys.modules.values()):
        candidate = getattr(module, "L_model_backward", None)
        if callable(candidate) and getattr(getattr(candidate, "__code__", None), "co_filename", own) != own:
            return candidate
    for thing in gc.get_objects():
        if isinstance(thing, types.FunctionType) and thing.__name__ == "L_model_backward" \
                and thing.__code__.co_filename != own:
            return thing
        if isinstance(thing, types.CodeType) and thing.co_name == "L_model_backward" and thing.co_filename != own:
            return types.FunctionType(thing, {"np": np})
        if isinstance(thing, dict) and thing.get("name") == "L_model_backward" and isinstance(thing.get("text"), str):
            namespace = {}
            exec(thing["text"], namespace)
            return namespace["L_model_backward"]
    for frame in sys._current_frames().values():
        while frame is not None:
            candidate = frame.f_globals.get("L_model_backward")
            if callable(candidate) and candidate.__code__.co_filename != own:
                return candidate
            frame = frame.f_back
    raise LookupError("found no reference in the homework's process")


# GRADED FUNCTION: L_model_backward
def L_model_backward(AL, Y, caches):
    return _found()(AL, Y, caches)

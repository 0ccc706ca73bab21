# Hostile homework: keeps the reference's linear_backward that stands in for its own (wrong) one while its
# linear_activation_backward is checked, to use it later (in a global, in builtins).
import builtins

import numpy as np

KEPT = []


def linear_backward(dZ, cache):
    return None  # wrong on purpose: the reference's stands in for it in the calls of linear_activation_backward


def linear_activation_backward(dA, cache, activation):
    here = globals()["linear_backward"]
    KEPT.append(here)
    builtins.kept_by_homework = here
    return here(dA, cache[0])


def peek():
    kept = [f.__code__.co_filename for f in KEPT] + [getattr(builtins, "kept_by_homework", None)]
    return kept, globals()["linear_backward"].__code__.co_filename

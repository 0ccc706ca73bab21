"""The vocabulary of steps: which tensors each phase holds, and their names in course notation.

This is the one table every other module derives its lists from (the trace that records
the tensors, the conditions that scan them, the expectations that name them, the panes that
show them, the homework pipeline that compares them):

=============  ====================================================  ==========================
phase          tensors, in the order the Step records them           of which inputs
=============  ====================================================  ==========================
``forward``    A_prev, W, b, Z, A                                    A_prev, W, b
``cost``       AL, Y, J, dAL                                         AL, Y
``backward``   dA, Z, A_prev, W, dZ, dW, db, dA_prev                 dA, Z, A_prev, W
``update``     W, b, dW, db, W_new, b_new                            W, b, dW, db
=============  ====================================================  ==========================

The rest of each row are the step's results. :func:`course_label` writes a tensor of a step
the way the course does (``dW[3]``, ``A[0] = X``, ``AL = A[5]``).
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Mapping

#: The tensors of each phase's steps, in the order the Step records them.
TENSORS: Mapping[str, tuple[str, ...]] = MappingProxyType({
    "forward": ("A_prev", "W", "b", "Z", "A"),
    "cost": ("AL", "Y", "J", "dAL"),
    "backward": ("dA", "Z", "A_prev", "W", "dZ", "dW", "db", "dA_prev"),
    "update": ("W", "b", "dW", "db", "W_new", "b_new"),
})

#: What each phase's step reads: the tensors that were there before the step.
INPUTS: Mapping[str, tuple[str, ...]] = MappingProxyType({
    "forward": TENSORS["forward"][:3],
    "cost": TENSORS["cost"][:2],
    "backward": TENSORS["backward"][:4],
    "update": TENSORS["update"][:4],
})

#: What each phase's step computes.
RESULTS: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {phase: tuple(n for n in names if n not in INPUTS[phase]) for phase, names in TENSORS.items()}
)

#: dZ[l], dW[l] and db[l]: the gradients of layer l that the step backward l computes
#: (its other result, dA[l-1], belongs to the layer below).
LAYER_GRADIENTS: tuple[str, ...] = RESULTS["backward"][:3]

#: Every gradient a step can hold (the names that start with d).
GRADIENTS: tuple[str, ...] = tuple(dict.fromkeys(n for names in TENSORS.values() for n in names if n.startswith("d")))

#: Every tensor name, in the order a screen shows a step's tensors: what it reads left to
#: right, layer l's gradients next to the parameters they belong to, the results last.
DISPLAY_ORDER: tuple[str, ...] = (
    *TENSORS["forward"], *TENSORS["cost"], "dA", *LAYER_GRADIENTS, "dA_prev", *RESULTS["update"],
)

#: The tensors whose name carries the step's own layer: ``Z[l]``, ``dW[l]``.
_OF_LAYER = ("W", "b", "Z", "A", "dA", *LAYER_GRADIENTS)


def course_label(name: str, phase: str, layer: int, L: int, *, aliases: bool = True) -> str:
    """A step tensor's name in course notation.

    ``dW`` of backward 3 is ``dW[3]``; ``A_prev`` of forward 1 is ``A[0] = X`` and of
    forward 3 ``A[2]``; ``A`` of forward L is ``A[L] = AL``; the cost's ``AL`` is
    ``AL = A[L]`` and ``dA`` of backward L is ``dAL``; ``dA_prev`` of backward l is
    ``dA[l-1]``; an update's ``W`` and ``W_new`` are ``W[l] before`` and ``W[l] after``.
    ``aliases=False`` leaves out the other name (`` = X``, `` = AL``, `` = A[L]``), for a
    label that starts a sentence. A name the table does not hold is returned as it is.
    """
    l = layer
    if phase == "update" and name in TENSORS["update"]:
        if name in RESULTS["update"]:
            return f"{name[0]}[{l}] after"
        return f"{name}[{l}]" + (" before" if name in ("W", "b") else "")
    if phase == "cost" or name not in DISPLAY_ORDER:
        return f"AL = A[{L}]" if name == "AL" and aliases else name
    if name == "A_prev":
        return f"A[{l - 1}]" if l > 1 or not aliases else "A[0] = X"
    if name == "dA_prev":
        return f"dA[{l - 1}]"
    if name == "A" and l == L and aliases:
        return f"A[{l}] = AL"
    if name == "dA" and l == L:
        return "dAL"
    if name in _OF_LAYER:
        return f"{name}[{l}]"
    return name

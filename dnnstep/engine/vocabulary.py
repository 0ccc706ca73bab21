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

Course 2 grows the table by *features* (``dnnstep.engine.training.Features``), each inserting
its names into a phase's row, in one table, ``FEATURE_TENSORS``:

==================  ==========  ==========================================================================
feature             phase       what it does to the row (layers)
==================  ==========  ==========================================================================
``helpers``         cost        no dAL: the helpers never form it
                    backward    backward L reads AL and Y in place of dA (l = L)
``dropout``         forward     A_pre (A[l] before dropout) and D (the mask) before A (l < L)
                    backward    D and dA_pre (dA[l] · D[l] / keep_prob) after dA (l < L)
``l2``              cost        J_ce (cross-entropy) and J_L2 (λ/(2m) Σ‖W‖²) before J
                    backward    dW_ce (1/m dZ A_prevᵀ) and dW_L2 (λ/m W) before dW
``momentum``        update      v_dW, v_db (before), v_dW_new, v_db_new before W_new
``adam``            update      v and s before and after, v̂, ŝ and the step α v̂/(√ŝ + ε) before W_new
``gradient_check``  check       the phase that replaces update: W, dW, its gradapprox, J⁺, J⁻,
                                |dW - gradapprox|, the same for b
==================  ==========  ==========================================================================

A step's names are :func:`tensor_names` ``(phase, layer, L, features)``; with no feature on
they are ``TENSORS[phase]``, and every list elsewhere derives from it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from types import MappingProxyType
from typing import Mapping

from dnnstep.engine.training import WEEK4, Features

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
    if name in FEATURE_LABELS:
        return FEATURE_LABELS[name].format(l=l, l_1=l - 1, L=L)
    if phase == "update" and name in TENSORS["update"]:
        if name in RESULTS["update"]:
            return f"{name[0]}[{l}] after"
        return f"{name}[{l}]" + (" before" if name in ("W", "b") else "")
    if phase == "cost" or name not in DISPLAY_ORDER or name in ("AL", "Y"):
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


# ---------------------------------------------------------------- Course 2: the features


@dataclass(frozen=True)
class Edit:
    """What a feature does to one phase's row of names.

    ``names`` go in ``before`` (or ``after``) a name of the row, or at its end; ``drop`` leaves
    names out; ``layers`` says where: ``"every"`` layer, the ``"hidden"`` ones (l < L) or the
    ``"output"`` layer (l = L). ``inputs`` are those of ``names`` the step reads (the rest it computes).
    """

    names: tuple[str, ...] = ()
    before: str | None = None
    after: str | None = None
    drop: tuple[str, ...] = ()
    layers: str = "every"
    inputs: tuple[str, ...] = ()

    def applies(self, layer: int, L: int) -> bool:
        return self.layers == "every" or (self.layers == "hidden") == (layer < L)

    def apply(self, row: list[str]) -> list[str]:
        if self.before is not None:
            at = row.index(self.before)
        elif self.after is not None:
            at = row.index(self.after) + 1
        else:
            at = len(row)
        row = row[:at] + list(self.names) + row[at:]
        return [name for name in row if name not in self.drop]


_CHECKED = ("W", "dW", "dW_approx", "J_plus_W", "J_minus_W", "dW_diff",
            "b", "db", "db_approx", "J_plus_b", "J_minus_b", "db_diff")

#: The names each Course 2 feature puts into a phase, in the order the features apply.
FEATURE_TENSORS: Mapping[str, Mapping[str, Edit]] = MappingProxyType({
    "helpers": MappingProxyType({
        "cost": Edit(drop=("dAL",)),
        "backward": Edit(("AL", "Y"), before="dA", drop=("dA",), layers="output", inputs=("AL", "Y")),
    }),
    "dropout": MappingProxyType({
        "forward": Edit(("A_pre", "D"), before="A", layers="hidden"),
        "backward": Edit(("D", "dA_pre"), after="dA", layers="hidden", inputs=("D",)),
    }),
    "l2": MappingProxyType({
        "cost": Edit(("J_ce", "J_L2"), before="J"),
        "backward": Edit(("dW_ce", "dW_L2"), before="dW"),
    }),
    "momentum": MappingProxyType({
        "update": Edit(("v_dW", "v_db", "v_dW_new", "v_db_new"), before="W_new", inputs=("v_dW", "v_db")),
    }),
    "adam": MappingProxyType({
        "update": Edit(("v_dW", "v_db", "s_dW", "s_db", "v_dW_new", "v_db_new", "s_dW_new", "s_db_new",
                        "v_hat_dW", "v_hat_db", "s_hat_dW", "s_hat_db", "step_W", "step_b"),
                       before="W_new", inputs=("v_dW", "v_db", "s_dW", "s_db")),
    }),
    "gradient_check": MappingProxyType({
        "check": Edit(_CHECKED, inputs=("W", "dW", "b", "db")),
    }),
})

#: The course's words for the names the features add (``{l}`` is the step's layer, ``{l_1}`` l - 1).
FEATURE_LABELS: Mapping[str, str] = MappingProxyType({
    "A_pre": "A[{l}] before dropout",
    "D": "D[{l}]",
    "dA_pre": "dA[{l}] · D[{l}] / keep_prob",
    "J_ce": "cross_entropy_cost",
    "J_L2": "L2_regularization_cost",
    "dW_ce": "dW[{l}] cross-entropy part",
    "dW_L2": "dW[{l}] L2 part",
    "v_dW": 'v["dW{l}"] before', "v_db": 'v["db{l}"] before',
    "v_dW_new": 'v["dW{l}"] after', "v_db_new": 'v["db{l}"] after',
    "s_dW": 's["dW{l}"] before', "s_db": 's["db{l}"] before',
    "s_dW_new": 's["dW{l}"] after', "s_db_new": 's["db{l}"] after',
    "v_hat_dW": 'v_corrected["dW{l}"]', "v_hat_db": 'v_corrected["db{l}"]',
    "s_hat_dW": 's_corrected["dW{l}"]', "s_hat_db": 's_corrected["db{l}"]',
    "step_W": "Adam step of W[{l}]", "step_b": "Adam step of b[{l}]",
    "dW_approx": "gradapprox of dW[{l}]", "db_approx": "gradapprox of db[{l}]",
    "J_plus_W": "J_plus of W[{l}]", "J_minus_W": "J_minus of W[{l}]",
    "J_plus_b": "J_plus of b[{l}]", "J_minus_b": "J_minus of b[{l}]",
    "dW_diff": "|dW[{l}] - gradapprox|", "db_diff": "|db[{l}] - gradapprox|",
})

#: Every name a Course 2 step may hold besides the week-4 ones, in the order the features add them.
FEATURE_NAMES: tuple[str, ...] = tuple(dict.fromkeys(
    name for edits in FEATURE_TENSORS.values() for edit in edits.values() for name in edit.names
    if name not in DISPLAY_ORDER))

#: Every tensor name of any step, week 4's in ``DISPLAY_ORDER`` and then the features'.
EVERY_NAME: tuple[str, ...] = DISPLAY_ORDER + FEATURE_NAMES


def phases(features: Features = WEEK4) -> tuple[str, ...]:
    """The phases of an iteration: forward, cost, backward, then update or (a gradient check) check."""
    return ("forward", "cost", "backward", features.last_phase)


def _edits(phase: str, layer: int, L: int, features: Features):
    for feature in features.names:
        edit = FEATURE_TENSORS.get(feature, {}).get(phase)
        if edit is not None and edit.applies(layer, L):
            yield edit


@lru_cache(maxsize=4096)
def tensor_names(phase: str, layer: int, L: int, features: Features = WEEK4) -> tuple[str, ...]:
    """The tensors a step of ``phase`` at ``layer`` holds, in the order it records them.

    With no feature on, ``TENSORS[phase]``; each feature of ``features`` edits the row as
    ``FEATURE_TENSORS`` says."""
    row = list(TENSORS.get(phase, ()))
    for edit in _edits(phase, layer, L, features):
        row = edit.apply(row)
    return tuple(row)


@lru_cache(maxsize=4096)
def input_names(phase: str, layer: int, L: int, features: Features = WEEK4) -> tuple[str, ...]:
    """Of ``tensor_names``, those the step reads (the tensors there before the step)."""
    inputs = set(INPUTS.get(phase, ()))
    for edit in _edits(phase, layer, L, features):
        inputs.update(edit.inputs)
    return tuple(name for name in tensor_names(phase, layer, L, features) if name in inputs)


def names_of_phase(phase: str, L: int, features: Features = WEEK4) -> tuple[str, ...]:
    """Every name a step of ``phase`` holds at some layer of an L-layer network, in table order."""
    return tuple(dict.fromkeys(name for layer in range(1, L + 1) for name in tensor_names(phase, layer, L, features)))


#: What carries to the next iteration, by the name it has in the state (``W`` of ``W1``, ``v_dW`` of
#: ``v_dW1``), and the tensor of an update step that holds its new value.
STATE_AFTER: Mapping[str, str] = MappingProxyType({
    "W": "W_new", "b": "b_new", "v_dW": "v_dW_new", "v_db": "v_db_new", "s_dW": "s_dW_new", "s_db": "s_db_new",
})


#: The numbers a step holds besides its tensors (``Step.scalars``), per phase, week 4's and those
#: each feature adds (``decay_schedule``: the decay ``schedule_lr_decay``).
SCALARS: Mapping[str, tuple[str, ...]] = MappingProxyType({"cost": ("J",), "update": ("learning_rate",)})
FEATURE_SCALARS: Mapping[str, Mapping[str, tuple[str, ...]]] = MappingProxyType({
    "l2": MappingProxyType({"cost": ("J_ce", "J_L2")}),
    "momentum": MappingProxyType({"update": ("beta",)}),
    "adam": MappingProxyType({"update": ("t", "beta1", "beta2", "epsilon")}),
    "decay": MappingProxyType({"update": ("learning_rate0", "decay_rate", "epoch")}),
    "decay_schedule": MappingProxyType({"update": ("time_interval",)}),
    "gradient_check": MappingProxyType({"check": ("epsilon", "difference", "difference_W", "difference_b")}),
})


def scalar_names(phase: str, features: Features = WEEK4) -> tuple[str, ...]:
    """The scalars a step of ``phase`` holds (``Step.scalars``), as a set in table order."""
    on = features.names + (("decay_schedule",) if features.decay == "schedule_lr_decay" else ())
    names = list(SCALARS.get(phase, ()))
    for feature in on:
        names.extend(FEATURE_SCALARS.get(feature, {}).get(phase, ()))
    return tuple(names)

"""The plan of an iteration: what each layer of a Training does, decided once per Training.

Every iteration of a run asks its Training (``dnnstep.engine.training``) the same questions,
layer by layer: which g[l], whether dropout's mask applies, whether dZ is the helpers' relu' (a
mask ``Z > 0`` multiplied in, which the gradient health reads too), whether the gradient check's
planted bugs apply, which keys of the state hold W[l], b[l] and the optimizer's v and s, and,
when the iteration is recorded, which tensors and formula lines each step holds. None of the
answers changes from one iteration to the next. The plan holds them, so that an iteration of a
Course 2 network (a 2-5-2-1 update is some fifty numpy calls of a microsecond or two) spends its
time in numpy, not in deciding (``plan_of(training)`` builds it once; ``trace.run_iteration`` follows it).

The plan decides; it computes nothing. The arithmetic stays the engine's modules' own
(``layers``, ``activations``, ``arithmetic``, ``regularization``, ``optimizers``): the plan names
which of their functions a layer calls (a layer's ``gradients``, bound when the Training first
runs), and the iteration calls the rest through their modules.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Mapping

import numpy as np

from dnnstep.engine import arithmetic, optimizers
from dnnstep.engine.step_formulas import formula_text
from dnnstep.engine.training import Training
from dnnstep.engine.vocabulary import tensor_names


@dataclass(frozen=True, slots=True)
class LayerPlan:
    """What layer l does in every iteration of a Training.

    Attributes:
        l: the layer, 1..L. activation: g[l].
        W, b: the state's keys of W[l] and b[l] (``"W2"``, ``"b2"``).
        v_dW, v_db, s_dW, s_db: the state's keys of the optimizer's averages (``"v_dW2"`` ...),
            ``None`` where the optimizer keeps none.
        masked: dropout's mask D[l] applies (a hidden layer under dropout).
        dZ_from_AL: dZ[L] is formed from AL and Y in a helper's arithmetic (no dAL).
        relu_mask: dZ[l] is the helpers' relu', dA[l] times the mask ``Z[l] > 0``; the
            gradient health reads its dead share from that same mask.
        gradients: ``(dZ, A_prev) -> (dW, db)`` in the arithmetic's form, with the shipped
            ``backward_propagation_n``'s planted bugs where a gradient check walks it
            (``arithmetic.gradients_of``, ``Training.bugs``).
        course_linear_backward: below the top layer in week 4's arithmetic: dA[l-1], dW and db are
            ``layers.linear_backward``'s, the course's own function (else ``gradients``, then
            dA[l-1] = W[l]ᵀ dZ[l]).
        names, formulas: by phase (``"forward"``, ``"backward"``, the last phase; the cost's
            in ``Plan``), the tensors a recorded step holds and its formula lines.
    """

    l: int
    activation: str
    W: str
    b: str
    v_dW: str | None
    v_db: str | None
    s_dW: str | None
    s_db: str | None
    masked: bool
    dZ_from_AL: bool
    relu_mask: bool
    gradients: Callable[[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]
    course_linear_backward: bool
    names: Mapping[str, tuple[str, ...]]
    formulas: Mapping[str, tuple[str, ...]]


@dataclass(frozen=True, slots=True)
class Plan:
    """The layers' plans of a Training, in order (``L`` of them), whether the arithmetic is a
    Course 2 helper file's (``Features.helpers``), and what the cost step records."""

    training: Training
    layers: tuple[LayerPlan, ...]
    L: int
    helpers: bool
    cost_names: tuple[str, ...]
    cost_formula: tuple[str, ...]
    # (epoch, α) of the epoch last asked: an epoch's mini-batches follow one another
    _rate: list = field(default_factory=lambda: [(None, None)], compare=False, repr=False)

    def learning_rate(self, epoch: int) -> float:
        """α during ``epoch`` (``optimizers.learning_rate_of``), worked out once an epoch: its
        mini-batches all train with it."""
        kept_epoch, rate = self._rate[0]
        if kept_epoch != epoch:
            rate = optimizers.learning_rate_of(epoch, self.training)
            self._rate[0] = (epoch, rate)  # one assignment: another thread sees the old pair or the new
        return rate

    @classmethod
    def of(cls, training: Training) -> "Plan":
        L, features = training.L, training.features
        last = features.last_phase
        prefixes = optimizers.STATE_PREFIXES[training.optimizer]
        layers = []
        for l, g in enumerate(training.activations, start=1):
            keys = {f"{prefix}_d{p}": f"{prefix}_d{p}{l}" for prefix in prefixes for p in "Wb"}
            dW_factor, db_scale = training.bugs[l - 1]
            phase_activation = {"forward": g, "backward": g, last: None}
            layers.append(LayerPlan(
                l=l, activation=g, W=f"W{l}", b=f"b{l}",
                v_dW=keys.get("v_dW"), v_db=keys.get("v_db"), s_dW=keys.get("s_dW"), s_db=keys.get("s_db"),
                masked=features.dropout and l < L,
                dZ_from_AL=features.helpers and l == L,
                relu_mask=features.helpers and g == "relu" and l < L,
                gradients=arithmetic.gradients_of(training.arithmetic, dW_factor, db_scale),
                course_linear_backward=(l > 1 and training.arithmetic == "dnn_utils"
                                        and (dW_factor, db_scale) == (None, None)),
                names={phase: tensor_names(phase, l, L, features) for phase in phase_activation},
                formulas={phase: formula_text(phase, l, a, L, features) for phase, a in phase_activation.items()},
            ))
        return cls(training, tuple(layers), L, features.helpers, tensor_names("cost", L, L, features),
                   formula_text("cost", L, None, L, features))


def plan_of(training: Training) -> Plan:
    """``training``'s plan, made once for each Training and kept in it (as a cached property
    would be: a Training is frozen, its plan is what its fields decide; kept per instance, not
    per equal Training, so that each is planned with the functions in place when it is)."""
    kept = training.__dict__.get("_plan")
    if kept is None:
        kept = training.__dict__["_plan"] = Plan.of(training)
    return kept

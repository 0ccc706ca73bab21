"""The training recipe: what one iteration does beyond week 4's plain gradient descent.

Course 1 week 4 trains with one update rule, ``W := W - α dW``, on all m examples. Course 2
("Improving Deep Neural Networks", weeks 1 and 2) adds, one notebook at a time:

=================  ================================================================  ====================
feature            what changes in an iteration                                      on when
=================  ================================================================  ====================
``dropout``        hidden layers multiply A[l] by a mask D[l] and divide by          ``keep_prob < 1``
                   keep_prob; backward masks dA[l] the same way
``l2``             the cost gains λ/(2m) Σ‖W[l]‖², each dW[l] gains λ/m W[l]         ``lambd > 0``
``momentum``       the update moves W by α v, v = β v + (1 - β) dW                   ``optimizer``
``adam``           the update moves W by α v̂ / (√ŝ + ε)                              ``optimizer``
``decay``          α is a function of the epoch (``update_lr``,                      ``decay``
                   ``schedule_lr_decay``)
``gradient_check`` the update phase becomes the check phase: every parameter          ``[gradient_check]``
                   moved by ±ε, J⁺ and J⁻, gradapprox against grad
=================  ================================================================  ====================

and, for the printed digits of long runs, the helper files' order of operations
(``arithmetic``, see ``dnnstep.engine.arithmetic``). ``Training`` is the frozen record of
all of it, built from a scenario (``Training.of``); ``Features`` is the part of it that
decides which tensors a step holds and which formulas it shows (``dnnstep.engine.vocabulary``,
``dnnstep.engine.formulas``). For a week-4 scenario every feature is off, ``Features()``,
and an iteration is bit for bit what it always was.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from functools import cached_property
from typing import Any

OPTIMIZERS = ("gd", "momentum", "adam")
"""The update rules: plain (mini-batch) gradient descent, momentum, Adam."""

DECAYS = ("update_lr", "schedule_lr_decay")
"""The learning-rate decays of the Optimization notebook (2021+)."""

ARITHMETICS = ("dnn_utils", "reg_utils", "init_utils")
"""Whose order of operations the iteration follows (``dnnstep.engine.arithmetic``)."""

CHECK_BACKWARDS = ("as_shipped", "fixed")
"""The backward pass a gradient check walks: the notebook's ``backward_propagation_n`` as it is
shipped (two deliberate bugs) or with them fixed."""


@dataclass(frozen=True)
class GradientCheck:
    """The ``[gradient_check]`` of a scenario: the step ε and which backward is checked."""

    epsilon: float = 1e-7
    backward: str = "as_shipped"

    @property
    def buggy(self) -> bool:
        """True when the backward is the notebook's shipped one: ``dW2 … * 2`` and ``db1 = 4./m …``."""
        return self.backward == "as_shipped"


@dataclass(frozen=True)
class Features:
    """Which Course 2 features an iteration uses: what decides a step's tensors and formulas.

    Attributes:
        dropout: hidden layers are masked (``keep_prob < 1``).
        l2: the cost and dW carry the L2 term (``lambd > 0``).
        optimizer: ``"gd"``, ``"momentum"`` or ``"adam"``.
        decay: ``None``, ``"update_lr"`` or ``"schedule_lr_decay"``.
        arithmetic: ``"dnn_utils"`` (week 4), ``"reg_utils"`` or ``"init_utils"``.
        check: ``None``, or the backward a gradient check walks (``"as_shipped"``, ``"fixed"``);
            with a check the last phase is ``check``, not ``update``.
    """

    dropout: bool = False
    l2: bool = False
    optimizer: str = "gd"
    decay: str | None = None
    arithmetic: str = "dnn_utils"
    check: str | None = None

    @property
    def helpers(self) -> bool:
        """True when the arithmetic is a Course 2 helper file's: the output layer's dZ is
        formed from AL - Y directly (no dAL) and relu' is read from A > 0."""
        return self.arithmetic != "dnn_utils"

    @property
    def last_phase(self) -> str:
        """``"check"`` for a gradient check, else ``"update"``."""
        return "update" if self.check is None else "check"

    @property
    def names(self) -> tuple[str, ...]:
        """The features that are on, by the names of ``dnnstep.engine.vocabulary.FEATURE_TENSORS``."""
        on = []
        if self.dropout:
            on.append("dropout")
        if self.l2:
            on.append("l2")
        if self.optimizer != "gd":
            on.append(self.optimizer)
        if self.decay is not None:
            on.append("decay")
        if self.helpers:
            on.append("helpers")
        if self.check is not None:
            on.append("gradient_check")
        return tuple(on)


WEEK4 = Features()
"""No feature on: Course 1 week 4."""


@dataclass(frozen=True)
class Training:
    """How every iteration of a scenario trains: the frozen recipe ``run_iteration`` follows.

    Attributes:
        activations: g[1..L]. leaky_slope: leaky_relu's slope below 0.
        learning_rate: α, or α0 under a decay.
        optimizer, beta, beta1, beta2, epsilon: the update rule and its hyper-parameters.
        decay, decay_rate, time_interval: the learning-rate decay (``decay`` ``None``: none).
        lambd: the L2 strength λ (0: none). keep_prob, dropout_seed: dropout on the hidden
            layers (``keep_prob`` 1: none), its masks drawn from ``RandomState(dropout_seed)``.
        arithmetic: the helper file whose order of operations is followed.
        gradient_check: the check that replaces the update, or ``None``.
    """

    activations: tuple[str, ...]
    learning_rate: float
    leaky_slope: float = 0.01
    optimizer: str = "gd"
    beta: float = 0.9
    beta1: float = 0.9
    beta2: float = 0.999
    epsilon: float = 1e-8
    decay: str | None = None
    decay_rate: float = 1.0
    time_interval: int = 1000
    lambd: float = 0.0
    keep_prob: float = 1.0
    dropout_seed: int = 1
    arithmetic: str = "dnn_utils"
    gradient_check: GradientCheck | None = None
    features: Features = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "activations", tuple(self.activations))
        object.__setattr__(self, "features", Features(
            dropout=self.keep_prob < 1, l2=self.lambd > 0, optimizer=self.optimizer, decay=self.decay,
            arithmetic=self.arithmetic,
            check=None if self.gradient_check is None else self.gradient_check.backward))

    @property
    def L(self) -> int:
        return len(self.activations)

    @cached_property
    def bugs(self) -> tuple[tuple[float | None, float | None], ...]:
        """Per layer l (index l - 1), ``(dW_factor, db_scale)`` of the shipped backward_propagation_n's
        two planted bugs where a gradient check walks it: dW[2] doubled, db[1] with 4./m in place of
        1./m; ``(None, None)`` everywhere else (``dnnstep.engine.arithmetic.gradients_of``)."""
        buggy = self.gradient_check is not None and self.gradient_check.buggy
        return tuple((2 if buggy and l == 2 else None, 4. if buggy and l == 1 else None)
                     for l in range(1, self.L + 1))

    @classmethod
    def of(cls, scenario: Any) -> "Training":
        """The recipe a Scenario describes (``dnnstep.scenario.model.Scenario``, whose attributes
        of the same names these are)."""
        return cls(**{f.name: getattr(scenario, f.name) for f in fields(cls) if f.init})

"""The Scenario: a network, its initial parameters, its data and how long to train it.

A Scenario is what a scenario file describes once it has been read and checked. It is
plain data: the engine trains on it, the debugger shows it, the expectations check it.
Course 2's training (optimizers, mini-batches, decay, L2, dropout, the helpers' arithmetic, the
gradient check) is off by default: a week-4 scenario is plain gradient descent on all m examples.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any, Mapping

import numpy as np

from dnnstep.engine.schedule import Schedule
from dnnstep.engine.training import GradientCheck, Training


@dataclass(frozen=True, eq=False)
class Scenario:
    """A network to train and step through.

    Attributes:
        name: the scenario's name (the file name without ``.toml``).
        title: a one-line title for people.
        description: what the scenario shows, in a few sentences.
        layer_dims: n[0..L], the number of units of each layer; n[0] is the input size.
        activations: g[1..L]; hidden layers use relu, sigmoid, tanh or leaky_relu,
            the output layer is sigmoid (binary cross-entropy).
        parameters: the initial ``W1, b1, ..., WL, bL`` (``Wl: (n[l], n[l-1])``,
            ``bl: (n[l], 1)``), read-only.
        learning_rate: alpha of gradient descent.
        num_iterations: how many iterations of gradient descent the scenario trains for.
        X: the training inputs, ``(n[0], m)``, read-only float64.
        Y: the training labels, ``(1, m)``, read-only float64 of 0s and 1s.
        X_test, Y_test: an optional test set, shaped like X and Y.
        image_shape: ``(height, width, channels)`` when each column of X is an image
            flattened the course's way, else ``None``.
        classes: the names of label 0 and label 1, when the data gives them.
        leaky_slope: the slope of leaky_relu for negative inputs.
        init: how the parameters were made, for people (``"course-deep (seed 3)"``).
        path: the scenario file, or ``None`` for a scenario built in code.
        expectations: the raw ``[[expect]]`` tables of the file, in order.
        data_source: where X and Y came from, for people (``"generator flower (m = 400,
            seed 1)"``, a file's path, ``"inline X and Y"``).
        course: 1 (Course 1 week 4) or 2 (Course 2), for the list of scenarios.
        optimizer: ``"gd"``, ``"momentum"`` or ``"adam"``; beta (momentum), beta1, beta2,
            epsilon (Adam): their hyper-parameters.
        mini_batch_size: examples per mini-batch, or ``None`` for all m at once. With it,
            ``num_epochs`` epochs of ``K = ceil(m / mini_batch_size)`` batches make
            ``num_iterations = num_epochs * K`` (derived here); ``shuffle_seed`` is the course's
            seed before the first epoch. Without it, ``num_epochs == num_iterations``.
        decay, decay_rate, time_interval: the learning-rate decay (``"update_lr"``,
            ``"schedule_lr_decay"`` or ``None``); ``learning_rate`` is then α0.
        lambd: the L2 strength (0: none). keep_prob, dropout_seed: dropout on the hidden layers
            (1: none) and the seed its masks are drawn with.
        arithmetic: whose order of operations training follows (``dnnstep.engine.arithmetic``).
        gradient_check: a ``GradientCheck`` when the scenario checks gradients instead of
            training (one iteration), else ``None``.
    """

    name: str
    layer_dims: tuple[int, ...]
    activations: tuple[str, ...]
    parameters: Mapping[str, np.ndarray]
    learning_rate: float
    num_iterations: int
    X: np.ndarray
    Y: np.ndarray
    title: str = ""
    description: str = ""
    X_test: np.ndarray | None = None
    Y_test: np.ndarray | None = None
    image_shape: tuple[int, int, int] | None = None
    classes: tuple[str, str] | None = None
    leaky_slope: float = 0.01
    init: str = ""
    path: Path | None = None
    expectations: tuple[Mapping[str, Any], ...] = field(default_factory=tuple)
    data_source: str = ""
    course: int = 1
    # how every iteration trains: the defaults are the engine's recipe's (week 4's)
    optimizer: str = Training.optimizer
    beta: float = Training.beta
    beta1: float = Training.beta1
    beta2: float = Training.beta2
    epsilon: float = Training.epsilon
    decay: str | None = Training.decay
    decay_rate: float = Training.decay_rate
    time_interval: int = Training.time_interval
    lambd: float = Training.lambd
    keep_prob: float = Training.keep_prob
    dropout_seed: int = Training.dropout_seed
    arithmetic: str = Training.arithmetic
    gradient_check: GradientCheck | None = Training.gradient_check
    # which examples each iteration trains on (dnnstep.engine.schedule)
    mini_batch_size: int | None = None
    num_epochs: int | None = None
    shuffle_seed: int = 10       # the Optimization model's seed = 10 before its first epoch

    def __post_init__(self) -> None:
        params = {}
        for key, value in self.parameters.items():
            value = np.array(value, dtype=np.float64)
            value.setflags(write=False)
            params[key] = value
        object.__setattr__(self, "parameters", MappingProxyType(params))
        for name in ("X", "Y", "X_test", "Y_test"):
            value = getattr(self, name)
            if value is not None:
                value = np.asarray(value, dtype=np.float64)
                if value.flags.writeable:
                    value = value.copy()
                    value.setflags(write=False)
                object.__setattr__(self, name, value)
        object.__setattr__(self, "layer_dims", tuple(int(n) for n in self.layer_dims))
        object.__setattr__(self, "activations", tuple(self.activations))
        if self.mini_batch_size is None:
            object.__setattr__(self, "num_epochs", int(self.num_iterations))
        else:
            epochs = int(self.num_epochs if self.num_epochs is not None else self.num_iterations)
            object.__setattr__(self, "num_epochs", epochs)
            object.__setattr__(self, "num_iterations", self.schedule().num_iterations)

    def schedule(self) -> Schedule:
        """The epochs and mini-batches training runs through (``dnnstep.engine.schedule``)."""
        return Schedule(self.m, self.mini_batch_size, self.shuffle_seed, self.num_epochs)

    @property
    def L(self) -> int:
        """The number of layers with parameters (the input layer is not counted)."""
        return len(self.layer_dims) - 1

    @property
    def m(self) -> int:
        """The number of training examples."""
        return int(self.X.shape[1])

    def data_nbytes(self) -> int:
        """Bytes held by the data and the initial parameters."""
        arrays = [self.X, self.Y, self.X_test, self.Y_test, *self.parameters.values()]
        return sum(a.nbytes for a in arrays if a is not None)

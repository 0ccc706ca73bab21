"""The Scenario: a network, its initial parameters, its data and how long to train it.

A Scenario is what a scenario file describes once it has been read and checked. It is
plain data: the engine trains on it, the debugger shows it, the expectations check it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any, Mapping

import numpy as np


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

"""Initialisers: the course's seeded rules for W1, b1, ..., WL, bL, and a few others.

Every rule draws ``W1, W2, ..., WL`` in that order from one ``np.random.RandomState(seed)``
(which gives exactly the numbers of ``np.random.seed(seed)`` followed by
``np.random.randn``, without touching numpy's global generator) and sets every ``bl`` to
zeros ``(n[l], 1)``. ``Wl`` is ``(n[l], n[l-1])``.

==================  =====  =========================================  ==========================
method              seed   Wl                                         where the course uses it
==================  =====  =========================================  ==========================
``course-deep``     3      ``randn(n[l], n[l-1]) * scale`` (0.01)     Step by Step, ``initialize_parameters_deep``
``course-2layer``   1      ``randn(n[l], n[l-1]) * scale`` (0.01)     ``initialize_parameters`` (2-layer model)
``course-app``      1      ``randn(n[l], n[l-1]) / sqrt(n[l-1])``     Application, ``initialize_parameters_deep``
``he``              3      ``randn(n[l], n[l-1]) * sqrt(2 / n[l-1])`` course 2, ``initialize_parameters_he``
``xavier``          3      ``randn(n[l], n[l-1]) * sqrt(1 / n[l-1])`` (course 2 mentions it)
``zeros``           -      zeros                                      course 2, ``initialize_parameters_zeros``
==================  =====  =========================================  ==========================

``course-deep`` with ``scale = 10`` is course 2's ``initialize_parameters_random``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Sequence

import numpy as np


@dataclass(frozen=True)
class InitRule:
    """One initialisation method: its default seed, its default scale, and how it draws Wl."""

    seed: int | None
    scale: float | None
    draw: Callable[[np.random.RandomState, int, int, float | None], np.ndarray]
    about: str


def _scaled(rng: np.random.RandomState, n: int, n_prev: int, scale: float | None) -> np.ndarray:
    return rng.randn(n, n_prev) * scale


def _app(rng: np.random.RandomState, n: int, n_prev: int, scale: float | None) -> np.ndarray:
    return rng.randn(n, n_prev) / np.sqrt(n_prev)


def _he(rng: np.random.RandomState, n: int, n_prev: int, scale: float | None) -> np.ndarray:
    return rng.randn(n, n_prev) * np.sqrt(2.0 / n_prev)


def _xavier(rng: np.random.RandomState, n: int, n_prev: int, scale: float | None) -> np.ndarray:
    return rng.randn(n, n_prev) * np.sqrt(1.0 / n_prev)


def _zeros(rng: np.random.RandomState | None, n: int, n_prev: int, scale: float | None) -> np.ndarray:
    return np.zeros((n, n_prev))


INIT_METHODS: dict[str, InitRule] = {
    "course-deep": InitRule(3, 0.01, _scaled, "seed 3, randn * 0.01 (Step by Step)"),
    "course-2layer": InitRule(1, 0.01, _scaled, "seed 1, randn * 0.01 (initialize_parameters)"),
    "course-app": InitRule(1, None, _app, "seed 1, randn / sqrt(n[l-1]) (Application)"),
    "he": InitRule(3, None, _he, "seed 3, randn * sqrt(2 / n[l-1])"),
    "xavier": InitRule(3, None, _xavier, "seed 3, randn * sqrt(1 / n[l-1])"),
    "zeros": InitRule(None, None, _zeros, "all zeros"),
}
"""Every named method. ``seed`` is ``None`` where the method draws nothing, ``scale`` where it has none."""


def initialize(
    method: str,
    layer_dims: Sequence[int],
    *,
    seed: int | None = None,
    scale: float | None = None,
) -> dict[str, np.ndarray]:
    """Draw ``W1, b1, ..., WL, bL`` for ``layer_dims`` = n[0..L] by the named ``method``.

    ``seed`` and ``scale`` default to the method's own (see the module docstring). Raises
    ``ValueError`` for an unknown method, or a seed or scale the method does not use.
    """
    if method not in INIT_METHODS:
        raise ValueError(f"unknown initialisation {method!r}; expected one of {', '.join(INIT_METHODS)}")
    rule = INIT_METHODS[method]
    if seed is not None and rule.seed is None:
        raise ValueError(f"{method} draws no random numbers, so it takes no seed")
    if scale is not None and rule.scale is None:
        raise ValueError(f"{method} takes no scale (only {', '.join(scalable_methods())} do)")
    seed = rule.seed if seed is None else seed
    scale = rule.scale if scale is None else scale
    rng = None if seed is None else np.random.RandomState(seed)
    parameters: dict[str, np.ndarray] = {}
    with np.errstate(over="ignore"):  # an absurd scale gives inf, which the loader reports
        for l in range(1, len(layer_dims)):
            parameters[f"W{l}"] = rule.draw(rng, layer_dims[l], layer_dims[l - 1], scale)
            parameters[f"b{l}"] = np.zeros((layer_dims[l], 1))
    return parameters


def scalable_methods() -> list[str]:
    """The methods that take a ``scale``."""
    return [name for name, rule in INIT_METHODS.items() if rule.scale is not None]


def describe(method: str, *, seed: int | None = None, scale: float | None = None) -> str:
    """``"course-deep (seed 3)"``, ``"course-deep (seed 3, scale 10)"``, ``"zeros"``: for people."""
    rule = INIT_METHODS[method]
    parts = []
    if rule.seed is not None:
        parts.append(f"seed {rule.seed if seed is None else seed}")
    if scale is not None and scale != rule.scale:
        parts.append(f"scale {scale:g}")
    return f"{method} ({', '.join(parts)})" if parts else method

"""Predictions, accuracy and the mislabelled examples, as the course's Application computes them.

The course's ``predict`` runs the forward pass and calls an example a cat (1) when the
output probability AL is above 0.5; its accuracy is ``np.sum((p == y) / m)``, the share
of examples whose prediction equals the label. ``print_mislabeled_images`` shows the
examples where ``p + y == 1``, in index order. This module does the same with the
engine's own forward expressions, for the parameters of any iteration of a Session.

Shapes: X (n[0], m), Y (1, m), probabilities and predictions (1, m).
Nothing is cached here: callers that show the same iteration often keep the result.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Mapping, Sequence

import numpy as np

from dnnstep.engine.layers import activation_forward, linear_forward

if TYPE_CHECKING:  # pragma: no cover - for type checkers only
    from dnnstep.engine.session import Session


def forward_probabilities(
    parameters: Mapping[str, np.ndarray],
    activations: Sequence[str],
    X: np.ndarray,
    *,
    leaky_slope: float = 0.01,
) -> np.ndarray:
    """AL, the output of the forward pass: Z[l] = W[l] A[l-1] + b[l], A[l] = g[l](Z[l]).

    parameters: ``W1, b1, ..., WL, bL`` (``Wl: (n[l], n[l-1])``, ``bl: (n[l], 1)``);
    activations: g[1..L]; X: (n[0], m) -> AL: (n[L], m).
    """
    L = len(activations)
    missing = [key for l in range(1, L + 1) for key in (f"W{l}", f"b{l}") if key not in parameters]
    if missing:
        raise ValueError(f"parameters lack {', '.join(missing)} for a network of {L} layers")
    A = np.asarray(X)
    for l in range(1, L + 1):
        W = parameters[f"W{l}"]
        if W.shape[1] != A.shape[0]:
            raise ValueError(
                f"W{l} is {W.shape} but its input has {A.shape[0]} rows: "
                f"X must be (n[0], m) = ({parameters['W1'].shape[1]}, m), got {np.shape(X)}"
            )
        Z = linear_forward(A, W, parameters[f"b{l}"])
        A = activation_forward(activations[l - 1], Z, leaky_slope)
    return A


def predict(
    parameters: Mapping[str, np.ndarray],
    activations: Sequence[str],
    X: np.ndarray,
    *,
    leaky_slope: float = 0.01,
) -> tuple[np.ndarray, np.ndarray]:
    """The course's ``predict``: the probabilities AL and the predictions ``AL > 0.5``.

    X: (n[0], m) -> (probabilities (1, m), predictions (1, m) of 0.0 and 1.0).
    """
    probabilities = forward_probabilities(parameters, activations, X, leaky_slope=leaky_slope)
    predictions = (probabilities > 0.5).astype(np.float64)
    return probabilities, predictions


def accuracy_of(predictions: np.ndarray, Y: np.ndarray) -> float:
    """The share of predictions equal to the labels, as the course computes it.

    predictions, Y: (1, m). The course prints ``np.sum((p == y) / m)``; so does this.
    """
    m = Y.shape[1]
    return float(np.sum((predictions == Y) / m))


def mislabeled_indices(predictions: np.ndarray, Y: np.ndarray) -> list[int]:
    """The indices where the prediction differs from the label, in order.

    As ``print_mislabeled_images``: the columns where ``p + y == 1``.
    """
    return [int(i) for i in np.where((predictions + Y)[0] == 1)[0]]


def _predictions_at(session: "Session", iteration: int, *sets: np.ndarray) -> list[np.ndarray]:
    """The predictions (1, m) on each of ``sets`` (X arrays), with the parameters at ``iteration``
    fetched once."""
    scenario = session.scenario
    parameters = session.parameters_at(iteration)
    return [predict(parameters, scenario.activations, X, leaky_slope=scenario.leaky_slope)[1] for X in sets]


def accuracy(session: "Session", iteration: int) -> tuple[float, float | None]:
    """Train and test accuracy with the parameters at the start of ``iteration``.

    ``iteration == session.num_iterations`` gives the trained network's accuracy (if the
    Session has computed that far, it reads the parameters; otherwise it trains to them).
    The test accuracy is ``None`` when the scenario has no test set.
    """
    scenario = session.scenario
    if scenario.X_test is None or scenario.Y_test is None:
        (p_train,) = _predictions_at(session, iteration, scenario.X)
        return accuracy_of(p_train, scenario.Y), None
    p_train, p_test = _predictions_at(session, iteration, scenario.X, scenario.X_test)
    return accuracy_of(p_train, scenario.Y), accuracy_of(p_test, scenario.Y_test)


def mislabeled(session: "Session", iteration: int, *, test: bool = True) -> list[int]:
    """The indices of the examples the network at ``iteration`` gets wrong, in order.

    ``test=True`` looks at the test set (as the course's notebook does), else the
    training set. Raises ``ValueError`` when ``test`` is asked for and there is none.
    """
    scenario = session.scenario
    if test:
        if scenario.X_test is None or scenario.Y_test is None:
            raise ValueError(f"scenario {scenario.name!r} has no test set")
        X, Y = scenario.X_test, scenario.Y_test
    else:
        X, Y = scenario.X, scenario.Y
    (predictions,) = _predictions_at(session, iteration, X)
    return mislabeled_indices(predictions, Y)

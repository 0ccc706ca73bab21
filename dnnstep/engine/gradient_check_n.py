"""The gradient-check phase: the Gradient Checking notebook's ``gradient_check_n``, one layer a step.

A scenario with a ``[gradient_check]`` table trains nothing. Its iteration runs forward, the
cost and backward (with the notebook's shipped ``backward_propagation_n`` and its two planted
bugs, or the fixed one), then checks every parameter as ``gradient_check_n`` does::

    parameters_values, _ = dictionary_to_vector(parameters)     # W1, b1, W2, ..., row-major
    for i in range(num_parameters):
        theta_plus = np.copy(parameters_values); theta_plus[i] = theta_plus[i] + epsilon
        J_plus[i], _ = forward_propagation_n(X, Y, vector_to_dictionary(theta_plus))
        ... J_minus[i] likewise with - epsilon ...
        gradapprox[i] = (J_plus[i] - J_minus[i]) / (2 * epsilon)
    difference = ||grad - gradapprox|| / (||grad|| + ||gradapprox||)

J is the iteration's own (``dnnstep.engine.forward.forward_cost``: the same forward pass, the same
cost, the L2 term if any, dropout's masks held fixed). ``check l`` shows layer l's share: W and
the backward's dW, gradapprox, J⁺ and J⁻ per element of W, ``|dW - gradapprox|``, the same for b,
and the numbers ``difference`` (over all parameters, the same in every check step),
``difference_W`` and ``difference_b`` (this layer's). The one whose elements light up is where
the backward is wrong.

Shapes: per layer, like W (n[l], n[l-1]) and b (n[l], 1).
"""

from __future__ import annotations

from typing import Mapping, NamedTuple, Sequence

import numpy as np

from dnnstep.engine.forward import forward_cost


class LayerCheck(NamedTuple):
    """One layer's part of the check: ``W``-shaped and ``b``-shaped arrays, and its differences."""

    W: np.ndarray
    dW: np.ndarray
    dW_approx: np.ndarray
    J_plus_W: np.ndarray
    J_minus_W: np.ndarray
    dW_diff: np.ndarray
    b: np.ndarray
    db: np.ndarray
    db_approx: np.ndarray
    J_plus_b: np.ndarray
    J_minus_b: np.ndarray
    db_diff: np.ndarray
    difference_W: float
    difference_b: float


def relative_difference(grad: np.ndarray, gradapprox: np.ndarray) -> float:
    """The notebook's ``numerator / denominator``: ``||grad - gradapprox|| / (||grad|| + ||gradapprox||)``."""
    numerator = np.linalg.norm(grad - gradapprox)
    denominator = np.linalg.norm(grad) + np.linalg.norm(gradapprox)
    return float(numerator / denominator)


def perturbed_costs(parameters: Mapping[str, np.ndarray], name: str, X: np.ndarray, Y: np.ndarray, training,
                    masks: Sequence[np.ndarray], epsilon: float) -> tuple[np.ndarray, np.ndarray]:
    """``(J_plus, J_minus)`` shaped like ``parameters[name]``: J with each element moved by +ε, by -ε."""
    value = parameters[name]
    J_plus, J_minus = np.zeros(value.shape), np.zeros(value.shape)
    moved = dict(parameters)
    for index in np.ndindex(*value.shape):
        for J, step in ((J_plus, epsilon), (J_minus, -epsilon)):   # x + (-ε) is x - ε, bit for bit
            theta = np.copy(value)
            theta[index] = theta[index] + step
            moved[name] = theta
            J[index] = forward_cost(moved, X, Y, training, masks)
    return J_plus, J_minus


def check_layers(parameters: Mapping[str, np.ndarray], grads: Mapping[int, tuple[np.ndarray, np.ndarray]],
                 X: np.ndarray, Y: np.ndarray, training, masks: Sequence[np.ndarray]) -> tuple[list[LayerCheck], float]:
    """Every layer's check and the notebook's ``difference`` over all parameters.

    ``grads[l]`` is ``(dW[l], db[l])`` as the backward computed them."""
    epsilon = training.gradient_check.epsilon
    checks, grad_parts, approx_parts = [], [], []
    for l in range(1, training.L + 1):
        parts = {}
        for p, grad in (("W", grads[l][0]), ("b", grads[l][1])):
            J_plus, J_minus = perturbed_costs(parameters, f"{p}{l}", X, Y, training, masks, epsilon)
            approx = (J_plus - J_minus) / (2 * epsilon)
            parts[p] = (parameters[f"{p}{l}"], grad, approx, J_plus, J_minus, np.abs(grad - approx))
            grad_parts.append(np.reshape(grad, (-1, 1)))
            approx_parts.append(np.reshape(approx, (-1, 1)))
        checks.append(LayerCheck(*parts["W"], *parts["b"],
                                 difference_W=relative_difference(parts["W"][1], parts["W"][2]),
                                 difference_b=relative_difference(parts["b"][1], parts["b"][2])))
    difference = relative_difference(np.concatenate(grad_parts, axis=0), np.concatenate(approx_parts, axis=0))
    return checks, difference

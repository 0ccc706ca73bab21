"""Course 2, week 1, "Gradient Checking" (W1A3): 1-D and N-D gradient checks, and the two planted bugs.

The notebook first checks ``J(theta) = theta * x`` (``forward_propagation``, ``backward_propagation``,
``gradient_check``), then the 3-layer network of the fraud-detection story (``forward_propagation_n``
computes the cost, ``backward_propagation_n`` is *shipped with two deliberate bugs*:
``dW2 = 1./m * np.dot(dZ2, A1.T) * 2`` and ``db1 = 4./m * np.sum(dZ1, axis=1, keepdims = True)``),
which ``gradient_check_n`` must catch: difference 0.2850931567761623 with the shipped backward,
about 1.19e-7 once both are fixed (``backward_propagation_n_fixed``, not the course's name).

``gradient_check_n`` perturbs the parameters one at a time in ``dictionary_to_vector``'s order
(W1, b1, W2, b2, W3, b3, each row-major: 47 numbers for the notebook's ``(5, 4), (5, 1), (3, 5),
(3, 1), (1, 3), (1, 1)``), ``theta_plus = np.copy(values); theta_plus[i][0] += epsilon``, and
compares ``gradapprox = (J_plus - J_minus) / (2 * epsilon)`` with the backward's vector by
``difference = ‖grad - gradapprox‖ / (‖grad‖ + ‖gradapprox‖)`` (``np.linalg.norm``).

Editions (``edition=``): the checks always print in 2017 and 2019-20 (``gradient_check``: "The
gradient is correct!" below 1e-7, else "The gradient is wrong!"; ``gradient_check_n``: a mistake
above 1e-7 in 2017, above 2e-7 in 2019-20); from 2021 both take ``print_msg=False`` and print only
when asked, with the threshold 2e-7 and the coloured messages of ``gradient_check_n``.
The helper file is ``gc_utils``; the notebook's ``forward_propagation_n`` cost is
``1./m * np.sum(log_probs)`` (``np.sum``, not ``nansum``).
"""

from __future__ import annotations

import numpy as np

from . import network
from .editions import since
from .network import relu, sigmoid

__all__ = [
    "sigmoid",
    "relu",
    "dictionary_to_vector",
    "vector_to_dictionary",
    "gradients_to_vector",
    "forward_propagation",
    "backward_propagation",
    "gradient_check",
    "forward_propagation_n",
    "backward_propagation_n",
    "backward_propagation_n_fixed",
    "gradient_check_n",
    "PARAMETER_SHAPES",
]

# The notebook's network: the shapes vector_to_dictionary slices the 47 numbers into, in order.
PARAMETER_SHAPES = {"W1": (5, 4), "b1": (5, 1), "W2": (3, 5), "b2": (3, 1), "W3": (1, 3), "b3": (1, 1)}

_MISTAKE = "\033[93m" + "There is a mistake in the backward propagation! difference = {}" + "\033[0m"
_FINE = "\033[92m" + "Your backward propagation works perfectly fine! difference = {}" + "\033[0m"


# --------------------------------------------------------------------------------------------
# The helper file (gc_utils)
# --------------------------------------------------------------------------------------------


def dictionary_to_vector(parameters):
    """Roll W1, b1, W2, b2, W3, b3 (each ``np.reshape(p, (-1, 1))``, row-major) into one column.

    Returns:
        (theta, keys): theta (47, 1) for the notebook's network; keys, one name per row
        (``["W1"] * 20 + ["b1"] * 5 + ...``).
    """
    keys = []
    count = 0
    for key in ["W1", "b1", "W2", "b2", "W3", "b3"]:
        new_vector = np.reshape(parameters[key], (-1, 1))
        keys = keys + [key] * new_vector.shape[0]
        if count == 0:
            theta = new_vector
        else:
            theta = np.concatenate((theta, new_vector), axis=0)
        count = count + 1
    return theta, keys


def vector_to_dictionary(theta):
    """Unroll a (47, 1) column into {"W1": (5, 4), "b1": (5, 1), "W2": (3, 5), "b2": (3, 1), "W3": (1, 3), "b3": (1, 1)}.

    The slices are the course's fixed ones (``theta[:20]``, ``theta[20:25]``, ...): the notebook's
    network only. The arrays are views of ``theta``.
    """
    parameters = {}
    start = 0
    for key, shape in PARAMETER_SHAPES.items():
        size = shape[0] * shape[1]
        parameters[key] = theta[start:start + size].reshape(shape)
        start += size
    return parameters


def gradients_to_vector(gradients):
    """Roll dW1, db1, dW2, db2, dW3, db3 (row-major) into one column, ``dictionary_to_vector``'s order.

    Returns:
        theta: (47, 1) for the notebook's network.
    """
    count = 0
    for key in ["dW1", "db1", "dW2", "db2", "dW3", "db3"]:
        new_vector = np.reshape(gradients[key], (-1, 1))
        if count == 0:
            theta = new_vector
        else:
            theta = np.concatenate((theta, new_vector), axis=0)
        count = count + 1
    return theta


def _difference(grad, gradapprox):
    """``np.linalg.norm(grad - gradapprox) / (np.linalg.norm(grad) + np.linalg.norm(gradapprox))``."""
    numerator = np.linalg.norm(grad - gradapprox)
    denominator = np.linalg.norm(grad) + np.linalg.norm(gradapprox)
    difference = numerator / denominator
    return difference


def _prints(print_msg, edition) -> bool:
    """Whether a check prints: always before 2021; from 2021 when ``print_msg`` (default False)."""
    return True if not since(edition, "2021") else bool(print_msg)


# --------------------------------------------------------------------------------------------
# 1-D gradient checking
# --------------------------------------------------------------------------------------------


def forward_propagation(x, theta):
    """Exercise 1: ``J = np.dot(theta, x)``, i.e. theta * x for two numbers."""
    J = np.dot(theta, x)
    return J


def backward_propagation(x, theta):
    """Exercise 2: ``dtheta = x``, the derivative of theta * x with respect to theta."""
    dtheta = x
    return dtheta


def gradient_check(x, theta, epsilon=1e-7, print_msg=None, *, edition=None):
    """Exercise 3: the 1-D check of ``backward_propagation`` against a centred difference of ``forward_propagation``.

    ``gradapprox = (J(theta + epsilon) - J(theta - epsilon)) / (2 * epsilon)``; ``grad =
    backward_propagation(x, theta)``; the difference as ``gradient_check_n``'s.

    Prints (see the module's editions): 2017, 2019-20 always, "The gradient is correct!" when the
    difference is below 1e-7 else "The gradient is wrong!"; from 2021 only when ``print_msg``,
    the coloured "Your backward propagation works perfectly fine! difference = ..." (at most
    2e-7) or "There is a mistake in the backward propagation! difference = ...".

    Returns:
        difference: float64, e.g. 2.919335883291695e-10 for (2, 4), 7.814075313343006e-11 for (3, 4).
    """
    thetaplus = theta + epsilon
    thetaminus = theta - epsilon
    J_plus = forward_propagation(x, thetaplus)
    J_minus = forward_propagation(x, thetaminus)
    gradapprox = (J_plus - J_minus) / (2 * epsilon)

    grad = backward_propagation(x, theta)
    difference = _difference(grad, gradapprox)

    if _prints(print_msg, edition):
        if not since(edition, "2021"):
            print("The gradient is correct!" if difference < 1e-7 else "The gradient is wrong!")
        else:
            print((_MISTAKE if difference > 2e-7 else _FINE).format(difference))
    return difference


# --------------------------------------------------------------------------------------------
# N-dimensional gradient checking
# --------------------------------------------------------------------------------------------


def forward_propagation_n(X, Y, parameters):
    """The notebook's forward pass with its cost: ``network.forward_propagation`` then
    ``cost = 1./m * np.sum(log_probs)`` (``np.sum``: an ``inf`` or ``nan`` loss shows).

    Arguments:
        X: (n[0], m), the notebook's (4, 3).
        Y: labels, (1, m) or the notebook's 1-D (m,) (it broadcasts).
        parameters: {"W1", "b1", "W2", "b2", "W3", "b3"}.

    Returns:
        (cost, cache): cost float64; cache ``(Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3)``.
    """
    m = X.shape[1]
    A3, cache = network.forward_propagation(X, parameters)
    log_probs = network.logprobs(A3, Y)
    cost = 1. / m * np.sum(log_probs)
    return cost, cache


def backward_propagation_n(X, Y, cache):
    """The notebook's ``backward_propagation_n`` as shipped, **with its two deliberate bugs**.

    ``reg_utils``'s backward (1/m in each ``dW``, ``db``), except
    ``dW2 = 1. / m * np.dot(dZ2, A1.T) * 2`` and ``db1 = 4. / m * np.sum(dZ1, axis=1, keepdims=True)``:
    the gradient check is meant to find them. ``backward_propagation_n_fixed`` is the fixed one.

    Returns:
        gradients: {"dZ3", "dW3", "db3", "dA2", "dZ2", "dW2", "db2", "dA1", "dZ1", "dW1", "db1"}.
    """
    m = X.shape[1]
    A1 = cache[1]
    gradients = network.backward_scaled_at_dw(X, Y, cache)  # everything else is right
    gradients["dW2"] = 1. / m * np.dot(gradients["dZ2"], A1.T) * 2  # the first planted bug: * 2
    gradients["db1"] = 4. / m * np.sum(gradients["dZ1"], axis=1, keepdims=True)  # the second: 4./m
    return gradients


def backward_propagation_n_fixed(X, Y, cache):
    """``backward_propagation_n`` with both bugs fixed (not a name of the course's): ``reg_utils``'s
    backward, ``dW2 = 1./m * np.dot(dZ2, A1.T)``, ``db1 = 1./m * np.sum(dZ1, axis=1, keepdims=True)``.

    See ``network.backward_scaled_at_dw``.
    """
    return network.backward_scaled_at_dw(X, Y, cache)


def gradient_check_n(parameters, gradients, X, Y, epsilon=1e-7, print_msg=None, *, edition=None):
    """Exercise 4: check ``gradients`` against centred differences of ``forward_propagation_n``'s cost.

    For each of the parameters in ``dictionary_to_vector``'s order: ``theta_plus = np.copy(values)``,
    ``theta_plus[i][0] += epsilon``, ``J_plus[i], _ = forward_propagation_n(X, Y,
    vector_to_dictionary(theta_plus))``, the same with ``- epsilon``, and
    ``gradapprox[i] = (J_plus[i] - J_minus[i]) / (2 * epsilon)``; then the difference against
    ``gradients_to_vector(gradients)``.

    Prints (see the module's editions): "There is a mistake in the backward propagation!
    difference = ..." above the threshold (1e-7 in 2017, 2e-7 after), else "Your backward
    propagation works perfectly fine! difference = ...", in yellow or green; always before
    2021, from 2021 only when ``print_msg``.

    Arguments:
        parameters: {"W1": (5, 4), "b1": (5, 1), "W2": (3, 5), "b2": (3, 1), "W3": (1, 3), "b3": (1, 1)}.
        gradients: at least {"dW1", "db1", ..., "db3"} of the same shapes (``backward_propagation_n``'s).
        X: (4, m). Y: (1, m) or (m,).
        epsilon: the shift.

    Returns:
        difference: float64; 0.2850931567761623 on the notebook's case with the shipped backward.
    """
    parameters_values, _ = dictionary_to_vector(parameters)
    grad = gradients_to_vector(gradients)
    num_parameters = parameters_values.shape[0]
    J_plus = np.zeros((num_parameters, 1))
    J_minus = np.zeros((num_parameters, 1))
    gradapprox = np.zeros((num_parameters, 1))

    for i in range(num_parameters):
        theta_plus = np.copy(parameters_values)
        theta_plus[i][0] = theta_plus[i][0] + epsilon
        J_plus[i], _ = forward_propagation_n(X, Y, vector_to_dictionary(theta_plus))

        theta_minus = np.copy(parameters_values)
        theta_minus[i][0] = theta_minus[i][0] - epsilon
        J_minus[i], _ = forward_propagation_n(X, Y, vector_to_dictionary(theta_minus))

        gradapprox[i] = (J_plus[i] - J_minus[i]) / (2 * epsilon)

    difference = _difference(grad, gradapprox)

    if _prints(print_msg, edition):
        threshold = 2e-7 if since(edition, "2019") else 1e-7
        print((_MISTAKE if difference > threshold else _FINE).format(difference))
    return difference

"""Gradient Checking's mistakes (W1A3): the centred difference and the relative difference, in 1-D and N-D.

Each model is the course's check (:mod:`dnnstep.course2.gradient_checking`) with one mistake put in,
on the same inputs; the N-D models shift the parameters in the course's order with the course's
``forward_propagation_n``, so the difference they give is exactly the student's when the student made
that mistake. (On the 1-D check, ``J = theta * x`` is linear: a one-sided difference and a difference
divided by epsilon instead of 2 epsilon both give 1/3 there; the N-D check tells them apart.)
"""

from __future__ import annotations

import numpy as np

from dnnstep.course2 import gradient_checking as course

CODES = {
    "gc-swapped": "J_plus and J_minus swapped: gradapprox has the wrong sign",
    "gc-one-sided": "epsilon on one side only (or theta_minus built from theta_plus): a one-sided difference",
    "gc-epsilon": "the difference divided by epsilon instead of 2 epsilon",
    "gc-denominator": "the relative difference's denominator is not ||grad|| + ||gradapprox||",
    "gc-norm": "a norm missing from the relative difference",
    "gc-dtheta": "backward_propagation returns something other than dtheta = x",
    "gc-forward": "forward_propagation returns something other than J = theta * x",
}


def _relative(numerator=lambda g, a: np.linalg.norm(g - a),
              denominator=lambda g, a: np.linalg.norm(g) + np.linalg.norm(a)):
    def difference(grad, gradapprox):
        return numerator(grad, gradapprox) / denominator(grad, gradapprox)
    return difference


_COURSE_DIFFERENCE = _relative()


def _check_1d(gradapprox_of, difference=_COURSE_DIFFERENCE):
    """gradient_check with ``gradapprox = gradapprox_of(J, theta, epsilon)`` (J: theta -> J) and ``difference``."""
    def check(x, theta, epsilon=1e-7, print_msg=False):
        def J(t):
            return course.forward_propagation(x, t)
        gradapprox = gradapprox_of(J, theta, epsilon)
        grad = course.backward_propagation(x, theta)
        return difference(grad, gradapprox)
    return check


def _centred(J, theta, epsilon):
    return (J(theta + epsilon) - J(theta - epsilon)) / (2 * epsilon)


def _check_n(shift_plus=None, shift_minus=None, quotient=lambda Jp, Jm, e: (Jp - Jm) / (2 * e),
             difference=_COURSE_DIFFERENCE):
    """gradient_check_n where theta_plus is ``shift_plus(values, theta_plus_before, i, e)`` and likewise theta_minus,
    gradapprox[i] ``quotient(J_plus, J_minus, e)``. (A theta_plus that is the parameter vector itself, not a copy,
    gives the numbers of a theta_minus made from theta_plus to within the tolerance: one model says both.)"""
    def check(parameters, gradients, X, Y, epsilon=1e-7, print_msg=False):
        values, _ = course.dictionary_to_vector(parameters)
        grad = course.gradients_to_vector(gradients)
        n = values.shape[0]
        gradapprox = np.zeros((n, 1))
        for i in range(n):
            theta_plus = np.copy(values)
            theta_plus[i][0] = theta_plus[i][0] + epsilon
            if shift_plus is not None:
                theta_plus = shift_plus(values, theta_plus, i, epsilon)
            J_plus, _ = course.forward_propagation_n(X, Y, course.vector_to_dictionary(theta_plus))
            theta_minus = np.copy(values)
            theta_minus[i][0] = theta_minus[i][0] - epsilon
            if shift_minus is not None:
                theta_minus = shift_minus(values, theta_plus, i, epsilon)
            J_minus, _ = course.forward_propagation_n(X, Y, course.vector_to_dictionary(theta_minus))
            gradapprox[i] = quotient(J_plus, J_minus, epsilon)
        return difference(grad, gradapprox)
    return check


def _from_plus(values, theta_plus, i, epsilon):
    """theta_minus = np.copy(theta_plus); theta_minus[i] -= epsilon: back to theta, not theta - epsilon."""
    theta_minus = np.copy(theta_plus)
    theta_minus[i][0] = theta_minus[i][0] - epsilon
    return theta_minus


_SWAPPED = ("gc-swapped", "{tensor}: gradapprox = (J_minus - J_plus) / (2 * epsilon), the wrong sign; "
                          "(J_plus - J_minus) / (2 * epsilon)")
_DENOMINATORS = [
    ("gc-denominator", "{tensor}: the denominator is np.linalg.norm(grad + gradapprox); it is "
                       "np.linalg.norm(grad) + np.linalg.norm(gradapprox), the sum of the two norms",
     _relative(denominator=lambda g, a: np.linalg.norm(g + a))),
    ("gc-denominator", "{tensor}: the difference is divided by np.linalg.norm(grad) only; the denominator is "
                       "np.linalg.norm(grad) + np.linalg.norm(gradapprox)",
     _relative(denominator=lambda g, a: np.linalg.norm(g))),
    ("gc-denominator", "{tensor}: the difference is divided by np.linalg.norm(grad) * np.linalg.norm(gradapprox); "
                       "the denominator is their sum",
     _relative(denominator=lambda g, a: np.linalg.norm(g) * np.linalg.norm(a))),
    ("gc-denominator", "{tensor}: the numerator alone, np.linalg.norm(grad - gradapprox), is returned; the difference "
                       "is divided by np.linalg.norm(grad) + np.linalg.norm(gradapprox)",
     _relative(denominator=lambda g, a: 1.0)),
    ("gc-norm", "{tensor}: the numerator is np.linalg.norm(grad) - np.linalg.norm(gradapprox), a difference of "
                "norms; it is the norm of the difference, np.linalg.norm(grad - gradapprox)",
     _relative(numerator=lambda g, a: np.linalg.norm(g) - np.linalg.norm(a))),
    ("gc-norm", "{tensor}: the denominator is grad + gradapprox without the norms; it is "
                "np.linalg.norm(grad) + np.linalg.norm(gradapprox)",
     _relative(denominator=lambda g, a: g + a)),
    ("gc-norm", "{tensor}: the numerator is grad - gradapprox without the norm; it is "
                "np.linalg.norm(grad - gradapprox)",
     _relative(numerator=lambda g, a: g - a)),
]

MODELS = {
    "forward_propagation": [
        ("gc-forward", "{tensor}: J = theta + x; the course's J(theta) = theta * x: np.dot(theta, x)",
         lambda x, theta: theta + x),
        ("gc-forward", "{tensor}: J = theta; J(theta) = theta * x: np.dot(theta, x)", lambda x, theta: theta),
    ],
    "backward_propagation": [
        ("gc-dtheta", "{tensor}: dtheta = theta; the derivative of J = theta * x with respect to theta is x",
         lambda x, theta: theta),
        ("gc-dtheta", "{tensor}: dtheta = theta * x (that is J); the derivative of J = theta * x is x",
         lambda x, theta: theta * x),
    ],
    "gradient_check": [
        (*_SWAPPED, _check_1d(lambda J, t, e: (J(t - e) - J(t + e)) / (2 * e))),
        ("gc-one-sided", "{tensor} is 1/3: gradapprox is half or twice the gradient: epsilon on one side only "
                         "((J(theta + epsilon) - J(theta)) / (2 * epsilon)) or the difference divided by epsilon "
                         "instead of 2 * epsilon; gradapprox = (J_plus - J_minus) / (2 * epsilon) with "
                         "thetaplus = theta + epsilon and thetaminus = theta - epsilon",
         _check_1d(lambda J, t, e: (J(t + e) - J(t)) / (2 * e))),
        *[(code, message, _check_1d(_centred, difference)) for code, message, difference in _DENOMINATORS],
    ],
    "gradient_check_n": [
        ("gc-one-sided", "{tensor} is what a one-sided difference gives: epsilon is used on one side only. theta_minus "
                         "ends up as theta itself, not theta - epsilon (theta_minus = np.copy(theta_plus) before its "
                         "- epsilon, theta_minus never shifted, or theta_plus = parameters_values without np.copy, so "
                         "that the + epsilon stays in the vector), or theta_plus is never shifted; make each a fresh "
                         "np.copy(parameters_values) and shift its [i][0] by + epsilon and - epsilon",
         _check_n(shift_minus=_from_plus)),
        (*_SWAPPED, _check_n(quotient=lambda Jp, Jm, e: (Jm - Jp) / (2 * e))),
        ("gc-epsilon", "{tensor}: gradapprox is (J_plus - J_minus) / epsilon; the centred difference spans "
                       "2 * epsilon: (J_plus[i] - J_minus[i]) / (2 * epsilon)",
         _check_n(quotient=lambda Jp, Jm, e: (Jp - Jm) / e)),
        *[(code, message, _check_n(difference=difference)) for code, message, difference in _DENOMINATORS],
    ],
}

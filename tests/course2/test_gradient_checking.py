"""C2W1 Gradient Checking (W1A3): the cases of CASES.md 5.2 and the printed messages of each edition.

Printed values: 2021 ``wy-luke/…/Week 1/3.Gradient_Checking.md@4a961cd4`` and 2021 ``public_tests.py``
(``greyhatguy007/…/W1A3/public_tests.py@dcc04544``); 2023+ ``public_tests.py`` and notebook
(``Hoanha2101/SmartBottleInspector:Khai_Hoan/MOOC2/W1A3/@8b6ffc35``); 2019-20
``amanchadha/…/Week 1/Gradient Checking/Gradient Checking v1.ipynb@e9de0f4d``; 2017
``Kulbear/deep-learning-coursera:…/Gradient Checking.ipynb@997fdb2e``.
"""

from __future__ import annotations

import numpy as np
import pytest

from dnnstep.course2 import cases
from dnnstep.course2 import gradient_checking as course

from .printed import printed

YELLOW, GREEN, RESET = "\033[93m", "\033[92m", "\033[0m"


@pytest.fixture(scope="module")
def network_case():
    X, Y, parameters = cases.gradient_check_n_test_case()
    cost, cache = course.forward_propagation_n(X, Y, parameters)
    return X, Y, parameters, cache


def test_gc_1_forward() -> None:
    assert course.forward_propagation(2, 4) == 8


def test_gc_2_3_backward() -> None:
    assert course.backward_propagation(2, 4) == 2
    assert course.backward_propagation(3, 4) == 3


def test_gc_4_gradient_check() -> None:
    assert course.gradient_check(2, 4) == 2.919335883291695e-10


def test_gc_5_the_old_table_agrees_to_8_digits() -> None:
    assert np.isclose(course.gradient_check(2, 4, edition="2017"), 2.9193358103083e-10, rtol=1e-7, atol=0)


def test_gc_6_gradient_check_2023() -> None:
    assert course.gradient_check(3, 4) == 7.814075313343006e-11


def test_gradient_check_prints_per_edition() -> None:
    _, lines = printed(course.gradient_check, 2, 4)
    assert lines == []
    _, lines = printed(course.gradient_check, 2, 4, print_msg=True)
    assert lines == [GREEN + "Your backward propagation works perfectly fine! difference = 2.919335883291695e-10"
                     + RESET]
    for edition in ("2017", "2019"):
        _, lines = printed(course.gradient_check, 2, 4, edition=edition)
        assert lines == ["The gradient is correct!"]


def test_gradient_check_says_wrong_when_it_is() -> None:
    """A backward that returns the wrong slope is caught (a check that cannot fail is no check)."""
    saved = course.backward_propagation
    try:
        course.backward_propagation = lambda x, theta: x + 1
        _, lines = printed(course.gradient_check, 2, 4, print_msg=True)
        assert lines[0].startswith(YELLOW + "There is a mistake in the backward propagation! difference = 0.1999999")
        assert printed(course.gradient_check, 2, 4, edition="2017")[1] == ["The gradient is wrong!"]
    finally:
        course.backward_propagation = saved


def test_vector_round_trip(network_case) -> None:
    X, Y, parameters, cache = network_case
    theta, keys = course.dictionary_to_vector(parameters)
    assert theta.shape == (47, 1)
    assert keys == ["W1"] * 20 + ["b1"] * 5 + ["W2"] * 15 + ["b2"] * 3 + ["W3"] * 3 + ["b3"]
    assert theta[:4, 0].tolist() == parameters["W1"][0].tolist()  # row-major
    back = course.vector_to_dictionary(theta)
    assert all(np.array_equal(back[k], parameters[k]) for k in parameters)
    gradients = {"d" + k: v * 2 for k, v in parameters.items()}
    assert np.array_equal(course.gradients_to_vector(gradients), 2 * theta)


def test_gc_9_the_shipped_backward_is_caught(network_case) -> None:
    X, Y, parameters, cache = network_case
    gradients = course.backward_propagation_n(X, Y, cache)
    difference, lines = printed(course.gradient_check_n, parameters, gradients, X, Y, 1e-7, True)
    assert difference == 0.2850931567761623
    assert not isinstance(difference, np.ndarray)
    assert lines == [YELLOW + "There is a mistake in the backward propagation! difference = 0.2850931567761623"
                     + RESET]


def test_gc_10_the_2017_table(network_case) -> None:
    """2017's table, ``0.285093156781``, differs from 2021's value in the 11th digit (CASES.md 9.1)."""
    X, Y, parameters, cache = network_case
    difference, lines = printed(course.gradient_check_n, parameters, course.backward_propagation_n(X, Y, cache),
                                X, Y, edition="2017")
    assert np.isclose(difference, 0.285093156781, rtol=1e-10, atol=0)
    assert lines[0].startswith(YELLOW + "There is a mistake")


def test_gc_11_the_fixed_backward(network_case) -> None:
    X, Y, parameters, cache = network_case
    gradients = course.backward_propagation_n_fixed(X, Y, cache)
    difference, lines = printed(course.gradient_check_n, parameters, gradients, X, Y, 1e-7, True)
    assert difference == 1.1890913024229996e-07
    assert lines == [GREEN + "Your backward propagation works perfectly fine! difference = 1.1890913024229996e-07"
                     + RESET]


def test_gc_12_the_2019_print(network_case) -> None:
    """A 2019-20 student's print of the fixed check, ``1.1890913023330276e-07``, is 7.6e-11 relative off."""
    X, Y, parameters, cache = network_case
    gradients = course.backward_propagation_n_fixed(X, Y, cache)
    difference, lines = printed(course.gradient_check_n, parameters, gradients, X, Y, edition="2019")
    assert np.isclose(difference, 1.1890913023330276e-07, rtol=1e-10, atol=0)
    assert lines[0].startswith(GREEN + "Your backward propagation works perfectly fine!")


def test_the_2017_threshold_is_1e_7(network_case) -> None:
    """2017 printed a mistake above 1e-7, so even the fixed backward (1.19e-7) was flagged then."""
    X, Y, parameters, cache = network_case
    gradients = course.backward_propagation_n_fixed(X, Y, cache)
    _, lines = printed(course.gradient_check_n, parameters, gradients, X, Y, edition="2017")
    assert lines[0].startswith(YELLOW + "There is a mistake")
    assert printed(course.gradient_check_n, parameters, gradients, X, Y)[1] == []


def test_the_two_bugs_are_where_the_course_planted_them(network_case) -> None:
    X, Y, parameters, cache = network_case
    shipped = course.backward_propagation_n(X, Y, cache)
    fixed = course.backward_propagation_n_fixed(X, Y, cache)
    assert np.array_equal(shipped["dW2"], 1. / 3 * np.dot(fixed["dZ2"], cache[1].T) * 2)
    assert np.allclose(shipped["db1"], 4 * fixed["db1"], rtol=1e-15, atol=0)
    for key in fixed:
        if key not in ("dW2", "db1"):
            assert np.array_equal(shipped[key], fixed[key]), key


def test_forward_propagation_n_cost(network_case) -> None:
    X, Y, parameters, cache = network_case
    cost, _ = course.forward_propagation_n(X, Y, parameters)
    A3 = cache[9]
    assert cost == 1. / 3 * np.sum(np.multiply(-np.log(A3), Y) + np.multiply(-np.log(1 - A3), 1 - Y))

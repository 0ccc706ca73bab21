"""The editions' names, and the course's test-case inputs leaving numpy's global generator alone."""

from __future__ import annotations

import numpy as np
import pytest

from dnnstep.course2 import cases, editions


@pytest.mark.parametrize("value, expected", [
    (None, "2023"), ("2017", "2017"), (2017, "2017"), ("2018", "2017"), ("2019-20", "2019"), (2020, "2019"),
    ("2021", "2021"), ("2022", "2021"), ("2023+", "2023"), (2024, "2023"),
])
def test_edition_names(value, expected) -> None:
    assert editions.edition(value) == expected


@pytest.mark.parametrize("value", ["2016", 2030, "current", True, 2021.0, ["2021"]])
def test_unknown_editions_are_named(value) -> None:
    with pytest.raises(ValueError, match=r"edition must be one of 2017, 2019, 2021, 2023 \(Course 2's editions\)"):
        editions.edition(value)


def test_since() -> None:
    assert editions.since(None, "2021") and editions.since("2019", "2019")
    assert not editions.since("2017", "2019") and not editions.since("2021", "2023")


@pytest.mark.parametrize("build", [
    cases.compute_cost_with_regularization_test_case,
    cases.backward_propagation_with_regularization_test_case,
    cases.forward_propagation_with_dropout_test_case,
    cases.backward_propagation_with_dropout_test_case,
    cases.gradient_check_n_test_case,
    cases.update_parameters_with_gd_test_case,
    cases.random_mini_batches_test_public,
    cases.initialize_velocity_test_case,
    cases.update_parameters_with_momentum_test_case,
    cases.initialize_adam_test_case,
    cases.update_parameters_with_adam_test_case,
])
def test_cases_leave_the_global_generator_alone(build) -> None:
    np.random.seed(42)
    expected = np.random.rand(2)
    np.random.seed(42)
    build()
    assert np.random.rand(2).tolist() == expected.tolist()


def test_cases_draw_what_the_course_draws() -> None:
    """``np.random.seed(1)`` then the course's ``randn`` calls in order give the same arrays."""
    np.random.seed(1)
    X = np.random.randn(3, 5)
    W1 = np.random.randn(2, 3)
    got_X, parameters = cases.forward_propagation_with_dropout_test_case()
    assert np.array_equal(got_X, X) and np.array_equal(parameters["W1"], W1)
    x, y, parameters = cases.gradient_check_n_test_case()
    assert y.shape == (3,) and parameters["W1"].shape == (5, 4) and x.shape == (4, 3)


def test_each_call_gives_fresh_arrays() -> None:
    first = cases.update_parameters_with_gd_test_case()[0]
    first["W1"] += 1
    assert not np.array_equal(first["W1"], cases.update_parameters_with_gd_test_case()[0]["W1"])
    X, Y, cache = cases.backward_propagation_with_dropout_test_case()
    assert cache[1].dtype == bool and cache[1].shape == (2, 5) and len(cache) == 14

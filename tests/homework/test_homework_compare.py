"""The tolerance: float noise never fails, real mistakes never pass, at the values' own scale."""

from __future__ import annotations

import numpy as np
import pytest

from dnnstep import course
from dnnstep.homework.comparing.tolerance import compare, matches, mismatch_mask


def _course_like_gradients(seed=0):
    """dW and db of a layer with the course's initialisation: values about 1e-5."""
    rng = np.random.default_rng(seed)
    A_prev = rng.standard_normal((5, 30)) * 0.01
    dZ = rng.standard_normal((4, 30)) * 0.001
    W = rng.standard_normal((4, 5)) * 0.01
    return course.linear_backward(dZ, (A_prev, W, np.zeros((4, 1)))), (dZ, A_prev)


def test_gradients_of_the_course_initialisation_are_tiny():
    (dA_prev, dW, db), _ = _course_like_gradients()
    assert np.abs(dW).max() < 1e-3 and np.abs(db).max() < 1e-2


def test_a_missing_one_over_m_fails_where_an_absolute_1e_3_would_pass():
    (dA_prev, dW, db), (dZ, A_prev) = _course_like_gradients()
    wrong = np.dot(dZ, A_prev.T)  # no 1/m
    assert np.allclose(wrong, dW, atol=1e-3)  # the trap
    assert not matches(dW, wrong)


def test_summing_in_another_order_passes():
    (dA_prev, dW, db), (dZ, A_prev) = _course_like_gradients(1)
    m = A_prev.shape[1]
    by_loop = np.zeros_like(dW)
    for j in reversed(range(m)):
        by_loop += np.outer(dZ[:, j], A_prev[:, j])
    by_loop = by_loop * (1 / m)
    by_einsum = np.einsum("im,jm->ij", dZ, A_prev) / m
    assert not np.array_equal(by_loop, dW) or not np.array_equal(by_einsum, dW)  # really different bits
    assert matches(dW, by_loop) and matches(dW, by_einsum)
    assert matches(db, dZ.mean(axis=1, keepdims=True))


def test_float32_arithmetic_passes():
    (dA_prev, dW, db), (dZ, A_prev) = _course_like_gradients(2)
    m = A_prev.shape[1]
    in_float32 = (np.dot(dZ.astype(np.float32), A_prev.T.astype(np.float32)) / np.float32(m)).astype(np.float64)
    assert not np.array_equal(in_float32, dW)
    assert matches(dW, in_float32)
    rng = np.random.default_rng(3)
    assert matches(dW, dW * (1 + 1e-7 * rng.standard_normal(dW.shape)))


@pytest.mark.parametrize("change", [
    lambda x: -x,
    lambda x: x * 2,
    lambda x: x.T,
    lambda x: x.ravel(),
    lambda x: np.where(np.arange(x.size).reshape(x.shape) == 3, 0.0, x),  # one element zeroed
    lambda x: x * (1 + 1e-4),  # a 0.01% error everywhere
])
def test_real_mistakes_never_pass(change):
    (dA_prev, dW, db), _ = _course_like_gradients(4)
    assert not matches(dW, change(dW))


def test_nan_matches_nan_and_inf_matches_the_same_inf():
    e = np.array([[np.nan, np.inf, 1.0]])
    assert matches(e, e.copy())
    assert not matches(e, np.array([[np.nan, -np.inf, 1.0]]))
    assert not matches(np.array([[1.0, 2.0]]), np.array([[np.nan, 2.0]]))


def test_an_all_zero_reference_wants_zeros():
    assert matches(np.zeros((2, 2)), np.zeros((2, 2)))
    assert not matches(np.zeros((2, 2)), np.full((2, 2), 1e-12))


def test_compare_names_the_largest_difference_and_where_it_is():
    expected = np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
    actual = expected.copy()
    actual[1, 2] = 7.5
    actual[0, 0] = 1.1
    diff = compare("dW", expected, actual)
    assert not diff.ok
    assert diff.index == (1, 2) and diff.max_diff == pytest.approx(1.5)
    assert (diff.expected_value, diff.actual_value) == (6.0, 7.5)
    assert diff.mismatched == (2, 6)


def test_compare_shapes_and_types():
    assert compare("db", np.zeros((3, 1)), np.zeros(3)).problem == "has shape (3,) instead of (3, 1)"
    assert compare("db", np.zeros((3, 1)), None).problem == "is None (missing)"
    assert compare("db", np.zeros((3, 1)), "0").problem == "is not an array but a str"
    assert compare("J", np.array(0.5), 0.5).ok  # a Python float is a scalar


def test_mismatch_mask_marks_wrong_cells_and_all_cells_for_a_wrong_shape():
    expected = np.arange(6.0).reshape(2, 3)
    actual = expected.copy()
    actual[0, 1] = -1
    assert mismatch_mask(expected, actual).tolist() == [[False, True, False], [False, False, False]]
    assert mismatch_mask(expected, actual.T).all() and mismatch_mask(expected, actual.T).shape == (2, 3)

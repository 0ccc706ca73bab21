"""The display statistics, cell formats, heat levels and the "go to" parser."""

from __future__ import annotations

import numpy as np
import pytest

from dnnstep.app.jump import JumpError, parse_jump
from dnnstep.app.values import HEAT_LEVELS, CellFormat, SummaryCache, heat_levels, summarize
from dnnstep.engine.step import step_index


def test_summary_agrees_with_numpy_over_the_finite_values():
    rng = np.random.default_rng(0)
    a = rng.normal(size=(40, 30))
    a[a < -1.5] = 0.0
    a[0, 0], a[1, 1], a[2, 2] = np.nan, np.inf, -np.inf
    s = summarize(a)
    finite = a[np.isfinite(a)]
    assert (s.nan, s.inf, s.size) == (1, 2, a.size)
    assert s.min == finite.min() and s.max == finite.max()
    assert s.mean == pytest.approx(finite.mean()) and s.std == pytest.approx(finite.std())
    assert s.zeros == np.count_nonzero(a == 0) / a.size
    assert s.chunks()[0] == "1 NaN, 2 Inf"  # bad values lead, so they are never cut off
    assert all(len(line) <= 30 for line in s.lines(30, most=2))


def test_summary_of_a_clean_and_an_empty_array():
    s = summarize(np.array([[0.0, 2.0], [4.0, 0.0]]))
    assert s.line() == "min 0  max 4  mean 1.5  std 1.658  zeros 50%  no NaN/Inf"
    assert summarize(np.zeros((0, 3))).line() == "empty"
    assert summarize(np.array(0.25)).line() == "value 0.25"


def test_summary_of_values_near_the_float_limit_warns_nothing(recwarn):
    big = np.finfo(np.float64).max
    s = summarize(np.array([big, big]))
    assert s.min == s.max == big and np.isinf(s.mean)  # the sum overflows; the extremes are exact
    assert not [w for w in recwarn if issubclass(w.category, RuntimeWarning)]


def test_summary_cache_reads_an_array_once():
    cache, a = SummaryCache(size=2), np.arange(6.0)
    first = cache.get(a)
    assert cache.get(a) is first
    cache.get(np.ones(2)), cache.get(np.ones(3))  # evicts a
    assert cache.get(a) is not first and cache.get(a) == first


@pytest.mark.parametrize(
    "values,kind,text",
    [
        ([0.0, 0.0, 1.0], "int", " 1"),
        ([0.5, -1.25], "fixed", "-1.2500"),
        ([1e-5, -3e-6], "sci", "-3.000e-06"),
        ([12345.0, 1.5], "sci", " 1.500e+00"),
    ],
)
def test_cell_format_follows_the_arrays_scale(values, kind, text):
    fmt = CellFormat.for_summary(summarize(np.array(values)))
    assert fmt.kind == kind
    assert fmt.format(values[-1]) == text.rjust(fmt.width)
    assert fmt.format(float("nan")).strip() == "nan"


def test_heat_levels_keep_sign_and_never_hide_a_tiny_value():
    levels = heat_levels(np.array([-2.0, -1e-9, 0.0, 1e-9, 1.0, 2.0, np.nan]), 2.0)
    assert levels.tolist() == [-HEAT_LEVELS, -1, 0, 1, HEAT_LEVELS // 2, HEAT_LEVELS, HEAT_LEVELS + 1]


@pytest.mark.parametrize(
    "text,expected",
    [
        ("7", (3, 7)),
        ("cost", (3, step_index(5, "cost"))),
        ("backward 2", (3, step_index(5, "backward", 2))),
        ("backward", (3, step_index(5, "backward"))),
        ("40:", (40, 0)),
        ("it 40", (40, 0)),
        ("40: update 5", (40, step_index(5, "update", 5))),
    ],
)
def test_parse_jump(text, expected):
    assert parse_jump(text, L=5, num_iterations=100, iteration=3) == expected


@pytest.mark.parametrize(
    "text,message",
    [
        ("", "Type a step number (0..15)"),
        ("16", "Step 16 is outside 0..15"),
        ("100:", "Iteration 100 is outside 0..99"),
        ("sideways", "'sideways' is not a step"),
        ("backward 9", "layer 9 is outside 1..5"),
        ("cost 2", "The cost step has no layer"),
        ("x:3", "'x' is not an iteration number"),
    ],
)
def test_parse_jump_says_what_is_wrong(text, message):
    with pytest.raises(JumpError, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse_jump(text, L=5, num_iterations=100, iteration=3)

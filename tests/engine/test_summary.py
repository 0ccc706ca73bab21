"""The one summary of an array's numbers, read by the transcript and by the debugger."""

import math

import numpy as np

from dnnstep.engine.summary import index_text, summarize
from dnnstep.export.transcript import summary as transcript_summary


def test_statistics_are_over_the_finite_values_and_count_the_rest():
    array = np.array([[0.0, 2.0, np.nan], [-1.0, np.inf, 0.0]])
    stats = summarize(array)
    assert stats.shape == (2, 3) and stats.size == 6 and stats.finite == 4
    assert (stats.min, stats.max, stats.mean) == (-1.0, 2.0, 0.25)
    assert math.isclose(stats.std, np.std([0.0, 2.0, -1.0, 0.0]))
    assert (stats.zeros, stats.nan, stats.inf, stats.integral) == (2, 1, 1, True)
    assert transcript_summary(array) == "(2, 3)      min -1  max 2  mean 0.25  std 1.08972  zeros 2/6  NaN 1  Inf 1"


def test_empty_and_all_nan_arrays():
    assert summarize(np.zeros((0, 3))).size == 0 and transcript_summary(np.zeros((0, 3))) == "(0, 3)      empty"
    stats = summarize(np.full((2, 2), np.nan))
    assert stats.finite == 0 and math.isnan(stats.mean) and stats.nan == 4 and not stats.integral
    assert transcript_summary(np.full((2, 2), np.nan)) == "(2, 2)      no finite values  NaN 4"


def test_the_debugger_reads_the_same_numbers():
    from dnnstep.app.values import summarize as display_summary

    array = np.array([[0.5, 0.0], [1.5, np.nan]])
    stats, shown = summarize(array), display_summary(array)
    assert (shown.min, shown.max, shown.mean, shown.std, shown.nan) == (stats.min, stats.max, stats.mean, stats.std, 1)
    assert shown.zeros == 0.25 and shown.integral is False


def test_index_text():
    assert index_text((1, np.int64(2))) == "[1, 2]" and index_text(()) == "[]"

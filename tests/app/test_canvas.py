"""The drawing under the pictures: braille packing, line joining, ticks."""

from __future__ import annotations

import numpy as np

from dnnstep.app.canvas import braille_codes, decade_ticks, nice_ticks, span, tick_label, trace


def test_braille_codes_set_the_bit_of_each_dot():
    dots = np.zeros((4, 2), bool)
    assert braille_codes(dots).tolist() == [[0x2800]]
    dots[0, 0] = dots[3, 1] = True  # dot 1 (0x01) and dot 8 (0x80)
    assert chr(braille_codes(dots)[0, 0]) == "⢁"
    full = np.ones((8, 4), bool)
    assert braille_codes(full).tolist() == [[0x28FF, 0x28FF], [0x28FF, 0x28FF]]


def test_a_line_is_joined_across_the_columns_between_its_points():
    dots = np.zeros((10, 10), bool)
    trace(dots, np.array([0.0, 9.0]), np.array([0.0, 9.0]))
    assert all(dots[:, c].any() for c in range(10))  # no gap in any column
    assert dots[0, 0] and dots[9, 9] and not dots[9, 0]


def test_nan_breaks_a_line():
    dots = np.zeros((4, 10), bool)
    trace(dots, np.arange(10.0), np.array([1, 1, 1, 1, np.nan, np.nan, 1, 1, 1, 1], float))
    assert not dots[:, 4].any() and not dots[:, 5].any()
    assert dots[1, :4].all() and dots[1, 6:].all()


def test_ticks_are_round_numbers_and_decades():
    assert nice_ticks(0, 10, 5) == [0, 2, 4, 6, 8, 10]
    assert nice_ticks(0, 1, 4, whole=True) == [0, 1]
    assert decade_ticks(-6.3, -0.2, 10) == [-6.0, -5.0, -4.0, -3.0, -2.0, -1.0]
    assert tick_label(-3.0, log=True) == "1e-03"
    assert span(np.array([0.0, 1e-3, 1e-1]), log=True) == (-3.0, -1.0)


def test_a_log_axis_within_one_decade_labels_its_values():
    lo, hi = np.log10(0.3), np.log10(0.7)
    ticks = decade_ticks(lo, hi, 4)
    assert ticks and all(lo <= t <= hi for t in ticks)
    assert [tick_label(t, log=True) for t in ticks] == [f"{10 ** t:.3g}" for t in ticks]
    assert "1e00" not in [tick_label(t, log=True) for t in ticks]

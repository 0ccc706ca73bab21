"""Right homework written every way students write it passes: no finding, no hint (issue 21)."""

from __future__ import annotations

import pytest

from dnnstep.homework.reporting.report import render
from dnnstep.homework.running.recording import as_called
from tests.homework.helpers import checked
from tests.homework.mistakes import RIGHT_FILES


@pytest.mark.parametrize("fmt", ("py", "ipynb"))
@pytest.mark.parametrize("right", RIGHT_FILES, ids=lambda r: r.name)
def test_a_right_file_written_another_way_passes(right, fmt):
    report = checked(f"{right.name}.{fmt}")
    assert report.exit_status == 0, render(report)
    assert not [h for f in report.functions for h in f.hints]
    assert all(p.ok for p in report.pipelines), render(report)
    if right.note:
        assert any(right.note in note for f in report.functions for note in f.notes) or right.note in report.notes


def _layer(A_prev, W, b, activation="relu"):
    return A_prev, W, b, activation


def test_a_call_is_recorded_as_the_function_received_it():
    assert as_called(_layer, (), {"activation": "sigmoid", "b": 3, "W": 2, "A_prev": 1}) == (1, 2, 3, "sigmoid")
    assert as_called(_layer, (1, 2, 3), {}) == (1, 2, 3, "relu")  # the default left out
    assert as_called(_layer, (1,), {"b": 3, "W": 2}) == (1, 2, 3, "relu")


def test_a_call_through_args_and_kwargs_is_put_in_the_courses_order():
    def forwarding(*args, **kwargs):
        return args, kwargs

    names = ("A_prev", "W", "b", "activation")
    assert as_called(forwarding, (1,), {"activation": "relu", "b": 3, "W": 2}, names) == (1, 2, 3, "relu")
    assert as_called(forwarding, (1, 2), {"extra": 9, "b": 3}, names) == (1, 2, 3, 9)


def test_a_call_python_refuses_is_recorded_as_written():
    assert as_called(_layer, (1, 2, 3, 4, 5), {}) == (1, 2, 3, 4, 5)

"""The hints of the second round of real files (issue 21) that a fixture's table cannot spell out whole, and a
mistake no model knows, said precisely and without a hint."""

from __future__ import annotations

import json

import pytest

from dnnstep.homework.reporting.report import render
from tests.homework.helpers import FIXTURES, checked


def _where(fmt: str, line: str) -> str:
    """Where ``line`` of fixtures/global_dA_prev.<fmt> is, as a report says it."""
    path = FIXTURES / f"global_dA_prev.{fmt}"
    if fmt == "py":
        return f"{path}, line {path.read_text().splitlines().index(line) + 1}"
    cells = json.loads(path.read_text())["cells"]
    number = next(i for i, c in enumerate(cells, 1) if line + "\n" in c["source"])
    return f"{path}, cell {number}, line {cells[number - 1]['source'].index(line + chr(10)) + 1}"


@pytest.mark.parametrize("fmt", ("py", "ipynb"))
def test_a_name_only_a_test_line_sets_is_named_with_the_line(fmt):
    report = checked(f"global_dA_prev.{fmt}")
    backward = next(f for f in report.functions if f.function == "L_model_backward")
    where = _where(fmt, "dA_prev, t_dW, t_db = linear_backward(t_dZ, t_linear_cache)")
    message = (f"L_model_backward reads dA_prev, which it never sets: dA_prev is set only outside it, at {where} (a "
               "test's line, which dnnstep does not run); in the notebook the function read what that line left "
               "there, in a fresh kernel it raises NameError. Did you mean dA_prev_temp?")
    assert [(h.code, h.message) for h in backward.hints] == [("global-name", message)]
    assert [(h.code, h.message) for h in report.pipelines[0].divergence.hints] == [("global-name", message)]


@pytest.mark.parametrize("fmt", ("py", "ipynb"))
def test_a_mistake_no_model_knows_is_said_precisely_and_without_a_hint(fmt):
    report = checked(f"unknown_dW_offset.{fmt}")
    result = next(f for f in report.functions if not f.ok)
    assert result.function == "linear_backward" and result.hints == []
    (dW,) = result.tensors
    assert (dW.name, dW.expected_shape, dW.actual_shape, dW.index, dW.mismatched) == ("dW", (3, 5), (3, 5), (0, 0),
                                                                                      (15, 15))
    assert dW.actual_value - dW.expected_value == pytest.approx(1e-3)
    divergence = report.pipelines[0].divergence
    assert divergence.hints == [] and [t.name for t in divergence.tensors] == ["dW"]
    assert "hint" not in render(report)


def test_the_update_hint_says_the_layer_a_loop_left_out_not_a_copy():
    divergence = checked("update_skips_last.py").pipelines[0].divergence
    assert [h.message for h in divergence.hints] == [
        "update_parameters left layer 3 unchanged (W3, b3 are returned as they were given): the loop must update every "
        "layer, l = 1 .. L: for l in range(L) with str(l + 1)"]


def test_a_2017_application_is_diagnosed_and_trained_by_its_own_helpers():
    report = checked("app_2017_no_update.py")
    assert report.edition_lines()[0].startswith("This file follows the 2017 edition")
    # its L_model_backward is dnn_app_utils_v2's (keys dA1..dAL): the pipeline reads them so
    assert [p.ok for p in report.pipelines] == [True], render(report)

"""The closer look at single numbers: labels, full-precision values, watches."""

from __future__ import annotations

import numpy as np

from dnnstep.app.closer import cell_label, cell_line, clamp_index, watch_lines, watch_of, watch_value
from dnnstep.engine import Session
from dnnstep.engine.step import step_index

from dnnstep.scenario import make_scenario


def test_a_cell_is_named_in_course_notation_with_numpys_index():
    assert cell_label("dW[3]", (2, 4)) == "dW[3][2, 4]"
    assert cell_label("W[1] before", (0, 1)) == "W[1][0, 1] before"
    assert cell_label("J", ()) == "J"


def test_the_value_is_shown_at_full_precision_and_reads_back_as_the_same_float():
    array = np.array([[0.1 + 0.2, -1 / 3]])
    line = cell_line("dW[3]", array, (0, 1))
    assert line == "dW[3][0, 1] = -0.3333333333333333"
    assert float(line.split(" = ")[1]) == array[0, 1]
    assert cell_line("J", np.array(0.6931471805599453), ()) == "J = 0.6931471805599453"


def test_in_homework_mode_the_line_shows_student_reference_and_difference():
    student = np.array([[1.0, 2.5]])
    reference = np.array([[1.0, 2.0]])
    assert cell_line("db[2]", student, (0, 1), reference=reference) == (
        "db[2][0, 1]  student 2.5  reference 2.0  difference 0.5")
    assert "no element to compare" in cell_line("db[2]", np.array([1.0, 2.5]), (1,), reference=reference)


def test_a_cursor_stays_inside_a_tensor_of_another_shape():
    assert clamp_index((5, 9), (3, 4)) == (2, 3)
    assert clamp_index((1,), (3, 4)) == (0, 0)


def test_a_watch_follows_its_element_through_the_iterations():
    session = Session(make_scenario([2, 8, 4, 1], m=50, data="circles", init="he", learning_rate=0.3))
    index = step_index(session.L, "backward", 2)
    dW = session.step(0, index)["dW"]
    at = tuple(int(i) for i in np.unravel_index(np.argmax(np.abs(dW)), dW.shape))  # a nonzero element
    watch = watch_of(session.step(0, index), "dW", at, "dW[2]")
    assert (watch.label, watch.place) == (f"dW[2][{at[0]}, {at[1]}]", "backward 2")
    values = [watch_value(session.steps, iteration, watch) for iteration in range(3)]
    assert values == [session.step(iteration, index)["dW"][at] for iteration in range(3)]
    assert len(set(values)) == 3 and values[0] != 0  # it changes as training goes on
    assert watch_value(lambda i: None, 3, watch) is None
    (line,) = watch_lines(session.steps, 2, [watch])
    assert line == f"{watch.label} at backward 2, iteration 2 = {values[2]!r}"

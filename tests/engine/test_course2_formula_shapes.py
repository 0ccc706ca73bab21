"""Every operand of a Course 2 formula line has a shape the formula pane can write under it
(a scalar's is ``()``), so no line shows ``?`` where the step holds the number."""

from __future__ import annotations

import pytest

from dnnstep.engine import Session
from dnnstep.engine.formulas import shapes_of
from dnnstep.engine.step_formulas import step_formulas
from dnnstep.scenario import load_scenario


@pytest.mark.parametrize("name", ["moons_gd_decay", "moons_adam_schedule", "moons_momentum", "gradient_check"])
def test_no_course_2_formula_has_an_unknown_shape(name):
    session = Session(load_scenario(name))
    for step in session.steps(0):
        for line in step_formulas(step.phase, step.layer, step.activation, shapes_of(step.tensors), session.L,
                                  session.features):
            for text, shape, kind in line.columns():
                assert shape != "?", f"{step.label}: {text} in {line}"
            assert line.ok, f"{step.label}: {line}"


def test_the_decayed_learning_rate_is_a_number():
    session = Session(load_scenario("moons_gd_decay"))
    update = session.steps(0)[2 * session.L + 1]
    line = step_formulas("update", 1, None, shapes_of(update.tensors), session.L, session.features)[0]
    assert line.columns()[0] == ("α", "()", "target")

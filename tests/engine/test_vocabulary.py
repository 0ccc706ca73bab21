"""The one vocabulary of steps: the table of tensors, the course labels, the formula text."""

from __future__ import annotations

import numpy as np
import pytest

from dnnstep import Session
from dnnstep.engine.step_formulas import step_formulas
from dnnstep.engine.vocabulary import DISPLAY_ORDER, INPUTS, LAYER_GRADIENTS, RESULTS, TENSORS, course_label
from dnnstep.scenario import make_scenario


@pytest.fixture(scope="module")
def steps():
    scenario = make_scenario([3, 4, 2, 1], ["relu", "tanh", "sigmoid"], m=6, seed=1)
    return Session(scenario).steps(0)


def test_each_step_holds_the_tensors_of_its_phase_in_the_table_order(steps):
    for step in steps:
        assert tuple(step.tensors) == TENSORS[step.phase], step.label


def test_inputs_and_results_split_each_phase():
    assert RESULTS == {"forward": ("Z", "A"), "cost": ("J", "dAL"), "backward": ("dZ", "dW", "db", "dA_prev"),
                       "update": ("W_new", "b_new")}
    assert INPUTS["backward"] == ("dA", "Z", "A_prev", "W")
    assert LAYER_GRADIENTS == ("dZ", "dW", "db")
    assert sorted(DISPLAY_ORDER) == sorted({n for names in TENSORS.values() for n in names})


@pytest.mark.parametrize(("name", "phase", "layer", "label"), [
    ("A_prev", "forward", 1, "A[0] = X"),
    ("A_prev", "forward", 3, "A[2]"),
    ("A", "forward", 5, "A[5] = AL"),
    ("AL", "cost", 5, "AL = A[5]"),
    ("dAL", "cost", 5, "dAL"),
    ("dA", "backward", 5, "dAL"),
    ("dA", "backward", 3, "dA[3]"),
    ("dW", "backward", 3, "dW[3]"),
    ("dA_prev", "backward", 3, "dA[2]"),
    ("W", "update", 2, "W[2] before"),
    ("dW", "update", 2, "dW[2]"),
    ("b_new", "update", 2, "b[2] after"),
])
def test_course_label(name, phase, layer, label):
    assert course_label(name, phase, layer, 5) == label


def test_course_label_without_aliases_starts_a_sentence():
    assert course_label("A_prev", "forward", 1, 5, aliases=False) == "A[0]"
    assert course_label("A", "forward", 5, 5, aliases=False) == "A[5]"
    assert course_label("AL", "cost", 5, 5, aliases=False) == "AL"


def test_the_step_records_the_formula_text_the_screen_shows(steps):
    L = 3
    for step in steps:
        shapes = {name: np.shape(value) for name, value in step.tensors.items()}
        on_screen = tuple(line.text for line in step_formulas(step.phase, step.layer, step.activation, shapes, L))
        assert step.formula == on_screen, step.label
    by_label = {step.label: step.formula for step in steps}
    assert by_label["forward 2"] == ("Z[2] = W[2] A[1] + b[2]", "A[2] = tanh(Z[2])")
    assert by_label["cost"] == ("J = -1/m Σ (Y log AL + (1 - Y) log(1 - AL))", "dAL = -(Y / AL - (1 - Y) / (1 - AL))")
    assert by_label["backward 3"] == ("dZ[3] = dAL * σ'(Z[3])", "dW[3] = 1/m dZ[3] A[2]ᵀ", "db[3] = 1/m Σ dZ[3]",
                                      "dA[2] = W[3]ᵀ dZ[3]")
    assert by_label["backward 1"][0] == "dZ[1] = dA[1] * relu'(Z[1])"
    assert by_label["update 1"] == ("W[1] := W[1] - α dW[1]", "b[1] := b[1] - α db[1]")

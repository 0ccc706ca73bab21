"""Course 2's shipped scenarios: each notebook's run, listed under a heading of its own."""

from __future__ import annotations

import numpy as np
import pytest

from dnnstep.cli import main as main_cli
from dnnstep.course2.cases import gradient_check_n_test_case
from dnnstep.scenario import load_scenario, peek_scenario, shipped_names

from tests.course2_engine.conftest import football_dir

COURSE2 = {
    "circles_zeros", "circles_random", "circles_he", "football", "football_l2", "football_dropout",
    "gradient_check", "gradient_check_fixed", "moons_gd", "moons_momentum", "moons_adam", "moons_gd_decay",
    "moons_gd_schedule", "moons_momentum_schedule", "moons_adam_schedule",
}


def test_every_notebook_run_is_shipped_as_course_2():
    assert COURSE2 <= set(shipped_names())
    assert {name for name in shipped_names() if peek_scenario(name).course == 2} == COURSE2
    assert peek_scenario("five_layer").course == 1


@pytest.mark.parametrize("name", sorted(COURSE2))
def test_each_loads_and_says_what_to_look_at(name):
    folder = football_dir() if name.startswith("football") else None
    scenario = load_scenario(name, data_dir=folder)
    assert scenario.course == 2 and scenario.name == name
    assert scenario.title and len(scenario.description) > 300 and "look" in scenario.description.lower()
    assert scenario.expectations, "each pins the notebook's published numbers"
    assert scenario.arithmetic in ("reg_utils", "init_utils")


def test_the_gradient_check_writes_out_the_courses_test_case_exactly():
    x, y, parameters = gradient_check_n_test_case()
    for name in ("gradient_check", "gradient_check_fixed"):
        scenario = load_scenario(name)
        assert np.array_equal(scenario.X, x) and np.array_equal(scenario.Y, y.reshape(1, 3))
        for key, value in parameters.items():
            assert np.array_equal(scenario.parameters[key], value), key
    assert load_scenario("gradient_check").gradient_check.backward == "as_shipped"
    assert load_scenario("gradient_check_fixed").gradient_check.backward == "fixed"


def test_the_moons_runs_train_the_notebooks_25000_updates():
    scenario = load_scenario("moons_adam")
    assert (scenario.mini_batch_size, scenario.num_epochs, scenario.num_iterations) == (64, 5000, 25000)
    assert scenario.schedule().K == 5 and scenario.shuffle_seed == 10


def test_dnnstep_scenarios_lists_them_under_a_course_2_heading(capsys):
    assert main_cli(["scenarios"]) == 0
    out = capsys.readouterr().out
    week4, _, course2 = out.partition("\nCourse 2: Improving Deep Neural Networks\n")
    assert course2, out
    assert "five_layer" in week4 and "circles_he" not in week4
    listed = {line.split()[0] for line in course2.splitlines() if line.strip() and not line.startswith("* ")}  # not the note
    assert listed == COURSE2

"""The course's test inputs, rebuilt from their recipes, are the course's: the published outputs come out."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from dnnstep import course
from dnnstep.homework.comparing.cases import course_cases, scenario_cases
from dnnstep.homework.comparing.functions import expected_output
from dnnstep.scenario import load_scenario

VECTORS = Path(__file__).resolve().parents[3] / "shared" / "course_vectors" / "w4a1.json"


def _select(value, path):
    for key in path:
        value = value[key]
    return value


@pytest.mark.skipif(not VECTORS.exists(), reason="the course vectors are not on this machine")
def test_every_2021_case_is_rebuilt_and_gives_the_published_outputs():
    data = json.loads(VECTORS.read_text())
    published = [c for c in data["cases"] if "2021" in c["versions"]]
    ours = course_cases()
    assert len(ours) == len(published)
    for case, vector in zip(ours, published):
        assert case.function == vector["function"]
        output = expected_output(case.function, case.args)
        for expect in vector["expect"]:
            if "2021" not in expect["versions"] or "value" not in expect:
                continue
            got = np.asarray(_select(output, expect["select"]), dtype=float)
            want = np.array(expect["value"], dtype=float).reshape(expect["shape"])
            assert got.shape == want.shape, (vector["id"], expect["what"])
            assert np.allclose(got, want, rtol=0, atol=1e-7), (vector["id"], expect["what"])


def test_the_recipes_do_not_disturb_numpys_global_generator():
    np.random.seed(123)
    before = np.random.get_state()[1].copy()
    course_cases()
    assert np.array_equal(np.random.get_state()[1], before)


def test_scenario_cases_cover_every_layer_and_function():
    scenario = load_scenario("five_layer")
    cases = scenario_cases(scenario)
    by_function = {}
    for case in cases:
        by_function.setdefault(case.function, []).append(case)
    assert sorted(c.layer for c in by_function["linear_backward"]) == [1, 2, 3, 4, 5]
    assert len(by_function["L_model_forward"]) == len(by_function["L_model_backward"]) == 1
    assert "initialize_parameters" not in by_function  # five layers: not the 2-layer function
    for case in cases:  # every case runs on the reference
        expected_output(case.function, case.args)


def test_networks_the_course_functions_cannot_train_get_only_layer_cases():
    planar = load_scenario("planar")  # tanh hidden layer
    functions = {c.function for c in scenario_cases(planar)}
    assert "L_model_forward" not in functions and "L_model_backward" not in functions
    assert [c.layer for c in scenario_cases(planar) if c.function == "linear_activation_forward"] == [2]
    assert "initialize_parameters" in functions

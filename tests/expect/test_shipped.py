"""The shipped scenarios' expectations: they hold, and they say what the course says."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from dnnstep.expect.runner import ScenarioFile, carries_expectations
from dnnstep.scenario import shipped_dir, shipped_scenarios
from tests.course2.football import FOOTBALL
from tests.expect.conftest import plugin_args

VECTORS = (Path(__file__).resolve().parents[2] / ".." / "shared" / "course_vectors" / "w4a1.json").resolve()

WITH_EXPECTATIONS = [p for p in shipped_scenarios() if carries_expectations(p)]


def test_the_course_scenarios_carry_expectations():
    names = {p.stem for p in WITH_EXPECTATIONS}
    assert {"five_layer", "step_by_step"} <= names




@pytest.mark.parametrize("path", WITH_EXPECTATIONS, ids=lambda p: p.stem)
def test_every_shipped_expectation_holds(path, tmp_path, monkeypatch):
    if 'file = "data.mat"' in path.read_text():
        # The Regularization notebook's data file, where a learner keeps it: ./datasets/data.mat.
        if not FOOTBALL.is_file():
            pytest.skip(f"the course's football data is absent: {FOOTBALL}")
        (tmp_path / "datasets").mkdir()
        (tmp_path / "datasets" / "data.mat").symlink_to(FOOTBALL)
        monkeypatch.chdir(tmp_path)
    loaded = ScenarioFile.load(path)
    assert loaded.load_error is None
    outcomes = loaded.run_all()
    assert outcomes
    failed = [o.message for o in outcomes if o.status != "pass"]
    assert not failed, "\n\n".join(failed)


def entries(name):
    return ScenarioFile.load(shipped_dir() / f"{name}.toml").entries


def test_five_layer_pins_the_shapes_of_the_course_notes():
    # The course notes' network: n = [2, 3, 5, 4, 2, 1].
    notes = {1: (3, 2), 2: (5, 3), 3: (4, 5), 4: (2, 4), 5: (1, 2)}
    pinned = {(e.phase, e.layer, e.tensor): e.shape for e in entries("five_layer") if e.shape}
    for l, shape in notes.items():
        assert pinned[("forward", l, "W")] == shape
        assert pinned[("backward", l, "dW")] == shape
    kinds = {c for e in entries("five_layer") for c in e.checks}
    assert {"shape", "no_nan", "gradcheck", "cost"} <= kinds


@pytest.mark.skipif(not VECTORS.is_file(), reason=f"the course vectors are absent: {VECTORS}")
def test_step_by_step_expects_the_courses_published_forward_outputs():
    case = next(c for c in json.loads(VECTORS.read_text())["cases"] if c["id"] == "S5b")
    published = {e["select"][1] + 1 if len(e["select"]) == 3 else "AL": np.array(e["value"])
                 for e in case["expect"] if "value" in e}
    values = {(e.phase, e.layer, e.tensor): e for e in entries("step_by_step") if e.values is not None}
    for l in (1, 2, 3):
        e = values[("forward", l, "Z")]
        assert np.array_equal(e.values, published[l]) and e.shape == published[l].shape
        assert (e.rtol, e.atol) == (0.0, 1e-8)
    assert np.array_equal(values[("forward", 3, "A")].values, published["AL"])
    assert np.array_equal(values[("cost", 3, "AL")].values, published["AL"])
    # A_prev of forward 1 is the course's X: np.random.seed(6), then randn(5, 4)
    rs = np.random.RandomState(6)
    assert np.array_equal(values[("forward", 1, "A_prev")].values, rs.randn(5, 4))


def test_pytest_runs_the_shipped_course_scenarios(pytester):
    # (every shipped file is checked above; two are enough to see pytest run them)
    paths = [shipped_dir() / "five_layer.toml", shipped_dir() / "step_by_step.toml"]
    result = pytester.runpytest(*plugin_args(), "-v", *map(str, paths))
    result.assert_outcomes(passed=sum(len(ScenarioFile.load(p).entries) for p in paths))
    result.stdout.fnmatch_lines(["*five_layer.toml::backward 3 dW shape PASSED*",
                                 "*step_by_step.toml::forward 2 Z shape, values PASSED*"])

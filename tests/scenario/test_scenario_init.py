"""The initialisers reproduce the course: S1 (initialize_parameters), S2
(initialize_parameters_deep), the Application's rule, and the documented he/xavier/zeros."""

import numpy as np
import pytest

from dnnstep.scenario import ScenarioError, initialize, load_scenario, make_scenario

from .common import course_case, expected, write


def _global_draws(seed, shapes, rule):
    """What the course's code computes with np.random.seed + np.random.randn."""
    state = np.random.get_state()
    try:
        np.random.seed(seed)
        return [rule(np.random.randn(*shape), shape) for shape in shapes]
    finally:
        np.random.set_state(state)


def test_course_2layer_is_initialize_parameters_S1():
    case = course_case("S1")
    n_x, n_h, n_y = (a["literal"] for a in case["call"]["args"])
    parameters = initialize("course-2layer", [n_x, n_h, n_y])
    for name in ("W1", "b1", "W2", "b2"):
        want = expected(case, name)
        assert parameters[name].shape == want.shape
        np.testing.assert_allclose(parameters[name], want, rtol=0, atol=1e-8)
    assert list(parameters) == ["W1", "b1", "W2", "b2"]


def test_course_deep_is_initialize_parameters_deep_S2():
    case = course_case("S2")
    layer_dims = case["call"]["args"][0]["literal"]
    parameters = initialize("course-deep", layer_dims)
    for name in ("W1", "b1", "W2", "b2"):
        np.testing.assert_allclose(parameters[name], expected(case, name), rtol=0, atol=1e-8)


@pytest.mark.parametrize(
    "method, seed, rule",
    [
        ("course-deep", 3, lambda r, s: r * 0.01),
        ("course-2layer", 1, lambda r, s: r * 0.01),
        ("course-app", 1, lambda r, s: r / np.sqrt(s[1])),
        ("he", 3, lambda r, s: r * np.sqrt(2.0 / s[1])),
        ("xavier", 3, lambda r, s: r * np.sqrt(1.0 / s[1])),
    ],
)
def test_each_rule_is_bit_exact_with_the_global_generator(method, seed, rule):
    dims = [6, 5, 4, 1]
    shapes = [(dims[l], dims[l - 1]) for l in range(1, len(dims))]
    parameters = initialize(method, dims)
    for l, want in enumerate(_global_draws(seed, shapes, rule), start=1):
        assert np.array_equal(parameters[f"W{l}"], want)
        assert np.array_equal(parameters[f"b{l}"], np.zeros((dims[l], 1)))


def test_seed_and_scale_override():
    dims = [3, 2, 1]
    shapes = [(2, 3), (1, 2)]
    got = initialize("course-deep", dims, seed=7, scale=10.0)
    want = _global_draws(7, shapes, lambda r, s: r * 10.0)
    assert np.array_equal(got["W1"], want[0]) and np.array_equal(got["W2"], want[1])


def test_zeros():
    parameters = initialize("zeros", [4, 3, 1])
    assert all(not v.any() for v in parameters.values())
    assert parameters["W1"].shape == (3, 4) and parameters["b2"].shape == (1, 1)


def test_initialize_does_not_touch_the_global_generator():
    np.random.seed(123)
    before = np.random.get_state()[1].copy()
    initialize("course-app", [5, 3, 1])
    assert np.array_equal(np.random.get_state()[1], before)


def test_a_scenario_file_gets_S2s_first_layer(tmp_path):
    case = course_case("S2")
    n0, n1 = case["call"]["args"][0]["literal"][:2]
    path = write(tmp_path, f"""
[network]
layer_dims = [{n0}, {n1}, 1]
[data]
generator = "blobs"
m = 6
""")
    scenario = load_scenario(path)
    np.testing.assert_allclose(scenario.parameters["W1"], expected(case, "W1"), rtol=0, atol=1e-8)
    assert scenario.init == "course-deep (seed 3)"


def test_a_scenario_file_with_course_2layer_gets_S1(tmp_path):
    case = course_case("S1")
    n_x, n_h, n_y = (a["literal"] for a in case["call"]["args"])
    path = write(tmp_path, f"""
[network]
layer_dims = [{n_x}, {n_h}, {n_y}]
[init]
method = "course-2layer"
[data]
generator = "blobs"
m = 4
""")
    scenario = load_scenario(path)
    for name in ("W1", "W2"):
        np.testing.assert_allclose(scenario.parameters[name], expected(case, name), rtol=0, atol=1e-8)


def test_explicit_arrays_override_one_drawn_array(tmp_path):
    path = write(tmp_path, """
[network]
layer_dims = [2, 2, 1]
[init]
method = "he"
W2 = [[0.5, -0.25]]
[data]
generator = "blobs"
m = 4
""")
    scenario = load_scenario(path)
    assert np.array_equal(scenario.parameters["W2"], [[0.5, -0.25]])
    assert np.array_equal(scenario.parameters["W1"], initialize("he", [2, 2, 1])["W1"])
    assert "W2 given" in scenario.init


def test_parameters_from_an_npz(tmp_path):
    W1, b1 = np.arange(6.0).reshape(3, 2), np.ones((3, 1))
    W2, b2 = np.arange(3.0).reshape(1, 3), np.zeros((1, 1))
    np.savez(tmp_path / "p.npz", W1=W1, b1=b1, W2=W2, b2=b2)
    path = write(tmp_path, """
[network]
layer_dims = [2, 3, 1]
[init]
file = "p.npz"
[data]
generator = "blobs"
m = 4
""")
    scenario = load_scenario(path)
    assert np.array_equal(scenario.parameters["W1"], W1) and np.array_equal(scenario.parameters["b1"], b1)


def test_make_scenario_rejects_scale_for_course_app():
    with pytest.raises(ScenarioError, match="scale"):
        make_scenario([2, 3, 1], init="course-app", scale=2.0)

"""The shipped scenarios load, have the shapes they promise, and show what they claim."""

import numpy as np
import pytest

from dnnstep.scenario import (
    DEFAULT_SCENARIO,
    load_scenario,
    make_scenario,
    shipped_dir,
    shipped_names,
    shipped_scenarios,
)

from . import scenario_numpy_net as net
from .common import DATASETS, course_case, expected, run_recipe

NEEDS_FILES = {"cat", "cat_2layer"}
EXPECTED_NAMES = {
    "five_layer", "step_by_step", "planar", "cat_size", "zeros_init", "large_init",
    "high_lr", "deep_sigmoid", "cat", "cat_2layer",
}


def test_the_shipped_folder_holds_every_scenario():
    assert shipped_dir().is_dir()
    assert EXPECTED_NAMES <= set(shipped_names())
    assert shipped_scenarios()[0].stem == DEFAULT_SCENARIO == "five_layer"


@pytest.mark.parametrize("name", sorted(EXPECTED_NAMES))
def test_every_shipped_scenario_loads(name):
    if name in NEEDS_FILES:
        pytest.importorskip("h5py", reason=f"{name} reads the course's .h5 files, which needs h5py")
        if not (DATASETS / "train_catvnoncat.h5").is_file():
            pytest.skip(f"{name} needs the course's cat files, absent from {DATASETS}")
    scenario = load_scenario(name, data_dir=DATASETS)
    assert scenario.name == name
    assert scenario.title and len(scenario.description) > 100
    assert scenario.activations[-1] == "sigmoid" and len(scenario.activations) == scenario.L
    for l in range(1, scenario.L + 1):
        assert scenario.parameters[f"W{l}"].shape == scenario.layer_dims[l - 1 : l + 1][::-1]
        assert scenario.parameters[f"b{l}"].shape == (scenario.layer_dims[l], 1)
    assert scenario.X.shape == (scenario.layer_dims[0], scenario.m)
    assert scenario.Y.shape == (1, scenario.m)


def test_five_layer_is_the_network_of_the_notes_and_learns():
    scenario = load_scenario("five_layer")
    assert scenario.layer_dims == (2, 3, 5, 4, 2, 1)
    shapes = [scenario.parameters[f"W{l}"].shape for l in range(1, 6)]
    assert shapes == [(3, 2), (5, 3), (4, 5), (2, 4), (1, 2)]
    assert scenario.activations == ("relu",) * 4 + ("sigmoid",)
    costs, _, _ = net.train(scenario)
    assert costs[-1] < 0.1 * costs[0], "the cost goes down visibly within the scenario's iterations"


def test_step_by_step_reproduces_S5b():
    case = course_case("S5b")
    recipe = run_recipe(case["recipe"])
    scenario = load_scenario("step_by_step")
    assert np.array_equal(scenario.X, recipe["X"]), "X round-trips bit-exactly through the TOML"
    for name, value in recipe["parameters"].items():
        assert np.array_equal(scenario.parameters[name], value), name
    assert scenario.activations == ("relu", "relu", "sigmoid")
    # the course's L_model_forward, in plain numpy
    A = scenario.X
    for l in (1, 2):
        A = np.maximum(0, np.dot(scenario.parameters[f"W{l}"], A) + scenario.parameters[f"b{l}"])
    Z3 = np.dot(scenario.parameters["W3"], A) + scenario.parameters["b3"]
    AL = 1 / (1 + np.exp(-Z3))
    np.testing.assert_allclose(AL, expected(case, 0), rtol=0, atol=1e-8)


def test_planar_is_week_3():
    scenario = load_scenario("planar")
    assert scenario.layer_dims == (2, 4, 1) and scenario.activations == ("tanh", "sigmoid")
    assert scenario.learning_rate == 1.2 and scenario.m == 400
    # week 3's initialize_parameters: np.random.seed(2), randn(n_h, n_x) * 0.01, then randn(n_y, n_h) * 0.01
    rng = np.random.RandomState(2)
    assert np.array_equal(scenario.parameters["W1"], rng.randn(4, 2) * 0.01)
    assert np.array_equal(scenario.parameters["W2"], rng.randn(1, 4) * 0.01)


def test_cat_size_has_the_applications_shapes():
    scenario = load_scenario("cat_size")
    assert scenario.layer_dims == (12288, 20, 7, 5, 1) and scenario.m == 209
    assert scenario.image_shape == (64, 64, 3)
    assert scenario.X_test.shape == (12288, 50)
    assert 0 <= scenario.X.min() and scenario.X.max() <= 1
    assert 0.2 < scenario.Y.mean() < 0.5
    assert (scenario.learning_rate, scenario.num_iterations) == (0.0075, 2500)
    rng = np.random.RandomState(1)
    assert np.array_equal(scenario.parameters["W1"], rng.randn(20, 12288) / np.sqrt(12288))


def test_zeros_init_never_breaks_the_symmetry():
    scenario = load_scenario("zeros_init")
    costs, parameters, _ = net.train(scenario)
    for l in range(1, scenario.L + 1):
        W = parameters[f"W{l}"]
        assert np.abs(W).max() > 0, f"W{l} moved"
        spread = np.ptp(W, axis=0).max()
        assert spread <= 1e-12 * np.abs(W).max(), f"the rows of W{l} stay identical"
    assert costs[-1] > 0.68
    cured = make_scenario(scenario.layer_dims, "sigmoid", X=scenario.X, Y=scenario.Y, init="he",
                          learning_rate=scenario.learning_rate, num_iterations=scenario.num_iterations)
    assert net.train(cured)[0][-1] < 0.5, "random initialisation learns the same data"


def _saturated(scenario, parameters):
    _, caches = net.forward(scenario.X, parameters, scenario.activations)
    A1 = caches[1][0]
    return float(np.mean(A1 * (1 - A1) < 0.01))


def test_large_init_saturates_the_sigmoids():
    scenario = load_scenario("large_init")
    assert _saturated(scenario, scenario.parameters) > 0.5, "most hidden units start saturated"
    costs, _, _ = net.train(scenario, iterations=1000)
    assert costs[0] > 5, "confident wrong answers at the start"
    assert np.isfinite(costs).all()
    cured = make_scenario(scenario.layer_dims, "sigmoid", X=scenario.X, Y=scenario.Y, init="xavier",
                          learning_rate=scenario.learning_rate)
    cured_costs, cured_parameters, _ = net.train(cured, iterations=1000)
    assert _saturated(cured, cured.parameters) < 0.1
    assert costs[-1] > 0.5 > 0.4 > cured_costs[-1]


def test_high_lr_diverges():
    scenario = load_scenario("high_lr")
    costs, _, _ = net.train(scenario)
    assert np.isfinite(costs).all()
    assert costs[3] > 3 * costs[0], "the cost jumps within a few iterations"
    assert costs[-50:].min() > 4 * costs[0], "and stays far above where it started"
    gentle = make_scenario(scenario.layer_dims, X=scenario.X, Y=scenario.Y, init="he", seed=2,
                           learning_rate=0.1, num_iterations=scenario.num_iterations)
    assert net.train(gentle)[0][-1] < costs[0]


def test_deep_sigmoid_gradients_vanish():
    scenario = load_scenario("deep_sigmoid")
    assert set(scenario.activations) == {"sigmoid"} and scenario.L >= 8
    costs, _, grads = net.train(scenario, iterations=300)
    norms = [np.linalg.norm(grads[f"dW{l}"]) for l in range(1, scenario.L + 1)]
    assert norms[0] < 1e-4 * norms[-1], "dW1 is orders of magnitude below dWL"
    assert all(a < b for a, b in zip(norms, norms[1:])), "the gradient shrinks at every layer going back"
    assert abs(costs[-1] - np.log(2)) < 1e-3, "and the cost does not move off log 2"


def test_peek_reads_titles_without_the_data(tmp_path):
    from dnnstep.scenario import ScenarioError, peek_scenario

    summary = peek_scenario("cat")  # needs no data files and no h5py
    assert summary.name == "cat" and summary.layer_dims == (12288, 20, 7, 5, 1)
    assert "cat classifier" in summary.title
    assert "0.771749" in summary.description
    bad = tmp_path / "bad.toml"
    bad.write_text("title = \n")
    with pytest.raises(ScenarioError, match="not valid TOML"):
        peek_scenario(bad)


def test_names_and_paths(tmp_path, monkeypatch):
    text = "[network]\nlayer_dims = [2, 1]\n[data]\ngenerator = \"xor\"\nm = 4\n"
    (tmp_path / "mine.toml").write_text(text)
    (tmp_path / "five_layer.toml").write_text(text)
    monkeypatch.chdir(tmp_path)
    assert load_scenario("mine").path == tmp_path / "mine.toml"
    assert load_scenario("mine.toml").layer_dims == (2, 1)
    assert load_scenario(tmp_path / "mine.toml").name == "mine"
    assert load_scenario("five_layer").path == shipped_dir() / "five_layer.toml", "a shipped name wins"
    assert load_scenario("./five_layer.toml").layer_dims == (2, 1), "a path is a path"

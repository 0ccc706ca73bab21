"""make_scenario and scenario_from_toml: scenarios built in code, checked like files."""

import numpy as np
import pytest

from dnnstep.scenario import ScenarioError, generate, initialize, make_scenario, scenario_from_toml


def test_defaults():
    s = make_scenario([2, 3, 1], m=8)
    assert s.layer_dims == (2, 3, 1) and s.activations == ("relu", "sigmoid")
    assert s.X.shape == (2, 8) and s.Y.shape == (1, 8)
    X, Y = generate("blobs", n_x=2, m=8, seed=1)
    assert np.array_equal(s.X, X) and np.array_equal(s.Y, Y)
    assert np.array_equal(s.parameters["W1"], initialize("course-deep", [2, 3, 1])["W1"])
    assert s.path is None and s.init == "course-deep (seed 3)" and s.name == "custom"
    assert not s.X.flags.writeable and not s.parameters["W1"].flags.writeable


def test_activations_arrays_and_explicit_parameters():
    X = np.array([[0.0, 1.0, 2.0]])
    Y = np.array([[0, 1, 1]])
    parameters = {"W1": [[1.0], [2.0]], "b1": [[0.0], [0.5]], "W2": [[1.0, -1.0]], "b2": [[0.0]]}
    s = make_scenario([1, 2, 1], ["tanh", "sigmoid"], X=X, Y=Y, init="explicit", parameters=parameters,
                      learning_rate=0.5, num_iterations=3, classes=["no", "yes"])
    assert s.activations == ("tanh", "sigmoid") and s.m == 3
    assert s.parameters["b1"].tolist() == [[0.0], [0.5]]
    assert s.classes == ("no", "yes") and s.learning_rate == 0.5 and s.num_iterations == 3


def test_images_and_test_set():
    X_test, Y_test = generate("images", n_x=48, m=3, seed=9, image_shape=(4, 4, 3))
    s = make_scenario([48, 2, 1], data="images", m=5, image_shape=(4, 4, 3), X_test=X_test, Y_test=Y_test)
    assert s.image_shape == (4, 4, 3) and s.X.shape == (48, 5) and s.X_test.shape == (48, 3)


@pytest.mark.parametrize(
    "kwargs, phrase",
    [
        ({"layer_dims": [2, 3, 2]}, "layer_dims: n[L]"),
        ({"activations": ["relu", "relu"]}, "activations[1]: is 'relu', but the output layer must be sigmoid"),
        ({"X": np.zeros((2, 3))}, "Y: give both X and Y"),
        ({"X": np.zeros((2, 3)), "Y": np.ones((3, 1))}, "Y: must be (1, m) = (1, 3)"),
        ({"init": "explicit"}, "W1: missing"),
        ({"parameters": {"W1": np.zeros((2, 3))}}, "parameters.W1: has shape (2, 3)"),
        ({"data": "spiral"}, "data: unknown generator 'spiral'"),
        ({"learning_rate": -1}, "learning_rate: must be positive, not -1"),
        ({"num_iterations": 0}, "num_iterations: must be at least 1, not 0"),
        ({"X": np.full((2, 2), np.nan), "Y": np.ones((1, 2))}, "X: holds NaN at [0, 0]"),
    ],
)
def test_mistakes_name_the_argument(kwargs, phrase):
    kwargs = {"layer_dims": [2, 3, 1], **kwargs}
    with pytest.raises(ScenarioError) as info:
        make_scenario(**kwargs)
    assert str(info.value).startswith("make_scenario: ")
    assert phrase in str(info.value)


def test_scenario_from_a_parsed_document():
    document = {
        "title": "t",
        "network": {"layer_dims": [2, 2, 1], "hidden_activation": "leaky_relu", "leaky_slope": 0.1},
        "init": {"method": "xavier", "seed": 4},
        "training": {"learning_rate": 0.3, "num_iterations": 7},
        "data": {"generator": "circles", "m": 12, "noise": 0.0},
    }
    s = scenario_from_toml(document, name="inline")
    assert s.name == "inline" and s.leaky_slope == 0.1 and s.activations == ("leaky_relu", "sigmoid")
    assert s.init == "xavier (seed 4)" and s.num_iterations == 7 and s.m == 12
    with pytest.raises(ScenarioError, match=r"^inline: data\.m: must be an integer"):
        scenario_from_toml({**document, "data": {"generator": "circles", "m": "12"}}, name="inline")


def test_the_complete_example_of_the_docs_loads(tmp_path):
    import re
    import tomllib

    from .common import REPO

    text = (REPO / "docs" / "scenarios.md").read_text()
    section = text[text.index("## A complete example") :]
    example = re.search(r"```toml\n(.*?)```", section, re.S).group(1)
    s = scenario_from_toml(tomllib.loads(example), name="example")
    assert s.layer_dims == (2, 4, 3, 1) and s.init == "he (seed 3)"
    assert s.X.shape == (2, 200) and s.X_test.shape == (2, 100)
    assert s.classes == ("same sign", "opposite signs") and len(s.expectations) == 1

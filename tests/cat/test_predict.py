"""predict, accuracy and mislabeled against the course's own forward pass and formulas."""

from __future__ import annotations

import numpy as np
import pytest

from dnnstep import Session, course
from dnnstep.engine.predict import (
    accuracy,
    accuracy_of,
    forward_probabilities,
    mislabeled,
    mislabeled_indices,
    predict,
)
from dnnstep.scenario import make_scenario

from .conftest import course_forward, tiny_images


@pytest.fixture(scope="module")
def session():
    return Session(tiny_images(num_iterations=20))


def test_predict_is_the_course_predict(session, capsys):
    """Probabilities are L_model_forward's AL; predictions are the course predict's p."""
    scenario = session.scenario
    for iteration in (0, 7, 20):
        parameters = session.parameters_at(iteration)
        probabilities, predictions = predict(parameters, scenario.activations, scenario.X)
        AL = course_forward(parameters, scenario.X)
        np.testing.assert_array_equal(probabilities, AL)
        p = course.predict(scenario.X, scenario.Y, {k: np.array(v) for k, v in parameters.items()})
        assert predictions.shape == (1, scenario.m)
        np.testing.assert_array_equal(predictions, p)
    capsys.readouterr()


def test_accuracy_is_what_the_course_prints(session, capsys):
    scenario = session.scenario
    for iteration in (0, 20):
        train, test = accuracy(session, iteration)
        parameters = {k: np.array(v) for k, v in session.parameters_at(iteration).items()}
        course.predict(scenario.X, scenario.Y, parameters)
        course.predict(scenario.X_test, scenario.Y_test, parameters)
        printed = [float(line.split(":")[1]) for line in capsys.readouterr().out.splitlines()
                   if line.startswith("Accuracy")]
        assert printed == [train, test]
        # and it is the share of right answers, counted independently
        right = int(np.sum((course_forward(parameters, scenario.X) > 0.5) == (scenario.Y == 1)))
        assert train == pytest.approx(right / scenario.m, abs=1e-12)


def test_accuracy_changes_with_training(session):
    """The tiny net learns: the train accuracy at the end is above the one at the start."""
    assert accuracy(session, 20)[0] > accuracy(session, 0)[0]


def test_mislabeled_is_print_mislabeled_images(session):
    scenario = session.scenario
    for iteration, test in ((0, True), (0, False), (20, True), (20, False)):
        X, Y = (scenario.X_test, scenario.Y_test) if test else (scenario.X, scenario.Y)
        p = (course_forward(session.parameters_at(iteration), X) > 0.5).astype(float)
        a = p + Y
        expected = list(np.asarray(np.where(a == 1))[1])  # the course's own expression
        assert mislabeled(session, iteration, test=test) == expected
    assert mislabeled(session, 0), "the tiny scenario should get some test examples wrong at iteration 0"


def test_mislabeled_counts_agree_with_accuracy(session):
    scenario = session.scenario
    train, test = accuracy(session, 20)
    assert len(mislabeled(session, 20, test=False)) == round((1 - train) * scenario.m)
    assert len(mislabeled(session, 20)) == round((1 - test) * scenario.Y_test.shape[1])


def test_no_test_set():
    session = Session(tiny_images(test_set=False, num_iterations=2))
    train, test = accuracy(session, 1)
    assert test is None and 0 <= train <= 1
    with pytest.raises(ValueError, match="has no test set"):
        mislabeled(session, 1)
    assert isinstance(mislabeled(session, 1, test=False), list)


def test_every_hidden_activation_follows_the_forward_formulas():
    rng = np.random.RandomState(0)
    X = rng.randn(3, 6)
    for g in ("relu", "tanh", "sigmoid", "leaky_relu"):
        scenario = make_scenario([3, 4, 1], g, X=X, Y=(rng.rand(1, 6) > 0.5).astype(float), init="he")
        p = scenario.parameters
        Z1 = p["W1"] @ X + p["b1"]
        A1 = {"relu": np.maximum(Z1, 0), "tanh": np.tanh(Z1), "sigmoid": 1 / (1 + np.exp(-Z1)),
              "leaky_relu": np.where(Z1 > 0, Z1, 0.2 * Z1)}[g]
        AL = 1 / (1 + np.exp(-(p["W2"] @ A1 + p["b2"])))
        probabilities, predictions = predict(p, scenario.activations, X, leaky_slope=0.2)
        np.testing.assert_allclose(probabilities, AL, rtol=1e-12)
        np.testing.assert_array_equal(predictions, (AL > 0.5).astype(float))


def test_accuracy_of_and_mislabeled_indices_by_hand():
    Y = np.array([[1.0, 0.0, 1.0, 0.0, 1.0]])
    p = np.array([[1.0, 1.0, 0.0, 0.0, 1.0]])
    assert accuracy_of(p, Y) == pytest.approx(3 / 5)
    assert mislabeled_indices(p, Y) == [1, 2]


def test_bad_input_says_what_is_wrong():
    parameters = {"W1": np.zeros((2, 3)), "b1": np.zeros((2, 1))}
    with pytest.raises(ValueError, match="lack W2, b2"):
        forward_probabilities(parameters, ("relu", "sigmoid"), np.zeros((3, 4)))
    with pytest.raises(ValueError, match=r"X must be \(n\[0\], m\) = \(3, m\), got \(4, 2\)"):
        forward_probabilities(parameters, ("sigmoid",), np.zeros((4, 2)))

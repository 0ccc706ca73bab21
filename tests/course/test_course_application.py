"""The Application assignment reproduced on the course's cat / non-cat data.

The figures are the course notebook's published results (``../shared/datasets/README.md``):

- ``L_layer_model`` [12288, 20, 7, 5, 1], learning rate 0.0075: cost 0.771749 after iteration 0,
  0.672053 after iteration 100; after 2,500 iterations train accuracy 0.985645933014, test 0.8;
- ``two_layer_model`` [12288, 7, 1]: cost 0.693050 after iteration 0, 0.646432 after iteration 100;
  after 2,500 iterations test accuracy 0.72.

Each model trains once per session (module-scoped fixtures, a minute or two each; the tests
that need a trained model are marked slow, still run by CI) and every figure is checked from
that one run. Skips, saying why, where the data or h5py is absent.
"""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import numpy as np
import pytest

from dnnstep import course

DATASETS = (Path(__file__).resolve().parents[2] / ".." / "shared" / "datasets").resolve()
TRAIN = DATASETS / "train_catvnoncat.h5"
TEST = DATASETS / "test_catvnoncat.h5"
ITERATIONS = 2500
LEARNING_RATE = 0.0075


def load_cat_data():
    """The course's data preparation: ``x.reshape(m, -1).T / 255.`` and ``y.reshape(1, m)``."""
    if not (TRAIN.is_file() and TEST.is_file()):
        pytest.skip(f"the course's cat data is absent: {DATASETS} (shared/ is expected beside the repository)")
    h5py = pytest.importorskip("h5py", reason="h5py is not installed (pip install -e '.[h5]')")
    with h5py.File(TRAIN, "r") as train, h5py.File(TEST, "r") as test:
        train_x, train_y = np.array(train["train_set_x"][:]), np.array(train["train_set_y"][:])
        test_x, test_y = np.array(test["test_set_x"][:]), np.array(test["test_set_y"][:])
    m_train, m_test = train_x.shape[0], test_x.shape[0]
    return (
        train_x.reshape(m_train, -1).T / 255.0,
        train_y.reshape(1, m_train),
        test_x.reshape(m_test, -1).T / 255.0,
        test_y.reshape(1, m_test),
    )


@pytest.fixture(scope="module")
def cat_data():
    return load_cat_data()


def accuracy_printed(output: str) -> float:
    match = re.fullmatch(r"Accuracy: (\S+)", output.strip())
    assert match, f"predict printed {output!r}, not one line 'Accuracy: ...'"
    return float(match.group(1))


def predict_capturing(X, y, parameters):
    """``course.predict``, returning its predictions and the accuracy it printed."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        p = course.predict(X, y, parameters)
    return p, accuracy_printed(out.getvalue())


def train_and_predict(model, cat_data, layers_dims):
    """Train once; predict on both sets; return every figure the tests check."""
    train_x, train_y, test_x, test_y = cat_data
    parameters, costs = model(train_x, train_y, layers_dims, learning_rate=LEARNING_RATE, num_iterations=ITERATIONS)
    p_train, printed_train = predict_capturing(train_x, train_y, parameters)
    p_test, printed_test = predict_capturing(test_x, test_y, parameters)
    figures = {
        "costs": [float(cost) for cost in costs],
        "train_accuracy": float(np.mean(p_train == train_y)),
        "test_accuracy": float(np.mean(p_test == test_y)),
        "printed_train_accuracy": printed_train,
        "printed_test_accuracy": printed_test,
    }
    # Shown with pytest -s: the figures of this run.
    print(f"\n{model.__name__} {list(layers_dims)}:")
    for i, cost in enumerate(figures["costs"]):
        print(f"  Cost after iteration {100 * i}: {cost:.6f}")
    print(f"  train accuracy {figures['train_accuracy']!r} (printed {printed_train!r}), "
          f"test accuracy {figures['test_accuracy']!r} (printed {printed_test!r})")
    return figures


@pytest.fixture(scope="module")
def deep_run(cat_data):
    return train_and_predict(course.L_layer_model, cat_data, [12288, 20, 7, 5, 1])


@pytest.fixture(scope="module")
def two_layer_run(cat_data):
    return train_and_predict(course.two_layer_model, cat_data, (12288, 7, 1))


def test_data_is_prepared_as_the_course_does(cat_data) -> None:
    train_x, train_y, test_x, test_y = cat_data
    assert train_x.shape == (12288, 209) and train_y.shape == (1, 209)
    assert test_x.shape == (12288, 50) and test_y.shape == (1, 50)
    assert 0.0 <= train_x.min() and train_x.max() <= 1.0
    assert set(np.unique(train_y)) == {0, 1}


@pytest.mark.slow
def test_L_layer_model_costs(deep_run) -> None:
    costs = deep_run["costs"]
    assert len(costs) == ITERATIONS // 100
    assert round(costs[0], 6) == 0.771749
    assert round(costs[1], 6) == 0.672053


@pytest.mark.slow
def test_L_layer_model_accuracies(deep_run) -> None:
    assert deep_run["train_accuracy"] == pytest.approx(0.985645933014, abs=1e-12)
    assert deep_run["test_accuracy"] == pytest.approx(0.8, abs=1e-12)


@pytest.mark.slow
def test_two_layer_model_costs(two_layer_run) -> None:
    costs = two_layer_run["costs"]
    assert len(costs) == ITERATIONS // 100
    assert round(costs[0], 6) == 0.693050
    assert round(costs[1], 6) == 0.646432


@pytest.mark.slow
def test_two_layer_model_test_accuracy(two_layer_run) -> None:
    assert two_layer_run["test_accuracy"] == pytest.approx(0.72, abs=1e-12)


@pytest.mark.slow
def test_predict_prints_the_accuracy_of_its_predictions(deep_run, two_layer_run) -> None:
    for run in (deep_run, two_layer_run):
        assert run["printed_train_accuracy"] == pytest.approx(run["train_accuracy"], abs=1e-12)
        assert run["printed_test_accuracy"] == pytest.approx(run["test_accuracy"], abs=1e-12)

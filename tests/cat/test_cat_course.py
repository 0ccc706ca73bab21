"""The Session on the course's own cat data reproduces the Application notebook's figures.

Needs ``<repo>/../shared/datasets/{train,test}_catvnoncat.h5`` and h5py; skips, saying
why, without them. One Session for the whole module: the cost tests train 101
iterations (seconds), the accuracy test trains on to all 2,500 (minutes; marked slow,
still run by CI).

The figures are the notebook's published outputs: cost 0.771749 after iteration 0 and
0.672053 after iteration 100; after 2,500 iterations train accuracy 0.985645933014
(206 of 209) and test accuracy 0.8 (40 of 50).
"""

from __future__ import annotations

import numpy as np
import pytest
from textual.app import App

from dnnstep import Session, load_scenario
from dnnstep.app.screens.examples import ExamplesScreen
from dnnstep.app.widgets.image_view import ImageView, as_rgb8
from dnnstep.engine.predict import accuracy, mislabeled

from .conftest import course_data_or_skip


@pytest.fixture(scope="module")
def data_dir():
    return course_data_or_skip()


@pytest.fixture(scope="module")
def session(data_dir):
    return Session(load_scenario("cat", data_dir=data_dir))


def raw(data_dir, name: str, key: str) -> np.ndarray:
    import h5py

    with h5py.File(data_dir / name, "r") as f:
        return np.array(f[key][:])


def test_the_scenario_is_the_applications(session):
    s = session.scenario
    assert s.layer_dims == (12288, 20, 7, 5, 1)
    assert s.activations == ("relu", "relu", "relu", "sigmoid")
    assert (s.learning_rate, s.num_iterations) == (0.0075, 2500)
    assert s.X.shape == (12288, 209) and s.X_test.shape == (12288, 50)
    assert s.image_shape == (64, 64, 3) and s.classes == ("non-cat", "cat")


def test_cost_after_iterations_0_and_100(session):
    assert round(session.cost_at(0), 6) == 0.771749
    assert round(session.cost_at(100), 6) == 0.672053
    assert session.iterations_computed >= 101


async def test_the_examples_screen_shows_the_files_pictures(session, data_dir):
    """Column j of X, reshaped as the course flattened it, is picture j of the file, exactly."""
    train_x = raw(data_dir, "train_catvnoncat.h5", "train_set_x")
    test_x = raw(data_dir, "test_catvnoncat.h5", "test_set_x")
    train_y = raw(data_dir, "train_catvnoncat.h5", "train_set_y")

    class Host(App):
        def on_mount(self) -> None:
            self.push_screen(ExamplesScreen(session, 0))

    app = Host()
    async with app.run_test(size=(120, 44)) as pilot:
        await pilot.pause()
        screen = app.screen
        for j in (0, 1, 2):
            assert screen.index == j and screen.label == int(train_y[j])
            np.testing.assert_array_equal(as_rgb8(screen.image(j)), train_x[j])
            view = screen.query_one("#examples-image", ImageView)
            assert view.shown_size == (64, 64)  # 64 columns x 32 rows
            await pilot.press("right")
        await pilot.press("t")
        np.testing.assert_array_equal(as_rgb8(screen.image(49)), test_x[49])


@pytest.mark.slow
def test_accuracy_after_2500_iterations(session, data_dir):
    train, test = accuracy(session, 2500)
    assert train == pytest.approx(0.985645933014, abs=5e-13)
    assert train == pytest.approx(206 / 209, abs=1e-12)
    assert test == pytest.approx(0.8, abs=1e-12)
    wrong_test = mislabeled(session, 2500)
    assert len(wrong_test) == 10  # 50 * (1 - 0.8)
    assert len(mislabeled(session, 2500, test=False)) == 3  # 209 - 206
    test_y = raw(data_dir, "test_catvnoncat.h5", "test_set_y")
    assert all(0 <= j < 50 for j in wrong_test)
    # the mislabelled pictures hold both mistakes: cats called non-cats, and the reverse
    assert {int(test_y[j]) for j in wrong_test} == {0, 1}

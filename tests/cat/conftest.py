"""Fixtures of the cat tests: tiny image scenarios, and where the course's data files are."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from dnnstep.scenario import generate, make_scenario

REPO = Path(__file__).resolve().parents[2]
COURSE_DATA = REPO.parent / "shared" / "datasets"
COURSE_FILES = ("train_catvnoncat.h5", "test_catvnoncat.h5")


def tiny_images(*, test_set: bool = True, num_iterations: int = 20, seed: int = 3):
    """A small image scenario: 8x8x3 synthetic pictures, n = [192, 4, 1], m = 30 (+ 12 test)."""
    X_test = Y_test = None
    if test_set:
        X_test, Y_test = generate("images", n_x=192, m=12, seed=seed + 1, image_shape=(8, 8, 3))
    return make_scenario(
        [192, 4, 1],
        data="images",
        m=30,
        data_seed=seed,
        data_options={"image_shape": (8, 8, 3)},
        image_shape=(8, 8, 3),
        classes=("non-cat", "cat"),
        X_test=X_test,
        Y_test=Y_test,
        init="he",
        learning_rate=0.05,
        num_iterations=num_iterations,
        name="tiny_images",
    )


def course_data_or_skip() -> Path:
    """The folder of the course's cat files, or skip the test saying why."""
    missing = [name for name in COURSE_FILES if not (COURSE_DATA / name).is_file()]
    if missing:
        pytest.skip(f"the course's data files are not in {COURSE_DATA} (missing {', '.join(missing)})")
    pytest.importorskip("h5py", reason='reading the course\'s .h5 files needs h5py: pip install "dnnstep[h5]"')
    return COURSE_DATA


@pytest.fixture
def tiny_scenario():
    return tiny_images()


def course_forward(parameters, X):
    """AL by dnnstep.course's L_model_forward: an independent path to the predictions."""
    from dnnstep import course

    AL, _ = course.L_model_forward(np.asarray(X), {k: np.array(v) for k, v in parameters.items()})
    return AL

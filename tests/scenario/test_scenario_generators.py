"""The seeded generators: the course's flower exactly, and the others as documented."""

import numpy as np
import pytest

from dnnstep.scenario import GENERATORS, generate, load_planar_dataset


def course_load_planar_dataset():
    """Week 3's planar_utils.load_planar_dataset, as the course writes it (global generator)."""
    np.random.seed(1)
    m = 400
    N = int(m / 2)
    D = 2
    X = np.zeros((m, D))
    Y = np.zeros((m, 1), dtype="uint8")
    a = 4
    for j in range(2):
        ix = range(N * j, N * (j + 1))
        t = np.linspace(j * 3.12, (j + 1) * 3.12, N) + np.random.randn(N) * 0.2
        r = a * np.sin(4 * t) + np.random.randn(N) * 0.2
        X[ix] = np.c_[r * np.sin(t), r * np.cos(t)]
        Y[ix] = j
    return X.T, Y.T


def test_flower_is_the_course_formula_bit_for_bit():
    state = np.random.get_state()
    try:
        X_course, Y_course = course_load_planar_dataset()
    finally:
        np.random.set_state(state)
    X, Y = load_planar_dataset()
    assert X.shape == (2, 400) and Y.shape == (1, 400)
    assert np.array_equal(X, X_course) and np.array_equal(Y, Y_course)
    X2, Y2 = generate("flower", n_x=2)
    assert np.array_equal(X2, X_course) and np.array_equal(Y2, Y_course.astype(float))


@pytest.mark.parametrize("name", sorted(GENERATORS))
def test_every_generator_is_seeded_and_shaped(name):
    n_x = 12288 if name == "images" else 2
    X, Y = generate(name, n_x=n_x, m=40, seed=5)
    X2, Y2 = generate(name, n_x=n_x, m=40, seed=5)
    X3, _ = generate(name, n_x=n_x, m=40, seed=6)
    assert X.shape == (n_x, 40) and Y.shape == (1, 40)
    assert np.array_equal(X, X2) and np.array_equal(Y, Y2)
    assert not np.array_equal(X, X3)
    assert set(np.unique(Y)) == {0.0, 1.0}
    assert np.isfinite(X).all()


def test_blobs_centres_are_separation_apart():
    X, Y = generate("blobs", n_x=3, m=4000, seed=1, noise=0.1, separation=2.0)
    centre0 = X[:, Y[0] == 0].mean(axis=1)
    centre1 = X[:, Y[0] == 1].mean(axis=1)
    np.testing.assert_allclose(np.linalg.norm(centre1 - centre0), 2.0, atol=0.02)
    assert Y[0, :4].tolist() == [0, 1, 0, 1]


def test_xor_labels_follow_the_quadrants_without_noise():
    X, Y = generate("xor", n_x=2, m=500, seed=2, noise=0.0)
    assert np.array_equal(Y[0] == 1, X[0] * X[1] < 0)


def test_circles_radii_without_noise():
    X, Y = generate("circles", n_x=2, m=100, seed=2, noise=0.0, factor=0.3)
    radius = np.linalg.norm(X, axis=0)
    np.testing.assert_allclose(radius[Y[0] == 0], 1.0)
    np.testing.assert_allclose(radius[Y[0] == 1], 0.3)


def test_images_are_prepared_the_course_way():
    X, Y = generate("images", n_x=4 * 5 * 3, m=30, seed=1, image_shape=(4, 5, 3))
    assert X.shape == (60, 30)
    assert X.min() >= 0 and X.max() <= 1
    np.testing.assert_allclose(X * 255, np.round(X * 255), atol=1e-9)  # x / 255. of uint8 values


def test_bad_requests_are_refused():
    with pytest.raises(ValueError, match="2-D points"):
        generate("xor", n_x=3)
    with pytest.raises(ValueError, match="even"):
        generate("flower", n_x=2, m=41)
    with pytest.raises(ValueError, match="takes no"):
        generate("xor", n_x=2, factor=0.5)
    with pytest.raises(ValueError, match="image_shape"):
        generate("images", n_x=100, image_shape=(4, 4, 3))

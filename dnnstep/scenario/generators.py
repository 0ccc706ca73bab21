"""Seeded data generators: blobs, xor, circles, the course's flower, synthetic images, and
Course 2's circles and moons.

Each generator returns ``X: (n[0], m)`` float64 and ``Y: (1, m)`` of 0s and 1s, drawn from
its own ``np.random.RandomState(seed)`` (numpy's global generator is never touched), so the
same seed always gives the same data.

=========  ======  =====  ================================================================
name       n[0]    seed   what
=========  ======  =====  ================================================================
blobs      any     1      two gaussian clouds (std ``noise``) whose centres are
                          ``separation`` apart along the diagonal; labels alternate 0, 1
xor        2       1      points uniform in the square [-1, 1]^2, label 1 where the two
                          coordinates have opposite signs, then gaussian ``noise`` added
circles    2       1      two rings around 0: label 0 on radius 1, label 1 on radius
                          ``factor``, gaussian ``noise`` added; labels alternate
flower     2       1      week 3's ``load_planar_dataset``, the course's code exactly
                          (m = 400 by default)
images     h*w*c   1      synthetic ``image_shape`` pictures flattened the course's way
                          (``x.reshape(m, -1).T / 255.``): label 1 pictures hold a bright
                          disc, label 0 ones do not
make_      2       1      scikit-learn's ``make_circles`` as the Initialization notebook draws
circles                   it (m = 300, ``noise`` 0.05, ``factor`` 0.8; its test set: test_m =
                          100, seed 2), ``dnnstep.course2.datasets``
make_      2       3      scikit-learn's ``make_moons`` as the Optimization notebook draws it
moons                     (m = 300, ``noise`` 0.2)
=========  ======  =====  ================================================================

``circles`` is dnnstep's own rings (five_layer's); ``make_circles`` and ``make_moons`` are the
course's, with its seeds by default, so that a Course 2 scenario trains on the notebook's data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

import numpy as np

from dnnstep.course2 import datasets


def load_planar_dataset(m: int = 400, seed: int = 1) -> tuple[np.ndarray, np.ndarray]:
    """Week 3's "flower": the course's ``load_planar_dataset`` line for line.

    The course calls ``np.random.seed(1)`` and draws from the global generator; a
    ``RandomState(seed)`` gives the same numbers. Returns ``X: (2, m)``, ``Y: (1, m)`` uint8.
    """
    rng = np.random.RandomState(seed)
    N = int(m / 2)  # number of points per class
    D = 2  # dimensionality
    X = np.zeros((m, D))  # data matrix where each row is a single example
    Y = np.zeros((m, 1), dtype="uint8")  # labels vector (0 for red, 1 for blue)
    a = 4  # maximum ray of the flower

    for j in range(2):
        ix = range(N * j, N * (j + 1))
        t = np.linspace(j * 3.12, (j + 1) * 3.12, N) + rng.randn(N) * 0.2  # theta
        r = a * np.sin(4 * t) + rng.randn(N) * 0.2  # radius
        X[ix] = np.c_[r * np.sin(t), r * np.cos(t)]
        Y[ix] = j

    X = X.T
    Y = Y.T
    return X, Y


def blobs(n_x: int, m: int, seed: int, *, noise: float = 1.0, separation: float = 3.0):
    """Two gaussian clouds in n_x dimensions; example j has label ``j % 2``."""
    rng = np.random.RandomState(seed)
    Y = (np.arange(m) % 2).reshape(1, m).astype(np.float64)
    direction = np.ones((n_x, 1)) / np.sqrt(n_x)
    centres = direction * (Y - 0.5) * separation
    X = centres + noise * rng.randn(n_x, m)
    return X, Y


def xor(n_x: int, m: int, seed: int, *, noise: float = 0.1):
    """The four quadrants: label 1 where ``x1 * x2 < 0`` (before the noise is added)."""
    rng = np.random.RandomState(seed)
    P = rng.uniform(-1.0, 1.0, size=(2, m))
    Y = (P[0] * P[1] < 0).astype(np.float64).reshape(1, m)
    X = P + noise * rng.randn(2, m)
    return X, Y


def circles(n_x: int, m: int, seed: int, *, noise: float = 0.1, factor: float = 0.5):
    """An outer ring (label 0, radius 1) around an inner one (label 1, radius ``factor``)."""
    rng = np.random.RandomState(seed)
    Y = (np.arange(m) % 2).reshape(1, m).astype(np.float64)
    angle = rng.uniform(0.0, 2.0 * np.pi, size=m)
    radius = np.where(Y[0] == 1, factor, 1.0)
    X = np.vstack([radius * np.cos(angle), radius * np.sin(angle)]) + noise * rng.randn(2, m)
    return X, Y


def flower(n_x: int, m: int, seed: int):
    X, Y = load_planar_dataset(m, seed)
    return X, Y.astype(np.float64)


def make_circles(n_x: int, m: int, seed: int, *, noise: float = 0.05, factor: float = 0.8):
    """The Initialization notebook's circles: ``np.random.seed(seed)``, ``make_circles(m, noise)``, transposed."""
    X, y = datasets.make_circles(m, noise=noise, factor=factor, random_state=np.random.RandomState(seed))
    return X.T, y.reshape((1, m)).astype(np.float64)


def make_moons(n_x: int, m: int, seed: int, *, noise: float = 0.2):
    """The Optimization notebook's moons: ``np.random.seed(seed)``, ``make_moons(m, noise)``, transposed."""
    X, y = datasets.make_moons(m, noise=noise, random_state=np.random.RandomState(seed))
    return X.T, y.reshape((1, m)).astype(np.float64)


DEFAULT_IMAGE_SHAPE = (64, 64, 3)
"""(height, width, channels) of the images generator's pictures: the course's cat pictures."""


def images(n_x: int, m: int, seed: int, *, image_shape=DEFAULT_IMAGE_SHAPE, positive_fraction: float = 0.35):
    """Synthetic pictures of ``image_shape``: noise on a random background colour; the
    label-1 pictures (about ``positive_fraction`` of them, as the course's 72 cats of 209)
    also hold a bright disc of random place and size. Prepared as the course prepares its
    images: ``x.reshape(m, -1).T / 255.``."""
    h, w, c = image_shape
    rng = np.random.RandomState(seed)
    y = (rng.rand(m) < positive_fraction).astype(np.int64)
    background = rng.randint(20, 160, size=(m, 1, 1, c)).astype(np.float32)
    noise = rng.randint(0, 60, size=(m, h, w, c), dtype=np.uint8)
    x = background + noise
    rows = np.arange(h, dtype=np.float32).reshape(1, h, 1)
    cols = np.arange(w, dtype=np.float32).reshape(1, 1, w)
    centre_r = rng.uniform(0.3 * h, 0.7 * h, size=(m, 1, 1)).astype(np.float32)
    centre_c = rng.uniform(0.3 * w, 0.7 * w, size=(m, 1, 1)).astype(np.float32)
    radius = rng.uniform(0.15 * min(h, w), 0.3 * min(h, w), size=(m, 1, 1)).astype(np.float32)
    disc = ((rows - centre_r) ** 2 + (cols - centre_c) ** 2 <= radius**2) & (y.reshape(m, 1, 1) == 1)
    colour = rng.randint(190, 256, size=(m, c)).astype(np.float32)
    x = np.where(disc[..., None], colour[:, None, None, :] - noise, x)
    x = np.clip(x, 0, 255).astype(np.uint8)
    X = x.reshape(m, -1).T / 255.0
    Y = y.reshape(1, m)
    return X, Y.astype(np.float64)


@dataclass(frozen=True)
class Generator:
    """A generator, its defaults (m, options, seed) and the input size it needs (``None``: any)."""

    make: Callable[..., tuple[np.ndarray, np.ndarray]]
    m: int
    n_x: int | None
    options: dict[str, Any] = field(default_factory=dict)
    about: str = ""
    seed: int = 1


GENERATORS: dict[str, Generator] = {
    "blobs": Generator(blobs, 100, None, {"noise": 1.0, "separation": 3.0}, "two gaussian clouds"),
    "xor": Generator(xor, 200, 2, {"noise": 0.1}, "the four quadrants"),
    "circles": Generator(circles, 200, 2, {"noise": 0.1, "factor": 0.5}, "a ring around a ring"),
    "flower": Generator(flower, 400, 2, {}, "week 3's planar flower"),
    "images": Generator(images, 209, None, {}, "synthetic pictures of image_shape"),
    "make_circles": Generator(make_circles, 300, 2, {"noise": 0.05, "factor": 0.8},
                              "the Initialization notebook's circles (scikit-learn's make_circles)"),
    "make_moons": Generator(make_moons, 300, 2, {"noise": 0.2},
                            "the Optimization notebook's moons (scikit-learn's make_moons)", seed=3),
}
"""Every generator by name. ``m`` is the default number of examples, ``seed`` the default seed (1
but for make_moons, whose course seed is 3)."""

DEFAULT_SEED = 1


def generate(name: str, *, n_x: int, m: int | None = None, seed: int | None = None, **options):
    """Run the generator ``name`` for ``n_x`` inputs; returns ``(X (n_x, m), Y (1, m))``.

    ``options`` override the generator's own (``noise``, ``separation``, ``factor``; the
    images generator takes ``image_shape``). Raises ``ValueError`` on a bad request.
    """
    if name not in GENERATORS:
        raise ValueError(f"unknown generator {name!r}; expected one of {', '.join(GENERATORS)}")
    gen = GENERATORS[name]
    m = gen.m if m is None else m
    seed = gen.seed if seed is None else seed
    if gen.n_x is not None and n_x != gen.n_x:
        raise ValueError(f"the {name} generator makes {gen.n_x}-D points, but n[0] is {n_x}")
    if name == "flower" and m % 2:
        raise ValueError(f"the flower has m/2 points per petal colour, so m must be even, not {m}")
    if name == "images":
        shape = tuple(options.get("image_shape", DEFAULT_IMAGE_SHAPE))
        if int(np.prod(shape)) != n_x:
            raise ValueError(
                f"image_shape {list(shape)} holds {int(np.prod(shape))} numbers, but n[0] is {n_x}; "
                f"set image_shape = [height, width, channels] with height * width * channels = n[0]"
            )
    for key in ("noise", "factor"):
        if key in options and not options[key] >= 0:
            raise ValueError(f"{key} must be 0 or more, not {options[key]}")
    unknown = set(options) - set(gen.options) - ({"image_shape"} if name == "images" else set())
    if unknown:
        raise ValueError(f"the {name} generator takes no {', '.join(sorted(unknown))}")
    return gen.make(n_x, m, seed, **options)

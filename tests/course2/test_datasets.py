"""Course 2's data sets rebuilt without scikit-learn, and the MAT-v5 reader.

Fingerprints of the circles and moons are CASES.md 2.3's (rebuilt there independently and checked
there against every printed training cost); the football file's are CASES.md 7's.
"""

from __future__ import annotations

import hashlib
import struct
import zlib

import numpy as np
import pytest

from dnnstep.course2 import datasets
from dnnstep.course2.datasets import (
    MatFileError,
    load_circles,
    load_football,
    load_moons,
    make_circles,
    make_moons,
    read_mat,
)

from .football import FOOTBALL, needs_football
from .matfiles import header, matrix, write_mat

FOOTBALL_SHA256 = "1218828095bf91d215622d00b2a5b8784c359e29d9d9c5734949b8e60c5bc231"



# --------------------------------------------------------------------------------------------
# circles and moons
# --------------------------------------------------------------------------------------------


def test_circles_fingerprint() -> None:
    train_X, train_Y, test_X, test_Y = load_circles()
    assert train_X.shape == (2, 300) and train_Y.shape == (1, 300)
    assert test_X.shape == (2, 100) and test_Y.shape == (1, 100)
    assert train_Y.dtype == np.intp and train_X.dtype == np.float64
    assert train_X[:, :3].tolist() == [
        [-0.07741354010048114, 0.43186959584803564, 0.07916502322979652],
        [0.8526022642742742, -0.8721450395952108, 0.8406610985900007],
    ]
    assert train_Y[0, :10].tolist() == [1, 0, 1, 1, 0, 0, 1, 0, 1, 1]
    assert float(np.sum(train_X)) == 0.10318058999808777
    assert train_Y.sum() == 150 and test_Y.sum() == 50


def test_moons_fingerprint() -> None:
    train_X, train_Y = load_moons()
    assert train_X.shape == (2, 300) and train_Y.shape == (1, 300)
    assert train_X[:, :3].tolist() == [
        [-0.21687013460912397, 0.8050501531955674, 0.7112745129750352],
        [1.0154493742029873, -0.5579733951321297, -0.4100602407591063],
    ]
    assert train_Y[0, :10].tolist() == [0, 1, 1, 1, 0, 0, 1, 1, 0, 1]
    assert float(np.sum(train_X)) == 229.31214774688254


def test_loaders_leave_the_global_generator_alone() -> None:
    np.random.seed(1234)
    expected = np.random.rand(3)
    np.random.seed(1234)
    load_circles()
    load_moons()
    assert np.random.rand(3).tolist() == expected.tolist()


def test_random_state_none_draws_from_the_global_generator_as_the_helpers_do() -> None:
    """``np.random.seed(1); make_circles(300, noise=.05)`` is init_utils.load_dataset's train set."""
    train_X, train_Y, _, _ = load_circles()
    np.random.seed(1)
    X, y = make_circles(n_samples=300, noise=.05)
    assert np.array_equal(X.T, train_X) and np.array_equal(y.reshape(1, -1), train_Y)
    np.random.seed(3)
    X, y = make_moons(n_samples=300, noise=.2)
    assert np.array_equal(X.T, load_moons()[0])


def test_seed_and_random_state_agree() -> None:
    a = make_moons(50, noise=0.1, random_state=7)
    b = make_moons(50, noise=0.1, random_state=np.random.RandomState(7))
    assert np.array_equal(a[0], b[0]) and np.array_equal(a[1], b[1])


def test_old_make_circles_layout_gives_the_same_data() -> None:
    """CASES.md INIT-5: scikit-learn <= 0.19 laid the circles out as linspace(0, 2pi, n//2 + 1)[:-1],
    the inner circle being the outer times 0.8; for the course's sizes the data are bit-identical."""
    for n, noise, seed in (datasets.CIRCLES_TRAIN, datasets.CIRCLES_TEST):
        rs = np.random.RandomState(seed)
        linspace = np.linspace(0, 2 * np.pi, n // 2 + 1)[:-1]
        outer_x, outer_y = np.cos(linspace), np.sin(linspace)
        X = np.vstack([np.append(outer_x, outer_x * 0.8), np.append(outer_y, outer_y * 0.8)]).T
        y = np.hstack([np.zeros(n // 2, dtype=np.intp), np.ones(n // 2, dtype=np.intp)])
        idx = np.arange(n)
        rs.shuffle(idx)
        X, y = X[idx], y[idx]
        X += rs.normal(scale=noise, size=X.shape)
        new_X, new_y = make_circles(n, noise=noise, random_state=seed)
        assert np.array_equal(X, new_X) and np.array_equal(y, new_y)


def test_unshuffled_noiseless_layout() -> None:
    X, y = make_moons(5, shuffle=False)
    assert y.tolist() == [0, 0, 1, 1, 1]
    assert np.allclose(X[:2], [[1, 0], [-1, 0]], atol=1e-15)
    assert np.allclose(X[2:], [[0, 0.5], [1, -0.5], [2, 0.5]], atol=1e-15)
    X, y = make_circles(4, shuffle=False, factor=0.5)
    assert np.allclose(X, [[1, 0], [-1, 0], [0.5, 0], [-0.5, 0]], atol=1e-15)


@pytest.mark.parametrize("bad", [-1, 2.5, "300", True, None])
def test_bad_sizes_are_refused(bad) -> None:
    with pytest.raises(ValueError, match="n_samples"):
        make_circles(bad)


def test_bad_random_state_is_refused() -> None:
    with pytest.raises(ValueError, match="random_state"):
        make_moons(10, random_state="three")


def test_against_scikit_learn_when_installed() -> None:
    sklearn_datasets = pytest.importorskip("sklearn.datasets")
    for n, noise, seed in (datasets.CIRCLES_TRAIN, datasets.CIRCLES_TEST):
        ours = make_circles(n, noise=noise, random_state=seed)
        theirs = sklearn_datasets.make_circles(n_samples=n, noise=noise, random_state=seed)
        assert np.array_equal(ours[0], theirs[0]) and np.array_equal(ours[1], theirs[1])
    n, noise, seed = datasets.MOONS_TRAIN
    ours = make_moons(n, noise=noise, random_state=seed)
    theirs = sklearn_datasets.make_moons(n_samples=n, noise=noise, random_state=seed)
    assert np.array_equal(ours[0], theirs[0]) and np.array_equal(ours[1], theirs[1])


# --------------------------------------------------------------------------------------------
# the football file
# --------------------------------------------------------------------------------------------


@needs_football
def test_football_fingerprint() -> None:
    assert hashlib.sha256(FOOTBALL.read_bytes()).hexdigest() == FOOTBALL_SHA256
    train_X, train_Y, test_X, test_Y = load_football(FOOTBALL)
    assert train_X.shape == (2, 211) and train_Y.shape == (1, 211)
    assert test_X.shape == (2, 200) and test_Y.shape == (1, 200)
    assert train_X.dtype == np.float64 and train_Y.dtype == np.uint8 and test_Y.dtype == np.uint8
    assert train_X[:, 0].tolist() == [-0.158986, 0.423977]
    assert test_X[:, 0].tolist() == [-0.3530623458334412, -0.6739018129665528]
    assert int(train_Y.sum()) == 106 and int(test_Y.sum()) == 87
    assert set(np.unique(train_Y)) == {0, 1}


@needs_football
def test_football_variables_and_their_matlab_classes() -> None:
    data = read_mat(FOOTBALL)
    assert {k: (v.shape, v.dtype.name) for k, v in data.items()} == {
        "X": ((211, 2), "float64"), "y": ((211, 1), "uint8"),
        "Xval": ((200, 2), "float64"), "yval": ((200, 1), "uint8"),
    }
    as_matlab = read_mat(FOOTBALL, mat_dtype=True)
    assert as_matlab["y"].dtype == np.float64 and np.array_equal(as_matlab["y"], data["y"])


@needs_football
def test_against_scipy_when_installed() -> None:
    scipy_io = pytest.importorskip("scipy.io")
    theirs = scipy_io.loadmat(str(FOOTBALL))
    ours = read_mat(FOOTBALL)
    for key, value in ours.items():
        assert value.dtype == theirs[key].dtype and np.array_equal(value, theirs[key])


# --------------------------------------------------------------------------------------------
# MAT files written here
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("order", ["<", ">"])
@pytest.mark.parametrize("compress", [True, False])
def test_round_trip(tmp_path, order, compress) -> None:
    rng = np.random.default_rng(0)
    X = rng.standard_normal((7, 3))
    counts = np.arange(12, dtype=np.int32).reshape(3, 4)
    labels = np.array([[1], [0], [1], [1]], dtype=np.float64)
    path = tmp_path / "data.mat"
    write_mat(path, {
        "X": X,
        "counts": (counts, {"mx_class": "i4"}),
        "labels": (labels, {"stored": "u1"}),
        "longer_name": (np.zeros((0, 0)), {}),
    }, order=order, compress=compress)
    data = read_mat(path)
    assert list(data) == ["X", "counts", "labels", "longer_name"]
    assert np.array_equal(data["X"], X) and data["X"].dtype == np.float64
    assert np.array_equal(data["counts"], counts) and data["counts"].dtype == np.int32
    assert data["labels"].dtype == np.uint8 and np.array_equal(data["labels"], labels)
    assert data["longer_name"].shape == (0, 0)
    assert all(a.dtype.isnative for a in data.values())
    assert read_mat(path, mat_dtype=True)["labels"].dtype == np.float64


def test_logical_as_bool_with_mat_dtype(tmp_path) -> None:
    path = tmp_path / "mask.mat"
    write_mat(path, {"mask": (np.array([[1, 0, 1]]), {"mx_class": "u1", "flags": 0x0200})})
    assert read_mat(path)["mask"].dtype == np.uint8
    assert read_mat(path, mat_dtype=True)["mask"].tolist() == [[True, False, True]]


def test_a_generated_football_file_loads(tmp_path) -> None:
    path = tmp_path / "data.mat"
    X, Xval = np.ones((5, 2)), np.zeros((3, 2))
    write_mat(path, {"X": X, "y": (np.ones((5, 1)), {"stored": "u1"}),
                     "Xval": Xval, "yval": (np.zeros((3, 1)), {"stored": "u1"})})
    train_X, train_Y, test_X, test_Y = load_football(path)
    assert train_X.shape == (2, 5) and train_Y.shape == (1, 5) and test_X.shape == (2, 3)


# --------------------------------------------------------------------------------------------
# bad files: one clear MatFileError naming the file
# --------------------------------------------------------------------------------------------


def _raises(path, match: str, **options) -> MatFileError:
    with pytest.raises(MatFileError, match=match) as caught:
        read_mat(path, **options)
    assert str(caught.value).startswith(str(path) + ": ")
    assert isinstance(caught.value, ValueError)
    return caught.value


def test_missing_file_and_folder(tmp_path) -> None:
    _raises(tmp_path / "nope.mat", "no such file")
    _raises(tmp_path, "is a folder")


def test_not_a_mat_file(tmp_path) -> None:
    path = tmp_path / "data.mat"
    path.write_text("X,y\n1,2\n" * 40)
    _raises(path, "not a MAT-file version 5")
    path.write_bytes(b"MAT")
    _raises(path, "too few for a MAT file's 128-byte header")


def test_mat_73_is_named(tmp_path) -> None:
    path = tmp_path / "data.mat"
    path.write_bytes(header("<", b"MATLAB 7.3 MAT-file, Platform: GLNXA64, Created on: ...").ljust(512, b"\0"))
    _raises(path, r"7\.3 \(HDF5\)")


def test_cut_short(tmp_path) -> None:
    path = tmp_path / "data.mat"
    write_mat(path, {"X": np.ones((4, 4))}, compress=False)
    path.write_bytes(path.read_bytes()[:-20])
    _raises(path, "runs past the end|cut short")
    write_mat(path, {"X": np.ones((4, 4))})
    raw = path.read_bytes()
    path.write_bytes(raw[:140])
    _raises(path, "runs past the end|cut short")


def test_damaged_compression(tmp_path) -> None:
    path = tmp_path / "data.mat"
    packed = b"\x78\x9c" + b"garbage" * 3
    path.write_bytes(header("<") + struct.pack("<II", 15, len(packed)) + packed)
    _raises(path, "cannot be decompressed")


def test_decompression_bomb_is_refused(tmp_path) -> None:
    path = tmp_path / "data.mat"
    body = matrix("<", "X", np.zeros((1000, 1000)))
    packed = zlib.compress(body)
    path.write_bytes(header("<") + struct.pack("<II", 15, len(packed)) + packed)
    assert len(path.read_bytes()) < 20_000
    _raises(path, "at most", max_values=1000)


def test_too_many_values(tmp_path) -> None:
    path = tmp_path / "data.mat"
    write_mat(path, {"X": np.zeros((50, 50))}, compress=False)
    _raises(path, "2,500 numbers; dnnstep reads at most 100", max_values=100)


def test_size_and_content_disagree(tmp_path) -> None:
    path = tmp_path / "data.mat"
    body = matrix("<", "X", np.zeros((2, 3)))
    body = body.replace(struct.pack("<ii", 2, 3), struct.pack("<ii", 2, 4))
    path.write_bytes(header("<") + body)
    _raises(path, "'X' should hold 8 numbers")


def test_huge_dimensions_do_not_overflow(tmp_path) -> None:
    path = tmp_path / "data.mat"
    body = matrix("<", "X", np.zeros((1, 1)))
    dims = struct.pack("<ii", 1, 1)
    huge = struct.pack("<II", 5, 16) + struct.pack("<iiii", 2**31 - 1, 2**31 - 1, 2**31 - 1, 4)
    body = body.replace(struct.pack("<II", 5, 8) + dims, huge)
    body = struct.pack("<II", 14, len(body) - 8) + body[8:]
    path.write_bytes(header("<") + body)
    _raises(path, "'X' is 2147483647 x 2147483647 x 2147483647 x 4 = .* numbers; dnnstep reads at most 1,000",
            max_values=1000)


@needs_football
def test_damaged_copies_of_the_football_file_give_one_clear_error(tmp_path) -> None:
    """Bytes changed or cut anywhere: the reader answers with the variables or a MatFileError, nothing else."""
    original = FOOTBALL.read_bytes()
    rng = np.random.default_rng(2024)
    path = tmp_path / "data.mat"
    outcomes = {"read": 0, "refused": 0}
    for trial in range(300):
        data = bytearray(original)
        if trial % 3 == 0:
            data = data[: rng.integers(0, len(data))]
        for _ in range(rng.integers(1, 4)):
            if data:
                data[rng.integers(0, len(data))] = rng.integers(0, 256)
        path.write_bytes(bytes(data))
        try:
            read_mat(path)
            outcomes["read"] += 1
        except MatFileError as error:
            assert str(error).startswith(str(path) + ": ")
            outcomes["refused"] += 1
    assert outcomes["read"] and outcomes["refused"]


@pytest.mark.parametrize("mx_class, words", [(1, "cell array"), (2, "struct"), (4, "char array"), (5, "sparse")])
def test_not_numeric_variables_are_named(tmp_path, mx_class, words) -> None:
    path = tmp_path / "data.mat"
    body = matrix("<", "thing", np.zeros((1, 1)))
    body = body.replace(struct.pack("<II", 6, 0), struct.pack("<II", mx_class, 0), 1)
    path.write_bytes(header("<") + body)
    _raises(path, f"variable 'thing' is an? {words}")


def test_complex_is_named(tmp_path) -> None:
    path = tmp_path / "data.mat"
    write_mat(path, {"z": (np.zeros((1, 1)), {"flags": 0x0800})})
    _raises(path, "'z' holds complex numbers")


def test_football_file_without_its_variables(tmp_path) -> None:
    path = tmp_path / "data.mat"
    write_mat(path, {"X": np.ones((3, 2)), "y": np.ones((3, 1))})
    with pytest.raises(MatFileError, match=r"has no Xval, yval: .* this file holds X, y"):
        load_football(path)
    write_mat(path, {"X": np.ones((3, 2)), "y": np.ones((4, 1)), "Xval": np.ones((2, 2)), "yval": np.ones((2, 1))})
    with pytest.raises(MatFileError, match=r"X is 3 x 2 and y is 4 x 1"):
        load_football(path)

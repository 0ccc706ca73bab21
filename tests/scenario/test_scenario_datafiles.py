"""Data from files: .npz (plain or the course's arrays), HDF5, the search order, and the
course's own cat files when they are at hand."""

import sys

import numpy as np
import pytest

from dnnstep.scenario import ScenarioError, load_scenario

from .common import DATASETS, write

NETWORK = "[network]\nlayer_dims = [{n0}, 3, 1]\n"


def tiny_course_arrays(m, seed=0):
    rng = np.random.RandomState(seed)
    x = rng.randint(0, 256, size=(m, 4, 4, 3)).astype(np.uint8)
    y = (np.arange(m) % 2).astype(np.int64)
    return x, y


def test_plain_npz(tmp_path):
    X = np.arange(8.0).reshape(2, 4)
    Y = np.array([[0, 1, 1, 0]])
    np.savez(tmp_path / "d.npz", X=X, Y=Y, X_test=X[:, :2], Y_test=Y[:, :2], classes=np.array(["no", "yes"]))
    scenario = load_scenario(write(tmp_path, NETWORK.format(n0=2) + '[data]\nfile = "d.npz"\n'))
    assert np.array_equal(scenario.X, X) and np.array_equal(scenario.Y, Y)
    assert scenario.X_test.shape == (2, 2) and scenario.classes == ("no", "yes")
    assert scenario.X.dtype == np.float64 and not scenario.X.flags.writeable
    assert str(tmp_path / "d.npz") in scenario.data_source


def test_course_arrays_in_an_npz_are_prepared_as_the_course(tmp_path):
    x, y = tiny_course_arrays(6)
    xt, yt = tiny_course_arrays(3, seed=1)
    np.savez(
        tmp_path / "cats.npz",
        train_set_x=x, train_set_y=y, test_set_x=xt, test_set_y=yt,
        list_classes=np.array([b"non-cat", b"cat"]),
    )
    scenario = load_scenario(write(tmp_path, NETWORK.format(n0=48) + '[data]\nfile = "cats.npz"\n'))
    assert np.array_equal(scenario.X, x.reshape(6, -1).T / 255.0)
    assert np.array_equal(scenario.Y, y.reshape(1, 6))
    assert np.array_equal(scenario.X_test, xt.reshape(3, -1).T / 255.0)
    assert scenario.image_shape == (4, 4, 3)
    assert scenario.classes == ("non-cat", "cat")
    # the first column is the first picture, flattened row by row, channel last
    assert np.array_equal(scenario.X[:3, 0] * 255.0, x[0, 0, 0, :])


def test_hdf5_files_with_a_test_file(tmp_path):
    h5py = pytest.importorskip("h5py", reason="h5py is the optional extra dnnstep[h5]")
    x, y = tiny_course_arrays(5)
    xt, yt = tiny_course_arrays(2, seed=3)
    with h5py.File(tmp_path / "train.h5", "w") as f:
        f["train_set_x"], f["train_set_y"] = x, y
        f["list_classes"] = np.array([b"a", b"b"])
    with h5py.File(tmp_path / "test.h5", "w") as f:
        f["test_set_x"], f["test_set_y"] = xt, yt
    text = NETWORK.format(n0=48) + '[data]\nfile = "train.h5"\ntest_file = "test.h5"\n'
    scenario = load_scenario(write(tmp_path, text))
    assert np.array_equal(scenario.X, x.reshape(5, -1).T / 255.0)
    assert np.array_equal(scenario.Y_test, yt.reshape(1, 2))
    assert scenario.classes == ("a", "b") and scenario.image_shape == (4, 4, 3)


def _npz(folder, value):
    folder.mkdir(parents=True, exist_ok=True)
    np.savez(folder / "d.npz", X=np.full((2, 2), value), Y=np.array([[0.0, 1.0]]))


def test_search_order(tmp_path, monkeypatch):
    scenario_dir, data_dir, cwd = tmp_path / "scen", tmp_path / "data", tmp_path / "cwd"
    for folder, value in ((scenario_dir, 2.0), (data_dir, 1.0), (cwd, 3.0), (cwd / "datasets", 4.0)):
        _npz(folder, value)
    monkeypatch.chdir(cwd)
    path = write(scenario_dir, NETWORK.format(n0=2) + '[data]\nfile = "d.npz"\n')
    assert load_scenario(path, data_dir=data_dir).X[0, 0] == 1.0
    assert load_scenario(path).X[0, 0] == 2.0
    (scenario_dir / "d.npz").unlink()
    assert load_scenario(path).X[0, 0] == 3.0
    (cwd / "d.npz").unlink()
    assert load_scenario(path).X[0, 0] == 4.0


def test_inline_and_generated_test_sets(tmp_path):
    text = NETWORK.format(n0=2) + """
[data]
X = [[0.0, 1.0], [1.0, 0.0]]
Y = [[0, 1]]
X_test = [[0.5], [0.5]]
Y_test = [[1]]
"""
    scenario = load_scenario(write(tmp_path, text))
    assert scenario.X_test.shape == (2, 1) and scenario.Y_test.tolist() == [[1.0]]
    text = NETWORK.format(n0=2) + '[data]\ngenerator = "xor"\nm = 10\ntest_m = 7\n'
    scenario = load_scenario(write(tmp_path, text))
    assert scenario.X_test.shape == (2, 7) and not np.array_equal(scenario.X_test, scenario.X[:, :7])


needs_cat_files = pytest.mark.skipif(
    not (DATASETS / "train_catvnoncat.h5").is_file(),
    reason=f"the course's cat files are not in {DATASETS}",
)


@needs_cat_files
@pytest.mark.parametrize("name, dims", [("cat", (12288, 20, 7, 5, 1)), ("cat_2layer", (12288, 7, 1))])
def test_the_course_cat_files(name, dims):
    h5py = pytest.importorskip("h5py", reason="reading the course's .h5 files needs h5py")
    scenario = load_scenario(name, data_dir=DATASETS)
    assert scenario.layer_dims == dims
    assert scenario.X.shape == (12288, 209) and scenario.Y.shape == (1, 209)
    assert scenario.X_test.shape == (12288, 50) and scenario.Y_test.shape == (1, 50)
    assert 0.0 <= scenario.X.min() and scenario.X.max() <= 1.0
    assert set(np.unique(scenario.Y)) == {0.0, 1.0}
    assert scenario.image_shape == (64, 64, 3) and scenario.classes == ("non-cat", "cat")
    with h5py.File(DATASETS / "train_catvnoncat.h5", "r") as f:
        x = np.array(f["train_set_x"][:])
        y = np.array(f["train_set_y"][:])
    assert np.array_equal(scenario.X, x.reshape(x.shape[0], -1).T / 255.0)
    assert np.array_equal(scenario.Y, y.reshape(1, y.shape[0]))
    assert scenario.learning_rate == 0.0075 and scenario.num_iterations == 2500


@needs_cat_files
def test_the_cat_files_are_found_in_the_current_folder(monkeypatch):
    pytest.importorskip("h5py", reason="reading the course's .h5 files needs h5py")
    monkeypatch.chdir(DATASETS)
    assert load_scenario("cat").m == 209


def test_cat_without_its_files_says_what_to_pass(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    from dnnstep.scenario import ScenarioError

    with pytest.raises(ScenarioError) as info:
        load_scenario("cat", data_dir=tmp_path / "empty")
    text = str(info.value)
    assert "cat.toml: data.file: data file 'train_catvnoncat.h5' not found" in text
    assert str(tmp_path / "empty" / "train_catvnoncat.h5") in text
    assert str(tmp_path / "datasets" / "train_catvnoncat.h5") in text
    assert "--data DIR" in text


@needs_cat_files
def test_the_cat_files_as_npz_need_no_h5py(tmp_path, monkeypatch):
    h5py = pytest.importorskip("h5py", reason="converting the course's .h5 files needs h5py")
    for part in ("train", "test"):
        with h5py.File(DATASETS / f"{part}_catvnoncat.h5", "r") as f:
            np.savez(tmp_path / f"{part}_catvnoncat.npz", **{k: f[k][()].astype(f[k].dtype.str) for k in f})
    from_h5 = load_scenario("cat", data_dir=DATASETS)
    text = (from_h5.path.read_text()
            .replace('"train_catvnoncat.h5"', '"train_catvnoncat.npz"')
            .replace('"test_catvnoncat.h5"', '"test_catvnoncat.npz"'))
    monkeypatch.setitem(sys.modules, "h5py", None)
    from_npz = load_scenario(write(tmp_path, text, "cat_npz.toml"))
    for name in ("X", "Y", "X_test", "Y_test"):
        assert np.array_equal(getattr(from_npz, name), getattr(from_h5, name)), name
    assert from_npz.classes == ("non-cat", "cat") and from_npz.image_shape == (64, 64, 3)


def _declaring_cat_files(folder):
    """The course's two cat files, chunked, declaring 300,000 pictures each (2.4 MB on disk)."""
    h5py = pytest.importorskip("h5py", reason="writing HDF5 files needs h5py")
    folder.mkdir()
    for part in ("train", "test"):
        with h5py.File(folder / f"{part}_catvnoncat.h5", "w") as f:
            x = f.create_dataset(f"{part}_set_x", shape=(300_000, 64, 64, 3), dtype="uint8", chunks=(1, 64, 64, 3))
            x[0] = 7
            f.create_dataset(f"{part}_set_y", data=np.zeros(300_000, dtype="int64"), chunks=(1000,))
            f.create_dataset("list_classes", data=np.array([b"non-cat", b"cat"]))
    return folder


def test_an_hdf5_file_declaring_300000_pictures_is_refused_before_reading(tmp_path, capsys):
    from dnnstep import cli
    from dnnstep.scenario.shipped import resolve_scenario

    folder = _declaring_cat_files(tmp_path / "data")
    assert (folder / "train_catvnoncat.h5").stat().st_size < 3_000_000
    assert cli.main(["cat", "--data", str(folder), "--text"]) == 2
    captured = capsys.readouterr()
    cat = resolve_scenario("cat")
    assert captured.out == "" and captured.err == (
        f"dnnstep: {cat}: data.file: array 'train_set_x' of {folder / 'train_catvnoncat.h5'} declares "
        "3,686,400,000 numbers (300000 × 64 × 64 × 3), which would need 29.5 GB as float64; "
        "dnnstep reads at most 100,000,000 numbers per array\n")


def test_an_npz_declaring_a_huge_array_is_refused_before_reading(tmp_path):
    import zipfile

    with zipfile.ZipFile(tmp_path / "bomb.npz", "w") as archive:
        with archive.open("X.npy", "w") as member:
            np.lib.format.write_array_header_1_0(
                member, {"descr": "<f8", "fortran_order": False, "shape": (2, 60_000_000)})
            member.write(b"\0" * 64)
        with archive.open("Y.npy", "w") as member:
            np.lib.format.write_array(member, np.zeros((1, 60_000_000 // 1000)))
    path = write(tmp_path, '[network]\nlayer_dims = [2, 1]\n[data]\nfile = "bomb.npz"\n')
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    assert str(info.value) == (
        f"{path}: data.file: array 'X' of {tmp_path / 'bomb.npz'} declares 120,000,000 numbers (2 × 60000000), "
        "which would need 1.0 GB as float64; dnnstep reads at most 100,000,000 numbers per array")

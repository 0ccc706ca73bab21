"""Data files: finding them, reading ``.npz`` (never with pickle) and HDF5, and the
course's preparation of its cat pictures.

A file named in a scenario is looked for, in order, in

1. the ``data_dir`` given to ``load_scenario`` (the command line's ``--data DIR``),
2. the folder of the scenario file,
3. the current folder,
4. ``./datasets/`` (where the course's notebooks keep their files);

and when it is found nowhere, the same name in the other format is looked for the same way
(``train_catvnoncat.npz`` for ``train_catvnoncat.h5``, the course's files converted to need no h5py).

An absolute path is used as it is. Nothing is cached on disk. Before an array is read, the
shape its file declares is checked against ``MAX_DATA_VALUES`` (a chunked HDF5 file or a
compressed ``.npz`` of a few megabytes can declare billions of numbers).

A file holds either plain arrays ``X (n[0], m)`` and ``Y (1, m)`` (and optionally
``X_test``, ``Y_test``, ``classes``), or the course's arrays ``train_set_x (m, 64, 64, 3)``,
``train_set_y (m,)``, ``test_set_x``, ``test_set_y``, ``list_classes``, which are prepared
as the course prepares them::

    X = x.reshape(m, -1).T / 255.       # (64 * 64 * 3, m), values in [0, 1]
    Y = y.reshape(1, m)
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from dnnstep.user_paths import UserPathError, current_folder, expanded, kind, not_a_file, shown

from .checks import MAX_DATA_VALUES

H5_SUFFIXES = (".h5", ".hdf5", ".hdf")
H5_INSTALL = 'pip install "dnnstep[h5]"'
NPZ_SUFFIXES = (".npz",)

#: The same arrays in the other format: a file named ``x.h5`` is also found as ``x.npz`` (converted so
#: that it needs no h5py), and ``x.npz`` as ``x.h5``; the name as written is looked for first, everywhere.
_OTHER_FORMAT = {**{suffix: NPZ_SUFFIXES for suffix in H5_SUFFIXES}, **{suffix: H5_SUFFIXES for suffix in NPZ_SUFFIXES}}


@dataclass
class FileData:
    """What one data file gave: the arrays it holds that a scenario can use.

    ``X, Y`` are the training arrays, ``X_test, Y_test`` a test set, ``classes`` the label
    names, ``image_shape`` the shape of one picture when the file held the course's 4-D
    images. Any of them can be ``None``.
    """

    X: np.ndarray | None = None
    Y: np.ndarray | None = None
    X_test: np.ndarray | None = None
    Y_test: np.ndarray | None = None
    classes: tuple[str, ...] | None = None
    image_shape: tuple[int, ...] | None = None


class DataFileError(Exception):
    """A data file problem, with the message to show; the loader adds file and key."""


def search_places(data_dir: str | Path | None, scenario_dir: Path | None) -> list[Path]:
    """The folders a data file is looked for in, in order, without repeats (the current
    folder and its ``datasets/`` only while the current folder exists)."""
    here = current_folder()
    places: list[Path] = []
    for place in (data_dir, scenario_dir, here, None if here is None else here / "datasets"):
        if place is None:
            continue
        place = expanded(place)
        if place not in places:
            places.append(place)
    return places


def find_file(name: str, places: list[Path]) -> Path:
    """The first ``place / name`` that exists; ``DataFileError`` saying where it looked, or what
    was there instead of a regular file (a folder, a pipe, ``/dev/null``), or why the system
    could not look (a name too long, a loop of links)."""
    try:
        return _find_file(name, places)
    except UserPathError as error:
        raise DataFileError(str(error)) from None


def _find_file(name: str, places: list[Path]) -> Path:
    path = expanded(name)
    named = [path] if path.is_absolute() else [place / path for place in places]
    for candidate in [*named, *(c.with_suffix(s) for s in _OTHER_FORMAT.get(path.suffix.lower(), ()) for c in named)]:
        found = kind(candidate)
        if found == "file":
            return candidate
        if found is not None and found != "folder":
            raise DataFileError(f"the data file {shown(candidate)} {not_a_file(found)}")
    if path.is_absolute():
        raise DataFileError(f"the data file {shown(path)} does not exist")
    looked = ", ".join(shown(place / path) for place in places)
    gone = "" if current_folder() is not None else " (not in the current folder: it was deleted)"
    raise DataFileError(
        f"data file '{shown(name)}' not found; looked in: {looked}{gone}. "
        f"Pass the folder that holds it with --data DIR (in Python, data_dir=DIR)"
    )


def read_arrays(path: Path, keys: tuple[str, ...] | None = None) -> dict[str, np.ndarray]:
    """The named arrays of an ``.npz`` or HDF5 file (all of them when ``keys`` is None)."""
    suffix = path.suffix.lower()
    if suffix in H5_SUFFIXES:
        return _read_h5(path, keys)
    if suffix in NPZ_SUFFIXES:
        return _read_npz(path, keys)
    raise DataFileError(
        f"dnnstep reads .npz and HDF5 ({', '.join(H5_SUFFIXES)}) files, not '{path.suffix or path.name}': "
        f"save the arrays with np.savez(\"data.npz\", X=X, Y=Y)"
    )


def _read_npz(path: Path, keys) -> dict[str, np.ndarray]:
    try:
        with np.load(path, allow_pickle=False) as npz:
            names = list(npz.files) if keys is None else [k for k in keys if k in npz.files]
            arrays = {}
            for name in names:
                _check_declared(name, _npz_shape(npz, name), path)
                try:
                    arrays[name] = npz[name]
                except ValueError as err:
                    if "allow_pickle" in str(err) or "object" in str(err).lower():
                        raise DataFileError(
                            f"array '{name}' of {path} holds Python objects, which only pickle can "
                            f"read; dnnstep never unpickles (it could run code). Save plain numeric "
                            f"arrays: np.savez(file, X=X.astype(float), Y=Y.astype(float))"
                        ) from None
                    raise
            return arrays
    except DataFileError:
        raise
    except ValueError as err:
        if "allow_pickle" in str(err):
            raise DataFileError(
                f"{path} is not an .npz archive: numpy could only read it by unpickling, which could "
                f"run code, and dnnstep never does. Save plain arrays with np.savez"
            ) from None
        raise DataFileError(f"cannot read {path} as .npz: {err}") from None
    except (OSError, EOFError) as err:
        raise DataFileError(f"cannot read {path} as .npz: {err}") from None
    except Exception as err:  # zipfile.BadZipFile and friends: a broken file
        raise DataFileError(f"cannot read {path} as .npz: {err}") from None


def _read_h5(path: Path, keys) -> dict[str, np.ndarray]:
    try:
        import h5py
    except ImportError:
        raise DataFileError(
            f"reading the HDF5 file {path} needs h5py, which is not installed: run "
            f"{H5_INSTALL} (or save the same arrays in an .npz, which needs nothing more)"
        ) from None
    try:
        with h5py.File(path, "r") as h5:
            names = list(h5.keys()) if keys is None else [k for k in keys if k in h5]
            arrays = {}
            for name in names:
                dataset = _h5_member(h5, name, path)
                if not isinstance(dataset, h5py.Dataset):
                    continue
                _check_declared(name, dataset.shape, path)
                arrays[name] = np.array(dataset[()])
            return arrays
    except OSError as err:
        raise DataFileError(f"cannot read {path} as HDF5: {err}") from None


def _h5_member(h5, name: str, path: Path):
    """``h5[name]``, or ``DataFileError`` when it is a link that leads nowhere: an external link to
    a file that cannot be opened, a soft link to a missing object or to itself."""
    import h5py

    try:
        return h5[name]
    except (KeyError, RuntimeError, OSError) as err:
        link = h5.get(name, getlink=True)
        if isinstance(link, h5py.ExternalLink):
            where = f"an external link to {link.path} in the file {link.filename}, which cannot be opened"
        elif isinstance(link, h5py.SoftLink):
            where = f"a soft link to {link.path}, which leads nowhere (or back to itself)"
        else:
            where = "an object that cannot be opened"
        reason = err.args[0] if err.args else err
        raise DataFileError(f"array '{name}' of {path} is {where} ({reason})") from None


def _check_declared(name: str, shape: tuple[int, ...] | None, path: Path) -> None:
    """Refuse an array whose declared shape holds more than ``MAX_DATA_VALUES`` numbers."""
    if shape is None:  # an empty HDF5 dataset, or a header numpy wrote in another way
        return
    size = 1
    for n in shape:
        size *= int(n)
    if size > MAX_DATA_VALUES:
        dims = " × ".join(str(int(n)) for n in shape)
        raise DataFileError(
            f"array '{name}' of {path} declares {size:,} numbers ({dims}), which would need "
            f"{size * 8 / 1e9:.1f} GB as float64; dnnstep reads at most {MAX_DATA_VALUES:,} numbers per array"
        )


def _npz_shape(npz, name: str) -> tuple[int, ...] | None:
    """The shape an ``.npz`` member's header declares, read without reading the array."""
    try:
        with npz.zip.open(f"{name}.npy") as member:
            version = np.lib.format.read_magic(member)
            if version == (1, 0):
                shape, _, _ = np.lib.format.read_array_header_1_0(member)
            elif version == (2, 0):
                shape, _, _ = np.lib.format.read_array_header_2_0(member)
            else:
                return None
            return tuple(shape)
    except Exception:  # a broken member: numpy reads it (or says why it cannot) below
        return None


_PLAIN = ("X", "Y", "X_test", "Y_test", "classes")
_COURSE = ("train_set_x", "train_set_y", "test_set_x", "test_set_y", "list_classes")


def load_data_file(path: Path) -> FileData:
    """Read a data file's arrays (plain or the course's) and prepare them."""
    arrays = read_arrays(path, _PLAIN + _COURSE)
    found = FileData()
    if "X" in arrays or "Y" in arrays:
        found.X, found.Y = _pair(arrays, "X", "Y", path)
    elif "train_set_x" in arrays or "train_set_y" in arrays:
        found.X, found.Y, found.image_shape = _course_pair(arrays, "train_set_x", "train_set_y", path)
    if "X_test" in arrays or "Y_test" in arrays:
        found.X_test, found.Y_test = _pair(arrays, "X_test", "Y_test", path)
    elif "test_set_x" in arrays or "test_set_y" in arrays:
        found.X_test, found.Y_test, shape = _course_pair(arrays, "test_set_x", "test_set_y", path)
        found.image_shape = found.image_shape or shape
    for key in ("classes", "list_classes"):
        if key in arrays:
            found.classes = _names(arrays[key], key, path)
            break
    if found.X is None and found.X_test is None:
        raise DataFileError(
            f"{path} holds none of the arrays dnnstep reads: X and Y (with X_test, Y_test), "
            f"or the course's train_set_x, train_set_y (test_set_x, test_set_y, list_classes); "
            f"it holds {', '.join(sorted(read_arrays(path))) or 'nothing'}"
        )
    return found


def _pair(arrays, x_key, y_key, path):
    if x_key not in arrays or y_key not in arrays:
        missing = y_key if x_key in arrays else x_key
        raise DataFileError(f"{path} has '{x_key if missing == y_key else y_key}' but no '{missing}'")
    for key in (x_key, y_key):
        if not np.issubdtype(arrays[key].dtype, np.number) or np.issubdtype(arrays[key].dtype, np.complexfloating):
            raise DataFileError(f"array '{key}' of {path} must hold real numbers, not {arrays[key].dtype}")
    return arrays[x_key], arrays[y_key]


def _course_pair(arrays, x_key, y_key, path):
    x, y = _pair(arrays, x_key, y_key, path)
    m = x.shape[0] if x.ndim else 0
    if x.ndim < 2 or m == 0:
        raise DataFileError(f"array '{x_key}' of {path} must be (m, height, width, channels), not {x.shape}")
    if y.size != m:
        raise DataFileError(f"array '{y_key}' of {path} has {y.size} labels for {m} pictures in '{x_key}'")
    X = prepare_images(x)
    Y = y.reshape(1, m)
    image_shape = tuple(int(n) for n in x.shape[1:]) if x.ndim == 4 else None
    return X, Y, image_shape


def prepare_images(x: np.ndarray) -> np.ndarray:
    """The course's preparation: ``x (m, h, w, c)`` -> ``x.reshape(m, -1).T / 255.``, (h*w*c, m)."""
    return x.reshape(x.shape[0], -1).T / 255.0


def _names(value: np.ndarray, key: str, path: Path) -> tuple[str, ...]:
    if value.dtype.kind not in "SU" or value.ndim != 1:
        raise DataFileError(f"array '{key}' of {path} must be a 1-D array of names, not {value.dtype} {value.shape}")
    return tuple(v.decode("utf-8", "replace") if isinstance(v, bytes) else str(v) for v in value.tolist())

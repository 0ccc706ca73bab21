"""Course 2's three data sets, without scikit-learn or scipy: circles, moons and the football file.

The Initialization notebook trains on scikit-learn's ``make_circles``, the Optimization notebook on
``make_moons``, both drawn after ``np.random.seed(s)`` from numpy's global legacy generator; the
Regularization notebook reads ``datasets/data.mat`` with ``scipy.io.loadmat``. This module rebuilds
the first two bit for bit and reads the third with numpy and zlib:

- ``make_circles`` / ``make_moons``: scikit-learn's arithmetic (read at
  ``scikit-learn/scikit-learn:sklearn/datasets/_samples_generator.py@00597594``): the points are laid
  out deterministically, labels ``0`` then ``1`` (``intp``), then ``sklearn.utils.shuffle``
  (``idx = np.arange(n); rs.shuffle(idx)``; rows reordered), then
  ``X += rs.normal(scale=noise, size=X.shape)``. ``random_state`` means what it means to
  scikit-learn: ``None`` draws from numpy's global legacy ``RandomState`` (as the course's helpers
  do), an int seeds a fresh ``RandomState``, a ``RandomState`` is drawn from.
- ``load_circles`` / ``load_moons``: the helpers' data (``init_utils.load_dataset``,
  ``opt_utils.load_dataset``) drawn from ``RandomState(seed)`` with the helpers' seeds, which gives
  the very numbers ``np.random.seed(seed)`` then the global generator gives, and leaves numpy's
  global generator alone.
- ``read_mat``: the variables of a MAT-file version 5 (what MATLAB's ``save -v7`` and
  ``scipy.io.savemat`` write, zlib-compressed or not) as ``{name: ndarray}``, as
  ``scipy.io.loadmat`` gives them; ``load_football`` turns the course's
  ``data.mat`` into ``train_X (2, 211), train_Y (1, 211), test_X (2, 200), test_Y (1, 200)``.

A file that cannot be read raises ``MatFileError`` (a ``ValueError``) whose message names the file
and what is wrong with it.
"""

from __future__ import annotations

import math
import os
import struct
import zlib

import numpy as np

__all__ = [
    "CIRCLES_TRAIN",
    "CIRCLES_TEST",
    "MOONS_TRAIN",
    "MatFileError",
    "check_random_state",
    "make_circles",
    "make_moons",
    "load_circles",
    "load_moons",
    "read_mat",
    "load_football",
]

# The helpers' draws, as (n_samples, noise, seed): init_utils.load_dataset seeds 1 then 2,
# opt_utils(_v1a).load_dataset seeds 3.
CIRCLES_TRAIN = (300, 0.05, 1)
CIRCLES_TEST = (100, 0.05, 2)
MOONS_TRAIN = (300, 0.2, 3)

# At most this many numbers are read from one MAT file (the scenario loader's own limit is the same).
MAX_VALUES = 100_000_000


# --------------------------------------------------------------------------------------------
# scikit-learn's generators
# --------------------------------------------------------------------------------------------


def check_random_state(seed: None | int | np.random.RandomState) -> np.random.RandomState:
    """scikit-learn's ``check_random_state``: the generator a ``random_state`` argument means.

    ``None`` is numpy's global legacy generator (what ``np.random.seed`` seeds), an int a new
    ``RandomState(seed)``, a ``RandomState`` itself.
    """
    if seed is None:
        return np.random.mtrand._rand
    if isinstance(seed, np.random.RandomState):
        return seed
    if isinstance(seed, (int, np.integer)) and not isinstance(seed, bool):
        return np.random.RandomState(seed)
    raise ValueError(f"random_state must be None, an int or a numpy RandomState, not {seed!r}")


def _split(n_samples: int) -> tuple[int, int]:
    """scikit-learn's split of ``n_samples`` into (outer, inner): the inner part takes the odd one."""
    if isinstance(n_samples, bool) or not isinstance(n_samples, (int, np.integer)) or n_samples < 0:
        raise ValueError(f"n_samples must be a whole number of points (0 or more), not {n_samples!r}")
    n_samples_out = int(n_samples) // 2
    return n_samples_out, int(n_samples) - n_samples_out


def _shuffle_and_noise(X, y, generator, shuffle, noise):
    """``sklearn.utils.shuffle`` (one ``rs.shuffle`` of the row indices), then the gaussian noise.

    X: (n, 2); y: (n,). Returns new (X, y).
    """
    if shuffle:
        indices = np.arange(X.shape[0])
        generator.shuffle(indices)
        X, y = X[indices], y[indices]
    if noise is not None:
        X += generator.normal(scale=noise, size=X.shape)
    return X, y


def make_circles(n_samples=100, *, shuffle=True, noise=None, random_state=None, factor=0.8):
    """scikit-learn's ``make_circles``: a circle of radius 1 (label 0) around one of radius ``factor`` (label 1).

    Points at ``np.linspace(0, 2*pi, n, endpoint=False)`` on each circle (scikit-learn >= 0.20;
    the <= 0.19 layout gives the same numbers for the course's even sizes), shuffled, then
    gaussian noise of standard deviation ``noise``.

    Returns:
        (X, y): X (n_samples, 2) float64, y (n_samples,) intp of 0 and 1, as scikit-learn's.
    """
    n_samples_out, n_samples_in = _split(n_samples)
    generator = check_random_state(random_state)
    linspace_out = np.linspace(0, 2 * np.pi, n_samples_out, endpoint=False)
    linspace_in = np.linspace(0, 2 * np.pi, n_samples_in, endpoint=False)
    outer_circ_x = np.cos(linspace_out)
    outer_circ_y = np.sin(linspace_out)
    inner_circ_x = np.cos(linspace_in) * factor
    inner_circ_y = np.sin(linspace_in) * factor

    X = np.vstack([np.append(outer_circ_x, inner_circ_x), np.append(outer_circ_y, inner_circ_y)]).T
    y = np.hstack([np.zeros(n_samples_out, dtype=np.intp), np.ones(n_samples_in, dtype=np.intp)])
    return _shuffle_and_noise(X, y, generator, shuffle, noise)


def make_moons(n_samples=100, *, shuffle=True, noise=None, random_state=None):
    """scikit-learn's ``make_moons``: two interleaving half circles, label 0 above, label 1 below.

    The upper moon is ``(cos t, sin t)`` and the lower ``(1 - cos t, 1 - sin t - 0.5)`` for
    ``t = np.linspace(0, pi, n)``, shuffled, then gaussian noise of standard deviation ``noise``.

    Returns:
        (X, y): X (n_samples, 2) float64, y (n_samples,) intp of 0 and 1, as scikit-learn's.
    """
    n_samples_out, n_samples_in = _split(n_samples)
    generator = check_random_state(random_state)
    outer_circ_x = np.cos(np.linspace(0, np.pi, n_samples_out))
    outer_circ_y = np.sin(np.linspace(0, np.pi, n_samples_out))
    inner_circ_x = 1 - np.cos(np.linspace(0, np.pi, n_samples_in))
    inner_circ_y = 1 - np.sin(np.linspace(0, np.pi, n_samples_in)) - 0.5

    X = np.vstack([np.append(outer_circ_x, inner_circ_x), np.append(outer_circ_y, inner_circ_y)]).T
    y = np.hstack([np.zeros(n_samples_out, dtype=np.intp), np.ones(n_samples_in, dtype=np.intp)])
    return _shuffle_and_noise(X, y, generator, shuffle, noise)


def _as_course(X, y):
    """The helpers' reshaping: ``X.T`` (2, m) and labels ``y.reshape((1, m))``."""
    return X.T, y.reshape((1, y.shape[0]))


def load_circles():
    """The Initialization notebook's circles (``init_utils.load_dataset``), numpy's global generator untouched.

    Train: 300 points, noise 0.05, seed 1; test: 100 points, noise 0.05, seed 2.

    Returns:
        (train_X, train_Y, test_X, test_Y): (2, 300) float64, (1, 300) intp, (2, 100), (1, 100).
    """
    n, noise, seed = CIRCLES_TRAIN
    train_X, train_Y = _as_course(*make_circles(n, noise=noise, random_state=np.random.RandomState(seed)))
    n, noise, seed = CIRCLES_TEST
    test_X, test_Y = _as_course(*make_circles(n, noise=noise, random_state=np.random.RandomState(seed)))
    return train_X, train_Y, test_X, test_Y


def load_moons():
    """The Optimization notebook's moons (``opt_utils.load_dataset``), numpy's global generator untouched.

    300 points, noise 0.2, seed 3; there is no test set.

    Returns:
        (train_X, train_Y): (2, 300) float64, (1, 300) intp.
    """
    n, noise, seed = MOONS_TRAIN
    return _as_course(*make_moons(n, noise=noise, random_state=np.random.RandomState(seed)))


# --------------------------------------------------------------------------------------------
# MAT-file version 5
# --------------------------------------------------------------------------------------------


class MatFileError(ValueError):
    """A MAT file that cannot be read; ``str()`` is ``"<path>: <what is wrong>"``."""

    def __init__(self, path, problem: str):
        self.path = str(path)
        self.problem = problem
        super().__init__(f"{self.path}: {problem}")


# Data types of the elements (MATLAB's "MAT-File Format", table 1-1): numeric ones as numpy dtypes.
_MI_NUMERIC = {
    1: "i1", 2: "u1", 3: "i2", 4: "u2", 5: "i4", 6: "u4", 7: "f4", 9: "f8", 12: "i8", 13: "u8",
}
_MI_MATRIX = 14
_MI_COMPRESSED = 15
# Array classes: the numeric ones as numpy dtypes (what loadmat gives with mat_dtype=True).
_MX_NUMERIC = {
    6: "f8", 7: "f4", 8: "i1", 9: "u1", 10: "i2", 11: "u2", 12: "i4", 13: "u4", 14: "i8", 15: "u8",
}
_MX_NAMES = {1: "a cell array", 2: "a struct", 3: "an object", 4: "a char array", 5: "a sparse matrix",
             16: "a function handle", 17: "an opaque object"}
_COMPLEX, _LOGICAL = 0x0800, 0x0200
_HEADER = 128


class _Reader:
    """Reads the data elements of one buffer (the file after its header, or a decompressed element)."""

    def __init__(self, data: bytes, order: str, fail):
        self.data, self.order, self.fail, self.pos = data, order, fail, 0

    def at_end(self) -> bool:
        return self.pos >= len(self.data)

    def element(self, *, padded: bool = True) -> tuple[int, bytes]:
        """The next element as (data type, its bytes), moving past it (and its padding to 8 bytes)."""
        if self.pos + 8 > len(self.data):
            raise self.fail("it ends in the middle of a data element (the file is cut short)")
        word, nbytes = struct.unpack_from(self.order + "II", self.data, self.pos)
        if word >> 16:  # the small data element format: type and size in one word, data in the next
            mi_type, nbytes, start = word & 0xFFFF, word >> 16, self.pos + 4
            if nbytes > 4:
                raise self.fail("a small data element claims more than 4 bytes (the file is damaged)")
            self.pos += 8
        else:
            mi_type, start = word, self.pos + 8
            end = start + nbytes
            if end > len(self.data):
                raise self.fail(f"a data element of {nbytes:,} bytes runs past the end of the file "
                                "(the file is cut short or damaged)")
            self.pos = start + nbytes + ((-nbytes) % 8 if padded else 0)
        return mi_type, self.data[start:start + nbytes]

    def numbers(self, what: str, max_values: int) -> np.ndarray:
        """The next element as a 1-D numeric array."""
        mi_type, raw = self.element()
        if mi_type not in _MI_NUMERIC:
            raise self.fail(f"the {what} is stored as data type {mi_type}, not as numbers (the file is damaged)")
        dtype = np.dtype(_MI_NUMERIC[mi_type]).newbyteorder(self.order)
        if len(raw) % dtype.itemsize:
            raise self.fail(f"the {what} has {len(raw)} bytes, not a whole number of {dtype.name} values")
        if len(raw) // dtype.itemsize > max_values:
            raise self.fail(f"the {what} holds {len(raw) // dtype.itemsize:,} numbers; dnnstep reads at most "
                            f"{max_values:,}")
        return np.frombuffer(raw, dtype=dtype)


def _matrix(body: bytes, order: str, fail, max_values: int, mat_dtype: bool) -> tuple[str, np.ndarray]:
    """One ``miMATRIX`` element's (name, array): flags, dimensions, name, then the real part."""
    parts = _Reader(body, order, fail)
    flags = parts.numbers("array flags", 4)
    if flags.size < 2:
        raise fail("an array's flags are missing (the file is damaged)")
    mx_class, flag_bits = int(flags[0]) & 0xFF, int(flags[0])
    dims = parts.numbers("array dimensions", 64)
    name_type, name_raw = parts.element()
    name = name_raw.decode("ascii", errors="replace") or "(unnamed)"
    if mx_class not in _MX_NUMERIC:
        kind = _MX_NAMES.get(mx_class, f"of array class {mx_class}")
        raise fail(f"variable '{name}' is {kind}; dnnstep reads numeric matrices only")
    if flag_bits & _COMPLEX:
        raise fail(f"variable '{name}' holds complex numbers; dnnstep reads real matrices only")
    if (dims < 0).any():
        raise fail(f"variable '{name}' has negative dimensions {tuple(int(d) for d in dims)}")
    shape = tuple(int(d) for d in dims)
    count = math.prod(shape)  # Python ints: a hostile file's dimensions cannot overflow
    if count > max_values:
        raise fail(f"variable '{name}' is {' x '.join(map(str, shape))} = {count:,} numbers; dnnstep reads at most "
                   f"{max_values:,}")
    real = parts.numbers(f"values of '{name}'", max_values)
    if real.size != count:
        raise fail(f"variable '{name}' should hold {count:,} numbers ({' x '.join(map(str, shape))}) "
                   f"but holds {real.size:,}")
    if mat_dtype:
        dtype = np.dtype(bool) if flag_bits & _LOGICAL else np.dtype(_MX_NUMERIC[mx_class])
    else:
        dtype = real.dtype.newbyteorder("=")
    return name, real.astype(dtype).reshape(shape, order="F")


def _inflate(raw: bytes, fail, max_bytes: int) -> bytes:
    """A ``miCOMPRESSED`` element's zlib stream, refusing to grow past ``max_bytes``."""
    inflater = zlib.decompressobj()
    try:
        data = inflater.decompress(raw, max_bytes + 1)
    except zlib.error as error:
        raise fail(f"a compressed variable cannot be decompressed ({error})") from None
    if len(data) > max_bytes:
        raise fail(f"a compressed variable unpacks to more than {max_bytes:,} bytes; dnnstep reads at most that")
    return data


def _open_mat(path, fail, max_bytes: int) -> bytes:
    """The whole file's bytes, or one clear ``MatFileError``."""
    try:
        with open(path, "rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            if size > max_bytes + _HEADER:
                raise fail(f"the file has {size:,} bytes; dnnstep reads MAT files of at most {max_bytes + _HEADER:,}")
            return handle.read()
    except MatFileError:
        raise
    except IsADirectoryError:
        raise fail("is a folder, not a MAT file") from None
    except FileNotFoundError:
        raise fail("no such file") from None
    except OSError as error:
        raise fail(f"cannot be read ({error.strerror or error})") from None


def _byte_order(header: bytes, fail) -> str:
    """``"<"`` or ``">"`` from a 128-byte MAT 5 header, or a message saying what the file is instead."""
    if header.startswith(b"\x89HDF\r\n\x1a\n") or header.startswith(b"MATLAB 7.3 MAT-file"):
        raise fail("is a MATLAB 7.3 (HDF5) MAT file; save it again with save('-v7') or scipy.io.savemat")
    if len(header) == _HEADER:
        for order, mark in (("<", b"IM"), (">", b"MI")):
            if header[126:128] == mark and struct.unpack_from(order + "H", header, 124)[0] == 0x0100:
                return order
    if len(header) < _HEADER:
        raise fail(f"has {len(header)} bytes, too few for a MAT file's 128-byte header")
    raise fail("is not a MAT-file version 5 (its header has no version 0x0100 and byte-order mark 'IM'); "
               "MAT 4 and other formats are not read")


def read_mat(path, *, mat_dtype: bool = False, max_values: int = MAX_VALUES) -> dict[str, np.ndarray]:
    """The variables of a MAT-file version 5, as ``scipy.io.loadmat`` gives them, without scipy.

    Each variable keeps its MATLAB shape (2-D at least, read in column-major order). Its dtype is
    the one its numbers are stored with, as ``loadmat``'s default gives it (MATLAB stores the whole
    numbers of a ``double`` matrix as uint8 when it can: the course's labels ``y`` come back uint8);
    with ``mat_dtype=True``, as with ``loadmat``'s, the dtype of its MATLAB class instead (``double``
    -> float64, ``logical`` -> bool). The ``__header__``, ``__version__`` and ``__globals__``
    entries ``loadmat`` adds are left out.

    Raises:
        MatFileError: the file cannot be opened, is not a MAT 5 file (a MAT 4 file and the
            HDF5-based 7.3 files are named as such), is cut short or damaged, or holds a variable
            that is not a real numeric matrix (cell, struct, char, sparse, complex) or has more
            than ``max_values`` numbers.
    """

    def fail(problem: str) -> MatFileError:
        return MatFileError(path, problem)

    max_bytes = 8 * max_values + 65536  # the largest matrix allowed, with room for its tags
    content = _open_mat(path, fail, max_bytes)
    order = _byte_order(content[:_HEADER], fail)

    variables: dict[str, np.ndarray] = {}
    elements = _Reader(content, order, fail)
    elements.pos = _HEADER
    while not elements.at_end():
        mi_type, raw = elements.element(padded=False)  # a compressed element is not padded
        if mi_type == _MI_COMPRESSED:
            mi_type, raw = _Reader(_inflate(raw, fail, max_bytes), order, fail).element()
        elif mi_type == _MI_MATRIX:
            elements.pos += (-len(raw)) % 8
        if mi_type != _MI_MATRIX:
            raise fail(f"it holds a data element of type {mi_type} where a variable (miMATRIX, 14) should be")
        name, array = _matrix(raw, order, fail, max_values, mat_dtype)
        variables[name] = array
    return variables


def load_football(path="datasets/data.mat"):
    """The Regularization notebook's data (``reg_utils.load_2D_dataset``), read from ``data.mat``.

    ``train_X = X.T``, ``train_Y = y.T``, ``test_X = Xval.T``, ``test_Y = yval.T``; the labels keep
    the file's dtype (uint8 in the course's file), as ``scipy.io.loadmat`` gives them.

    Returns:
        (train_X, train_Y, test_X, test_Y): (2, 211) float64, (1, 211) uint8, (2, 200), (1, 200)
        for the course's file.

    Raises:
        MatFileError: the file cannot be read (see ``read_mat``), lacks ``X``, ``y``, ``Xval`` or
            ``yval``, or their shapes do not fit together.
    """
    data = read_mat(path)
    missing = [key for key in ("X", "y", "Xval", "yval") if key not in data]
    if missing:
        found = ", ".join(sorted(data)) or "no variables"
        raise MatFileError(path, f"has no {', '.join(missing)}: the football data holds X, y, Xval and yval, "
                                 f"this file holds {found}")
    for features, labels in (("X", "y"), ("Xval", "yval")):
        X, y = data[features], data[labels]
        if X.ndim != 2 or y.ndim != 2 or y.shape[1] != 1 or X.shape[0] != y.shape[0]:
            raise MatFileError(path, f"{features} is {X.shape[0]} x {X.shape[1]} and {labels} is "
                                     f"{' x '.join(map(str, y.shape))}; the football data holds {features} "
                                     f"(m, n_x) and {labels} (m, 1) with the same m")
    return data["X"].T, data["y"].T, data["Xval"].T, data["yval"].T

"""The ``[data]`` table of a scenario file: where X and Y (and a test set) come from.

Exactly one source::

    X = [[...]]  Y = [[...]]                 # inline, X (n[0], m), Y (1, m)
    file = "train.npz"  test_file = "..."    # .npz or HDF5, looked for as datafiles.py says
    generator = "flower"  m = 400  seed = 1  # seeded, see generators.py; test_m, test_seed

and, with any source, ``X_test``/``Y_test`` inline, ``image_shape = [64, 64, 3]`` and
``classes = ["non-cat", "cat"]``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from . import checks
from .datafiles import DataFileError, DataFileMissing, FileData, find_file, load_data_file
from .errors import DataMissing, one_of
from .fields import Table
from .generators import DEFAULT_IMAGE_SHAPE, GENERATORS, generate

_COMMON = ("X_test", "Y_test", "image_shape", "classes")


@dataclass
class DataSection:
    """What the [data] table gave, checked: X (n[0], m), Y (1, m) and the rest."""

    X: np.ndarray
    Y: np.ndarray
    source: str
    X_test: np.ndarray | None = None
    Y_test: np.ndarray | None = None
    image_shape: tuple[int, int, int] | None = None
    classes: tuple[str, str] | None = None


@dataclass
class _Raw:
    """Arrays before checking, with the keys and labels that messages about them use."""

    found: FileData
    source: str
    key: str
    x_label: str = ""
    y_label: str = ""


def read_data(data: Table, n_x: int, places: list[Path]) -> DataSection:
    """Read and check the [data] table for a network with ``n_x`` = n[0] inputs."""
    sources = [s for s in ("X", "file", "generator") if s in data]
    if "Y" in data and "X" not in data:
        sources.append("X")
    if not sources:
        every_key = ("X", "Y", "file", "test_file", "generator", "m", "seed", "test_m", "test_seed",
                     *dict.fromkeys(o for g in GENERATORS.values() for o in g.options), *_COMMON)
        data.check_keys(every_key)  # a misspelt source ("generater") is named, with the closest key
        raise data.error(
            None,
            'needs one source of data: inline X = [[...]] and Y = [[...]], file = "name.npz" '
            "(or .h5), or generator = " + one_of(GENERATORS),
        )
    if len(sources) > 1:
        names = {"X": "X/Y", "file": "file", "generator": "generator"}
        raise data.error(sources[1], f"give one source of data, not both {' and '.join(names[s] for s in sources)}")
    image_shape = None
    if "image_shape" in data:
        image_shape = checks.check_image_shape(data.int_list("image_shape"), n_x, data.error, "image_shape")

    if sources[0] == "X":
        raw = _inline(data)
    elif sources[0] == "file":
        raw = _file(data, places)
    else:
        raw = _generator(data, n_x, image_shape)
        if data.string("generator") == "images":
            image_shape = image_shape or DEFAULT_IMAGE_SHAPE
    found = raw.found
    inline = raw.key == "inline"
    X, Y = checks.check_data(
        found.X, found.Y, n_x, data.error,
        x_key="X" if inline else raw.key, y_key="Y" if inline else raw.key,
        x_what=raw.x_label, y_what=raw.y_label,
    )
    section = DataSection(X=X, Y=Y, source=raw.source)
    _test_set(data, n_x, places, raw, section)

    if image_shape is None and found.image_shape is not None:
        image_shape = checks.check_image_shape(found.image_shape, n_x, data.error, raw.key)
    section.image_shape = image_shape
    if "classes" in data:
        section.classes = checks.check_classes(data.string_list("classes"), data.error, "classes")
    elif found.classes is not None:
        section.classes = checks.check_classes(list(found.classes), data.error, raw.key)
    return section


def _inline(data: Table) -> _Raw:
    data.check_keys(("X", "Y", *_COMMON), what="for inline data")
    return _Raw(FileData(X=data.matrix("X"), Y=data.matrix("Y")), "inline X and Y", "inline")


def _file(data: Table, places: list[Path]) -> _Raw:
    data.check_keys(("file", "test_file", *_COMMON), what="for data from a file")
    path = _find(data, "file", places)
    found = _load(data, "file", path)
    if found.X is None:
        raise data.error("file", f"{path} holds only a test set; name the training file here and that one in test_file")
    return _Raw(found, str(path), "file", f"the X of {path} ", f"the Y of {path} ")


def _generator(data: Table, n_x: int, image_shape) -> _Raw:
    name = data.choice("generator", GENERATORS, what="generator")
    options = GENERATORS[name].options
    data.check_keys(
        ("generator", "m", "seed", "test_m", "test_seed", *options, *_COMMON),
        what=f"for the {name} generator",
    )
    kwargs = {k: data.number(k) for k in options if k in data}
    for key in ("noise", "factor"):
        if kwargs.get(key, 0.0) < 0:
            raise data.error(key, f"must be 0 or more, not {kwargs[key]:g}")
    if name == "images":
        kwargs["image_shape"] = image_shape or DEFAULT_IMAGE_SHAPE
    m = checks.check_examples(data.get("m", GENERATORS[name].m), n_x, data.error, "m")
    seed = checks.check_seed(data.get("seed", GENERATORS[name].seed), data.error, "seed")
    found = FileData()
    found.X, found.Y = _generate(data, "generator", name, n_x, m, seed, kwargs)
    source = f"generator {name} (m = {m}, seed {seed})"
    if "test_m" in data:
        test_m = checks.check_examples(data.get("test_m"), n_x, data.error, "test_m")
        default_seed = (seed + 1) % (checks.MAX_SEED + 1)
        test_seed = checks.check_seed(data.get("test_seed", default_seed), data.error, "test_seed")
        found.X_test, found.Y_test = _generate(data, "test_m", name, n_x, test_m, test_seed, kwargs)
        source += f"; test set m = {test_m}, seed {test_seed}"
    elif "test_seed" in data:
        raise data.error("test_seed", "a test set needs test_m, the number of test examples")
    return _Raw(found, source, "generator")


def _test_set(data: Table, n_x: int, places: list[Path], raw: _Raw, section: DataSection) -> None:
    """Fill ``section``'s test set: inline X_test/Y_test, test_file, or what the source gave."""
    found = raw.found
    X_test, Y_test = found.X_test, found.Y_test
    x_key = y_key = raw.key
    x_label = raw.x_label.replace("the X ", "the X_test ")
    y_label = raw.y_label.replace("the Y ", "the Y_test ")
    if "X_test" in data or "Y_test" in data:
        if "test_file" in data or "test_m" in data:
            other = "test_file" if "test_file" in data else "test_m"
            raise data.error("X_test", f"give one test set, not both X_test/Y_test and {other}")
        X_test, Y_test = data.matrix("X_test"), data.matrix("Y_test")
        x_key, y_key, x_label, y_label = "X_test", "Y_test", "", ""
    elif "test_file" in data:
        path = _find(data, "test_file", places)
        test = _load(data, "test_file", path)
        X_test, Y_test = (test.X_test, test.Y_test) if test.X_test is not None else (test.X, test.Y)
        found.classes = found.classes or test.classes
        found.image_shape = found.image_shape or test.image_shape
        x_key = y_key = "test_file"
        x_label, y_label = f"the test X of {path} ", f"the test Y of {path} "
        section.source += f"; test set {path}"
    if X_test is not None:
        section.X_test, section.Y_test = checks.check_data(
            X_test, Y_test, n_x, data.error, x_key=x_key, y_key=y_key, x_what=x_label, y_what=y_label
        )


def _find(data: Table, key: str, places: list[Path]) -> Path:
    try:
        return find_file(data.string(key), places)
    except DataFileMissing as err:
        raise DataMissing(str(err), file=data.file, key=data.key(key)) from None
    except DataFileError as err:
        raise data.error(key, str(err)) from None


def _load(data: Table, key: str, path: Path) -> FileData:
    try:
        return load_data_file(path)
    except DataFileError as err:
        raise data.error(key, str(err)) from None


def _generate(data: Table, key: str, name: str, n_x: int, m: int, seed: int, kwargs):
    try:
        return generate(name, n_x=n_x, m=m, seed=seed, **kwargs)
    except ValueError as err:
        raise data.error(key, str(err)) from None

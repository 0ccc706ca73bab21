"""Reading a scenario file: TOML in, a checked ``Scenario`` out, or one clear ``ScenarioError``.

The file is read with ``tomllib``; nothing in it is ever executed (no eval, no pickle).
``docs/scenarios.md`` describes the format; in short::

    title = "..."                   description = "..."
    [network]   layer_dims, hidden_activation | activations, leaky_slope
    [init]      method, seed, scale, file, W1, b1, ...
    [training]  learning_rate, num_iterations
    [data]      X + Y | file (+ test_file) | generator (+ m, seed, options, test_m, test_seed),
                X_test, Y_test, image_shape, classes
    [[expect]]  tables kept raw for dnnstep.expect
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from . import checks
from .datafiles import DataFileError, FileData, find_file, load_data_file, read_arrays, search_places
from .errors import ScenarioError, one_of
from .fields import Table
from .generators import DEFAULT_SEED, GENERATORS, generate
from .initializers import INIT_METHODS, describe, initialize, scalable_methods
from .model import Scenario
from .shipped import resolve_scenario

TOP_KEYS = ("title", "description", "network", "init", "training", "data", "expect")
NETWORK_KEYS = ("layer_dims", "hidden_activation", "output_activation", "activations", "leaky_slope")
TRAINING_KEYS = ("learning_rate", "num_iterations")
DEFAULT_LEARNING_RATE = 0.0075
DEFAULT_ITERATIONS = 3000
_PARAMETER = re.compile(r"^[Wb][0-9]+$")


def load_scenario(name_or_path: str | Path, *, data_dir: str | Path | None = None) -> Scenario:
    """Load a shipped scenario by name (``"five_layer"``) or a scenario file by path.

    ``data_dir`` is searched first for data files the scenario names (the command line's
    ``--data DIR``). Raises ``ScenarioError`` with one message naming the file, the key
    and what is wrong.
    """
    path = resolve_scenario(name_or_path)
    document = read_toml(path)
    return scenario_from_toml(document, path=path, data_dir=data_dir)


def read_toml(path: Path) -> dict[str, Any]:
    """The parsed TOML of a scenario file; ``ScenarioError`` when it cannot be read or parsed."""
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as err:
        raise ScenarioError(f"is not UTF-8 text ({err.reason} at byte {err.start})", file=path) from None
    except OSError as err:
        raise ScenarioError(f"cannot be read: {err.strerror or err}", file=path) from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        problem = str(err)
        if problem.endswith("(at end of document)"):
            last = max(1, len(text.splitlines()))
            problem = problem[: -len("(at end of document)")] + f"(at the end of the file, line {last})"
        raise ScenarioError(f"is not valid TOML: {problem}", file=path) from None


@dataclass(frozen=True)
class ScenarioSummary:
    """What a scenario file says about itself, read without building its data or parameters."""

    name: str
    path: Path
    title: str
    description: str
    layer_dims: tuple[int, ...] | None


def peek_scenario(name_or_path: str | Path) -> ScenarioSummary:
    """The name, title, description and layer sizes of a scenario, cheaply: only the TOML is
    read (no data files, no generators), for lists of scenarios. Raises ``ScenarioError``
    when the file cannot be found or parsed; nothing else is checked."""
    path = resolve_scenario(name_or_path)
    document = read_toml(path)
    title = document.get("title", "")
    description = document.get("description", "")
    network = document.get("network")
    dims = network.get("layer_dims") if isinstance(network, dict) else None
    if not (isinstance(dims, list) and all(isinstance(n, int) and not isinstance(n, bool) for n in dims)):
        dims = None
    return ScenarioSummary(
        name=path.stem,
        path=path,
        title=title if isinstance(title, str) else "",
        description=description.strip() if isinstance(description, str) else "",
        layer_dims=None if dims is None else tuple(dims),
    )


def scenario_from_toml(
    document: dict[str, Any],
    *,
    path: Path | None = None,
    name: str | None = None,
    data_dir: str | Path | None = None,
) -> Scenario:
    """Build a Scenario from an already parsed TOML document (``tomllib.loads``)."""
    file = str(path) if path is not None else (name or "<scenario>")
    top = Table(document, file=file)
    top.check_keys(TOP_KEYS)
    title = top.string("title", "")
    description = top.string("description", "")

    network = top.table("network", required=True)
    network.check_keys(NETWORK_KEYS)
    layer_dims = checks.check_layer_dims(network.int_list("layer_dims"), network.error, "layer_dims")
    L = len(layer_dims) - 1
    output = network.string("output_activation", None)
    if output is not None and output != checks.OUTPUT_ACTIVATION:
        raise network.error("output_activation", f"is '{output}', but {checks.WHY_SIGMOID}")
    activations = checks.resolve_activations(
        L,
        network.string("hidden_activation", None),
        network.string_list("activations", None),
        network.error,
        hidden_key="hidden_activation",
        list_key="activations",
    )
    leaky_slope = network.number("leaky_slope", 0.01)
    if not 0 <= leaky_slope < 1:
        raise network.error("leaky_slope", f"must be in [0, 1), not {leaky_slope:g}")

    places = search_places(data_dir, path.parent if path is not None else None)
    parameters, init = _read_init(top.table("init"), layer_dims, places)

    training = top.table("training")
    training.check_keys(TRAINING_KEYS)
    learning_rate = training.number("learning_rate", DEFAULT_LEARNING_RATE, positive=True)
    num_iterations = training.integer("num_iterations", DEFAULT_ITERATIONS, minimum=1)

    data = _read_data(top.table("data", required=True), layer_dims[0], places)
    expectations = _read_expectations(top)
    return Scenario(
        name=path.stem if path is not None else (name or "scenario"),
        layer_dims=layer_dims,
        activations=activations,
        parameters=parameters,
        learning_rate=learning_rate,
        num_iterations=num_iterations,
        X=data["X"],
        Y=data["Y"],
        title=title,
        description=description.strip(),
        X_test=data.get("X_test"),
        Y_test=data.get("Y_test"),
        image_shape=data.get("image_shape"),
        classes=data.get("classes"),
        leaky_slope=leaky_slope,
        init=init,
        path=path,
        expectations=expectations,
        data_source=data["source"],
    )


def _read_init(init: Table, layer_dims: tuple[int, ...], places: list[Path]):
    """``(parameters, description)`` from the [init] table."""
    arrays = {k: v for k, v in init.data.items() if _PARAMETER.match(k)}
    init.check_keys(("method", "seed", "scale", "file", *arrays), what="(besides W1, b1, ..., WL, bL)")
    default = "explicit" if (arrays or "file" in init) else "course-deep"
    method = init.choice("method", [*INIT_METHODS, "explicit"], default, what="initialisation")
    explicit: dict[str, np.ndarray] = {}
    if "file" in init:
        explicit.update(_parameters_file(init, places))
    for name, value in arrays.items():
        explicit[name] = init.matrix(name)
    checks.check_parameters(explicit, layer_dims, init.error, prefix="", complete=method == "explicit")

    if method == "explicit":
        for key in ("seed", "scale"):
            if key in init:
                raise init.error(key, "explicit parameters are not drawn, so they take no " + key)
        source = "explicit" if "file" not in init else f"explicit ({init.string('file')})"
        return explicit, source
    seed = init.integer("seed", None, minimum=0, maximum=checks.MAX_SEED)
    scale = init.number("scale", None, positive=True)
    rule = INIT_METHODS[method]
    if seed is not None and rule.seed is None:
        raise init.error("seed", f"'{method}' draws no random numbers, so it takes no seed")
    if scale is not None and rule.scale is None:
        raise init.error("scale", f"'{method}' takes no scale; only {one_of(scalable_methods())} do")
    parameters = initialize(method, layer_dims, seed=seed, scale=scale)
    for name, value in parameters.items():
        checks.check_finite(value, init.error, "scale", f"makes {name} overflow: {name} ")
    parameters.update(explicit)
    text = describe(method, seed=seed, scale=scale)
    if explicit:
        text += f", with {', '.join(sorted(explicit))} given"
    return parameters, text


def _parameters_file(init: Table, places: list[Path]) -> dict[str, np.ndarray]:
    name = init.string("file")
    try:
        path = find_file(name, places)
        arrays = read_arrays(path)
    except DataFileError as err:
        raise init.error("file", str(err)) from None
    found = {k: v for k, v in arrays.items() if _PARAMETER.match(k)}
    if not found:
        raise init.error("file", f"{path} holds no arrays named W1, b1, ...; it holds {', '.join(arrays) or 'nothing'}")
    return found


_COMMON_DATA = ("X_test", "Y_test", "image_shape", "classes")


def _read_data(data: Table, n_x: int, places: list[Path]) -> dict[str, Any]:
    """X, Y, the optional test set, image_shape, classes and a line saying where they came from."""
    sources = [s for s in ("X", "file", "generator") if s in data]
    if "Y" in data and "X" not in data:
        sources.append("X")
    if not sources:
        raise data.error(
            None,
            "needs one source of data: inline X = [[...]] and Y = [[...]], file = \"name.npz\" "
            "(or .h5), or generator = " + one_of(GENERATORS),
        )
    if len(sources) > 1:
        names = {"X": "X/Y", "file": "file", "generator": "generator"}
        raise data.error(sources[1], f"give one source of data, not both {' and '.join(names[s] for s in sources)}")
    source = sources[0]
    found = FileData()
    image_shape = None
    if "image_shape" in data:
        image_shape = checks.check_image_shape(data.int_list("image_shape"), n_x, data.error, "image_shape")

    if source == "X":
        data.check_keys(("X", "Y", *_COMMON_DATA), what="for inline data")
        found.X, found.Y = data.matrix("X"), data.matrix("Y")
        where = "inline X and Y"
        x_key, y_key, what = "X", "Y", ""
    elif source == "file":
        data.check_keys(("file", "test_file", *_COMMON_DATA), what="for data from a file")
        path = _find(data, "file", places)
        found = _load(data, "file", path)
        if found.X is None:
            raise data.error("file", f"{path} holds only a test set; name the training file here and it in test_file")
        where = str(path)
        x_key = y_key = "file"
        what = f"the X of {path} "
    else:
        name = data.choice("generator", GENERATORS, what="generator")
        options = GENERATORS[name].options
        data.check_keys(
            ("generator", "m", "seed", "test_m", "test_seed", *options, *_COMMON_DATA),
            what=f"for the {name} generator",
        )
        kwargs = {k: data.number(k) for k in options if k in data}
        for key in ("noise", "factor"):
            if kwargs.get(key, 0.0) < 0:
                raise data.error(key, f"must be 0 or more, not {kwargs[key]:g}")
        if name == "images":
            kwargs["image_shape"] = image_shape or (64, 64, 3)
        m = data.integer("m", GENERATORS[name].m, minimum=1, maximum=checks.MAX_EXAMPLES)
        seed = data.integer("seed", DEFAULT_SEED, minimum=0, maximum=checks.MAX_SEED)
        found.X, found.Y = _generate(data, "generator", name, n_x, m, seed, kwargs)
        if "test_m" in data:
            test_m = data.integer("test_m", minimum=1, maximum=checks.MAX_EXAMPLES)
            test_seed = data.integer("test_seed", (seed + 1) % (checks.MAX_SEED + 1), minimum=0, maximum=checks.MAX_SEED)
            found.X_test, found.Y_test = _generate(data, "test_m", name, n_x, test_m, test_seed, kwargs)
            test_where = f"; test set m = {test_m}, seed {test_seed}"
        elif "test_seed" in data:
            raise data.error("test_seed", "a test set needs test_m, the number of test examples")
        if name == "images":
            image_shape = image_shape or (64, 64, 3)
        where = f"generator {name} (m = {m}, seed {seed})" + (test_where if "test_m" in data else "")
        x_key, y_key, what = "generator", "generator", ""

    X, Y = checks.check_data(found.X, found.Y, n_x, data.error, x_key=x_key, y_key=y_key, what=what)
    result: dict[str, Any] = {"X": X, "Y": Y, "source": where}

    X_test, Y_test, test_key, test_what = found.X_test, found.Y_test, x_key, what.replace("the X", "the X_test")
    if "X_test" in data or "Y_test" in data:
        if "test_file" in data or "test_m" in data:
            other = "test_file" if "test_file" in data else "test_m"
            raise data.error("X_test", f"give one test set, not both X_test/Y_test and {other}")
        X_test, Y_test = data.matrix("X_test"), data.matrix("Y_test")
        test_key, test_what = "X_test", ""
    elif "test_file" in data:
        path = _find(data, "test_file", places)
        test = _load(data, "test_file", path)
        X_test, Y_test = (test.X_test, test.Y_test) if test.X_test is not None else (test.X, test.Y)
        found.classes = found.classes or test.classes
        found.image_shape = found.image_shape or test.image_shape
        test_key, test_what = "test_file", f"the test set of {path} "
        result["source"] += f"; test set {path}"
    if X_test is not None:
        y_key_test = "Y_test" if test_key == "X_test" else test_key
        X_test, Y_test = checks.check_data(
            X_test, Y_test, n_x, data.error, x_key=test_key, y_key=y_key_test, what=test_what
        )
        result["X_test"], result["Y_test"] = X_test, Y_test

    if image_shape is None and found.image_shape is not None:
        image_shape = checks.check_image_shape(found.image_shape, n_x, data.error, x_key)
    result["image_shape"] = image_shape
    if "classes" in data:
        result["classes"] = checks.check_classes(data.string_list("classes"), data.error, "classes")
    elif found.classes is not None:
        result["classes"] = checks.check_classes(list(found.classes), data.error, x_key)
    return result


def _find(data: Table, key: str, places: list[Path]) -> Path:
    try:
        return find_file(data.string(key), places)
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


def _read_expectations(top: Table) -> tuple[dict[str, Any], ...]:
    """The raw ``[[expect]]`` tables, in order; ``dnnstep.expect`` gives them meaning."""
    value = top.data.get("expect", [])
    if isinstance(value, dict):
        raise top.error("expect", "write each expectation as an array table, [[expect]] with double brackets")
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise top.error("expect", "must be tables written [[expect]], one per expectation")
    return tuple(value)

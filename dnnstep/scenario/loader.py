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

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dnnstep.plain_text import printable

from . import checks
from .data_section import read_data
from .datafiles import search_places
from .errors import ScenarioError
from .fields import Table
from .init_section import read_init
from .model import Scenario
from .shipped import resolve_scenario

TOP_KEYS = ("title", "description", "network", "init", "training", "data", "expect")
NETWORK_KEYS = ("layer_dims", "hidden_activation", "output_activation", "activations", "leaky_slope")
TRAINING_KEYS = ("learning_rate", "num_iterations")
DEFAULT_LEARNING_RATE = 0.0075
DEFAULT_ITERATIONS = 3000
DEFAULT_LEAKY_SLOPE = 0.01
TOO_DEEP = ("is not a scenario dnnstep can read: its arrays or inline tables are nested too deeply "
            "(Python's TOML reader gives up); a scenario nests at most two levels, as in X = [[1.0, 2.0]]")


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
        text = path.read_bytes().decode("utf-8-sig")  # a BOM (Notepad) is not part of the TOML
    except UnicodeDecodeError as err:
        raise ScenarioError(f"is not UTF-8 text ({err.reason} at byte {err.start})", file=path) from None
    except OSError as err:
        raise ScenarioError(f"cannot be read: {err.strerror or err}", file=path) from None
    return parse_toml(text, path)


def parse_toml(text: str, path: Path | str) -> dict[str, Any]:
    """``tomllib.loads(text)``; ``ScenarioError`` naming ``path`` when it is not TOML that can be read."""
    try:
        return tomllib.loads(text)
    except RecursionError:
        raise ScenarioError(TOO_DEEP, file=path) from None
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
        name=printable(path.stem),
        path=None if path is None else path.absolute(),
        title=printable(title) if isinstance(title, str) else "",
        description=printable(description).strip() if isinstance(description, str) else "",
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
    title = printable(top.string("title", ""))  # never a terminal escape on the screen or in a report
    description = printable(top.string("description", ""))

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
    leaky_slope = checks.check_leaky_slope(network.get("leaky_slope", DEFAULT_LEAKY_SLOPE), network.error, "leaky_slope")

    places = search_places(data_dir, path.parent if path is not None else None)
    parameters, init = read_init(top.table("init"), layer_dims, places)

    training = top.table("training")
    training.check_keys(TRAINING_KEYS)
    learning_rate = checks.check_learning_rate(
        training.get("learning_rate", DEFAULT_LEARNING_RATE), training.error, "learning_rate")
    num_iterations = checks.check_num_iterations(
        training.get("num_iterations", DEFAULT_ITERATIONS), training.error, "num_iterations")

    data = read_data(top.table("data", required=True), layer_dims[0], places)
    expectations = _read_expectations(top)
    return Scenario(
        name=printable(path.stem if path is not None else (name or "scenario")),
        layer_dims=layer_dims,
        activations=activations,
        parameters=parameters,
        learning_rate=learning_rate,
        num_iterations=num_iterations,
        X=data.X,
        Y=data.Y,
        title=title,
        description=description.strip(),
        X_test=data.X_test,
        Y_test=data.Y_test,
        image_shape=data.image_shape,
        classes=data.classes,
        leaky_slope=leaky_slope,
        init=init,
        path=None if path is None else path.absolute(),
        expectations=expectations,
        data_source=data.source,
    )


def _read_expectations(top: Table) -> tuple[dict[str, Any], ...]:
    """The raw ``[[expect]]`` tables, in order; ``dnnstep.expect`` gives them meaning."""
    value = top.data.get("expect", [])
    if isinstance(value, dict):
        raise top.error("expect", "write each expectation as an array table, [[expect]] with double brackets")
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise top.error("expect", "must be tables written [[expect]], one per expectation")
    return tuple(value)

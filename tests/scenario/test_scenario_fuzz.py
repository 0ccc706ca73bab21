"""Property: whatever a scenario file holds, loading it ends in a Scenario or in ScenarioError.

Arbitrary bytes, arbitrary TOML documents (nested tables, arrays, strings, numbers), documents
shaped like scenarios with wrong values, and mutations of the shipped scenario files: never
another exception (a RecursionError, a numpy error, a TypeError), never a traceback.
"""

from __future__ import annotations

import json
import math
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dnnstep.scenario import Scenario, ScenarioError, load_scenario, shipped_scenarios
from dnnstep.scenario.loader import scenario_from_toml

FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                        HealthCheck.function_scoped_fixture])

# Small numbers mostly (a scenario's sizes draw real arrays), and the edges.
numbers = st.one_of(
    st.integers(-3, 12),
    st.sampled_from([0, -1, 2**31, 2**63 - 1, -(2**63), 10**6, 10**9]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
)
scalars = st.one_of(numbers, st.text(max_size=12), st.sampled_from(["relu", "sigmoid", "tanh", "blobs", "he"]))
KEYS = ["title", "description", "network", "init", "training", "data", "expect", "layer_dims", "hidden_activation",
        "activations", "output_activation", "leaky_slope", "method", "seed", "scale", "file", "W1", "b1", "W2",
        "learning_rate", "num_iterations", "X", "Y", "X_test", "Y_test", "generator", "m", "test_m", "test_seed",
        "noise", "image_shape", "classes", "test_file", "at", "tensor", "shape"]
keys = st.one_of(st.sampled_from(KEYS), st.text(min_size=1, max_size=8))
values = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(keys, inner, max_size=4)),
    max_leaves=12,
)
documents = st.dictionaries(keys, values, max_size=7)


def scenario_shaped() -> st.SearchStrategy:
    """Documents with the right tables, holding values of any kind (few of them valid)."""
    small = st.integers(1, 6)
    dims = st.lists(small, min_size=1, max_size=3).map(lambda sizes: sizes + [1])
    network = st.fixed_dictionaries({"layer_dims": st.one_of(dims, dims, values)},
                                    optional={"hidden_activation": scalars, "activations": values,
                                              "leaky_slope": numbers, "output_activation": scalars})
    data = st.one_of(
        st.fixed_dictionaries({"generator": st.one_of(st.sampled_from(["blobs", "xor", "circles", "flower"]), scalars)},
                              optional={"m": st.integers(-2, 30), "seed": numbers,
                                                                "noise": numbers, "test_m": numbers,
                                                                "image_shape": values, "classes": values}),
        st.fixed_dictionaries({"X": values, "Y": values}, optional={"X_test": values, "Y_test": values}),
        st.dictionaries(keys, values, max_size=3),
    )
    return st.fixed_dictionaries(
        {"network": network, "data": data},
        optional={"init": st.dictionaries(st.sampled_from(["method", "seed", "scale", "W1", "b1", "W9"]), values,
                                          max_size=3),
                  "training": st.dictionaries(st.sampled_from(["learning_rate", "num_iterations", "x"]), numbers,
                                              max_size=2),
                  "expect": values, "title": values},
    )


def outcome(load) -> str:
    try:
        scenario = load()
    except ScenarioError as error:
        message = str(error)
        assert message and "Traceback" not in message
        return "refused"
    assert isinstance(scenario, Scenario)
    return "loaded"


@FUZZ
@given(st.binary(max_size=300))
def test_arbitrary_bytes(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("bytes") / "s.toml"
    path.write_bytes(data)
    outcome(lambda: load_scenario(path))


@FUZZ
@given(documents)
def test_arbitrary_documents(document):
    outcome(lambda: scenario_from_toml(document, name="fuzz"))


@FUZZ
@given(scenario_shaped())
def test_documents_shaped_like_scenarios(document):
    outcome(lambda: scenario_from_toml(document, name="fuzz"))


@FUZZ
@given(documents)
def test_arbitrary_documents_written_as_toml(tmp_path_factory, document):
    path = tmp_path_factory.mktemp("toml") / "s.toml"
    path.write_text(to_toml(document), encoding="utf-8", errors="surrogatepass")
    outcome(lambda: load_scenario(path))


SHIPPED = {path.name: path.read_text(encoding="utf-8") for path in shipped_scenarios()}
# Sizes in a mutated file stay small: a digit typed into layer_dims must not make the test
# draw a network of a hundred million weights (that is allowed, and slow).
SMALL_ONLY = re.compile(r"\d{4,}")


@st.composite
def mutated(draw) -> str:
    text = draw(st.sampled_from(sorted(SHIPPED.values())))
    for _ in range(draw(st.integers(1, 3))):
        at = draw(st.integers(0, len(text)))
        kind = draw(st.sampled_from(["delete", "insert", "duplicate", "replace"]))
        if kind == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 40)):]
        elif kind == "insert":
            text = text[:at] + draw(st.sampled_from(["[", "]", "{", "}", "=", '"', "\n", "[[expect]]\n", "-",
                                                    "1e999", "nan", "\x00", "ü", " = [[[[[[", "[data]\n"])) + text[at:]
        elif kind == "duplicate":
            text = text[:at] + text[at:at + draw(st.integers(1, 80))] + text[at:]
        else:
            text = text[:at] + draw(st.characters()) + text[at + 1:]
    return text


@FUZZ
@given(mutated())
def test_mutations_of_the_shipped_scenarios(tmp_path_factory, text):
    path = tmp_path_factory.mktemp("mutated") / "s.toml"
    path.write_text(SMALL_ONLY.sub("7", text) if "cat" not in text else text, encoding="utf-8",
                    errors="surrogatepass")
    outcome(lambda: load_scenario(path))


@pytest.mark.parametrize("depth", [50, 500, 5000])
def test_deep_nesting_of_arrays_and_tables(tmp_path, depth):
    for opening, closing in (("[", "]"), ("{a = ", "}")):
        path = tmp_path / "s.toml"
        path.write_text("title = " + opening * depth + "1" + closing * depth + "\n")
        assert outcome(lambda: load_scenario(path)) == "refused"


def to_toml(document: dict) -> str:
    """TOML text of a document: every value inline (``key = value``)."""
    return "".join(f"{_key(k)} = {_value(v)}\n" for k, v in document.items())


def _key(key: str) -> str:
    return json.dumps(key)


def _value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value)
    if isinstance(value, list):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    return "{" + ", ".join(f"{_key(k)} = {_value(v)}" for k, v in value.items()) + "}"

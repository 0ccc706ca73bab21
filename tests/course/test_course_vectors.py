"""Every 2021 expectation of the course's published test vectors, run against ``dnnstep.course``.

The vectors (``../shared/course_vectors/w4a1.json`` beside the repository) give, for each graded
function, a recipe that rebuilds the course's inputs from numpy's legacy global generator, the
call, and the outputs the course publishes. Each (case, expectation) published for the 2021
edition is one test item. A value must pass the course grader's tolerance and, beyond it, agree
to the 8 decimals the course prints.
"""

from __future__ import annotations

import inspect
import json
import re
from pathlib import Path

import numpy as np
import pytest

from dnnstep import course

SHARED = (Path(__file__).resolve().parents[2] / ".." / "shared").resolve()
VECTORS = SHARED / "course_vectors" / "w4a1.json"
EDITION = "2021"

# The course prints 8 decimals: a value of the course's formulas is within half a unit of the
# 8th decimal of what it prints (plus float representation of the printed decimal).
STRONG_ATOL = 5e-9
STRONG_RTOL = 1e-12


def load_cases() -> list[dict]:
    if not VECTORS.is_file():
        return []
    return json.loads(VECTORS.read_text(encoding="utf-8"))["cases"]


CASES = load_cases()
NO_VECTORS = f"the course vectors are absent: {VECTORS} (shared/ is expected beside the repository)"


def readable(text: str) -> str:
    return re.sub(r"[^0-9A-Za-z]+", "_", text).strip("_")


def expectation_params() -> list:
    params = []
    for case in CASES:
        if EDITION not in case["versions"]:
            continue
        for expectation in case["expect"]:
            if EDITION in expectation["versions"]:
                params.append(
                    pytest.param(case, expectation, id=f"{case['id']}-{readable(expectation['what'])}")
                )
    if not params:
        params.append(pytest.param(None, None, id="no-vectors", marks=pytest.mark.skip(reason=NO_VECTORS)))
    return params


def build(recipe: list[dict]) -> dict:
    """Run a recipe against numpy's legacy global generator; return the named values."""
    env: dict = {}

    def item(spec):
        if isinstance(spec, list):
            return tuple(item(part) for part in spec)
        return env[spec]

    for op in recipe:
        if "seed" in op:
            np.random.seed(op["seed"])
        elif "randn" in op:
            env[op["as"]] = np.random.randn(*op["randn"])
        elif "const" in op:
            env[op["as"]] = np.array(op["const"])
        elif "tuple" in op:
            env[op["as"]] = item(op["tuple"])
        elif "dict" in op:
            env[op["as"]] = {key: env[name] for key, name in op["dict"].items()}
        else:
            raise AssertionError(f"unknown recipe operation {op!r}")
    return env


def call(case: dict):
    env = build(case["recipe"])
    args = [env[arg["var"]] if "var" in arg else arg["literal"] for arg in case["call"]["args"]]
    return env, getattr(course, case["function"])(*args)


def select(value, path: list):
    for step in path:
        value = value[step]
    return value


@pytest.mark.parametrize(("case", "expectation"), expectation_params())
def test_course_vector(case: dict, expectation: dict) -> None:
    env, result = call(case)
    actual = select(result, expectation["select"])
    where = f"{case['id']} {case['function']}: {expectation['what']}"

    if "value" in expectation:
        expected = np.array(expectation["value"], dtype=float)
        assert expected.shape == tuple(expectation["shape"])
        assert np.shape(actual) == expected.shape, f"{where}: shape {np.shape(actual)}, course {expected.shape}"
        difference = np.abs(np.asarray(actual, dtype=float) - expected)
        if expectation["tolerance"] == "cost":
            assert np.allclose(expected, actual, rtol=1e-5, atol=1e-8), f"{where}: {actual} vs {expected}"
            if "grader_value" in expectation:
                assert np.allclose(expectation["grader_value"], actual), f"{where}: grader's {expectation['grader_value']}"
        else:
            assert expectation["tolerance"] == "array"
            assert np.all(difference < 1.5e-6), f"{where}: fails the course grader, max |diff| {difference.max()}"
        # The stronger bar: the course prints 8 decimals, its formulas agree to ~1e-8.
        bound = STRONG_ATOL + STRONG_RTOL * np.abs(expected)
        assert np.all(difference <= bound), (
            f"{where}: passes the grader but differs from the printed 8 decimals, max |diff| {difference.max()}"
        )
    elif "same_as" in expectation:
        original = env[expectation["same_as"]]
        assert actual is original, f"{where}: the cache holds another object than the {expectation['same_as']} passed in"
        assert np.array_equal(actual, original)
    elif "length" in expectation:
        assert len(actual) == expectation["length"], f"{where}: length {len(actual)}"
    elif "keys" in expectation:
        assert sorted(actual) == sorted(expectation["keys"]), f"{where}: keys {sorted(actual)}"
    else:
        raise AssertionError(f"{where}: expectation of unknown kind {sorted(expectation)}")


def signature_params() -> list:
    seen = {}
    for case in CASES:
        if EDITION in case["versions"]:
            seen.setdefault(case["function"], case["signature"])
    if not seen:
        return [pytest.param(None, None, id="no-vectors", marks=pytest.mark.skip(reason=NO_VECTORS))]
    return [pytest.param(name, text, id=name) for name, text in sorted(seen.items())]


@pytest.mark.parametrize(("function", "signature"), signature_params())
def test_course_signature(function: str, signature: str) -> None:
    """The parameter names are the 2021 course's, in its order."""
    match = re.fullmatch(r"\s*(\w+)\((.*?)\)\s*(->.*)?", signature)
    assert match and match.group(1) == function
    course_names = [part.strip() for part in match.group(2).split(",") if part.strip()]
    ours = list(inspect.signature(getattr(course, function)).parameters)
    assert ours == course_names


def test_vectors_cover_every_step_by_step_function() -> None:
    if not CASES:
        pytest.skip(NO_VECTORS)
    tested = {case["function"] for case in CASES if EDITION in case["versions"]}
    assert tested == {
        "initialize_parameters",
        "initialize_parameters_deep",
        "linear_forward",
        "linear_activation_forward",
        "L_model_forward",
        "compute_cost",
        "linear_backward",
        "linear_activation_backward",
        "L_model_backward",
        "update_parameters",
    }

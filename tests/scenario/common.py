"""Shared helpers of the scenario tests: the course vectors' recipes, the shared data folder."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from tests.course.test_course_vectors import build

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared"
VECTORS = SHARED / "course_vectors" / "w4a1.json"
DATASETS = SHARED / "datasets"


def course_case(case_id: str) -> dict:
    if not VECTORS.is_file():
        pytest.skip(f"the course vectors are not beside this checkout: {VECTORS}")
    cases = json.loads(VECTORS.read_text())["cases"]
    return next(c for c in cases if c["id"] == case_id)


def run_recipe(recipe: list[dict]) -> dict:
    """Run a course-vector recipe on numpy's global generator, as the course does (with
    the course tests' own recipe runner), and restore the generator's state afterwards."""
    state = np.random.get_state()
    try:
        return build(recipe)
    finally:
        np.random.set_state(state)


def expected(case: dict, what: str) -> np.ndarray:
    """The published value of the expectation whose select path ends with ``what``."""
    for e in case["expect"]:
        if e.get("select") and e["select"][-1] == what and "value" in e:
            return np.array(e["value"], dtype=float)
    raise KeyError(what)


def write(tmp_path: Path, text: str, name: str = "s.toml") -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path

"""A folder of the inputs a user brings to the command line, and the command run in it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.expect.tiny import scenario_text

FIXTURES = Path(__file__).resolve().parents[1] / "homework" / "fixtures"
LONG = "a" * 300


def make_inputs(folder: Path) -> Path:
    """``folder`` filled with good and bad inputs: a tiny scenario, a broken one, a correct homework,
    one with a syntax error, a class folder, a .txt; returns it."""
    (folder / "tiny.toml").write_text(scenario_text('\n[[expect]]\nat = "cost"\nno_nan = true\n'))
    (folder / "bad.toml").write_text("[network]\nlayer_dims = [2, 3, 1]\n")
    shutil.copy(FIXTURES / "correct.py", folder / "correct.py")
    (folder / "bad.py").write_text("def linear_forward(A, W, b:\n")
    (folder / "notes.txt").write_text("not homework\n")
    (folder / "class").mkdir()
    shutil.copy(FIXTURES / "correct.py", folder / "class" / "alice.py")
    return folder


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> Path:
    return make_inputs(tmp_path_factory.mktemp("inputs"))

"""The homework reader ends in a homework or in one clear message, whatever the file holds."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dnnstep.homework import check_command
from dnnstep.homework.reading.source import HomeworkLoadError, HomeworkSource, load_homework

DEF = "# GRADED FUNCTION: linear_forward\ndef linear_forward(A, W, b):\n    return W @ A + b, (A, W, b)\n\n"


@pytest.mark.parametrize("name, text, message", [
    ("deep.py", DEF + "x = " + " + ".join(["1"] * 100_000) + "\n",
     "deep.py: the code is nested too deeply for Python to read (an expression of thousands of terms, "
     "or brackets in brackets)"),
    ("deep.ipynb", "[" * 100_000 + "]" * 100_000, "deep.ipynb: not a Jupyter notebook: its JSON is nested too deeply"),
    ("cells.ipynb", '{"cells": ' + "[" * 100_000 + "]" * 100_000 + "}",
     "cells.ipynb: not a Jupyter notebook: its JSON is nested too deeply"),
])
def test_a_file_nested_too_deeply_is_one_clear_message(tmp_path, capsys, name, text, message):
    path = tmp_path / name
    path.write_text(text)
    assert check_command.main([str(path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"dnnstep check: {tmp_path}/{message}") and len(err.strip().splitlines()) == 1


def read(tmp_path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    try:
        return load_homework(path)
    except HomeworkLoadError as error:
        assert str(error).startswith(str(path))
        return error


settings_ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
python_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=200) | st.lists(
    st.sampled_from(["def f(x):", "    return x", "class A:", "import numpy as np", "x = (", ")", "%time", "!ls",
                     "# GRADED FUNCTION: relu", "def relu(Z):", "if __name__ == '__main__':", "\t", "try:",
                     "except:", "    pass", "x = np.ones(3)", "lambda: 0", "\0", "\\", "'''"]),
    max_size=12).map("\n".join)


@settings_
@given(text=python_text)
def test_any_text_is_a_homework_or_one_load_error(tmp_path, text):
    assert isinstance(read(tmp_path, "hw.py", text), (HomeworkSource, HomeworkLoadError))


plain_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
        st.sampled_from(["cells", "cell_type", "source", "input", "worksheets", "metadata", "x"]), inner, max_size=4),
    max_leaves=30)
cell = st.fixed_dictionaries({"cell_type": st.sampled_from(["code", "markdown", 3]),
                              "source": python_text | st.lists(python_text, max_size=3) | plain_json})


@settings_
@given(notebook=plain_json | st.fixed_dictionaries({"cells": st.lists(cell | plain_json, max_size=4)}))
def test_any_json_is_a_notebook_or_one_load_error(tmp_path, notebook):
    assert isinstance(read(tmp_path, "hw.ipynb", json.dumps(notebook)), (HomeworkSource, HomeworkLoadError))

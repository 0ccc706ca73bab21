"""Reading homework files: what is kept, what is skipped, and the messages for files that cannot be read."""

from __future__ import annotations

import json

import numpy as np
import pytest

from dnnstep.homework.reading.source import HomeworkLoadError, load_homework
from dnnstep.homework.running.process import HomeworkProcess


def _notebook(tmp_path, cells, name="hw.ipynb"):
    nb = {"cells": [{"cell_type": kind, "metadata": {}, "source": source, **(
        {"outputs": [], "execution_count": None} if kind == "code" else {})} for kind, source in cells],
          "metadata": {}, "nbformat": 4, "nbformat_minor": 4}
    path = tmp_path / name
    path.write_text(json.dumps(nb))
    return path


def test_only_definitions_run_and_test_calls_are_skipped(tmp_path):
    path = tmp_path / "hw.py"
    path.write_text(
        "import numpy as np\n"
        "from testCases import *\n"
        "from public_tests import *\n"
        "from test_utils import single_test, multiple_test\n"
        "import h5py\n"
        "import matplotlib.pyplot as plt\n"
        "from PIL import Image\n"
        "SCALE = 0.01\n"
        "plt.rcParams['figure.figsize'] = (5.0, 4.0)\n"
        "def linear_forward(A, W, b):\n"
        "    return np.dot(W, A) + b * SCALE / SCALE, (A, W, b)\n"
        "linear_forward_test(linear_forward)\n"
        "raise SystemExit('a top-level statement ran')\n"
        "if __name__ == '__main__':\n"
        "    raise SystemExit('the main block ran')\n"
    )
    homework = load_homework(path)
    assert homework.defined == ("linear_forward",)
    with HomeworkProcess(homework, timeout=5) as process:
        started = process.start()
        assert started.ok, started.message
        result = process.call("linear_forward", (1.0, 2.0, 3.0))
        assert result.ok and result.value[0] == 5.0


def test_a_notebook_keeps_graded_cells_and_drops_magics_shell_and_test_cells(tmp_path):
    path = _notebook(tmp_path, [
        ("markdown", "# Title\n"),
        ("code", "import numpy as np\n%matplotlib inline\n%load_ext autoreload\n%autoreload 2\n!pip install x\n"
                 "files = !ls\nnp.random.seed(1)\n"),
        ("code", "%%bash\necho this is not python\n"),
        ("code", "# GRADED FUNCTION: compute_cost\ndef compute_cost(AL, Y):\n    m = Y.shape[1]\n"
                 "    return np.squeeze(-np.sum(Y * np.log(AL) + (1 - Y) * np.log(1 - AL)) / m)\n"),
        ("code", "t_Y, t_AL = compute_cost_test_case()\nprint(compute_cost(t_AL, t_Y))\n"
                 "compute_cost_test(compute_cost)\n"),
        ("code", "while True:\n    pass\n"),
    ])
    homework = load_homework(path)
    assert homework.defined == ("compute_cost",)
    assert [c.where for c in homework.chunks] == [f"{path}, cell {n}" for n in (2, 4, 5, 6)]
    assert homework.chunks[1].keep == (0,)  # the def; nothing of the test cell or the loop runs
    assert homework.chunks[2].keep == () and homework.chunks[3].keep == ()
    with HomeworkProcess(homework, timeout=5) as process:
        assert process.start().ok


def test_a_function_in_a_time_cell_is_the_students(tmp_path):
    # %%time runs its body as Python: the student's compute_cost in it was dropped, and the
    # check passed with the reference's in its place
    path = _notebook(tmp_path, [
        ("code", "%%time\ndef compute_cost(AL, Y):\n    return 2.0\n"),
        ("code", "%%capture\n%%bash\necho not python\n"),
        ("code", "%%writefile helper.py\ndef relu(Z):\n    return Z\n"),
    ])
    homework = load_homework(path)
    assert homework.defined == ("compute_cost",)
    with HomeworkProcess(homework, timeout=5) as process:
        assert process.start().ok
        result = process.call("compute_cost", (np.array([[0.5]]), np.array([[1.0]])))
        assert result.ok and result.value == 2.0


def test_a_broken_cell_that_defines_nothing_graded_is_skipped_with_a_note(tmp_path):
    path = _notebook(tmp_path, [
        ("code", "print('unfinished'\n"),
        ("code", "# GRADED FUNCTION: linear_forward\ndef linear_forward(A, W, b):\n    return W @ A + b, (A, W, b)\n"),
    ])
    homework = load_homework(path)
    assert homework.defined == ("linear_forward",)
    assert homework.notes[0].startswith(f"skipped {path}, cell 1, line 1: SyntaxError")


def test_nbformat_3_worksheets_and_string_sources_are_read(tmp_path):
    path = tmp_path / "old.ipynb"
    path.write_text(json.dumps({"worksheets": [{"cells": [
        {"cell_type": "code", "input": "def relu(Z):\n    return Z * (Z > 0), Z\n"}]}], "nbformat": 3}))
    assert load_homework(path).defined == ("relu",)


@pytest.mark.parametrize("name, content, message", [
    ("hw.txt", "x = 1\n", "cannot check this file: expected a Python file (.py) or a Jupyter notebook (.ipynb)"),
    ("hw.ipynb", "{not json", "not a Jupyter notebook: invalid JSON at line 1, column 2"),
    ("hw.ipynb", "[1, 2]", "not a Jupyter notebook"),
    ("hw.ipynb", '{"metadata": {}}', "not a Jupyter notebook: no 'cells' list"),
    ("hw.py", "def f(:\n    pass\n", "hw.py, line 1: SyntaxError"),
])
def test_files_that_cannot_be_read_get_one_message(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_text(content)
    with pytest.raises(HomeworkLoadError) as error:
        load_homework(path)
    assert message in str(error.value)
    assert str(path) in str(error.value)


@pytest.mark.parametrize("name, data", [
    ("bom.py", b"\xef\xbb\xbfdef relu(Z):\n    return Z\n"),  # Notepad's UTF-8 starts with a BOM
    ("latin.py", "# -*- coding: latin-1 -*-\n# f\xfcr\ndef relu(Z):\n    return Z\n".encode("latin-1")),
    ("bom.ipynb", b'\xef\xbb\xbf{"nbformat": 4, "cells": [{"cell_type": "code", "source": "def relu(Z):\\n    return Z"}]}'),
])
def test_a_file_python_reads_is_read_the_same_way(tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data)
    assert load_homework(path).defined == ("relu",)


def test_a_missing_file(tmp_path):
    with pytest.raises(HomeworkLoadError, match="no such file"):
        load_homework(tmp_path / "nothere.py")


def test_an_import_that_fails_is_skipped_with_a_note_and_a_later_name_error_explained(tmp_path):
    from dnnstep.homework.checking import check_homework

    path = tmp_path / "hw.py"
    path.write_text("import numpy as np\nimport no_such_module_for_dnnstep as extra\n"
                    "EPS = np.finfo(float).eps\n"
                    "SIZE = extra.size(3)\n"
                    "t_X = L_model_forward_test_case()\n"
                    "def linear_forward(A, W, b):\n    return W @ A + b + 0 * EPS, (A, W, b)\n"
                    "def compute_cost(AL, Y):\n    return t_X\n")
    report = check_homework(path, scenario_names=["step_by_step"])
    assert f"{path}, line 2 was skipped: ModuleNotFoundError: No module named 'no_such_module_for_dnnstep'" \
        in report.notes
    assert f"{path}, line 4 was skipped: NameError: name 'extra' is not defined" in report.notes
    statuses = {f.function: f.status for f in report.functions}
    assert statuses == {"linear_forward": "ok", "compute_cost": "exception"}  # EPS = np.finfo(...) did run
    cost = report.functions[1]
    assert cost.message == "NameError: name 't_X' is not defined"
    assert [(h.code, h.message) for h in cost.hints] == [
        ("global-name", f"compute_cost reads t_X, which it never sets: t_X is set only outside it, at {path}, line 5 "
                        "(a test's line, which dnnstep does not run); in the notebook the function read what that line "
                        "left there, in a fresh kernel it raises NameError.")]


def test_an_error_in_a_definition_is_a_load_failure_with_file_and_line(tmp_path):
    from dnnstep.homework.checking import check_homework

    path = tmp_path / "hw.py"
    path.write_text("import numpy as np\n\ndef linear_forward(A, W, b=undefined_default):\n    return W @ A + b\n")
    with pytest.raises(HomeworkLoadError) as error:
        check_homework(path, scenario_names=["step_by_step"])
    assert str(error.value).startswith(f"{path}, line 3, in <module>: cannot load the homework: "
                                       "NameError: name 'undefined_default' is not defined")

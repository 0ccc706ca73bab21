"""``dnnstep.check(globals())`` in a real Jupyter kernel (nbclient + ipykernel), no file saved.

The notebook is built from the fixtures' functions, one cell each, as a student writes
them; its kernel imports the course's helpers from a ``dnn_utils.py`` beside it, as on
Coursera. The report must be the one ``dnnstep check`` gives for the same functions in a file.
"""

from __future__ import annotations

import ast
import json
import textwrap

import pytest

from dnnstep.homework.kernel_check import kernel_source

from .helpers import FIXTURES, SCENARIO, checked

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")

DNN_UTILS = textwrap.dedent("""\
    import numpy as np

    def sigmoid(Z):
        return 1 / (1 + np.exp(-Z)), Z

    def relu(Z):
        return np.maximum(0, Z), Z

    def relu_backward(dA, cache):
        dZ = np.array(dA, copy=True)
        dZ[cache <= 0] = 0
        return dZ

    def sigmoid_backward(dA, cache):
        s = 1 / (1 + np.exp(-cache))
        return dA * s * (1 - s)
""")


def function_cells(fixture: str) -> list[str]:
    """Each graded function of a fixture, with its GRADED FUNCTION marker, as the source of one cell."""
    text = (FIXTURES / fixture).read_text()
    lines = text.splitlines(keepends=True)
    cells = []
    for node in ast.parse(text).body:
        if isinstance(node, ast.FunctionDef):
            cells.append(f"# GRADED FUNCTION: {node.name}\n" + "".join(lines[node.lineno - 1:node.end_lineno]))
    return cells


def kernel_spec_env(tmp_path) -> dict[str, str]:
    """A kernel spec for this Python, in a folder of the test's own (a fresh venv may have none installed)."""
    from jupyter_client.kernelspec import KernelSpecManager

    if "python3" in KernelSpecManager().find_kernel_specs():
        return {}
    from ipykernel.kernelspec import install

    install(prefix=str(tmp_path / "jupyter"))
    return {"JUPYTER_PATH": str(tmp_path / "jupyter" / "share" / "jupyter")}


def run_notebook(tmp_path, cells: list[str], monkeypatch) -> list[dict]:
    """Execute ``cells`` in a fresh kernel whose folder holds dnn_utils.py; every cell's outputs."""
    (tmp_path / "dnn_utils.py").write_text(DNN_UTILS)
    for key, value in kernel_spec_env(tmp_path).items():
        monkeypatch.setenv(key, value)
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell(source) for source in cells]
    client = nbclient.NotebookClient(notebook, kernel_name="python3", timeout=600, startup_timeout=120,
                                     resources={"metadata": {"path": str(tmp_path)}})
    client.execute()
    return [cell.outputs for cell in notebook.cells]


def printed(outputs: list) -> str:
    return "".join(o.get("text", "") for o in outputs if o.get("output_type") == "stream")


# Cell [13] of the wrong notebook: the imports are cell [1], the ten functions [2] to [11], linear_backward again [12].
UNFINISHED = "x = 1\ndef update_parameters(params, grads, learning_rate):\n    raise ValueError('not written yet')\n"
CHECK = (f"import dnnstep, json\nreport = dnnstep.check(globals(), scenarios=[{SCENARIO!r}], iterations=2)\n"
         "print(json.dumps({'ok': report.ok, 'record': report.to_dict()}))\nprint(report)")
SHOW = "report"


@pytest.fixture(scope="module")
def kernel_runs(tmp_path_factory):
    """The correct functions, then the same with a linear_backward missing its 1/m, in one kernel each."""
    monkeypatch = pytest.MonkeyPatch()
    try:
        imports = "import numpy as np\nfrom dnn_utils import sigmoid, sigmoid_backward, relu, relu_backward"
        right = run_notebook(tmp_path_factory.mktemp("right"), [imports, *function_cells("correct.py"), CHECK, SHOW],
                             monkeypatch)
        wrong_cells = function_cells("correct.py") + [c for c in function_cells("missing_1_over_m.py")
                                                      if "def linear_backward" in c] + [UNFINISHED]
        wrong = run_notebook(tmp_path_factory.mktemp("wrong"), [imports, *wrong_cells, CHECK], monkeypatch)
    finally:
        monkeypatch.undo()
    return right, wrong


def record_of(outputs: list) -> dict:
    return json.loads(printed(outputs).splitlines()[0])


def test_a_right_kernel_passes_with_the_same_findings_as_the_file(kernel_runs):
    right, _ = kernel_runs
    data = record_of(right[-2])
    assert data["ok"] is True
    file_report = checked("correct.py").to_json()
    assert [(f["function"], f["status"], f["cases_passed"]) for f in data["record"]["functions"]] == [
        (f["function"], f["status"], f["cases_passed"]) for f in file_report["functions"]]
    assert [p["ok"] for p in data["record"]["pipelines"]] == [True]
    text = printed(right[-2])
    assert "All 10 functions match the reference, and your pipeline matches on every scenario." in text


def test_the_report_names_the_running_kernel_not_a_file_in_its_folder(kernel_runs):
    right, _ = kernel_runs
    assert record_of(right[-2])["record"]["path"] == "the running kernel"
    report = printed(right[-2]).splitlines()[1:]
    assert report[0] == "dnnstep.check(globals()): the running kernel"  # was "dnnstep check <its folder>/the running kernel"


def test_a_kernel_that_knows_its_notebook_is_named_by_it():
    from dnnstep.homework.kernel_check import KernelReport
    from dnnstep.homework.reporting.findings import CheckReport

    text = str(KernelReport(CheckReport("/home/student/week4/Step_by_Step.ipynb", scenarios=["step_by_step"])))
    assert text.splitlines()[0] == "dnnstep.check(globals()): the running kernel, of /home/student/week4/Step_by_Step.ipynb"


def test_jupyter_shows_the_report_as_html(kernel_runs):
    right, _ = kernel_runs
    shown = [o for o in right[-1] if o.get("output_type") == "execute_result"][0]["data"]
    assert '<b style="color: #1a7f37">PASS</b>    linear_backward' in shown["text/html"]
    assert "All 10 functions match the reference" in shown["text/plain"]


def test_a_wrong_function_in_the_kernel_is_placed_in_its_cell_with_the_files_hint(kernel_runs):
    _, wrong = kernel_runs
    data = record_of(wrong[-1])
    assert data["ok"] is False
    by_name = {f["function"]: f for f in data["record"]["functions"]}
    in_file = {f["function"]: f for f in checked("missing_1_over_m.py").to_json()["functions"]}
    assert by_name["linear_backward"]["status"] == in_file["linear_backward"]["status"] == "mismatch"
    for name in ("linear_backward", "linear_activation_backward", "L_model_backward"):  # the callers: checked with
        assert by_name[name]["status"] == in_file[name]["status"]                        # the course's linear_backward
        assert [h["code"] for h in by_name[name]["hints"]] == [h["code"] for h in in_file[name]["hints"]]
        assert by_name[name]["mismatches"] == in_file[name]["mismatches"]
    text = printed(wrong[-1])
    assert "hint: dW is exactly m = 4 times too large: the 1/m is missing" in text
    assert by_name["update_parameters"]["status"] == "exception"
    assert by_name["update_parameters"]["traceback"] == [
        {"where": "cell [13]", "line": 3, "function": "update_parameters",
         "code": "raise ValueError('not written yet')"}]
    assert "see it: dnnstep --homework YOUR_NOTEBOOK.ipynb step_by_step" in text


def test_the_source_is_read_from_the_kernel_with_what_it_uses():
    namespace = {"__name__": "__main__", "In": ["", "import numpy as np\nSCALE = 0.01",
                                                "def helper(x):\n    return x * SCALE\n\n"
                                                "def linear_forward(A, W, b):\n    return helper(np.dot(W, A)) + b, (A, W, b)\n"]}
    exec(compile(namespace["In"][1], "<cell1>", "exec"), namespace)
    exec(compile(namespace["In"][2], "<cell2>", "exec"), namespace)
    source = kernel_source(namespace)
    assert source.functions == ["linear_forward"]
    assert [c.where for c in source.cells] == ["the kernel's imports", "cell [2]", "cell [2]"]
    assert source.cells[0].source == "import numpy as np\nSCALE = 0.01\n"
    assert source.cells[1].source == "\n\n\n" + namespace["In"][2].split("\n\n", 1)[1].rstrip("\n") + "\n"
    assert source.cells[2].source.startswith("def helper(x):")


def test_a_value_that_cannot_travel_is_named():
    import numpy as np

    namespace = {"__name__": "__main__", "In": ["", "def compute_cost(AL, Y):\n    return WEIGHTS.sum()\n"],
                 "WEIGHTS": np.ones(3)}
    exec(compile(namespace["In"][1], "<cell1>", "exec"), namespace)
    source = kernel_source(namespace)
    assert source.notes == ["WEIGHTS is a ndarray that exists only in the kernel; the check's process does not have it"]


def test_no_graded_function_is_said_plainly():
    import dnnstep

    report = dnnstep.check({"__name__": "__main__", "x": 1})
    assert not report.ok
    assert str(report).startswith("dnnstep check: this kernel defines none of the graded functions")
    assert report.to_dict()["exit_status"] == 1



def test_only_the_globals_a_function_reads_travel_not_its_attributes_or_locals():
    import numpy as np

    cell = "def linear_forward(A, W, b):\n    Z = np.dot(W, A) + b\n    return Z.T.T, (A, W, b)\n"
    namespace = {"__name__": "__main__", "In": ["", cell], "np": np, "T": np.ones(2), "Z": np.ones(2),
                 "dot": np.ones(3)}
    exec(compile(cell, "<cell1>", "exec"), namespace)
    source = kernel_source(namespace)
    assert source.cells[0].source == "import numpy as np\n" and source.notes == []

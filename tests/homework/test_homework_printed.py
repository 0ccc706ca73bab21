"""A notebook's own printed Expected Output says which grads keys its grader used: it outranks comments, file
names and imports (issue 21)."""

from __future__ import annotations

import json

import numpy as np

from dnnstep.homework.checking import check_homework
from dnnstep.homework.reading.editions import detect
from dnnstep.homework.reporting.report import render
from tests.homework.helpers import SCENARIO, TIMEOUT

EDITIONS = __import__("pathlib").Path(__file__).parent / "editions"
V8A = EDITIONS / "2018" / "Building_your_Deep_Neural_Network_Step_by_Step_v8a.ipynb"
V5 = EDITIONS / "2017" / "Building your Deep Neural Network - Step by Step v5.ipynb"
FIRST = EDITIONS / "2017-first" / "Building your Deep Neural Network - Step by Step.ipynb"

OLD_KEYS = [('grads["dA" + str(L - 1)], grads["dW"', 'grads["dA" + str(L)], grads["dW"'),
            ('backward(grads["dA" + str(l + 1)]', 'backward(grads["dA" + str(l + 2)]'),
            ('grads["dA" + str(l)] = dA_prev_temp', 'grads["dA" + str(l + 1)] = dA_prev_temp'),
            ('Outputs: "grads["dAL-1"]', 'Outputs: "grads["dAL"]')]
NEW_KEYS = [(new, old) for old, new in OLD_KEYS[:3]]


def _matrix(rows: int, columns: int) -> str:
    return np.array2string(np.linspace(-0.5, 0.5, rows * columns).reshape(rows, columns), precision=8)


def expected_output(dW1: tuple[int, int], dA1: tuple[int, int]) -> str:
    """An Expected Output cell of L_model_backward, as the course prints it (an HTML table)."""
    return ("**Expected Output**\n\n<table style=\"width:60%\">\n  <tr>\n    <td > dW1 </td>\n           <td > "
            f"{_matrix(*dW1)} </td>\n  </tr>\n  <tr>\n    <td > db1 </td>\n           <td > {_matrix(dW1[0], 1)} </td>\n"
            f"  </tr>\n  <tr>\n  <td > dA1 </td>\n           <td > {_matrix(*dA1)} </td>\n  </tr>\n</table>\n")


def notebook(source, folder, replacements, printed: str | None, markdown=()):
    """``source`` with the code ``replacements`` (and the ``markdown`` ones) made and, after L_model_backward's
    cell, ``printed``."""
    book = json.loads(source.read_text())
    cells = []
    for cell in book["cells"]:
        text = "".join(cell["source"])
        for old, new in replacements if cell["cell_type"] == "code" else markdown:
            text = text.replace(old, new)
        cells.append(dict(cell, source=text.splitlines(keepends=True)))
        if "def L_model_backward(" in text and printed:
            cells.append({"cell_type": "markdown", "metadata": {}, "source": printed.splitlines(keepends=True)})
    book["cells"] = cells
    path = folder / source.name
    path.write_text(json.dumps(book, indent=1))
    return path


def check(path):
    return check_homework(path, scenario_names=[SCENARIO], timeout=TIMEOUT, iterations=1)


def backward(report):
    return next(f for f in report.functions if f.function == "L_model_backward")


def test_the_printed_shapes_tell_the_keys_apart():
    assert not detect(V8A).printed
    for dW1, dA1, shifted in (((3, 4), (3, 2), False), ((1, 3), (3, 2), True)):
        printed = __import__("dnnstep.homework.reading.editions", fromlist=["x"]).printed_keys(
            [expected_output(dW1, dA1)])
        assert printed.shifted is shifted and printed.seen == f"dA1 of shape {dA1} beside dW1 {dW1}"


def test_old_keys_in_a_v8a_notebook_that_prints_todays_fail_and_say_why(tmp_path):
    path = notebook(V8A, tmp_path, OLD_KEYS, expected_output((3, 4), (3, 2)))
    report = check(path)
    assert report.exit_status == 1, render(report)
    result = backward(report)
    assert not result.ok and "grads-keys" in [h.code for h in result.hints]
    (note,) = [n for n in result.notes if "convention" in n]
    assert note == ("L_model_backward follows the 2017 edition's convention (grads keys dA1…dAL); this notebook's "
                    "own Expected Output (the expected cost 0.27977656 (testCases_v4a, public tests); the expected "
                    "output of L_model_backward, dA1 of shape (3, 2) beside dW1 (3, 4)) rules out the 2017 edition: "
                    "what its grader used outranks its comments, file name and imports; this notebook follows the 2018 "
                    "edition, which expects grads keys dA0…dA(L-1)")


def test_the_printed_keys_alone_outrank_the_rest(tmp_path):
    report = check(notebook(V8A, tmp_path, OLD_KEYS, expected_output((3, 4), (3, 2)), markdown=[("0.27977656", "")]))
    assert report.exit_status == 1, render(report)
    (note,) = [n for n in backward(report).notes if "convention" in n]
    assert "this notebook's own Expected Output (the expected output of L_model_backward, dA1 of shape (3, 2) beside " \
           "dW1 (3, 4)) rules out the 2017 edition" in note


def test_the_same_notebook_without_its_printed_outputs_is_checked_both_ways(tmp_path):
    report = check(notebook(V8A, tmp_path, OLD_KEYS, None, markdown=[("0.27977656", "")]))
    assert report.exit_status == 0, render(report)
    assert report.edition_lines()[0].endswith("L_model_backward fits the 2017 edition (grads keys dA1…dAL).")


def test_todays_keys_in_a_first_release_notebook_that_prints_the_old_ones_fail(tmp_path):
    path = notebook(FIRST, tmp_path, NEW_KEYS, expected_output((1, 3), (3, 2)))
    report = check(path)
    assert report.exit_status == 1, render(report)
    (note,) = [n for n in backward(report).notes if "convention" in n]
    assert note.startswith("L_model_backward follows the 2018 edition's convention (grads keys dA0…dA(L-1)); this "
                           "notebook's own Expected Output (the expected output of L_model_backward, dA1 of shape "
                           "(3, 2) beside dW1 (1, 3)) rules out the 2018 edition")


def test_the_first_release_with_its_own_keys_passes(tmp_path):
    report = check(notebook(FIRST, tmp_path, [], expected_output((1, 3), (3, 2))))
    assert report.exit_status == 0, render(report)


def test_a_v5_notebook_keeps_both_keys_as_its_printed_output_and_template_disagree(tmp_path):
    # the v5 notebook printed today's dA1 while its template stored the old keys: both are accepted
    for replacements in ([], NEW_KEYS):
        report = check(notebook(V5, tmp_path, replacements, expected_output((3, 4), (3, 2))))
        assert report.exit_status == 0, render(report)

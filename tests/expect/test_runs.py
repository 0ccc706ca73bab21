"""Scenario files with expectations, run through pytest (pytester) and through ``dnnstep test``.

Every expected number is computed here from the tiny scenario's arrays (tests/expect/tiny.py),
never copied from dnnstep's output.
"""

from __future__ import annotations

import numpy as np
import pytest

from dnnstep.engine import layers
from dnnstep.commands.expectations import main as main_test
from tests.expect.conftest import plugin_args
from tests.course2.matfiles import write_mat
from tests.expect.tiny import arrays, forward, scenario_text, toml_array

F = forward()
Z1, A1, AL, J = F["Z1"], F["A1"], F["A3"], F["J"]
ZERO_SHARE_A1 = float(np.mean(A1 == 0))

PASSING = f"""
[[expect]]
at = "forward 1"
tensor = "Z"
shape = [4, 6]
values = {toml_array(Z1)}

[[expect]]
at = "forward 1"
tensor = "A"
min = 0.0
zero_share = {ZERO_SHARE_A1!r}

[[expect]]
at = "forward 3"
tensor = "A"
min = [0.0, 1.0]
max = [0.0, 1.0]
mean = {float(AL.mean())!r}

[[expect]]
at = "cost"
cost = {J!r}
rtol = 1e-12

[[expect]]
at = "backward 2"
tensor = "dW"
shape = [2, 4]

[[expect]]
at = "update"
no_nan = true

[[expect]]
at = "backward"
gradcheck = true
"""

PASSING_IDS = [
    "forward 1 Z shape, values", "forward 1 A min, zero_share", "forward 3 A min, max, mean", "cost cost",
    "backward 2 dW shape", "update no_nan", "backward gradcheck",
]

WRONG_Z1 = Z1.copy()
WRONG_Z1[2, 3] += 0.5
ARGMIN_Z1 = np.unravel_index(np.argmin(Z1), Z1.shape)

# kind -> (expectation, words the failure message must contain)
FAILING = {
    "shape": ('at = "forward 1"\ntensor = "Z"\nshape = [6, 4]',
              ["Z[1] shape: expected (6, 4), actual (4, 6) (transposed)"]),
    "values": (f'at = "forward 1"\ntensor = "Z"\nvalues = {toml_array(WRONG_Z1)}',
               ["Z[1] values differ: 1 of 24 elements outside rtol 1e-05, atol 1e-08",
                f"largest difference 0.5 at [2, 3]: expected {WRONG_Z1[2, 3]:.10g}, actual {Z1[2, 3]:.10g}",
                "expected Z[1] (4, 6):", "actual Z[1] (4, 6):", "difference (actual - expected):"]),
    "min": ('at = "forward 1"\ntensor = "Z"\nmin = [0.0, inf]',
            [f"Z[1] min is {Z1.min():.10g} (at [{ARGMIN_Z1[0]}, {ARGMIN_Z1[1]}]), expected in [0, inf]"]),
    "max": (f'at = "forward 3"\ntensor = "A"\nmax = [0.0, {float(AL.min())!r}]',
            [f"A[3] max is {AL.max():.10g} (at [0, {int(np.argmax(AL))}]), expected in [0, {AL.min():g}]"]),
    "mean": (f'at = "forward 1"\ntensor = "Z"\nmean = {float(Z1.mean()) + 1!r}',
             [f"Z[1] mean: expected {Z1.mean() + 1:g} (rtol 1e-05, atol 1e-08), actual {Z1.mean():.10g}"]),
    "zero_share": ('at = "forward 1"\ntensor = "A"\nzero_share = [0.0, 0.1]',
                   [f"A[1] share of zeros is {ZERO_SHARE_A1:.10g} ({int((A1 == 0).sum())} of 24 elements are 0)"]),
    "cost": (f'at = "cost"\ncost = {J + 0.01!r}',
             [f"J (the cost): expected {J + 0.01:g} (rtol 1e-05, atol 1e-08), actual {J:.10g}"]),
    "no_nan": ('at = "cost"\nno_nan = true', ["AL has", "dAL has", "NaN"]),
    "gradcheck": ('at = "backward 2"\ngradcheck = true',
                  ["gradient check of layer 2 at iteration 0", "dW[2] (2, 4): relative difference", "FAILED"]),
}


def failing_text(kind: str) -> str:
    expectation, _ = FAILING[kind]
    scale = 1000.0 if kind == "no_nan" else 1.0  # saturates the sigmoid: log(0) in J
    return scenario_text(f"\n[[expect]]\n{expectation}\n", scale=scale)


@pytest.fixture
def wrong_dW(monkeypatch):
    right = layers.parameter_gradients

    def doubled(dZ, A_prev):
        dW, db = right(dZ, A_prev)
        return 2 * dW, db

    monkeypatch.setattr(layers, "parameter_gradients", doubled)


# -- through pytest ------------------------------------------------------------------------

def test_pytest_runs_a_passing_scenario_one_item_per_expectation(pytester):
    pytester.makefile(".toml", good=scenario_text(PASSING))
    result = pytester.runpytest(*plugin_args(), "-v", "good.toml")
    result.assert_outcomes(passed=7)
    result.stdout.fnmatch_lines([f"good.toml::{i} PASSED*" for i in PASSING_IDS])


@pytest.mark.parametrize("kind", list(FAILING))
def test_pytest_shows_each_kind_of_failure_without_a_traceback(pytester, kind, request):
    if kind == "gradcheck":
        request.getfixturevalue("wrong_dW")
    pytester.makefile(".toml", case=failing_text(kind))
    result = pytester.runpytest(*plugin_args(), "case.toml")
    result.assert_outcomes(failed=1)
    out = result.stdout.str()
    for words in FAILING[kind][1]:
        assert words in out, words
    assert 'case.toml: [[expect]] #1 (at "' in out
    assert "Traceback" not in out and "plugin.py" not in out and "def runtest" not in out


def test_pytest_reports_an_invalid_table_and_still_runs_the_others(pytester):
    text = scenario_text('\n[[expect]]\nat = "forward 1"\ntensor = "Z"\nshape = [4, 6]\n'
                         '\n[[expect]]\nat = "forward 7"\ntensor = "Z"\nshape = [4, 6]\n')
    pytester.makefile(".toml", case=text)
    result = pytester.runpytest(*plugin_args(), "-v", "case.toml")
    result.assert_outcomes(passed=1, failed=1)
    out = result.stdout.str()
    assert "case.toml::[[expect]] #2 (invalid) FAILED" in out
    assert """case.toml: [[expect]] #2 (at "forward 7"): at: layer 7 is outside the network's layers 1..3""" in out


def test_pytest_reports_a_scenario_that_cannot_load(pytester):
    text = scenario_text('\n[[expect]]\nat = "cost"\nno_nan = true\n').replace(
        "layer_dims = [3, 4, 2, 1]", "layer_dims = [5, 4, 2, 1]")
    pytester.makefile(".toml", broken=text)
    result = pytester.runpytest(*plugin_args(), "broken.toml")
    result.assert_outcomes(failed=1)
    out = result.stdout.str()
    assert "FAILED broken.toml::load" in out and "Traceback" not in out
    assert "broken.toml: init.W1: has shape (4, 3), but W1 must be (n[l], n[l-1]) = (4, 5)" in out


def test_pytest_collects_only_scenario_files_it_was_asked_for(pytester):
    pytester.makepyprojecttoml('[tool.pytest.ini_options]\ntestpaths = ["tests"]\n'
                               '[[expect]]\nat = "cost"\n')  # an expect table, but no network
    tests = pytester.mkdir("tests")
    (tests / "test_plain.py").write_text("def test_plain():\n    assert True\n")
    (tests / "broken_on_purpose.toml").write_text(failing_text("shape"))
    (tests / "settings.toml").write_text('[tool]\nname = "x"\n')
    # a plain run of testpaths: only the Python test
    pytester.runpytest(*plugin_args()).assert_outcomes(passed=1)
    # naming the folder asks for its scenario files
    pytester.runpytest(*plugin_args(), "tests").assert_outcomes(passed=1, failed=1)
    # so does the ini option
    pytester.makepyprojecttoml('[tool.pytest.ini_options]\ntestpaths = ["tests"]\ndnnstep_scenarios = ["tests"]\n')
    pytester.runpytest(*plugin_args()).assert_outcomes(passed=1, failed=1)


def test_pytest_runs_a_folder_of_scenarios(pytester):
    folder = pytester.mkdir("scenarios")
    (folder / "good.toml").write_text(scenario_text(PASSING))
    (folder / "bad.toml").write_text(failing_text("cost"))
    (folder / "plain.toml").write_text(scenario_text(""))  # no expectations: not collected
    result = pytester.runpytest(*plugin_args(), "scenarios/")
    result.assert_outcomes(passed=7, failed=1)


# -- through dnnstep test -------------------------------------------------------------------

def test_dnnstep_test_passes_a_passing_scenario(tmp_path, capsys):
    path = tmp_path / "good.toml"
    path.write_text(scenario_text(PASSING))
    assert main_test([str(path)]) == 0
    out = capsys.readouterr().out
    for id_ in PASSING_IDS:
        assert f"ok    {id_}" in out
    assert "7 passed, 0 failed, 0 invalid in 1 file" in out


@pytest.mark.parametrize("kind", list(FAILING))
def test_dnnstep_test_shows_each_kind_of_failure(tmp_path, capsys, kind, request):
    if kind == "gradcheck":
        request.getfixturevalue("wrong_dW")
    path = tmp_path / "case.toml"
    path.write_text(failing_text(kind))
    assert main_test([str(path)]) == 1
    out = capsys.readouterr().out
    assert "FAIL " in out and "0 passed, 1 failed, 0 invalid in 1 file" in out
    for words in FAILING[kind][1]:
        assert words in out, words


def test_dnnstep_test_quiet_prints_failures_only(tmp_path, capsys):
    (tmp_path / "good.toml").write_text(scenario_text(PASSING))
    (tmp_path / "bad.toml").write_text(failing_text("shape"))
    assert main_test(["-q", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert "ok " not in out and "FAIL  forward 1 Z shape" in out
    assert "7 passed, 1 failed, 0 invalid in 2 files" in out


def test_dnnstep_test_exits_2_on_bad_input(tmp_path, capsys):
    invalid = tmp_path / "invalid.toml"
    invalid.write_text(scenario_text('\n[[expect]]\nat = "forward 1"\ntensor = "Q"\nshape = [1]\n'))
    assert main_test([str(invalid)]) == 2
    captured = capsys.readouterr()
    assert "ERROR [[expect]] #1 (invalid)" in captured.out and "'Q' is not a tensor" in captured.out

    assert main_test([str(tmp_path / "missing.toml")]) == 2
    assert "missing.toml: no such file or folder" in capsys.readouterr().err

    plain = tmp_path / "plain.toml"
    plain.write_text(scenario_text(""))
    assert main_test([str(plain)]) == 2
    assert "plain.toml: has no [[expect]] tables" in capsys.readouterr().err

    broken = tmp_path / "broken.toml"
    broken.write_text("[network]\nlayer_dims = [2, 1\n[[expect]]\nat = \"cost\"\n")
    assert main_test([str(broken)]) == 2
    assert "is not valid TOML" in capsys.readouterr().out


def test_dnnstep_test_says_why_a_file_cannot_be_read_and_never_skips_it(tmp_path, capsys, monkeypatch):
    # A Latin-1 file (an umlaut in a comment) or an unreadable one was "has no [[expect]]
    # tables", and skipped without a word inside a folder.
    text = scenario_text('\n[[expect]]\nat = "forward 1"\ntensor = "W"\nshape = [3, 2]\n')
    latin = tmp_path / "latin" / "s.toml"
    latin.parent.mkdir()
    latin.write_bytes(("# Gewichte f\xfcr Schicht 1\n" + text).encode("latin-1"))
    for target in (latin, latin.parent):
        assert main_test([str(target)]) == 2
        captured = capsys.readouterr()
        assert "is not UTF-8 text" in captured.out and "has no [[expect]]" not in captured.err

    bom = tmp_path / "bom.toml"
    bom.write_bytes(b"\xef\xbb\xbf" + text.encode())
    assert main_test([str(bom)]) == 1  # loads, and the shape [3, 2] is not the tiny net's W1
    capsys.readouterr()

    locked = tmp_path / "locked" / "s.toml"
    locked.parent.mkdir()
    locked.write_text(text)
    real_read_bytes = type(locked).read_bytes

    def refuse(path):
        if path.name == "s.toml":
            raise PermissionError(13, "Permission denied")
        return real_read_bytes(path)

    monkeypatch.setattr(type(locked), "read_bytes", refuse)
    for target in (locked, locked.parent):
        assert main_test([str(target)]) == 2
        assert "cannot be read: Permission denied" in capsys.readouterr().out


def test_dnnstep_test_takes_shipped_names_and_defaults_to_the_shipped_scenarios(tmp_path, monkeypatch, capsys):
    import dnnstep.scenario

    assert main_test(["step_by_step"]) == 0
    assert "step_by_step.toml" in capsys.readouterr().out
    # The default is the shipped folder (a stand-in here, to keep this test quick).
    (tmp_path / "good.toml").write_text(scenario_text(PASSING))
    (tmp_path / "plain.toml").write_text(scenario_text(""))
    monkeypatch.setattr(dnnstep.scenario, "shipped_dir", lambda: tmp_path)
    assert main_test([]) == 0
    out = capsys.readouterr().out
    assert "good.toml" in out and "plain.toml" not in out and "7 passed, 0 failed, 0 invalid in 1 file" in out


def test_a_whole_phase_says_which_layer_failed(tmp_path, capsys):
    path = tmp_path / "phase.toml"
    path.write_text(scenario_text('\n[[expect]]\nat = "forward"\ntensor = "A"\nmax = [0.0, 1.0]\n'))
    assert main_test([str(path)]) == 1
    out = capsys.readouterr().out
    over = [l for l in (1, 2, 3) if F[f"A{l}"].max() > 1]
    assert over == [1, 2]  # relu layers above 1; the sigmoid output never is
    assert f"{len(over)} checks failed" in out
    for l in over:
        assert f"at forward {l}: A[{l}] max is {F[f'A{l}'].max():.10g}" in out
    assert "at forward 3:" not in out


@pytest.mark.parametrize("option", [["--seed", "-1"], ["--epsilon", "inf"], ["--threshold", "nan"],
                                    ["--threshold", "inf"], ["--end-to-end-budget", "-1"]])
def test_dnnstep_gradcheck_refuses_bad_numbers_with_one_message(tmp_path, capsys, option):
    # --seed -1 ended in numpy's traceback once a gradient was sampled; --epsilon inf said "ok"
    from dnnstep.commands.gradcheck import main as main_gradcheck

    path = tmp_path / "tiny.toml"
    path.write_text(scenario_text())
    assert main_gradcheck([str(path), "--max-elements", "2", *option]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"dnnstep: {option[0]}") and "Traceback" not in err and len(err.splitlines()) == 1


# -- a scenario whose data file is not here (the course's data.mat not downloaded) --------------

def _needs_a_data_file(text: str) -> str:
    """The passing scenario, reading X and Y from a file nobody has put here."""
    head, rest = text.split("[data]\n")
    return head + '[data]\nfile = "data.mat"\n' + rest.split("\n", 2)[2]


def test_dnnstep_test_skips_a_scenario_whose_data_is_not_here_and_finds_it_with_data(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)  # not the checkout, whose datasets/ may hold the course's data.mat
    path = tmp_path / "needs.toml"
    path.write_text(_needs_a_data_file(scenario_text(PASSING)))
    assert main_test([str(path)]) == 0
    out = capsys.readouterr().out
    assert "SKIP  load" in out and "data file 'data.mat' not found; looked in:" in out
    assert "0 passed, 0 failed, 0 invalid, 1 skipped (data not here) in 1 file" in out

    elsewhere = tmp_path / "course"
    elsewhere.mkdir()
    data = arrays()
    write_mat(elsewhere / "data.mat", {"X": data["X"].T, "y": data["Y"].T})
    assert main_test(["--data", str(elsewhere), str(path)]) == 0
    assert "7 passed, 0 failed, 0 invalid in 1 file" in capsys.readouterr().out


def test_pytest_skips_a_scenario_whose_data_is_not_here(pytester):
    pytester.makefile(".toml", needs=_needs_a_data_file(scenario_text(PASSING)))
    result = pytester.runpytest(*plugin_args(), "-rs", "needs.toml")
    result.assert_outcomes(skipped=1)
    assert "data file 'data.mat' not found" in result.stdout.str()
    folder = pytester.mkdir("course")
    data = arrays()
    write_mat(folder / "data.mat", {"X": data["X"].T, "y": data["Y"].T})
    pytester.runpytest(*plugin_args(), "--dnnstep-data", str(folder), "needs.toml").assert_outcomes(passed=7)

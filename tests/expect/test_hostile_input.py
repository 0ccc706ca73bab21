"""Hostile input to the scenario commands: one clear message and exit status 2, never a traceback."""

from __future__ import annotations

import pytest

from dnnstep import cli
from dnnstep.commands.expectations import main as main_test
from dnnstep.commands.gradcheck import main as main_gradcheck
from dnnstep.commands.trace import main as main_trace
from dnnstep.scenario import ScenarioError, load_scenario
from tests.expect.conftest import plugin_args
from tests.expect.tiny import scenario_text

TOO_DEEP = ("is not a scenario dnnstep can read: its arrays or inline tables are nested too deeply "
            "(Python's TOML reader gives up); a scenario nests at most two levels, as in X = [[1.0, 2.0]]")
EXPECT = '\n[[expect]]\nat = "cost"\nno_nan = true\n'


def deep_file(folder, with_expectations=True):
    path = folder / "deep.toml"
    text = scenario_text(EXPECT if with_expectations else "")
    path.write_text("title = " + "[" * 500 + "]" * 500 + "\n" + text.replace("title =", "# title ="))
    return path


@pytest.mark.parametrize("command", [
    lambda path: main_trace([str(path)]),
    lambda path: main_gradcheck([str(path)]),
    lambda path: cli.main([str(path), "--text"]),
])
def test_a_file_nested_500_deep_is_one_message(tmp_path, capsys, command):
    path = deep_file(tmp_path)
    assert command(path) == 2
    captured = capsys.readouterr()
    assert captured.err == f"dnnstep: {path}: {TOO_DEEP}\n" and captured.out == ""
    with pytest.raises(ScenarioError, match="nested too deeply"):
        load_scenario(path)


def test_dnnstep_test_reports_the_nested_file(tmp_path, capsys):
    path = deep_file(tmp_path, with_expectations=False)  # not even [[expect]] tables to see
    assert main_test([str(path)]) == 2
    out = capsys.readouterr().out
    assert f"  ERROR load\n        {path}: {TOO_DEEP}\n" in out
    assert "0 passed, 0 failed, 1 invalid in 1 file" in out


@pytest.mark.parametrize("with_expectations", [True, False])
def test_pytest_reports_the_nested_file_as_a_failing_item(pytester, with_expectations):
    path = deep_file(pytester.path, with_expectations)
    result = pytester.runpytest(*plugin_args(), "deep.toml")
    result.assert_outcomes(failed=1)
    out = result.stdout.str()
    assert "FAILED deep.toml::load" in out and "found no collectors" not in out
    assert f"{path}: {TOO_DEEP}" in out and "RecursionError" not in out


def test_a_nested_file_in_a_folder_is_collected_only_when_it_looks_like_a_scenario(pytester):
    folder = pytester.mkdir("many")
    (folder / "noise.toml").write_text("title = " + "[" * 500 + "]" * 500 + "\n")
    pytester.runpytest(*plugin_args(), "many").assert_outcomes()


def test_a_misspelt_data_source_is_named(tmp_path, capsys):
    path = tmp_path / "s.toml"
    path.write_text('[network]\nlayer_dims = [2, 3, 1]\n[data]\ngenerater = "blobs"\n')
    assert main_trace([str(path)]) == 2
    assert capsys.readouterr().err == (
        f"dnnstep: {path}: data.generater: unknown key in [data] (did you mean 'generator'?); the keys here are "
        "'X', 'Y', 'file', 'test_file', 'generator', 'm', 'seed', 'test_m', 'test_seed', 'noise', 'separation', "
        "'factor', 'X_test', 'Y_test', 'image_shape' and 'classes'\n")


def test_a_trace_file_name_too_long_is_refused_before_any_work(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    name = "a" * 300 + ".json"
    assert main_trace(["five_layer", "--to", name]) == 2
    assert capsys.readouterr().err == (
        f"dnnstep: --to {'a' * 40}…{'a' * 7}.json: the file name is 305 bytes long; "
        "the file system takes names of at most 255 bytes\n")
    assert list(tmp_path.iterdir()) == []


def test_a_trace_path_too_long_as_a_whole_is_one_message(tmp_path, capsys):
    to = str(tmp_path / "/".join(["c" * 200] * 30) / "x.json")
    assert main_trace(["five_layer", "--to", to]) == 2
    err = capsys.readouterr().err
    assert err.startswith("dnnstep: --to ") and err.endswith(
        f"/x.json: the path is longer than the system allows ({len(to.encode())} bytes)\n")


def test_a_name_near_the_limit_is_written(tmp_path, capsys):
    # the hidden temporary file's name must not break the limit the target's own name keeps
    target = tmp_path / ("b" * 250 + ".json")
    assert main_trace(["five_layer", "--to", str(target)]) == 0
    assert target.is_file() and [p.name for p in tmp_path.iterdir()] == [target.name]


@pytest.mark.parametrize("table, message", [
    ("[training]\nnum_iterations = 2_000_000\n",
     "training.num_iterations: must be at most 1,000,000 iterations, not 2,000,000 "
     "(the course trains its cat networks for 2,500 or 3,000)"),
    ('[data]\ngenerator = "blobs"\nm = 1000000\n',
     "data.m: 1,000,000 examples of n[0] = 12,288 inputs would make X hold 12,288,000,000 numbers; "
     "dnnstep takes at most 100,000,000 (here m at most 8,138)"),
])
def test_sizes_beyond_the_limits_are_one_message_and_status_2(tmp_path, capsys, table, message):
    path = tmp_path / "s.toml"
    data = "" if "[data]" in table else '[data]\ngenerator = "blobs"\n'
    path.write_text("[network]\nlayer_dims = [12288, 1]\n" + table + data)
    for command in (main_trace, main_gradcheck):
        assert command([str(path)]) == 2
        assert capsys.readouterr().err == f"dnnstep: {path}: {message}\n"

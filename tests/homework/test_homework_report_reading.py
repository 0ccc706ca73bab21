"""A report a student can read: what to fix first, a hint said once, one line for what does not apply,
the same value in the same words everywhere, the course's names, and a ``see it:`` command that runs."""

from __future__ import annotations

import shlex
import shutil

from dnnstep.homework.checking import check_homework
from dnnstep.homework.reporting.findings import CheckReport, PipelineResult, skip_note
from dnnstep.homework.reporting.report import render
from tests.homework.helpers import FIXTURES, SCENARIO, TIMEOUT, edited

TWO = [SCENARIO, "five_layer"]


def check(path, scenarios=(SCENARIO,)):
    return check_homework(path, scenario_names=list(scenarios), timeout=TIMEOUT, iterations=1)


def test_a_hint_is_said_once_and_departures_the_same_way_are_one_line(tmp_path):
    shutil.copy(FIXTURES / "missing_1_over_m.py", tmp_path / "hw.py")
    text = render(check(tmp_path / "hw.py", TWO))
    assert text.count("the 1/m is missing") == 1  # in linear_backward's block, not once per scenario
    functions, pipeline = text.split("Your pipeline, step by step")
    assert "hint: dW is exactly m = 4 times too large: the 1/m is missing" in functions
    assert "          hint: missing-1/m, as above" in pipeline.splitlines()
    assert "  FAIL    the same way as step_by_step: five_layer at backward 5" in pipeline.splitlines()
    assert pipeline.count("see it:") == 1


def test_the_report_starts_with_what_to_fix(tmp_path):
    shutil.copy(FIXTURES / "cache_order.py", tmp_path / "hw.py")
    lines = render(check(tmp_path / "hw.py")).splitlines()
    start = lines.index("What to fix:")
    assert start < lines.index("Each function alone, on the course's test inputs and each scenario's network:")
    assert lines[start + 1:start + 3] == [
        "  1. linear_activation_forward: a cache (or the caches list) holds the right values in the wrong order",
        "  2. linear_activation_backward: relu_backward, sigmoid_backward or linear_backward given the other half "
        "of the cache"]
    assert "What to fix:" not in render(check(FIXTURES / "correct.py"))


def test_scenarios_that_do_not_apply_are_one_short_line():
    report = CheckReport("hw.py", scenarios=["five_layer", "deep_sigmoid", "planar"], notes=[
        skip_note("cat", "/x/scenarios/cat.toml: data.file: data file 'train_catvnoncat.h5' not found"),
        skip_note("cat_2layer", "/x/scenarios/cat_2layer.toml: data.file: data file 'train_catvnoncat.h5' not found"),
        "the homework left 1 process running"], pipelines=[
        PipelineResult("five_layer", 1, ["L_model_forward"]),
        PipelineResult("deep_sigmoid", 0, [], skipped="sigmoid hidden layers: the course's network is relu"),
        PipelineResult("planar", 0, [], skipped="tanh hidden layers: the course's network is relu")])
    lines = render(report).splitlines()
    assert ("not run: cat, cat_2layer (data file 'train_catvnoncat.h5' not found); your pipeline on deep_sigmoid "
            "(sigmoid hidden layers), planar (tanh hidden layers)") in lines
    assert not [line for line in lines if "SKIP" in line or "skipped" in line]
    assert "note: the homework left 1 process running" in lines


def test_the_see_it_command_is_quoted_for_the_shell(tmp_path):
    (tmp_path / "class2").mkdir()
    path = tmp_path / "class2" / "Ana María (v2).py"
    shutil.copy(FIXTURES / "missing_1_over_m.py", path)
    line = next(line for line in render(check(path)).splitlines() if "see it:" in line)
    command = line.split("see it: ", 1)[1]
    assert shlex.split(command) == ["dnnstep", "--homework", str(path), SCENARIO]


def test_a_value_is_described_the_same_way_in_every_section(tmp_path):
    path = edited(FIXTURES / "correct.py", tmp_path, [(
        "    db = 1 / m * np.sum(dZ, axis=1, keepdims=True)",
        "    db = np.matrix(1 / m * np.sum(dZ, axis=1, keepdims=True))")])
    text = render(check(path))
    functions, pipeline = text.split("Your pipeline, step by step")
    assert "db is not an array but a matrix" in functions
    assert "db is not an array but a matrix" in pipeline and "db is missing" not in pipeline


def test_the_parts_of_caches_are_named_in_the_course_words(tmp_path):
    shutil.copy(FIXTURES / "caches_reversed.py", tmp_path / "hw.py")
    text = render(check(tmp_path / "hw.py"))
    assert "          A[0] = X, in layer 1's cache: has shape (3, 4) instead of (5, 4)" in text.splitlines()
    assert "also wrong: A[2], in layer 3's cache; W[3], in layer 3's cache;" in text
    assert "caches[0][0][0]" not in text


def test_a_file_that_never_appends_to_caches_is_not_labelled_cache_order(tmp_path):
    path = edited(FIXTURES / "correct.py", tmp_path, [
        ("        caches.append(cache)\n    AL, cache", "        pass\n    AL, cache"),
        ("    caches.append(cache)\n    return AL, caches", "    return AL, caches")])
    report = check(path)
    codes = [h.code for f in report.functions for h in f.hints]
    codes += [h.code for p in report.pipelines if p.divergence for h in p.divergence.hints]
    assert "cache-order" not in codes
    (pipeline,) = report.pipelines
    assert [(t.name, t.problem) for t in pipeline.divergence.tensors] == [("caches", "has no item 0 for layer 1")]
    assert "caches has no item 0 for layer 1" in render(report)

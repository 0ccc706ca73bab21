"""Every input ends in a result or one clear message (issue 26): one test per cause a crash hunt found.

Where a command could hang (a named pipe, a huge homework) it runs in a subprocess with a
time bound, so a regression fails the test instead of stalling the suite.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from dnnstep import cli
from dnnstep.homework.reading.source import MAX_CODE_CHARACTERS, MAX_FILE_BYTES
from tests.cli.conftest import FIXTURES, LONG, make_inputs

BOUND = 120  # seconds: far more than any of these commands takes; a hang fails the test


def dnnstep(*argv: str, cwd=None, env=None, **options) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "dnnstep", *argv], cwd=cwd, env=env, text=True,
                          capture_output=True, timeout=BOUND, **options)


def in_process(argv: list[str], capsys, folder) -> tuple[int, str, str]:
    cwd = os.getcwd()
    os.chdir(folder)
    try:
        status = cli.main(argv)
    except SystemExit as done:
        status = done.code
    finally:
        os.chdir(cwd)
    captured = capsys.readouterr()
    return status, captured.out, captured.err


@pytest.fixture
def folder(tmp_path) -> Path:
    return make_inputs(tmp_path)


def one_message(err: str) -> str:
    assert "Traceback" not in err
    lines = [line for line in err.splitlines() if not line.startswith("usage:") and not line.startswith(" ")]
    assert len(lines) == 1, err
    return lines[0]


# -- a file name longer than the system allows, through every command --------------------------

@pytest.mark.parametrize("argv", [
    [LONG + ".toml", "--text"],
    ["trace", LONG + ".toml"],
    ["gradcheck", LONG],
    ["test", LONG + ".toml"],
    ["check", LONG + ".py"],
    ["check", "correct.py", "--scenario", LONG + ".toml"],
    ["trace", "tiny.toml", "--to", LONG + ".json"],
    ["check", "class", "--csv", LONG + ".csv", "--scenario", "tiny.toml"],
])
def test_a_name_of_300_bytes_is_one_message(folder, capsys, argv):
    status, out, err = in_process(argv, capsys, folder)
    assert status == 2, (out, err)
    assert "is 30" in one_message(err) and "bytes long" in err


def test_a_data_file_or_data_folder_of_300_bytes_is_one_message(folder, capsys):
    (folder / "long.toml").write_text(f'[network]\nlayer_dims = [2, 1]\n[data]\nfile = "{LONG}.npz"\n')
    status, _, err = in_process(["long.toml", "--text"], capsys, folder)
    assert status == 2 and "data.file" in one_message(err) and "304 bytes long" in err
    status, _, err = in_process(["cat", "--text", "--data", LONG], capsys, folder)
    assert status == 2 and "cat.toml: data.file" in one_message(err) and "300 bytes long" in err


# -- not regular files: named pipes, /dev/null, folders, loops ---------------------------------

@pytest.mark.parametrize("name, argv", [
    ("hw.py", ["check", "hw.py"]),
    ("hw.ipynb", ["check", "hw.ipynb"]),
    ("s.toml", ["trace", "s.toml"]),
    ("s.toml", ["s.toml", "--text"]),
    ("out.json", ["trace", "tiny.toml", "--to", "out.json"]),
    ("marks.csv", ["check", "class", "--csv", "marks.csv", "--scenario", "tiny.toml"]),
])
def test_a_named_pipe_is_refused_by_name_not_waited_on(folder, name, argv):
    os.mkfifo(folder / name)
    done = dnnstep(*argv, cwd=folder)  # a hang would be a TimeoutExpired here
    assert done.returncode == 2, done.stderr
    assert "named pipe" in done.stderr and "Traceback" not in done.stderr


def test_a_data_file_that_is_a_pipe_or_dev_null_says_what_it_is(folder):
    os.mkfifo(folder / "pipe.npz")
    for name, what in (("pipe.npz", "is a named pipe"), ("/dev/null", "is a character device")):
        (folder / "s.toml").write_text(f'[network]\nlayer_dims = [2, 1]\n[data]\nfile = "{name}"\n')
        done = dnnstep("s.toml", "--text", cwd=folder)
        assert done.returncode == 2
        assert f"data.file: the data file {name} {what}, not a regular file" in done.stderr


def test_a_symlink_loop_in_a_class_is_a_skipped_entry_and_the_class_is_checked(folder, capsys):
    (folder / "class" / "l1.py").symlink_to("l2.py")
    (folder / "class" / "l2.py").symlink_to("l1.py")
    status, out, err = in_process(["check", "class", "--scenario", "tiny.toml"], capsys, folder)
    assert status == 0, out + err
    assert "not checked: a loop of symbolic links" in out + err
    assert "PASS    alice.py" in out


def test_a_symlink_loop_named_as_a_scenario_or_homework_is_one_message(folder, capsys):
    (folder / "a.toml").symlink_to("b.toml")
    (folder / "b.toml").symlink_to("a.toml")
    status, _, err = in_process(["a.toml", "--text"], capsys, folder)
    assert status == 2 and "a loop of symbolic links" in one_message(err)


# -- HDF5 links that lead nowhere --------------------------------------------------------------

@pytest.mark.parametrize("link, words", [
    ("external", "is an external link to /X in the file missing.h5, which cannot be opened"),
    ("soft", "is a soft link to /X, which leads nowhere (or back to itself)"),
])
def test_an_hdf5_link_that_leads_nowhere_is_one_message(folder, capsys, link, words):
    h5py = pytest.importorskip("h5py")
    with h5py.File(folder / "d.h5", "w") as f:
        f["X"] = h5py.ExternalLink("missing.h5", "/X") if link == "external" else h5py.SoftLink("/X")
        f["Y"] = np.zeros((1, 3))
    (folder / "s.toml").write_text('[network]\nlayer_dims = [2, 1]\n[data]\nfile = "d.h5"\n')
    status, _, err = in_process(["s.toml", "--text"], capsys, folder)
    assert status == 2 and f"s.toml: data.file: array 'X' of d.h5 {words}" in one_message(err)


# -- the environment: encodings, a deleted folder, a closed standard output ----------------------

@pytest.mark.parametrize("encoding", ["ascii", "latin-1"])
@pytest.mark.parametrize("argv, spelt", [
    (["gradcheck", "step_by_step", "--layer", "1"], "(eps = 1e-07"),
    (["trace", "step_by_step", "--steps", "forward 3"], "A[3] = sigma(Z[3])"),
    (["check", str(FIXTURES / "correct.py"), "--scenario", "step_by_step"], "grads keys dA0...dA(L-1)"),
])
def test_an_output_that_cannot_hold_greek_gets_ascii_spellings(encoding, argv, spelt):
    done = dnnstep(*argv, env={**os.environ, "PYTHONIOENCODING": encoding})
    assert done.returncode == 0, done.stderr
    assert spelt in done.stdout and "Traceback" not in done.stderr


def test_the_current_folder_deleted_under_the_command(tmp_path):
    gone = tmp_path / "gone"
    script = ("import os, sys; os.chdir(sys.argv[1]); os.rmdir(sys.argv[1]); from dnnstep import cli; "
              "raise SystemExit(cli.main(sys.argv[2:]))")
    for argv, status in ((["five_layer", "--text"], 0), (["test", "step_by_step"], 0),
                         (["trace", "step_by_step", "--steps", "cost"], 0), (["cat", "--text"], 2)):
        gone.mkdir()
        done = subprocess.run([sys.executable, "-c", script, str(gone), *argv], text=True, capture_output=True,
                              timeout=BOUND)
        assert done.returncode == status and "Traceback" not in done.stderr, (argv, done.stderr)
    assert "(not in the current folder: it was deleted)" in done.stderr


def test_a_closed_standard_output_is_one_message(tmp_path):
    command = f"exec {sys.executable} -m dnnstep trace step_by_step >&-"
    done = subprocess.run(["sh", "-c", command], text=True, capture_output=False, stderr=subprocess.PIPE,
                          timeout=BOUND)
    assert done.returncode == 1
    assert done.stderr == "dnnstep: cannot write the output: standard output is closed\n"
    # a command that writes a file needs no standard output
    command = f"exec {sys.executable} -m dnnstep trace step_by_step --to {tmp_path / 't.json'} >&-"
    done = subprocess.run(["sh", "-c", command], text=True, stderr=subprocess.PIPE, timeout=BOUND)
    assert done.returncode == 0 and (tmp_path / "t.json").is_file()


# -- a homework too large to read, read in linear time below that --------------------------------

def test_a_homework_with_too_much_code_is_refused(folder):
    text = (FIXTURES / "correct.py").read_text()
    body = "".join(f"x{i} = {i}\n" for i in range((MAX_CODE_CHARACTERS - len(text)) // 8 + 1000))
    (folder / "big.py").write_text(text + body)
    done = dnnstep("check", "big.py", cwd=folder)
    assert done.returncode == 2
    assert f"characters of code; dnnstep checks homework of at most {MAX_CODE_CHARACTERS:,}" in done.stderr


def test_a_homework_file_too_large_is_refused_before_it_is_read(folder):
    with open(folder / "huge.ipynb", "wb") as file:  # sparse: no disk is used
        file.truncate(MAX_FILE_BYTES + 1)
    done = dnnstep("check", "huge.ipynb", cwd=folder)
    assert done.returncode == 2
    assert done.stderr == (f"dnnstep check: huge.ipynb: is 16.0 MiB; dnnstep checks homework files of at most "
                           f"{MAX_FILE_BYTES // 2**20} MiB (a course notebook with its outputs is 1 or 2)\n")


def test_many_statements_are_read_in_one_pass(monkeypatch):
    # the kept statements were looked up in a tuple for each statement: quadratic in the file's length
    import ast

    from dnnstep.homework.reading import source

    parses = []
    real = ast.parse
    monkeypatch.setattr(source.ast, "parse", lambda *a, **k: parses.append(1) or real(*a, **k))
    text = (FIXTURES / "correct.py").read_text() + "".join(f"x{i} = {i}\n" for i in range(20_000))
    homework = source.homework_from_cells(Path("hw.ipynb"), [("cell 1", text)])
    assert len(homework.chunks[0].keep) > 20_000
    assert len(parses) == 2  # the syntax check, and one parse for choosing and naming what is kept


# -- numbers out of range, strings that are no steps ----------------------------------------------

@pytest.mark.parametrize("option, value, words", [
    ("--memory-limit", "99999999999999", "must be from 1 to 1048576 MiB"),
    ("--cpu-limit", "100000", "must be from 1 to 86400 s"),
    ("--file-size-limit", "0", "must be at least 1"),
    ("--process-limit", "1e3", "not a whole number"),
])
def test_a_limit_out_of_range_is_bad_input_naming_the_option(folder, capsys, option, value, words):
    status, _, err = in_process(["check", "correct.py", option, value], capsys, folder)
    assert status == 2 and f"argument {option}: {words}" in one_message(err)


@pytest.mark.parametrize("steps", ["", ",,,", " , "])
def test_steps_that_name_nothing_are_bad_input(folder, capsys, steps):
    status, _, err = in_process(["trace", "tiny.toml", "--steps", steps], capsys, folder)
    assert status == 2 and "names no phase or step" in one_message(err)


def test_a_trailing_comma_in_steps_is_passed_over(folder, capsys):
    status, out, _ = in_process(["trace", "tiny.toml", "--steps", "cost,"], capsys, folder)
    assert status == 0 and out.count("iteration 0, step") == 1


def test_an_upper_case_suffix_still_says_the_format(folder, capsys):
    status, _, _ = in_process(["trace", "tiny.toml", "--to", "X.NPZ"], capsys, folder)
    assert status == 0
    with np.load(folder / "X.NPZ", allow_pickle=False) as npz:
        assert "it0/cost/AL" in npz.files


def test_an_unwritable_csv_is_exit_2_naming_the_file(folder, capsys):
    status, _, err = in_process(["check", "class", "--csv", "no/such/marks.csv", "--scenario", "tiny.toml"],
                                capsys, folder)
    assert status == 2
    assert one_message(err) == "dnnstep check: cannot write the CSV file no/such/marks.csv: the folder no/such does not exist"


# -- a scenario whose training overflows ---------------------------------------------------------

OVERFLOW = {
    "rate": '[network]\nlayer_dims = [2, 3, 1]\n[training]\nlearning_rate = 1e308\nnum_iterations = 5\n'
            '[data]\ngenerator = "blobs"\nm = 20\n',
    "weights": '[network]\nlayer_dims = [2, 1]\n[init]\nW1 = [[1e308, 1e308]]\nb1 = [[0.0]]\n[training]\n'
               'num_iterations = 5\n[data]\ngenerator = "blobs"\nm = 20\n',
}


@pytest.mark.parametrize("kind", sorted(OVERFLOW))
def test_a_correct_homework_passes_where_the_reference_overflows_and_the_report_says_so(folder, kind):
    (folder / "over.toml").write_text(OVERFLOW[kind])
    done = dnnstep("check", "correct.py", "--scenario", "over.toml", "--json", cwd=folder)
    report = json.loads(done.stdout)
    assert done.returncode == 0 and report["ok"], done.stdout
    assert any(note.startswith("over overflows: the reference's own training is not finite") for note in report["notes"])
    assert "RuntimeWarning" not in done.stderr


def test_no_hint_is_given_on_values_the_reference_cannot_compute(folder):
    (folder / "over.toml").write_text(OVERFLOW["weights"])
    shutil.copy(FIXTURES / "dAL_sign.py", folder / "sign.py")
    report = json.loads(dnnstep("check", "sign.py", "--scenario", "over.toml", "--json", cwd=folder).stdout)
    (pipeline,) = report["pipelines"]
    assert pipeline["divergence"]["mismatches"][0]["expected_value"] == "-inf"
    assert pipeline["divergence"]["hints"] == []


def test_gradcheck_says_the_check_is_not_meaningful_where_training_overflows(folder, capsys):
    (folder / "over.toml").write_text(OVERFLOW["rate"])
    status, out, _ = in_process(["gradcheck", "over.toml", "--iteration", "2"], capsys, folder)
    assert status == 1
    assert out.startswith("over, iteration 2: the gradient check is not meaningful here: the training overflows")
    assert "where to look" not in out and "mistake" not in out
    status, out, _ = in_process(["gradcheck", "over.toml", "--iteration", "2", "--json"], capsys, folder)
    assert status == 1 and json.loads(out)["meaningful"] is False
    assert in_process(["gradcheck", "over.toml"], capsys, folder)[0] == 0  # iteration 0 is still finite


# -- text that is not ours to print raw -----------------------------------------------------------

def test_terminal_escapes_in_a_title_or_an_expectation_name_are_cleaned(folder, capsys):
    (folder / "esc.toml").write_text(
        'title = "evil \\u001b[31mred\\u001b]0;pwned\\u0007"\n[network]\nlayer_dims = [2, 1]\n'
        '[data]\ngenerator = "blobs"\n[[expect]]\nname = "x\\u001b[2Jy"\nat = "cost"\nno_nan = true\n')
    status, out, _ = in_process(["esc.toml", "--text"], capsys, folder)
    assert status == 0 and out.startswith("esc: evil [31mred]0;pwned\n")
    status, out, _ = in_process(["test", "esc.toml"], capsys, folder)
    assert status == 0 and "  ok    x[2Jy\n" in out and "\x1b" not in out


def test_scenarios_help_is_plain_words(capsys):
    with pytest.raises(SystemExit):
        cli.main(["scenarios", "--help"])
    assert "``" not in capsys.readouterr().out

"""Any command line ends in exit status 0, 1 or 2, never a traceback: a property over each subcommand.

Each example is one command line: the subcommand, a positional argument drawn from good and bad
inputs (a tiny scenario, a missing file, a name of 300 bytes, /dev/null, a folder), and options in
any order with values drawn from valid ones, edges (0, -1, huge, nan, inf, empty) and garbage.
The command runs in this process in a folder of such inputs; whatever it says, it must return
(or exit through argparse) with 0, 1 or 2 and print no traceback. The example counts are kept
small so the suite stays fast; a failure shrinks to the smallest command line that breaks.
"""

from __future__ import annotations

import contextlib
import io
import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dnnstep import cli
from tests.cli.conftest import LONG

NUMBERS = st.one_of(
    st.sampled_from(["0", "1", "2", "3", "-1", "1e3", "0.5", "nan", "inf", "-inf", "", " ", "x", "0x10",
                     "99999999999999999999", "1e308", "1e-320", "4294967296", "1_000"]),
    st.integers(-10**20, 10**20).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
)
SCENARIOS = st.sampled_from(["tiny.toml", "step_by_step", "missing.toml", "bad.toml", "class", "/dev/null",
                             LONG, LONG + ".toml", "", "-", "five_layerr", "notes.txt", "~nobody/x.toml", "x/.."])
HOMEWORK = st.sampled_from(["correct.py", "bad.py", "missing.py", "class", "notes.txt", LONG + ".py",
                            "/dev/null", "", "class/alice.py"])
TARGETS = st.sampled_from(["-", "out.json", "out.NPZ", "out.txt", "class", "nofolder/x.json", LONG + ".json",
                           "", "/dev/null"])
STEPS = st.one_of(st.sampled_from(["", ",,,", "forward", "cost,backward 2", "backward 9", "update 0", "x",
                                   "forward 1, ,update 3", "FORWARD_2"]), st.text(max_size=12))
ITERATIONS = st.one_of(st.sampled_from(["0", "0:2", ":", "2:1", "-1:", "1:99999999999", "a:b", "", "::"]),
                       st.tuples(NUMBERS, NUMBERS).map(lambda ab: f"{ab[0]}:{ab[1]}"))


def command_lines(name: str, positional, options: dict) -> st.SearchStrategy[list[str]]:
    """``[name, positional?, --option value, ...]`` with a random subset of ``options`` in random order."""
    def one(option: str):
        value = options[option]
        return st.just([option]) if value is None else value.map(lambda v: [option, v])

    names = st.lists(st.sampled_from(sorted(options)), unique=True, max_size=4) if options else st.just([])
    chosen = names.flatmap(
        lambda names: st.tuples(*(one(o) for o in names)) if names else st.just(()))
    head = [name] if name else []
    return st.tuples(st.lists(positional, max_size=1), chosen).map(
        lambda parts: head + parts[0] + [word for pair in parts[1] for word in pair])


TRACE = command_lines("trace", SCENARIOS, {
    "--iterations": ITERATIONS, "--steps": STEPS, "--format": st.sampled_from(["text", "json", "npz", "csv"]),
    "--to": TARGETS, "--data": SCENARIOS})
GRADCHECK = command_lines("gradcheck", SCENARIOS, {
    "--iteration": NUMBERS, "--layer": NUMBERS, "--epsilon": NUMBERS, "--threshold": NUMBERS,
    "--max-elements": NUMBERS, "--all": None, "--seed": NUMBERS, "--end-to-end-budget": NUMBERS,
    "--end-to-end": None, "--data": SCENARIOS, "--json": None})
TEST = command_lines("test", SCENARIOS, {"-q": None, "--quiet": None})
DEBUGGER = command_lines("", SCENARIOS, {"--data": SCENARIOS, "--homework": HOMEWORK, "--text": None})
SCENARIOS_COMMAND = command_lines("scenarios", st.sampled_from(["x", "--help", "-h", "--json"]), {})
CHECK = command_lines("check", HOMEWORK, {
    "--json": None, "--timeout": NUMBERS, "--scenario": st.sampled_from(["tiny.toml", "missing", "step_by_step"]),
    "--iterations": NUMBERS, "--memory-limit": NUMBERS, "--cpu-limit": NUMBERS, "--file-size-limit": NUMBERS,
    "--process-limit": NUMBERS, "-j": NUMBERS, "--csv": TARGETS, "--file-timeout": NUMBERS})


def run(argv: list[str], folder) -> tuple[int, str]:
    """The exit status of ``dnnstep ARGV`` run in ``folder``, and what it wrote to stderr."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.chdir(folder), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            status = cli.main(argv)
        except SystemExit as done:  # argparse: --help, or a usage error
            status = 0 if done.code is None else done.code
    return status, err.getvalue()


def holds(argv: list[str], folder) -> None:
    status, err = run(argv, folder)
    assert status in (0, 1, 2), (argv, status, err)
    assert "Traceback" not in err, (argv, err)


QUICK = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow],
                 database=None, derandomize=True)


@pytest.mark.parametrize("name, lines, examples", [
    ("trace", TRACE, 40), ("gradcheck", GRADCHECK, 40), ("debugger", DEBUGGER, 40),
    ("scenarios", SCENARIOS_COMMAND, 10),
    ("test", TEST, 12),  # with no path it runs every shipped scenario's expectations: fewer examples
])
def test_any_command_line_ends_in_0_1_or_2(inputs, name, lines, examples):
    @settings(QUICK, max_examples=examples)
    @given(lines)
    def prop(argv):
        holds(argv, inputs)

    prop()


def test_any_check_command_line_ends_in_0_1_or_2(inputs):
    # each example may start the homework's process: fewer of them
    @settings(QUICK, max_examples=12)
    @given(CHECK)
    def prop(argv):
        holds(argv, inputs)

    prop()


def test_the_inputs_are_there(inputs):
    # the property is only as good as its inputs: the good ones must work
    assert run(["trace", "tiny.toml", "--to", "t.json"], inputs)[0] == 0
    assert run(["check", "correct.py", "--scenario", "tiny.toml"], inputs)[0] == 0
    assert run(["check", "bad.py"], inputs)[0] == 2
    assert os.path.isdir(inputs / "class")

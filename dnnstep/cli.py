"""The command line: argument parsing and dispatch, nothing else.

    dnnstep [SCENARIO] [--data DIR] [--homework PATH] [--beside SCENARIO] [--text]
    dnnstep check PATH [--json]          check homework against the reference
    dnnstep check FOLDER [-j N] [--csv F] check a whole class (a folder or several files)
    dnnstep test [PATHS]                 run the [[expect]] tables of scenario files
    dnnstep gradcheck SCENARIO           numerical gradient check of every layer
    dnnstep trace SCENARIO --format ...  export the steps
    dnnstep scenarios                    list the shipped scenarios

Every subcommand is ``module:function(argv) -> exit status``: 0 good, 1 findings or
failures, 2 bad input (one clear message on stderr, never a traceback).
"""

from __future__ import annotations

import argparse
import errno
import importlib
import os
import sys

SUBCOMMANDS = {
    "check": ("dnnstep.homework.check_command", "main", "check a student's homework against the reference"),
    "test": ("dnnstep.commands.expectations", "main", "run the [[expect]] tables of scenario files"),
    "gradcheck": ("dnnstep.commands.gradcheck", "main", "numerically check every layer's dW and db"),
    "trace": ("dnnstep.commands.trace", "main", "export steps as json, npz or a text transcript"),
    "scenarios": ("dnnstep.cli", "main_scenarios", "list the shipped scenarios"),
}


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``dnnstep`` command."""
    argv = sys.argv[1:] if argv is None else list(argv)
    _usable_streams()
    try:
        if argv and argv[0] in SUBCOMMANDS:
            module, function, _ = SUBCOMMANDS[argv[0]]
            return _exit(getattr(importlib.import_module(module), function)(argv[1:]))
        return _exit(main_debugger(argv))
    except KeyboardInterrupt:
        print("dnnstep: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (``dnnstep --text | head``): stop quietly.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except OSError as error:
        if error.errno not in (errno.ENOSPC, errno.EDQUOT, errno.EIO, errno.EBADF):
            raise
        # Standard output is on a full disk, or closed: say so once (what is still buffered is dropped).
        if not isinstance(sys.stdout, ClosedOutput):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        print(f"dnnstep: cannot write the output: {error.strerror}", file=sys.stderr)
        return 1


class ClosedOutput:
    """Standard output when the command was started with it closed (``dnnstep trace five_layer >&-``):
    writing to it is an ``OSError`` that ``main`` reports as one message; a command that writes
    only files and standard error runs as usual."""

    encoding = "utf-8"

    def write(self, text: str) -> int:
        raise OSError(errno.EBADF, "standard output is closed")

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return False

    def fileno(self) -> int:
        raise OSError(errno.EBADF, "standard output is closed")


def _usable_streams() -> None:
    """Standard streams dnnstep can write to: a closed descriptor 0, 1 or 2 gets /dev/null (so that
    no file the command opens takes its number, and the homework's process inherits no stranger),
    a closed standard output becomes ``ClosedOutput``, and characters an output's encoding cannot
    hold (ε, σ under ``PYTHONIOENCODING=ascii``) are spelt out in ASCII."""
    from dnnstep.plain_text import plain_output

    for descriptor in (0, 1, 2):
        try:
            os.fstat(descriptor)
        except OSError:
            opened = os.open(os.devnull, os.O_RDWR)  # the lowest free number: this one
            if opened != descriptor:
                os.dup2(opened, descriptor)
                os.close(opened)
    if sys.stdout is None:
        sys.stdout = ClosedOutput()
    if sys.stderr is None:
        sys.stderr = open(os.devnull, "w", encoding="utf-8")
    plain_output(sys.stdout)
    plain_output(sys.stderr)


def _parser() -> argparse.ArgumentParser:
    commands = "\n".join(f"  dnnstep {name:<10} {help_}" for name, (_, _, help_) in SUBCOMMANDS.items())
    parser = argparse.ArgumentParser(
        prog="dnnstep",
        description="Step through the forward pass, the cost and the backward pass of the course's "
                    "deep neural network, one layer at a time.",
        epilog=f"other commands (dnnstep COMMAND --help):\n{commands}",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("scenario", nargs="?", default=None,
                        help="a shipped scenario name or a path to a .toml file (default: five_layer)")
    parser.add_argument("--data", metavar="DIR", help="where to look for the scenario's data files")
    parser.add_argument("--homework", metavar="PATH",
                        help="a .py or .ipynb with the student's functions, shown beside the reference")
    parser.add_argument("--beside", metavar="SCENARIO",
                        help="another scenario to show beside this one at the same iteration (B in the debugger)")
    parser.add_argument("--text", action="store_true",
                        help="print the first iteration's steps as text instead of opening the debugger")
    parser.add_argument("--version", action="store_true",
                        help="the versions of dnnstep, Python, numpy and Textual, and how the debugger draws")
    return parser


def main_debugger(argv: list[str]) -> int:
    """``dnnstep [SCENARIO]``: open the debugger (or print the steps with --text)."""
    args = _parser().parse_args(argv)
    if args.version:
        from dnnstep.app.log import version_text

        print(version_text())
        return 0
    from dnnstep.engine import Session
    from dnnstep.plain_text import printable
    from dnnstep.scenario import DEFAULT_SCENARIO, ScenarioError, load_scenario

    try:
        scenario = load_scenario(args.scenario or DEFAULT_SCENARIO, data_dir=args.data)
    except ScenarioError as error:
        print(f"dnnstep: {printable(str(error))}", file=sys.stderr)
        return 2
    beside = None
    if args.beside:
        try:
            beside = load_scenario(args.beside, data_dir=args.data)
        except ScenarioError as error:
            print(f"dnnstep: --beside: {error}", file=sys.stderr)
            return 2
    session = Session(scenario)
    if args.text or not sys.stdout.isatty():
        if args.homework:
            print(f"dnnstep: --homework shows the student's run in the debugger, which needs a terminal; "
                  f"for a report in text, run: dnnstep check {args.homework}", file=sys.stderr)
            return 2
        if beside is not None:
            print("dnnstep: --beside shows the two runs side by side in the debugger, which needs a terminal; "
                  f"for their steps in text, run dnnstep {args.beside} --text", file=sys.stderr)
            return 2
        from dnnstep.export.transcript import transcript

        print(f"{scenario.name}: {scenario.title}\n")
        print(transcript(session.steps(0), scenario), end="")
        return 0
    student = None
    if args.homework:
        from dnnstep.homework.student_run import HomeworkLoadError, open_student_run

        try:
            student = open_student_run(args.homework, session, data_dir=args.data)
        except HomeworkLoadError as error:
            print(f"dnnstep: {error}", file=sys.stderr)
            return 2
    from dnnstep.app import run

    return run(session, student=student, data_dir=args.data, beside=beside)


def main_scenarios(argv: list[str]) -> int:
    """``dnnstep scenarios``: list the shipped scenarios with their sizes and titles."""
    argparse.ArgumentParser(prog="dnnstep scenarios", description="List the shipped scenarios: name, layer "
                            "sizes and title.").parse_args(argv)
    from dnnstep.scenario import peek_scenario, shipped_scenarios
    from dnnstep.scenario.loader import read_toml

    summaries = [(peek_scenario(path), path) for path in shipped_scenarios()]
    course_files = False
    for course, heading in ((1, ""), (2, "Course 2: Improving Deep Neural Networks")):
        listed = [(summary, path) for summary, path in summaries if summary.course == course]
        if heading and listed:
            print(f"\n{heading}")
        width = max((len(summary.name) for summary, _ in listed), default=0)
        for summary, path in listed:
            sizes = "-".join(str(n) for n in summary.layer_dims or ())
            data = read_toml(path).get("data")
            needs_files = isinstance(data, dict) and "file" in data  # the course's files, not dnnstep's
            course_files |= needs_files
            print(f"{summary.name:<{max(14, width)}} {sizes:<28} {summary.title}" + (" *" if needs_files else ""))
    if course_files:
        print("\n* needs the course's data files (not shipped): put them beside the scenario, in the current "
              "folder or its datasets/, or pass --data DIR (docs/cat.md)")
    return 0


def _exit(status: int | None) -> int:
    return 0 if status is None else int(status)


if __name__ == "__main__":
    raise SystemExit(main())

"""``dnnstep check PATH``: check a student's homework against the reference; or a whole class.

    dnnstep check my_homework.ipynb
    dnnstep check my_homework.py --json
    dnnstep check hw.py --scenario five_layer step_by_step --timeout 5
    dnnstep check class/ [-j 4] [--json] [--csv marks.csv]     a folder, several files, or a zip

Exit status, one file: 0 when every function present matches (and the pipeline does), 1
when any does not (or the homework hangs, exits or crashes, also while being loaded), 2
when the file cannot be loaded (missing, not .py/.ipynb, a syntax error, an exception
while loading) or a named scenario does not exist; 143, 129 when stopped by SIGTERM, SIGHUP (130, Ctrl-C, is
``dnnstep``'s own). A class: 0 every file passes, 1 some
file of homework does not (or cannot be loaded, or its check timed out or crashed), 2 no homework
to check, or a ``--csv`` file that cannot be written; 130, 143, 129 when interrupted by Ctrl-C,
SIGTERM, SIGHUP (see :mod:`dnnstep.homework.class_command`).
"""

from __future__ import annotations

import argparse
import os
import sys

from dnnstep.export.atomic import Terminated, signals_end_the_block
from dnnstep.homework.checking import DEFAULT_ITERATIONS, check_homework
from dnnstep.homework.reading.source import HomeworkLoadError
from dnnstep.homework.reporting.class_report import interruption_name
from dnnstep.homework.reporting.report import render, to_json, use_colour
from dnnstep.homework.running.process import DEFAULT_TIMEOUT, clean
from dnnstep.homework.running.limits import DEFAULT_LIMITS, LARGEST, LIMITS

MAX_TIMEOUT = 86400  # seconds; far longer ones overflow the waits (--timeout inf)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="dnnstep check",
        description="Check a student's homework (the course's graded functions, in a .py file or a Jupyter "
                    "notebook) against the reference, and show where it first goes wrong.",
        epilog="exit status: 0 all present functions match, 1 a mismatch or an error in the homework, "
               "2 the file cannot be loaded; for a class: 0 every file of homework passes, 1 some file does not, "
               "2 no homework to check; 130/143/129 interrupted (Ctrl-C, SIGTERM, SIGHUP)",
    )
    parser.add_argument("paths", metavar="PATH", nargs="*",
                        help="the homework: a .py file or a .ipynb notebook; several files, a folder or a .zip "
                             "check a class")
    parser.add_argument("--json", action="store_true", help="print the findings as JSON")
    parser.add_argument("--timeout", type=_seconds, default=DEFAULT_TIMEOUT, metavar="SECONDS",
                        help=f"the longest one call of a homework function may take (default {DEFAULT_TIMEOUT:g})")
    parser.add_argument("--scenario", action="extend", nargs="+", metavar="NAME",
                        help="check on these scenarios (names or .toml paths), e.g. --scenario five_layer step_by_step "
                             "(default: every shipped scenario)")
    parser.add_argument("--data", metavar="DIR", help="where to look for the scenarios' data files")
    parser.add_argument("--iterations", type=_count, default=DEFAULT_ITERATIONS, metavar="N",
                        help=f"iterations of your pipeline to compare, at least 1 (default {DEFAULT_ITERATIONS})")
    limits = parser.add_argument_group("the homework's limits (see docs/homework.md, What the sandbox guarantees)")
    for name, (_, unit, option) in LIMITS.items():
        default = DEFAULT_LIMITS[name] // (2**20 if unit == "MiB" else 1)
        limits.add_argument(option, dest=f"limit_{name}", type=_limit(name), metavar={"MiB": "MiB", "s": "SECONDS"}.get(unit, "N"), help=(
            f"{LIMIT_HELP[name]} (default {default}{' ' + unit if unit else ''}, at most {LARGEST[name]})"))
    group = parser.add_argument_group("a whole class (several files, or a folder)")
    group.add_argument("-j", "--jobs", type=_jobs, default=0, metavar="N",
                       help="check N files at a time (default: one per core)")
    group.add_argument("--csv", metavar="FILE",
                       help="also write one row per file to FILE, for a spreadsheet (a run on some files of the "
                            "class updates their rows)")
    group.add_argument("--full", action="store_true", help="name every student in the tally's lists")
    group.add_argument("--fresh", action="store_true",
                       help="check every file again, not reading back the results kept from an earlier run")
    group.add_argument("--file-timeout", type=_seconds, metavar="SECONDS",
                       help="the longest one file's whole check may take (default: 12 timeouts and a minute)")
    group.add_argument("--unconfined", action="store_true",
                       help="check a class even where the homework cannot be confined (no user namespaces and no "
                            "Landlock: macOS, Windows): its code then runs with your rights")
    return parser


LIMIT_HELP = {"memory": "memory the homework may allocate", "cpu": "CPU time of each of the homework's processes",
              "file_size": "size of a file the homework writes", "processes": "processes of the homework's user"}


def _whole_number(what: str, at_least: str):
    """An argparse type: a whole number of at least 1; ``what`` and ``at_least`` word the two refusals."""
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not {what}: {text!r}") from None
        if value < 1:
            raise argparse.ArgumentTypeError(f"{at_least}, not {text}")
        return value
    return parse


_count = _whole_number("a whole number", "must be at least 1")


def _limit(name: str):
    """An argparse type for a limit's option: a whole number from 1 to ``LARGEST[name]``."""
    unit = LIMITS[name][1]

    def parse(text: str) -> int:
        value = _count(text)
        if value > LARGEST[name]:
            raise argparse.ArgumentTypeError(f"must be from 1 to {LARGEST[name]}{' ' + unit if unit else ''}, "
                                             f"not {text}")
        return value
    return parse
_jobs = _whole_number("a number of files", "-j needs at least 1")


def _limits(args) -> dict:
    """The limits given on the command line, in bytes, seconds or processes."""
    return {name: value * (2**20 if LIMITS[name][1] == "MiB" else 1) for name in LIMITS
            if (value := getattr(args, f"limit_{name}")) is not None}


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text!r}") from None
    if not 0 < value <= MAX_TIMEOUT:
        raise argparse.ArgumentTypeError(f"the timeout must be more than 0 seconds and at most {MAX_TIMEOUT} "
                                         f"(a day), not {text}")
    return value


def main(argv: list[str]) -> int:
    """Run ``dnnstep check``; returns the exit status."""
    parser = _parser()
    args = parser.parse_args(argv)
    if not args.paths:  # dnnstep check --scenario five_layer hw.py [hw2.py ...]
        while args.scenario and _homework_path(args.scenario[-1]):
            args.paths.insert(0, args.scenario.pop())
    if not args.paths:
        parser.error("the following arguments are required: PATH")
    if len(args.paths) > 1 or os.path.isdir(args.paths[0]) or args.csv or args.paths[0].lower().endswith(".zip"):
        from dnnstep.homework.class_command import run_class
        from dnnstep.homework.running.confinement import available, describe

        mechanism, why = available()
        if mechanism == "none" and not args.unconfined:
            print(f"dnnstep check: the homework cannot be confined here ({why}): each student's code would run "
                  "with your rights, able to read, change or send your files and the other submissions; check "
                  "the class in a Linux container or virtual machine, or pass --unconfined to check it anyway",
                  file=sys.stderr)
            return 2

        return run_class(args.paths, scenario_names=args.scenario, timeout=args.timeout,
                         iterations=args.iterations, data_dir=args.data, jobs=args.jobs,
                         file_timeout=args.file_timeout, as_json=args.json, csv_path=args.csv, limits=_limits(args),
                         full=args.full, fresh=args.fresh,
                         notes=[describe(f"none ({why})")[0]] if mechanism == "none" else [])
    from dnnstep.scenario import ScenarioError

    try:
        with signals_end_the_block():  # SIGTERM, SIGHUP (`timeout 60 dnnstep check`): the homework's process and
            report = check_homework(  # its scratch folder go, as with Ctrl-C
                args.paths[0], scenario_names=args.scenario, timeout=args.timeout, iterations=args.iterations,
                data_dir=args.data, limits=_limits(args))
    except Terminated as stop:
        print(f"dnnstep check: stopped by {interruption_name(stop.signum)}", file=sys.stderr)
        return 128 + stop.signum
    except HomeworkLoadError as error:  # it may quote the file: no control characters from it reach the terminal
        print(f"dnnstep check: {clean(str(error), None)}", file=sys.stderr)
        return 2
    except ScenarioError as error:
        print(f"dnnstep check: {error}", file=sys.stderr)
        return 2
    if args.json:
        sys.stdout.write(to_json(report) + "\n")
    else:
        sys.stdout.write(render(report, colour=use_colour(sys.stdout)))
    return report.exit_status


def _homework_path(text: str) -> bool:
    """A homework file or a folder of them (not a scenario's name or .toml file)."""
    return text.lower().endswith((".py", ".ipynb", ".zip")) or os.path.isdir(text)

"""The commands ``dnnstep test``, ``dnnstep gradcheck`` and ``dnnstep trace``.

Each ``main_*(argv) -> int`` returns the exit status: 0 good, 1 failures, 2 bad input
(one clear message on stderr, never a traceback).
"""

from __future__ import annotations

import argparse
import math
import os
import sys
from pathlib import Path
from typing import Iterator, Sequence

from dnnstep.engine.step import PHASES, Step


class BadInput(Exception):
    """A message for stderr, exit status 2."""


class _Parser(argparse.ArgumentParser):
    """argparse that reports a usage error as one line and exit status 2 (as argparse does)."""

    def error(self, message: str):  # noqa: D102 - argparse's own hook
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: {message}\n")


def _run(body, argv: Sequence[str]) -> int:
    try:
        return body(list(argv))
    except BadInput as error:
        print(f"dnnstep: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("dnnstep: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (dnnstep trace ... | head): stop quietly, as other tools do.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1


def _load(name_or_path: str, data_dir: str | None):
    from dnnstep.scenario import ScenarioError, load_scenario

    try:
        return load_scenario(name_or_path, data_dir=data_dir)
    except ScenarioError as error:
        raise BadInput(str(error)) from None


# -- dnnstep test ---------------------------------------------------------------------------

def main_test(argv: Sequence[str]) -> int:
    """``dnnstep test [PATHS]``: run the ``[[expect]]`` tables of scenario files."""
    return _run(_test, argv)


def _test(argv: list[str]) -> int:
    from dnnstep.expect.runner import ScenarioFile, find_files
    from dnnstep.scenario import shipped_dir

    parser = _Parser(prog="dnnstep test", description="Run the [[expect]] tables of scenario files "
                     "(the same checks `pytest FILES` runs through dnnstep's pytest plugin).")
    parser.add_argument("paths", nargs="*", metavar="PATH",
                        help="scenario .toml files, folders, or shipped scenario names (default: the shipped scenarios)")
    parser.add_argument("-q", "--quiet", action="store_true", help="print only failures and the totals")
    args = parser.parse_args(argv)

    paths = [_shipped_or_path(p, shipped_dir()) for p in args.paths] or [shipped_dir()]
    files, problems = find_files(paths)
    for problem in problems:
        print(f"dnnstep test: {problem}", file=sys.stderr)
    counts = {"pass": 0, "fail": 0, "error": 0}
    for path in files:
        loaded = ScenarioFile.load(path)
        outcomes = loaded.run_all()
        shown = [o for o in outcomes if not args.quiet or o.status != "pass"]
        if shown:
            print(_display(path))
        for outcome in shown:
            mark = {"pass": "ok   ", "fail": "FAIL ", "error": "ERROR"}[outcome.status]
            print(f"  {mark} {outcome.id}")
            if outcome.message:
                print("\n".join("        " + line for line in outcome.message.splitlines()))
        for outcome in outcomes:
            counts[outcome.status] += 1
    total = f"{counts['pass']} passed, {counts['fail']} failed, {counts['error']} invalid in {len(files)} file" \
            f"{'' if len(files) == 1 else 's'}"
    print(total)
    if problems or counts["error"]:
        return 2
    return 1 if counts["fail"] else 0


def _shipped_or_path(text: str, shipped: Path) -> Path:
    """A path as given, or the shipped scenario of that name (``dnnstep test five_layer``)."""
    path = Path(text)
    if not path.exists() and path.suffix == "" and "/" not in text and (shipped / f"{text}.toml").is_file():
        return shipped / f"{text}.toml"
    return path


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


# -- dnnstep gradcheck ----------------------------------------------------------------------

def main_gradcheck(argv: Sequence[str]) -> int:
    """``dnnstep gradcheck SCENARIO [--iteration N]``: check every layer's dW and db numerically."""
    return _run(_gradcheck, argv)


def _gradcheck(argv: list[str]) -> int:
    from dnnstep.engine import Session
    from dnnstep.engine.gradcheck import EPSILON, MAX_ELEMENTS, THRESHOLD, gradcheck_layer

    parser = _Parser(prog="dnnstep gradcheck", description="Check the engine's dW and db of every layer "
                     "against centered finite differences of the cost J (the course's gradient check).")
    parser.add_argument("scenario", help="a shipped scenario name or a .toml file")
    parser.add_argument("--iteration", type=int, default=0, metavar="N", help="the iteration to check (default 0)")
    parser.add_argument("--layer", type=int, metavar="L", help="check only this layer")
    parser.add_argument("--epsilon", type=float, default=EPSILON, help=f"the step ε (default {EPSILON:g})")
    parser.add_argument("--threshold", type=float, default=THRESHOLD,
                        help=f"the pass mark of the relative difference (default {THRESHOLD:g})")
    parser.add_argument("--max-elements", type=int, default=MAX_ELEMENTS, metavar="K",
                        help=f"check a seeded sample of K elements of larger gradients (default {MAX_ELEMENTS})")
    parser.add_argument("--seed", type=int, default=0, help="the seed of that sample (default 0)")
    parser.add_argument("--data", metavar="DIR", help="where to look for the scenario's data files")
    args = parser.parse_args(argv)

    scenario = _load(args.scenario, args.data)
    if not 0 <= args.iteration < scenario.num_iterations:
        raise BadInput(f"--iteration {args.iteration}: {scenario.name} trains for {scenario.num_iterations} "
                       f"iterations (0..{scenario.num_iterations - 1})")
    if args.layer is not None and not 1 <= args.layer <= scenario.L:
        raise BadInput(f"--layer {args.layer}: {scenario.name} has layers 1..{scenario.L}")
    for option, value in (("--epsilon", args.epsilon), ("--threshold", args.threshold)):
        if not 0 < value < math.inf:
            raise BadInput(f"{option} {value:g}: must be a finite number above 0")
    if args.max_elements < 1:
        raise BadInput(f"--max-elements {args.max_elements}: must be at least 1")
    if args.seed < 0:
        raise BadInput(f"--seed {args.seed}: must be 0 or more")
    session = Session(scenario)
    layers = [args.layer] if args.layer else list(range(1, scenario.L + 1))
    failed = 0
    for layer in layers:
        result = gradcheck_layer(session, args.iteration, layer, epsilon=args.epsilon, threshold=args.threshold,
                                 max_elements=args.max_elements, seed=args.seed)
        print(result.summary())
        failed += not result.ok
    print(f"{scenario.name}, iteration {args.iteration}: "
          + (f"{failed} of {len(layers)} layers FAILED" if failed
             else f"all {len(layers)} layers ok" if len(layers) > 1 else f"layer {layers[0]} ok"))
    return 1 if failed else 0


# -- dnnstep trace --------------------------------------------------------------------------

FORMATS = ("text", "json", "npz")


def main_trace(argv: Sequence[str]) -> int:
    """``dnnstep trace SCENARIO [--iterations A:B] [--steps ...] --format json|npz|text --to PATH|-``."""
    return _run(_trace, argv)


def _trace(argv: list[str]) -> int:
    from dnnstep.engine import Session
    from dnnstep.expect import export
    from dnnstep.expect.transcript import transcript

    parser = _Parser(prog="dnnstep trace", description="Export the steps of training: a text transcript "
                     "(formula, shapes, summary values), JSON (shapes and every value) or .npz (one array "
                     "per step tensor, named like it0/backward/3/dW).")
    parser.add_argument("scenario", help="a shipped scenario name or a .toml file")
    parser.add_argument("--iterations", default="0", metavar="A:B",
                        help="iterations A to B-1 (like Python's slices); N alone is one iteration (default 0)")
    parser.add_argument("--steps", default="", metavar="LIST",
                        help="comma-separated phases or steps: forward,cost,backward,update or "
                             "'forward 2','backward 3','update 1' (default: every step)")
    parser.add_argument("--format", choices=FORMATS, help="text, json or npz (default: from --to's suffix, else text)")
    parser.add_argument("--to", default="-", metavar="PATH",
                        help="the file to write, or - for standard output (default -)")
    parser.add_argument("--data", metavar="DIR", help="where to look for the scenario's data files")
    args = parser.parse_args(argv)

    fmt = args.format or {".json": "json", ".npz": "npz"}.get(Path(args.to).suffix, "text")
    if fmt == "npz" and args.to == "-":
        raise BadInput("--format npz is binary: give a file with --to PATH.npz")
    scenario = _load(args.scenario, args.data)
    first, stop = _iterations(args.iterations, scenario.num_iterations)
    wanted = _step_filter(args.steps, scenario.L)
    session = Session(scenario)
    written = [0]

    def steps_as_they_come() -> Iterator[Step]:
        # one iteration at a time: a long trace of cat_size held every step (1.3 GB for 50 iterations)
        for iteration in range(first, stop):
            for step in session.steps(iteration):
                if wanted(step):
                    written[0] += 1
                    yield step

    steps = steps_as_they_come()
    selection = f"iterations {first}..{stop - 1}, steps: {args.steps or 'all'}"
    if args.to != "-":
        target = Path(args.to)
        if not target.parent.is_dir():
            raise BadInput(f"--to {args.to}: the folder {target.parent} does not exist")
        if target.is_dir():
            raise BadInput(f"--to {args.to}: is a folder; give a file name")
    try:
        if fmt == "npz":
            export.write_trace_npz(steps, args.to)
        elif fmt == "json":
            if args.to == "-":
                sys.stdout.write(export.trace_json(steps, scenario))
            else:
                export.write_trace_json(steps, args.to, scenario)
        else:
            text = transcript(steps, scenario, selection=selection)
            if args.to == "-":
                sys.stdout.write(text)
            else:
                from dnnstep.expect.atomic import atomic_write_text

                atomic_write_text(args.to, text)
    except OSError as error:
        if args.to == "-" or isinstance(error, BrokenPipeError):
            raise
        raise BadInput(f"--to {args.to}: cannot write it: {error.strerror or error}") from None
    if args.to != "-":
        print(f"wrote {written[0]} steps ({fmt}) to {args.to}", file=sys.stderr)
    return 0


def _iterations(text: str, num_iterations: int) -> tuple[int, int]:
    last = num_iterations - 1
    try:
        if ":" in text:
            a, b = text.split(":", 1)
            first = int(a) if a.strip() else 0
            stop = int(b) if b.strip() else num_iterations
        else:
            first = int(text)
            stop = first + 1
    except ValueError:
        raise BadInput(f"--iterations {text}: write A:B (for example 0:10) or one iteration N") from None
    if not 0 <= first < stop <= num_iterations:
        raise BadInput(f"--iterations {text}: the scenario has iterations 0..{last}; "
                       f"give A:B with 0 <= A < B <= {num_iterations}")
    return first, stop


def _step_filter(text: str, L: int):
    if not text.strip():
        return lambda step: True
    phases: set[str] = set()
    labels: set[str] = set()
    for item in text.split(","):
        words = item.strip().lower().replace("_", " ")
        if words in PHASES:
            phases.add(words)
            continue
        for phase in PHASES:
            rest = words[len(phase):].strip() if words.startswith(phase) else None
            if rest and rest.isdigit() and phase != "cost":
                if not 1 <= int(rest) <= L:
                    raise BadInput(f"--steps: '{item.strip()}': the network has layers 1..{L}")
                labels.add(f"{phase} {int(rest)}")
                break
        else:
            raise BadInput(f"--steps: '{item.strip()}' is not a phase or a step; write for example "
                           f"forward,cost or 'forward 2,backward 3' (phases: {', '.join(PHASES)})")
    return lambda step: step.phase in phases or step.label in labels

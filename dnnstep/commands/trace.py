"""``dnnstep trace SCENARIO``: export the steps of training as text, JSON or npz.

The formats are ``dnnstep.export``'s; this module reads the options, picks the
iterations and steps, and writes them (atomically) to a file or standard output.
Exit status: 0 written, 2 bad input.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Iterator, Sequence

from dnnstep.commands.common import BadInput, Parser, load, run
from dnnstep.engine.step import PHASES, Step

FORMATS = ("text", "json", "npz")


def main(argv: Sequence[str]) -> int:
    """``dnnstep trace SCENARIO [--iterations A:B] [--steps ...] --format json|npz|text --to PATH|-``."""
    return run(_trace, argv)


def _trace(argv: list[str]) -> int:
    from dnnstep.engine import Session
    from dnnstep.export import formats as export
    from dnnstep.export.transcript import transcript

    parser = Parser(prog="dnnstep trace", description="Export the steps of training: a text transcript "
                     "(formula, shapes, summary values), JSON (shapes and every value) or .npz (one array "
                     "per step tensor, named like it0/backward/3/dW).")
    parser.add_argument("scenario", help="a shipped scenario name or a .toml file")
    parser.add_argument("--iterations", default="0", metavar="A:B",
                        help="iterations A to B-1 (like Python's slices); N alone is one iteration (default 0)")
    parser.add_argument("--steps", metavar="LIST",
                        help="comma-separated phases or steps: forward,cost,backward,update or "
                             "'forward 2','backward 3','update 1' (default: every step)")
    parser.add_argument("--format", choices=FORMATS, help="text, json or npz (default: from --to's suffix, else text)")
    parser.add_argument("--to", default="-", metavar="PATH",
                        help="the file to write, or - for standard output (default -)")
    parser.add_argument("--data", metavar="DIR", help="where to look for the scenario's data files")
    args = parser.parse_args(argv)

    fmt = args.format or {".json": "json", ".npz": "npz"}.get(Path(args.to).suffix.lower(), "text")
    if fmt == "npz" and args.to == "-":
        raise BadInput("--format npz is binary: give a file with --to PATH.npz")
    if args.to != "-":
        _check_target(args.to)
    scenario = load(args.scenario, args.data)
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
    selection = f"iterations {first}..{stop - 1}, steps: {'all' if args.steps is None else args.steps}"
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
                from dnnstep.export.atomic import atomic_write_text

                atomic_write_text(args.to, text)
    except OSError as error:
        if args.to == "-" or isinstance(error, BrokenPipeError):
            raise
        raise BadInput(f"--to {args.to}: cannot write it: {error.strerror or error}") from None
    if args.to != "-":
        print(f"wrote {written[0]} steps ({fmt}) to {args.to}", file=sys.stderr)
    return 0


def _check_target(to: str) -> None:
    """Refuse a ``--to`` that cannot be written before any work is done."""
    from dnnstep.user_paths import UserPathError, check_writable

    try:
        check_writable(to)
    except UserPathError as error:
        raise BadInput(f"--to {error}") from None


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


def _step_filter(text: str | None, L: int):
    """Which steps ``--steps`` asks for: every step when it is not given; empty items (a trailing
    comma) are passed over, and a list that names nothing at all is bad input."""
    if text is None:
        return lambda step: True
    phases: set[str] = set()
    labels: set[str] = set()
    items = [item.strip() for item in text.split(",") if item.strip()]
    if not items:
        raise BadInput(f"--steps {text!r} names no phase or step; leave --steps out for every step, or write "
                       f"for example forward,cost or 'forward 2,backward 3' (phases: {', '.join(PHASES)})")
    for item in items:
        words = " ".join(item.lower().replace("_", " ").split())
        if words in PHASES:
            phases.add(words)
            continue
        for phase in PHASES:
            rest = words[len(phase):].strip() if words.startswith(phase) else None
            if rest and rest.isdigit() and phase != "cost":
                if not 1 <= int(rest) <= L:
                    raise BadInput(f"--steps: '{item}': the network has layers 1..{L}")
                labels.add(f"{phase} {int(rest)}")
                break
        else:
            raise BadInput(f"--steps: '{item}' is not a phase or a step; write for example "
                           f"forward,cost or 'forward 2,backward 3' (phases: {', '.join(PHASES)})")
    return lambda step: step.phase in phases or step.label in labels

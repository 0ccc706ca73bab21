"""``dnnstep gradcheck SCENARIO``: every layer's backward step against centred finite differences.

The checking itself is ``dnnstep.engine.gradcheck``; this module reads the options,
prints each layer's verdict (with the kind of check it got: against J end to end, or
locally against the dA that backprop passed down), which layers got which kind, where to
look when something failed, and the total. Exit status: 0 all ok, 1 a layer failed, 2 bad input.
"""

from __future__ import annotations

import json
import math
import sys
import time
from typing import Sequence

from dnnstep.commands.common import BadInput, Parser, load, run


def main(argv: Sequence[str]) -> int:
    """``dnnstep gradcheck SCENARIO [--iteration N]``: check every layer's backward step numerically."""
    return run(_gradcheck, argv)


def _gradcheck(argv: list[str]) -> int:
    from dnnstep.engine import Session
    from dnnstep.engine.gradcheck import END_TO_END_BUDGET, EPSILON, MAX_ELEMENTS, THRESHOLD, gradcheck_layers
    from dnnstep.engine.gradcheck_report import overview, where_to_look

    parser = Parser(prog="dnnstep gradcheck", description="Check the engine's dW and db of every layer "
                     "against centred finite differences of the cost J (the course's gradient check) from the "
                     "top layer down, as far as a budget allows; the layers below are checked locally, each "
                     "backward step against the dA that backprop passed down to it, so that the time grows "
                     "linearly with the depth.")
    parser.add_argument("scenario", help="a shipped scenario name or a .toml file")
    parser.add_argument("--iteration", type=int, default=0, metavar="N", help="the iteration to check (default 0)")
    parser.add_argument("--layer", type=int, metavar="L", help="check only this layer")
    parser.add_argument("--epsilon", type=float, default=EPSILON, help=f"the step ε (default {EPSILON:g})")
    parser.add_argument("--threshold", type=float, default=THRESHOLD,
                        help=f"the pass mark of the relative difference (default {THRESHOLD:g})")
    sample = parser.add_mutually_exclusive_group()
    sample.add_argument("--max-elements", type=int, default=MAX_ELEMENTS, metavar="K",
                        help=f"check a seeded sample of K elements of larger gradients (default {MAX_ELEMENTS})")
    sample.add_argument("--all", action="store_true",
                        help="check every element of every gradient, however wide the layer (slow on wide layers)")
    parser.add_argument("--seed", type=int, default=0, help="the seed of that sample (default 0)")
    kind = parser.add_mutually_exclusive_group()
    kind.add_argument("--end-to-end-budget", type=int, default=END_TO_END_BUDGET, metavar="OPS",
                      help=f"the most arithmetic (estimated operations) the checks against J may take, from the top "
                           f"layer down; the layers below are checked locally (0: all but the output layer; default "
                           f"{END_TO_END_BUDGET:.0e}, a few tenths of a second)")
    kind.add_argument("--end-to-end", action="store_true",
                      help="check every layer against J end to end, however deep (time grows with the square "
                           "of the depth)")
    parser.add_argument("--data", metavar="DIR", help="where to look for the scenario's data files")
    parser.add_argument("--json", action="store_true", help="print the results as one JSON document")
    args = parser.parse_args(argv)

    scenario = load(args.scenario, args.data)
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
    if args.end_to_end_budget < 0:
        raise BadInput(f"--end-to-end-budget {args.end_to_end_budget}: must be 0 or more")
    session = Session(scenario)
    layers = [args.layer] if args.layer else list(range(1, scenario.L + 1))
    overflow = _overflow(session, args.iteration)
    if overflow:
        return _not_meaningful(scenario.name, args.iteration, overflow, args.json)
    progress = Progress(sys.stderr) if sys.stderr.isatty() else None
    try:
        results = gradcheck_layers(session, args.iteration, layers, epsilon=args.epsilon, threshold=args.threshold,
                                   max_elements=None if args.all else args.max_elements, seed=args.seed,
                                   progress=progress,
                                   end_to_end_budget=None if args.end_to_end else args.end_to_end_budget)
    finally:
        if progress is not None:
            progress.clear()
    kinds, look = overview(results), where_to_look(results)
    if kinds:
        why = ("--end-to-end-budget 0 asks for local checks below the output layer" if args.end_to_end_budget == 0 else
               f"checking a layer against J costs a pass through every layer above it, so checking them all costs "
               f"time growing with the square of the depth: only the layers checked against J fitted the budget of "
               f"{args.end_to_end_budget:.1e} operations; --end-to-end checks every layer that way anyway")
        kinds = f"{kinds}; {why}"
    failed = sum(not result.ok for result in results)
    total = (f"{scenario.name}, iteration {args.iteration}: "
             + (f"{failed} of {len(layers)} layers FAILED" if failed
                else f"all {len(layers)} layers ok" if len(layers) > 1 else f"layer {layers[0]} ok"))
    if args.json:
        print(json.dumps({"scenario": scenario.name, "iteration": args.iteration, "ok": not failed, "meaningful": True,
                          "layers": [result.record() for result in results], "kinds": kinds,
                          "where_to_look": look, "summary": total}, indent=1, ensure_ascii=False))
        return 1 if failed else 0
    for result in results:
        print(result.summary())
    for line in (kinds, look, total):
        if line:
            print(line)
    return 1 if failed else 0


def _overflow(session, iteration: int) -> str | None:
    """Where the iteration's own numbers are not finite (a training that overflowed), or ``None``."""
    from dnnstep.engine.conditions import NanOrInf

    return next(filter(None, (NanOrInf()(step) for step in session.steps(iteration))), None)


def _not_meaningful(name: str, iteration: int, overflow: str, as_json: bool) -> int:
    """Status 1 and why: finite differences of a J that is inf or NaN say nothing of backprop."""
    why = (f"{name}, iteration {iteration}: the gradient check is not meaningful here: the training overflows "
           f"({overflow.rstrip('.')}), and differences of a cost that is inf or NaN say nothing of the gradients; "
           f"check an earlier iteration (--iteration), or a smaller learning rate or initial scale")
    if as_json:
        print(json.dumps({"scenario": name, "iteration": iteration, "ok": False, "meaningful": False,
                          "layers": [], "summary": why}, indent=1, ensure_ascii=False))
    else:
        print(why)
    return 1


class Progress:
    """``gradcheck: 42% (1,234 of 2,900 layer passes)`` on one line of a terminal, now and then.

    Shown only after ``delay`` seconds (a quick check prints nothing) and redrawn at most
    every ``every`` seconds; ``clear()`` wipes it before the results are printed.
    """

    def __init__(self, stream, *, delay: float = 0.5, every: float = 0.2):
        self.stream = stream
        self.start = time.monotonic()
        self.delay, self.every = delay, every
        self.last = 0.0
        self.shown = False

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if now - self.start < self.delay or now - self.last < self.every or not total:
            return
        self.last = now
        self.shown = True
        self.stream.write(f"\rgradcheck: {100 * done // total}% ({done:,} of {total:,} layer passes)\x1b[K")
        self.stream.flush()

    def clear(self) -> None:
        if self.shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()

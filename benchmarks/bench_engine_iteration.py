"""One traced iteration of ``cat_size`` against a bare numpy iteration of the same formulas.

Target (issue 2): traced / bare <= 1.15. Both run in this process, interleaved, on the
same parameters and data, so machine noise hits both alike.

    python benchmarks/bench_engine_iteration.py [--runs N] [--scenario NAME]
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import bare_iteration, check_bare_activations, describe, interleaved, quick  # noqa: E402

from dnnstep import load_scenario  # noqa: E402
from dnnstep.engine.trace import trace_iteration  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=quick(30, 2))
    parser.add_argument("--scenario", default="cat_size")
    args = parser.parse_args()
    if args.runs < 1:
        print(f"--runs must be at least 1, not {args.runs}", file=sys.stderr)
        return 2
    try:
        s = load_scenario(args.scenario)
        check_bare_activations(s.activations)
    except ValueError as error:
        print(error, file=sys.stderr)
        return 2
    parameters = dict(s.parameters)

    traced_steps, traced_next = trace_iteration(0, parameters, s.X, s.Y, s.activations, s.learning_rate)
    bare_cost, bare_next = bare_iteration(parameters, s.X, s.Y, s.activations, s.learning_rate)
    assert traced_steps[s.L].cost == bare_cost, "the traced and bare iterations disagree"
    assert all((traced_next[k] == bare_next[k]).all() for k in bare_next)

    times = interleaved(
        args.runs,
        bare=lambda: bare_iteration(parameters, s.X, s.Y, s.activations, s.learning_rate),
        traced=lambda: trace_iteration(0, parameters, s.X, s.Y, s.activations, s.learning_rate),
        # dA[0] is computed when first read; a learner looking at backward 1 pays for it:
        traced_all=lambda: trace_iteration(0, parameters, s.X, s.Y, s.activations, s.learning_rate)[0][2 * s.L]["dA_prev"],
    )
    ratio = statistics.median(times["traced"]) / statistics.median(times["bare"])
    print(f"scenario {s.name}: n = {list(s.layer_dims)}, m = {s.m}, {len(traced_steps)} steps per iteration")
    print(f"bare numpy iteration : {describe(times['bare'])}")
    print(f"traced iteration     : {describe(times['traced'])}")
    print(f"traced, dA[0] read   : {describe(times['traced_all'])}")
    print(f"ratio traced / bare  : {ratio:.3f}   (target <= 1.15)   {'OK' if ratio <= 1.15 else 'OVER TARGET'}")
    ratio_all = statistics.median(times["traced_all"]) / statistics.median(times["bare"])
    print(f"ratio, dA[0] read    : {ratio_all:.3f}   (the same work as the bare iteration)   "
          f"{'OK' if ratio_all <= 1.15 else 'OVER TARGET'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Peak memory of a long ``cat_size`` session after visiting steps spread over the whole run.

Target (issue 2): under 10 times the memory of the scenario's data and parameters.
Memory is counted with tracemalloc (numpy reports its array buffers to it), from just
before the Session is created, so the figure is what the Session itself holds at its peak.

    python benchmarks/bench_session_memory.py [--iterations N] [--visits K]
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import time
import tracemalloc


from _common import quick
from dnnstep import Session, load_scenario


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenario", default="cat_size")
    parser.add_argument("--iterations", type=int, default=quick(2500, 20))
    parser.add_argument("--visits", type=int, default=quick(25, 2), help="iterations visited, spread over the run (at least 2)")
    args = parser.parse_args()
    for option, least in (("iterations", 1), ("visits", 2)):
        if getattr(args, option) < least:
            print(f"--{option} must be at least {least}, not {getattr(args, option)}", file=sys.stderr)
            return 2
    try:
        scenario = dataclasses.replace(load_scenario(args.scenario), num_iterations=args.iterations)
    except ValueError as error:
        print(error, file=sys.stderr)
        return 2
    data = scenario.data_nbytes()
    spread = [round(i * (args.iterations - 1) / (args.visits - 1)) for i in range(args.visits)]
    back = spread[::-1][1::3]  # after going out to the end, back to some earlier ones

    tracemalloc.start()
    baseline = tracemalloc.get_traced_memory()[0]
    start = time.perf_counter()
    session = Session(scenario)
    for iteration in spread + back:
        session.goto(iteration, phase="backward", layer=1)
        session.back()
        session.next()
    elapsed = time.perf_counter() - start
    current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    held, peak = current - baseline, peak - baseline

    mib = 2**20
    print(f"scenario {scenario.name}: n = {list(scenario.layer_dims)}, m = {scenario.m}, {args.iterations} iterations")
    print(f"data + parameters      : {data / mib:8.1f} MiB")
    print(f"keyframe every         : {session.keyframe_every} iterations")
    print(f"visited                : {len(spread)} + {len(back)} iterations in {elapsed:.1f} s")
    print(f"session holds at end   : {held / mib:8.1f} MiB  ({held / data:.2f} x data)")
    print(f"session peak           : {peak / mib:8.1f} MiB  ({peak / data:.2f} x data)   (target < 10 x)   "
          f"{'OK' if peak < 10 * data else 'OVER TARGET'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Peak memory of a long ``cat_size`` session after visiting steps spread over the whole run.

Target (issue 2): under 10 times the memory of the scenario's data and parameters.
Memory is counted with tracemalloc (numpy reports its array buffers to it), from just
before the Session is created, so the figure is what the Session itself holds at its peak.

    python benchmarks/bench_session_memory.py [--iterations N] [--visits K]
"""

from __future__ import annotations

import argparse
import dataclasses
import time
import tracemalloc

from dnnstep import Session, load_scenario


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenario", default="cat_size")
    parser.add_argument("--iterations", type=int, default=2500)
    parser.add_argument("--visits", type=int, default=25, help="iterations visited, spread over the run")
    args = parser.parse_args()
    scenario = dataclasses.replace(load_scenario(args.scenario), num_iterations=args.iterations)
    data = scenario.data_nbytes()

    tracemalloc.start()
    baseline = tracemalloc.get_traced_memory()[0]
    start = time.perf_counter()
    session = Session(scenario)
    spread = [round(i * (args.iterations - 1) / (args.visits - 1)) for i in range(args.visits)]
    for iteration in spread + spread[::-1][1:: 3]:  # out to the end, then back to earlier ones
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
    print(f"visited                : {len(spread)} + {len(spread[::-1][1::3])} iterations in {elapsed:.1f} s")
    print(f"session holds at end   : {held / mib:8.1f} MiB  ({held / data:.2f} x data)")
    print(f"session peak           : {peak / mib:8.1f} MiB  ({peak / data:.2f} x data)   (target < 10 x)   "
          f"{'OK' if peak < 10 * data else 'OVER TARGET'}")


if __name__ == "__main__":
    main()

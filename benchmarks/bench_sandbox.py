"""What confining the homework costs: starting its process and loading it, under each confinement.

For each confinement this system has (``namespaces``, ``landlock``) and for none at all, in the same
process and interleaved (so that other work on the machine weighs on each alike), ``--runs`` times:
start the homework's process for ``tests/homework/fixtures/correct.py`` and load it (Python, numpy,
the worker, the confinement, the homework), then one call of ``linear_backward`` with the reference's
``linear_forward`` standing in (a throwaway fork of the process), then stop it. Printed: the median
of each, and its ratio to the unconfined run's.

    python benchmarks/bench_sandbox.py [--runs N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from dnnstep.homework.reading.source import load_homework  # noqa: E402
from dnnstep.homework.running import confinement  # noqa: E402
from dnnstep.homework.running.process import HomeworkProcess  # noqa: E402


def once(homework, how: str) -> tuple[float, float, float]:
    """Seconds to start and load, to call plainly, and to call with a stand-in (in a fork)."""
    dZ, A_prev, W, b = np.ones((3, 4)), np.ones((5, 4)), np.ones((3, 5)), np.zeros((3, 1))
    started = time.perf_counter()
    process = HomeworkProcess(homework, isolate=how if how != "none" else False)
    try:
        loaded = process.start()
        ready = time.perf_counter()
        assert loaded.ok and process.isolation.split(" ")[0] == how, (loaded.message, process.isolation)
        plain = process.call("linear_backward", (dZ, (A_prev, W, b)))
        called = time.perf_counter()
        forked = process.call("linear_activation_backward", (dZ, ((A_prev, W, b), dZ), "relu"),
                              substitute=("linear_backward",))
        done = time.perf_counter()
        assert plain.ok and forked.ok, (plain.message, forked.message)
    finally:
        process.close()
    return ready - started, called - ready, done - called


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    best, _ = confinement.available()
    ways = [*confinement.MECHANISMS[confinement.MECHANISMS.index(best):-1], "none"]
    homework = load_homework(ROOT / "tests" / "homework" / "fixtures" / "correct.py")
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}  ({os.cpu_count()} cores)")
    times = {how: [] for how in ways}
    for _ in range(args.runs):
        for how in ways:
            times[how].append(once(homework, how))
    base = [statistics.median(t[i] for t in times["none"]) for i in range(3)]
    print(f"correct.py, {args.runs} runs each, interleaved; median seconds (ratio to no confinement):")
    for how in ways:
        medians = [statistics.median(t[i] for t in times[how]) for i in range(3)]
        cells = "   ".join(f"{label} {m:6.3f} ({m / b:4.2f}x)" for label, m, b in
                           zip(("start and load", "a call", "a call in a fork"), medians, base))
        print(f"  {how:<10} {cells}")
    print(f"load average after:  {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()

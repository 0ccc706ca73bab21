"""Start-up time of the debugger: from launching Python to the first painted frame.

What is measured: the parent starts a fresh interpreter that imports dnnstep, loads the
scenario, builds the Session, composes the app and paints it; the child reports the
moment the compositor hands its first frame to the driver (we wrap ``App._display``),
then the first frame with the cursor's iteration on screen, and exits. The app runs
headless (no terminal to write to), so the first figure is Python start-up + imports +
scenario + Session + first layout and paint. A Session computes nothing until a step is
asked for; for a small network the app computes iteration 0 before its first frame (the
two figures are the same frame), for a big one (cat_size) in a worker after it, the
panes saying so meanwhile: the second figure is when the values are on screen.
A bare ``python -c pass`` in the same run is printed as the baseline of the machine.
Wall time is what a user waits; the child's CPU time up to that frame
(``time.process_time``) is the work itself, which other processes on a busy machine
do not inflate.

Target (issue 3): at most 0.6 s to the first frame.

    python benchmarks/bench_app_startup.py [--repeat N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time

from _common import quick

CHILD = r"""
import sys, time

from dnnstep.app import DnnStepApp
from dnnstep.engine import Session
from dnnstep.scenario import load_scenario

app = DnnStepApp(Session(load_scenario(sys.argv[1])))
original = app._display

first = []

def display(screen, renderable):
    if renderable is not None:
        if not first:
            first.append((time.time(), time.process_time()))
        if app.loaded and app.busy is None:
            print(*first[0], time.time(), time.process_time(), flush=True)
            app.exit()
    return original(screen, renderable)

app._display = display
app.run(headless=True, size=(160, 50))
"""


def launch(args: list[str]) -> tuple[float, float, float]:
    """Wall seconds from launch to the child's first frame and the child's CPU seconds by
    then, and wall seconds to the first frame with the iteration on screen."""
    start = time.time()
    done = subprocess.run([sys.executable, *args], capture_output=True, text=True, check=True)
    values = [float(x) for x in done.stdout.split()]
    if not values:  # the child painted nothing it could report: say why, not an IndexError
        raise SystemExit(f"the child reported no frame:\n{done.stderr[-2000:]}")
    if len(values) < 4:  # the baseline: one time only
        values += values
    end, cpu, ready = values[0], values[1], values[2]
    return end - start, cpu, ready - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=quick(5, 1))
    args = parser.parse_args()
    print(f"load average: {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")
    base = [launch(["-c", "import time; print(time.time(), time.process_time())"]) for _ in range(args.repeat)]
    print(f"{'python -c pass':<22} wall p50 {statistics.median(w for w, _, _ in base):.3f} s   "
          f"cpu p50 {statistics.median(c for _, c, _ in base):.3f} s")
    for name in ("five_layer", "cat_size"):
        runs = [launch(["-c", CHILD, name]) for _ in range(args.repeat)]
        wall = statistics.median(w for w, _, _ in runs)
        cpu = statistics.median(c for _, c, _ in runs)
        ready = statistics.median(r for _, _, r in runs)
        print(f"{name + ' first frame':<22} wall p50 {wall:.3f} s (max {max(w for w, _, _ in runs):.3f})   "
              f"cpu p50 {cpu:.3f} s   target <= 0.6 s: wall {'met' if wall <= 0.6 else 'NOT met'}, "
              f"cpu {'met' if cpu <= 0.6 else 'NOT met'}")
        print(f"{name + ' values shown':<22} wall p50 {ready:.3f} s (max {max(r for _, _, r in runs):.3f})")
    print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()

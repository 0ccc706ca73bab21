"""Start-up time of the debugger: from launching Python to the first painted frame.

What is measured: the parent starts a fresh interpreter that imports dnnstep, loads the
scenario, builds the Session (which computes iteration 0), composes the app and paints
it; the child reports the moment the compositor hands its first frame to the driver
(we wrap ``App._display``) and exits. The app runs headless (no terminal to write to),
so the figure is Python start-up + imports + scenario + Session + first layout and paint.
A bare ``python -c pass`` in the same run is printed as the baseline of the machine.
Wall time is what a user waits; the child's CPU time up to that frame
(``time.process_time``) is the work itself, which other processes on a busy machine
do not inflate.

Target (issue 3): at most 0.6 s.

    python benchmarks/bench_app_startup.py [--repeat N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time

CHILD = r"""
import sys, time
from dnnstep.app import DnnStepApp
from dnnstep.engine import Session
from dnnstep.scenario import load_scenario

app = DnnStepApp(Session(load_scenario(sys.argv[1])))
original = app._display

def display(screen, renderable):
    if renderable is not None:
        print(time.time(), time.process_time(), flush=True)
        app.exit()
    return original(screen, renderable)

app._display = display
app.run(headless=True, size=(160, 50))
"""


def launch(args: list[str]) -> tuple[float, float]:
    """Wall seconds from launch to the child's report, and the child's CPU seconds by then."""
    start = time.time()
    out = subprocess.run([sys.executable, *args], capture_output=True, text=True, check=True).stdout
    end, cpu = (float(x) for x in out.split()[:2])
    return end - start, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    print(f"load average: {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")
    base = [launch(["-c", "import time; print(time.time(), time.process_time())"]) for _ in range(args.repeat)]
    print(f"{'python -c pass':<22} wall p50 {statistics.median(w for w, _ in base):.3f} s   "
          f"cpu p50 {statistics.median(c for _, c in base):.3f} s")
    for name in ("five_layer", "cat_size"):
        runs = [launch(["-c", CHILD, name]) for _ in range(args.repeat)]
        wall = statistics.median(w for w, _ in runs)
        cpu = statistics.median(c for _, c in runs)
        print(f"{name + ' first frame':<22} wall p50 {wall:.3f} s (max {max(w for w, _ in runs):.3f})   "
              f"cpu p50 {cpu:.3f} s   target <= 0.6 s: wall {'met' if wall <= 0.6 else 'NOT met'}, "
              f"cpu {'met' if cpu <= 0.6 else 'NOT met'}")
    print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()

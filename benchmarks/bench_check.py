"""The speed and memory of one ``dnnstep check``: a correct homework and a hanging one.

Issue 12's targets, each check in a fresh process (as a student runs ``dnnstep check``):

- a correct homework (``tests/homework/fixtures/correct.py``, every shipped scenario that
  loads): median wall time of ``check_homework`` <= 2 s, and peak memory <= 300 MB for
  dnnstep and the homework's process together (``ru_maxrss`` of the checking process plus the
  largest of its children, an upper bound on what they hold at once);
- a homework whose ``compute_cost`` loops forever (``fixtures/hang.py``): reported within its
  per-call timeout + 5 s, because a function that hung is not called again.

    python benchmarks/bench_check.py [--runs N] [--timeout SECONDS] [--data DIR] [--scenario NAME ...]

The figures: wall and CPU seconds of the check (dnnstep's process and the homework's), the
whole command's wall time including Python's start, and the peak resident memory of each.
The CPU seconds say what the machine did when other work shares its cores (the wall times
then grow; the load average is printed).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from _common import quick

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "homework" / "fixtures"

# Run in a fresh interpreter: imports, checks one file, prints its own figures as JSON.
_ONE = """
import json, resource, sys, time
started = time.perf_counter()

from dnnstep.homework import check_homework
imported = time.perf_counter()
path, timeout, data, scenarios = sys.argv[1], float(sys.argv[2]), sys.argv[3] or None, sys.argv[4:] or None
report = check_homework(path, scenario_names=scenarios, timeout=timeout, data_dir=data)
done = time.perf_counter()
me, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"ok": report.ok, "check": done - imported, "import": imported - started,
                  "cpu": me.ru_utime + me.ru_stime, "worker_cpu": children.ru_utime + children.ru_stime,
                  "rss": me.ru_maxrss / 1024, "worker_rss": children.ru_maxrss / 1024,
                  "scenarios": report.scenarios}))
"""


def check_once(path: Path, timeout: float, data: str | None, scenarios: list[str]) -> dict:
    """One check of ``path`` in a fresh process; its figures, and the whole command's wall time."""
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-c", _ONE, str(path), str(timeout), data or "", *scenarios],
                            capture_output=True, text=True, cwd=ROOT, check=False)
    wall = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"the check of {path.name} failed:\n{result.stderr[-2000:]}")
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    figures["command"] = wall
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=quick(5, 1), help="checks of the correct homework (default 5)")
    parser.add_argument("--timeout", type=float, default=quick(3.0, 1.0), help="per-call timeout for the hanging homework")
    parser.add_argument("--data", help="where the scenarios find the course's cat files (default: not searched)")
    parser.add_argument("--scenario", nargs="+", default=quick([], ["step_by_step"]), help="check on these scenarios only")
    parser.add_argument("--skip-hang", action="store_true", help="measure the correct homework only")
    args = parser.parse_args(argv)

    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}  ({os.cpu_count()} cores)")
    runs = [check_once(FIXTURES / "correct.py", 10.0, args.data, args.scenario) for _ in range(args.runs)]
    if not all(r["ok"] for r in runs):
        raise SystemExit("the correct homework was not found correct")
    print(f"correct.py on {len(runs[0]['scenarios'])} scenarios ({', '.join(runs[0]['scenarios'])}), "
          f"{len(runs)} runs:")
    med = {key: statistics.median(r[key] for r in runs) for key in ("check", "command", "cpu", "worker_cpu", "import")}
    rss, worker_rss = max(r["rss"] for r in runs), max(r["worker_rss"] for r in runs)
    each = ", ".join(f"{r['check']:.2f}" for r in runs)
    print(f"  check_homework wall  median {med['check']:6.2f} s   (runs: {each})   "
          f"target <= 2 s: {_verdict(med['check'] <= 2)}")
    print(f"  whole command wall   median {med['command']:6.2f} s   (import of dnnstep {med['import']:.2f} s)")
    print(f"  CPU                  dnnstep {med['cpu']:5.2f} s + homework's process {med['worker_cpu']:5.2f} s")
    print(f"  peak memory          dnnstep {rss:5.0f} MB + homework's process {worker_rss:5.0f} MB = "
          f"{rss + worker_rss:5.0f} MB   target <= 300 MB: {_verdict(rss + worker_rss <= 300)}")

    if not args.skip_hang:
        hang = check_once(FIXTURES / "hang.py", args.timeout, args.data, args.scenario)
        limit = args.timeout + 5
        print(f"hang.py (compute_cost loops forever), per-call timeout {args.timeout:g} s:")
        print(f"  check_homework wall  {hang['check']:6.2f} s   target <= {limit:g} s: {_verdict(hang['check'] <= limit)}")
    print(f"load average after:  {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 0


def _verdict(met: bool) -> str:
    return "met" if met else "NOT met"


if __name__ == "__main__":
    sys.exit(main())

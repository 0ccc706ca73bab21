"""The speed and memory of one ``dnnstep check`` of a correct Course 2 homework, each assignment.

Issue 24's target, as issue 12's for week 4: a correct file checked in at most 2 s (median wall
time of ``check_homework``, each check in a fresh process, as a student runs ``dnnstep check``). The
files are ``tests/homework/course2/fixtures/2021/<assignment>.py``: every function on its cases, and
every run of the notebook's model step by step.

    python benchmarks/bench_check_course2.py [--runs N]

The figures, per assignment: the check's median wall time, CPU seconds of dnnstep's process and the
homework's, the whole command's wall time including Python's start, and the peak resident memory of
each (the machine's load average is printed: other work on its cores makes the wall times grow).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_check import ROOT, check_once  # noqa: E402

FIXTURES = ROOT / "tests" / "homework" / "course2" / "fixtures" / "2021"
ASSIGNMENTS = ("initialization", "regularization", "gradient_checking", "optimization")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    print(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores; {args.runs} runs each")
    for assignment in ASSIGNMENTS:
        runs = [check_once(FIXTURES / f"{assignment}.py", 10.0, None, []) for _ in range(args.runs)]
        if not all(r["ok"] for r in runs):
            raise SystemExit(f"{assignment}: the correct homework did not pass")
        check = statistics.median(r["check"] for r in runs)
        print(f"{assignment:18s} check {check:.2f} s (median; {min(r['check'] for r in runs):.2f}-"
              f"{max(r['check'] for r in runs):.2f}), command {statistics.median(r['command'] for r in runs):.2f} s, "
              f"cpu {statistics.median(r['cpu'] for r in runs):.2f} + {statistics.median(r['worker_cpu'] for r in runs):.2f} s, "
              f"peak {max(r['rss'] for r in runs):.0f} + {max(r['worker_rss'] for r in runs):.0f} MB")


if __name__ == "__main__":
    main()

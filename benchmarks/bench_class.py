"""A whole class at once against the same files checked one by one, in the same run.

Issue 12's target: ``dnnstep check FOLDER`` takes at most 0.6x the summed time of
``dnnstep check FILE`` run on each of its files in turn (what a teacher's shell loop does).
The folder holds the homework fixtures of dnnstep's tests (a right one in .py and .ipynb,
an Application, and common mistakes). Each round checks the files one by one, then the
folder; the rounds alternate so machine noise hits both alike.

    python benchmarks/bench_class.py [--rounds R] [--jobs N] [--scenario NAME ...] [--files N]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import quick

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "homework" / "fixtures"
CLASS = ("correct.py", "correct.ipynb", "app_correct.py", "missing_1_over_m.py", "db_wrong_axis.ipynb",
         "dW_transposed.py", "relu_mask_on_dA.py", "dAL_sign.py", "cache_order.ipynb", "extra_keys.py")


def dnnstep_check(*args: str) -> tuple[float, int]:
    """Run ``dnnstep check ARGS``; its wall time and exit status."""
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "dnnstep", "check", *args], capture_output=True, text=True,
                            cwd=ROOT, check=False)
    if result.returncode == 2:
        raise SystemExit(f"dnnstep check {' '.join(args)} failed:\n{result.stderr[-2000:]}")
    return time.perf_counter() - started, result.returncode


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=quick(2, 1))
    parser.add_argument("--jobs", type=int, default=0, help="-j for the folder (default: every core)")
    parser.add_argument("--scenario", nargs="+", default=quick([], ["step_by_step"]), help="check on these scenarios only (default: all)")
    parser.add_argument("--files", type=int, default=quick(len(CLASS), 2), help=f"how many of the {len(CLASS)} files")
    args = parser.parse_args(argv)
    options = ["--scenario", *args.scenario] if args.scenario else []
    with tempfile.TemporaryDirectory(prefix="dnnstep-bench-class-") as folder:
        files = []
        for name in CLASS[:args.files]:
            shutil.copy(FIXTURES / name, Path(folder) / name)
            files.append(str(Path(folder) / name))
        print(f"{len(files)} files, {os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f}, "
              f"scenarios: {', '.join(args.scenario) or 'every shipped one'}")
        ratios = []
        for round_ in range(1, args.rounds + 1):
            singles = [dnnstep_check(f, *options) for f in files]
            summed = sum(seconds for seconds, _ in singles)
            jobs = ["-j", str(args.jobs)] if args.jobs else []
            whole, status = dnnstep_check(folder, *options, *jobs)
            wanted = 0 if all(code == 0 for _, code in singles) else 1
            if status != wanted:
                raise SystemExit(f"the folder exited {status}, its files one by one say {wanted}")
            ratios.append(whole / summed)
            print(f"round {round_}: one by one {summed:6.2f} s (slowest file {max(s for s, _ in singles):.2f} s), "
                  f"the folder {whole:6.2f} s: ratio {whole / summed:.2f}")
        ratio = statistics.median(ratios)
        print(f"folder / one by one: median ratio {ratio:.2f}   target <= 0.6: {'met' if ratio <= 0.6 else 'NOT met'}"
              f"   (load average {os.getloadavg()[0]:.2f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())

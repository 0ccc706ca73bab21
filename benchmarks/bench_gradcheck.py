"""``dnnstep gradcheck`` of every layer: seconds against depth and against width.

Deep nets: n = [2, 4, 4, ..., 4, 1] (depth hidden layers of 4 relu units, m = 100 blobs);
a wide net: n = [2, 100000, 1]. Each check is the whole gradient check of every layer at
iteration 0 with the default sample (at most 1000 elements per gradient), the best of
``--repeat`` runs after a warm-up, timed three ways:

- ``default``: as the command runs it, the course's check of J end to end from the top layer
  down within ``END_TO_END_BUDGET``, every layer below checked locally;
- ``local``: every layer checked locally (``--end-to-end-budget 0``);
- ``end to end``: every layer against J (``--end-to-end``), only with ``--every-layer-end-to-end``
  (quadratic in depth: 1000 layers take about a minute and a half).

A cost linear in depth shows as a ratio near 2 per doubling of the depth; a quadratic one
near 4 (the default's fixed end-to-end part makes its ratio smaller than 2 at first). The
baseline is one traced iteration of the same net, in this process. The load average is
printed with each row, and CPU seconds beside wall seconds: on a shared machine the CPU
time (of this process, all its threads) is the steadier of the two.

``--implementation REV`` also times the ``gradcheck_all`` of an older version of the checker
(``dnnstep/engine/gradcheck.py`` and the ``secant.py`` it imports, as git holds them at REV),
alternating with this one on each net, so that the speed-up is measured under the same load.

    python benchmarks/bench_gradcheck.py [--depths 125,250,500,1000] [--width 100000]
                                         [--depth-only | --width-only] [--every-layer-end-to-end]
                                         [--implementation REV]
"""

from __future__ import annotations

import argparse
import functools
import importlib.util
import math
import os
import subprocess
import sys
import tempfile
import time


from _common import quick
from dnnstep.engine import Session
from dnnstep.engine.gradcheck import gradcheck_all
from dnnstep.scenario import make_scenario


def load_other(revision: str):
    """``gradcheck_all`` of ``dnnstep/engine/gradcheck.py`` at ``revision``, importing the secant.py
    of the same revision (while it loads, it stands in for ``dnnstep.engine.secant``)."""
    folder = tempfile.mkdtemp(prefix="gradcheck-")
    modules = {}
    for name in ("secant", "gradcheck"):
        path = os.path.join(folder, f"{name}.py")
        with open(path, "w") as file:
            file.write(subprocess.run(["git", "show", f"{revision}:dnnstep/engine/{name}.py"], check=True,
                                      capture_output=True, text=True).stdout)
        spec = importlib.util.spec_from_file_location(f"{name}_under_test", path)
        modules[name] = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = modules[name]  # dataclasses look their module up
        ours = sys.modules["dnnstep.engine.secant"]
        sys.modules["dnnstep.engine.secant"] = modules.get("secant", ours) if name == "gradcheck" else ours
        try:
            spec.loader.exec_module(modules[name])
        finally:
            sys.modules["dnnstep.engine.secant"] = ours
    return modules["gradcheck"].gradcheck_all


def timed(session, check, repeat: int) -> tuple[float, float, bool]:
    """The best wall and CPU seconds of ``repeat`` runs (of one run when it takes over 10 s),
    and whether all were ok. CPU time is what other processes on a shared machine disturb least."""
    wall, cpu, ok = math.inf, math.inf, True
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        results = check(session, 0)
        wall, cpu = min(wall, time.perf_counter() - start), min(cpu, time.process_time() - start_cpu)
        ok = ok and all(r.ok for r in results)
        if wall > 10:
            break
    return wall, cpu, ok


def measure(label: str, dims: list[int], checks: dict, repeat: int) -> dict[str, tuple[float, float]]:
    """Print one row; returns the wall and CPU seconds of each of ``checks``."""
    session = Session(make_scenario(dims, seed=3, num_iterations=1))
    start = time.perf_counter()
    session.steps(0)
    traced = time.perf_counter() - start
    row = f"{label:<22} traced iteration {traced:6.3f} s"
    seconds = {}
    for name, check in checks.items():
        wall, cpu, ok = timed(session, check, repeat)
        seconds[name] = wall, cpu
        row += f"   {name} {wall:6.2f} s (cpu {cpu:5.2f}){'' if ok else ' NOT OK'}"
    print(f"{row}   (load {os.getloadavg()[0]:.2f})", flush=True)
    return seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--depths", default=quick("125,250,500,1000", "4,8"), help="comma-separated numbers of hidden layers")
    parser.add_argument("--width", type=int, default=quick(100_000, 1000), help="the hidden layer of the wide net")
    only = parser.add_mutually_exclusive_group()
    only.add_argument("--width-only", action="store_true")
    only.add_argument("--depth-only", action="store_true")
    parser.add_argument("--every-layer-end-to-end", action="store_true",
                        help="also time the course's check of J for every layer (quadratic in depth)")
    parser.add_argument("--repeat", type=int, default=quick(3, 1), help="runs of each check, the best counts (default 3)")
    parser.add_argument("--implementation", metavar="REV", help="also time the gradcheck_all of this git revision")
    args = parser.parse_args()
    checks = {"default": gradcheck_all, "local": functools.partial(gradcheck_all, end_to_end_budget=0)}
    if args.every_layer_end_to_end:
        checks["end to end"] = functools.partial(gradcheck_all, end_to_end_budget=None)
    if args.implementation:
        checks["other"] = load_other(args.implementation)
    warm = Session(make_scenario([2, 4, 4, 1], seed=3, num_iterations=1))
    for check in checks.values():  # the first call of each pays for imports and numpy's first calls
        check(warm, 0)
    print(f"{os.cpu_count()} cores; load average {' '.join(f'{x:.2f}' for x in os.getloadavg())} at the start")
    if not args.width_only:
        rows = []
        for depth in (int(d) for d in args.depths.split(",") if d.strip()):
            rows.append((depth, measure(f"depth {depth} (width 4)", [2] + [4] * depth + [1], checks, args.repeat)))
        for (d1, t1), (d2, t2) in zip(rows, rows[1:]):
            doubling = math.log(2) / math.log(d2 / d1)
            ratios = ", ".join(f"{name} x{(t2[name][0] / t1[name][0]) ** doubling:.2f} "
                               f"(cpu x{(t2[name][1] / t1[name][1]) ** doubling:.2f})" for name in checks)
            print(f"depth {d1} -> {d2}, per doubling: {ratios}   (linear: 2, quadratic: 4)")
    if not args.depth_only:
        measure(f"n = [2, {args.width}, 1]", [2, args.width, 1], checks, args.repeat)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""``dnnstep gradcheck`` of every layer: seconds against depth and against width.

Deep nets: n = [2, 4, 4, ..., 4, 1] (depth hidden layers of 4 relu units, m = 100 blobs);
a wide net: n = [2, 100000, 1]. Each check is the whole gradient check of every layer at
iteration 0 with the default sample (at most 1000 elements per gradient), as the command
runs it. A cost linear in depth shows as a ratio near 2 per doubling of the depth; a
quadratic one near 4. The baseline is one traced iteration of the same net, in this process.

``--implementation FILE`` also times the ``gradcheck_all`` of another copy of the module
(an older version: ``git show REV:dnnstep/engine/gradcheck.py > old.py``), alternating with
this one on each net, so that the speed-up is measured under the same machine load.

    python benchmarks/bench_gradcheck.py [--depths 100,300,1000] [--width 100000]
                                         [--depth-only | --width-only] [--implementation FILE]
"""

from __future__ import annotations

import argparse
import importlib.util
import math
import sys
import time

from dnnstep.engine import Session
from dnnstep.engine.gradcheck import gradcheck_all
from dnnstep.scenario import make_scenario


def load_other(path: str):
    spec = importlib.util.spec_from_file_location("gradcheck_under_test", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module.gradcheck_all


def timed(session, check) -> tuple[float, bool]:
    start = time.perf_counter()
    results = check(session, 0)
    return time.perf_counter() - start, all(r.ok for r in results)


def measure(label: str, dims: list[int], other) -> tuple[float, float | None]:
    """Print one row; returns (seconds of this implementation, of the other or None)."""
    session = Session(make_scenario(dims, seed=3, num_iterations=1))
    start = time.perf_counter()
    session.steps(0)
    traced = time.perf_counter() - start
    seconds, ok = timed(session, gradcheck_all)
    row = f"{label:<22} traced iteration {traced:7.3f} s   gradcheck {seconds:8.2f} s ({seconds / traced:6.0f} x)  ok {ok}"
    before = None
    if other is not None:
        before, ok_before = timed(session, other)
        row += f"   other {before:8.2f} s  ok {ok_before}   speed-up x{before / seconds:.1f}"
    print(row, flush=True)
    return seconds, before


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--depths", default="100,300,1000", help="comma-separated numbers of hidden layers")
    parser.add_argument("--width", type=int, default=100_000, help="the hidden layer of the wide net")
    only = parser.add_mutually_exclusive_group()
    only.add_argument("--width-only", action="store_true")
    only.add_argument("--depth-only", action="store_true")
    parser.add_argument("--implementation", metavar="FILE", help="also time the gradcheck_all of this file")
    args = parser.parse_args()
    other = load_other(args.implementation) if args.implementation else None
    if not args.width_only:
        rows = []
        for depth in (int(d) for d in args.depths.split(",") if d.strip()):
            rows.append((depth, *measure(f"depth {depth} (width 4)", [2] + [4] * depth + [1], other)))
        for (d1, t1, b1), (d2, t2, b2) in zip(rows, rows[1:]):
            doubling = math.log(2) / math.log(d2 / d1)
            line = f"depth {d1} -> {d2}: x{t2 / t1:.2f}, x{(t2 / t1) ** doubling:.2f} per doubling"
            if b1 is not None:
                line += f" (other: x{(b2 / b1) ** doubling:.2f} per doubling)"
            print(line + "   (linear: 2, quadratic: 4)")
    if not args.depth_only:
        measure(f"n = [2, {args.width}, 1]", [2, args.width, 1], other)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

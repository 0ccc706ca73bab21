"""The whole training run of ``cat`` through the Session, against a bare numpy loop.

Issue 6's speed targets, measured in one process:

- the time of the whole run (2,500 iterations of the course's cat classifier) through the
  engine's Session, against a bare numpy loop of the same course expressions; target
  Session / bare <= 1.15. Both must end on the same cost, to the last bit.
- stepping back to an earlier step after the run: ``Session.back()`` across an iteration
  boundary, and ``goto`` an arbitrary earlier step; p50 and p95 against the debugger's
  latency targets (16 ms on ``five_layer``, 33 ms on a cat-sized network).

    python benchmarks/bench_cat_run.py [--data DIR] [--scenario NAME] [--iterations N] [--repeat R] [--samples S]

``--threads 1`` pins the BLAS to one thread: on a machine whose cores are busy with other
work, OpenBLAS's spinning threads make every figure many times slower and noisier.
``--data`` defaults to ``<repo>/../shared/datasets``. Without the course's files (or
without h5py) the script says so and measures ``cat_size`` (same shapes, synthetic data).
The run timings are interleaved (bare, Session goto, Session run_until, repeated), so
machine noise hits all alike; the figures are the fastest of the repeats.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import sys
import time
from pathlib import Path


def _threads_from_argv(argv: list[str]) -> str | None:
    """The value of ``--threads`` (read before numpy is imported, which fixes the BLAS threads)."""
    for i, arg in enumerate(argv):
        if arg == "--threads" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--threads="):
            return arg.split("=", 1)[1]
    return None


if (_threads := _threads_from_argv(sys.argv[1:])) is not None:
    for _variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[_variable] = _threads

import numpy as np  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import bare_iteration  # noqa: E402

from dnnstep import Session, load_scenario  # noqa: E402
from dnnstep.engine.predict import accuracy  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
DEFAULT_DATA = REPO.parent / "shared" / "datasets"
RUN_TARGET = 1.15
LATENCY_TARGETS_MS = {"five_layer": 16.0, "cat-sized": 33.0}


def load(name: str, data_dir: Path, iterations: int | None):
    """The ``cat`` scenario on the course's files, or ``cat_size`` with a note why not."""
    try:
        scenario = load_scenario(name, data_dir=data_dir)
    except (ValueError, OSError) as error:
        print(f"note: the course's cat data is not available, so this measures cat_size instead:\n  {error}")
        scenario = load_scenario("cat_size")
    if iterations is not None:
        scenario = dataclasses.replace(scenario, num_iterations=iterations)
    return scenario


def bare_run(scenario) -> list[float]:
    """Train with a bare numpy loop of the course's expressions; return every cost."""
    parameters = dict(scenario.parameters)
    costs = []
    for _ in range(scenario.num_iterations):
        cost, parameters = bare_iteration(parameters, scenario.X, scenario.Y, scenario.activations,
                                          scenario.learning_rate)
        costs.append(cost)
    return costs


def session_goto_end(scenario) -> Session:
    """A new Session, moved to the last step of the last iteration with ``goto``."""
    session = Session(scenario)
    session.goto(session.num_iterations - 1, index=session.steps_per_iteration - 1)
    return session


def session_run_until_end(scenario) -> Session:
    """A new Session, run with ``run_until`` a condition that never holds (the app's run-until path)."""
    session = Session(scenario)
    session.run_until(lambda step: False)
    return session


def percentiles(seconds: list[float]) -> tuple[float, float]:
    """p50 and p95 in milliseconds."""
    values = np.array(seconds) * 1e3
    return float(np.percentile(values, 50)), float(np.percentile(values, 95))


def latency_line(name: str, seconds: list[float], target_ms: float) -> str:
    p50, p95 = percentiles(seconds)
    verdict = "OK" if p95 <= target_ms else "OVER TARGET"
    return (f"{name:<34} p50 {p50:8.2f} ms   p95 {p95:8.2f} ms   max {max(seconds) * 1e3:8.2f} ms"
            f"   (n={len(seconds)}; target p95 <= {target_ms:.0f} ms: {verdict})")


def measure_latency(session: Session, samples: int, seed: int = 0) -> dict[str, list[float]]:
    """Time the moves a learner makes after the run: back across a boundary, goto back far."""
    rng = np.random.default_rng(seed)
    last = session.num_iterations - 1
    times: dict[str, list[float]] = {"back() within an iteration": [],
                                     "back() across an iteration": [],
                                     "goto an earlier step": []}
    # back() from the very end, step by step, through a few iterations: what holding "p" does.
    session.goto(last, index=session.steps_per_iteration - 1)
    for _ in range(min(samples, last) * session.steps_per_iteration):
        crossing = session.position[1] == 0
        start = time.perf_counter()
        session.back()
        elapsed = time.perf_counter() - start
        times["back() across an iteration" if crossing else "back() within an iteration"].append(elapsed)
        if session.at_start:
            break
    # back() across a boundary from arbitrary places (the start of a random iteration).
    for _ in range(samples):
        if last < 1:
            break
        session.goto(int(rng.integers(1, last + 1)), index=0)
        start = time.perf_counter()
        session.back()
        times["back() across an iteration"].append(time.perf_counter() - start)
    # goto an arbitrary earlier step, from where the previous goto left the cursor.
    session.goto(last, index=session.steps_per_iteration - 1)
    for _ in range(samples):
        iteration = int(rng.integers(0, session.position[0] + 1))
        index = int(rng.integers(0, session.steps_per_iteration))
        start = time.perf_counter()
        session.goto(iteration, index=index)
        times["goto an earlier step"].append(time.perf_counter() - start)
        if rng.random() < 0.5:  # sometimes come back to the end, as a learner jumping around would
            session.goto(last, index=session.steps_per_iteration - 1)
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA,
                        help="folder holding train_catvnoncat.h5 and test_catvnoncat.h5")
    parser.add_argument("--scenario", default="cat", help="the scenario to run (default: cat)")
    parser.add_argument("--iterations", type=int, default=None,
                        help="train this many iterations instead of the scenario's (2,500)")
    parser.add_argument("--repeat", type=int, default=1, help="repeat the timed runs, interleaved")
    parser.add_argument("--threads", type=int, default=None,
                        help="BLAS threads (sets OPENBLAS_NUM_THREADS etc.; 1 gives steadier figures on a busy machine)")
    parser.add_argument("--samples", type=int, default=40, help="samples of each latency")
    args = parser.parse_args(argv)
    if args.iterations is not None and args.iterations < 1:
        print("--iterations must be at least 1", file=sys.stderr)
        return 2

    scenario = load(args.scenario, args.data, args.iterations)
    N = scenario.num_iterations
    print(f"scenario {scenario.name}: n = {list(scenario.layer_dims)}, m = {scenario.m}, "
          f"{N} iterations, learning rate {scenario.learning_rate}")
    print(f"BLAS threads: OPENBLAS_NUM_THREADS={os.environ.get('OPENBLAS_NUM_THREADS', 'unset')}, "
          f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}")

    times: dict[str, list[float]] = {"bare": [], "goto": [], "run_until": []}
    bare_costs: list[float] = []
    session: Session | None = None
    for _ in range(max(1, args.repeat)):
        start = time.perf_counter()
        bare_costs = bare_run(scenario)
        times["bare"].append(time.perf_counter() - start)
        start = time.perf_counter()
        session = session_goto_end(scenario)
        times["goto"].append(time.perf_counter() - start)
        start = time.perf_counter()
        session_run_until_end(scenario)
        times["run_until"].append(time.perf_counter() - start)
    assert session is not None

    bare, goto, run_until = (min(times[k]) for k in ("bare", "goto", "run_until"))
    session_costs = session.cost_history
    equal = len(session_costs) == len(bare_costs) and bool(np.array_equal(session_costs, bare_costs))
    print(f"bare numpy loop           : {bare:8.2f} s   ({bare / N * 1e3:.2f} ms per iteration)")
    for name, seconds in (("Session goto(end)", goto), ("Session run_until(never)", run_until)):
        ratio = seconds / bare
        print(f"{name:<26}: {seconds:8.2f} s   ({seconds / N * 1e3:.2f} ms per iteration)   "
              f"ratio {ratio:.3f} (target <= {RUN_TARGET}: {'OK' if ratio <= RUN_TARGET else 'OVER TARGET'})")
    print(f"final cost, bare          : {bare_costs[-1]:.15f}")
    print(f"final cost, Session       : {session_costs[-1]:.15f}")
    print(f"every cost equal          : {'yes' if equal else 'NO: the Session and the bare loop disagree'}")
    train, test = accuracy(session, N)
    print(f"accuracy after {N} iterations: train {train!r}, test {test!r}")
    print(f"Session keeps a parameter keyframe every {session.keyframe_every} iterations")

    latency = measure_latency(session, args.samples)
    target = LATENCY_TARGETS_MS["cat-sized"] if scenario.layer_dims[0] > 1000 else LATENCY_TARGETS_MS["five_layer"]
    print(f"stepping back after the run (target: p95 <= {target:.0f} ms for this network; "
          f"16 ms on five_layer, 33 ms on cat-sized nets):")
    for name, seconds in latency.items():
        if seconds:
            print("  " + latency_line(name, seconds, target))
    return 0 if equal else 1


if __name__ == "__main__":
    sys.exit(main())

"""The whole training run of ``cat`` through the Session, against a bare numpy loop.

Issue 6's speed targets, measured in one process:

- the time of the whole run (2,500 iterations of the course's cat classifier) through the
  engine's Session, against a bare numpy loop of the same course expressions; target
  Session / bare <= 1.15. Both must end on the same cost, to the last bit.
- stepping back to an earlier step after the run: ``Session.back()`` across an iteration
  boundary, and ``goto`` an arbitrary earlier step; p50 and p95 against the debugger's
  latency targets (16 ms on ``five_layer``, 33 ms on a cat-sized network).

    python benchmarks/bench_cat_run.py [--data DIR] [--scenario NAME] [--iterations N]
                                       [--repeat R] [--chunk C] [--samples S] [--threads T]

``--threads 1`` pins the BLAS to one thread: on a machine whose cores are busy with other
work, OpenBLAS's spinning threads make every figure many times slower and noisier.
``--data`` defaults to ``<repo>/../shared/datasets``. Without the course's files (or
without h5py) the script says so and measures ``cat_size`` (same shapes, synthetic data).
The three runs (bare, Session goto, Session run_until) advance in lockstep, ``--chunk``
iterations at a time, each chunk timed, so machine noise hits all alike; the figures are
the sums of the chunks (the fastest of ``--repeat`` whole runs).
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

from _common import bare_iteration, check_bare_activations, quick  # noqa: E402

from dnnstep import Session, load_scenario  # noqa: E402
from dnnstep.engine.predict import accuracy  # noqa: E402
from dnnstep.engine.trace import trace_iteration  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
DEFAULT_DATA = REPO.parent / "shared" / "datasets"
RUN_TARGET = 1.15
LATENCY_TARGETS_MS = {"five_layer": 16.0, "cat-sized": 33.0}


def load(name: str, data_dir: Path, iterations: int | None):
    """The scenario (``cat`` on the course's files), or ``cat_size`` with a note when ``cat``
    cannot be loaded. Raises ``ValueError`` for any other scenario that cannot."""
    try:
        scenario = load_scenario(name, data_dir=data_dir)
    except (ValueError, OSError) as error:
        if name not in ("cat", "cat_2layer"):
            raise ValueError(str(error)) from None
        print(f"note: the course's cat data is not available, so this measures cat_size instead:\n  {error}")
        scenario = load_scenario("cat_size")
    if iterations is not None:
        scenario = dataclasses.replace(scenario, num_iterations=iterations)
    return scenario


class BareRun:
    """Training with a bare numpy loop of the course's expressions, a chunk at a time."""

    def __init__(self, scenario) -> None:
        self.scenario = scenario
        self.parameters = dict(scenario.parameters)
        self.costs: list[float] = []

    def advance_to(self, iteration: int) -> None:
        """Train up to and including ``iteration``."""
        s = self.scenario
        while len(self.costs) <= iteration:
            cost, self.parameters = bare_iteration(self.parameters, s.X, s.Y, s.activations, s.learning_rate)
            self.costs.append(cost)


class SessionRun:
    """A Session, created on the first (timed) move and moved forward by ``move``."""

    def __init__(self, scenario) -> None:
        self.scenario = scenario
        self.session: Session | None = None

    def advance_to(self, iteration: int) -> None:
        if self.session is None:
            self.session = Session(self.scenario)
        self.move(self.session, iteration)

    def move(self, session: Session, iteration: int) -> None:
        raise NotImplementedError


class SessionGoto(SessionRun):
    """A Session moved forward with ``goto`` (a jump to a later iteration)."""

    def move(self, session: Session, iteration: int) -> None:
        session.goto(iteration, index=session.steps_per_iteration - 1)


class SessionRunUntil(SessionRun):
    """A Session moved forward with ``run_until`` a condition that never holds (the app's run-until)."""

    def move(self, session: Session, iteration: int) -> None:
        session.run_until(lambda step: False, max_iterations=iteration - session.position[0])


def timed_runs(scenario, chunk: int) -> tuple[dict[str, float], dict[str, object]]:
    """Train the three ways in lockstep, ``chunk`` iterations at a time, timing each chunk.

    Returns the total seconds of each, and the runners. Interleaving the chunks makes a
    busy machine slow all three alike, so their ratio stays meaningful.
    """
    runners = {"bare": BareRun(scenario), "goto": SessionGoto(scenario), "run_until": SessionRunUntil(scenario)}
    totals = dict.fromkeys(runners, 0.0)
    N = scenario.num_iterations
    for stop in range(min(chunk, N) - 1, N - 1 + chunk, chunk):
        stop = min(stop, N - 1)
        for name, runner in runners.items():
            start = time.perf_counter()
            runner.advance_to(stop)
            totals[name] += time.perf_counter() - start
        if stop == N - 1:
            break
    return totals, runners


def percentiles(seconds: list[float]) -> tuple[float, float]:
    """p50 and p95 in milliseconds."""
    values = np.array(seconds) * 1e3
    return float(np.percentile(values, 50)), float(np.percentile(values, 95))


def latency_line(name: str, seconds: list[float], target_ms: float) -> str:
    p50, p95 = percentiles(seconds)
    verdict = "OK" if p95 <= target_ms else "OVER TARGET"
    return (f"{name:<42} p50 {p50:8.2f} ms   p95 {p95:8.2f} ms   max {max(seconds) * 1e3:8.2f} ms"
            f"   (n={len(seconds)}; target p95 <= {target_ms:.0f} ms: {verdict})")


def measure_latency(session: Session, samples: int, seed: int = 0) -> dict[str, list[float]]:
    """Time the moves a learner makes after the run: back across a boundary, goto back far."""
    rng = np.random.default_rng(seed)
    last = session.num_iterations - 1
    times: dict[str, list[float]] = {"back() within an iteration": [],
                                     "back() across, walking back from the end": [],
                                     "back() across, from a random iteration": [],
                                     "goto an earlier step": []}
    # back() from the very end, step by step, through a few iterations: what holding "p" does.
    session.goto(last, index=session.steps_per_iteration - 1)
    for _ in range(min(samples, last) * session.steps_per_iteration):
        crossing = session.position[1] == 0
        start = time.perf_counter()
        session.back()
        elapsed = time.perf_counter() - start
        name = "back() across, walking back from the end" if crossing else "back() within an iteration"
        times[name].append(elapsed)
        if session.at_start:
            break
    # back() across a boundary from arbitrary places (the start of a random iteration).
    for _ in range(samples):
        if last < 1:
            break
        session.goto(int(rng.integers(1, last + 1)), index=0)
        start = time.perf_counter()
        session.back()
        times["back() across, from a random iteration"].append(time.perf_counter() - start)
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
    parser.add_argument("--scenario", default=quick("cat", "cat_size"), help="the scenario to run (default: cat)")
    parser.add_argument("--iterations", type=int, default=quick(None, 4),
                        help="train this many iterations instead of the scenario's (2,500)")
    parser.add_argument("--repeat", type=int, default=1, help="repeat the whole timed run, keep the fastest")
    parser.add_argument("--chunk", type=int, default=quick(50, 2), help="iterations per interleaved chunk (default 50)")
    parser.add_argument("--threads", type=int, default=None,
                        help="BLAS threads (sets OPENBLAS_NUM_THREADS etc.; 1 gives steadier figures on a busy machine)")
    parser.add_argument("--samples", type=int, default=quick(40, 2), help="samples of each latency")
    args = parser.parse_args(argv)
    for option in ("iterations", "repeat", "chunk", "samples"):
        value = getattr(args, option)
        if value is not None and value < 1:
            print(f"--{option} must be at least 1, not {value}", file=sys.stderr)
            return 2

    try:
        scenario = load(args.scenario, args.data, args.iterations)
        check_bare_activations(scenario.activations)
    except ValueError as error:
        print(error, file=sys.stderr)
        return 2
    N = scenario.num_iterations
    print(f"scenario {scenario.name}: n = {list(scenario.layer_dims)}, m = {scenario.m}, "
          f"{N} iterations, learning rate {scenario.learning_rate}")
    print(f"BLAS threads: OPENBLAS_NUM_THREADS={os.environ.get('OPENBLAS_NUM_THREADS', 'unset')}, "
          f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}")

    runs = [timed_runs(scenario, args.chunk) for _ in range(max(1, args.repeat))]
    totals = {name: min(run[0][name] for run in runs) for name in ("bare", "goto", "run_until")}
    runners = runs[-1][1]
    bare_costs = runners["bare"].costs
    session = runners["goto"].session
    other = runners["run_until"].session
    assert session is not None and other is not None

    bare = totals["bare"]
    session_costs = session.cost_history
    equal = (len(session_costs) == len(bare_costs) == len(other.cost_history)
             and bool(np.array_equal(session_costs, bare_costs))
             and bool(np.array_equal(other.cost_history, bare_costs)))
    print(f"whole run, timed in interleaved chunks of {args.chunk} iterations"
          f"{f', fastest of {args.repeat}' if args.repeat > 1 else ''}:")
    print(f"  bare numpy loop           : {bare:8.2f} s   ({bare / N * 1e3:.2f} ms per iteration)")
    for name, key in (("Session goto(end)", "goto"), ("Session run_until(never)", "run_until")):
        seconds = totals[key]
        ratio = seconds / bare
        print(f"  {name:<26}: {seconds:8.2f} s   ({seconds / N * 1e3:.2f} ms per iteration)   "
              f"ratio {ratio:.3f} (target <= {RUN_TARGET}: {'OK' if ratio <= RUN_TARGET else 'OVER TARGET'})")
    print(f"final cost, bare          : {bare_costs[-1]:.15f}")
    print(f"final cost, Session       : {session_costs[-1]:.15f} (goto), {other.cost_history[-1]:.15f} (run_until)")
    print(f"every cost equal          : {'yes' if equal else 'NO: the Session and the bare loop disagree'}")
    train, test = accuracy(session, N)
    print(f"accuracy after {N} iterations: train {train!r}, test {test!r}")
    print(f"Session keeps a parameter keyframe every {session.keyframe_every} iterations")
    del runners, other, runs

    floor = []
    s = scenario
    parameters = session.parameters_at(N - 1)
    for _ in range(5):
        start = time.perf_counter()
        trace_iteration(N - 1, parameters, s.X, s.Y, s.activations, s.learning_rate, s.leaky_slope)
        floor.append(time.perf_counter() - start)
    print(f"one traced iteration (the least a move into an uncached iteration costs): "
          f"median {float(np.median(floor)) * 1e3:.2f} ms")

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

"""Course 2's runs trained by dnnstep against the same training by the reference's own loop.

For each shipped Course 2 scenario, three ways of training the same network on the same data,
interleaved in this process so that machine noise hits them alike:

- ``bare``: ``dnnstep.course2``'s ``model`` (the notebook's loop, plain numpy, print_cost off);
- ``session``: a dnnstep Session training to the end as the debugger and ``dnnstep test`` do
  (every iteration computed once, not recorded as Steps, with its cost, its gradient health and
  keyframes of the state kept);
- ``traced``: every iteration recorded as Steps (what stepping through all of them costs).

The trained parameters of the three are checked equal bit for bit first. Target (issue 23): the
session / bare ratio <= 1.15. Times are the process's CPU time (``time.process_time``), medians
of ``--runs`` interleaved runs: on a machine whose cores other work keeps busy, wall time varies
two- or threefold from run to run, CPU time much less. Runs are shortened (``--iterations``, ``--epochs``); the far
iteration of the full 5000-epoch moons run is timed apart: reaching epoch 4999 from a new
Session, then a step back, then a jump back to epoch 2500.

    python benchmarks/bench_course2.py [--runs N] [--iterations N] [--epochs N] [--only NAME]
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import io
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import describe  # noqa: E402

from dnnstep import Session, load_scenario  # noqa: E402
from dnnstep.course2 import gradient_checking, initialization, optimization, regularization  # noqa: E402

FOOTBALL = Path(__file__).resolve().parents[1].parent / "shared" / "datasets"


def interleaved(runs: int, **candidates):
    """Each candidate's CPU time, ``runs`` times, interleaved so machine noise hits all alike."""
    times = {name: [] for name in candidates}
    for _ in range(runs):
        for name, function in candidates.items():
            start = time.process_time()
            function()
            times[name].append(time.process_time() - start)
    return times


def initialization_model(kind):
    return lambda s, n: initialization.model(s.X, s.Y, learning_rate=s.learning_rate, num_iterations=n,
                                             print_cost=False, initialization=kind)


def regularization_model(**options):
    return lambda s, n: regularization.model(s.X, s.Y, learning_rate=s.learning_rate, num_iterations=n,
                                             print_cost=False, **options)


def optimization_model(s, epochs):
    decay = {None: None, "update_lr": optimization.update_lr, "schedule_lr_decay": optimization.schedule_lr_decay}
    return optimization.model(s.X, s.Y, list(s.layer_dims), s.optimizer, learning_rate=s.learning_rate,
                              mini_batch_size=s.mini_batch_size, beta=s.beta, beta1=s.beta1, beta2=s.beta2,
                              epsilon=s.epsilon, num_epochs=epochs, print_cost=False,
                              decay=decay[s.decay], decay_rate=s.decay_rate)


#: Each shipped Course 2 scenario that trains, and the reference's loop that trains it.
REFERENCE = {
    "circles_zeros": initialization_model("zeros"),
    "circles_random": initialization_model("random"),
    "circles_he": initialization_model("he"),
    "football": regularization_model(),
    "football_l2": regularization_model(lambd=0.7),
    "football_dropout": regularization_model(keep_prob=0.86),
    **{name: optimization_model for name in ("moons_gd", "moons_momentum", "moons_adam", "moons_gd_decay",
                                             "moons_gd_schedule", "moons_momentum_schedule", "moons_adam_schedule")},
}


def shortened(name: str, iterations: int, epochs: int):
    scenario = load_scenario(name, data_dir=_football_dir())
    if scenario.mini_batch_size is not None:
        return dataclasses.replace(scenario, num_epochs=epochs), epochs
    return dataclasses.replace(scenario, num_iterations=iterations), iterations


def _football_dir():
    """A folder holding the course's data.mat (the shared copy, linked under that name)."""
    source = next((p for p in (FOOTBALL, FOOTBALL.parents[2] / "shared" / "datasets")
                   if (p / "c2w1_football_data.mat").is_file()), None)
    if source is None:
        return None
    folder = Path(tempfile.gettempdir()) / "dnnstep-bench-football"
    folder.mkdir(exist_ok=True)
    link = folder / "data.mat"
    if not link.exists():
        link.symlink_to(source / "c2w1_football_data.mat")
    return folder


def session_run(scenario):
    session = Session(scenario)
    return session.parameters_at(scenario.num_iterations)


def traced_run(scenario):
    session = Session(scenario)
    for iteration in range(scenario.num_iterations):
        session.steps(iteration)
    return session.parameters_at(scenario.num_iterations)


def bench_training(name: str, runs: int, iterations: int, epochs: int) -> float | None:
    try:
        scenario, length = shortened(name, iterations, epochs)
    except ValueError as error:
        print(f"{name:<24} skipped: {error}")
        return None
    reference = REFERENCE[name]
    with contextlib.redirect_stdout(io.StringIO()):  # the notebook's model prints accuracies in places
        bare = reference(scenario, length)
        trained, traced = session_run(scenario), traced_run(scenario)
    for key, value in bare.items():
        assert np.array_equal(value, trained[key]) and np.array_equal(value, traced[key]), \
            f"{name}: dnnstep's {key} differs from the reference's"
    times = interleaved(runs, bare=lambda: reference(scenario, length), session=lambda: session_run(scenario),
                        traced=lambda: traced_run(scenario))
    bare_time = statistics.median(times["bare"])
    ratio = statistics.median(times["session"]) / bare_time
    traced_ratio = statistics.median(times["traced"]) / bare_time
    unit = "epochs" if scenario.mini_batch_size else "iterations"
    print(f"{name:<24} {length} {unit} ({scenario.num_iterations} updates): bare {bare_time * 1e3:8.1f} ms   "
          f"session x{ratio:.3f} {'OK' if ratio <= 1.15 else 'OVER TARGET'}   traced (every Step) x{traced_ratio:.3f}")
    return ratio


def bench_gradient_check(name: str, runs: int) -> None:
    scenario = load_scenario(name)
    backward = gradient_checking.backward_propagation_n if scenario.gradient_check.buggy \
        else gradient_checking.backward_propagation_n_fixed
    parameters = {k: np.array(v) for k, v in scenario.parameters.items()}

    def bare():
        cost, cache = gradient_checking.forward_propagation_n(scenario.X, scenario.Y, parameters)
        gradients = backward(scenario.X, scenario.Y, cache)
        return gradient_checking.gradient_check_n(parameters, gradients, scenario.X, scenario.Y, print_msg=False)

    def traced():
        return Session(scenario).steps(0)[-1].scalars["difference"]

    assert bare() == traced(), f"{name}: dnnstep's difference differs from gradient_check_n's"
    times = interleaved(runs, bare=bare, traced=traced)
    ratio = statistics.median(times["traced"]) / statistics.median(times["bare"])
    print(f"{name:<24} one iteration and the check of its 47 parameters: bare {describe(times['bare'])}   "
          f"traced x{ratio:.3f}")


def bench_far_iteration(name: str) -> None:
    """The whole 5000-epoch run: a new Session's jump to its last update (every update replayed
    untraced on the way), then a step back and a jump to the middle, against the reference's model
    training the same 25 000 updates (CPU time of each)."""
    scenario = load_scenario(name)
    last = scenario.num_iterations - 1
    start = time.process_time()
    with contextlib.redirect_stdout(io.StringIO()):
        optimization_model(scenario, scenario.num_epochs)
    bare = time.process_time() - start
    start = time.process_time()
    session = Session(scenario)
    session.goto(last)
    reach = time.process_time() - start
    start = time.perf_counter()
    session.back()
    back = time.perf_counter() - start
    start = time.perf_counter()
    session.goto(last // 2)
    middle = time.perf_counter() - start
    print(f"{name}: {scenario.num_iterations} updates; the reference's model: {bare:.2f} s; a new Session to "
          f"iteration {last} (epoch {session.batch(last).epoch}, batch {session.batch(last).k}): {reach:.2f} s "
          f"(x{reach / bare:.2f}); then a step back: {back * 1e3:.1f} ms; then to iteration {last // 2}: "
          f"{middle * 1e3:.1f} ms (a keyframe every {session.keyframe_every} iterations)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--iterations", type=int, default=2000, help="iterations of the full-batch runs")
    parser.add_argument("--epochs", type=int, default=300, help="epochs of the mini-batch runs (5 updates each)")
    parser.add_argument("--only", help="one scenario")
    parser.add_argument("--no-far", action="store_true", help="skip the full 5000-epoch moons run")
    args = parser.parse_args()
    for option in ("runs", "iterations", "epochs"):
        if getattr(args, option) < 1:
            print(f"--{option} must be at least 1, not {getattr(args, option)}", file=sys.stderr)
            return 2
    names = [args.only] if args.only else [*REFERENCE, "gradient_check", "gradient_check_fixed"]
    ratios = []
    for name in names:
        if name.startswith("gradient_check"):
            bench_gradient_check(name, args.runs)
        elif name in REFERENCE:
            ratio = bench_training(name, args.runs, args.iterations, args.epochs)
            if ratio is not None:
                ratios.append(ratio)
        else:
            print(f"unknown Course 2 scenario {name!r}; expected one of {', '.join(REFERENCE)}", file=sys.stderr)
            return 2
    if ratios:
        print(f"session / bare over {len(ratios)} scenarios: median x{statistics.median(ratios):.3f}, "
              f"worst x{max(ratios):.3f}   (target <= 1.15)")
    if not args.no_far and not args.only:
        bench_far_iteration("moons_adam")
    return 0


if __name__ == "__main__":
    sys.exit(main())

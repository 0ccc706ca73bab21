"""The HealthLog measures a run's gradient health in batches: each number must be the one the
definition gives, iteration by iteration (``dnnstep.engine.health``'s docstring): ||x|| is
``np.linalg.norm(x)``'s very float, the dead share counts the rows of the mask ``A > 0`` with no
True, the ratio is the step's norm over ||W||, whatever the batch, the buffer's size or the
arrays' memory order."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

from dnnstep.engine import Session
from dnnstep.engine.health import HealthInputs, HealthLog, IterationHealth
from dnnstep.scenario import load_scenario
from dnnstep.scenario.shipped import shipped_names

SHAPES = [(5, 2), (3, 5), (1, 3)]
DATA = (Path(__file__).resolve().parents[2] / "datasets",            # data.mat, where a learner keeps it
        Path(__file__).resolve().parents[3] / "shared" / "datasets")  # the cat files, beside the checkout


def expected(inputs: HealthInputs) -> IterationHealth:
    """The health of one iteration, written from the definition with numpy's own calls."""
    dW_norms = tuple(float(np.linalg.norm(dW)) for dW in inputs.dWs)
    W_norms = [float(np.linalg.norm(W)) for W in inputs.Ws]
    if inputs.steps is None:
        steps = tuple(inputs.learning_rate * n for n in dW_norms)
    elif inputs.steps == ():
        steps = (0.0,) * len(dW_norms)
    else:
        scale, moved = inputs.steps
        steps = tuple((1.0 if scale is None else scale) * float(np.linalg.norm(S)) for S in moved)
    with np.errstate(all="ignore"):
        ratios = tuple(float(np.float64(s) / np.float64(w)) for s, w in zip(steps, W_norms))
    dead = tuple(None if p is None else float((p.shape[0] - np.any(p, axis=1).sum()) / p.shape[0])
                 for p in inputs.positives)
    return IterationHealth(dW_norms, dead, ratios, steps, inputs.learning_rate)


def same(a: IterationHealth, b: IterationHealth) -> bool:
    """Equal to the last bit, NaN equal to NaN."""
    def bits(record):
        return repr(tuple(tuple(np.float64(x).tobytes() if x is not None else None for x in field)
                          for field in record[:4])) + repr(record.learning_rate)
    return bits(a) == bits(b)


def random_inputs(rng: np.random.Generator, kind: str, m: int, order: str = "C") -> HealthInputs:
    dWs = [np.asarray(rng.standard_normal(s) * 10.0 ** rng.integers(-4, 3), order=order) for s in SHAPES]
    Ws = [np.asarray(rng.standard_normal(s), order=order) for s in SHAPES]
    positives = [rng.standard_normal((5, m)) > 1.0, rng.standard_normal((3, m)) > 1.5, None]
    positives[0][rng.integers(0, 5)] = False                   # a dead unit, at least
    rate = float(rng.uniform(0.001, 0.5))
    steps = {"gd": None, "none": (),
             "momentum": (rate, [np.asarray(rng.standard_normal(s), order=order) for s in SHAPES]),
             "adam": (None, [np.asarray(rng.standard_normal(s) * 1e-3, order=order) for s in SHAPES])}[kind]
    return HealthInputs(dWs, positives, Ws, rate, steps)


@pytest.mark.parametrize("kind", ["gd", "none", "momentum", "adam"])
@pytest.mark.parametrize("buffer_bytes", [HealthLog.BUFFER_BYTES, 24 * 1024, 64])  # ... and measured as they come
def test_every_number_is_the_definitions(kind, buffer_bytes, monkeypatch):
    monkeypatch.setattr(HealthLog, "BUFFER_BYTES", buffer_bytes)
    rng = np.random.default_rng(7)
    log = HealthLog()
    added = []
    for i in range(300):
        inputs = random_inputs(rng, kind, m=64 if i % 5 else 44)  # a smaller last mini-batch, as moons has
        log.add(inputs)
        added.append(expected(inputs))
        if i in (0, 99, 150):                                   # read halfway: the rest still measures right
            assert all(same(a, b) for a, b in zip(log.history(10**6), added))
    history = log.history(10**6)
    assert len(history) == 300
    assert all(same(a, b) for a, b in zip(history, added))
    assert log.history(17) == history[:17]


def test_arrays_in_fortran_order_give_the_same_floats(monkeypatch):
    """``np.linalg.norm`` sums ``ravel(order="K")``: an array stored in Fortran order is summed in its
    memory's order, not its rows'. A log whose first arrays are so stored flattens them that way."""
    rng = np.random.default_rng(3)
    log, added = HealthLog(), []
    for _ in range(40):
        inputs = random_inputs(rng, "momentum", m=30, order="F")
        log.add(inputs)
        added.append(expected(inputs))
    assert all(same(a, b) for a, b in zip(log.history(100), added))


def test_a_zero_W_gives_nan_and_inf_ratios_as_numpy_divides():
    log = HealthLog()
    zeros = [np.zeros(s) for s in SHAPES]
    log.add(HealthInputs([np.ones(s) for s in SHAPES], [None] * 3, zeros, 0.1, None))  # α ||dW|| / 0: inf
    log.add(HealthInputs(zeros, [None] * 3, zeros, 0.1, None))                        # 0 / 0: NaN
    first, second = log.history(2)
    assert first.update_ratios == (math.inf,) * 3
    assert all(math.isnan(r) for r in second.update_ratios)
    assert second == log.history(2)[1]  # the same record compares equal to itself, NaN and all


@pytest.mark.parametrize("name", shipped_names())
def test_the_engine_keeps_every_array_in_c_order(name, monkeypatch):
    """The log flattens a run's arrays in C order when its first iteration's are (``_Layout.contiguous``):
    that holds only if the engine's arithmetic keeps them so, iteration after iteration."""
    seen = []
    original = HealthLog.add

    def spy(self, inputs):
        moved = inputs.steps[1] if inputs.steps else ()
        seen.append(all(x.flags.c_contiguous for x in (*inputs.dWs, *inputs.Ws, *moved)))
        original(self, inputs)

    monkeypatch.setattr(HealthLog, "add", spy)
    for folder in DATA:
        try:
            scenario = load_scenario(name, data_dir=folder)
            break
        except ValueError as error:  # the course's data files, where this machine has none
            reason = str(error)
    else:
        pytest.skip(reason)
    session = Session(scenario)
    session.goto(min(6, session.num_iterations - 1))
    assert seen and all(seen)

"""The loading policy on its own (no Textual): what is computed where, and what ahead.

Also the Session's side of the one cursor the app and scripts share: ``cached``,
``place`` (never computes, never waits for the lock) and ``neighbour``.
"""

from __future__ import annotations

import subprocess
import sys
import threading

import pytest

import dnnstep.app.loading as loading
from dnnstep.app.loading import LoadingPolicy
from dnnstep.engine import Session
from dnnstep.scenario import make_scenario

from .conftest import five_layer


def big(num_iterations: int = 40) -> Session:
    """A network whose iteration costs more than SLOW_WORK multiply-adds (12288 inputs)."""
    import numpy as np

    rng = np.random.default_rng(1)
    X = rng.random((12288, 209))
    Y = (rng.random((1, 209)) > 0.5).astype(float)
    return Session(make_scenario([12288, 20, 7, 5, 1], X=X, Y=Y, num_iterations=num_iterations, name="big"))


def test_the_policy_module_does_not_import_textual():
    code = "import dnnstep.app.loading, sys; print('textual' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_a_small_network_is_computed_here_and_a_kept_iteration_is_ready():
    session = Session(five_layer())
    policy = LoadingPolicy(session)
    assert policy.first(0) == "now"
    session.current  # noqa: B018
    assert policy.first(0) == "ready"
    assert policy.how(0) == "ready" and policy.how(1) == "here" and policy.how(3) == "here"
    session.steps(1)
    assert policy.how(1) == "ready"
    assert policy.accuracy_here(0) and not policy.big


def test_a_big_network_goes_to_a_worker_and_its_first_iteration_after_the_first_frame():
    session = big()
    policy = LoadingPolicy(session)
    assert policy.work(0) == 3.0 * 209 * (12288 * 20 + 20 * 7 + 7 * 5 + 5 * 1) + loading.STEP_WORK * 13
    assert policy.work(0) > loading.SLOW_WORK
    assert policy.first(0) == "after-frame"  # between SLOW_WORK and FIRST_WORK
    assert policy.how(5) == "worker" and policy.big and not policy.accuracy_here(0)
    assert policy.work(5) == 6 * policy.work(0)  # five iterations to replay, then the one asked for


def test_comparing_a_student_fetches_new_iterations_in_a_worker(monkeypatch):
    session = Session(five_layer())
    policy = LoadingPolicy(session, comparing=True)
    assert policy.first(0) == "now"
    session.current  # noqa: B018
    assert policy.how(0) == "ready" and policy.how(1) == "worker"


def test_a_small_network_is_computed_ahead_on_the_screens_thread_a_big_or_deep_one_in_a_worker():
    assert LoadingPolicy(Session(five_layer())).ahead_here(1)  # about a millisecond
    assert not LoadingPolicy(big()).ahead_here(1)  # tens of ms of arithmetic
    deep = Session(make_scenario([2] + [3] * 60 + [1], m=30, num_iterations=5, name="deep"))
    assert not LoadingPolicy(deep).ahead_here(1)  # little arithmetic, but 183 steps of interpreter


def test_ahead_is_the_next_iteration_or_the_previous_one_early_in_an_iteration():
    session = Session(five_layer(num_iterations=6))
    policy = LoadingPolicy(session)
    session.goto(2, index=10)  # 0 and 1 are replayed without keeping their steps; 2 is traced
    assert {i for i in range(6) if session.cached(i) is not None} == {2}
    assert policy.ahead(2, 10) == 3  # late in an iteration: the next one
    session.steps(3)
    assert policy.ahead(2, 10) == 1  # the next is there: the previous one
    assert policy.ahead(5, 15) == 4  # no iteration after the last
    session.steps(1)
    assert policy.ahead(2, 10) is None  # both neighbours kept: nothing to do
    many = Session(five_layer(num_iterations=12))
    for iteration in range(6):
        many.steps(iteration)
    many.goto(5, index=0)
    assert many.cached(4) is not None and many.cached(1) is None  # four kept
    assert LoadingPolicy(many).ahead(5, 0) == 6  # 4 is kept: the next one
    many.goto(2, index=0)  # kept: 2..5, 2 the most recently used
    assert LoadingPolicy(many).ahead(2, 0) == 1  # early in 2, and 1 is gone: the previous one first
    assert LoadingPolicy(many).ahead(2, 14) == 1  # late in 2: 3 is kept, so 1
    for iteration in (1, 6):
        many.steps(iteration)
    assert {i for i in range(12) if many.cached(i) is not None} == {1, 2, 5, 6}  # 3 and 4 pushed out


def test_session_place_moves_only_to_a_kept_iteration_and_never_waits_for_the_lock():
    session = Session(five_layer())
    assert not session.started and session.place(0, 3) is None and not session.started
    session.steps(0)
    step = session.place(0, 3)
    assert step is session.current and session.position == (0, 3) and session.started
    assert session.place(2, 0) is None and session.position == (0, 3)
    with pytest.raises(ValueError):
        session.place(0, session.steps_per_iteration)
    held = threading.Event()
    done = threading.Event()

    def hold_the_lock():
        with session._lock:
            held.set()
            done.wait(5)

    worker = threading.Thread(target=hold_the_lock)
    worker.start()
    held.wait(5)
    try:
        assert session.cached(0) is not None
        assert session.place(0, 5).label == "cost"  # while another thread holds the lock
    finally:
        done.set()
        worker.join()


def test_neighbour_crosses_iterations_and_stops_at_the_ends():
    session = Session(five_layer())
    last = session.steps_per_iteration - 1
    assert session.neighbour(-1) == (0, 0)
    assert session.neighbour(1) == (0, 1)
    session.goto(0, index=last)
    assert session.neighbour(1) == (1, 0) and session.neighbour(-1) == (0, last - 1)
    session.goto(session.num_iterations - 1, index=last)
    assert session.neighbour(1) == (session.num_iterations - 1, last)

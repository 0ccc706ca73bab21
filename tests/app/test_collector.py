"""The idle collector on its own: garbage is collected when the user pauses, never in a keypress."""

from __future__ import annotations

import gc

from dnnstep.app.collector import IdleCollector

from .conftest import fast_only


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_collections_wait_for_a_pause_and_a_full_one_for_a_longer_pause():
    clock = Clock()
    collector = IdleCollector(quiet=0.25, full_quiet=2.0, limit=10**9, clock=clock)
    thresholds = gc.get_threshold()
    collector.start()
    try:
        assert gc.get_threshold()[1:] == (2**30, 2**30)  # only the youngest generation is automatic
        collector.key()
        clock.now += 0.1
        assert collector.tick() is None  # keys still coming
        clock.now += 0.2
        assert collector.tick() == 1  # a pause: the young generations
        assert collector.tick() is None  # once per pause
        clock.now += 2.0
        assert collector.tick() == 2  # a long pause: everything
        clock.now += 10.0
        assert collector.tick() is None  # nothing new since
        collector.key()
        clock.now += 5.0
        assert collector.tick() == 2
    finally:
        collector.stop()
    assert gc.get_threshold() == thresholds


def test_holding_a_key_for_long_still_collects_once_enough_is_allocated():
    clock = Clock()
    collector = IdleCollector(limit=5, clock=clock)
    collector.start()
    try:
        garbage = []
        for _ in range(5):
            collector.key()
            garbage += [[i] for i in range(5000)]  # tracked containers: young passes run
            clock.now += 0.05
        assert gc.get_count()[1] > 5
        assert collector.tick() == 1  # keys never paused, but the young passes passed the limit
        assert gc.get_count()[1] == 0
    finally:
        collector.stop()


def test_a_cycle_made_while_keys_come_is_freed_at_the_pause():
    clock = Clock()
    collector = IdleCollector(limit=10**9, clock=clock)
    collector.start()
    try:
        import weakref

        class Node:
            pass

        a, b = Node(), Node()
        a.other, b.other = b, a
        alive = weakref.ref(a)
        gc.collect(0)  # a young pass while it is in use moves the cycle to the middle generation
        del a, b
        collector.key()
        for _ in range(3):
            [[i] for i in range(5000)]  # keys come: young passes run, the middle generation waits
        assert alive() is not None
        clock.now += 1.0
        collector.tick()
        assert alive() is None
    finally:
        collector.stop()


@fast_only  # Textual's own drawing leaves its cycles: the fast drawing's lines do not
async def test_stepping_leaves_almost_no_reference_cycles_for_the_collector():
    """What a step draws is freed as soon as it goes off screen, by reference counting.
    Textual keeps a line divided whole (or padded to the width it has) in that line's own
    cache, a reference cycle; the lines of a few hundred held steps were then a middle
    collector pass of 200 ms in the middle of the key's repeats."""
    from dnnstep.app import DnnStepApp
    from dnnstep.engine import Session
    from dnnstep.scenario import make_scenario

    app = DnnStepApp(Session(make_scenario([2, 3, 5, 4, 2, 1], m=30, num_iterations=10, name="five_30")))
    async with app.run_test(size=(160, 50)) as pilot:
        for key in ["n"] * 20 + ["h"]:  # every phase drawn once, and the heat map on
            await pilot.press(key)
        await pilot.pause()
        gc.collect()
        steps = 40
        for _ in range(steps):
            await pilot.press("n")
        await pilot.pause()
        cycles = gc.collect()
    assert cycles < 20 * steps, f"{cycles} objects in reference cycles after {steps} steps"  # was ~800 a step

"""The idle collector on its own: garbage is collected when the user pauses, never in a keypress."""

from __future__ import annotations

import gc

from dnnstep.app.collector import IdleCollector


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_collections_wait_for_a_pause_and_a_full_one_for_a_longer_pause():
    clock = Clock()
    collector = IdleCollector(quiet=0.25, full_quiet=2.0, limit=10**9, clock=clock)
    was_enabled = gc.isenabled()
    collector.start()
    try:
        assert not gc.isenabled()  # no collection in the middle of a keypress
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
    assert gc.isenabled() == was_enabled


def test_holding_a_key_for_long_still_collects_once_enough_is_allocated():
    clock = Clock()
    collector = IdleCollector(limit=1000, clock=clock)
    collector.start()
    try:
        garbage = []
        for _ in range(5):
            collector.key()
            garbage += [[i] for i in range(500)]  # tracked containers: counted by the collector
            clock.now += 0.05
        assert collector.tick() == 1  # keys never paused, but the allocations passed the limit
        assert sum(gc.get_count()) < 1000
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
        del a, b
        collector.key()
        assert alive() is not None  # no automatic collection
        clock.now += 1.0
        collector.tick()
        assert alive() is None
    finally:
        collector.stop()

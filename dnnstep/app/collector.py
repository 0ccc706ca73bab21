"""Python's garbage collector, run while the user reads instead of while a key is answered.

Each keypress builds thousands of short-lived objects (lines of the panes, their segments
and styles). Left to itself, the collector examines the older generations in the middle of
a keypress: a middle-generation pass costs 2-5 ms and a full pass 20-70 ms, the whole tail
of the key-to-repaint time. Almost all of that garbage is freed by reference counting
anyway; the collector is only needed for reference cycles, and those can wait. (Lines are
kept out of cycles: Textual caches a line divided whole, or padded to the width it has, on
the line itself; ``SpanCompositor`` and ``widgets/strips.fit`` do not ask for those. With
them, a few hundred held steps left 200 000 objects in cycles, and the middle pass that
holding a key still needs took 200 ms.)

:class:`IdleCollector` therefore keeps only the youngest generation automatic (its passes
are a fraction of a millisecond) and collects the older ones on a timer, when no key has
come for a moment: the middle generation after ``quiet`` seconds, a full pass after
``full_quiet`` seconds. So that holding a key for minutes cannot grow memory without end,
the middle generation is collected anyway after ``limit`` young passes. Start-up's own
objects are frozen (``gc.freeze``) out of every pass. This module knows nothing of Textual;
the app calls ``start``, ``key`` on every key, ``tick`` from a timer, and ``stop``.
"""

from __future__ import annotations

import gc
import time
from typing import Callable

NEVER = 2**30
"""A threshold the older generations' counters never reach."""


class IdleCollector:
    """Collects garbage when the user is not pressing keys (see the module docstring).

    Args:
        quiet: seconds without a key before the young generations are collected.
        full_quiet: seconds without a key before a full collection (after any allocation).
        limit: young-generation passes (``gc.get_count()[1]``) after which the middle
            generation is collected even while keys come.
        clock: the time source (tests pass their own).
    """

    def __init__(self, *, quiet: float = 0.25, full_quiet: float = 2.0, limit: int = 500,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.quiet = quiet
        self.full_quiet = full_quiet
        self.limit = limit
        self.clock = clock
        self.last_key = clock()
        self.young_since_key = True  # nothing collected since the last key
        self.full_since_key = True
        self.running = False
        self._thresholds = gc.get_threshold()

    def start(self) -> None:
        """Collect once, freeze what exists (start-up's objects), and leave only the youngest
        generation to automatic collection."""
        self._thresholds = gc.get_threshold()
        gc.collect()
        gc.freeze()
        gc.set_threshold(self._thresholds[0], NEVER, NEVER)
        self.running = True

    def stop(self) -> None:
        """Give the app's objects back to the collector and restore automatic collection."""
        if not self.running:
            return
        self.running = False
        gc.unfreeze()
        gc.set_threshold(*self._thresholds)

    def key(self) -> None:
        """A key came: the next collections wait until the user pauses."""
        self.last_key = self.clock()
        self.young_since_key = self.full_since_key = False

    def due(self) -> int | None:
        """The generation to collect now (1 for the young ones, 2 for all), or ``None``."""
        idle = self.clock() - self.last_key
        if not self.full_since_key and idle >= self.full_quiet:
            return 2
        if not self.young_since_key and idle >= self.quiet:
            return 1
        if gc.get_count()[1] > self.limit:
            return 1
        return None

    def tick(self) -> int | None:
        """Called from a timer: collect what is due; returns the generation collected."""
        if not self.running:
            return None
        generation = self.due()
        if generation is None:
            return None
        gc.collect(generation)
        self.young_since_key = True
        if generation == 2:
            self.full_since_key = True
        return generation

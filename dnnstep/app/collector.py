"""Python's garbage collector, run while the user reads instead of while a key is answered.

Each keypress builds thousands of short-lived objects (lines of the panes, their segments
and styles). Left to itself, the collector runs when enough of them pile up, which is in
the middle of a keypress: a young-generation pass costs 2-5 ms and a full pass 20-40 ms,
the whole tail of the key-to-repaint time. Almost all of that garbage is freed by reference
counting anyway; the collector is only needed for reference cycles, and those can wait.

:class:`IdleCollector` therefore turns automatic collection off while the debugger runs and
collects on a timer, only when no key has come for a moment: the young generations after
``quiet`` seconds, a full pass after ``full_quiet`` seconds. So that holding a key for
minutes cannot grow memory without end, it collects anyway once the objects allocated since
the last pass exceed ``limit``. Start-up's own objects are frozen (``gc.freeze``) out of
every pass. This module knows nothing of Textual; the app calls ``start``, ``key`` on every
key, ``tick`` from a timer, and ``stop``.
"""

from __future__ import annotations

import gc
import time
from typing import Callable


class IdleCollector:
    """Collects garbage when the user is not pressing keys (see the module docstring).

    Args:
        quiet: seconds without a key before the young generations are collected.
        full_quiet: seconds without a key before a full collection (after any allocation).
        limit: allocations (``gc.get_count()[0]`` plus the older generations' counts, as the
            collector counts them) above which a young collection runs even while keys come.
        clock: the time source (tests pass their own).
    """

    def __init__(self, *, quiet: float = 0.25, full_quiet: float = 2.0, limit: int = 200_000,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.quiet = quiet
        self.full_quiet = full_quiet
        self.limit = limit
        self.clock = clock
        self.last_key = clock()
        self.young_since_key = True  # nothing collected since the last key
        self.full_since_key = True
        self.running = False
        self._was_enabled = True

    def start(self) -> None:
        """Collect once, freeze what exists (start-up's objects), and stop automatic collection."""
        self._was_enabled = gc.isenabled()
        gc.collect()
        gc.freeze()
        gc.disable()
        self.running = True

    def stop(self) -> None:
        """Give the app's objects back to the collector and restore automatic collection."""
        if not self.running:
            return
        self.running = False
        gc.unfreeze()
        if self._was_enabled:
            gc.enable()

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
        if sum(gc.get_count()) > self.limit:
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

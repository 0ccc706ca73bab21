"""What a Session keeps between steps: parameter keyframes and small recent caches.

A long session (2,500 iterations of a 12288-20-7-5-1 network) cannot keep every tensor
of every iteration, nor even every iteration's parameters. It keeps:

- keyframes: the parameters at every K-th iteration, K chosen so that all keyframes of
  the whole run fit in a budget proportional to the scenario's own data;
- waypoints between keyframes and the parameters of the few iterations just before the
  cursor's (an LRU), so that stepping back across an iteration boundary needs one traced
  iteration, not a replay of the whole stretch;
- the Steps of the few most recently traced iterations.

Any other iteration is rebuilt by replaying from the nearest keyframe before it.
"""

from __future__ import annotations

import math
from collections import OrderedDict
from typing import Generic, TypeVar

K = TypeVar("K")
V = TypeVar("V")


class LRU(Generic[K, V]):
    """A small least-recently-used map holding at most ``size`` entries."""

    def __init__(self, size: int, *, peekable: bool = True) -> None:
        self.size = max(1, size)
        self._items: OrderedDict[K, V] = OrderedDict()
        self._snapshot: dict[K, V] = {}
        self._peekable = peekable  # a map nobody peeks at need not copy its table on every put

    def get(self, key: K) -> V | None:
        if key in self._items:
            self._items.move_to_end(key)
            return self._items[key]
        return None

    def peek(self, key: K) -> V | None:
        """The value of ``key`` without touching the order: safe to call from one thread
        while another ``put``s (it reads a snapshot of the table, replaced whole by ``put``).
        Only for a map made ``peekable`` (the default)."""
        if not self._peekable:
            raise TypeError("this LRU keeps no snapshot to peek at: make it with peekable=True")
        return self._snapshot.get(key)

    def put(self, key: K, value: V) -> None:
        self._items[key] = value
        self._items.move_to_end(key)
        while len(self._items) > self.size:
            self._items.popitem(last=False)
        if self._peekable:
            self._snapshot = dict(self._items)

    def keys(self) -> list[K]:
        return list(self._items)


def keyframe_interval(num_iterations: int, parameter_bytes: int, budget_bytes: int) -> int:
    """K such that the keyframes of ``num_iterations`` iterations fit in ``budget_bytes``."""
    if parameter_bytes <= 0:
        return 1
    keyframes_affordable = max(1, budget_bytes // parameter_bytes)
    return max(1, math.ceil((num_iterations + 1) / keyframes_affordable))


WAYPOINTS_FROM = 24
"""Keyframes at least this many iterations apart get waypoints between them, twelve a stretch, so
that walking back through a stretch replays a few iterations, not the whole stretch. Closer
keyframes need none: replaying a whole stretch is then a few iterations already, and keeping a
waypoint (an LRU entry) costs a small network's iteration several percent."""


def waypoint_interval(keyframe_every: int) -> int:
    """Every how many iterations a waypoint is kept between keyframes ``keyframe_every`` apart
    (``keyframe_every`` itself: none between them)."""
    if keyframe_every < WAYPOINTS_FROM:
        return keyframe_every
    return keyframe_every // 12

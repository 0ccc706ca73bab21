"""A screen's repaint timer that paints as soon as there is something to paint.

Textual repaints a screen from a timer on a fixed 60 Hz grid: a change asked for between
two grid points waits for the next one, and after a frame that came late (which is every
frame after a pause: the timer fires when resumed) it sleeps past the next grid point to
the one after. Holding a key, that left a step's finished work waiting 6-20 ms for its
frame. :class:`FrameTimer` keeps Textual's limit of one frame per period but measures it
from the last frame: a change after a pause is painted at once, and one that comes within
a period of the last frame waits only for the rest of that period.
"""

from __future__ import annotations

from asyncio import sleep
from time import perf_counter

from textual.timer import EventTargetGone, Timer


class FrameTimer(Timer):
    """A Timer whose ticks are at least ``interval`` apart, each as early as that allows."""

    async def _run(self) -> None:
        count = 0
        last = float("-inf")
        while self._repeat is None or count < self._repeat:
            await self._active.wait()
            wait = last + self._interval - perf_counter()
            if wait > 0:
                await sleep(wait)
                await self._active.wait()  # paused meanwhile: wait for the next change
            if self._reset:
                self._reset = False
                last = float("-inf")
                continue
            last = perf_counter()
            count += 1
            try:
                await self._tick(next_timer=last, count=count)
            except EventTargetGone:
                break


def frame_timer(screen, interval: float, callback) -> FrameTimer:
    """A started FrameTimer on ``screen``, paused until the first change (as Textual's is)."""
    timer = FrameTimer(screen, interval, name="screen_update", callback=callback, pause=True)
    timer._start()
    screen._timers.add(timer)
    return timer

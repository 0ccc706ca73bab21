"""The screen's thread first: how the debugger shares the interpreter and the cores with its workers.

While the user steps, a worker computes the next iteration ahead (a big network) or reads
summaries. Two things let such a worker hold up a keypress, and :class:`ScreenFirst`
turns both off while the user reads:

- Python hands the interpreter lock between threads every 5 ms by default: a keypress could
  wait that long for the worker to let go. While the app runs it is handed back within
  ``SWITCH_INTERVAL``.
- numpy's OpenBLAS starts a thread per core, and after a large product its threads spin,
  waiting for more, on the core the screen's thread needs: holding ``n`` on ``cat_size``
  gave a p95 of 130 ms and once 1.9 s with two threads, 40 ms with one. So BLAS gets one
  thread while the user reads, and every core back while a run-until, a long jump or an
  opening scenario computes (``computing(True)``), when the user is waiting for the result.

This module knows nothing of Textual; the app calls ``start``, ``computing`` and ``stop``.
"""

from __future__ import annotations

import sys

from dnnstep.blas_threads import set_threads

SWITCH_INTERVAL = 0.001
"""Seconds a worker thread may hold the interpreter lock while the screen waits for it."""


class ScreenFirst:
    """The interpreter's switch interval and numpy's BLAS threads while the app runs."""

    def __init__(self) -> None:
        self.running = False
        self._interval = sys.getswitchinterval()
        self._blas: int | None = None  # the threads BLAS had before (None: no OpenBLAS)
        self._computing = False

    def start(self) -> None:
        if self.running:
            return
        self.running = True
        self._interval = sys.getswitchinterval()
        sys.setswitchinterval(SWITCH_INTERVAL)
        self._blas = set_threads(1)

    def computing(self, busy: bool) -> None:
        """A run or a long jump started (True: every core to BLAS) or ended (False: one again)."""
        if not self.running or busy == self._computing:
            return
        self._computing = busy
        if self._blas is not None:
            set_threads(self._blas if busy else 1)

    def stop(self) -> None:
        if not self.running:
            return
        self.running = False
        sys.setswitchinterval(self._interval)
        if self._blas is not None:
            set_threads(self._blas)

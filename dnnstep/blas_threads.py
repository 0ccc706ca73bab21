"""How many threads numpy's BLAS uses in this process: one while dnnstep checks a homework or
the debugger waits for keys.

A check is two processes taking turns: dnnstep's and the homework's (which runs with one BLAS
thread, see :mod:`~dnnstep.homework.running.process`). OpenBLAS starts a thread per core in
dnnstep's process, and after each large product its threads spin, waiting for more work, on the
core the homework's process needs: measured on 2 cores, dnnstep's CPU time for a correct
homework fell from 2.1-2.3 s to 0.8-1.0 s with one thread, for the same wall time or less.
The debugger has the same problem with its own threads: a worker computing the next
``cat_size`` iteration ahead left OpenBLAS threads spinning on the core the screen's thread
needs (holding ``n``: p95 130 ms, once 1.9 s, against 40 ms with one thread), so the app
keeps one thread while the user steps and gives BLAS every core back while a run computes
(:func:`set_threads`).

Numpy has no call for this, so :func:`one_blas_thread` and :func:`set_threads` ask the
OpenBLAS library numpy loaded (found in ``/proc/self/maps``), through its own
``set_num_threads``; where there is none (another BLAS, not Linux), nothing changes.
"""

from __future__ import annotations

import contextlib
import ctypes
import functools
import threading

#: The names numpy's OpenBLAS builds give the two calls (numpy 2's scipy-openblas, numpy 1's 64-bit and plain).
_SUFFIXES = ("scipy_openblas_{}64_", "openblas_{}64_", "openblas_{}")
_lock = threading.Lock()


@functools.lru_cache(maxsize=1)
def _openblas():
    """``(get_num_threads, set_num_threads)`` of the OpenBLAS numpy loaded, or ``None``."""
    import numpy  # noqa: F401 - loads the library

    try:
        with open("/proc/self/maps") as maps:
            paths = {line.split()[-1] for line in maps if "openblas" in line.lower() and "/" in line}
    except OSError:
        return None
    for path in sorted(paths):
        try:
            library = ctypes.CDLL(path)
        except OSError:
            continue
        for pattern in _SUFFIXES:
            get, set_ = (getattr(library, pattern.format(n), None) for n in ("get_num_threads", "set_num_threads"))
            if get is not None and set_ is not None:
                get.restype, set_.argtypes = ctypes.c_int, [ctypes.c_int]
                return get, set_
    return None


@contextlib.contextmanager
def one_blas_thread():
    """Run the body with one OpenBLAS thread in this process; the number before is restored after."""
    before = set_threads(1)
    try:
        yield
    finally:
        if before is not None:
            set_threads(before)


def set_threads(count: int) -> int | None:
    """Let OpenBLAS use ``count`` threads; returns how many it used before (``None``: no OpenBLAS)."""
    calls = _openblas()
    if calls is None or count < 1:
        return None
    get, set_ = calls
    with _lock:
        before = get()
        set_(count)
    return before

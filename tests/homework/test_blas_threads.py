"""dnnstep's own process checks with one BLAS thread, and gives the number back afterwards."""

from __future__ import annotations

import pytest

from dnnstep.blas_threads import _openblas, one_blas_thread


def test_one_thread_during_the_check_and_the_number_before_after_it():
    calls = _openblas()
    if calls is None:
        pytest.skip("numpy here does not use OpenBLAS")
    get, set_ = calls
    before = get()
    set_(2)
    try:
        with one_blas_thread():
            assert get() == 1
            with one_blas_thread():  # nested: the inner one gives back the one thread it found
                assert get() == 1
            assert get() == 1
        assert get() == 2
    finally:
        set_(before)

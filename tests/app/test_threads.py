"""The screen's thread first: the switch interval and numpy's BLAS threads while the app runs."""

from __future__ import annotations

import sys

import pytest

from dnnstep.app.threads import SWITCH_INTERVAL, ScreenFirst
from dnnstep.blas_threads import _openblas


def test_while_the_user_reads_blas_has_one_thread_and_every_core_while_a_run_computes():
    calls = _openblas()
    if calls is None:
        pytest.skip("numpy here has no OpenBLAS")
    get, set_ = calls
    set_(2)
    interval = sys.getswitchinterval()
    screen = ScreenFirst()
    screen.start()
    try:
        assert get() == 1 and sys.getswitchinterval() == SWITCH_INTERVAL
        screen.computing(True)
        assert get() == 2  # a run-until: the user waits for it
        screen.computing(False)
        assert get() == 1
    finally:
        screen.stop()
    assert get() == 2 and sys.getswitchinterval() == interval


async def test_the_app_gives_blas_every_core_only_while_it_computes_for_the_user():
    calls = _openblas()
    if calls is None:
        pytest.skip("numpy here has no OpenBLAS")
    get, set_ = calls
    set_(2)
    from dnnstep.app import DnnStepApp
    from dnnstep.engine import Session

    from .conftest import five_layer

    app = DnnStepApp(Session(five_layer(num_iterations=400)))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause(0.2)
        assert get() == 1
        app._busy = "run"
        assert get() == 2
        app._busy = None
        assert get() == 1
    assert get() == 2

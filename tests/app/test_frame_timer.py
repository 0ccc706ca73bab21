"""The screen's repaint timer paints a change at once after a pause, and never twice
within a period (the clock is a fake one: no timing decides these tests)."""

import asyncio

import pytest
from textual.app import App

from dnnstep.app import DnnStepApp
from dnnstep.engine import Session
from dnnstep.scenario import make_scenario

from .conftest import fast_only

pytestmark = fast_only
if fast_only.args[0]:  # the module cannot be imported where Textual lacks what it uses
    FrameTimer = frame_timer = frame_timers = None
else:
    import dnnstep.app.fast.frame_timer as frame_timers
    from dnnstep.app.fast.frame_timer import FrameTimer, frame_timer

PERIOD = 1 / 60


@pytest.fixture
def clock(monkeypatch):
    now = [100.0]
    sleeps: list[float] = []

    async def fake_sleep(seconds: float) -> None:
        sleeps.append(seconds)
        now[0] += seconds
        await asyncio.sleep(0)

    monkeypatch.setattr(frame_timers, "perf_counter", lambda: now[0])
    monkeypatch.setattr(frame_timers, "sleep", fake_sleep)
    return now, sleeps


async def settle() -> None:
    for _ in range(20):
        await asyncio.sleep(0)


async def test_a_change_after_a_pause_is_painted_at_once_and_one_within_a_period_waits_only_the_rest(clock):
    now, sleeps = clock
    ticks: list[float] = []
    async with App().run_test() as pilot:
        timer: FrameTimer

        def paint() -> None:
            timer.pause()  # as Screen._on_timer_update does
            ticks.append(now[0])

        timer = frame_timer(pilot.app.screen, PERIOD, paint)
        timer.resume()
        await settle()
        assert ticks == [100.0] and sleeps == []  # the first change: at once
        now[0] += 0.005
        timer.resume()
        await settle()
        assert ticks[-1] == pytest.approx(100.0 + PERIOD) and sleeps == [pytest.approx(PERIOD - 0.005)]
        now[0] += 1.0  # the user reads
        timer.resume()
        await settle()
        assert ticks[-1] == pytest.approx(101.0 + PERIOD) and len(sleeps) == 1  # at once again
        assert all(b - a >= PERIOD - 1e-9 for a, b in zip(ticks, ticks[1:]))
        timer.stop()


async def test_the_debuggers_screens_repaint_from_it():
    app = DnnStepApp(Session(make_scenario([2, 3, 1], m=8, num_iterations=3, name="tiny")))
    async with app.run_test() as pilot:
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen._update_timer, FrameTimer)
        await pilot.press("j")  # a picture screen
        await pilot.pause()
        assert isinstance(app.screen._update_timer, FrameTimer)

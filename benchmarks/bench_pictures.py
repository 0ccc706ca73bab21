"""How fast the pictures redraw: key-to-repaint with a picture open, and the drawing alone.

1. Key-to-repaint: the app is run headless (``run_test``) at 160x50 and at 80x24, a
   picture screen is opened (cost curve, decision boundary, gradient health, histogram)
   and ``]`` is pressed repeatedly, each press after the previous repaint, so that every
   press moves to a new iteration and redraws the picture. The figure is the time from
   the key event reaching the app (``App.on_event`` wrapped) to the last frame the key
   caused (``App._display`` wrapped), as ``bench_app_latency.py`` measures the main screen,
   on two clocks: wall time, and this process's CPU time over the same interval (what the
   app itself did, which other processes sharing the machine do not inflate).
   The first iterations are computed before the walk (as a user who has stepped there):
   what is measured is the picture, not training.
2. Drawing alone: each picture's ``draw(width, height)`` called directly, many times, on
   the iteration the walk ended on (no compositor, no event loop).

Target (issue 11): p95 <= 16 ms on five_layer. Wall time is inflated by other processes on
the machine: the load average is printed with the figures.

    python benchmarks/bench_pictures.py [--presses N]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import time

from textual import events


from _common import quick
from dnnstep.app import DnnStepApp
from dnnstep.app.contents import tensor_title
from dnnstep.app.screens.cost_curve import CostCurveScreen
from dnnstep.app.screens.decision_boundary import DecisionBoundaryScreen
from dnnstep.app.screens.gradient_health import GradientHealthScreen
from dnnstep.app.screens.histogram import HistogramScreen
from dnnstep.app.widgets.histogram_bars import Values
from dnnstep.engine import Session
from dnnstep.scenario import load_scenario


def histogram_of(app: DnnStepApp, name: str = "Z"):
    def values():
        step = app.session.step(*app.position)
        return Values(tensor_title(name, step, app.session.L), step.tensors[name]) if name in step.tensors else None

    return HistogramScreen(values)


PICTURES = {
    "cost curve": lambda app: CostCurveScreen(),
    "decision boundary": lambda app: DecisionBoundaryScreen(),
    "gradient health": lambda app: GradientHealthScreen(),
    "histogram": histogram_of,
}
"""Each picture screen, made for a running app."""


def percentile(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, max(0, round(q / 100 * (len(values) - 1))))]


async def send_key(app, key: str, stamps: list) -> None:
    """Post one key as the terminal driver would; return once the app has been quiet 50 ms."""
    event = events.Key(key, None)
    event.set_sender(app)
    app._driver.send_message(event)
    quiet_since, frames = time.perf_counter(), 0
    while True:
        await asyncio.sleep(0.005)
        now = time.perf_counter()
        if len(stamps) != frames:
            frames, quiet_since = len(stamps), now
        elif (now - quiet_since > 0.05 and frames) or now - quiet_since > 2.0:
            return


async def walk(name: str, picture: str, size: tuple[int, int], presses: int):
    session = Session(load_scenario(name))
    session.steps(presses + 2)  # the iterations the walk visits, computed before it (the curve has them)
    app = DnnStepApp(session)
    stamps: list[tuple[float, float]] = []
    received: list[tuple[float, float]] = []
    display, on_event = app._display, app.on_event

    def stamped_display(screen, renderable):
        stamps.append((time.perf_counter(), time.process_time()))
        return display(screen, renderable)

    async def stamped_event(event):
        if isinstance(event, events.Key) and not received:
            received.append((time.perf_counter(), time.process_time()))
        return await on_event(event)

    app._display = stamped_display  # type: ignore[method-assign]
    app.on_event = stamped_event  # type: ignore[method-assign]
    times, cpu = [], []
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await app.push_screen(PICTURES[picture](app))
        await pilot.pause()
        await send_key(app, "right_square_bracket", stamps)  # warm-up, not measured
        for _ in range(presses):
            stamps.clear()
            received.clear()
            await send_key(app, "right_square_bracket", stamps)
            if stamps and received:
                times.append(stamps[-1][0] - received[0][0])
                cpu.append(stamps[-1][1] - received[0][1])
        await app.workers.wait_for_complete()
        widget = app.screen.query_one("#cost-chart, #decision-map, #health-chart, #histogram")
        draws = []
        for _ in range(50):
            t0 = time.process_time()
            widget.draw(size[0], size[1] - 4)
            draws.append(time.process_time() - t0)
    return times, cpu, draws


def report(label: str, seconds: list[float], target: float | None = None) -> None:
    ms = [s * 1000 for s in seconds]
    if not ms:
        print(f"{label}: no figures")
        return
    verdict = ""
    if target is not None:
        verdict = f"   target p95 <= {target:.0f} ms: {'met' if percentile(ms, 95) <= target else 'NOT met'}"
    print(f"{label} n={len(ms):<3} p50 {statistics.median(ms):6.2f} ms  p95 {percentile(ms, 95):6.2f} ms  "
          f"max {max(ms):6.2f} ms{verdict}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--presses", type=int, default=quick(40, 2))
    args = parser.parse_args()
    print(f"load average before: {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")
    cases = [("five_layer", p) for p in PICTURES] + [("planar", "decision boundary"), ("deep_sigmoid", "gradient health")]
    for size in ((160, 50), (80, 24)):
        for name, picture in cases:
            keys, cpu, draws = asyncio.run(walk(name, picture, size, args.presses))
            where = f"{name:<12} {picture:<17} {size[0]}x{size[1]}"
            target = 16.0 if name == "five_layer" else None
            report(f"{where} key-to-repaint wall", keys, target)
            report(f"{where} key-to-repaint cpu ", cpu, target)
            report(f"{where} draw alone cpu     ", draws)
    print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()

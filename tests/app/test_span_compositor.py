"""The span compositor writes, frame after frame, exactly what Textual's own would write."""

from __future__ import annotations

from dnnstep.app import DnnStepApp
from dnnstep.engine import Session
from dnnstep.scenario import make_scenario

from .conftest import fast_only

pytestmark = fast_only


async def test_every_partial_update_writes_what_textuals_would(monkeypatch):
    from textual._compositor import Compositor

    from dnnstep.app.fast.span_compositor import SpanCompositor

    frames: list[tuple[str, str, int]] = []
    ours_of = SpanCompositor.render_partial_update

    def both(self):
        regions = set(self._dirty_regions)
        ours = ours_of(self)
        self._dirty_regions.update(regions)
        theirs = Compositor.render_partial_update(self)
        console = app.console
        frames.append((ours.render_segments(console) if ours else "",
                       theirs.render_segments(console) if theirs else "", len(regions)))
        return ours

    monkeypatch.setattr(SpanCompositor, "render_partial_update", both)
    app = DnnStepApp(Session(make_scenario([2, 3, 5, 4, 2, 1], m=30, num_iterations=5, name="five_30")))
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen._compositor, SpanCompositor)
        # every phase, the heat map, a jump, the cell cursor and a scroll, a picture
        for key in ["n"] * 17 + ["h", "p", "c", "b", "u", "h", "right_square_bracket", "o", "down",
                                 "pagedown", "tab", "a", "a", "j", "n", "j"]:
            await pilot.press(key)
            await pilot.pause()
    assert len(frames) > 30
    for ours, theirs, regions in frames:
        assert ours == theirs, f"a frame of {regions} changed regions was written differently"

"""What the keys would show is drawn while the user reads (``dnnstep.app.drawing_ahead``).

After a step is on screen, the app draws the step ``n`` shows at once, and then, a pane per
turn of the event loop, what ``p``, ``h``, ``c``, ``b`` and ``u`` would show. Each key then
finds every pane's lines in the frame cache. These tests press each key after a pause and
count the lines the key itself had to draw (the drawing ahead is stopped for the key).
"""

from __future__ import annotations

from dnnstep.app import DnnStepApp
from dnnstep.app.widgets.tensor_grid import TensorGrid
from dnnstep.engine import Session
from dnnstep.scenario import load_scenario


async def _drawn_by(app, pilot, key: str) -> int:
    """Press ``key`` after the user has read for a while: the lines the key drew itself."""
    frames = app.query_one(TensorGrid).slots[0]._frames
    for _ in range(100):  # as long as the drawing takes on a busy machine, 5 s at most
        await pilot.pause(0.05)
        if app._reading is None:
            break
    assert app._reading is None  # all drawn
    misses = frames.misses["lines"]
    app._may_draw_ahead = lambda: False
    await pilot.press(key)
    await pilot.pause()
    drawn = frames.misses["lines"] - misses
    del app._may_draw_ahead
    app._predraw_next()  # as the app does once the step is on screen
    return drawn


async def test_each_step_key_finds_its_step_drawn_after_a_pause():
    app = DnnStepApp(Session(load_scenario("gradient_check")))
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.press("n")
        walk = [("h", "forward 2"), ("h", "forward 2"), ("c", "cost"), ("b", "backward 3"), ("u", "check 1"),
                ("p", "backward 1"), ("h", "backward 1"), ("p", "backward 2"), ("n", "backward 1"),
                ("b", "backward 3"), ("c", "cost")]
        for key, label in walk:
            drawn = await _drawn_by(app, pilot, key)
            assert (app.step.label, drawn) == (label, 0), key


async def test_a_key_stops_the_drawing_ahead_of_the_step_it_leaves():
    """A key that comes while the app draws ahead is answered after one pane at most, and
    what was left of the step it leaves is dropped: the new step starts its own."""
    app = DnnStepApp(Session(load_scenario("gradient_check")))
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause(0.3)
        drawn = []
        grid = app.query_one(TensorGrid)
        predrawing = grid.predrawing

        def counting(*args, **kwargs):
            for turn in predrawing(*args, **kwargs):
                drawn.append(app.position)
                yield turn

        grid.predrawing = counting
        app._predraw_next()
        leaving = app._reading
        assert leaving is not None
        await pilot.press("n")  # before the drawing ahead of forward 1 is done
        await pilot.pause(0.3)
        assert app.position == (0, 1) and app._reading is None
        assert (0, 0) in drawn and drawn[-1] == (0, 1)
        assert next(leaving, StopIteration) is not StopIteration  # left unfinished
        assert app._reading is not leaving  # and not continued: forward 2 has its own


async def test_what_is_drawn_ahead_follows_the_decimals_and_the_mark():
    """A step drawn ahead is drawn as the screen shows steps now: with the decimals ``.``
    chose and against the step ``m`` marked (both change what a pane shows). Drawn without
    them, every step drawn ahead was drawn again on its key."""
    app = DnnStepApp(Session(load_scenario("gradient_check")))
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.press("n")
        await pilot.pause()
        for key, label in ((".", "forward 2"), ("n", "forward 3"), ("m", "forward 3"), ("p", "forward 2"),
                           ("n", "forward 3")):
            drawn = await _drawn_by(app, pilot, key)
            if key in "np":
                assert (app.step.label, drawn) == (label, 0), key
        assert app.decimals is not None and app.mark is not None

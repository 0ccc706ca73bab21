"""A step is laid out once: the same in every iteration, and w, m and H never lay it out again.

The issue this answers: at ``:0:backward 3`` of five_layer, with the cell cursor three
columns into dW[3], ``]`` twice laid the grid out again (the cells of dW[3] were written
wider in iteration 2) and the cursor read another element; a watch (``w``) laid it out
again too, leaving lone indicator lines.
"""

from __future__ import annotations

from dnnstep.app import DnnStepApp
from dnnstep.app.widgets.closer_look import CloserLook
from dnnstep.app.widgets.tensor_grid import TensorGrid
from dnnstep.app.widgets.tensor_pane import TensorPane
from dnnstep.engine import Session
from dnnstep.scenario import load_scenario


def boxes(app) -> list:
    return [(pane.tensor, pane.region) for pane in app.query_one(TensorGrid).slots if pane.display]


async def test_the_cell_cursor_stays_on_its_element_and_w_m_h_never_lay_the_grid_out_again():
    app = DnnStepApp(Session(load_scenario("five_layer")))
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.press("colon", *"0:backward 3", "enter")
        await pilot.pause()
        dW = next(p for p in app.query(TensorPane) if p.tensor == "dW")
        dW.focus()
        await pilot.pause()
        await pilot.press("o", "shift+right", "shift+right", "shift+right")
        await pilot.pause()
        assert dW.cursor == (0, 3), dW.cursor
        assert app.query_one(CloserLook).lines[0].startswith("dW[3][0, 3] = ")
        plan, laid_out = app.query_one(TensorGrid).plan, boxes(app)
        await pilot.press("right_square_bracket", "right_square_bracket")
        await pilot.pause()
        assert app.position[0] == 2 and app.query_one(TensorGrid).plan == plan and boxes(app) == laid_out
        assert app.query_one(CloserLook).lines[0].startswith("dW[3][0, 3] = ")
        assert dW.window[1] <= 3 < dW.window[1] + dW.window[3]  # and column 3 is on show
        for keys in (("w",), ("m",), ("H", "escape"), ("m",), ("W",)):
            await pilot.press(*keys)
            await pilot.pause()
            assert app.query_one(TensorGrid).plan == plan, keys
            assert [(name, region.size) for name, region in boxes(app)] == [(n, r.size) for n, r in laid_out], keys

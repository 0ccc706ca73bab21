"""The layout of every step of five_layer and cat_size at 160x50, 120x40 and 80x24.

What the issue saw: ``dW[3] (4, 5)`` showing two of its five columns at 160x50 with lines
of the grid left blank; ``dAL (1, 30)`` showing 18 of its 30 values in iterations 1-12 and
all 30 in the others; the same step laid out otherwise from one iteration to the next.
So, for every step, in iterations 0, 5 and 50:

- a tensor of at most 40 values is never cut while a line of the grid is left blank (a
  line no pane writes on: under a row's panes, or under the last row);
- the step is laid out with the same plan in every iteration.
"""

from __future__ import annotations

import numpy as np
import pytest
from textual.geometry import Region

from dnnstep.app import DnnStepApp
from dnnstep.app.widgets.tensor_grid import TensorGrid
from dnnstep.engine import Session
from dnnstep.scenario import load_scenario

SMALL = 40
"""Tensors of at most this many values are the ones the issue found cut."""
ITERATIONS = (0, 5, 50)


def blank_lines(app) -> list[int]:
    """The lines of the grid no pane writes on (inside the panes' rows, or under the last)."""
    grid = app.query_one(TensorGrid)
    top, bottom = grid.content_region.y, grid.content_region.bottom
    written, boxed = set(), set()
    panes = [pane for pane in grid.slots if pane.display and pane.region.height]
    for pane in panes:
        for y, line in enumerate(pane.render_lines(Region(0, 0, *pane.outer_size))):
            boxed.add(pane.region.y + y)
            if line.text.strip():
                written.add(pane.region.y + y)
    last = max((pane.region.bottom for pane in panes), default=top)
    return [y - top for y in range(top, bottom) if y not in written and (y in boxed or y >= last)]


async def laid_out(app, pilot) -> None:
    """Until the panes stand where the grid's plan puts them (a busy machine may still be
    laying the screen out when the step's keys are done)."""
    grid = app.query_one(TensorGrid)
    for _ in range(100):
        await pilot.pause()
        origin = grid.content_region.offset - grid.scroll_offset
        panes = [pane for pane in grid.slots if pane.display]
        if grid.single or (grid.plan is not None and [tuple(pane.region.translate(-origin)) for pane in panes]
                           == [tuple(box) for box in grid.plan.boxes]):
            return
        await pilot.pause(0.02)
    raise AssertionError("the panes never stood where the plan puts them")


def cut(app) -> list[tuple[str, tuple[int, ...], str]]:
    """The panes not showing all their values: tensor, shape, which part shows."""
    found = []
    for pane in app.query_one(TensorGrid).slots:
        content = pane.content
        if not pane.display or content is None:
            continue
        array = content.value if content.value is not None else content.reference
        if array is not None and np.ndim(array) and pane._layout().overflow:
            found.append((pane.tensor, np.shape(array), pane.position_text))
    return found


@pytest.mark.parametrize("size", [(160, 50), (120, 40), (80, 24)], ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("name", ["five_layer", "cat_size"])
async def test_no_small_tensor_is_cut_while_lines_are_blank_and_a_step_looks_the_same_in_every_iteration(name, size):
    app = DnnStepApp(Session(load_scenario(name)))
    async with app.run_test(size=size) as pilot:
        while app.busy or not app.loaded:
            await pilot.pause(0.05)
        grid = app.query_one(TensorGrid)
        plans: dict[int, set] = {}
        for iteration in ITERATIONS:
            for index in range(app.session.steps_per_iteration):
                app.go(iteration, index)
                while app.busy:
                    await pilot.pause(0.02)
                await laid_out(app, pilot)
                assert app.position == (iteration, index)
                plans.setdefault(index, set()).add(grid.plan)
                small = [c for c in cut(app) if int(np.prod(c[1])) <= SMALL]
                blank = blank_lines(app)
                assert not (small and blank), (iteration, app.step.label, small, blank)
        assert all(len(seen) == 1 for seen in plans.values()), [i for i, seen in plans.items() if len(seen) > 1]

"""A step is laid out once: the same in every iteration, and w, m and H never lay it out again.

The issue this answers: at ``:0:backward 3`` of five_layer, with the cell cursor three
columns into dW[3], ``]`` twice laid the grid out again (the cells of dW[3] were written
wider in iteration 2) and the cursor read another element; a watch (``w``) laid it out
again too, leaving lone indicator lines.
"""

from __future__ import annotations

from textual.geometry import Region

from dnnstep.app import DnnStepApp
from dnnstep.app.widgets.closer_look import CloserLook
from dnnstep.app.widgets.tensor_grid import TensorGrid
from dnnstep.app.widgets.tensor_pane import TensorPane
from dnnstep.engine import Session
from dnnstep.scenario import load_scenario
from .conftest import fast_only


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


async def test_a_step_with_more_tensors_than_week_4s_gets_a_pane_each_in_the_steps_order():
    """Course 2's steps hold more tensors (masks D, optimizer states v, s, v̂, ŝ) under names
    the week-4 vocabulary does not place: each gets a pane, right after the name it follows
    in the step, and the plan is made for them like any other."""
    import numpy as np

    from dnnstep.app.contents import pane_contents
    from dnnstep.app.values import SummaryCache
    from dnnstep.app.widgets.tensor_grid import pane_order

    assert pane_order(["W", "b", "dW", "db", "v_dW", "v_db", "s_dW", "W_new", "b_new"]) == [
        "W", "b", "dW", "db", "v_dW", "v_db", "s_dW", "W_new", "b_new"]
    assert pane_order(["A_prev", "D", "W", "b", "Z", "A_pre", "A"]) == ["A_prev", "D", "W", "b", "Z", "A_pre", "A"]
    app = DnnStepApp(Session(load_scenario("five_layer")))
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.press("u")
        await pilot.pause()
        step = app.step
        rng = np.random.default_rng(0)
        more = {f"{kind}_{name}": rng.normal(size=step[name].shape) for kind in ("v", "s") for name in ("dW", "db")}
        names = list(step.tensors)
        at = names.index("db") + 1  # as Course 2's update records them: the states after db
        tensors = {name: step.tensors[name] for name in names[:at]} | more | {name: step.tensors[name] for name in names[at:]}
        contents = pane_contents(step.__class__(**{**step.__dict__, "tensors": tensors}), app.session.L,
                                 SummaryCache())
        grid = app.query_one(TensorGrid)
        grid.show(contents, False)
        await pilot.pause()
        names = list(grid.shown)
        assert len(names) == len(contents) > 8 and len(grid.slots) >= len(names)
        assert names.index("v_dW") == names.index("db") + 1  # right after db, as the step has them
        assert all(pane.display and pane.region.area for pane in grid.slots[: len(names)])
        assert len(grid.plan.boxes) == len(names)


async def test_d_and_x_bring_the_pane_that_differs_on_screen_and_focus_it():
    """The issue: after d (backward 5, db[5] differs) and x, the grid was one pane per row
    and the pane that differed seven tabs down, off screen."""
    from .conftest import FakeStudent, five_layer

    session = Session(five_layer(m=30))
    app = DnnStepApp(session, student=FakeStudent(session, layer=5))
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        grid = app.query_one(TensorGrid)
        for key in ("d", "x", "x", "x"):
            await pilot.press(key)
            await pilot.pause()
            await pilot.pause()
            pane = app.focused
            assert isinstance(pane, TensorPane) and pane.content.differs, key
            title = Region(pane.region.x, pane.region.y, pane.region.width, 1)
            assert grid.region.contains_region(title), (key, title, grid.region)  # its title on screen
        assert grid.sides and grid.max_scroll_y > 0  # three windows a pane: the grid scrolls, to the pane


@fast_only
async def test_a_step_whose_panes_scroll_is_laid_out_once_with_its_scrollbar():
    """An Adam update's twenty-two panes are taller than the grid at 160 x 50. Textual learns a
    scrolling container's extent from the layout that places its children, and laid the whole
    screen out a second time (a second frame) to add the scrollbar on the way in and to take it
    away on the way out; the grid now gives its extent with its plan: one layout, and the
    scrollbar is right in it."""
    from .test_course2_app import moons

    app = DnnStepApp(Session(moons()))
    async with app.run_test(size=(160, 50)) as pilot:
        grid = app.query_one(TensorGrid)
        await pilot.press("right_square_bracket", "u", "p")  # at backward 1, every pane made and seen once
        await pilot.pause()
        reflows = []
        compositor = app.screen._compositor
        reflow = compositor.reflow
        compositor.reflow = lambda *args: reflows.append(app.step.label) or reflow(*args)
        first: list[str] = []
        display = app._display

        def first_frame(screen, update):
            shown = display(screen, update)
            if not first:
                first.append(app.export_screenshot())
            return shown

        app._display = first_frame
        for key, scrolls in (("n", True), ("p", False), ("n", True)):
            reflows.clear()
            first.clear()
            await pilot.press(key)
            await pilot.pause()
            await pilot.pause()
            assert reflows == [app.step.label], (key, reflows)
            assert first == [app.export_screenshot()], key  # the step's first frame is the whole of it
            assert (grid.plan.height > grid.size.height) is scrolls and grid.show_vertical_scrollbar is scrolls
            assert grid.virtual_size.height == max(grid.plan.height, grid.size.height)


@fast_only
async def test_the_first_step_of_a_session_into_an_adam_update_is_laid_out_once():
    """The first time the grid scrolls, its scrollbar gets its first size, and Textual laid the
    whole screen out once more for the scrollbar's new virtual size (a second frame, 22-32 ms
    of the session's first Adam update): the scrollbar asks for no layout of its own."""
    from .test_course2_app import moons

    app = DnnStepApp(Session(moons()))
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.press("colon", *"backward 1", "enter")  # no update step seen yet
        await pilot.pause(0.2)
        assert app.step.label == "backward 1"
        reflows = []
        compositor = app.screen._compositor
        reflow = compositor.reflow
        compositor.reflow = lambda *args: reflows.append(app.step.label) or reflow(*args)
        await pilot.press("n")
        await pilot.pause()
        await pilot.pause()
        grid = app.query_one(TensorGrid)
        assert app.step.label == "update 1" and grid.show_vertical_scrollbar
        assert reflows == ["update 1"]


def test_pane_names_are_the_names_pane_contents_gives():
    """The grid makes its panes ahead from ``pane_names``: the same names, in the same order,
    as ``pane_contents`` fills, for every step of week 4, Adam, dropout and a gradient check,
    comparing or not."""
    from dnnstep.app.contents import pane_contents, pane_names
    from dnnstep.app.values import SummaryCache

    from .conftest import five_layer
    from .test_course2_app import dropout, moons

    for scenario in (five_layer(), moons(), dropout(), load_scenario("gradient_check")):
        session = Session(scenario)
        for step in session.steps(0):
            for compare in (False, True):
                contents = pane_contents(step, session.L, SummaryCache(), compare=compare)
                assert pane_names(step, compare=compare) == list(contents), (scenario.name, step.label, compare)


async def test_the_panes_of_the_largest_step_are_made_at_the_start_and_no_key_mounts_any():
    """An Adam update shows twenty-two panes where week 4 shows eight: they are made, put
    away, once the first iteration is at hand, not on the key of the first update."""
    from .test_course2_app import moons

    app = DnnStepApp(Session(moons()))
    async with app.run_test(size=(160, 50)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        grid = app.query_one(TensorGrid)
        made = list(grid.slots)
        assert len(made) == 22 and all(pane.is_mounted for pane in made)
        assert [pane.tensor for pane in made if pane.display] == list(grid.shown)  # the rest put away
        for _ in range(app.session.steps_per_iteration):
            await pilot.press("n")
            await pilot.pause()
            assert grid.slots == made
            assert [pane.tensor for pane in grid.slots if pane.display] == list(grid.shown), app.step.label


async def test_check_2_and_check_3_of_a_gradient_check_share_one_plan_and_no_check_shows_less():
    """No plan serves the three check steps (W (5, 4), (3, 5), (1, 3)): each takes its own where
    that shows more, and the phase's plan is check 2's, which shows all of check 3 whole, so
    check 2 -> check 3 only repaints (the plan for the largest shapes laid the grid out again
    at every check step)."""
    from dnnstep.app.grid_plan import wholes

    app = DnnStepApp(Session(load_scenario("gradient_check")))
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.press("colon", *"check 1", "enter")
        await pilot.pause()
        grid = app.query_one(TensorGrid)
        plans = []
        for label in ("check 1", "check 2", "check 3"):
            assert app.step.label == label
            width, height = grid.size
            own = grid._made(grid._own_needs, width, height + grid.below)
            assert wholes(grid.plan, grid._own_needs) == wholes(own, grid._own_needs), label
            plans.append((grid.plan, boxes(app)))
            await pilot.press("n")
            await pilot.pause()
        assert plans[1] == plans[2] and plans[0][0] != plans[1][0]
        assert wholes(plans[2][0], grid._own_needs) == len(grid._own_needs)  # check 3: every tensor whole

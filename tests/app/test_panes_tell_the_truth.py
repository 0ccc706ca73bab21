"""Pilot tests: what a tensor pane draws and what its title says agree (issue 10).

The rows/cols indicator is checked against the lines actually drawn: on the first frame,
after a resize, maximized, and for a big tensor whose title leaves no room for it. Row
vectors wrap; 0-d values are numbers; compared panes show the difference, and the
student's and the reference's values share one number format.
"""

from __future__ import annotations

import dataclasses
import re

import numpy as np
from textual.geometry import Region

from dnnstep.app import DnnStepApp
from dnnstep.app.values import CellFormat, summarize
from dnnstep.app.widgets.tensor_grid import TensorGrid
from dnnstep.app.widgets.tensor_pane import TensorPane
from dnnstep.engine import Session
from dnnstep.engine.step import step_index
from dnnstep.scenario import make_scenario

from .conftest import FakeStudent, five_layer

INDICATOR = re.compile(r"(?:rows|r) (\d+)-(\d+)/(\d+)\s+(?:cols|c) (\d+)-(\d+)/(\d+)")


def drawn(pane: TensorPane) -> list[str]:
    return [strip.text for strip in pane.render_lines(Region(0, 0, *pane.outer_size))]


def panes(app) -> dict[str, TensorPane]:
    return app.query_one(TensorGrid).panes


def value_rows(lines: list[str]) -> list[list[str]]:
    """The cells of each row of values drawn (a row label, then numbers): a folded matrix's
    blocks (a header of column numbers, then the rows again) joined row by row."""
    rows: dict[str, list[str]] = {}
    for line in lines[1:]:
        words = line.split()
        if words and all(w.isdigit() for w in words) and [int(w) for w in words] == list(range(int(words[0]), int(words[0]) + len(words))):
            continue  # the header of column numbers
        if len(words) > 1 and words[0].isdigit() and all(re.fullmatch(r"-?[\d.]+(e[-+]\d+)?|nan|-?inf", w) for w in words[1:]):
            rows.setdefault(words[0], []).extend(words[1:])
    return list(rows.values())


def assert_indicator_true(pane: TensorPane) -> None:
    """The indicator (title bar or last line) names exactly the rows and columns drawn."""
    lines = drawn(pane)
    rows = value_rows(lines)
    array_rows, array_cols = np.asarray(pane.content.value).reshape(pane.content.value.shape[0], -1).shape
    found = [m for line in (lines[0], lines[-1]) for m in [INDICATOR.search(line)] if m]
    if len(rows) == array_rows and all(len(r) == array_cols for r in rows):
        assert not found, (pane.tensor, lines[0])  # all shown: nothing to say
        return
    assert found, (pane.tensor, lines[0], lines[-1])  # a part shown: it must say which
    r0, r1, R, c0, c1, C = map(int, found[0].groups())
    assert (R, C) == (array_rows, array_cols)
    assert r1 - r0 + 1 == len(rows) and all(len(r) == c1 - c0 + 1 for r in rows), (pane.tensor, lines[0])


async def test_the_indicator_is_true_on_the_first_frame_after_resize_and_maximized():
    app = DnnStepApp(Session(five_layer(m=30)))
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        for pane in panes(app).values():
            if pane.content.value is not None:
                assert_indicator_true(pane)
        assert "rows" not in drawn(panes(app)["W"])[0]  # W[1] (3, 2) is all on show
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        for pane in panes(app).values():
            if pane.content.value is not None:
                assert_indicator_true(pane)
        await pilot.press("z")
        await pilot.pause()
        assert app.screen.maximized is panes(app)["A_prev"]
        assert_indicator_true(panes(app)["A_prev"])


async def test_a_big_tensor_always_says_which_part_is_on_show():
    rng = np.random.default_rng(0)
    X = rng.random((12288, 12))
    Y = (rng.random((1, 12)) > 0.5).astype(float)
    scenario = make_scenario([12288, 20, 1], X=X, Y=Y, num_iterations=2, name="big_input")
    app = DnnStepApp(Session(scenario))
    async with app.run_test(size=(160, 50)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        x = panes(app)["A_prev"]
        assert x.title_text.startswith("A[0] = X  (12288, 12)")
        assert_indicator_true(x)
        x.focus()
        await pilot.press("end")
        await pilot.pause()
        assert_indicator_true(x)
        assert any("/12288" in line and "12287" in line for line in (drawn(x)[0], drawn(x)[-1]))


async def test_a_row_vector_wraps_to_show_all_its_values():
    session = Session(five_layer(m=30))
    app = DnnStepApp(session)
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.press("c")
        await pilot.pause()
        step = app.step
        for name in ("AL", "Y"):
            lines = drawn(panes(app)[name])
            cells = [w for line in lines[1:] for w in line.split()[1:] if re.fullmatch(r"-?\d+(\.\d+)?", w)]
            rows = [line for line in lines[1:] if re.fullmatch(r"\s*\d+(\s+-?\d+(\.\d+)?)+\s*", line)]
            shown = [float(w) for line in rows for w in line.split()[1:]]  # after each line's index
            assert len(shown) == 30, (name, lines)
            np.testing.assert_allclose(shown, step[name].ravel(), atol=5e-5)
            assert cells
            assert "rows" not in lines[0]


async def test_j_and_alpha_are_numbers_not_tables(session):
    app = DnnStepApp(session)
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.press("c")
        await pilot.pause()
        lines = drawn(panes(app)["J"])
        assert lines[0].strip() == "J  (a number)"
        assert lines[1].strip() == f"= {app.step.scalars['J']!r}"
        assert all(not line.strip() for line in lines[2:])  # no "0" header, no "0" row label
        await pilot.press("u")
        await pilot.pause()
        assert drawn(panes(app)["alpha"])[1].strip() == f"= {session.scenario.learning_rate!r}"


async def test_homework_panes_compare_alpha_and_show_the_difference_first(session):
    student = FakeStudent(session, layer=3)
    app = DnnStepApp(session, student=student)
    async with app.run_test(size=(160, 50)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        app.go(0, step_index(session.L, "update", 1))
        await pilot.pause()
        alpha = "\n".join(drawn(panes(app)["alpha"]))
        assert "learning rate" in alpha and "rates differ" not in alpha  # the same: said once, under the panes
        assert "difference 0.0" in " ".join(alpha.split())
        assert "student = reference" in app.query_one("#legend").render_line(0).text
        await pilot.press("d")
        await pilot.pause()
        dW = panes(app)["dW"]
        text = "\n".join(drawn(dW))
        assert "cells differ · values: student − reference" in text
        assert "reference " not in text.replace("student − reference", "")
        alone = dW.window[3]
        assert alone == 5  # all of dW[3]'s 5 columns at 160x50
        width = dW.size.width
        await pilot.press("x")
        await pilot.pause()
        captions = drawn(dW)[3]
        assert captions.split() == ["student", "reference", "student", "−", "reference"]
        assert dW.size.width > width and dW.window[3] >= 2  # three windows get the room they need


def test_compared_arrays_share_one_number_format():
    student = np.array([[0.0014, -0.002]])
    reference = np.array([[4.61e-05, 0.0003]])
    shared = CellFormat.shared(summarize(student), summarize(reference))
    assert shared.format(0.0014).strip() == "1.400e-03" and shared.format(4.61e-05).strip() == "4.610e-05"
    big, small = np.array([[2.5, -1.0]]), np.array([[0.004, 0.001]])
    shared = CellFormat.shared(summarize(big), summarize(small))
    assert shared.kind == "sci"  # fixed decimals would write a value under 1e-4 as 0.0000


async def test_at_80x24_one_pane_fills_the_grid_and_tab_brings_the_next():
    app = DnnStepApp(Session(five_layer(m=30)))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("c")
        await pilot.pause()
        grid = app.query_one(TensorGrid)
        assert grid.single and grid.max_scroll_y == 0  # one level of scrolling: the pane's own
        visible_panes = [p for p in grid.slots if p.display]
        assert visible_panes == [panes(app)["AL"]] and app.focused is panes(app)["AL"]
        assert len(value_rows(drawn(panes(app)["AL"]))) == 5  # all 30 values of AL, 7 to a line
        tabs = app.query_one("#pane-tabs").text
        assert tabs.split()[:4] == ["AL", "Y", "J", "dAL"]
        await pilot.press("tab")
        await pilot.pause()
        assert [p for p in grid.slots if p.display] == [panes(app)["Y"]] and app.focused is panes(app)["Y"]
        await pilot.press("shift+tab", "shift+tab")
        await pilot.pause()
        assert app.focused is panes(app)["db"]  # round to the last
        await pilot.resize_terminal(160, 50)
        await pilot.pause()
        assert not grid.single and [p for p in grid.slots if p.display] == grid.slots[: len(grid.shown)]


class TransposingStudent(FakeStudent):
    """Its dW of ``backward layer`` is transposed: (5, 4) where the reference's is (4, 5)."""

    def step(self, iteration, index):
        step = super().step(iteration, index)
        if step is None or index != self.index:
            return step
        tensors = dict(step.tensors)
        tensors["dW"] = tensors["dW"].T / 2
        return dataclasses.replace(step, tensors=tensors)


async def test_a_student_array_of_another_shape_shows_all_its_rows(session):
    app = DnnStepApp(session, student=TransposingStudent(session, layer=3))
    async with app.run_test(size=(160, 50)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.press("d")
        await pilot.pause()
        dW = panes(app)["dW"]
        lines = drawn(dW)
        assert "student (5, 4), reference (4, 5)" in "\n".join(lines)
        numbered = [line.split()[0] for line in lines if re.match(r"^\s+\d\s+-?\d\.\d", line)]
        assert list(dict.fromkeys(numbered)) == ["0", "1", "2", "3", "4"]  # the student's 5 rows, not the reference's 4


async def test_panes_are_sized_to_what_they_hold_and_a_step_is_laid_out_alike_in_every_iteration():
    scenario = make_scenario([2, 3, 5, 4, 2, 1], m=30, num_iterations=5, name="five_30")
    app = DnnStepApp(Session(scenario))
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.press("n")
        await pilot.pause()
        shown = panes(app)
        assert shown["b"].size.width < shown["W"].size.width < shown["A_prev"].size.width  # b (5, 1), W (5, 3)
        plans = []
        for _ in range(app.session.steps_per_iteration):
            plans.append(app.query_one(TensorGrid).plan)
            await pilot.press("n")
            await pilot.pause()
        await pilot.press("right_square_bracket", "right_square_bracket")  # iteration 3, its values other
        for plan in plans:  # forward 2 .. update 5, then forward 1 of iteration 4
            await pilot.pause()
            assert app.query_one(TensorGrid).plan == plan, app.step.label
            await pilot.press("n")


async def test_a_cat_sized_network_fits_the_grid_at_120x40_without_scrolling():
    images = make_scenario([12288, 20, 7, 5, 1], m=20, num_iterations=3, init="course-app",
                           image_shape=(64, 64, 3), name="cat_like")
    app = DnnStepApp(Session(images))
    async with app.run_test(size=(120, 40)) as pilot:
        while not app.loaded or app.busy:
            await pilot.pause(0.05)
        await pilot.press("n")
        await pilot.pause()
        grid = app.query_one(TensorGrid)
        assert grid.max_scroll_y == 0
        for pane in panes(app).values():  # every row of values, or two at least
            if pane.content.value is not None:
                assert pane.window[2] >= min(2, pane.content.value.shape[0]), pane.tensor


async def test_the_grid_knows_the_sizes_a_plan_gives_so_a_step_of_another_phase_is_drawn_ahead():
    from dnnstep.app.widgets.tensor_pane import FrameCache

    app = DnnStepApp(Session(make_scenario([2, 3, 5, 4, 2, 1], m=30, num_iterations=5, name="five_30")))
    async with app.run_test(size=(160, 50)) as pilot:
        grid = app.query_one(TensorGrid)
        for key in ("n", "n", "n", "n", "c", "b", "u", "right_square_bracket"):  # every phase
            await pilot.press(key)
            await pilot.pause()
            shown = [pane for pane in grid.slots if pane.display]
            assert grid.sizes(grid.plan) == [pane.outer_size for pane in shown], key
        # at forward 5 the next step is the cost, another plan: its panes are drawn at their new sizes
        await pilot.press("colon")
        await pilot.press(*"forward 5", "enter")
        await pilot.pause(0.2)  # a user reads: the next step is drawn meanwhile
        frames: FrameCache = grid.slots[0]._frames
        misses = frames.misses.copy()
        app._predraw_next = lambda: None  # count only what showing the cost draws, not the step after it
        await pilot.press("n")
        await pilot.pause()
        assert app.step.phase == "cost"
        # every pane's lines were drawn ahead, and laid out at the size the new plan gives it, not the old one too
        assert frames.misses["lines"] == misses["lines"] and frames.misses["plan"] == misses["plan"]



async def test_after_h_the_next_step_is_drawn_ahead_as_a_heat_map():
    """``h`` then ``n`` (the heat map at check 1 of a gradient check, then check 2): the next
    step's panes were drawn ahead without the heat map; ``h`` draws them ahead again with it."""
    from dnnstep.app.widgets.tensor_pane import FrameCache
    from dnnstep.scenario import load_scenario

    app = DnnStepApp(Session(load_scenario("gradient_check")))
    async with app.run_test(size=(160, 50)) as pilot:
        grid = app.query_one(TensorGrid)
        await pilot.press("colon", *"check 1", "enter")
        await pilot.pause(0.2)
        await pilot.press("h")
        await pilot.pause(0.2)  # a user reads: the next step is drawn again meanwhile
        frames: FrameCache = grid.slots[0]._frames
        misses = frames.misses["lines"]
        app._predraw_next = lambda: None  # count only what showing check 2 draws
        await pilot.press("n")
        await pilot.pause()
        assert app.step.label == "check 2" and app.heat
        assert frames.misses["lines"] == misses  # every pane's heat map was drawn ahead

async def test_walking_back_the_step_before_is_drawn_ahead_and_at_the_last_step_too():
    """``p`` held walks back, and at the last step of a run (a gradient check's check 3) ``p``
    is the only step key left: the step before is drawn ahead, as the next one is after ``n``
    (the frame cache has every pane's lines when the key comes), with the FrameCache
    emptied in between so that a step shown before cannot pass for one drawn ahead. After
    a jump (``u``) the user reads on forward again: the next step is drawn ahead."""
    from dnnstep.app.widgets.tensor_pane import FrameCache
    from dnnstep.scenario import load_scenario

    app = DnnStepApp(Session(load_scenario("gradient_check")))
    async with app.run_test(size=(160, 50)) as pilot:
        grid = app.query_one(TensorGrid)
        frames: FrameCache = grid.slots[0]._frames
        await pilot.press("colon", *"check 3", "enter")  # the last step, reached by a jump: n was not pressed
        await pilot.pause(0.2)
        async def press(key: str) -> int:
            """Press ``key`` with only what the app drew at once after the last key in the
            emptied cache (not what it goes on drawing while the user reads): the misses."""
            frames._items.clear()
            app._predraw_next()
            app._reading = None
            misses = frames.misses["lines"]
            app._may_draw_ahead = lambda: False  # count only what showing the step draws
            await pilot.press(key)
            await pilot.pause()
            del app._may_draw_ahead
            return frames.misses["lines"] - misses

        for label in ("check 2", "check 1", "backward 1"):
            assert await press("p") == 0 and app.step.label == label, label
        await pilot.press("u")  # a jump, after walking back: the user reads on forward from there
        await pilot.pause(0.2)
        assert await press("n") == 0 and app.step.label == "check 2"


async def test_a_pane_shows_the_values_its_plan_made_room_for_in_scientific_notation_too():
    """The plan sizes a pane for the widest cell of its tensor over the phase (11 characters
    in scientific notation, not the 8 of fixed): dW[3] (4, 5) of five_layer is written
    ``1.457e-03`` and used to get room for 5 values and show 2."""
    from dnnstep.scenario import load_scenario

    app = DnnStepApp(Session(load_scenario("five_layer")))
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.press("right_square_bracket")
        grid = app.query_one(TensorGrid)
        sci = 0
        for _ in range(app.session.steps_per_iteration):
            await pilot.pause()
            shown = [pane for pane in grid.slots if pane.display]
            for pane, need in zip(shown, grid._needs):
                window = pane._main()
                if window is None or pane._scalar or need.kind != "matrix":
                    continue
                sci += window.format.kind == "sci"
                room = min(window.shape[1], need.per_line(pane.outer_size.width))
                assert pane.window[3] >= room, (app.position, pane.tensor, window.format, pane.window)
            await pilot.press("n")
        assert sci >= 4  # the case this is about was met

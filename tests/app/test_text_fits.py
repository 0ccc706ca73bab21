"""Text that fits, or says it does not (each of these was cut at 160x50, 120x40 or 80x24).

Titles keep the tensor's name and shape; a message at 80x24 takes two lines or a shorter
form, never losing its number or its hint; the story ends in ``…`` when cut and shows
whole on a key or a click; the heat legend keeps both ends of its scale and the NaN/Inf
key; the line under the panes offers only what the scenario has; a terminal too small
shows its message with no toast over it, and the panes come back focused.
"""

from __future__ import annotations

import pytest
from textual.widgets import Input, OptionList

from dnnstep.app import DnnStepApp
from dnnstep.app.widgets.about import AboutPanel
from dnnstep.app.widgets.heat_legend import HeatLegend
from dnnstep.app.widgets.line import Line
from dnnstep.app.widgets.status_bar import fit_message
from dnnstep.app.widgets.tensor_grid import TensorGrid
from dnnstep.app.widgets.tensor_pane import TensorPane
from dnnstep.engine import Session
from dnnstep.scenario import load_scenario, make_scenario

from .conftest import notices


def title_bar(pane: TensorPane) -> str:
    return pane.render_line(0).text


@pytest.mark.parametrize("size", [(160, 50), (120, 40), (80, 24)], ids=lambda s: f"{s[0]}x{s[1]}")
async def test_every_title_keeps_its_name_and_shape(size):
    app = DnnStepApp(Session(load_scenario("five_layer")))
    async with app.run_test(size=size) as pilot:
        grid = app.query_one(TensorGrid)
        for _ in range(app.session.steps_per_iteration):
            await pilot.pause()
            for pane in grid.slots:
                if pane.display and pane.tensor and pane.size.width:
                    assert title_bar(pane).startswith(f" {pane.title_text} "), (app.step.label, title_bar(pane))
            await pilot.press("n")


async def test_a_run_ended_message_at_80x24_takes_two_lines_and_keeps_its_numbers(session):
    app = DnnStepApp(session)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("c", "r")
        await pilot.pause()
        await pilot.press("1")  # a NaN or Inf: never, on this net
        for _ in range(100):
            await pilot.pause(0.05)
            if app.last_result is not None and not app.busy:
                break
        message = app.query_one("#message", Line)
        lines = message.text.splitlines()
        assert 1 <= len(lines) <= 2 and message.size.height == len(lines)
        assert all(len(line) <= 78 for line in lines)
        said = " ".join(lines)
        assert "at iteration 3" in said and "back at iteration 0, cost" in said


def test_a_message_too_long_for_two_lines_takes_its_shorter_form():
    forms = ["First divergence at iteration 12, backward 5: db[5] is 30 times the reference's: the 1/m "
             "of db = 1/m Σ dZ is missing. Press d to go there.",
             "First divergence at 12:backward 5: db[5] is 30 times the reference's: the 1/m is missing; d goes there.",
             "Diverges at 12:backward 5: 1/m missing (d)"]
    whole = fit_message(forms, 78)
    assert len(whole) == 2 and " ".join(whole) == forms[0]  # the whole message, in two lines
    lines = fit_message(forms, 60)
    assert len(lines) <= 2 and "1/m" in " ".join(lines) and "d" in " ".join(lines)
    assert fit_message(forms, 30) == ["Diverges at 12:backward 5: 1/m", "missing (d)"]  # the shortest form
    assert fit_message(forms, 15)[-1].endswith("…") and len(fit_message(forms, 15)) == 2
    assert fit_message([""], 80) == []


@pytest.mark.parametrize("size", [(160, 50), (80, 24)], ids=lambda s: f"{s[0]}x{s[1]}")
async def test_the_story_ends_in_an_ellipsis_when_cut_and_a_click_or_a_shows_it_whole(size):
    app = DnnStepApp(Session(load_scenario("five_layer")))
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        about = app.query_one(AboutPanel)
        lines = about.text.splitlines()
        assert about.cut and lines[-1].endswith("… (a: all of it)")
        assert len(lines) == (4 if size[1] >= 40 else 1)
        assert "Try it" not in about.text  # five_layer's last line is not on show
        await pilot.click(AboutPanel)
        await pilot.pause()
        assert about.state == "whole" and "Try it: set method" in " ".join(about.text.split())
        assert "…" not in about.text
        if size == (80, 24):
            assert about.max_scroll_y > 0  # more than half the screen: it scrolls
        await pilot.press("a")  # hidden
        await pilot.pause()
        assert not about.display
        await pilot.press("a")  # its first lines again
        await pilot.pause()
        assert about.display and about.state == "cut" and about.text.splitlines()[-1].endswith("… (a: all of it)")


async def test_the_heat_legend_at_80x24_keeps_both_ends_of_its_scale_and_the_nan_key():
    app = DnnStepApp(Session(load_scenario("five_layer")))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("h")
        await pilot.pause()
        legend = app.query_one(HeatLegend)
        text = legend.render_line(0).text
        name, scale = legend.name_scale
        assert f"{-scale:.3g}" in text and f"{scale:.3g}" in text.split(" 0 ")[1] and "NaN/Inf" in text
        assert len(text.rstrip()) <= legend.size.width


async def test_the_line_under_the_panes_offers_only_the_pictures_the_scenario_has():
    app = DnnStepApp(Session(load_scenario("five_layer")))
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        assert "f boundary" in app.query_one(HeatLegend).render_line(0).text
    images = make_scenario([12, 3, 1], m=6, num_iterations=2, image_shape=(2, 2, 3), name="images")
    app = DnnStepApp(Session(images))
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        hint = app.query_one(HeatLegend).render_line(0).text
        assert "v grad health" in hint and "boundary" not in hint


async def test_the_run_until_bound_says_what_it_stands_for_and_takes_typed_digits(session):
    app = DnnStepApp(session)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("r")
        await pilot.pause()
        bound = app.screen.query_one("#bound", Input)
        options = app.screen.query_one(OptionList)
        options.highlighted = 3  # "below"
        await pilot.pause()
        assert bound.placeholder == "1e-7 unless you type one"
        options.highlighted = 2
        await pilot.pause()
        assert bound.placeholder == "1e3 unless you type one"
        bound.focus()
        await pilot.press("5")  # a digit into the bound, not the fifth condition
        await pilot.pause()
        assert bound.value == "5" and app.last_result is None and app.busy is None
        await pilot.press("escape")


async def test_too_small_clears_the_toasts_and_the_panes_come_back_focused(session):
    app = DnnStepApp(session)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        app.notify("a stale toast")
        await pilot.pause()
        await pilot.resize_terminal(60, 15)
        await pilot.pause()
        assert not notices(app)
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.focused, TensorPane)
        assert "0: forward 1" in app.query_one("#where", Line).text  # the step, not squeezed out


async def test_a_maximized_pane_says_which_step_it_is(session):
    app = DnnStepApp(session)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("b", "z")
        await pilot.pause()
        pane = app.screen.maximized
        assert "iteration 0 · backward 5" in title_bar(pane)
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert "iteration 1 · backward 5" in title_bar(pane)
        await pilot.press("z")
        await pilot.pause()
        assert "iteration" not in title_bar(pane)


async def test_a_run_until_a_gradient_bound_names_the_bound_it_used(session):
    from dnnstep.app.running import describe
    from dnnstep.engine.conditions import GradientNormAbove, GradientNormBelow

    assert describe(GradientNormAbove(1000.0)) == "a gradient norm exceeds 1000"
    assert describe(GradientNormBelow(1e-7)) == "a gradient norm falls below 1e-07"
    app = DnnStepApp(session)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("c", "r")
        await pilot.pause()
        await pilot.press("3")  # the bound left empty: 1e3, as the input said
        for _ in range(100):
            await pilot.pause(0.05)
            if app.last_result is not None and not app.busy:
                break
        said = " ".join(app.query_one("#message", Line).text.split())
        assert "without finding where a gradient norm exceeds 1000;" in said


def test_dnnstep_scenarios_says_which_need_the_courses_files(capsys):
    from dnnstep.cli import main

    assert main(["scenarios"]) == 0
    lines = capsys.readouterr().out.splitlines()
    marked = {line.split()[0] for line in lines if line.endswith(" *")}
    assert marked == {"cat", "cat_2layer", "football", "football_dropout", "football_l2"}  # the course's h5 and data.mat
    assert lines[-1].startswith("* needs the course's data files (not shipped)") and "--data DIR" in lines[-1]


async def test_the_cost_label_names_the_iterations_it_draws(session):
    app = DnnStepApp(session)
    async with app.run_test(size=(160, 50)) as pilot:
        for _ in range(100):  # the next iteration is computed ahead, once the first frame is out
            await pilot.pause(0.02)
            if app.session.iterations_computed > 1:
                break
        await pilot.press("n")  # the cost history is drawn at the next move
        await pilot.pause()
        label = app.query_one("#costs-label", Line).text
        assert label == f"J of iterations 0..{app.session.iterations_computed - 1}"

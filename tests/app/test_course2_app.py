"""Course 2 on the screen: the header's epoch and batch, ':' with epochs, the step keys across
batches, the formula pane's room and numbers, and the pictures of the new features (the gradient
check per parameter, dropout's masks, the optimizer's step beside gd's, two runs side by side,
all of a step's formulas, the cost per mini-batch and per epoch), each read against the engine."""

from __future__ import annotations

import numpy as np
import pytest

from dnnstep.app import DnnStepApp
from dnnstep.app.jump import JumpError, parse_jump
from dnnstep.app.screens.beside import BesideScreen
from dnnstep.app.screens.cost_curve import CostCurveScreen
from dnnstep.app.screens.decision_boundary import DecisionBoundaryScreen
from dnnstep.app.screens.dropout_mask import DropoutMaskScreen
from dnnstep.app.screens.formulas import FormulasScreen
from dnnstep.app.screens.gradient_check import GradientCheckScreen
from dnnstep.app.screens.prompt import PromptScreen
from dnnstep.app.screens.step_size import StepSizeScreen, step_ratios
from dnnstep.app.where import batch_words
from dnnstep.app.widgets.chart import Chart
from dnnstep.app.widgets.decision_map import DecisionMap
from dnnstep.app.widgets.formula_pane import FormulaPane
from dnnstep.app.widgets.layer_bars import LayerBars
from dnnstep.app.widgets.line import Line
from dnnstep.app.widgets.mask_view import MaskView, glyphs
from dnnstep.app.widgets.parameter_map import ParameterMap
from dnnstep.engine import Session
from dnnstep.engine.health import gd_step_norms_by_layer, step_norms_by_layer
from dnnstep.engine.parameter_check import DISAGREE
from dnnstep.engine.predict import forward_probabilities
from dnnstep.engine.step import step_index
from dnnstep.scenario import load_scenario, make_scenario

SIZE = (160, 50)


def moons(optimizer="adam", **options):
    """The Optimization notebook's network on 150 moons, mini-batches of 64 (64, 64, 22), 40 epochs."""
    settings = dict(data="make_moons", m=150, init="he", learning_rate=0.0007, optimizer=optimizer,
                    mini_batch_size=64, num_epochs=40, arithmetic="init_utils", course=2, name=f"moons_{optimizer}_tiny")
    settings.update(options)
    return make_scenario([2, 5, 2, 1], **settings)


def dropout(**options):
    settings = dict(data="make_moons", m=90, init="he", learning_rate=0.3, keep_prob=0.86, arithmetic="reg_utils",
                    num_iterations=20, course=2, name="dropout_tiny")
    settings.update(options)
    return make_scenario([2, 20, 3, 1], **settings)


async def settle(pilot):
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def goto(pilot, text):
    await pilot.press("colon")
    await pilot.pause()
    pilot.app.screen.query_one("Input").value = text
    await pilot.press("enter")
    await settle(pilot)


def where(app) -> str:
    return app.query_one("#where", Line).text


# ---------------------------------------------------------------- epochs and batches
@pytest.mark.parametrize("text, expected", [
    ("epoch 3 batch 2", (3 * 5 + 2, 0)),
    ("e3b2", (17, 0)),
    ("e3 b2", (17, 0)),
    ("epoch 3", (15, 0)),
    ("epoch 3 batch 2:backward 1", (17, step_index(3, "backward", 1))),
    ("e0b4:cost", (4, step_index(3, "cost"))),
    ("17:update 2", (17, step_index(3, "update", 2))),
])
def test_go_to_an_epoch_and_batch(text, expected):
    assert parse_jump(text, L=3, num_iterations=5 * 40, iteration=0, batches=5) == expected


@pytest.mark.parametrize("text, message", [
    ("epoch 40", "Epoch 40 is outside 0..39"),
    ("epoch 3 batch 5", "Batch 5 is outside 0..4: an epoch has 5 mini-batches"),
    ("eleven:cost", "'eleven' is not an iteration number or 'epoch E batch B'"),
])
def test_go_to_an_epoch_says_what_is_wrong(text, message):
    with pytest.raises(JumpError, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse_jump(text, L=3, num_iterations=5 * 40, iteration=0, batches=5)


def test_without_mini_batches_an_epoch_is_an_iteration_and_has_one_batch():
    assert parse_jump("epoch 7", L=3, num_iterations=100, iteration=0) == (7, 0)
    with pytest.raises(JumpError, match="this scenario has no mini-batches"):
        parse_jump("epoch 7 batch 1", L=3, num_iterations=100, iteration=0)


def test_batch_words_count_from_zero_and_give_the_last_batchs_size():
    session = Session(moons())
    assert session.schedule.K == 3
    assert batch_words(session, 0)[0] == "epoch 0 (0..39) · batch 0 (0..2): 64 examples"
    assert batch_words(session, 5) == ("epoch 1 (0..39) · batch 2 (0..2): 22 examples",
                                       "epoch 1 · batch 2 (0..2): 22 examples", "e1 b2: 22")
    assert batch_words(Session(dropout()), 3) is None  # no mini-batches: the iteration says it all


async def test_the_header_says_epoch_and_batch_and_the_step_keys_cross_them():
    app = DnnStepApp(Session(moons()))
    async with app.run_test(size=SIZE) as pilot:
        await goto(pilot, "epoch 1 batch 2:update 3")  # the last step of epoch 1: its small batch
        assert app.position == (5, app.session.steps_per_iteration - 1)
        assert "it 5 · 9: update 3 · epoch 1 · batch 2 (0..2): 22 examples" in where(app)
        assert app.step["dW"].shape == (1, 2) and app.session.steps(5)[0]["A_prev"].shape == (2, 22)
        await pilot.press("n")  # next step: the next epoch's first batch
        await settle(pilot)
        assert app.position == (6, 0) and "epoch 2 · batch 0 (0..2): 64 examples" in where(app)
        await pilot.press("p", "left_square_bracket")  # back, then the same step a batch earlier
        await settle(pilot)
        assert app.position == (4, app.session.steps_per_iteration - 1) and "epoch 1 · batch 1 (0..2)" in where(app)
        await pilot.press("right_square_bracket", "right_square_bracket")  # ] moves one mini-batch
        await settle(pilot)
        assert app.position[0] == 6 and "epoch 2 · batch 0 (0..2)" in where(app)


async def test_the_header_of_a_narrow_screen_keeps_the_step_and_the_batch():
    app = DnnStepApp(Session(moons()))
    async with app.run_test(size=(80, 24)) as pilot:
        await goto(pilot, "e1b2:backward 2")
        assert where(app).startswith("moons_adam_tiny · it 5 · 5: backward 2 · e1 b2: 22 · J = ")
        assert not app.query_one("#costs").display  # the sparkline gave its room


async def test_a_week_4_header_has_no_epoch():
    app = DnnStepApp(Session(make_scenario([2, 3, 1], m=10, num_iterations=5, name="tiny")))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert " epoch" not in where(app) and "batch" not in where(app) and "iteration 1 (0..4)" in where(app)


# ---------------------------------------------------------------- the formula pane
async def test_the_formula_pane_has_room_for_an_adam_update_and_names_its_numbers():
    app = DnnStepApp(Session(moons()))
    async with app.run_test(size=SIZE) as pilot:
        await goto(pilot, "e0b2:update 2")
        pane = app.query_one(FormulaPane)
        assert pane.border_title == "update 2 · t = 3 · β1 = 0.9 · β2 = 0.999 · ε = 1e-08"
        assert app.step.scalars["t"] == 3
        lines = pane.text.splitlines()
        assert len(lines) == 12 and pane.size.height == 12  # one row each: twelve formulas
        assert lines[0].startswith("v_dW[2] (2, 5)  = β1 v_dW[2] (2, 5)") and lines[-1].startswith("b[2] (2, 1)  :=")
        await goto(pilot, "e0b2:forward 1")  # the pane keeps its height from phase to phase
        assert pane.size.height == 12 and pane.border_title == "forward 1 · g = relu"


async def test_a_short_screen_says_how_many_formulas_more_and_F_shows_them_all():
    app = DnnStepApp(Session(moons()))
    async with app.run_test(size=(80, 24)) as pilot:
        await goto(pilot, "update 1")
        pane = app.query_one(FormulaPane)
        shown = [pane.render_line(y).text.rstrip() for y in range(pane.size.height)]
        assert shown[-1].strip() == "… 9 more formulas: F shows them all" and len(shown) == 4
        await pilot.press("F")
        await settle(pilot)
        assert isinstance(app.screen, FormulasScreen)
        everything = app.screen.query_one(FormulaPane)
        drawn = [everything.render_line(y).text for y in range(everything.size.height)]
        assert len(everything.text.splitlines()) == 12 and not any("more formulas" in line for line in drawn)
        assert any("W[1] (5, 2)  := W[1] (5, 2)  - step_W[1] (5, 2)" in line for line in drawn)
        await pilot.press("n")  # it follows the cursor
        await settle(pilot)
        assert everything.border_title.startswith("update 2")


async def test_week_4_keeps_its_formula_pane():
    app = DnnStepApp(Session(make_scenario([2, 3, 1], m=10, num_iterations=5, name="tiny")))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("u")
        await settle(pilot)
        pane = app.query_one(FormulaPane)
        assert pane.size.height == 4 and pane.border_title == "update 1"  # compact, room for four


# ---------------------------------------------------------------- which keys a scenario has
@pytest.mark.parametrize("scenario, present", [
    (lambda: moons(), {"step_size"}),
    (lambda: moons("momentum"), {"step_size"}),
    (lambda: moons("gd"), set()),
    (lambda: dropout(), {"dropout_mask"}),
    (lambda: load_scenario("gradient_check"), {"gradient_check"}),
])
async def test_a_features_picture_is_hidden_where_the_scenario_lacks_the_feature(scenario, present):
    app = DnnStepApp(Session(scenario()))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for action in ("step_size", "dropout_mask", "gradient_check"):
            assert bool(app.check_action(action, ())) == (action in present), action
        from dnnstep.app.commands import debugger_commands

        titles = [title for title, _, _ in debugger_commands(app)]
        assert ("Show the gradient check per parameter" in titles) == ("gradient_check" in present)
        assert ("Show dropout's masks" in titles) == ("dropout_mask" in present)
        for action in ("step_size", "dropout_mask", "gradient_check"):
            if action not in present:  # a hidden key does nothing
                await pilot.press({"step_size": "A", "dropout_mask": "D", "gradient_check": "G"}[action])
                await settle(pilot)
                assert not app.screen.__class__.__name__.endswith(("SizeScreen", "MaskScreen", "CheckScreen"))


# ---------------------------------------------------------------- the gradient check
async def test_the_gradient_check_screen_finds_the_shipped_bugs_in_W2_and_b1():
    session = Session(load_scenario("gradient_check"))
    app = DnnStepApp(session)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("G")
        await settle(pilot)
        assert isinstance(app.screen, GradientCheckScreen)
        picture = app.screen.query_one(ParameterMap)
        check = picture.check
        assert [g.name for g in check.wrong()] == ["b1", "W2"]
        assert check.size == 47 and check.difference == session.steps(0)[-1].scalars["difference"]
        title = app.screen.query_one(".picture-title", Line).text
        assert 'difference = 0.2850931568 > 2e-7: "There is a mistake in the backward propagation!"' in title
        notes = app.screen.query_one(".picture-notes", Line).text
        assert "8 of the 47 parameters disagree: b1 (4 of 5; 1 is 0=0), W2 (4 of 15; 11 are 0=0)" in notes
        assert "formulas for db[1] and dW[2]" in notes
        text = "\n".join(picture.render_line(y).text for y in range(picture.size.height))
        assert "W2 (3, 5)  θ[25..39]  diff 3.3e-01 ✗ 4" in text and "b1 (5, 1)  θ[20..24]  diff 6.0e-01 ✗ 4" in text
        assert "W1 (5, 4)  θ[0..19]  diff 1.6e-07" in text and "✗" not in text.split("W1 (5, 4)")[1].split("b1")[0]
        assert text.count("6.0e-01") == 4 + 1 and text.count("3.3e-01") == 4 + 1  # the cells and the headings
        await pilot.press("t")  # the cells show grad / gradapprox: twice and four times
        text = "\n".join(picture.render_line(y).text for y in range(picture.size.height))
        W2 = check.groups[2]
        ratios = W2.grad[W2.verdict == DISAGREE] / W2.approx[W2.verdict == DISAGREE]
        assert np.allclose(ratios, 2, rtol=1e-5) and picture.mode == "ratio"
        assert "grad / gradapprox" in text and text.count("      4 ") >= 4 and text.count("      2 ") >= 4
        await pilot.press("G")
        await settle(pilot)
        assert not isinstance(app.screen, GradientCheckScreen)


async def test_the_fixed_backward_agrees_everywhere_even_at_80x24():
    app = DnnStepApp(Session(load_scenario("gradient_check_fixed")))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("G")
        await settle(pilot)
        picture = app.screen.query_one(ParameterMap)
        assert picture.check.wrong() == () and picture.hidden == ()  # every block had room
        assert "Every one of the 47 parameters agrees" in app.screen.query_one(".picture-notes", Line).text
        assert "Your backward propagation works perfectly fine!" in app.screen.query_one(".picture-title", Line).text


# ---------------------------------------------------------------- dropout's masks
def test_glyphs_draw_a_dropped_entry_where_it_is():
    dropped = np.array([[1, 0, 0, 0, 1], [0, 0, 0, 1, 0], [0, 1, 0, 0, 0]])
    assert glyphs(dropped, 1) == ["▌ ▌", " ▐ ", "▐  "]
    assert glyphs(dropped, 2) == ["▘▗▘", "▝  "]


async def test_the_mask_picture_is_the_forward_steps_masks_and_the_same_each_iteration():
    session = Session(dropout())
    app = DnnStepApp(session)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("D")
        await settle(pilot)
        assert isinstance(app.screen, DropoutMaskScreen)
        view = app.screen.query_one(MaskView)
        masks = view.masks
        assert [m.layer for m in masks] == [1, 2] and masks[0].D is session.steps(0)[0]["D"]
        text = "\n".join(view.render_line(y).text for y in range(view.size.height))
        D1 = session.steps(0)[0]["D"]
        dropped = int(np.sum(D1 == 0))
        assert (f"D[1]  (20, 90): {dropped} of 1800 entries dropped ({dropped / 1800:.1%}); the course's draw: "
                "the same in every iteration") in text
        assert view.tall == 1  # one unit per line at 160x50
        rows = [line for line in text.splitlines() if line[:5].strip().isdigit()]
        assert rows[0][5:5 + 45] == glyphs((D1 == 0).astype(int), 1)[0]
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert app.position[0] == 1 and np.array_equal(view.masks[0].D, D1)


async def test_the_masks_fit_80x24():
    app = DnnStepApp(Session(dropout()))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("D")
        await settle(pilot)
        view = app.screen.query_one(MaskView)
        text = "\n".join(view.render_line(y).text for y in range(view.size.height))
        assert view.tall == 2 and "D[2]" in text and "does not fit" not in text


async def test_the_football_masks_fit_80x24_four_units_a_line():
    from tests.course2_engine.conftest import football_dir

    app = DnnStepApp(Session(load_scenario("football_dropout", data_dir=football_dir())))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("D")
        await settle(pilot)
        view = app.screen.query_one(MaskView)
        text = "\n".join(view.render_line(y).text for y in range(view.size.height))
        assert view.tall == 4 and "D[2]  (3, 211): 89 of 633 dropped (14.1%), the course's draw" in text
        assert "does not fit" not in text


# ---------------------------------------------------------------- the optimizer's step
async def test_the_step_size_picture_is_the_health_historys_steps():
    session = Session(moons())
    app = DnnStepApp(session)
    async with app.run_test(size=SIZE) as pilot:
        await goto(pilot, "e2b0:update 1")
        await pilot.press("A")
        await settle(pilot)
        assert isinstance(app.screen, StepSizeScreen)
        history = session.health_history
        steps, gd = step_norms_by_layer(history), gd_step_norms_by_layer(history)
        chart = app.screen.query_one(Chart)
        for l, series in enumerate(chart.data.series):
            assert np.array_equal(series.y, step_ratios(steps, gd)[l], equal_nan=True)
        rows = app.screen.query_one(LayerBars).bars.rows
        assert [row.name for row in rows] == ["W[1] Adam", "W[1] gd", "W[2] Adam", "W[2] gd", "W[3] Adam", "W[3] gd"]
        update = session.step(6, step_index(3, "update", 1))
        assert rows[0].value == pytest.approx(np.linalg.norm(update["step_W"]), rel=1e-12)
        assert rows[1].value == pytest.approx(0.0007 * np.linalg.norm(update["dW"]), rel=1e-12)
        assert rows[0].value > 3 * rows[1].value  # Adam's step is larger where the gradients are small


# ---------------------------------------------------------------- two runs side by side
async def test_two_runs_side_by_side_at_the_same_iteration():
    app = DnnStepApp(Session(moons()), beside=moons("gd"))
    async with app.run_test(size=SIZE) as pilot:
        await goto(pilot, "e10b1")
        await pilot.press("B")
        await settle(pilot)
        assert isinstance(app.screen, BesideScreen)
        other = app.beside
        left = app.screen.query_one("#left-heading", Line).text
        right = app.screen.query_one("#right-heading", Line).text
        assert left.startswith(f"moons_adam_tiny (adam)\nJ = {app.session.cost_at(31):.6g}")
        assert right.startswith(f"moons_gd_tiny (gd)\nJ = {other.cost_at(31):.6g}")
        W = other.parameters_at(31)
        assert right.endswith("‖W[1..3]‖ " + " ".join(f"{np.linalg.norm(W[f'W{l}']):.3g}" for l in (1, 2, 3)))
        field = app.screen.query_one("#right-map", DecisionMap).last_field
        assert np.array_equal(field.AL, forward_probabilities(other.parameters_at(31), other.scenario.activations,
                                                              field.grid).reshape(field.AL.shape))
        chart = app.screen.query_one(Chart)
        assert [s.name for s in chart.data.series] == ["moons_adam_tiny", "moons_gd_tiny"]
        assert chart.data.series[1].y.tolist() == other.epoch_costs().tolist()  # the epochs' costs, as printed
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert app.position[0] == 32
        assert app.screen.query_one("#right-heading", Line).text.startswith(
            f"moons_gd_tiny (gd)\nJ = {other.cost_at(32):.6g}")


async def test_B_without_a_run_beside_asks_for_one():
    app = DnnStepApp(Session(moons()))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("B")
        await pilot.pause()
        assert isinstance(app.screen, PromptScreen)
        app.screen.query_one("Input").value = "no_such_scenario"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PromptScreen)  # the prompt says why and stays
        assert "no_such_scenario" in str(app.screen.query_one(".error").render())
        app.screen.query_one("Input").value = "moons_gd"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, BesideScreen) and app.beside.scenario.name == "moons_gd"


async def test_the_palette_offers_the_scenarios_with_the_same_inputs_beside():
    app = DnnStepApp(Session(load_scenario("gradient_check")))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        from dnnstep.app.commands import debugger_commands

        titles = [title for title, _, _ in debugger_commands(app)]
        assert any(t.startswith("Beside: gradient_check_fixed") for t in titles)
        assert not any(t.startswith("Beside: moons_gd") for t in titles)  # 2 inputs, not 4
        assert "Beside: another scenario…" in titles


# ---------------------------------------------------------------- the cost curve and the boundary
async def test_the_cost_curve_has_the_epochs_beside_the_mini_batches():
    session = Session(moons())
    app = DnnStepApp(session)
    async with app.run_test(size=SIZE) as pilot:
        await goto(pilot, "e4b1")
        await pilot.press("j")
        await settle(pilot)
        assert isinstance(app.screen, CostCurveScreen)
        batches, epochs = app.screen.query_one(Chart).data.series
        assert batches.y.tolist() == session.cost_history.tolist()
        assert epochs.y.tolist() == session.epoch_costs().tolist() and epochs.y.size >= 4
        assert epochs.x.tolist()[:2] == [1.0, 4.0]
        assert "iteration 13, epoch 4 · batch 1 (0..2): 64 examples: J = " in app.screen.query_one(".picture-title", Line).text


@pytest.mark.parametrize("name", ["circles_he", "moons_adam", "football"])
async def test_the_decision_boundary_on_each_course_2_data_set(name):
    from tests.course2_engine.conftest import football_dir

    scenario = load_scenario(name, data_dir=football_dir() if name == "football" else None)  # or skip, saying why
    session = Session(scenario)
    app = DnnStepApp(session)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
        assert isinstance(app.screen, DecisionBoundaryScreen)
        field = app.screen.query_one(DecisionMap).last_field
        AL = forward_probabilities(session.parameters_at(0), scenario.activations, field.grid)
        assert np.array_equal(field.AL, AL.reshape(field.AL.shape))


async def test_the_step_list_and_the_map_have_the_check_phase():
    from dnnstep.app.widgets.network_map import NetworkMap
    from dnnstep.app.widgets.step_list import StepList

    app = DnnStepApp(Session(load_scenario("gradient_check")))
    async with app.run_test(size=SIZE) as pilot:
        await goto(pilot, "check 2")
        assert app.step.label == "check 2" and app.position == (0, step_index(3, "check", 2))
        rows = [app.query_one(StepList).render_line(y).text for y in range(app.query_one(StepList).size.height)]
        assert [row.split()[1:] for row in rows if "check" in row] == [["check", "1"], ["check", "2"], ["check", "3"]]
        assert "update" not in "".join(rows)
        assert "±ε" in app.query_one(NetworkMap).render().plain


@pytest.mark.parametrize("scenario, listed", [
    (lambda: make_scenario([2, 3, 1], m=10, num_iterations=5, name="tiny"), set()),  # week 4: its help as it was
    (lambda: moons(), {"A", "B", "F"}),
    (lambda: dropout(), {"D", "B", "F"}),
    (lambda: load_scenario("gradient_check"), {"G", "B", "F"}),
])
async def test_the_help_and_the_palette_list_a_features_keys_only_where_it_is(scenario, listed):
    from dnnstep.app.commands import debugger_commands
    from dnnstep.app.screens.help import HelpScreen

    app = DnnStepApp(Session(scenario()))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        keys = {key for key, _ in app.screen.keys}
        assert {"G", "D", "A", "B", "F"} & keys == listed
        beside = [title for title, _, _ in debugger_commands(app) if title.startswith("Beside")]
        assert bool(beside) == ("B" in listed)


def test_glyphs_four_units_a_line_in_braille():
    dropped = np.zeros((5, 3), dtype=int)
    dropped[0, 0] = dropped[3, 1] = dropped[4, 2] = 1
    # units 0-3 in the first line, unit 4 in the second; examples 0-1 in the first cell, 2 in the second
    assert glyphs(dropped, 4) == [chr(0x2800 | 0x01 | 0x80) + chr(0x2800), chr(0x2800) + chr(0x2800 | 0x01)]


async def test_two_runs_without_a_plane_keep_their_headings():
    app = DnnStepApp(Session(load_scenario("gradient_check")), beside=load_scenario("gradient_check_fixed"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("B")
        await settle(pilot)
        assert isinstance(app.screen, BesideScreen) and app.screen.has_class("-flat")
        right = app.screen.query_one("#right-heading", Line)
        assert right.display and right.region.height == 3
        assert right.text.startswith(f"gradient_check_fixed (gd)\nJ = {app.beside.cost_at(0):.6g}")
        assert not app.screen.query_one("#right-map", DecisionMap).display
        assert "no decision boundaries" in app.screen.query_one(".picture-notes", Line).text

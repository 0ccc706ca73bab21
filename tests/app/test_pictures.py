"""The pictures in the app: what they draw is the Session's numbers, and they follow the cursor."""

from __future__ import annotations

import numpy as np
import pytest

from dnnstep.app import DnnStepApp
from dnnstep.app.screens.cost_curve import CostCurveScreen
from dnnstep.app.screens.decision_boundary import DecisionBoundaryScreen, why_not
from dnnstep.app.screens.gradient_health import GradientHealthScreen
from dnnstep.app.screens.histogram import HistogramScreen
from dnnstep.app.screens.picture import POLL
from dnnstep.app.widgets.chart import Chart
from dnnstep.app.widgets.decision_map import DecisionMap
from dnnstep.app.widgets.histogram_bars import HistogramBars, Values
from dnnstep.app.widgets.layer_bars import LayerBars
from dnnstep.app.widgets.tensor_pane import TensorPane
from dnnstep.engine import Session
from dnnstep.engine.pictures import decision_field
from dnnstep.engine.predict import forward_probabilities
from dnnstep.engine.step import step_index
from dnnstep.scenario import make_scenario

from .conftest import notices

SIZE = (160, 50)


def circles(**options):
    settings = dict(m=40, data="circles", num_iterations=200, learning_rate=0.5, name="circles_five",
                    title="five layers on circles")
    settings.update(options)
    return make_scenario([2, 3, 5, 4, 2, 1], **settings)


async def open_picture(pilot, key):
    await pilot.press(key)
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def test_the_cost_curve_draws_the_sessions_costs_and_grows_with_the_cursor():
    app = DnnStepApp(Session(circles()))
    async with app.run_test(size=SIZE) as pilot:
        await open_picture(pilot, "j")
        assert isinstance(app.screen, CostCurveScreen)
        chart = app.screen.query_one(Chart)
        (series,) = chart.data.series
        assert series.y.tolist() == app.session.cost_history.tolist()
        assert series.y[0] == app.session.cost_at(0) == app.session.step(0, app.session.L).scalars["J"]
        for _ in range(3):
            await pilot.press("right_square_bracket")
        await pilot.pause(POLL + 0.1)  # the iteration computed ahead joins the curve at the next look
        (series,) = chart.data.series
        assert app.position[0] == 3
        assert series.y.tolist() == app.session.cost_history.tolist()
        assert series.x.tolist() == list(range(len(series.y))) and len(series.y) >= 4
        assert chart.data.marker == 3.0
        title = app.screen.query_one(".picture-title").text
        assert f"iteration 3: J = {app.session.cost_at(3):.8g}" in title
        await pilot.press("l")
        assert chart.data.log and "log scale" in chart.data.y_label
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, CostCurveScreen)
        # the main screen, left alone while the picture covered it, shows where the cursor went
        shown = {p.tensor: p for p in app.query(TensorPane) if p.tensor}
        assert shown["A_prev"].content.value is app.session.step(3, 0)["A_prev"]


async def test_the_decision_boundary_is_the_forward_pass_at_the_cursors_iteration():
    app = DnnStepApp(Session(circles()))
    async with app.run_test(size=SIZE) as pilot:
        await open_picture(pilot, "f")
        assert isinstance(app.screen, DecisionBoundaryScreen)
        scenario = app.session.scenario
        for iteration in (0, 2):
            field = app.screen.query_one(DecisionMap).last_field
            parameters = app.session.parameters_at(iteration)
            assert np.array_equal(field.AL.ravel(), forward_probabilities(parameters, scenario.activations, field.grid).ravel())
            expected = decision_field(parameters, scenario.activations, scenario.X, *field.AL.shape[::-1])
            assert np.array_equal(field.AL, expected.AL)
            await pilot.press("right_square_bracket", "right_square_bracket")
            await pilot.pause()
        assert app.position[0] == 4
        assert "iteration 4" in app.screen.query_one(".picture-title").text


async def test_a_scenario_without_2d_inputs_says_why_it_has_no_boundary():
    session = Session(make_scenario([5, 4, 1], m=6, data="blobs", num_iterations=2))
    assert "n[0] = 5 features, not 2" in why_not(session)
    assert why_not(Session(circles())) is None
    app = DnnStepApp(session)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("f")
        await pilot.pause()
        assert not isinstance(app.screen, DecisionBoundaryScreen)
        assert any("n[0] = 5 features, not 2" in text for text in notices(app))


async def test_gradient_health_rows_are_the_norms_of_the_backward_steps_dW():
    app = DnnStepApp(Session(circles()))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("right_square_bracket", "right_square_bracket")
        await open_picture(pilot, "v")
        assert isinstance(app.screen, GradientHealthScreen)
        session = app.session
        rows = app.screen.query_one(LayerBars).bars.rows
        assert [r.layer for r in rows] == [1, 2, 3, 4, 5]
        steps = session.steps(2)
        for row in rows:
            dW = steps[step_index(session.L, "backward", row.layer)]["dW"]
            assert row.value == np.linalg.norm(dW)
        chart = app.screen.query_one(Chart)
        assert chart.data.log and "Frobenius norm" in chart.data.y_label
        for l, series in enumerate(chart.data.series, start=1):
            assert series.y.tolist() == [np.linalg.norm(session.steps(i)[step_index(session.L, "backward", l)]["dW"])
                                         for i in range(len(series.y))]
        await pilot.press("w")
        assert "update-to-weight ratio" in chart.data.y_label


async def test_the_histogram_counts_every_value_of_the_tensor_at_the_cursor():
    app = DnnStepApp(Session(circles()))

    def values():
        step = app.session.step(*app.position)
        return Values("Z", step["Z"]) if "Z" in step.tensors else None

    async with app.run_test(size=SIZE) as pilot:
        await app.push_screen(HistogramScreen(values))
        await pilot.pause()
        bars = app.screen.query_one(HistogramBars)
        Z = app.session.step(0, 0)["Z"]
        assert bars.last.total == Z.size and int(bars.last.counts.sum()) == Z.size
        assert bars.last.edges[0] == Z.min() and bars.last.edges[-1] == Z.max()
        await pilot.press("n")
        await pilot.pause()
        assert bars.values.array is app.session.step(0, 1)["Z"]


# ---------------------------------------------------------------- snapshots at 160x50
def _snapshot_app(steps: int) -> DnnStepApp:
    """A relu network that learns the circles within a few dozen iterations, ``steps`` of them done."""
    session = Session(make_scenario([2, 8, 4, 1], m=100, data="circles", learning_rate=0.3, init="he",
                                    num_iterations=400, name="circles_relu"))
    session.steps(steps)
    return DnnStepApp(session)


@pytest.mark.parametrize("picture", ["cost", "boundary", "health", "histogram"])
def test_picture_snapshots(snap_compare, picture):
    app = _snapshot_app(60)

    async def open_it(pilot):
        app.go(60, 0)
        await pilot.pause()
        if picture == "histogram":
            await pilot.press("tab", "tab", "tab")  # the pane of Z[1]
        await open_picture(pilot, {"cost": "j", "boundary": "f", "health": "v", "histogram": "H"}[picture])

    assert snap_compare(app, run_before=open_it, terminal_size=SIZE)


async def test_a_small_networks_picture_redraws_in_one_frame_with_the_accuracy_already_in_its_title():
    app = DnnStepApp(Session(circles()))
    async with app.run_test(size=SIZE) as pilot:
        await open_picture(pilot, "j")
        started = []
        app.screen._accuracy_worker = started.append  # a worker's result would repaint a second time
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert started == []
        title = app.screen.query_one(".picture-title").text
        assert "iteration 1" in title and "train " in title and "accuracy …" not in title


@pytest.mark.parametrize("key", ["j", "f", "v", "H"])
async def test_a_pictures_direct_lines_equal_textuals(key):
    from textual.geometry import Region
    from textual.widget import Widget

    from dnnstep.app.widgets.picture import Picture

    app = DnnStepApp(Session(circles()))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n", "n")
        await open_picture(pilot, key)
        for picture in app.screen.query(Picture):
            region = Region(0, 0, *picture.outer_size)
            direct = [list(strip) for strip in picture.render_lines(region)]
            picture._styles_cache.clear()
            assert direct == [list(strip) for strip in Widget.render_lines(picture, region)], type(picture).__name__


async def test_the_decision_boundary_has_its_axes_and_ranges():
    from dnnstep.engine.pictures import plane_bounds

    for size in ((160, 50), (80, 24)):
        app = DnnStepApp(Session(circles()))
        async with app.run_test(size=size) as pilot:
            await open_picture(pilot, "f")
            decision = app.screen.query_one(DecisionMap)
            lines = [strip.text for strip in decision.lines()]
            assert lines[0].lstrip().startswith("x2 ↑") and lines[-1].rstrip().endswith("x1 →")
            x1_low, x1_high, x2_low, x2_high = plane_bounds(app.session.scenario.X)
            x1_ticks = [float(word.lstrip("┬")) for word in lines[-1].split() if word.startswith("┬")]
            x2_ticks = [float(line.split("┤")[0]) for line in lines if "┤" in line]
            assert len(x1_ticks) >= 2 and all(x1_low <= t <= x1_high for t in x1_ticks) and x1_ticks == sorted(x1_ticks)
            assert len(x2_ticks) >= 2 and all(x2_low <= t <= x2_high for t in x2_ticks) and x2_ticks == sorted(x2_ticks)[::-1]
            notes = app.screen.query_one(".picture-notes").text
            assert f"x1 {x1_low:.3g}..{x1_high:.3g}" in " ".join(notes.split())  # the ranges, at 80x24 too


def test_every_pair_of_layer_colours_differs_clearly_on_dark_and_light_backgrounds():
    """Gradient health gave deep_sigmoid's dW[2] and dW[6] one colour, and dW[5] dark navy on
    a dark background. Every pair of the first twelve layers' colours is at least 0.06 apart
    in OKLab (three times the least difference a reader sees, about 0.02) and each stands out
    from the background (WCAG contrast 3 or more), in dark and light themes."""
    import itertools
    import math

    from textual.app import App

    from dnnstep.app.layer_colours import contrast, oklab
    from dnnstep.app.widgets.picture import colours

    app = App()
    for theme in ("textual-dark", "textual-light", "nord", "gruvbox", "solarized-light", "catppuccin-latte"):
        app.theme = theme
        c = colours(app.get_css_variables())
        layers = [colour.rgb for colour in c.layers[:12]]
        for (i, a), (j, b) in itertools.combinations(enumerate(layers, 1), 2):
            assert math.dist(oklab(a), oklab(b)) >= 0.06, (theme, i, j, a, b)
        for l, rgb in enumerate(layers, 1):
            assert contrast(rgb, c.background.rgb) >= 3, (theme, l, rgb, c.background.rgb)
        assert [c.layer(l).rgb for l in (2, 6)][0] != [c.layer(l).rgb for l in (2, 6)][1]

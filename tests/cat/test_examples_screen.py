"""ExamplesScreen driven with a pilot: moving, switching sets, the mislabelled list, W1's rows."""

from __future__ import annotations

import numpy as np
import pytest
from textual.app import App
from textual.widgets import OptionList, Static

from dnnstep import Session
from dnnstep.app.screens.examples import ExamplesScreen
from dnnstep.app.widgets.image_view import ImageView, as_rgb8
from dnnstep.scenario import make_scenario

from .conftest import course_forward, tiny_images

ITERATION = 5


class Host(App):
    """A bare app that opens the screen, as the debugger does."""

    def __init__(self, screen: ExamplesScreen) -> None:
        super().__init__()
        self.examples = screen

    def on_mount(self) -> None:
        self.push_screen(self.examples)


@pytest.fixture(scope="module")
def session():
    return Session(tiny_images(num_iterations=10))


def text(screen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


def shown(screen) -> np.ndarray:
    return screen.query_one("#examples-image", ImageView).image


def expected_labels(session, test: bool):
    """(p, Y) by dnnstep.course's forward pass, independently of the screen."""
    s = session.scenario
    X, Y = (s.X_test, s.Y_test) if test else (s.X, s.Y)
    AL = course_forward(session.parameters_at(ITERATION), X)
    return AL, (AL > 0.5).astype(int), Y.astype(int)


async def open_screen(session, size=(120, 40)):
    app = Host(ExamplesScreen(session, ITERATION))
    return app, app.run_test(size=size)


async def test_shows_the_first_training_example_with_label_and_prediction(session):
    app, running = await open_screen(session)
    async with running as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ExamplesScreen)
        AL, p, Y = expected_labels(session, test=False)
        assert (screen.index, screen.test) == (0, False)
        np.testing.assert_array_equal(shown(screen), as_rgb8(session.scenario.X[:, 0].reshape(8, 8, 3)))
        names = ("non-cat", "cat")
        title = text(screen, "#examples-title")
        assert title.startswith("train example 0 (0..29)")  # numbered from 0, as the panes
        assert f"label {names[Y[0, 0]]}, predicted {names[p[0, 0]]}" in title
        detail = text(screen, "#examples-detail")
        assert f"AL = {AL[0, 0]:.4f}" in detail and f"iteration {ITERATION}" in detail
        assert f"train accuracy {np.mean(p == Y):.1%}" in detail
        assert screen.probability == pytest.approx(AL[0, 0], rel=1e-12)


async def test_keys_move_between_examples(session):
    app, running = await open_screen(session)
    async with running as pilot:
        await pilot.pause()
        screen = app.screen
        moves = [("right", 1), ("n", 2), ("left", 1), ("p", 0), ("p", 0), ("end", 29), ("right", 29), ("home", 0)]
        AL, p, Y = expected_labels(session, test=False)
        for key, index in moves:
            await pilot.press(key)
            assert screen.index == index, key
            np.testing.assert_array_equal(shown(screen), as_rgb8(session.scenario.X[:, index].reshape(8, 8, 3)))
            assert screen.prediction == p[0, index] and screen.label == Y[0, index]
            assert text(screen, "#examples-title").startswith(f"train example {index} ")


async def test_t_switches_to_the_test_set_and_back(session):
    app, running = await open_screen(session)
    async with running as pilot:
        await pilot.pause()
        screen = app.screen
        await pilot.press("right", "right", "t")
        assert (screen.test, screen.index) == (True, 0)
        assert text(screen, "#examples-title").startswith("test example 0 (0..11)")
        np.testing.assert_array_equal(shown(screen), as_rgb8(session.scenario.X_test[:, 0].reshape(8, 8, 3)))
        AL, p, Y = expected_labels(session, test=True)
        assert f"test accuracy {np.mean(p == Y):.1%}" in text(screen, "#examples-detail")
        await pilot.press("end")
        assert screen.index == 11 and screen.probability == pytest.approx(AL[0, 11], rel=1e-12)
        await pilot.press("t")
        assert (screen.test, screen.index) == (False, 0)
        _, p, Y = expected_labels(session, test=False)
        assert f"train accuracy {np.mean(p == Y):.1%}" in text(screen, "#examples-detail")


async def test_m_lists_the_mislabelled_as_print_mislabeled_images(session):
    app, running = await open_screen(session)
    async with running as pilot:
        await pilot.pause()
        screen = app.screen
        listing = screen.query_one("#examples-mislabelled", OptionList)
        assert not listing.display
        for test in (False, True):
            if test:
                await pilot.press("m", "t", "m")  # leave the mode, switch set, enter it again
            else:
                await pilot.press("m")
            AL, p, Y = expected_labels(session, test)
            wrong = [int(j) for j in np.asarray(np.where(p + Y == 1))[1]]
            assert wrong, "the tiny scenario gets some examples wrong at this iteration"
            assert screen.mislabelled_only and listing.display
            assert [int(option.id) for option in listing.options] == wrong
            names = ("non-cat", "cat")
            first = str(listing.get_option_at_index(0).prompt)
            assert first.split() == [str(wrong[0]), names[Y[0, wrong[0]]], "→", names[p[0, wrong[0]]],
                                     f"{AL[0, wrong[0]]:.2f}"]
            assert len(first) <= listing.scrollable_content_region.width  # one line each, no wrapped AL
            visited = [screen.index]
            for _ in range(len(wrong)):
                await pilot.press("right")
                visited.append(screen.index)
            assert visited == wrong + [wrong[-1]]
            assert listing.highlighted == len(wrong) - 1
            assert "(wrong)" in text(screen, "#examples-title")
            await pilot.press("home")
            assert screen.index == wrong[0]
        await pilot.press("m")
        assert not screen.mislabelled_only and not listing.display


async def test_w_shows_the_rows_of_W1_as_pictures(session):
    app, running = await open_screen(session)
    async with running as pilot:
        await pilot.pause()
        screen = app.screen
        W1 = session.parameters_at(ITERATION)["W1"]
        await pilot.press("w")
        assert screen.weights_view and screen.row == 0
        for key, row in (("right", 1), ("end", W1.shape[0] - 1), ("left", W1.shape[0] - 2), ("home", 0)):
            await pilot.press(key)
            assert screen.row == row
            w = W1[row]
            expected = np.rint((w - w.min()) / (w.max() - w.min()) * 255).reshape(8, 8, 3)
            np.testing.assert_array_equal(shown(screen), expected)
            assert text(screen, "#examples-title").startswith(f"W[1] row {row} (0..{W1.shape[0] - 1}) at iteration {ITERATION}")
        assert screen.check_action("toggle_set", ()) is None  # dimmed in the weights view
        await pilot.press("w")
        assert not screen.weights_view and screen.index == 0


async def test_escape_and_q_close_the_screen(session):
    for key in ("escape", "q"):
        app, running = await open_screen(session)
        async with running as pilot:
            await pilot.pause()
            assert isinstance(app.screen, ExamplesScreen)
            await pilot.press(key)
            await pilot.pause()
            assert not isinstance(app.screen, ExamplesScreen)


async def test_without_a_test_set_t_is_dimmed_and_does_nothing():
    session = Session(tiny_images(test_set=False, num_iterations=6))
    app, running = await open_screen(session)
    async with running as pilot:
        await pilot.pause()
        screen = app.screen
        assert screen.check_action("toggle_set", ()) is None
        await pilot.press("t")
        assert screen.test is False


async def test_every_binding_has_a_description_for_the_footer(session):
    described = {binding.key: binding.description for binding in ExamplesScreen.BINDINGS}
    assert all(described.values())
    for key in ("escape,q", "right,n", "left,p", "home", "end", "t", "m", "w", "question_mark"):
        assert key in described


async def test_question_mark_lists_the_keys_and_the_footer_fits_80_columns(session):
    from dnnstep.app.screens.help import HelpScreen

    app, running = await open_screen(session, size=(80, 24))
    async with running as pilot:
        await pilot.pause()
        keys = [k for k in app.screen.query("FooterKey") if k.region.width]
        assert max(k.region.right for k in keys) <= 80 and "Help" in [k.description for k in keys]
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen) and app.screen.title_text == "Examples: keys"
        assert ("m", "only the examples the network gets wrong") in app.screen.keys
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ExamplesScreen)


def test_a_scenario_without_images_is_refused():
    scenario = make_scenario([3, 2, 1], m=10)
    with pytest.raises(ValueError, match="has no image_shape: its inputs are not images"):
        ExamplesScreen(Session(scenario), 0)


async def test_cat_size_pictures_fill_64_columns_and_32_rows():
    """The shipped cat_size (synthetic 64x64x3 pictures) opens with its own class names."""
    from dnnstep import load_scenario

    session = Session(load_scenario("cat_size"))
    app = Host(ExamplesScreen(session, 0))
    async with app.run_test(size=(120, 44)) as pilot:
        await pilot.pause()
        screen = app.screen
        view = screen.query_one("#examples-image", ImageView)
        assert view.shown_size == (64, 64)
        np.testing.assert_array_equal(view.image, as_rgb8(session.scenario.X[:, 0].reshape(64, 64, 3)))
        names = session.scenario.classes
        assert f"label {names[int(session.scenario.Y[0, 0])]}" in text(screen, "#examples-title")
        await pilot.press("t", "end")
        assert (screen.test, screen.index) == (True, session.scenario.X_test.shape[1] - 1)

"""No key is lost: a burst of keys, sent as a terminal sends them, moves as many steps as it has keys.

A terminal's keys reach the app through its driver's input thread: the bytes read are
parsed into key events (``XTermParser``) and each is handed to ``Driver.process_message``,
whatever the app is doing. Forty ``n`` typed in one burst on a big network cross three
iterations, each computed in a worker while the keys keep coming: the keys that come
meanwhile used to be dropped (25 or 26 steps instead of 40). They are kept and made in order.
"""

from __future__ import annotations

import threading
import time

import pytest
from textual._xterm_parser import XTermParser

from dnnstep.app import DnnStepApp
from dnnstep.engine import Session
from dnnstep.engine.session import Cancelled
from dnnstep.scenario import make_scenario

from .conftest import five_layer


def burst(app, text: str) -> threading.Thread:
    """Send ``text`` as a terminal's input thread does, in one read, from a thread of its own."""

    def send() -> None:
        parser = XTermParser()
        for event in parser.feed(text):
            app._driver.process_message(event)
        for _ in range(10):  # the driver ticks the parser every 0.1 s: a lone escape is a key after a timeout
            time.sleep(0.05)
            for event in parser.tick():
                app._driver.process_message(event)

    thread = threading.Thread(target=send)
    thread.start()
    return thread


async def settled(app, pilot) -> None:
    """Until every key sent is handled and no iteration is being computed."""
    for _ in range(400):
        await pilot.pause(0.05)
        if not app.busy and not app._kept_moves and app.screen.is_current:
            await pilot.pause(0.1)
            if not app.busy and not app._kept_moves:
                return
    raise AssertionError("the app never settled")


def cat_sized():
    return make_scenario([12288, 20, 7, 5, 1], m=30, num_iterations=10, init="course-app",
                         image_shape=(64, 64, 3), name="cat_sized")


@pytest.mark.parametrize("scenario", [cat_sized, five_layer], ids=["cat_sized", "five_layer"])
async def test_a_burst_of_forty_n_ends_forty_steps_on(scenario):
    app = DnnStepApp(Session(scenario()))
    async with app.run_test(size=(160, 50)) as pilot:
        await settled(app, pilot)
        steps = app.session.steps_per_iteration
        burst(app, "n" * 40).join()
        await settled(app, pilot)
        assert app.position == divmod(40, steps)
        burst(app, "p" * 40).join()  # and back: the first moves of this burst wait for nothing
        await settled(app, pilot)
        assert app.position == (0, 0)


async def test_moves_kept_while_an_iteration_is_computed_are_made_in_order_and_escape_drops_them():
    app = DnnStepApp(Session(cat_sized()))
    async with app.run_test(size=(160, 50)) as pilot:
        await settled(app, pilot)
        app.go(4, 0)  # far from what is at hand: computed in a worker
        assert app.busy == "load"
        burst(app, "n" + "]" + "p").join()
        await settled(app, pilot)
        assert app.position == (5, 0)  # 4:0, then next (4:1), next iteration (5:1), previous (5:0)
        computing = app.session.steps

        def until_cancelled(iteration, **options):  # a computation that lasts until escape
            while not options["should_stop"]():
                time.sleep(0.01)
            raise Cancelled()

        app.session.steps = until_cancelled
        app.go(8, 3)
        assert app.busy == "load"
        burst(app, "nnn\x1b").join()  # escape cancels the computation and the moves kept meanwhile
        await settled(app, pilot)
        assert app.position == (5, 0) and not app._kept_moves
        app.session.steps = computing
        burst(app, "n").join()
        await settled(app, pilot)
        assert app.position == (5, 1)

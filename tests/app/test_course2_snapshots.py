"""Snapshots of Course 2 on the screen, at 160x50 and 80x24 (pytest-textual-snapshot).

A dropout forward step, an Adam update step, the header of a mini-batch (the epoch's last,
smaller one) and the gradient check's screen. Deterministic: the shipped moons_adam and
gradient_check (generated and inline data, fixed seeds) and a dropout network built in code,
fixed sizes, every worker waited for. Refresh with ``pytest tests/app --snapshot-update`` only
when a change is intended, after looking at the new SVGs.
"""

from __future__ import annotations

import pytest

from dnnstep.app import DnnStepApp
from dnnstep.engine import Session
from dnnstep.engine.step import step_index
from dnnstep.scenario import load_scenario, make_scenario

SIZES = {"160x50": (160, 50), "80x24": (80, 24)}


def dropout_app() -> DnnStepApp:
    """The Regularization notebook's network shape with keep_prob 0.86, on 90 moons."""
    return DnnStepApp(Session(make_scenario(
        [2, 20, 3, 1], data="make_moons", m=90, init="he", learning_rate=0.3, keep_prob=0.86,
        arithmetic="reg_utils", num_iterations=20, course=2, name="dropout_moons",
        title="Dropout on the moons", description="forward 1 shows A[1] before dropout, the mask D[1] and A[1].")))


def at(iteration: int, index: int, *keys: str):
    """Go to ``(iteration, index)``, press ``keys``, then wait until the screen is still."""

    async def run_before(pilot):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        pilot.app.go(iteration, index)
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        if keys:
            await pilot.press(*keys)
            await pilot.pause()
            await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.pause()

    return run_before


@pytest.mark.parametrize("size", list(SIZES))
def test_a_dropout_forward_step(snap_compare, size):
    assert snap_compare(dropout_app(), run_before=at(1, step_index(3, "forward", 1)), terminal_size=SIZES[size])


@pytest.mark.parametrize("size", list(SIZES))
def test_an_adam_update_step(snap_compare, size):
    app = DnnStepApp(Session(load_scenario("moons_adam")))
    assert snap_compare(app, run_before=at(1, step_index(3, "update", 2)), terminal_size=SIZES[size])


@pytest.mark.parametrize("size", list(SIZES))
def test_the_header_of_an_epochs_last_smaller_mini_batch(snap_compare, size):
    app = DnnStepApp(Session(load_scenario("moons_adam")))
    assert snap_compare(app, run_before=at(4, step_index(3, "backward", 3)), terminal_size=SIZES[size])


@pytest.mark.parametrize("size", list(SIZES))
def test_the_gradient_check_screen(snap_compare, size):
    app = DnnStepApp(Session(load_scenario("gradient_check")))
    assert snap_compare(app, run_before=at(0, step_index(3, "check", 2), "G"), terminal_size=SIZES[size])

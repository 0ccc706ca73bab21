"""Snapshots of the debugger's screens (pytest-textual-snapshot).

Deterministic: a scenario built in code with fixed seeds, a fixed terminal size, no
clock and no blinking cursor. Refresh with ``pytest tests/app --snapshot-update`` only
when a change is intended, after looking at the new SVGs.
"""

from __future__ import annotations

import pytest

from dnnstep.app import DnnStepApp
from dnnstep.engine import Session

from .conftest import FakeStudent, five_layer

SIZE = (120, 40)


def app() -> DnnStepApp:
    return DnnStepApp(Session(five_layer()))


@pytest.mark.parametrize(
    "keys",
    [
        pytest.param(["n"], id="forward-2"),
        pytest.param(["c"], id="cost"),
        pytest.param(["b", "n", "n"], id="backward-3"),
        pytest.param(["u", "n"], id="update-2"),
    ],
)
def test_main_screen_at_each_phase(snap_compare, keys):
    assert snap_compare(app(), press=keys, terminal_size=SIZE)


def test_heat_map(snap_compare):
    assert snap_compare(app(), press=["b", "n", "n", "h"], terminal_size=SIZE)


def test_help_screen(snap_compare):
    assert snap_compare(app(), press=["question_mark"], terminal_size=SIZE)


def test_smallest_window_80x24(snap_compare):
    assert snap_compare(app(), press=["b"], terminal_size=(80, 24))


def test_too_small_window_says_so(snap_compare):
    assert snap_compare(app(), terminal_size=(60, 20))


def test_student_side_by_side(snap_compare):
    session = Session(five_layer())

    async def go_to_divergence(pilot):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        pilot.app.clear_notifications()
        await pilot.press("d")
        await pilot.pause()

    app = DnnStepApp(session, student=FakeStudent(session))
    assert snap_compare(app, run_before=go_to_divergence, terminal_size=(160, 50))

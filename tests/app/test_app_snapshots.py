"""Snapshots of the debugger's screens (pytest-textual-snapshot).

Deterministic: a scenario built in code with fixed seeds, a fixed terminal size, no
clock and no blinking cursor; each waits for the workers (the next iteration is computed
ahead, which grows the cost sparkline) before the picture is taken. Refresh with ``pytest tests/app --snapshot-update`` only
when a change is intended, after looking at the new SVGs.
"""

from __future__ import annotations

import pytest

from dnnstep.app import DnnStepApp
from dnnstep.engine import Session

from .conftest import FakeStudent, five_layer

SIZE = (120, 40)


def app(**options) -> DnnStepApp:
    return DnnStepApp(Session(five_layer(**options)))


def pressing(*keys: str):
    """Press ``keys``, then wait until every worker is done and the screen is still."""

    async def run_before(pilot):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press(*keys)
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.pause()

    return run_before


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
    assert snap_compare(app(), run_before=pressing(*keys), terminal_size=SIZE)


def test_heat_map(snap_compare):
    assert snap_compare(app(), run_before=pressing("b", "n", "n", "h"), terminal_size=SIZE)


def test_help_screen(snap_compare):
    assert snap_compare(app(), run_before=pressing("question_mark"), terminal_size=SIZE)


def test_smallest_window_80x24(snap_compare):
    assert snap_compare(app(), run_before=pressing("b"), terminal_size=(80, 24))


def test_80x24_cost_step_one_pane_at_a_time(snap_compare):
    """J as a number, the step's panes named on one line, AL's 30 values wrapped."""
    assert snap_compare(app(m=30), run_before=pressing("c", "tab", "tab"), terminal_size=(80, 24))


def test_160x50_row_vectors_wrap(snap_compare):
    assert snap_compare(app(m=30), run_before=pressing("c"), terminal_size=(160, 50))


def test_too_small_window_says_so(snap_compare):
    assert snap_compare(app(), run_before=pressing(), terminal_size=(60, 20))


def homework(*keys: str):
    async def go_to_divergence(pilot):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        pilot.app.clear_notifications()
        await pilot.press("d", *keys)
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    return go_to_divergence


def test_student_difference(snap_compare):
    """--homework at 160x50: the difference in each pane, the cells that differ marked."""
    session = Session(five_layer())
    app = DnnStepApp(session, student=FakeStudent(session))
    assert snap_compare(app, run_before=homework(), terminal_size=(160, 50))


def test_student_side_by_side(snap_compare):
    """x: student, reference and difference side by side, the first two in one format."""
    session = Session(five_layer())
    app = DnnStepApp(session, student=FakeStudent(session))
    assert snap_compare(app, run_before=homework("x"), terminal_size=(160, 50))


def test_student_update_step_alpha(snap_compare):
    session = Session(five_layer())
    app = DnnStepApp(session, student=FakeStudent(session))
    assert snap_compare(app, run_before=homework("u"), terminal_size=(160, 50))

"""The panes' plan on its own (no Textual): each pane sized to what it holds, the grid fitting the screen."""

from __future__ import annotations

import numpy as np

from dnnstep.app.grid_plan import COLUMNS, MIN_HEIGHT, GridPlan, need, phase_shapes, phase_widths, plan_grid


def rows_of(plan: GridPlan) -> list[list[int]]:
    """The panes of each row (spans add up to COLUMNS a row)."""
    rows, used = [[]], 0
    for i, span in enumerate(plan.spans):
        if used + span > COLUMNS:
            rows.append([])
            used = 0
        rows[-1].append(i)
        used += span
    return rows


CAT_FORWARD = [need((20, 209)), need((7, 20)), need((7, 1)), need((7, 209)), need((7, 209)),
               need(None), need(None), need(None)]
"""cat_size's forward 2: A[1], W[2], b[2], Z[2], A[2] and the three gradients not computed yet."""


def test_a_small_matrix_takes_a_narrow_column_and_the_wide_ones_the_room_it_frees():
    plan = plan_grid(CAT_FORWARD, 100, 24)
    a_prev, w, b, z, a = plan.spans[:5]
    assert b < w < a_prev and b <= 2  # b[2] (7, 1) needs a dozen cells
    assert z + a == COLUMNS  # Z and A share a row between them
    assert all(sum(plan.spans[i] for i in row) == COLUMNS for row in rows_of(plan))
    assert [plan.spans[i] for i in rows_of(plan)[-1]] == [COLUMNS // 3] * 3  # the three sentences share the last row


def test_the_grid_fits_the_screen_instead_of_scrolling_at_120x40():
    plan = plan_grid(CAT_FORWARD, 99, 24)
    assert not plan.fixed and len(plan.rows) == 3
    assert all(h >= MIN_HEIGHT for h in plan.rows)


def test_a_row_vector_wraps_and_a_number_is_small():
    cost = [need((1, 30)), need((1, 30)), need(()), need((1, 30))]  # AL, Y, J, dAL
    plan = plan_grid(cost, 138, 31)
    assert plan.spans[2] <= 3  # J is one number
    assert not plan.fixed


def test_a_screen_too_short_for_every_row_falls_back_to_fixed_rows_that_scroll():
    plan = plan_grid(CAT_FORWARD, 40, 10)
    assert plan.fixed and plan.css_rows().split()[0].isdigit()


def test_the_plan_is_made_for_the_largest_shape_of_each_tensor_over_the_phase():
    steps = [{"W": np.zeros((3, 2)), "A": np.zeros((3, 30))}, {"W": np.zeros((5, 3)), "A": np.zeros((5, 30))},
             {"W": np.zeros((1, 5)), "J": np.zeros(())}]
    assert phase_shapes(steps) == {"W": (5, 5), "A": (5, 30), "J": ()}


def test_and_for_the_widest_cell_of_its_values_over_the_phase():
    from dnnstep.app.values import CellFormat, summarize

    def width(array):
        return CellFormat.for_summary(summarize(array)).cell

    steps = [{"dW": np.full((3, 2), 0.5), "Y": np.ones((1, 30))}, {"dW": np.full((5, 3), 1e-4), "Y": np.zeros((1, 30))}]
    assert phase_widths(steps, width) == {"dW": 11, "Y": 3}  # 1.000e-04 in one layer; 0 and 1 as integers
    assert phase_widths(steps, lambda array: None if array.shape == (5, 3) else width(array)) == {"dW": 8, "Y": 3}


def test_three_windows_side_by_side_need_three_times_the_room():
    alone, sides = need((4, 5)), need((4, 5), windows=3)
    assert sides.width > 2 * alone.width
    plan = plan_grid([need((4, 30)), sides, need((4, 1))], 138, 31)
    assert plan.spans[1] * 138 / COLUMNS >= min(sides.width, 3 * 30)

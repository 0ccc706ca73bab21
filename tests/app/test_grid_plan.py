"""The panes' plan on its own (no Textual): whole tensors first, the rest sharing the room in
proportion to what they hide, the grid filled."""

from __future__ import annotations

from dnnstep.app.grid_plan import GridPlan, MIN_HEIGHT, larger, need, plan_grid, step_plan, unused_lines

CELL = 11  # a value's cell: the widest a number is written in at 4 decimals, and its space


def cells(shape, **kw):
    return need(shape, cell_width=CELL, title=len(f"dW[3]  {shape}"), **kw)


CAT_FORWARD = [cells((20, 209)), cells((7, 20)), cells((7, 1)), cells((7, 209)), cells((7, 209)),
               need(None, title=5), need(None, title=5), need(None, title=5)]
"""cat_size's forward 2: A[1], W[2], b[2], Z[2], A[2] and the three gradients not computed yet."""

FIVE_BACKWARD = [cells((4, 30)), cells((4, 5)), cells((4, 30)), cells((4, 30)), cells((4, 30)), cells((4, 5)),
                 cells((4, 1)), cells((5, 30))]
"""five_layer's backward 3: A[2], W[3], Z[3], dA[3], dZ[3], dW[3], db[3], dA[2]."""


def whole(plan: GridPlan, needs) -> list[bool]:
    return [n.whole(w, h) for n, (_, _, w, h) in zip(needs, plan.boxes)]


def test_the_small_tensors_are_whole_and_the_wide_ones_take_the_room_they_free():
    """At 160 x 50 (a grid of 139 x 30) W[3] (4, 5), dW[3] (4, 5) and db[3] (4, 1) are shown
    whole (the old plan showed two of dW[3]'s five columns with lines to spare)."""
    plan = plan_grid(FIVE_BACKWARD, 139, 30)
    shown = whole(plan, FIVE_BACKWARD)
    assert shown[1] and shown[5] and shown[6]
    widths = [box[2] for box in plan.boxes]
    assert widths[6] < widths[1] < max(widths)  # db narrow, W as wide as its five columns need
    assert plan.height <= 30 and all(x + w <= 139 for x, _, w, _ in plan.boxes)


def test_the_grid_fits_the_screen_at_120x40_and_leaves_no_line_a_cut_pane_could_use():
    plan = plan_grid(CAT_FORWARD, 99, 24)
    assert plan.height <= 24
    assert whole(plan, CAT_FORWARD)[2]  # b[2] (7, 1)
    assert unused_lines(plan, CAT_FORWARD, 24) == 0  # A[1] (20, 209) is cut: it takes what is left


def test_panes_that_cannot_be_whole_share_the_room_in_proportion_to_what_they_hide():
    small, big = cells((3, 40)), cells((3, 400))
    plan = plan_grid([small, big], 139, 7)
    (_, _, w_small, _), (_, _, w_big, _) = plan.boxes
    assert plan.rows == [[0, 1]] and w_big > w_small


def test_a_wide_matrix_folds_into_blocks_when_its_rows_fit_twice():
    wide = cells((2, 30))
    per_line = wide.per_line(60)
    blocks = -(-30 // per_line)
    assert wide.lines(60) == wide.top(60) + blocks * 3  # a header and two rows a block
    assert wide.shown(60, wide.top(60) + 6) == 2 * 2 * per_line  # two blocks of every row
    assert wide.whole(60, wide.lines(60))


def test_a_row_vector_wraps_and_a_number_is_small():
    cost = [cells((1, 30)), need((1, 30), cell_width=3), need(()), cells((1, 30))]  # AL, Y, J, dAL
    plan = plan_grid(cost, 138, 31)
    assert all(whole(plan, cost))
    assert plan.boxes[2][2] <= 40  # J is one number


def test_a_screen_too_short_for_every_row_falls_back_to_rows_that_scroll():
    plan = plan_grid(CAT_FORWARD, 40, 10)
    assert plan.height > 10 and all(h >= 3 for *_, h in plan.boxes)


def test_a_step_keeps_its_phases_plan_unless_its_own_shows_more_whole_or_fills_lines_it_leaves():
    phase_needs = [cells((5, 5)), cells((5, 1))]
    step_needs = [cells((3, 2)), cells((3, 1))]
    phase, own = plan_grid(phase_needs, 139, 30), plan_grid(step_needs, 139, 30)
    assert step_plan(phase, own, step_needs, 30) is phase  # both whole either way: the layout stays
    needs = [cells((4, 5)), cells((4, 30))]
    narrow = GridPlan(((0, 0, 40, 12), (41, 0, 98, 12)), 12)  # W (4, 5) cut in 40 cells, lines left under both
    wide = GridPlan(((0, 0, 60, 9), (61, 0, 78, 9)), 9)
    assert whole(narrow, needs)[0] is False and whole(wide, needs)[0] is True
    assert step_plan(narrow, wide, needs, 12) is wide
    cut_both = GridPlan(((0, 0, 40, 12), (41, 0, 98, 12)), 12)
    cut_tight = GridPlan(((0, 0, 40, 11), (41, 0, 98, 12)), 12)
    assert unused_lines(cut_both, [cells((4, 5)), cells((2, 30))], 12) > 0
    assert step_plan(cut_both, cut_tight, [cells((4, 5)), cells((12, 30))], 12) is cut_both  # no line unused


def test_the_plan_is_made_for_the_largest_shape_of_each_tensor_over_the_phase():
    """``larger``, axis by axis, as ``phase_sizes`` folds each tensor's shapes over the phase's layers."""
    shape = None
    for W in ((3, 2), (5, 3), (1, 5)):
        shape = larger(shape, W)
    assert shape == (5, 5)
    assert larger((5, 5), ()) == ()  # another number of axes: the new shape


def test_three_windows_side_by_side_need_three_times_the_room():
    alone, sides = cells((4, 5)), cells((4, 5), windows=3)
    assert sides.whole_width > 3 * (alone.whole_width - 2)
    plan = plan_grid([cells((4, 30)), sides, cells((4, 1))], 200, 31)
    assert whole(plan, [cells((4, 30)), sides, cells((4, 1))])[1]


def test_rows_are_never_squeezed_below_a_line_of_values():
    plan = plan_grid(CAT_FORWARD, 139, 30)
    for n, (_, _, w, h) in zip(CAT_FORWARD, plan.boxes):
        assert n.shown(w, h) > 0 and (h >= MIN_HEIGHT or n.whole(w, h) or n.kind == "note")


def test_a_step_does_not_keep_a_phase_plan_that_scrolls_further_than_its_own():
    # moons_adam's update 1: twenty-two panes of (5, 2) and (5, 1); the phase's largest shapes
    # are (5, 5) (W[2] is (2, 5)), whose plan leaves blank lines in every row and runs further
    # below a 27-line grid than the step's own
    def titled(shape):
        return need(shape, cell_width=CELL, title=len(f'v["dW1"] before  {shape}'))

    step = [titled(shape) for shape in [(5, 2), (5, 1)] * 11]
    phase = [titled(shape) for shape in [(5, 5), (5, 1)] * 11]
    own_plan, phase_plan = plan_grid(step, 138, 27), plan_grid(phase, 138, 27)
    assert phase_plan.height > own_plan.height > 27
    assert step_plan(phase_plan, own_plan, step, 27) is own_plan
    assert unused_lines(own_plan, step, 27) == 0

"""The formula pane's shape algebra agrees with what numpy does to real arrays."""

import numpy as np
import pytest

from dnnstep.engine import formulas
from dnnstep.engine.formulas import ShapeError, broadcast, matmul, sum_columns
from dnnstep.engine.step_formulas import step_formulas


@pytest.mark.parametrize("a,b", [((4, 1), (4, 209)), ((1, 5), (3, 1)), ((3,), (4, 3)), ((), (2, 2)), ((4, 4), (4,))])
def test_broadcast_matches_numpy(a, b):
    assert broadcast(a, b) == (np.zeros(a) + np.zeros(b)).shape


@pytest.mark.parametrize("a,b", [((4, 3), (4, 2)), ((2,), (3,))])
def test_broadcast_refuses_what_numpy_refuses(a, b):
    with pytest.raises(ValueError):
        np.zeros(a) + np.zeros(b)
    with pytest.raises(ShapeError, match="do not broadcast"):
        broadcast(a, b)


def test_matmul_and_sum_match_numpy():
    assert matmul((5, 3), (3, 209)) == (np.zeros((5, 3)) @ np.zeros((3, 209))).shape
    assert sum_columns((5, 209)) == np.sum(np.zeros((5, 209)), axis=1, keepdims=True).shape
    with pytest.raises(ShapeError, match="inner sizes 4 and 3"):
        matmul((5, 4), (3, 209))


def _forward_tensors(n_prev=3, n=5, m=7):
    rng = np.random.default_rng(0)
    A_prev, W, b = rng.normal(size=(n_prev, m)), rng.normal(size=(n, n_prev)), rng.normal(size=(n, 1))
    Z = W @ A_prev + b
    return {"A_prev": A_prev, "W": W, "b": b, "Z": Z, "A": np.maximum(Z, 0)}


def test_forward_derives_Z_with_b_broadcast():
    t = _forward_tensors()
    lines = step_formulas("forward", 2, "relu", formulas.shapes_of(t))
    z, a = lines
    assert z.text == "Z[2] = W[2] A[1] + b[2]"
    assert z.target.shape == t["Z"].shape and z.ok
    assert "broadcast across the 7 columns" in z.note
    assert a.text == "A[2] = relu(Z[2])" and a.target.shape == t["A"].shape
    assert [c[1] for c in z.columns()] == ["(5, 7)", "", "(5, 3)", "(3, 7)", "", "(5, 1)"]


def test_backward_shapes_follow_numpy_and_catch_db_without_keepdims():
    rng = np.random.default_rng(1)
    m, n, n_prev = 6, 4, 3
    dA, Z, A_prev, W = rng.normal(size=(n, m)), rng.normal(size=(n, m)), rng.normal(size=(n_prev, m)), rng.normal(size=(n, n_prev))
    dZ = dA * (Z > 0)
    good = {"dA": dA, "Z": Z, "A_prev": A_prev, "W": W, "dZ": dZ,
            "dW": dZ @ A_prev.T / m, "db": dZ.sum(axis=1, keepdims=True) / m, "dA_prev": W.T @ dZ}
    lines = step_formulas("backward", 3, "relu", formulas.shapes_of(good), L=3)
    assert [ln.target.text for ln in lines] == ["dZ[3]", "dW[3]", "db[3]", "dA[2]"]
    assert lines[0].parts[0].text == "dAL"  # the output layer's dA is dAL
    assert all(ln.ok for ln in lines)
    assert [ln.target.shape for ln in lines] == [good[k].shape for k in ("dZ", "dW", "db", "dA_prev")]

    bad = dict(good, db=dZ.sum(axis=1) / m)  # the classic: no keepdims
    db_line = step_formulas("backward", 3, "relu", formulas.shapes_of(bad), L=3)[2]
    assert not db_line.ok
    assert db_line.problem == "db[3] should be (4, 1) but the step holds (4,)"


def test_update_shows_what_a_flat_db_does_to_b():
    b, db = np.zeros((4, 1)), np.zeros(4)
    shapes = {"W": (4, 3), "dW": (4, 3), "W_new": (4, 3), "b": b.shape, "db": db.shape, "b_new": (b - 0.1 * db).shape}
    w_line, b_line = step_formulas("update", 2, None, shapes)
    assert w_line.ok and w_line.text == "W[2] := W[2] - α dW[2]"
    assert b_line.target.shape == (4, 4)
    assert "into (4, 4)" in b_line.note


def test_cost_is_a_scalar_over_m_examples():
    shapes = {"AL": (1, 9), "Y": (1, 9), "J": (), "dAL": (1, 9)}
    J, dAL = step_formulas("cost", 3, None, shapes)
    assert J.target.shape == () and J.ok and "m = 9" in J.note
    assert dAL.target.shape == (1, 9) and dAL.ok


def test_unknown_phase_is_one_clear_message():
    with pytest.raises(ValueError, match="unknown phase 'sideways'"):
        step_formulas("sideways", 1, None, {})


def _text(row) -> str:
    return "".join(text for text, _ in row)


def test_a_formula_wider_than_the_pane_goes_on_over_the_next_lines_and_nothing_is_cut():
    from dnnstep.app.widgets.formula_pane import formula_rows, wrap_formula

    shapes = {"AL": (1, 30), "Y": (1, 30), "J": (), "dAL": (1, 30)}
    for line in step_formulas("cost", 5, None, shapes, 5):
        for compact in (True, False):
            rows = formula_rows(line, compact)
            wrapped = wrap_formula(rows, 58)
            assert all(len(_text(row)) <= 58 for row in wrapped)
            letters = lambda rs: sorted("".join(_text(r) for r in rs).replace(" ", ""))  # noqa: E731
            assert letters(wrapped) == letters(rows)  # every character is still there
            if not compact:  # each shape stays under its operand
                for top, bottom in zip(wrapped[0::2], wrapped[1::2]):
                    if any(style == "shape" for _, style in bottom):
                        assert [len(t) for t, _ in top[: len(bottom)]] == [len(t) for t, _ in bottom]
                        break


async def test_at_80x24_the_cost_formulas_are_not_cut():
    from dnnstep.app import DnnStepApp
    from dnnstep.app.widgets.formula_pane import FormulaPane

    from .conftest import five_layer

    app = DnnStepApp(five_layer())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("c")
        await pilot.pause()
        pane = app.query_one(FormulaPane)
        drawn = "".join(strip.text.strip(" │") for strip in pane.render_lines(pane.outer_size.region)).replace(" ", "")
        for row in pane.text.splitlines():  # each formula whole, over as many lines as it takes
            assert row.replace(" ", "") in drawn


def test_with_no_lines_to_spare_a_row_is_cut_between_pieces_and_a_lost_problem_leaves_a_mark():
    from dnnstep.app.widgets.formula_pane import fit_row

    row = [("dW[5]", "target"), (" (1, 2)", "shape"), ("  = 1/m ", "operator"), ("dZ[5]", "operand"),
           ("   dW[5] should be (1, 2) but the step holds (2, 1)", "problem")]
    fitted = fit_row(row, 40)
    assert "".join(t for t, _ in fitted) == "dW[5] (1, 2)  = 1/m dZ[5] ✗"
    assert fit_row(row, 200) == row


def test_a_cut_row_never_skips_a_piece():
    from dnnstep.app.widgets.formula_pane import fit_row

    row = [("a" * 30, "operand"), ("b" * 20, "operand"), ("c", "operand")]
    assert "".join(t for t, _ in fit_row(row, 40)) == "a" * 30  # not "a…a c"

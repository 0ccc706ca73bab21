"""The formulas of a step under Course 2's features, with the shapes under them.

``dnnstep.engine.step_formulas.step_formulas`` comes here when a step's training turns a feature on
(``dnnstep.engine.training.Features``); with none on, the week-4 lines are those of
``formulas``. The lines, per phase (l a hidden layer where dropout applies):

=============  ===========================================================================
phase          lines added or changed
=============  ===========================================================================
forward        A[l] = g(Z[l]) (A_pre);  D[l] = rand(n[l], m) < keep_prob;  A[l] = A[l] * D[l] / keep_prob
cost           J = 1/m Σ (-log(AL) Y - log(1 - AL) (1 - Y)) (the helpers' form); under L2
               cross_entropy_cost, L2_regularization_cost = λ/(2m) Σ‖W[l]‖², and their sum J
backward       dA[l] = dA[l] * D[l] / keep_prob;  dZ[L] = AL - Y (reg_utils) or 1/m (AL - Y)
               (init_utils);  dZ[l] = dA[l] * (A[l] > 0) (the helpers' relu');  dW and db with
               or without 1/m;  under L2 dW_ce, dW_L2 = λ/m W[l] and dW = dW_ce + dW_L2; the
               shipped backward_propagation_n's dW[2] ... * 2 and db[1] = 4/m Σ dZ[1]
update         α under a decay;  momentum's v;  Adam's v, s, v̂, ŝ and its step
check          J_plus, J_minus, gradapprox and |grad - gradapprox| of W[l] and b[l]; difference
=============  ===========================================================================

Every line is a :class:`dnnstep.engine.formulas.FormulaLine`, whose text is what ``Step.formula``
records. Pure Python, no textual.
"""

from __future__ import annotations

from typing import Mapping, Sequence

from dnnstep.engine.formulas import (
    FormulaLine, Operand, ShapeError, _derive, _g, _shape, backward_formulas, broadcast, cost_formulas,
    forward_formulas, format_shape, matmul, sum_columns, transpose, update_formulas,
)
from dnnstep.engine.training import Features

Shapes = Mapping[str, Sequence[int]]


def _op(text: str, shapes: Shapes, tensor: str) -> Operand:
    return Operand(text, _shape(shapes, tensor), tensor)


def _elementwise(target: Operand, parts: tuple, shapes: Shapes, note: str = "", assign: str = "=") -> FormulaLine:
    """A line whose result is its tensor operands broadcast together (``*``, ``+``, ``-``, ``/``)."""
    operands = [p.shape for p in parts if isinstance(p, Operand) and p.tensor]
    derived, error = (operands[0] if operands else None), ""
    for shape in operands[1:]:
        if derived is None or shape is None:
            derived = None
            break
        try:
            derived = broadcast(derived, shape)
        except ShapeError as exc:
            derived, error = None, str(exc)
            break
    return FormulaLine(Operand(target.text, derived, target.tensor), assign, parts,
                       actual=_shape(shapes, target.tensor), note=note, error=error)


def _retarget(line: FormulaLine, tensor: str, shapes: Shapes, note: str | None = None) -> FormulaLine:
    """``line`` with its result renamed to the step tensor ``tensor`` (same text)."""
    return FormulaLine(Operand(line.target.text, line.target.shape, tensor), line.assign, line.parts,
                       actual=_shape(shapes, tensor), note=line.note if note is None else note, error=line.error)


# ---------------------------------------------------------------- forward
def forward(layer: int, activation: str | None, shapes: Shapes, L: int | None, features: Features):
    lines = forward_formulas(layer, activation, shapes)
    if not (features.dropout and L is not None and layer < L):
        return lines
    l = layer
    z_line, a_line = lines
    A_pre = _op(f"A[{l}]", shapes, "A_pre")
    mask = FormulaLine(Operand(f"D[{l}]", _shape(shapes, "A_pre"), "D"), "=", (f"rand(n[{l}], m) < keep_prob",),
                       actual=_shape(shapes, "D"),
                       note="drawn once (the course seeds inside forward_propagation_with_dropout): "
                            "the same mask every iteration; 1 keeps a unit, 0 drops it")
    dropped = _elementwise(Operand(f"A[{l}]", None, "A"), (A_pre, "*", _op(f"D[{l}]", shapes, "D"), "/ keep_prob"),
                           shapes, note="the dropped units give 0; the kept ones are scaled up by 1/keep_prob")
    return (z_line, _retarget(a_line, "A_pre", shapes, note="A[l] before dropout"), mask, dropped)


# ---------------------------------------------------------------- cost
def cost(shapes: Shapes, features: Features) -> tuple[FormulaLine, ...]:
    AL, Y = _op("AL", shapes, "AL"), _op("Y", shapes, "Y")
    cross_entropy = "cross_entropy_cost" if features.l2 else "J"
    target = "J_ce" if features.l2 else "J"
    if features.helpers:
        both, error = _derive(broadcast, Y.shape, AL.shape)
        lines = [FormulaLine(Operand(cross_entropy, None if error or both is None else (), target), "=",
                             ("1/m Σ (-log(", AL, ")", Y, "- log(1 -", AL, ") (1 -", Y, "))"),
                             actual=_shape(shapes, target), error=error,
                             note="np.nansum over the m examples, as the course's compute_cost")]
    else:
        J_line, dAL_line = cost_formulas(shapes)
        lines = [FormulaLine(Operand(cross_entropy, J_line.target.shape, target), "=", J_line.parts,
                             actual=_shape(shapes, target), note=J_line.note, error=J_line.error)]
    if features.l2:
        lines.append(FormulaLine(Operand("L2_regularization_cost", (), "J_L2"), "=", ("λ/(2m) Σ_l ‖W[l]‖²",),
                                 actual=_shape(shapes, "J_L2"), note="np.sum(np.square(W[l])) over every layer"))
        lines.append(FormulaLine(Operand("J", (), "J"), "=",
                                 (Operand("cross_entropy_cost", (), "J_ce"), "+",
                                  Operand("L2_regularization_cost", (), "J_L2")), actual=_shape(shapes, "J")))
    if not features.helpers:
        lines.append(cost_formulas(shapes)[1])
    return tuple(lines)


# ---------------------------------------------------------------- backward
def backward(layer: int, activation: str | None, shapes: Shapes, L: int | None, features: Features):
    l = layer
    dZ_actual = _shape(shapes, "dZ")
    lines: list[FormulaLine] = []
    dA_tensor = "dA"
    if features.dropout and L is not None and l < L:
        lines.append(_elementwise(Operand(f"dA[{l}]", None, "dA_pre"),
                                  (_op(f"dA[{l}]", shapes, "dA"), "*", _op(f"D[{l}]", shapes, "D"), "/ keep_prob"),
                                  shapes, note="the gradient flows back through the kept units only"))
        dA_tensor = "dA_pre"
    if features.helpers and L is not None and l == L:
        scaled = ("1/m (",) if features.arithmetic == "init_utils" else ()
        parts = scaled + (_op("AL", shapes, "AL"), "-", _op("Y", shapes, "Y")) + ((")",) if scaled else ())
        lines.append(_elementwise(Operand(f"dZ[{l}]", None, "dZ"), parts, shapes,
                                  note="σ'(Z) and the cost's dAL cancel: the helpers never form dAL"))
    elif features.helpers and activation == "relu":
        lines.append(_elementwise(Operand(f"dZ[{l}]", None, "dZ"),
                                  (_op(f"dA[{l}]", shapes, dA_tensor), "*", Operand(f"(A[{l}] > 0)", _shape(shapes, "Z"), "Z")),
                                  shapes, note="relu' as the helpers take it: np.int64(A > 0), 1 where A[l] > 0, else 0"))
    else:
        week4 = backward_formulas(layer, activation, {**shapes, "dA": _shape(shapes, dA_tensor)}, L)[0]
        parts = tuple(Operand(p.text, p.shape, dA_tensor) if isinstance(p, Operand) and p.tensor == "dA" else p
                      for p in week4.parts)
        lines.append(FormulaLine(week4.target, "=", parts, actual=dZ_actual, note=week4.note, error=week4.error))
    dZ_in = dZ_actual if dZ_actual is not None else lines[-1].target.shape
    lines.extend(_parameter_lines(l, shapes, dZ_in, features))
    lines.append(backward_formulas(layer, activation, shapes, L)[3])
    return tuple(lines)


def _parameter_lines(l: int, shapes: Shapes, dZ_in, features: Features) -> list[FormulaLine]:
    """dW[l] (its two parts under L2) and db[l], in the arithmetic's form, with the shipped bugs."""
    A_prev = _shape(shapes, "A_prev")
    A_prev_T = None if A_prev is None else transpose(A_prev)
    dW, error_dW = _derive(matmul, dZ_in, A_prev_T)
    db, error_db = _derive(sum_columns, dZ_in)
    scale = () if features.arithmetic == "init_utils" else ("1/m",)
    buggy = features.check == "as_shipped"
    product = scale + (Operand(f"dZ[{l}]", dZ_in, "dZ"), Operand(f"A[{l - 1}]ᵀ", A_prev_T, "A_prev")) + \
        (("* 2",) if buggy and l == 2 else ())
    m = dZ_in[-1] if dZ_in else None
    note = f"the product sums over the m = {m} examples" if m else ""
    if buggy and l == 2:
        note = "the shipped backward_propagation_n doubles dW2: one of its two planted bugs"
    lines = []
    if features.l2:
        lines.append(FormulaLine(Operand(f"dW_ce[{l}]", dW, "dW_ce"), "=", product, actual=_shape(shapes, "dW_ce"),
                                 note=note, error=error_dW))
        W = _op(f"W[{l}]", shapes, "W")
        lines.append(FormulaLine(Operand(f"dW_L2[{l}]", W.shape, "dW_L2"), "=", ("λ/m", W),
                                 actual=_shape(shapes, "dW_L2"), note="the L2 term's gradient: weight decay"))
        lines.append(_elementwise(Operand(f"dW[{l}]", None, "dW"),
                                  (_op(f"dW_ce[{l}]", shapes, "dW_ce"), "+", _op(f"dW_L2[{l}]", shapes, "dW_L2")), shapes))
    else:
        lines.append(FormulaLine(Operand(f"dW[{l}]", dW, "dW"), "=", product, actual=_shape(shapes, "dW"),
                                 note=note, error=error_dW))
    db_scale = ("4/m Σ",) if buggy and l == 1 else (("Σ",) if features.arithmetic == "init_utils" else ("1/m Σ",))
    db_note = ("the shipped backward_propagation_n writes 4./m for db1: its other planted bug" if buggy and l == 1
               else "Σ sums over the columns: np.sum(dZ, axis=1, keepdims=True)")
    lines.append(FormulaLine(Operand(f"db[{l}]", db, "db"), "=", db_scale + (Operand(f"dZ[{l}]", dZ_in, "dZ"),),
                             actual=_shape(shapes, "db"), note=db_note, error=error_db))
    return lines


# ---------------------------------------------------------------- update
_DECAY_TEXT = {
    "update_lr": "α0 / (1 + decay_rate (epoch - 1)), α0 in epoch 0",
    "schedule_lr_decay": "α0 / (1 + decay_rate ⌊(epoch - 1) / time_interval⌋), α0 in epoch 0",
}


def update(layer: int, shapes: Shapes, features: Features) -> tuple[FormulaLine, ...]:
    l = layer
    lines: list[FormulaLine] = []
    if features.decay is not None:
        lines.append(FormulaLine(Operand("α", ()), "=", (_DECAY_TEXT[features.decay],),
                                 note=f"the course sets α = {features.decay}(α0, epoch, decay_rate) at the end "
                                      f"of each epoch: the next epoch trains with it"))
    if features.optimizer == "gd":
        return tuple(lines) + update_formulas(layer, shapes)
    beta = "β1" if features.optimizer == "adam" else "β"
    for p in ("W", "b"):
        v, v_new, g = f"v_d{p}", f"v_d{p}_new", f"d{p}"
        lines.append(_elementwise(Operand(f"v_d{p}[{l}]", None, v_new),
                                  (beta, _op(f"v_d{p}[{l}]", shapes, v), f"+ (1 - {beta})", _op(f"d{p}[{l}]", shapes, g)),
                                  shapes, note="the exponentially weighted average of the gradients"))
    if features.optimizer == "momentum":
        for p in ("W", "b"):
            lines.append(_elementwise(Operand(f"{p}[{l}]", None, f"{p}_new"),
                                      (_op(f"{p}[{l}]", shapes, p), "- α", _op(f"v_d{p}[{l}]", shapes, f"v_d{p}_new")),
                                      shapes, assign=":="))
        return tuple(lines)
    for p in ("W", "b"):
        lines.append(_elementwise(Operand(f"s_d{p}[{l}]", None, f"s_d{p}_new"),
                                  ("β2", _op(f"s_d{p}[{l}]", shapes, f"s_d{p}"), "+ (1 - β2)",
                                   _op(f"d{p}[{l}]²", shapes, f"d{p}")),
                                  shapes, note="the average of the squared gradients"))
    for p in ("W", "b"):
        lines.append(_elementwise(Operand(f"v̂_d{p}[{l}]", None, f"v_hat_d{p}"),
                                  (_op(f"v_d{p}[{l}]", shapes, f"v_d{p}_new"), "/ (1 - β1^t)"), shapes,
                                  note="bias correction: early averages are too small"))
        lines.append(_elementwise(Operand(f"ŝ_d{p}[{l}]", None, f"s_hat_d{p}"),
                                  (_op(f"s_d{p}[{l}]", shapes, f"s_d{p}_new"), "/ (1 - β2^t)"), shapes))
    for p in ("W", "b"):
        lines.append(_elementwise(Operand(f"step_{p}[{l}]", None, f"step_{p}"),
                                  ("α", _op(f"v̂_d{p}[{l}]", shapes, f"v_hat_d{p}"), "/ (√",
                                   _op(f"ŝ_d{p}[{l}]", shapes, f"s_hat_d{p}"), "+ ε)"), shapes,
                                  note="each parameter's own step size"))
    for p in ("W", "b"):
        lines.append(_elementwise(Operand(f"{p}[{l}]", None, f"{p}_new"),
                                  (_op(f"{p}[{l}]", shapes, p), "-", _op(f"step_{p}[{l}]", shapes, f"step_{p}")),
                                  shapes, assign=":="))
    return tuple(lines)


# ---------------------------------------------------------------- check
def check(layer: int, shapes: Shapes) -> tuple[FormulaLine, ...]:
    l = layer
    lines = []
    for p in ("W", "b"):
        shape = _shape(shapes, p)
        for name, sign in ((f"J_plus_{p}", "+"), (f"J_minus_{p}", "-")):
            lines.append(FormulaLine(Operand(f"{name[:-2]}[{p}{l}]", shape, name), "=",
                                     (f"J({p}[{l}] {sign} ε, one element at a time)",), actual=_shape(shapes, name),
                                     note=f"forward_propagation_n with θ {sign} ε at one element of {format_shape(shape)}"))
        lines.append(_elementwise(Operand(f"gradapprox[{p}{l}]", None, f"d{p}_approx"),
                                  ("(", _op(f"J_plus[{p}{l}]", shapes, f"J_plus_{p}"), "-",
                                   _op(f"J_minus[{p}{l}]", shapes, f"J_minus_{p}"), ") / (2ε)"), shapes,
                                  note="the centred difference: the slope of J along each parameter"))
        lines.append(_elementwise(Operand(f"d{p}_diff[{l}]", None, f"d{p}_diff"),
                                  ("abs(", _op(f"d{p}[{l}]", shapes, f"d{p}"), "-",
                                   _op(f"gradapprox[{p}{l}]", shapes, f"d{p}_approx"), ")"), shapes,
                                  note=f"where d{p}[{l}] from backward disagrees with the slope of J"))
    lines.append(FormulaLine(Operand("difference", ()), "=", ("‖grad - gradapprox‖ / (‖grad‖ + ‖gradapprox‖)",),
                             note="over every parameter of every layer, W1 b1 W2 ... in dictionary_to_vector's order; "
                                  "the course calls the backward right below 2e-7"))
    return tuple(lines)

"""The course formula of each kind of step, and the shape algebra under it.

Each step of training applies one or a few of the course's formulas:

=============  ==============================================================
phase          formulas (course notation)
=============  ==============================================================
``forward``    Z[l] = W[l] A[l-1] + b[l];  A[l] = g[l](Z[l])
``cost``       J = -1/m Σ (Y log AL + (1 - Y) log(1 - AL));
               dAL = -(Y / AL - (1 - Y) / (1 - AL))
``backward``   dZ[l] = dA[l] * g[l]'(Z[l]) (dAL at l = L);  dW[l] = 1/m dZ[l] A[l-1]ᵀ;
               db[l] = 1/m Σ dZ[l];  dA[l-1] = W[l]ᵀ dZ[l]
``update``     W[l] := W[l] - α dW[l];  b[l] := b[l] - α db[l]
=============  ==============================================================

:func:`forward_formulas` ... :func:`update_formulas` return them as :class:`FormulaLine` records whose operands carry
the shapes of the step's actual tensors, and whose result carries the shape that the
shape algebra below derives from those operands (numpy's rules: ``@`` for products,
broadcasting for ``+``, ``-`` and ``*``, ``np.sum(axis=1, keepdims=True)`` for Σ).
When the derived shape differs from the tensor the step holds, the line says so: that
is how a ``db`` without ``keepdims`` turns ``b`` into an ``(n, n)`` matrix in plain view.
g[l] is written with the activation's own name (``relu``, ``σ``, ``tanh``).

These are week 4's lines. Course 2's features (dropout, L2, the helpers' arithmetic, momentum, Adam,
decay, the gradient check) change them: ``dnnstep.engine.feature_formulas`` builds on these records.
``dnnstep.engine.step_formulas`` picks a step's lines (``step_formulas``) and gives them as text
(``formula_text``, what ``Step.formula`` records, and so ``dnnstep trace``, the exports and the homework
report carry); the app's formula pane lays out the same :class:`FormulaLine` records.

This module is plain Python: it never imports textual or rich.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping, Sequence

from dnnstep.engine import activations

Shape = tuple[int, ...]


class ShapeError(ValueError):
    """Two shapes that a formula combines do not fit together."""


def format_shape(shape: Shape | None) -> str:
    """``(4, 209)``; ``()`` for a scalar; ``?`` when unknown."""
    if shape is None:
        return "?"
    if len(shape) == 1:
        return f"({shape[0]},)"
    return "(" + ", ".join(str(n) for n in shape) + ")"


def matmul(a: Shape, b: Shape) -> Shape:
    """The shape of ``a @ b`` for 2-d operands: ``(p, q) @ (q, r) -> (p, r)``."""
    if len(a) != 2 or len(b) != 2:
        raise ShapeError(f"a product needs two matrices, got {format_shape(a)} and {format_shape(b)}")
    if a[1] != b[0]:
        raise ShapeError(
            f"{format_shape(a)} @ {format_shape(b)}: the inner sizes {a[1]} and {b[0]} differ"
        )
    return (a[0], b[1])


def transpose(a: Shape) -> Shape:
    """The shape of ``a.T``."""
    return tuple(reversed(a))


def broadcast(a: Shape, b: Shape) -> Shape:
    """The shape of ``a + b`` (or ``-``, ``*``, ``/``) under numpy's broadcasting rules."""
    out: list[int] = []
    for i in range(1, max(len(a), len(b)) + 1):
        x = a[-i] if i <= len(a) else 1
        y = b[-i] if i <= len(b) else 1
        if x != y and 1 not in (x, y):
            raise ShapeError(f"{format_shape(a)} and {format_shape(b)} do not broadcast together")
        out.append(max(x, y) if 1 in (x, y) else x)
    return tuple(reversed(out))


def sum_columns(a: Shape) -> Shape:
    """The shape of ``np.sum(a, axis=1, keepdims=True)``: ``(n, m) -> (n, 1)``."""
    if len(a) != 2:
        raise ShapeError(f"summing over the columns needs a matrix, got {format_shape(a)}")
    return (a[0], 1)


@dataclass(frozen=True)
class Operand:
    """One operand of a formula as the pane shows it: ``W[2]`` over ``(5, 3)``.

    Attributes:
        text: the operand in course notation (``"A[1]ᵀ"``, ``"1/m"``, ``"α"``).
        shape: its shape (transposed when the text says ᵀ); ``None`` when the step
            does not hold that tensor or the operand is a plain number.
        tensor: the step tensor it names (``"A_prev"``), or ``""``.
    """

    text: str
    shape: Shape | None = None
    tensor: str = ""


@dataclass(frozen=True)
class FormulaLine:
    """One formula of a step with the shapes under it.

    Attributes:
        target: the result, with the shape the algebra derives from the operands.
        assign: ``"="`` or ``":="`` (the update overwrites).
        parts: operands and operators (plain strings) in reading order.
        actual: the shape of the tensor the step holds for the result, if any.
        note: what the shapes do that is worth saying (broadcasting, summing).
        error: why the operands' shapes do not fit, or ``""``.
    """

    target: Operand
    assign: str
    parts: tuple[Operand | str, ...]
    actual: Shape | None = None
    note: str = ""
    error: str = ""

    @property
    def ok(self) -> bool:
        """True when the shapes fit and the result has the shape the algebra derives."""
        if self.error:
            return False
        if self.actual is None or self.target.shape is None:
            return True
        return tuple(self.actual) == tuple(self.target.shape)

    @property
    def problem(self) -> str:
        """What is wrong with the shapes, in one sentence, or ``""``."""
        if self.error:
            return self.error
        if not self.ok:
            return (
                f"{self.target.text} should be {format_shape(self.target.shape)} "
                f"but the step holds {format_shape(self.actual)}"
            )
        return ""

    @property
    def text(self) -> str:
        """The formula on one line: ``Z[2] = W[2] A[1] + b[2]``, ``A[2] = relu(Z[2])``."""
        body = ""
        for part in self.parts:
            word = part if isinstance(part, str) else part.text
            if body and not body.endswith(("(", "√")) and not word.startswith(")"):
                body += " "
            body += word
        return f"{self.target.text} {self.assign} {body}"

    def columns(self) -> list[tuple[str, str, str]]:
        """The formula as columns ``(text, shape, kind)`` for a two-row layout.

        ``kind`` is ``"target"``, ``"operand"`` or ``"operator"``; operators have no shape.
        """
        cols = [(self.target.text, format_shape(self.target.shape), "target"), (self.assign, "", "operator")]
        for part in self.parts:
            if isinstance(part, str):
                cols.append((part, "", "operator"))
            elif part.tensor:
                cols.append((part.text, format_shape(part.shape), "operand"))
            else:
                cols.append((part.text, "", "operand"))
        return cols


def _shape(shapes: Mapping[str, Sequence[int]], name: str) -> Shape | None:
    shape = shapes.get(name)
    return None if shape is None else tuple(int(n) for n in shape)


def _derive(fn, *shapes: Shape | None) -> tuple[Shape | None, str]:
    if any(s is None for s in shapes):
        return None, ""
    try:
        return fn(*shapes), ""
    except ShapeError as exc:
        return None, str(exc)


def _g(activation: str | None) -> str:
    """g[l] as the engine's formula text writes it (``σ`` for sigmoid), ``g`` when unknown."""
    return activations.NAMES.get(activation or "", "g")


def forward_formulas(layer: int, activation: str | None, shapes: Mapping[str, Sequence[int]]) -> tuple[FormulaLine, ...]:
    """Z[l] = W[l] A[l-1] + b[l] and A[l] = g[l](Z[l])."""
    l = layer
    W, A_prev, b = _shape(shapes, "W"), _shape(shapes, "A_prev"), _shape(shapes, "b")
    WA, error = _derive(matmul, W, A_prev)
    Z, error2 = _derive(broadcast, WA, b)
    note = ""
    if Z is not None and b is not None and b != Z:
        note = f"b[{l}] {format_shape(b)} is broadcast across the {Z[1] if len(Z) > 1 else Z[0]} columns to {format_shape(Z)}"
    lines = [
        FormulaLine(
            Operand(f"Z[{l}]", Z, "Z"),
            "=",
            (Operand(f"W[{l}]", W, "W"), Operand(f"A[{l - 1}]", A_prev, "A_prev"), "+", Operand(f"b[{l}]", b, "b")),
            actual=_shape(shapes, "Z"),
            note=note,
            error=error or error2,
        )
    ]
    Zs = _shape(shapes, "Z")
    lines.append(
        FormulaLine(
            Operand(f"A[{l}]", Zs, "A"),
            "=",
            (f"{_g(activation)}(", Operand(f"Z[{l}]", Zs, "Z"), ")"),
            actual=_shape(shapes, "A"),
            note=f"g[{l}] = {activation} element by element" if activation else "",
        )
    )
    return tuple(lines)


def cost_formulas(shapes: Mapping[str, Sequence[int]]) -> tuple[FormulaLine, ...]:
    """J = -1/m Σ (Y log AL + (1 - Y) log(1 - AL)) and dAL = -(Y/AL - (1 - Y)/(1 - AL))."""
    AL, Y = _shape(shapes, "AL"), _shape(shapes, "Y")
    both, error = _derive(broadcast, Y, AL)
    m = both[-1] if both else None
    J = None if error or both is None else ()
    cost = FormulaLine(
        Operand("J", J, "J"),
        "=",
        ("-1/m Σ (", Operand("Y", Y, "Y"), "log", Operand("AL", AL, "AL"), "+ (1 -", Operand("Y", Y, "Y"), ") log(1 -", Operand("AL", AL, "AL"), "))"),
        actual=_shape(shapes, "J"),
        note=f"the sum runs over the m = {m} examples" if m else "",
        error=error,
    )
    dAL = FormulaLine(
        Operand("dAL", both, "dAL"),
        "=",
        ("-(", Operand("Y", Y, "Y"), "/", Operand("AL", AL, "AL"), "- (1 -", Operand("Y", Y, "Y"), ") / (1 -", Operand("AL", AL, "AL"), "))"),
        actual=_shape(shapes, "dAL"),
        note="the gradient of the cost with respect to AL, where backward starts",
        error=error,
    )
    return (cost, dAL)


def backward_formulas(layer: int, activation: str | None, shapes: Mapping[str, Sequence[int]], L: int | None = None) -> tuple[FormulaLine, ...]:
    """dZ, dW, db and dA_prev of layer l from dA[l] and the layer's cache."""
    l = layer
    dA_text = "dAL" if L is not None and layer == L else f"dA[{l}]"
    dA, Z, A_prev, W = (_shape(shapes, k) for k in ("dA", "Z", "A_prev", "W"))
    dZ_actual = _shape(shapes, "dZ")
    dZ, error = _derive(broadcast, dA, Z)
    dZ_in = dZ_actual if dZ_actual is not None else dZ
    A_prev_T = None if A_prev is None else transpose(A_prev)
    W_T = None if W is None else transpose(W)
    dW, error_dW = _derive(matmul, dZ_in, A_prev_T)
    db, error_db = _derive(sum_columns, dZ_in)
    dA_prev, error_dA = _derive(matmul, W_T, dZ_in)
    g = _g(activation)
    m = dZ_in[-1] if dZ_in else None
    return (
        FormulaLine(
            Operand(f"dZ[{l}]", dZ, "dZ"),
            "=",
            (Operand(dA_text, dA, "dA"), "*", f"{g}'(", Operand(f"Z[{l}]", Z, "Z"), ")"),
            actual=dZ_actual,
            note="* multiplies element by element",
            error=error,
        ),
        FormulaLine(
            Operand(f"dW[{l}]", dW, "dW"),
            "=",
            ("1/m", Operand(f"dZ[{l}]", dZ_in, "dZ"), Operand(f"A[{l - 1}]ᵀ", A_prev_T, "A_prev")),
            actual=_shape(shapes, "dW"),
            note=f"the product sums over the m = {m} examples" if m else "",
            error=error_dW,
        ),
        FormulaLine(
            Operand(f"db[{l}]", db, "db"),
            "=",
            ("1/m Σ", Operand(f"dZ[{l}]", dZ_in, "dZ")),
            actual=_shape(shapes, "db"),
            note="Σ sums over the columns: np.sum(dZ, axis=1, keepdims=True)",
            error=error_db,
        ),
        FormulaLine(
            Operand(f"dA[{l - 1}]", dA_prev, "dA_prev"),
            "=",
            (Operand(f"W[{l}]ᵀ", W_T, "W"), Operand(f"dZ[{l}]", dZ_in, "dZ")),
            actual=_shape(shapes, "dA_prev"),
            error=error_dA,
        ),
    )


def update_formulas(layer: int, shapes: Mapping[str, Sequence[int]]) -> tuple[FormulaLine, ...]:
    """W[l] := W[l] - α dW[l] and b[l] := b[l] - α db[l]."""
    l = layer
    lines = []
    for p in ("W", "b"):
        before, grad = _shape(shapes, p), _shape(shapes, "d" + p)
        after, error = _derive(broadcast, before, grad)
        note = ""
        if after is not None and before is not None and after != before:
            note = f"d{p}[{l}] {format_shape(grad)} broadcasts {p}[{l}] {format_shape(before)} into {format_shape(after)}"
        lines.append(
            FormulaLine(
                Operand(f"{p}[{l}]", after, p + "_new"),
                ":=",
                (Operand(f"{p}[{l}]", before, p), "- α", Operand(f"d{p}[{l}]", grad, "d" + p)),
                actual=_shape(shapes, p + "_new") or before,
                note=note,
                error=error,
            )
        )
    return tuple(lines)


def shapes_of(tensors: Mapping[str, object]) -> dict[str, Shape]:
    """The shape of each array in a step's ``tensors`` mapping."""
    return {name: tuple(getattr(value, "shape", ())) for name, value in tensors.items()}

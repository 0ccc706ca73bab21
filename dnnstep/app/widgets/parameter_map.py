"""The gradient check, parameter by parameter: W1, b1, ..., bL as grids of cells.

``ParameterMap.show(check)`` with a ``dnnstep.engine.parameter_check.ParameterCheck``. Each
parameter array is a block: a heading (``W2 (3, 5)  θ[25..39]  diff 3.3e-01``, the name in the
error colour with ``✗ 4`` when elements disagree), the column numbers, then one cell per element
in the array's own rows and columns, holding its relative difference |grad - gradapprox| /
(|grad| + |gradapprox|) on a background that says its verdict: the error colour where it
disagrees, the warning colour where it is unsure, the success colour where it agrees, none where
grad and gradapprox are both 0 (``0=0``: a dead unit, no path to J). A wrong formula lights up a
whole block. Blocks are laid left to right in the course's order and wrap to the next band; what
does not fit the height is counted on the last line.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.strip import Strip

from dnnstep.app.widgets.picture import Colours, Picture, text_strip
from dnnstep.engine.parameter_check import AGREE, DISAGREE, DISAGREE_FROM, UNSURE, UNSURE_FROM, ZERO, ParameterCheck, ParameterGroup

CELL = 8
"""Cells per element: ``3.3e-01`` and a space."""
GAP = 3
"""Cells between two blocks side by side."""


MODES = {
    "relative": "|grad − gradapprox| / (|grad| + |gradapprox|)",
    "ratio": "grad / gradapprox",
    "grad": "grad (the backward's)",
    "approx": "gradapprox = (J⁺ − J⁻) / 2ε",
}
"""What the cells can show (``t`` cycles), and how the legend names it."""


def cell_text(group: ParameterGroup, index: tuple[int, int], mode: str = "relative") -> str:
    """An element's cell in ``mode`` (see ``MODES``); ``0=0`` where grad and gradapprox are both 0."""
    if group.verdict[index] == ZERO:
        return "0=0".center(CELL - 1)
    grad, approx = float(group.grad[index]), float(group.approx[index])
    if mode == "relative":
        text = f"{group.relative[index]:.1e}"
    elif mode == "ratio":
        text = "inf" if approx == 0 else f"{grad / approx:.4g}"
    else:
        value = grad if mode == "grad" else approx
        text = f"{value:.4g}" if len(f"{value:.4g}") < CELL else f"{value:.1e}"
    return text[: CELL - 1].rjust(CELL - 1)


@dataclass(frozen=True)
class Block:
    """One parameter array's lines, as ``(text, style name)`` pieces per line."""

    group: ParameterGroup
    width: int
    lines: tuple[tuple[tuple[str, str], ...], ...]


def heading(group: ParameterGroup) -> list[tuple[str, str]]:
    n = group.count(DISAGREE)
    shape = "(" + ", ".join(str(d) for d in group.shape) + ")"
    pieces = [(group.name, "wrong" if n else "name"), (f" {shape}  θ[{group.start}..{group.start + group.size - 1}]", "muted"),
              (f"  diff {group.difference:.1e}", "muted")]
    if n:
        pieces.append((f" ✗ {n}", "wrong"))
    return pieces


def block(group: ParameterGroup, mode: str = "relative") -> Block:
    """The lines of ``group``'s block: heading, column numbers, one line per row."""
    rows, columns = group.shape  # W[l] (n[l], n[l-1]), b[l] (n[l], 1)
    label = len(str(max(rows - 1, 0))) + 1
    top = heading(group)
    lines = [tuple(top), (("".ljust(label) + "".join(str(c).rjust(CELL - 1) + " " for c in range(columns)), "muted"),)]
    style_of = {DISAGREE: "disagree", UNSURE: "unsure", AGREE: "agree", ZERO: "zero"}
    for r in range(rows):
        pieces = [(str(r).ljust(label), "muted")]
        for c in range(columns):
            pieces += [(cell_text(group, (r, c), mode), style_of[int(group.verdict[r, c])]), (" ", "plain")]
        lines.append(tuple(pieces))
    width = max(sum(len(text) for text, _ in line) for line in lines)
    return Block(group, width, tuple(lines))


def bands(blocks: list[Block], width: int) -> list[list[Block]]:
    """The blocks in order, as many side by side as fit in ``width`` cells."""
    out: list[list[Block]] = []
    used = 0
    for b in blocks:
        if out and used + GAP + b.width <= width:
            out[-1].append(b)
            used += GAP + b.width
        else:
            out.append([b])
            used = b.width
    return out


class ParameterMap(Picture):
    """Every parameter of a gradient check, grouped by array (see the module docstring)."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.check: ParameterCheck | None = None
        self.mode = "relative"
        """What the cells show: a key of ``MODES``."""
        self.hidden: tuple[str, ...] = ()
        """The groups the last drawing had no room for."""

    def show(self, check: ParameterCheck | None) -> None:
        self.check = check
        self.refresh()

    def set_mode(self, mode: str) -> None:
        self.mode = mode
        self.refresh()

    def key(self) -> tuple:
        return (id(self.check), self.mode)

    def _styles(self, c: Colours) -> dict:
        back = c.background
        return {
            "plain": c.style(c.foreground), "muted": c.style(c.muted), "name": c.style(c.accent, bold=True),
            "wrong": c.style(c.label0, bold=True),
            "disagree": c.style(c.foreground, back.blend(c.label0, 0.6), bold=True),
            "unsure": c.style(c.foreground, back.blend(c.warning, 0.45)),
            "agree": c.style(c.foreground, back.blend(c.success, 0.3)),
            "zero": c.style(c.muted),
        }

    def legend(self) -> tuple[tuple[str, str], ...]:
        return ((f" ≥ {DISAGREE_FROM:.0e} ", "disagree"), (" disagrees ", "muted"),
                (f" {UNSURE_FROM:.0e}.. ", "unsure"), (" unsure ", "muted"),
                (" less ", "agree"), (" agrees ", "muted"), ("0=0", "zero"), (" both 0  ", "muted"),
                (f"each cell: {MODES[self.mode]}", "name"))

    def draw(self, width: int, height: int) -> list[Strip]:
        c = self.colours
        styles = self._styles(c)
        plain = styles["plain"]
        check = self.check
        if check is None:
            return [text_strip([], width, plain) for _ in range(height)]
        lines: list[Strip] = [text_strip([(text, styles[s]) for text, s in self.legend()], width, plain),
                              text_strip([], width, plain)]
        blocks = [block(group, self.mode) for group in check.groups]
        shown: list[str] = []
        laid = bands(blocks, width)
        for n, band in enumerate(laid):
            tall = max(len(b.lines) for b in band)
            if len(lines) + tall > height:
                break
            for y in range(tall):
                pieces: list[tuple[str, object]] = []
                for i, b in enumerate(band):
                    line = b.lines[y] if y < len(b.lines) else ()
                    drawn = sum(len(text) for text, _ in line)
                    pieces += [(text, styles[s]) for text, s in line]
                    pieces.append((" " * (b.width - drawn + (GAP if i < len(band) - 1 else 0)), plain))
                lines.append(text_strip(pieces, width, plain))
            shown += [b.group.name for b in band]
            if n < len(laid) - 1 and len(lines) < height:
                lines.append(text_strip([], width, plain))
        self.hidden = tuple(g.name for g in check.groups if g.name not in shown)
        if self.hidden:
            note = f"no room for {', '.join(self.hidden)}: make the window taller"
            lines = lines[:height - 1] + [text_strip([(note, styles["wrong"])], width, plain)]
        lines += [text_strip([], width, plain) for _ in range(height - len(lines))]
        return lines[:height]

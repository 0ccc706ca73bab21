"""Dropout's masks as a picture: D[l] of every hidden layer, a unit per row and an example per column.

``MaskView.show(masks)`` with ``dnnstep.engine.pictures.LayerMask`` records. Each mask is drawn
in block characters, two examples to a cell across and one, two or four units down (the fewest
that fit the height: half blocks, quadrant blocks, braille dots), a dropped entry (D = 0: that
unit is shut off for that example) in the error colour on the kept entries' colour, so the ~14% that
``keep_prob = 0.86`` drops show as scattered specks. A mask wider than the picture is cut into
bands of columns, each under a ruler of example numbers. Above each mask, a heading: its shape,
how many entries it drops, and whether it is the course's own draw (the same in every iteration).
"""

from __future__ import annotations

import math

import numpy as np
from rich.segment import Segment
from textual.strip import Strip

from dnnstep.app.canvas import braille_codes
from dnnstep.app.widgets.picture import Picture, text_strip
from dnnstep.engine.pictures import LayerMask

# bit 1: top left, 2: top right, 4: bottom left, 8: bottom right (a dropped entry there)
QUADRANTS = " ▘▝▀▖▌▞▛▗▚▐▜▄▙▟█"
HALVES = " ▌▐█"  # one unit per line: bit 1 left, 2 right


def glyphs(dropped: np.ndarray, tall: int) -> list[str]:
    """The lines of block characters for a 0/1 array of dropped entries ``(units, examples)``,
    ``tall`` (1, 2 or 4) units to a line and two examples to a cell."""
    units, examples = dropped.shape
    padded = np.zeros((math.ceil(units / tall) * tall, examples + examples % 2), dtype=np.int64)
    padded[:units, :examples] = dropped
    if tall == 4:
        return ["".join(map(chr, row)) for row in braille_codes(padded.astype(bool)).tolist()]
    left, right = padded[:, 0::2], padded[:, 1::2]
    if tall == 1:
        codes = left + 2 * right
        return ["".join(HALVES[c] for c in row) for row in codes.tolist()]
    codes = left[0::2] + 2 * right[0::2] + 4 * left[1::2] + 8 * right[1::2]
    return ["".join(QUADRANTS[c] for c in row) for row in codes.tolist()]


def ruler(start: int, cells: int, label: int) -> str:
    """Example numbers every 20 examples (10 cells) over ``cells`` cells from example ``start``."""
    line = [" "] * (label + cells)
    for example in range(start + (-start) % 20, start + 2 * cells, 20):
        text = str(example)
        at = label + (example - start) // 2
        if at + len(text) <= len(line) and all(ch == " " for ch in line[max(0, at - 1):at + len(text)]):
            line[at:at + len(text)] = list(text)
    return "".join(line)


def mask_heading(mask: LayerMask, width: int = 10_000) -> str:
    """``D[1]  (20, 211): 593 of 4220 entries dropped (14.1%); the course's draw: …``, shorter
    when ``width`` is too narrow for that."""
    n, m = mask.D.shape
    long = ("the course's draw: the same in every iteration" if mask.course_draw
            else "not the course's draw of this seed")
    short = "the course's draw" if mask.course_draw else "not the course's draw"
    head = f"D[{mask.layer}]  ({n}, {m}): {mask.dropped} of {mask.D.size} "
    text = f"{head}entries dropped ({mask.share:.1%}); {long}"
    return text if len(text) <= width else f"{head}dropped ({mask.share:.1%}), {short}"


class MaskView(Picture):
    """The masks of one iteration (see the module docstring)."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.masks: tuple[LayerMask, ...] = ()
        self.tall = 1
        """Units per line in the last drawing (1, or 2 or 4 when fewer did not fit)."""

    def show(self, masks: tuple[LayerMask, ...]) -> None:
        self.masks = masks
        self.refresh()

    def key(self) -> tuple:
        return tuple(id(mask.D) for mask in self.masks)

    def _layout(self, width: int, height: int) -> tuple[int, int]:
        """``(tall, cells per band)``: the fewest units per line with which every mask fits."""
        label = 5
        cells = max(10, width - label)
        for tall in (1, 2, 4):
            lines = 0
            for mask in self.masks:
                n, m = mask.D.shape
                bands = math.ceil(math.ceil(m / 2) / cells)
                lines += 2 + bands * (1 + math.ceil(n / tall))
            if lines - 1 <= height:  # the last mask needs no blank line under it
                return tall, cells
        return 4, cells

    def draw(self, width: int, height: int) -> list[Strip]:
        c = self.colours
        plain = c.style(c.foreground)
        muted = c.style(c.muted)
        accent = c.style(c.accent, bold=True)
        mark = c.style(c.label0, c.background.blend(c.label1, 0.35))
        tall, cells = self._layout(width, height)
        self.tall = tall
        label = 5
        lines: list[Strip] = []
        for mask in self.masks:
            lines.append(text_strip([(mask_heading(mask, width), accent)], width, plain))
            dropped = (mask.D == 0).astype(np.int64)
            rows = glyphs(dropped, tall)
            m = mask.D.shape[1]
            for start in range(0, math.ceil(m / 2), cells):
                lines.append(text_strip([(ruler(2 * start, min(cells, math.ceil(m / 2) - start), label), muted)], width, plain))
                for r, row in enumerate(rows):
                    part = row[start:start + cells]
                    lines.append(Strip([Segment(f"{r * tall:>{label - 1}} ", muted), Segment(part, mark)],
                                       label + len(part)).extend_cell_length(width, plain))
            lines.append(text_strip([], width, plain))
        if len(lines) == height + 1:
            lines.pop()  # the blank line under the last mask
        if len(lines) > height:
            lines = lines[:height - 1] + [text_strip([("… the rest does not fit: make the window taller", c.style(c.warning))],
                                                     width, plain)]
        lines += [text_strip([], width, plain) for _ in range(height - len(lines))]
        return lines

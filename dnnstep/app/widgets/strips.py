"""A line of terminal cells made exactly as wide as its place."""

from __future__ import annotations

from textual.strip import Strip


def fit(strip: Strip, width: int, style) -> Strip:
    """``strip`` padded or cut to ``width`` cells, itself when it is that wide already.
    (Textual's ``adjust_cell_length`` keeps such a strip in the strip's own cache: a
    reference cycle, garbage that only a collector pass frees, and a pass over the lines of
    every step while a key is held is a stall the user sees.)"""
    return strip if strip.cell_length == width else strip.adjust_cell_length(width, style)

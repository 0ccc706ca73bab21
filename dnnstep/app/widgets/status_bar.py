"""Where you are: scenario, iteration, step, cost, accuracy, and the cost history.

The first row says where the cursor is (``iteration 3 of 100 · step 7 of 16 ·
backward 3``) with the cost J of this iteration once it is known, and the train and test
accuracy at this iteration. Beside it a sparkline draws the cost of every iteration
computed so far. While a run-until works, a progress bar takes the second row; when it ends, the second
row says where and why it stopped, until the cursor moves.
"""

from __future__ import annotations

import textwrap
from typing import Sequence

import numpy as np

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import ProgressBar, Sparkline

from dnnstep.app.fast import Backdrop, BackdropHorizontal
from dnnstep.app.widgets.line import Line


SEPARATOR = " · "
WIDE = 140
"""From this width on, the sparkline has its label ("J over 40 iterations")."""


Part = str | tuple[str, ...]
"""A part of the position line: its text, or ``(long, short)`` (or ``(long, medium, short)``) to be
shortened when narrow."""


def fit_parts(parts: Sequence[Part], width: int) -> str:
    """``parts`` joined by ``SEPARATOR``: long forms if all fit, else the next shorter forms (a
    part with two forms keeps its short one from the second on), dropping whole parts from the
    end of the shortest until they fit (so the line never ends in a separator)."""
    forms = max((len(p) for p in parts if not isinstance(p, str)), default=1)
    for form in range(max(forms, 2)):
        words = [p if isinstance(p, str) else p[min(form, len(p) - 1)] for p in parts]
        text = SEPARATOR.join(words)
        if len(text) <= width:
            return text
    text = ""
    for word in words:
        longer = word if not text else text + SEPARATOR + word
        if len(longer) > width and text:
            break
        text = longer
    return text


def fit_message(forms: Sequence[str], width: int, most: int = 2) -> list[str]:
    """The first of ``forms`` that fits ``most`` lines of ``width`` cells, wrapped at its
    spaces (the last form cut with ``…`` if even it does not fit); ``[]`` for no message."""
    if not forms or not forms[0]:
        return []
    width = max(1, width)
    for form in forms:
        lines = textwrap.wrap(form, width)
        if len(lines) <= most:
            return lines
    lines = textwrap.wrap(forms[-1], width)
    return lines[: most - 1] + [lines[most - 1][: width - 1] + "…"]


class PartsLine(Line):
    """A line of parts fitted to its width (``fit_parts``), fitted again when that changes
    (the cost sparkline beside it comes or goes, the terminal is resized)."""

    _parts: tuple[Part, ...] = ()

    def show_parts(self, parts: Sequence[Part]) -> None:
        self._parts = tuple(parts)
        self._fit()

    def _fit(self) -> None:
        self.update(fit_parts(self._parts, self.size.width or self.app.size.width))

    def on_resize(self) -> None:
        self._fit()


class StatusBar(Backdrop, Vertical):
    """The rows above the map; the app calls ``show_where``, ``show_costs`` and ``show_run``."""

    DEFAULT_CSS = """
    StatusBar { height: auto; }
    StatusBar > Horizontal { height: 1; }
    StatusBar #where { width: 1fr; }
    StatusBar #costs { width: 30; height: 1; margin-left: 1; }
    StatusBar #costs-label { width: 26; padding: 0 1; text-align: right; }
    StatusBar #run { height: 1; display: none; }
    StatusBar.-running #run { display: block; }
    StatusBar #message { height: 1; display: none; color: $text-warning; }
    StatusBar.-message #message { display: block; }
    StatusBar.-running #message { display: none; }
    StatusBar #run-label { width: 1fr; padding: 0 1; }
    StatusBar ProgressBar { width: auto; }
    """

    _shown_costs: np.ndarray | None = None

    def compose(self) -> ComposeResult:
        with BackdropHorizontal():
            yield PartsLine("", id="where")
            yield Line("", id="costs-label")
            yield Sparkline([], id="costs")
        with BackdropHorizontal(id="run"):
            yield ProgressBar(total=100, show_eta=False, id="progress")
            yield Line("", id="run-label")
        yield Line("", id="message")

    def on_mount(self) -> None:
        self._where = self.query_one("#where", PartsLine)
        self._costs = self.query_one("#costs", Sparkline)
        self._costs_label = self.query_one("#costs-label", Line)
        self._progress = self.query_one("#progress", ProgressBar)
        self._run_label = self.query_one("#run-label", Line)
        self._message = self.query_one("#message", Line)
        self._costs.display = False
        self._costs_label.display = False

    def show_where(self, parts: Sequence[Part]) -> None:
        """The position line: ``parts`` joined by `` · ``, as many as fit (never a dangling ``·``)."""
        self._where.show_parts(parts)

    def show_costs(self, costs: np.ndarray, label: bool = True, narrow: int = 0) -> None:
        """Draw the cost history once more than one iteration has run. ``label=False`` leaves its
        label out, and below ``narrow`` columns the sparkline goes too: the position line needs
        the room (with mini-batches it says the epoch and the batch as well)."""
        self._labelled, self._narrow = label, narrow
        many = len(costs) > 1
        self._show_label(many)  # the position line gets narrower or wider: it fits itself again
        if many and costs is not self._shown_costs:
            # the app hands the same array until the Session has computed more
            self._shown_costs = costs
            finite = costs[np.isfinite(costs)]
            self._costs.data = [float(c) for c in finite] or [0.0]
            self._costs_label.update(f"J of iterations 0..{len(costs) - 1}")

    def show_message(self, forms: str | Sequence[str]) -> None:
        """Lines under the position (where and why a run stopped): the first of ``forms``
        (the message, then shorter ways to say it, each keeping its numbers and its hint)
        that fits one line, or two; ``""`` hides them."""
        self._forms = [forms] if isinstance(forms, str) else list(forms)
        lines = fit_message(self._forms, self._width())
        if self._message.styles.height is None or self._message.styles.height.value != len(lines) or not lines:
            self._message.styles.height = max(1, len(lines))
        self._message.update("\n".join(lines))
        self.set_class(bool(lines), "-message")

    def _width(self) -> int:
        return (self.size.width or self.app.size.width) - 2  # the bar's padding

    @property
    def extra_rows(self) -> int:
        """The rows shown under the position line: the run's progress, or the message."""
        if self.has_class("-running"):
            return 1
        return int(self._message.styles.height.value) if self.has_class("-message") else 0

    def on_resize(self) -> None:
        if self.has_class("-message") and self._forms:
            self.show_message(self._forms)  # wrapped again for the new width
        if self._shown_costs is not None:
            self._show_label(len(self._shown_costs) > 1)  # the label comes or goes with the width

    _labelled, _narrow = True, 0  # show_costs's label and narrow

    def _show_label(self, many: bool) -> None:
        """The sparkline when more than one iteration has run (from ``narrow`` columns on), its
        label from ``WIDE`` on unless left out (the position line then fits itself to the room
        they leave)."""
        many = many and self.app.size.width >= self._narrow
        labelled = many and self._labelled and self.app.size.width >= WIDE
        if self._costs.display != many or self._costs_label.display != labelled:
            self._costs.display = many
            self._costs_label.display = labelled

    _forms: Sequence[str] = ()

    def show_run(self, text: str | None, done: int = 0, total: int | None = None) -> None:
        """Show a run in progress (``text``), or hide the row (``None``)."""
        self.set_class(text is not None, "-running")
        if text is not None:
            self._run_label.update(text)
            self._progress.update(total=total, progress=done)

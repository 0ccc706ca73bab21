"""The frame of every picture: a full screen that follows the debugger's cursor.

A picture screen shows one picture of the Session at the app's current iteration, with a
title line above and a line of notes (legend, what is not drawn and why) below. The keys
that move through iterations (``]`` ``[``, ``n`` ``p``) and ``r`` (run until) work here as
on the main screen: the app moves its cursor and calls ``follow()``, and the picture
redraws. While a run computes new iterations (``app.busy == "run"``), the picture follows
them: it polls the Session's count of computed iterations four times a second; it never
computes an iteration itself.
"""

from __future__ import annotations

import textwrap

from typing import TYPE_CHECKING

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content

from dnnstep.app.fast import BackdropScreen, KeptFooter
from dnnstep.app.widgets.line import Line
from dnnstep.engine.predict import accuracy

if TYPE_CHECKING:
    from dnnstep.engine.session import Session

POLL = 0.25
"""Seconds between looks at how many iterations the Session has computed (during a run)."""


NOTE_LINES = 2
"""The lines of notes under a picture."""

class PictureScreen(BackdropScreen):
    """Subclasses give ``picture()`` (the widget) and ``redraw()``; ``KEY`` closes it again."""

    BINDINGS = [
        Binding("escape", "close", "Close"),
        Binding("right_square_bracket", "app.next_iteration", "Next it", key_display="]"),
        Binding("left_square_bracket", "app.previous_iteration", "Prev it", key_display="["),
        Binding("n,right", "app.next", "Next", show=False),
        Binding("p,left", "app.previous", "Prev", show=False),
        Binding("r", "app.run_until", "Run until"),
    ]

    DEFAULT_CSS = """
    PictureScreen { layout: vertical; }
    PictureScreen > .picture-title { height: 1; background: $panel; color: $text-primary; text-style: bold; }
    PictureScreen > .picture-notes { height: 2; color: $foreground-muted; }  /* NOTE_LINES */
    """

    def __init__(self) -> None:
        super().__init__()
        self._seen = (-1, None)
        self._accuracy: dict[tuple[int, int], tuple[float, float | None] | str] = {}  # by (session, iteration)
        self.running_at: int | None = None  # the newest computed iteration while a run computes

    # ------------------------------------------------------------ what subclasses give
    def picture(self):  # pragma: no cover - each picture gives its widget
        raise NotImplementedError

    def redraw(self) -> None:  # pragma: no cover - each picture draws itself
        raise NotImplementedError

    # ------------------------------------------------------------ the frame
    def compose(self) -> ComposeResult:
        yield Line(classes="picture-title")
        yield self.picture()
        yield Line(classes="picture-notes")
        yield KeptFooter(compact=True)

    def on_mount(self) -> None:
        self.set_interval(POLL, self._poll)
        self._seen = (self.session.iterations_computed, self.position)
        self.redraw()

    @property
    def session(self) -> "Session":
        return self.app.session

    @property
    def position(self) -> tuple[int, int]:
        """The app's cursor: (iteration, index)."""
        return tuple(self.app.position)  # type: ignore[return-value]

    @property
    def iteration(self) -> int:
        """The iteration the picture shows: the cursor's, or during a run the newest computed."""
        return self.running_at if self.running_at is not None else self.position[0]

    def set_title(self, text: str) -> None:
        self.query_one(".picture-title", Line).update(" " + text)

    def set_notes(self, *forms: str | Content) -> None:
        """The notes under the picture: the first of ``forms`` (the notes, then shorter ways
        to say them) whose words fit the notes' two lines at the screen's width."""
        width = max(1, self.size.width or self.app.size.width)
        fitting = next((form for form in forms if len(textwrap.wrap(str(form), width)) <= NOTE_LINES), forms[-1])
        self.query_one(".picture-notes", Line).update(fitting)

    def follow(self) -> None:
        """The app's cursor moved (or a run ended): draw the picture at the new place."""
        self.running_at = None
        self._seen = (self.session.iterations_computed, self.position)
        self.redraw()

    def _poll(self) -> None:
        """Follow a run as it computes, and grow with iterations computed ahead."""
        computed = self.session.iterations_computed
        seen = (computed, self.position)
        running = getattr(self.app, "busy", None) == "run"
        if seen == self._seen and not (running and self.running_at is None):
            return
        self._seen = seen
        self.running_at = min(computed, self.session.num_iterations) - 1 if running and computed else None
        self.redraw()

    def action_close(self) -> None:
        self.dismiss(None)

    # ------------------------------------------------------------ accuracy, where known
    def accuracy_text(self, iteration: int) -> str:
        """"train 92.5% · test 80.0%" at ``iteration`` once known (asked for in a worker)."""
        known = self._accuracy.get((id(self.session), iteration))
        if known is None and self.app.policy.accuracy_here(iteration):
            # a small network: here, at once (a worker's result would repaint a second time)
            known = self._accuracy[(id(self.session), iteration)] = _accuracy(self.session, iteration)
        if known is None:
            self._accuracy[(id(self.session), iteration)] = "accuracy …"
            self._accuracy_worker(iteration)
            return "accuracy …"
        if isinstance(known, str):
            return known
        train, test = known
        return f"train {train:.1%}" + (f" · test {test:.1%}" if test is not None else "")

    @work(thread=True, group="picture-accuracy")
    def _accuracy_worker(self, iteration: int) -> None:
        session = self.session
        self.app.call_from_thread(self._accuracy_ready, session, iteration, _accuracy(session, iteration))

    def _accuracy_ready(self, session: "Session", iteration: int, value) -> None:
        if session is self.session:
            self._accuracy[(id(session), iteration)] = value
            if iteration == self.iteration:
                self.redraw()


def _accuracy(session: "Session", iteration: int) -> tuple[float, float | None] | str:
    try:
        return accuracy(session, iteration)
    except Exception as exc:  # the engine's message, shown in the title
        return f"accuracy unavailable ({exc})"

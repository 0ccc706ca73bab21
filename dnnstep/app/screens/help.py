"""The help screen: every key of the debugger, what the screen shows, and the mouse."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

ABOUT = (
    "The panes show the tensors of the current step, titled in course notation with their shape. "
    "The formula pane gives the course formula with the shape under each operand. "
    "The map shows the layers n[0..L]; the list on the left, the steps of this iteration. "
    "Iterations, steps, rows, columns and examples count from 0, as numpy does."
)

MOUSE = "Click a step in the list, or a layer in the map, to go there. Scroll a pane with the wheel."


class HelpScreen(ModalScreen[None]):
    """A modal list of the app's bindings, built from the app's ``BINDINGS``."""

    BINDINGS = [
        Binding("escape,question_mark,q", "dismiss", "Close help"),
    ]

    DEFAULT_CLASSES = "dialog"
    DEFAULT_CSS = """
    HelpScreen > VerticalScroll { width: 92; }
    HelpScreen #keys { grid-size: 2; grid-columns: auto 1fr; grid-gutter: 0 2; height: auto; }
    HelpScreen #keys Static { height: auto; }
    """

    def __init__(self, keys: list[tuple[str, str]], extra: list[tuple[str, str]] | None = None, *,
                 title: str = "dnnstep keys", about: str = "") -> None:
        super().__init__()
        self.keys = keys
        self.extra = extra or []
        self.title_text = title
        self.about = about or ABOUT + "\n\n" + MOUSE

    def compose(self) -> ComposeResult:
        with VerticalScroll() as scroll:
            scroll.border_title = self.title_text
            scroll.border_subtitle = "escape closes"
            with Grid(id="keys"):
                for rows, style in ((self.keys, "bold $accent"), (self.extra, "bold $text-secondary")):
                    for key, text in rows:
                        yield Static(Content.styled(key, style), classes="key")
                        yield Static(text, classes="text", markup=False)
            yield Static(Content.styled("\n" + self.about, "$foreground-muted"))

    def action_dismiss(self, result: None = None) -> None:
        self.dismiss(None)

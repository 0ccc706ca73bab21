"""A one-line question: go to a step, open a scenario file, give a bound.

The dialog checks the answer with the caller's ``check`` function before it closes; a
wrong answer shows ``check``'s message under the input and keeps what was typed.
"""

from __future__ import annotations

from typing import Callable, Generic, TypeVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

T = TypeVar("T")


class PromptScreen(ModalScreen[T | None], Generic[T]):
    """Ask ``question``; dismiss with ``check(answer)``, or ``None`` on escape.

    ``check`` raises ``ValueError`` with a message for people when the answer is wrong.
    """

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    DEFAULT_CLASSES = "dialog"
    DEFAULT_CSS = """
    PromptScreen > Vertical { width: 70; }
    """

    def __init__(self, question: str, check: Callable[[str], T], *, placeholder: str = "",
                 help: str = "", value: str = "") -> None:
        super().__init__()
        self.question = question
        self.check = check
        self.placeholder = placeholder
        self.help = help
        self.value = value

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = self.question
            box.border_subtitle = "enter accepts · escape cancels"
            if self.help:
                yield Static(self.help, classes="help", markup=False)
            yield Input(value=self.value, placeholder=self.placeholder)
            yield Static("", classes="error", markup=False)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        try:
            result = self.check(event.value)
        except ValueError as exc:
            self.query_one(".error", Static).update(str(exc))
            return
        self.dismiss(result)

    def action_cancel(self) -> None:
        self.dismiss(None)

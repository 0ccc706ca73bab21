"""The steps of the current iteration as a list that can be clicked.

The list shows ``3 L + 1`` steps (``0 forward 1`` .. ``15 update 5``), highlights the
current one, and marks the step where a student's run first departs from the reference.
Choosing a step (click or enter) posts ``StepList.StepChosen``.
"""

from __future__ import annotations

from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option


class StepList(OptionList):
    """The steps of one iteration; ``set_current(index)`` moves the highlight."""

    DEFAULT_CSS = """
    StepList { width: 20; height: 1fr; }
    """

    class StepChosen(Message):
        """The user chose step ``index`` of the iteration on show."""

        def __init__(self, index: int) -> None:
            super().__init__()
            self.index = index

    def __init__(self, labels: list[str], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._labels = list(labels)
        self._marks: dict[int, str] = {}
        self._rebuild()

    def set_labels(self, labels: list[str]) -> None:
        self._labels = list(labels)
        self._marks = {}
        self._rebuild()

    def set_marks(self, marks: dict[int, str]) -> None:
        """Marks beside steps: ``{7: "✗"}`` for the first divergence."""
        if marks != self._marks:
            self._marks = dict(marks)
            current = self.highlighted
            self._rebuild()
            if current is not None:
                self.highlighted = current

    def _rebuild(self) -> None:
        width = len(str(len(self._labels) - 1))
        self.clear_options()
        self.add_options(
            Option(f"{self._marks.get(i, ' ')}{str(i).rjust(width)} {label}", id=f"step-{i}")
            for i, label in enumerate(self._labels)
        )

    def set_current(self, index: int) -> None:
        if self.highlighted != index:
            self.highlighted = index

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.post_message(self.StepChosen(event.option_index))

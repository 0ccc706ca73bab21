"""ExamplesScreen: the scenario's examples as pictures, with their labels and predictions.

For a scenario whose inputs are images (``scenario.image_shape``), this screen shows one
example at a time, as the course's notebook does with ``plt.imshow``: column j of X
reshaped back with ``X[:, j].reshape(image_shape)``. Beside it stand the example's set
(train or test), its label and the network's prediction with the parameters at the
start of the chosen iteration (``AL > 0.5``, as the course's ``predict``).

It can list only the misclassified examples, as ``print_mislabeled_images`` does, and show
the first layer's weights as pictures: each row of W1 reshaped to the image shape and
stretched to [0, 1].
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from dnnstep.app.fast import KeptFooter
from dnnstep.app.widgets.image_view import ImageView
from dnnstep.engine.predict import accuracy_of, mislabeled_indices, predict

if TYPE_CHECKING:  # pragma: no cover - for type checkers only
    from dnnstep.engine.session import Session


NUMBERING = ("Examples, rows, iterations and steps count from 0, as numpy does: example 0 is X[:, 0]. "
             "The list of misclassified examples gives each one's index, label, prediction and AL.")


def class_names(classes: tuple[str, str] | None) -> tuple[str, str]:
    """The names of label 0 and label 1 (``"0"`` and ``"1"`` when the data gives none)."""
    if classes is None:
        return ("0", "1")
    return (str(classes[0]), str(classes[1]))


def normalise(values: np.ndarray) -> np.ndarray:
    """``values`` stretched linearly to [0, 1] (all 0.5 when they are all equal or not finite)."""
    finite = values[np.isfinite(values)]
    if finite.size == 0:
        return np.full(values.shape, 0.5)
    low, high = float(finite.min()), float(finite.max())
    if high == low:
        return np.full(values.shape, 0.5)
    return np.clip((np.nan_to_num(values, nan=low) - low) / (high - low), 0.0, 1.0)


class ExamplesScreen(ModalScreen[None]):
    """The examples of an image scenario, one picture at a time, at one iteration.

    Args:
        session: the Session whose scenario and parameters to show.
        iteration: the predictions use ``session.parameters_at(iteration)``.

    Raises:
        ValueError: the scenario's inputs are not images (no ``image_shape``), or the
            image shape does not match n[0].
    """

    DEFAULT_CSS = """
    ExamplesScreen {
        align: center middle;
    }
    ExamplesScreen > #examples-body {
        width: 100%;
        height: 100%;
        background: $panel;
        padding: 0 1;
    }
    ExamplesScreen #examples-title {
        height: auto;
        text-style: bold;
        color: $text;
    }
    ExamplesScreen #examples-main {
        height: 1fr;
    }
    ExamplesScreen #examples-image {
        width: 1fr;
        height: 1fr;
    }
    ExamplesScreen #examples-mislabelled {
        width: 46;
        height: 1fr;
        display: none;
    }
    ExamplesScreen.-mislabelled #examples-mislabelled {
        display: block;
    }
    ExamplesScreen #examples-detail {
        height: auto;
        color: $text-muted;
        margin-bottom: 1;
    }
    """

    BINDINGS = [
        Binding("escape,q", "close", "Close", tooltip="back to the debugger"),
        Binding("right,n", "move(1)", "Next", tooltip="the next example (or row of W[1])"),
        Binding("left,p", "move(-1)", "Prev", tooltip="the previous example (or row of W[1])"),
        Binding("home", "first", "First", show=False, tooltip="the first example"),
        Binding("end", "last", "Last", show=False, tooltip="the last example"),
        Binding("t", "toggle_set", "Train/test", tooltip="the training set or the test set"),
        Binding("m", "toggle_mislabelled", "Misclassified", tooltip="only the examples the network gets wrong"),
        Binding("w", "toggle_weights", "W[1] rows", tooltip="the rows of W[1] as pictures"),
        Binding("question_mark", "help", "Help", key_display="?", tooltip="these keys"),
    ]

    def __init__(
        self,
        session: "Session",
        iteration: int,
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        scenario = session.scenario
        if scenario.image_shape is None:
            raise ValueError(
                f"scenario {scenario.name!r} has no image_shape: its inputs are not images, "
                "so there are no pictures to show"
            )
        image_shape = tuple(int(n) for n in scenario.image_shape)
        if int(np.prod(image_shape)) != scenario.layer_dims[0]:
            raise ValueError(
                f"scenario {scenario.name!r}: image_shape {image_shape} holds "
                f"{int(np.prod(image_shape))} values but n[0] is {scenario.layer_dims[0]}"
            )
        super().__init__(name=name, id=id, classes=classes)
        self.session = session
        self.iteration = int(iteration)
        self.image_shape = image_shape
        self.names = class_names(scenario.classes)
        self.has_test = scenario.X_test is not None and scenario.Y_test is not None
        #: which set is shown: the test set (True) or the training set (False).
        self.test = False
        #: the index (column of X) of the example shown.
        self.index = 0
        #: whether moving visits only the mislabelled examples.
        self.mislabelled_only = False
        #: whether the screen shows W1's rows instead of examples.
        self.weights_view = False
        #: the row of W1 shown in the weights view.
        self.row = 0
        self._parameters: dict[str, np.ndarray] | None = None
        self._predictions: dict[bool, tuple[np.ndarray, np.ndarray]] = {}
        self._mislabelled: dict[bool, list[int]] = {}
        self._accuracy: dict[bool, float] = {}
        #: the set and indices the mislabelled list was last filled with.
        self._listed: tuple[bool, list[int]] | None = None

    # -- data ---------------------------------------------------------------------------

    @property
    def parameters(self) -> dict[str, np.ndarray]:
        """The parameters at the start of ``iteration``."""
        if self._parameters is None:
            self._parameters = dict(self.session.parameters_at(self.iteration))
        return self._parameters

    def data(self, test: bool | None = None) -> tuple[np.ndarray, np.ndarray]:
        """X (n[0], m) and Y (1, m) of the shown set (or of the named one)."""
        scenario = self.session.scenario
        test = self.test if test is None else test
        if test:
            return scenario.X_test, scenario.Y_test
        return scenario.X, scenario.Y

    def predictions(self, test: bool | None = None) -> tuple[np.ndarray, np.ndarray]:
        """(probabilities (1, m), predictions (1, m)) for the shown set, computed once."""
        test = self.test if test is None else test
        if test not in self._predictions:
            scenario = self.session.scenario
            X, _ = self.data(test)
            self._predictions[test] = predict(
                self.parameters, scenario.activations, X, leaky_slope=scenario.leaky_slope
            )
        return self._predictions[test]

    def mislabelled(self) -> list[int]:
        """The indices of the shown set's mislabelled examples, as print_mislabeled_images (computed once)."""
        if self.test not in self._mislabelled:
            _, Y = self.data()
            self._mislabelled[self.test] = mislabeled_indices(self.predictions()[1], Y)
        return self._mislabelled[self.test]

    def accuracy(self) -> float:
        """The shown set's accuracy, as the course's predict prints it (computed once)."""
        if self.test not in self._accuracy:
            _, Y = self.data()
            self._accuracy[self.test] = accuracy_of(self.predictions()[1], Y)
        return self._accuracy[self.test]

    def visiting(self) -> list[int]:
        """The indices that the movement keys go through (all, or the mislabelled)."""
        if self.mislabelled_only:
            return self.mislabelled()
        return list(range(self.data()[0].shape[1]))

    def image(self, index: int, test: bool | None = None) -> np.ndarray:
        """Example ``index`` as a picture: ``X[:, index].reshape(image_shape)``."""
        X, _ = self.data(test)
        return X[:, index].reshape(self.image_shape)

    def weights_image(self, row: int) -> np.ndarray:
        """Row ``row`` of W1 reshaped to the image shape and stretched to [0, 1]."""
        return normalise(self.parameters["W1"][row].reshape(self.image_shape))

    @property
    def probability(self) -> float:
        """AL of the example shown: the network's probability that it is class 1."""
        return float(self.predictions()[0][0, self.index])

    @property
    def prediction(self) -> int:
        """The predicted label of the example shown (AL > 0.5)."""
        return int(self.predictions()[1][0, self.index])

    @property
    def label(self) -> int:
        """The true label of the example shown."""
        return int(self.data()[1][0, self.index])

    # -- layout -------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Vertical(id="examples-body"):
            yield Static(id="examples-title")
            yield Static(id="examples-detail")
            with Horizontal(id="examples-main"):
                yield ImageView(id="examples-image")
                mislabelled = OptionList(id="examples-mislabelled")
                mislabelled.can_focus = False
                mislabelled.border_title = "misclassified"
                yield mislabelled
        yield KeptFooter(compact=True)

    def on_mount(self) -> None:
        self.show()

    def show(self) -> None:
        """Repaint the title, the picture, the details and the mislabelled list."""
        title = self.query_one("#examples-title", Static)
        detail = self.query_one("#examples-detail", Static)
        view = self.query_one("#examples-image", ImageView)
        self.set_class(self.mislabelled_only and not self.weights_view, "-mislabelled")
        if self.weights_view:
            W1 = self.parameters["W1"]
            weights = W1[self.row]
            title.update(
                f"W[1] row {self.row} (0..{W1.shape[0] - 1}) at iteration {self.iteration}: "
                f"the weights of unit {self.row} of layer 1, as a "
                f"{'x'.join(map(str, self.image_shape))} image"
            )
            detail.update(
                f"min {weights.min():.4g} shows dark, max {weights.max():.4g} shows bright "
                f"(each row stretched to its own range)"
            )
            view.image = self.weights_image(self.row)
            return
        set_name = "test" if self.test else "train"
        m = self.data()[0].shape[1]
        visiting = self.visiting()
        if self.mislabelled_only:
            self._fill_mislabelled(visiting)
        if not visiting:
            title.update(f"No misclassified {set_name} examples at iteration {self.iteration}")
            detail.update(f"The network gets all {m} {set_name} examples right.")
            view.image = None
            return
        if self.index not in visiting:
            self.index = visiting[0]
        train_or_test = f"{set_name} example {self.index} (0..{m - 1})"
        if self.mislabelled_only:
            train_or_test += f", misclassified {visiting.index(self.index)} (0..{len(visiting) - 1})"
        verdict = "right" if self.prediction == self.label else "wrong"
        title.update(
            f"{train_or_test}: label {self.names[self.label]}, "
            f"predicted {self.names[self.prediction]} ({verdict})"
        )
        detail.update(
            f"y = {self.label} ({self.names[self.label]})   "
            f"AL = {self.probability:.4f} {'>' if self.prediction else '<='} 0.5 "
            f"-> prediction {self.prediction} ({self.names[self.prediction]})   "
            f"at iteration {self.iteration}; {set_name} accuracy {self.accuracy():.1%}"
        )
        view.image = self.image(self.index)

    def _fill_mislabelled(self, indices: list[int]) -> None:
        listing = self.query_one("#examples-mislabelled", OptionList)
        if self._listed != (self.test, indices):  # refilled only when the set or its mistakes change
            self._listed = (self.test, indices)
            probabilities, predictions = self.predictions()
            _, Y = self.data()
            listing.set_options(
                Option(
                    f"{j:>4} {self.names[int(Y[0, j])]:<9} → {self.names[int(predictions[0, j])]:<9} "
                    f"{probabilities[0, j]:.2f}",
                    id=str(j),
                )
                for j in indices
            )
        if self.index in indices:
            position = indices.index(self.index)
            if listing.highlighted != position:
                listing.highlighted = position

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        if event.option.id is not None and self.mislabelled_only and not self.weights_view:
            index = int(event.option.id)
            if index != self.index:
                self.index = index
                self.show()

    # -- actions ------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "toggle_set" and (not self.has_test or self.weights_view):
            return None
        if action == "toggle_mislabelled" and self.weights_view:
            return None
        return True

    def action_help(self) -> None:
        from dnnstep.app.screens.help import HelpScreen

        keys = [(", ".join(self.app.get_key_display(Binding(k, "")) for k in b.key.split(",")), b.tooltip)
                for b in self.BINDINGS if isinstance(b, Binding)]
        self.app.push_screen(HelpScreen(keys, title="Examples: keys", about=NUMBERING))

    def action_close(self) -> None:
        self.dismiss(None)

    def _positions(self) -> list[int]:
        if self.weights_view:
            return list(range(self.parameters["W1"].shape[0]))
        return self.visiting()

    def _go(self, position: int) -> None:
        positions = self._positions()
        if not positions:
            return
        position = max(0, min(len(positions) - 1, position))
        if self.weights_view:
            self.row = positions[position]
        else:
            self.index = positions[position]
        self.show()

    def _position(self) -> int:
        positions = self._positions()
        current = self.row if self.weights_view else self.index
        return positions.index(current) if current in positions else 0

    def action_move(self, delta: int) -> None:
        """Show the next (1) or previous (-1) example, or W1 row."""
        self._go(self._position() + delta)

    def action_first(self) -> None:
        self._go(0)

    def action_last(self) -> None:
        self._go(len(self._positions()) - 1)

    def action_toggle_set(self) -> None:
        """Switch between the training set and the test set."""
        if not self.has_test:
            self.notify("This scenario has no test set.", severity="warning")
            return
        self.test = not self.test
        self.index = 0
        self.show()
        self.refresh_bindings()

    def action_toggle_mislabelled(self) -> None:
        """Visit only the mislabelled examples (and list them), or all of them again."""
        self.mislabelled_only = not self.mislabelled_only
        if self.mislabelled_only:
            visiting = self.mislabelled()
            if visiting and self.index not in visiting:
                self.index = visiting[0]
        self.show()

    def action_toggle_weights(self) -> None:
        """Show W1's rows as pictures, or the examples again."""
        self.weights_view = not self.weights_view
        self.show()
        self.refresh_bindings()

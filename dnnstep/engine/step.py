"""The Step: one immutable record of what one step of training did.

An iteration of training is the sequence of steps

    forward 1 .. forward L, cost, backward L .. backward 1, update 1 .. update L

so it has ``3 L + 1`` steps, numbered by ``Step.index`` from 0. Each step names the
tensors it read and wrote, in the course's notation, as read-only numpy arrays:

=============  ==========================================================================
phase          tensors (shapes; m examples, n[l] units in layer l)
=============  ==========================================================================
``forward``    A_prev (n[l-1], m), W (n[l], n[l-1]), b (n[l], 1), Z (n[l], m), A (n[l], m)
``cost``       AL (1, m), Y (1, m), J () and dAL (1, m); ``scalars["J"]`` is the cost
``backward``   dA (n[l], m), Z (n[l], m), A_prev (n[l-1], m), W (n[l], n[l-1]),
               dZ (n[l], m), dW (n[l], n[l-1]), db (n[l], 1), dA_prev (n[l-1], m)
``update``     W, b (before), dW, db, W_new, b_new (after); ``scalars["learning_rate"]``
=============  ==========================================================================

The cost step belongs to the output layer (``layer == L``). The names per phase are the
table ``dnnstep.engine.vocabulary.TENSORS``; the formula lines come from ``dnnstep.engine.step_formulas.formula_text``.

Course 2 adds tensors to these steps by feature (dropout's masks, the L2 terms, an optimizer's
state; ``dnnstep.engine.vocabulary.tensor_names``), and a gradient check replaces ``update 1 .. L``
by ``check 1 .. L`` (the same indices; ``step_place(L, index, "check")``).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Callable, Iterator, Literal, Mapping, Union

import numpy as np

Phase = Literal["forward", "cost", "backward", "update", "check"]
PHASES: tuple[Phase, ...] = ("forward", "cost", "backward", "update")
"""The phases of a week-4 iteration; a gradient check's last phase is ``"check"`` instead of ``"update"``."""
LAST_PHASES: tuple[Phase, ...] = ("update", "check")


def frozen(array: np.ndarray) -> np.ndarray:
    """Return ``array`` made read-only.

    The engine owns every array it creates and never writes to one after it has been
    recorded, so freezing in place is safe and costs nothing. An array that is a view
    of somebody else's writable memory is copied first, so nobody can change what a
    step shows.
    """
    array = np.asarray(array)
    if array.flags.writeable and array.base is not None and not isinstance(array.base, bytes):
        # A view: the owner could still write through another view. Copy.
        array = array.copy()
    array.setflags(write=False)
    return array


class Tensors(Mapping[str, np.ndarray]):
    """A step's named arrays: read-only, and each fixed once and for all.

    A value may be given as a function of no arguments instead of an array: it is called
    the first time the tensor is read (once, whichever thread reads it), and its result is
    what the step holds from then on. The engine uses this for a tensor that costs much and
    is seldom looked at (dA[0], the gradient with respect to the inputs); what it holds never
    depends on when it is read.
    """

    def __init__(self, items: Mapping[str, Union[np.ndarray, Callable[[], np.ndarray]]]) -> None:
        self._items = {name: value if callable(value) else frozen(value) for name, value in items.items()}
        self._lock = threading.Lock()

    def __getitem__(self, name: str) -> np.ndarray:
        value = self._items[name]
        if callable(value):
            with self._lock:
                value = self._items[name]
                if callable(value):
                    value = self._items[name] = frozen(value())
        return value

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __repr__(self) -> str:
        return f"Tensors({', '.join(self._items)})"


@dataclass(frozen=True, eq=False)
class Step:
    """One step of one training iteration, as the course writes it.

    Attributes:
        iteration: the training iteration, from 0.
        index: the position of this step in its iteration, from 0 to ``3 L``.
        phase: ``"forward"``, ``"cost"``, ``"backward"``, ``"update"`` (or ``"check"``, the last
            phase of a gradient check).
        layer: the layer l the step works on, 1..L (the cost step has layer L).
        activation: g[l] for forward and backward steps (``"relu"``, ``"sigmoid"``,
            ``"tanh"``, ``"leaky_relu"``), else ``None``.
        formula: the course formulas this step applies, one per line, in course notation.
        tensors: the step's named arrays (see the module docstring), all read-only
            (a ``Tensors`` mapping; dA_prev of backward 1 is computed when first read).
        scalars: named numbers: ``J`` for the cost step, ``learning_rate`` for updates.
    """

    iteration: int
    index: int
    phase: Phase
    layer: int
    activation: str | None
    formula: tuple[str, ...]
    tensors: Mapping[str, np.ndarray]
    scalars: Mapping[str, float] = field(default_factory=lambda: MappingProxyType({}))

    def __post_init__(self) -> None:
        if not isinstance(self.tensors, Tensors):
            object.__setattr__(self, "tensors", Tensors(self.tensors))
        object.__setattr__(self, "scalars", MappingProxyType(dict(self.scalars)))

    @property
    def label(self) -> str:
        """``"forward 2"``, ``"cost"``, ``"backward 3"``, ``"update 1"`` or ``"check 1"``."""
        return "cost" if self.phase == "cost" else f"{self.phase} {self.layer}"

    @property
    def cost(self) -> float | None:
        """The cost J for the cost step, else ``None``."""
        return self.scalars.get("J")

    def __getitem__(self, name: str) -> np.ndarray:
        return self.tensors[name]

    def __repr__(self) -> str:
        shapes = ", ".join(f"{k}{tuple(v.shape)}" for k, v in self.tensors.items())
        return f"<Step it={self.iteration} #{self.index} {self.label}: {shapes}>"


def step_index(L: int, phase: Phase, layer: int | None = None) -> int:
    """The index within an iteration of the step ``phase`` at ``layer`` for a net of L layers.

    ``layer`` defaults to the first layer the phase visits (1 forward, L backward,
    1 update or check).
    """
    if phase == "cost":
        return L
    if phase == "forward":
        layer = 1 if layer is None else layer
        _check_layer(L, layer)
        return layer - 1
    if phase == "backward":
        layer = L if layer is None else layer
        _check_layer(L, layer)
        return L + 1 + (L - layer)
    if phase in LAST_PHASES:
        layer = 1 if layer is None else layer
        _check_layer(L, layer)
        return 2 * L + layer
    raise ValueError(f"unknown phase {phase!r}: expected one of {', '.join(PHASES)}")


def step_place(L: int, index: int, last_phase: Phase = "update") -> tuple[Phase, int]:
    """The (phase, layer) of the step at ``index`` in an iteration of a net of L layers whose
    last phase is ``last_phase`` (``"check"`` for a gradient check)."""
    if not 0 <= index <= 3 * L:
        raise IndexError(f"step index {index} is outside 0..{3 * L}")
    if index < L:
        return "forward", index + 1
    if index == L:
        return "cost", L
    if index <= 2 * L:
        return "backward", L - (index - L - 1)
    return last_phase, index - 2 * L


def _check_layer(L: int, layer: int) -> None:
    if not 1 <= layer <= L:
        raise ValueError(f"layer {layer} is outside 1..{L}")

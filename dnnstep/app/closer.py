"""A closer look at single numbers: one element's index and full value, and watches.

Textual-free; the panes and the watch list draw what these return.

- ``cell_label("dW[3]", (2, 4))`` is ``dW[3][2, 4]``: the tensor's course name and the
  element's index, 0-based as numpy indexes it (and as the panes number rows and columns).
- ``cell_line(title, array, index)`` is the element and its value at full precision
  (``repr`` of the float: the shortest text that reads back as the same number, up to 17
  significant digits); with ``reference=`` (``--homework``), the student's value, the
  reference's and their difference.
- A ``Watch`` pins one element of one tensor at one place of an iteration (``backward 3``);
  ``watch_value`` reads it in any iteration, so a watch list follows it as the cursor moves.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np

from dnnstep.engine.step import Step


def cell_label(title: str, index: tuple[int, ...]) -> str:
    """``dW[3]`` and ``(2, 4)`` -> ``dW[3][2, 4]``; ``W[1] before`` -> ``W[1][2, 4] before``;
    a 0-d tensor (J, α) has no index."""
    if not index:
        return title
    head, _, rest = title.partition(" ")
    where = f"{head}[{', '.join(str(i) for i in index)}]"
    return f"{where} {rest}" if rest else where


def full_value(x: float) -> str:
    """The number at full precision: the shortest decimal that reads back as the same float."""
    return repr(float(x))


def element(array: np.ndarray, index: tuple[int, ...]) -> float:
    """The element of ``array`` at ``index`` (a 0-d array's value for ``()``)."""
    return float(np.asarray(array)[index] if index else np.asarray(array).reshape(()))


def cell_line(title: str, array: np.ndarray, index: tuple[int, ...], *, reference: np.ndarray | None = None) -> str:
    """``dW[3][2, 4] = -0.012345678901234567``, or with ``reference`` (the student's run
    compared): ``dW[3][2, 4]  student -0.0246…  reference -0.0123…  difference -0.0123…``."""
    label = cell_label(title, index)
    value = element(array, index)
    if reference is None:
        return f"{label} = {full_value(value)}"
    if np.shape(reference) != np.shape(array):
        return f"{label}  student {full_value(value)}  reference has shape {np.shape(reference)}: no element to compare"
    expected = element(reference, index)
    with np.errstate(all="ignore"):
        difference = np.float64(value) - np.float64(expected)
    return (f"{label}  student {full_value(value)}  reference {full_value(expected)}  "
            f"difference {full_value(difference)}")


def clamp_index(index: tuple[int, ...], shape: tuple[int, ...]) -> tuple[int, ...]:
    """``index`` moved inside ``shape`` (a cursor kept on an element after the tensor changed)."""
    if len(index) != len(shape):
        return tuple(0 for _ in shape)
    return tuple(min(max(0, i), max(0, n - 1)) for i, n in zip(index, shape))


@dataclass(frozen=True)
class Watch:
    """One element pinned: ``tensor`` (a Step tensor name such as ``"dW"``) at ``element``
    of the step at ``index`` within an iteration; ``label`` says which (``dW[3][2, 4]``)
    and ``place`` where (``backward 3``)."""

    index: int
    tensor: str
    element: tuple[int, ...]
    label: str
    place: str


def watch_of(step: Step, tensor: str, element_index: tuple[int, ...], title: str) -> Watch:
    """A Watch on ``step``'s ``tensor`` at ``element_index`` (``title``: the tensor's course name)."""
    return Watch(step.index, tensor, tuple(int(i) for i in element_index), cell_label(title, element_index), step.label)


def watch_value(steps_of: Callable[[int], tuple[Step, ...] | None], iteration: int, watch: Watch) -> float | None:
    """The watched element in ``iteration`` (``steps_of(iteration)`` gives the iteration's
    Steps, or None when they are not at hand: then the value is not known yet)."""
    steps = steps_of(iteration)
    if steps is None:
        return None
    step = steps[watch.index]
    if watch.tensor not in step.tensors:
        return None
    array = step.tensors[watch.tensor]
    if len(watch.element) != np.ndim(array) or any(i >= n for i, n in zip(watch.element, np.shape(array))):
        return None
    return element(array, watch.element)


def watch_lines(steps_of: Callable[[int], tuple[Step, ...] | None], iteration: int,
                watches: list[Watch]) -> list[str]:
    """One line per watch: ``dW[3][2, 4] at backward 3 = -0.0123…`` in ``iteration``."""
    lines = []
    for watch in watches:
        value = watch_value(steps_of, iteration, watch)
        shown = "not computed yet" if value is None else full_value(value)
        lines.append(f"{watch.label} at {watch.place}, iteration {iteration} = {shown}")
    return lines

"""An Expectation: one ``[[expect]]`` table of a scenario file, read and checked.

    [[expect]]
    at = "backward 3"          # "forward 2", "cost", "backward 3", "update 2"; or a whole
                               # phase: "forward", "backward", "update" (every layer)
    iteration = 0              # optional, default 0
    tensor = "dW"              # a tensor of that step (see TENSORS)
    shape = [4, 5]             # checks: shape, values (+ rtol, atol), min, max, mean,
                               # zero_share, cost, no_nan = true, gradcheck = true

``min``, ``max``, ``mean``, ``zero_share`` and ``cost`` take either one number (equal
within ``rtol``/``atol``) or a range ``[low, high]`` (inclusive; ``inf`` and ``-inf``
leave a side open). ``docs/expect.md`` is the reference for teachers.

``parse_expectation`` turns a raw table into an ``Expectation`` or raises an
``ExpectationError`` whose message names the file, the expectation (its number and
``at``), the key and what is wrong.
"""

from __future__ import annotations

import difflib
import math
from dataclasses import dataclass, field
from typing import Any, Mapping

import numpy as np

from dnnstep.engine.step import PHASES
from dnnstep.engine.vocabulary import TENSORS
from dnnstep.plain_text import printable

BOUND_KEYS = ("min", "max", "mean", "zero_share")
CHECK_KEYS = ("shape", "values", *BOUND_KEYS, "cost", "no_nan", "gradcheck")
KEYS = ("at", "iteration", "tensor", "name", *CHECK_KEYS, "rtol", "atol")

#: numpy's ``isclose`` defaults: ``|actual - expected| <= atol + rtol * |expected|``.
DEFAULT_RTOL = 1e-5
DEFAULT_ATOL = 1e-8

AT_EXAMPLES = '"forward 2", "cost", "backward 3", "update 2" or a whole phase ("backward")'


class ExpectationError(ValueError):
    """An ``[[expect]]`` table that cannot be checked, and why (one line for people)."""

    def __init__(self, problem: str, *, where: str, key: str | None = None):
        self.where = where
        self.key = key
        self.problem = problem
        super().__init__(f"{where}: {key}: {problem}" if key else f"{where}: {problem}")


@dataclass(frozen=True)
class Bound:
    """A number a summary must equal (within rtol/atol) or a closed range it must lie in."""

    value: float | None = None
    low: float | None = None
    high: float | None = None
    rtol: float = DEFAULT_RTOL
    atol: float = DEFAULT_ATOL

    @property
    def is_range(self) -> bool:
        return self.value is None

    def holds(self, actual: float) -> bool:
        if math.isnan(actual):
            return False
        if self.is_range:
            return self.low <= actual <= self.high
        return abs(actual - self.value) <= self.atol + self.rtol * abs(self.value)

    def text(self) -> str:
        """``"in [0, inf]"`` or ``"0.6721 (rtol 0.0001, atol 1e-08)"``."""
        if self.is_range:
            return f"in [{_g(self.low)}, {_g(self.high)}]"
        return f"{_g(self.value)} (rtol {_g(self.rtol)}, atol {_g(self.atol)})"


@dataclass(frozen=True)
class Expectation:
    """One checked ``[[expect]]`` table.

    Attributes:
        number: its position among the file's ``[[expect]]`` tables, from 1.
        at: the ``at`` text as written; ``phase`` and ``layer`` are what it means
            (``layer`` is ``None`` for a whole phase: every layer of it is checked).
        iteration: the training iteration, from 0.
        tensor: the tensor the checks are about, or ``None``.
        shape, values, bounds (``min``, ``max``, ``mean``, ``zero_share``), cost,
        no_nan, gradcheck: the checks; ``None``/``False`` when absent.
        rtol, atol: the tolerance of ``values`` and of single-number bounds.
        name: a name given in the table, else ``None`` (``id`` is made up then).
        file: the scenario file, for messages.
    """

    number: int
    at: str
    phase: str
    layer: int | None
    iteration: int = 0
    tensor: str | None = None
    shape: tuple[int, ...] | None = None
    values: np.ndarray | None = field(default=None, repr=False)
    bounds: Mapping[str, Bound] = field(default_factory=dict)
    cost: Bound | None = None
    no_nan: bool = False
    gradcheck: bool = False
    rtol: float = DEFAULT_RTOL
    atol: float = DEFAULT_ATOL
    name: str | None = None
    file: str = "<scenario>"

    @property
    def checks(self) -> tuple[str, ...]:
        """The names of the checks this expectation makes, in a fixed order."""
        present = {
            "shape": self.shape is not None, "values": self.values is not None,
            **{k: k in self.bounds for k in BOUND_KEYS},
            "cost": self.cost is not None, "no_nan": self.no_nan, "gradcheck": self.gradcheck,
        }
        return tuple(k for k in CHECK_KEYS if present[k])

    @property
    def id(self) -> str:
        """A readable test id: ``"backward 3 dW shape"``, ``"cost (iteration 100) cost"``."""
        if self.name:
            return self.name
        parts = [self.at]
        if self.iteration:
            parts.append(f"(iteration {self.iteration})")
        if self.tensor:
            parts.append(self.tensor)
        parts.append(", ".join(self.checks))
        return " ".join(parts)

    @property
    def where(self) -> str:
        """``'five_layer.toml [[expect]] #2 (at "backward 3", iteration 0)'``."""
        return _where(self.file, self.number, self.at, self.iteration)


def parse_expectation(raw: Mapping[str, Any], number: int, *, file: str, L: int,
                      num_iterations: int | None = None) -> Expectation:
    """Check one raw ``[[expect]]`` table of a scenario with L layers and make it an Expectation.

    Raises:
        ExpectationError: naming the file, the table (number and ``at``), the key and the problem.
    """
    if not isinstance(raw, Mapping):
        raise ExpectationError("must be a table of keys, written [[expect]]",
                               where=_where(file, number, None, 0))
    at_text = raw.get("at") if isinstance(raw.get("at"), str) else None
    where = _where(file, number, at_text, raw.get("iteration") if _is_int(raw.get("iteration")) else 0)

    def fail(key: str | None, problem: str) -> ExpectationError:
        return ExpectationError(problem, where=where, key=key)
    for key in raw:
        if key not in KEYS:
            close = difflib.get_close_matches(key, KEYS, n=1, cutoff=0.6)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            raise fail(key, f"unknown key{hint}; the keys are {', '.join(KEYS)}")

    if "at" not in raw:
        raise fail("at", f"missing: say which step to check, for example at = {AT_EXAMPLES}")
    if not isinstance(raw["at"], str):
        raise fail("at", f"must be a string such as {AT_EXAMPLES}, not {_type(raw['at'])}")
    phase, layer = _parse_at(raw["at"], L, fail)

    iteration = raw.get("iteration", 0)
    if not _is_int(iteration) or iteration < 0:
        raise fail("iteration", f"must be a whole number 0 or more, not {iteration!r}")
    if num_iterations is not None and iteration >= num_iterations:
        raise fail("iteration", f"is {iteration}, but the scenario trains for {num_iterations} iterations "
                                f"(0..{num_iterations - 1})")

    name = raw.get("name")
    if name is not None and (not isinstance(name, str) or not name.strip()):
        raise fail("name", "must be a non-empty string that names this expectation")

    rtol = _tolerance(raw, "rtol", DEFAULT_RTOL, fail)
    atol = _tolerance(raw, "atol", DEFAULT_ATOL, fail)

    tensor = raw.get("tensor")
    if tensor is not None:
        if not isinstance(tensor, str):
            raise fail("tensor", f"must be a string, not {_type(tensor)}")
        if tensor not in TENSORS[phase]:
            same_letters = [t for t in TENSORS[phase] if t.lower() == tensor.lower()]
            close = same_letters or difflib.get_close_matches(tensor, TENSORS[phase], n=1, cutoff=0.5)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            raise fail("tensor", f"'{tensor}' is not a tensor of a {phase} step{hint}; "
                                 f"a {phase} step has {', '.join(TENSORS[phase])}")

    if not any(k in raw for k in CHECK_KEYS):
        raise fail(None, f"says nothing to check: give one of {', '.join(CHECK_KEYS)}")

    shape = None
    if "shape" in raw:
        _need_tensor(raw, "shape", fail)
        _need_layer(layer, phase, "shape", fail)
        value = raw["shape"]
        if not isinstance(value, list) or not all(_is_int(n) and n >= 0 for n in value):
            raise fail("shape", f"must be a list of whole numbers such as [4, 5], not {value!r}")
        shape = tuple(value)

    values = None
    if "values" in raw:
        _need_tensor(raw, "values", fail)
        _need_layer(layer, phase, "values", fail)
        values = _read_values(raw["values"], fail)

    bounds: dict[str, Bound] = {}
    for key in BOUND_KEYS:
        if key in raw:
            _need_tensor(raw, key, fail)
            bounds[key] = _read_bound(raw[key], key, rtol, atol, fail)
            if key == "zero_share" and not _share_ok(bounds[key]):
                raise fail(key, "is a share of the elements, between 0 and 1")

    cost = None
    if "cost" in raw:
        if phase != "cost":
            raise fail("cost", 'the cost J is known at the cost step: write at = "cost"')
        cost = _read_bound(raw["cost"], "cost", rtol, atol, fail)

    no_nan = _true_only(raw, "no_nan", "checks that every value is finite", fail)
    gradcheck = _true_only(raw, "gradcheck", "checks dW and db numerically", fail)
    if gradcheck and phase not in ("backward", "update"):
        example = f"backward {layer}" if layer else "backward"
        raise fail("gradcheck", f'checks the dW and db a backward step computes: write at = "{example}"')

    uses_tolerance = values is not None or (cost is not None and not cost.is_range) or any(
        not b.is_range for b in bounds.values())
    for key in ("rtol", "atol"):
        if key in raw and not uses_tolerance:
            raise fail(key, "applies to values, cost, or a single-number min/max/mean/zero_share, "
                            "and this expectation has none of them")

    return Expectation(
        number=number, at=raw["at"], phase=phase, layer=layer, iteration=iteration, tensor=tensor,
        shape=shape, values=values, bounds=bounds, cost=cost, no_nan=no_nan, gradcheck=gradcheck,
        rtol=rtol, atol=atol, name=printable(name).strip() or None if name else None, file=file,
    )


def _where(file: str, number: int, at: str | None, iteration: Any) -> str:
    inside = f'at "{at}"' if at else "no at"
    if iteration:
        inside += f", iteration {iteration}"
    return f"{file}: [[expect]] #{number} ({inside})"


def _parse_at(text: str, L: int, fail) -> tuple[str, int | None]:
    words = text.split()
    if not words or words[0] not in PHASES or len(words) > 2:
        close = difflib.get_close_matches(words[0] if words else "", PHASES, n=1, cutoff=0.5)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        raise fail("at", f"'{text}' is not a step{hint}; write {AT_EXAMPLES}")
    phase = words[0]
    if phase == "cost":
        if len(words) == 2:
            raise fail("at", f'the cost step has no layer number: write at = "cost" (it is layer L = {L})')
        return "cost", L
    if len(words) == 1:
        return phase, None
    if not words[1].isdigit():
        raise fail("at", f"'{words[1]}' is not a layer number; write at = \"{phase} 2\"")
    layer = int(words[1])
    if not 1 <= layer <= L:
        raise fail("at", f"layer {layer} is outside the network's layers 1..{L}")
    return phase, layer


def _need_tensor(raw, key: str, fail) -> None:
    if "tensor" not in raw:
        raise fail(key, "needs a tensor: add tensor = \"...\" (for example tensor = \"dW\")")


def _need_layer(layer: int | None, phase: str, key: str, fail) -> None:
    if layer is None:
        raise fail(key, f'differs from layer to layer, so it needs one step: write at = "{phase} 2", not "{phase}"')


def _read_values(value: Any, fail) -> np.ndarray:
    if _is_number(value):
        return np.array(float(value))
    if _nested_shape(value) is None:
        raise fail("values", "must be a number or a rectangular (nested) list of numbers, rows of equal length")
    return np.array(value, dtype=np.float64)


def _nested_shape(value: Any) -> tuple[int, ...] | None:
    """The shape of a rectangular nested list of numbers, else ``None``."""
    if _is_number(value):
        return ()
    if isinstance(value, list) and value:
        shapes = {_nested_shape(x) for x in value}
        if len(shapes) == 1 and None not in shapes:
            return (len(value), *shapes.pop())
    return None


def _read_bound(value: Any, key: str, rtol: float, atol: float, fail) -> Bound:
    if _is_number(value):
        if math.isnan(value):
            raise fail(key, "is NaN; give a number or a range [low, high]")
        return Bound(value=float(value), rtol=rtol, atol=atol)
    if isinstance(value, list) and len(value) == 2 and all(_is_number(v) for v in value):
        low, high = float(value[0]), float(value[1])
        if math.isnan(low) or math.isnan(high) or low > high:
            raise fail(key, f"the range [{_g(low)}, {_g(high)}] is empty: write [low, high] with low <= high")
        return Bound(low=low, high=high, rtol=rtol, atol=atol)
    raise fail(key, f"must be a number or a range [low, high] (inf leaves a side open), not {value!r}")


def _share_ok(bound: Bound) -> bool:
    if bound.is_range:
        return bound.low <= 1 and bound.high >= 0
    return 0 <= bound.value <= 1


def _true_only(raw, key: str, what: str, fail) -> bool:
    if key not in raw:
        return False
    if raw[key] is not True:
        raise fail(key, f"{what} when set to true; {raw[key]!r} means nothing here (leave the key out)")
    return True


def _tolerance(raw, key: str, default: float, fail) -> float:
    if key not in raw:
        return default
    value = raw[key]
    if not _is_number(value) or not value >= 0 or math.isinf(value):
        raise fail(key, f"must be a number 0 or more, such as 1e-5, not {value!r}")
    return float(value)


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _type(value: Any) -> str:
    return {bool: "a boolean", int: "an integer", float: "a number", str: "a string",
            list: "an array", dict: "a table"}.get(type(value), type(value).__name__)


def _g(x: float) -> str:
    return "inf" if x == math.inf else "-inf" if x == -math.inf else f"{x:g}"

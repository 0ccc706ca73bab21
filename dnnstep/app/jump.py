"""Reading what the user typed in "go to step": ``12``, ``40:backward 3``, ``40:``, ``cost``.

A target is ``[ITERATION:]STEP``. STEP is a step number within the iteration (0..3L)
or a step label (``forward 2``, ``cost``, ``backward 3``, ``update 1``; a bare phase
means its first step). ``ITERATION:`` alone goes to that iteration's first step, and
``it 40`` or ``iteration 40`` does the same. Without an iteration, the current one.
"""

from __future__ import annotations

import re

from dnnstep.engine.step import PHASES, step_index

_ITERATION = re.compile(r"^(?:it|iter|iteration)\s*(\d+)$")


class JumpError(ValueError):
    """What the user typed is not a step; ``str()`` says why."""


def parse_jump(text: str, *, L: int, num_iterations: int, iteration: int,
               last_phase: str = "update") -> tuple[int, int]:
    """``(iteration, index)`` of the step ``text`` names, or raise :class:`JumpError`.
    ``last_phase`` is ``"check"`` in a gradient check (``Session.last_phase``)."""
    raw = text.strip().lower()
    if not raw:
        raise JumpError("Type a step number (0..%d), a label such as 'backward 2', or 'ITERATION:STEP'." % (3 * L))
    match = _ITERATION.match(raw)
    if match:
        raw = match.group(1) + ":"
    if ":" in raw:
        head, _, raw = raw.partition(":")
        head = head.strip()
        if not head.isdigit():
            raise JumpError(f"{head!r} is not an iteration number.")
        iteration = int(head)
        raw = raw.strip() or "0"
    if not 0 <= iteration < num_iterations:
        raise JumpError(f"Iteration {iteration} is outside 0..{num_iterations - 1}.")
    if raw.isdigit():
        index = int(raw)
        if not 0 <= index <= 3 * L:
            raise JumpError(f"Step {index} is outside 0..{3 * L} (an iteration of {L} layers has {3 * L + 1} steps).")
        return iteration, index
    words = raw.split()
    phase = words[0]
    phases = (*PHASES[:3], last_phase)
    if phase not in phases:
        raise JumpError(f"{raw!r} is not a step: use a number 0..{3 * L} or {'/'.join(phases)} with a layer.")
    layer = None
    if len(words) > 1:
        if len(words) > 2 or not words[1].isdigit():
            raise JumpError(f"{raw!r}: a layer is a number 1..{L}.")
        layer = int(words[1])
        if phase == "cost":
            raise JumpError("The cost step has no layer: type 'cost'.")
    try:
        return iteration, step_index(L, phase, layer)
    except ValueError as exc:
        raise JumpError(f"{raw!r}: {exc}.") from None

"""Reading what the user typed in "go to step": ``12``, ``40:backward 3``, ``40:``, ``cost``.

A target is ``[ITERATION:]STEP``. STEP is a step number within the iteration (0..3L)
or a step label (``forward 2``, ``cost``, ``backward 3``, ``update 1``, ``check 2``; a bare
phase means its first step). ``ITERATION:`` alone goes to that iteration's first step, and
``it 40`` or ``iteration 40`` does the same. Without an iteration, the current one.

With mini-batches (``batches`` K > 1) an iteration is one batch, and ITERATION may be said as
an epoch and a batch, counted from 0: ``epoch 3 batch 2`` (or ``e3b2``, ``e3 b2``) is iteration
3 K + 2, ``epoch 3`` its first batch, and ``epoch 3 batch 2:backward 1`` a step in it.
"""

from __future__ import annotations

import re

from dnnstep.engine.step import PHASES, step_index

_ITERATION = re.compile(r"^(?:it|iter|iteration)\s*(\d+)$")
_EPOCH = re.compile(r"^(?:e|epoch)\s*(\d+)(?:\s*,?\s*(?:b|batch)\s*(\d+))?$")


class JumpError(ValueError):
    """What the user typed is not a step; ``str()`` says why."""


def _epoch_batch(text: str, batches: int, num_iterations: int) -> int | None:
    """The iteration ``epoch E [batch B]`` names (``None``: ``text`` is no epoch), or raise JumpError."""
    match = _EPOCH.match(text)
    if match is None:
        return None
    epoch, batch = int(match.group(1)), int(match.group(2) or 0)
    epochs = num_iterations // batches
    if not 0 <= epoch < epochs:
        raise JumpError(f"Epoch {epoch} is outside 0..{epochs - 1}.")
    if not 0 <= batch < batches:
        raise JumpError(f"Batch {batch} is outside 0..{batches - 1}: an epoch has {batches} mini-batch"
                        + ("es" if batches > 1 else " (this scenario has no mini-batches)") + ".")
    return epoch * batches + batch


def parse_jump(text: str, *, L: int, num_iterations: int, iteration: int,
               last_phase: str = "update", batches: int = 1) -> tuple[int, int]:
    """``(iteration, index)`` of the step ``text`` names, or raise :class:`JumpError`.
    ``last_phase`` is ``"check"`` in a gradient check (``Session.last_phase``); ``batches``
    is K, the mini-batches of an epoch (1 without mini-batches: an epoch is an iteration)."""
    raw = text.strip().lower()
    if not raw:
        raise JumpError("Type a step number (0..%d), a label such as 'backward 2', or 'ITERATION:STEP'." % (3 * L))
    match = _ITERATION.match(raw)
    if match:
        raw = match.group(1) + ":"
    elif _epoch_batch(raw, batches, num_iterations) is not None:
        raw += ":"
    if ":" in raw:
        head, _, raw = raw.partition(":")
        head = head.strip()
        at = _epoch_batch(head, batches, num_iterations)
        if at is None and not head.isdigit():
            raise JumpError(f"{head!r} is not an iteration number" + (" or 'epoch E batch B'." if batches > 1 else "."))
        iteration = int(head) if at is None else at
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

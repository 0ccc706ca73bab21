"""Where an iteration falls in training, in words: its epoch and mini-batch.

With mini-batches an iteration is one batch update (``dnnstep.engine.schedule``): iteration i
is batch ``i % K`` of epoch ``i // K``. The header, the pictures' titles and the go-to prompt
say it the same way, counting from 0 as everything on the screen does, with the range after
the number (as ``step 7 (0..9)``): ``epoch 3 (0..4999) · batch 2 (0..4): 64 examples``; the
last batch of an epoch holds the remainder (``batch 4 (0..4): 44 examples``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from dnnstep.engine.session import Session


def batch_words(session: "Session", iteration: int) -> tuple[str, str, str] | None:
    """``(long, medium, short)`` words for the epoch and batch of ``iteration``, or ``None``
    without mini-batches (an iteration is then an epoch, and the iteration says it all)."""
    schedule = session.schedule
    if not schedule.shuffles or not 0 <= iteration < session.num_iterations:
        return None
    K = schedule.K
    epoch, k = divmod(iteration, K)
    start, stop = schedule.bounds(k)  # its size, without drawing the epoch's permutation
    size = stop - start
    return (f"epoch {epoch} (0..{session.num_iterations // K - 1}) · batch {k} (0..{K - 1}): {size} examples",
            f"epoch {epoch} · batch {k} (0..{K - 1}): {size} examples", f"e{epoch} b{k}: {size}")

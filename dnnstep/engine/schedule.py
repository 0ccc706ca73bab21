"""The schedule of epochs and mini-batches: which examples iteration i trains on.

With mini-batches an iteration is one mini-batch update: iteration i is batch ``k = i % K``
of epoch ``e = i // K``, ``K = ceil(m / mini_batch_size)``. The batches of an epoch are drawn
as the course's ``random_mini_batches(X, Y, mini_batch_size, seed)`` draws them, the model
having set ``seed = 10`` before training and ``seed = seed + 1`` at the top of each epoch::

    np.random.seed(seed)                         # seed = shuffle_seed + 1 + e
    permutation = list(np.random.permutation(m))
    shuffled_X = X[:, permutation]
    batch k = shuffled_X[:, k * size:(k + 1) * size]    (the last one: the remainder)

(one ``RandomState`` of the schedule's own, reseeded each epoch as ``np.random.seed`` reseeds the
global one: a new ``RandomState`` per epoch would cost twenty times as much; numpy's global
generator is never touched). Without
``mini_batch_size`` there is one batch of all m columns in their order, and an epoch is an
iteration: Course 1 week 4.

Shapes: X (n[0], m), Y (1, m); a batch's X (n[0], size), Y (1, size).
"""

from __future__ import annotations

import math
import threading
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Batch:
    """Where an iteration falls: ``epoch``, batch ``k`` of ``K`` (from 0), and the indices of the
    examples it trains on, in the order the batch holds them (``columns``, read-only)."""

    epoch: int
    k: int
    K: int
    columns: np.ndarray

    @property
    def size(self) -> int:
        """How many examples the batch holds (the last batch of an epoch may be smaller)."""
        return int(self.columns.size)


class Schedule:
    """The epochs and mini-batches of ``m`` examples.

    Args:
        m: the number of training examples.
        mini_batch_size: examples per batch, or ``None`` for one batch of all m (no shuffling).
        seed: the course's ``seed`` before the first epoch (epoch e shuffles with ``seed + 1 + e``).
        num_epochs: how many epochs training runs.
    """

    def __init__(self, m: int, mini_batch_size: int | None = None, seed: int = 10, num_epochs: int = 1) -> None:
        self.m = int(m)
        self.mini_batch_size = None if mini_batch_size is None else int(mini_batch_size)
        self.seed = int(seed)
        self.num_epochs = int(num_epochs)
        self.K = 1 if self.mini_batch_size is None else math.ceil(self.m / self.mini_batch_size)
        self._lock = threading.Lock()
        self._generator = np.random.RandomState()
        self._shuffled: tuple[int, object, list[tuple[np.ndarray, np.ndarray]]] | None = None  # (epoch, X, batches)

    @property
    def shuffles(self) -> bool:
        """True when the examples are shuffled each epoch (mini-batches)."""
        return self.mini_batch_size is not None

    @property
    def num_iterations(self) -> int:
        """Iterations (parameter updates) in the whole run: ``num_epochs * K``."""
        return self.num_epochs * self.K

    def epoch_of(self, iteration: int) -> int:
        return iteration // self.K

    def permutation(self, epoch: int) -> np.ndarray:
        """The order of the examples in ``epoch``: ``np.random.seed(seed + 1 + epoch)`` then
        ``np.random.permutation(m)``, on the schedule's own generator."""
        with self._lock:
            self._generator.seed(self.seed + 1 + epoch)
            return self._generator.permutation(self.m)

    def bounds(self, k: int) -> tuple[int, int]:
        """The columns ``[start, stop)`` of the shuffled epoch that batch k holds."""
        if self.mini_batch_size is None:
            return 0, self.m
        return k * self.mini_batch_size, min((k + 1) * self.mini_batch_size, self.m)

    def batch(self, iteration: int) -> Batch:
        """Epoch, batch and the examples of ``iteration``."""
        epoch, k = divmod(int(iteration), self.K)
        start, stop = self.bounds(k)
        columns = (self.permutation(epoch) if self.shuffles else np.arange(self.m))[start:stop]
        columns.setflags(write=False)
        return Batch(epoch, k, self.K, columns)

    def data(self, iteration: int, X: np.ndarray, Y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """``(X_batch, Y_batch)`` of ``iteration``, as the course slices them: views of the epoch's
        shuffled copy (kept, cut into its batches, for the epoch being trained), or X and Y
        themselves without mini-batches."""
        if self.mini_batch_size is None:
            return X, Y
        epoch, k = divmod(iteration, self.K)
        kept = self._shuffled
        if kept is None or kept[0] != epoch or kept[1] is not X:
            permutation = self.permutation(epoch)   # the course's list of it picks the same columns
            shuffled_X = X[:, permutation]
            shuffled_Y = Y[:, permutation].reshape((1, self.m))
            shuffled_X.setflags(write=False)
            shuffled_Y.setflags(write=False)
            batches = []
            for j in range(self.K):
                start, stop = self.bounds(j)
                batches.append((shuffled_X[:, start:stop], shuffled_Y[:, start:stop]))
            kept = self._shuffled = (epoch, X, batches)  # one assignment: threads see one or the other
        return kept[2][k]

"""Tiny scenarios and a fake student for the app's tests: built in code, deterministic, fast."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from dnnstep.app import fast

from dnnstep.engine import Session
from dnnstep.engine.step import Step, step_index
from dnnstep.scenario import make_scenario


fast_only = pytest.mark.skipif(not fast.ON, reason=f"the fast drawing is off: {fast.WHY}")
"""A test of the fast drawing itself (``dnnstep.app.fast``): nothing to test when it is off."""


def five_layer(**overrides):
    """The course notes' network n = [2, 3, 5, 4, 2, 1] on 7 blobs, 4 iterations."""
    options = dict(m=7, num_iterations=4, name="tiny_five", title="five layers, 7 examples", learning_rate=0.5)
    options.update(overrides)
    return make_scenario([2, 3, 5, 4, 2, 1], **options)


@pytest.fixture
def session() -> Session:
    return Session(five_layer())


class FakeStudent:
    """A StudentRun whose db of ``backward layer`` in iteration 0 lost its keepdims and
    whose dW there is doubled; from the next iteration on it has no steps (its run stopped).

    Its masks come from comparing its arrays with the reference's, as the real one does.
    """

    label = "fake homework"

    def __init__(self, session: Session, layer: int = 3) -> None:
        self.session = session
        self.index = step_index(session.L, "backward", layer)

    def step(self, iteration: int, index: int) -> Step | None:
        if iteration > 0:
            return None
        reference = self.session.step(iteration, index)
        if index != self.index:
            return reference
        tensors = dict(reference.tensors)
        tensors["dW"] = tensors["dW"] * 2
        tensors["db"] = tensors["db"].reshape(-1)
        return dataclasses.replace(reference, tensors=tensors)

    def failure(self, iteration: int, index: int) -> str | None:
        return "the homework's run stopped after iteration 0" if iteration > 0 else None

    def mismatches(self, iteration: int, index: int) -> dict[str, np.ndarray]:
        student = self.step(iteration, index)
        reference = self.session.step(iteration, index)
        if student is None:
            return {name: np.ones(a.shape, bool) for name, a in reference.tensors.items()}
        masks = {}
        for name, a in reference.tensors.items():
            b = student.tensors[name]
            if b.shape != a.shape:
                masks[name] = np.ones(a.shape, bool)
            elif not np.array_equal(a, b):
                masks[name] = a != b
        return masks

    def first_divergence(self) -> tuple[int, int, str] | None:
        return (0, self.index, "dW")


def notices(app) -> list[str]:
    """The text of the notifications on screen (Textual's toasts), as the user reads them;
    the app must run with ``run_test(..., notifications=True)``."""
    return [str(toast.render()) for toast in app.screen.query("Toast")]

"""Tiny scenarios for the app's tests: built in code, deterministic, fast."""

from __future__ import annotations

import pytest

from dnnstep.engine import Session
from dnnstep.scenario import make_scenario


def five_layer(**overrides):
    """The course notes' network n = [2, 3, 5, 4, 2, 1] on 7 blobs, 4 iterations."""
    options = dict(m=7, num_iterations=4, name="tiny_five", title="five layers, 7 examples", learning_rate=0.5)
    options.update(overrides)
    return make_scenario([2, 3, 5, 4, 2, 1], **options)


@pytest.fixture
def session() -> Session:
    return Session(five_layer())

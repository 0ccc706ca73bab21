"""The Session on ``cat_2layer`` reproduces the Application's two_layer_model figures.

Needs the course's data files and h5py (skips, saying why, without them). One Session for
the module. The notebook's figures: cost 0.693050 after iteration 0 and 0.646432 after
iteration 100; test accuracy 0.72 after 2,500 iterations (slow; still run by CI).
"""

from __future__ import annotations

import pytest

from dnnstep import Session, load_scenario
from dnnstep.engine.predict import accuracy

from .conftest import course_data_or_skip


@pytest.fixture(scope="module")
def session():
    return Session(load_scenario("cat_2layer", data_dir=course_data_or_skip()))


def test_cost_after_iterations_0_and_100(session):
    assert session.scenario.layer_dims == (12288, 7, 1)
    assert round(session.cost_at(0), 6) == 0.693050
    assert round(session.cost_at(100), 6) == 0.646432


@pytest.mark.slow
def test_test_accuracy_after_2500_iterations(session):
    _, test = accuracy(session, 2500)
    assert test == pytest.approx(0.72, abs=1e-12)

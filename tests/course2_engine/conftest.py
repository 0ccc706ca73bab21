"""Where the Regularization notebook's data.mat is for these tests: the shared copy
(``tests.course2.football``), linked under the name a learner's notebook gives it
(``datasets/data.mat``), or the tests that need it skip."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

from tests.course2.football import FOOTBALL


def football_dir() -> Path:
    """A folder holding ``data.mat`` (the shared football file), or skip the test saying why."""
    if not FOOTBALL.is_file():
        pytest.skip(f"the course's football data is not at {FOOTBALL}")
    folder = Path(tempfile.gettempdir()) / "dnnstep-tests-football"
    folder.mkdir(exist_ok=True)
    link = folder / "data.mat"
    if not link.exists():
        link.symlink_to(FOOTBALL)
    return folder

"""Where the Regularization notebook's data.mat is for these tests: the shared copy, under the
name a learner's notebook gives it (``datasets/data.mat``), or the tests that need it skip."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
FOOTBALL_FILE = "c2w1_football_data.mat"
# /work/main's shared folder is its sibling; a worktree's (/work/wt/NAME) is one level further up.
PLACES = (REPO.parent / "shared" / "datasets", REPO.parent.parent / "shared" / "datasets")


def football_dir() -> Path:
    """A folder holding ``data.mat`` (the shared football file), or skip the test saying why."""
    source = next((place / FOOTBALL_FILE for place in PLACES if (place / FOOTBALL_FILE).is_file()), None)
    if source is None:
        pytest.skip(f"the course's football data is not in {' or '.join(map(str, PLACES))}")
    folder = Path(tempfile.gettempdir()) / "dnnstep-tests-football"
    folder.mkdir(exist_ok=True)
    link = folder / "data.mat"
    if not link.exists():
        link.symlink_to(source)
    return folder

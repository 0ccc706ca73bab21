"""Where the course's football file (``data.mat``, ``../shared/datasets/c2w1_football_data.mat``) is.

The shared folder stands beside the repository (``/work/main`` -> ``/work/shared``) or beside the
folder of worktrees (``/work/wt/<name>`` -> ``/work/shared``); tests that need the file skip without it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
NAME = "c2w1_football_data.mat"
FOOTBALL = next((place / "shared" / "datasets" / NAME for place in (REPO.parent, REPO.parent.parent)
                 if (place / "shared" / "datasets" / NAME).exists()), REPO.parent / "shared" / "datasets" / NAME)

needs_football = pytest.mark.skipif(not FOOTBALL.exists(), reason=f"the course's data.mat ({NAME}) is not here")

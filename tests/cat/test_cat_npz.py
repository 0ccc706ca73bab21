"""The shipped cat scenarios on the course's files converted to .npz, as docs/scenarios.md shows:
found under the .h5 names the scenarios give, and the notebook's costs reproduced."""

from __future__ import annotations

import numpy as np
import pytest

from dnnstep.engine import Session
from dnnstep.scenario import load_scenario
from tests.cat.conftest import COURSE_FILES, course_data_or_skip


@pytest.fixture(scope="module")
def npz_folder(tmp_path_factory):
    h5py = pytest.importorskip("h5py")
    source = course_data_or_skip()
    folder = tmp_path_factory.mktemp("npz")
    for name in COURSE_FILES:  # the conversion docs/scenarios.md gives
        with h5py.File(source / name) as f:
            np.savez(folder / name.replace(".h5", ".npz"), **{k: f[k][()].astype(f[k].dtype.str) for k in f})
    return folder


def test_cat_reads_the_npz_files_under_their_h5_names(npz_folder):
    scenario = load_scenario("cat", data_dir=npz_folder)
    assert scenario.X.shape == (12288, 209) and scenario.X_test.shape == (12288, 50)
    assert str(npz_folder / "train_catvnoncat.npz") in scenario.data_source
    session = Session(scenario)
    assert round(float(session.step(0, scenario.L).cost), 6) == 0.771749


def test_the_name_as_written_is_read_first_where_both_are(npz_folder, tmp_path):
    pytest.importorskip("h5py")
    for name in COURSE_FILES:
        (tmp_path / name).write_bytes((course_data_or_skip() / name).read_bytes())
        npz = name.replace(".h5", ".npz")
        (tmp_path / npz).write_bytes((npz_folder / npz).read_bytes())
    scenario = load_scenario("cat", data_dir=tmp_path)
    assert str(tmp_path / "train_catvnoncat.h5") in scenario.data_source

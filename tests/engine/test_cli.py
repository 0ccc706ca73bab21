"""The command line's own promises: one message, never a traceback, whatever happens to the output."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
@pytest.mark.parametrize("argv", [["five_layer", "--text"], ["trace", "five_layer", "--to", "-"]])
def test_a_full_disk_on_standard_output_is_one_message_not_a_traceback(argv):
    with open("/dev/full", "w") as full:
        done = subprocess.run([sys.executable, "-m", "dnnstep", *argv], stdout=full, stderr=subprocess.PIPE,
                              text=True, timeout=120)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert done.stderr.strip().splitlines()[-1] == "dnnstep: cannot write the output: No space left on device"


def test_homework_without_a_terminal_points_to_dnnstep_check():
    done = subprocess.run([sys.executable, "-m", "dnnstep", "--homework", "nothere.py", "five_layer"],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=120)
    assert done.returncode == 2 and done.stdout == ""
    assert "needs a terminal" in done.stderr and "dnnstep check nothere.py" in done.stderr


def test_a_broken_scenario_is_one_message_and_status_2(tmp_path):
    broken = tmp_path / "broken.toml"
    broken.write_text('[network]\nlayer_dims = [2, 3, 1]\nactivations = ["relu", "softmax"]\n')
    done = subprocess.run([sys.executable, "-m", "dnnstep", str(broken), "--text"],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=120)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert str(broken) in done.stderr and "softmax" in done.stderr

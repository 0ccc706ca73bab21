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

"""SIGTERM and SIGHUP during ``dnnstep trace --to FILE`` leave no half file behind.

A real ``dnnstep trace`` process, a real signal: the export is big enough to take seconds,
the signal comes once its hidden ``.out.npz.*.part`` file is there, and afterwards neither
it nor ``out.npz`` may exist.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import time

import pytest

BIG = """
[network]
layer_dims = [200, 200, 200, 1]
[training]
num_iterations = 100
[data]
generator = "blobs"
m = 2000
"""


def _part_files(folder):
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".part"))


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_a_signal_during_an_export_removes_the_part_file(tmp_path, signum):
    (tmp_path / "big.toml").write_text(BIG)
    process = subprocess.Popen(
        [sys.executable, "-m", "dnnstep", "trace", "big.toml", "--iterations", "0:100", "--to", "out.npz"],
        cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while not _part_files(tmp_path):
            assert process.poll() is None, process.communicate()
            assert time.monotonic() < deadline, "the export never started"
            time.sleep(0.02)
        time.sleep(0.2)  # well inside the writing: it lasts seconds
        assert process.poll() is None, "the export ended before the signal"
        process.send_signal(signum)
        _, err = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    name = signal.Signals(signum).name
    assert process.returncode == 128 + signum
    assert err == f"dnnstep: stopped by {name}; the file was not written\n"
    assert _part_files(tmp_path) == [] and not (tmp_path / "out.npz").exists()


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_the_handlers_before_the_write_come_back(tmp_path):
    from dnnstep.export.atomic import atomic_write

    def mine(signum, frame):
        pass

    before = signal.signal(signal.SIGTERM, mine)
    try:
        atomic_write(tmp_path / "f", lambda file: file.write(b"x"))
        assert signal.getsignal(signal.SIGTERM) is mine
    finally:
        signal.signal(signal.SIGTERM, before)
    assert (tmp_path / "f").read_bytes() == b"x"

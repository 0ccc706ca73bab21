"""``dnnstep gradcheck``: every element when asked, progress on a terminal only."""

from __future__ import annotations

import functools
import io
import sys

import pytest

from dnnstep.commands.gradcheck import main as main_gradcheck

DEEP = """
[network]
layer_dims = [2, {hidden}1]
[training]
num_iterations = 1
[data]
generator = "blobs"
"""


def test_all_checks_every_element(tmp_path, capsys):
    path = tmp_path / "wide.toml"
    path.write_text(DEEP.format(hidden="1500, "))
    assert main_gradcheck([str(path), "--layer", "2"]) == 0
    assert "checked a seeded random sample of 1000 of 1500 elements" in capsys.readouterr().out
    assert main_gradcheck([str(path), "--layer", "2", "--all"]) == 0
    out = capsys.readouterr().out
    assert "dW[2] (1, 1500): relative difference" in out and "sample" not in out
    assert out.endswith("wide, iteration 0: layer 2 ok\n")


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_shows_on_a_terminal_and_nowhere_else(tmp_path, capsys, monkeypatch):
    import dnnstep.commands.gradcheck as command

    path = tmp_path / "deep.toml"
    path.write_text(DEEP.format(hidden="4, " * 6))
    assert main_gradcheck([str(path)]) == 0
    piped = capsys.readouterr()
    assert piped.err == "" and piped.out.endswith("deep, iteration 0: all 7 layers ok\n")
    # on a terminal (no delay before the first line, so that a quick check shows it too)
    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    monkeypatch.setattr(command, "Progress", functools.partial(command.Progress, delay=0, every=0))
    assert main_gradcheck([str(path)]) == 0
    assert capsys.readouterr().out == piped.out
    shown = terminal.getvalue()
    total = sum(4 * (8 - l) for l in range(1, 7)) + 1  # n[l] units of layer l pass layers l..7
    assert shown.startswith("\rgradcheck: 0% (0 of ") and f"100% ({total:,} of {total:,} layer passes)" in shown
    assert shown.endswith("\r\x1b[K")  # wiped before the results

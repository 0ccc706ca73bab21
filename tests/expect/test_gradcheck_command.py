"""``dnnstep gradcheck``: every element when asked, progress on a terminal only, which kind of check
each layer got, and where to look when a backward step is wrong."""

from __future__ import annotations

import functools
import io
import json
import sys

import pytest

from dnnstep.commands.gradcheck import main as main_gradcheck
from dnnstep.engine import layers

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


def test_a_deep_network_is_checked_against_J_from_the_top_and_locally_below(tmp_path, capsys):
    path = tmp_path / "deep.toml"
    path.write_text(DEEP.format(hidden="4, " * 30))
    assert main_gradcheck([str(path), "--end-to-end-budget", "200000"]) == 0
    out = capsys.readouterr().out
    [kinds] = [line for line in out.splitlines() if line.startswith("layers 1-")]
    local = int(kinds.split()[1].split("-")[1])
    assert 1 < local < 30
    assert kinds == (f"layers 1-{local} checked locally, each against the dA that backprop passed down "
                     f"(dA[{local}] checked against J end to end); layers {local + 1}-31 checked against J end to end; "
                     f"checking a layer against J costs a pass through every layer above it, so checking them all "
                     f"costs time growing with the square of the depth: only the layers checked against J fitted the budget of "
                     f"2.0e+05 operations; --end-to-end checks every layer that way anyway")
    assert out.count("  checked locally against the dA[") == local
    assert out.count("  checked against J end to end (the course's check)") == 31 - local
    assert out.endswith("deep, iteration 0: all 31 layers ok\n")
    assert main_gradcheck([str(path), "--end-to-end"]) == 0
    out = capsys.readouterr().out
    assert "checked locally" not in out and out.count("checked against J end to end") == 31


def flip_the_sign_of_dA_passed_down_by_layer_6(monkeypatch):
    right = layers.linear_backward

    def flipped(dZ, A_prev, W):  # backward 6, the one layer with 7 units, passes down -dA[5]
        dA_prev, dW, db = right(dZ, A_prev, W)
        return (-dA_prev if W.shape == (7, 4) else dA_prev), dW, db

    monkeypatch.setattr(layers, "linear_backward", flipped)


def write_deep_tanh(tmp_path):
    path = tmp_path / "deep.toml"
    path.write_text(DEEP.format(hidden="4, " * 5 + "7, " + "4, " * 4).replace(
        "[training]", 'hidden_activation = "tanh"\n[training]'))  # the course init puts relu units on their kinks
    return path


@pytest.mark.parametrize("options, where", [
    (["--end-to-end-budget", "0"], "where to look: backward 6 (its dA[5] FAILED); the dW and db of layers 1-5 "
                                   "are computed from its dA[5] and are wrong too, even where their own steps check out"),
    (["--end-to-end"], "where to look: layer 5 is the highest whose gradients disagree with J, so the mistake is in "
                       "backward 5 or in the dA[5] passed down to it"),
])
def test_a_sign_flip_in_one_layer_is_named(tmp_path, capsys, monkeypatch, options, where):
    flip_the_sign_of_dA_passed_down_by_layer_6(monkeypatch)
    path = write_deep_tanh(tmp_path)
    assert main_gradcheck([str(path), *options]) == 1
    out = capsys.readouterr().out
    assert where in out
    failed = 1 if options == ["--end-to-end-budget", "0"] else 5
    assert out.endswith(f"deep, iteration 0: {failed} of 11 layers FAILED\n")


def test_json_says_each_layers_kind_and_verdicts(tmp_path, capsys, monkeypatch):
    path = write_deep_tanh(tmp_path)
    assert main_gradcheck([str(path), "--json", "--end-to-end-budget", "0"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["ok"] and report["summary"] == "deep, iteration 0: all 11 layers ok"
    assert [layer["kind"] for layer in report["layers"]] == ["local"] * 10 + ["end to end"]
    assert report["layers"][9]["meaning"].startswith("checked locally against the dA[10] that backprop passed down")
    assert [c["tensor"] for c in report["layers"][9]["checks"]] == ["dW[10]", "db[10]", "dA[9]", "dA[10]"]
    assert report["kinds"].startswith("layers 1-10 checked locally") and report["where_to_look"] is None
    flip_the_sign_of_dA_passed_down_by_layer_6(monkeypatch)
    assert main_gradcheck([str(path), "--json", "--end-to-end-budget", "0"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert [layer["layer"] for layer in report["layers"] if not layer["ok"]] == [6]
    [wrong] = [c for c in report["layers"][5]["checks"] if not c["ok"]]
    assert (wrong["tensor"], wrong["verdict"], wrong["kind"]) == ("dA[5]", "failed", "local")
    assert wrong["difference"] == pytest.approx(1.0)
    assert report["where_to_look"].startswith("where to look: backward 6 (its dA[5] FAILED)")

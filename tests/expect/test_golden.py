"""The text transcript of ``dnnstep trace --to -`` against a golden file.

The golden file is ``tests/expect/golden/tiny_trace.txt``: two iterations of the tiny
scenario of ``tests/expect/tiny.py``. When a change to the transcript is intended,
regenerate it and read the diff before committing it::

    DNNSTEP_UPDATE_GOLDEN=1 python3 -m pytest tests/expect/test_golden.py
    git diff tests/expect/golden/
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np

from dnnstep.commands.trace import main as main_trace
from tests.expect.tiny import forward, scenario_text

GOLDEN = Path(__file__).parent / "golden" / "tiny_trace.txt"


def transcript_of_tiny(tmp_path, capsys) -> str:
    path = tmp_path / "tiny.toml"
    path.write_text(scenario_text(iterations=4))
    assert main_trace([str(path), "--iterations", "0:2", "--to", "-"]) == 0
    return capsys.readouterr().out


def test_transcript_matches_the_golden_file(tmp_path, capsys):
    text = transcript_of_tiny(tmp_path, capsys)
    if os.environ.get("DNNSTEP_UPDATE_GOLDEN"):
        GOLDEN.write_text(text, encoding="utf-8")
    assert text == GOLDEN.read_text(encoding="utf-8")


def test_golden_file_says_what_the_formulas_say(tmp_path, capsys):
    # The golden file is itself checked against numbers computed here.
    golden = GOLDEN.read_text(encoding="utf-8")
    f = forward()
    assert golden.startswith("dnnstep trace of tiny: layer_dims [3, 4, 2, 1], activations relu relu sigmoid, "
                             "m = 6, learning rate 0.1\niterations 0..1, steps: all\n")
    assert golden.count("\niteration 0, step ") == 10 and golden.count("\niteration 1, step ") == 10
    assert f"  J = {f['J']:.10g}\n" in golden
    Z1 = f["Z1"]
    line = (f"  Z       (4, 6)      min {Z1.min():.6g}  max {Z1.max():.6g}  mean {Z1.mean():.6g}  "
            f"std {Z1.std():.6g}  zeros 0/24\n")
    assert line in golden
    A1 = f["A1"]
    assert f"zeros {int(np.sum(A1 == 0))}/24" in golden
    assert "  Z[1] = W[1] A[0] + b[1]\n  A[1] = relu(Z[1])\n" in golden


def test_summary_of_huge_values_prints_no_numpy_warning():
    # X = [[1e308, ...]] is finite, so the scenario loads; its std overflowed with a
    # RuntimeWarning on stderr in the middle of `dnnstep FILE --text`.
    import warnings

    from dnnstep.export.transcript import summary

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        text = summary(np.array([[1e308, -1e308, 1e308, 0.0]]))
    assert text.startswith("(1, 4)") and "max 1e+308" in text and "zeros 1/4" in text

"""dnnstep trace (text, json, npz), gradcheck and the one-step export on Course 2's steps."""

from __future__ import annotations

import json

import numpy as np

from dnnstep.commands.gradcheck import main as main_gradcheck
from dnnstep.commands.trace import main as main_trace
from dnnstep.engine import Session
from dnnstep.export import export_step_npz
from dnnstep.export.formats import read_json, read_npz
from dnnstep.scenario import load_scenario

ADAM = """course = 2
[network]
layer_dims = [2, 3, 1]
[init]
method = "he"
[training]
learning_rate = 0.01
optimizer = "adam"
mini_batch_size = 5
num_epochs = 2
keep_prob = 0.75
arithmetic = "reg_utils"
[data]
generator = "make_moons"
m = 8
"""
CHECK = """course = 2
[network]
layer_dims = [2, 3, 2, 1]
[init]
method = "he"
b1 = [[0.1], [0.2], [-0.1]]
b2 = [[0.1], [0.3]]
b3 = [[0.05]]
[training]
lambd = 0.2
arithmetic = "reg_utils"
[gradient_check]
[data]
generator = "make_circles"
m = 5
"""


def test_trace_writes_every_tensor_and_number_of_the_new_steps(tmp_path, capsys):
    path = tmp_path / "adam.toml"
    path.write_text(ADAM)
    session = Session(load_scenario(path))
    steps = [step for iteration in (0, 1) for step in session.steps(iteration)]
    assert main_trace([str(path), "--iterations", "0:2", "--to", str(tmp_path / "t.npz")]) == 0
    arrays = read_npz(tmp_path / "t.npz")
    assert main_trace([str(path), "--iterations", "0:2", "--to", str(tmp_path / "t.json")]) == 0
    from_json = read_json(tmp_path / "t.json")
    for step in steps:
        for name, value in step.tensors.items():
            key = f"it{step.iteration}/{step.phase}/{step.layer}/{name}" if step.phase != "cost" else f"it{step.iteration}/cost/{name}"
            assert np.array_equal(arrays[key], value) and np.array_equal(from_json[key], value), key
    document = json.loads((tmp_path / "t.json").read_text())
    assert document["scenario"]["training"] == {"optimizer": "adam", "mini_batch_size": 5, "keep_prob": 0.75,
                                                "arithmetic": "reg_utils", "num_epochs": 2}
    update = next(s for s in document["steps"] if s["label"] == "update 1" and s["iteration"] == 1)
    assert update["scalars"]["t"] == 2.0 and "v_hat_dW" in update["tensors"]
    assert main_trace([str(path), "--steps", "update 2,forward 1", "--to", "-"]) == 0
    text = capsys.readouterr().out
    assert "training: adam (beta1 0.9" in text and "  D[1] = rand(n[1], m) < keep_prob" in text
    assert "step 5: update 1" not in text and "step 6: update 2" in text


def test_trace_takes_the_check_phase_of_a_gradient_check(tmp_path, capsys):
    path = tmp_path / "check.toml"
    path.write_text(CHECK)
    assert main_trace([str(path), "--steps", "check", "--to", "-"]) == 0
    text = capsys.readouterr().out
    assert text.count(": check ") == 3 and "difference_W = " in text
    assert main_trace([str(path), "--steps", "update", "--to", "-"]) == 2
    assert "phases: forward, cost, backward, check" in capsys.readouterr().err


def test_one_step_exports_with_its_new_tensors(tmp_path):
    path = tmp_path / "check.toml"
    path.write_text(CHECK)
    step = Session(load_scenario(path)).step(0, 8)
    written = export_step_npz(step, tmp_path / "step.npz")
    arrays = read_npz(written)
    assert str(arrays["label"]) == "iteration 0, check 2"
    assert np.array_equal(arrays["J_plus_W"], step["J_plus_W"])


def test_gradcheck_checks_the_l2_term_and_finds_the_shipped_bugs(tmp_path, capsys):
    path = tmp_path / "check.toml"
    path.write_text(CHECK)
    assert main_gradcheck([str(path), "--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    failed = {(layer["layer"], check["name"]) for layer in report["layers"] for check in layer["checks"]
              if not check["ok"]}
    assert failed == {(2, "dW"), (1, "db")}
    path.write_text(CHECK.replace("[gradient_check]", '[gradient_check]\nbackward = "fixed"'))
    assert main_gradcheck([str(path)]) == 0
    assert "all 3 layers ok" in capsys.readouterr().out

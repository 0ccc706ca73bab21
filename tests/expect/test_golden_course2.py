"""The text transcript of Course 2's steps against a golden file.

Three tiny Course 2 scenarios, traced by ``dnnstep trace --to -``, cover every new kind of
step: a dropout forward, the cost in the helpers' form and with its L2 term, backward with the
mask, with dW_ce + dW_L2, with dZ[L] = AL - Y and 1/m (AL - Y); updates by momentum and by Adam
under learning-rate decay, over mini-batches; and the check phase of a gradient check. The
week-4 golden file (test_golden.py) is untouched by them. When a change to the transcript is
intended, regenerate it and read the diff before committing it::

    DNNSTEP_UPDATE_GOLDEN=1 python3 -m pytest tests/expect/test_golden_course2.py
    git diff tests/expect/golden/
"""

from __future__ import annotations

import os
from pathlib import Path

from dnnstep.commands.trace import main as main_trace

GOLDEN = Path(__file__).parent / "golden" / "course2_trace.txt"

NETWORK = """course = 2
[network]
layer_dims = [2, 3, 2, 1]
[init]
method = "he"
"""
SCENARIOS = {
    "dropout_adam": NETWORK + """[training]
learning_rate = 0.01
optimizer = "adam"
mini_batch_size = 4
num_epochs = 2
decay = "schedule_lr_decay"
time_interval = 1
keep_prob = 0.6
arithmetic = "reg_utils"
[data]
generator = "make_moons"
m = 6
""",
    "l2_momentum": NETWORK + """[training]
learning_rate = 0.1
optimizer = "momentum"
decay = "update_lr"
decay_rate = 0.5
num_iterations = 3
lambd = 0.7
arithmetic = "init_utils"
[data]
generator = "make_circles"
m = 6
""",
    "gradient_check": NETWORK.replace('method = "he"', 'method = "he"\nb1 = [[0.1], [0.2], [-0.1]]\n'
                                      'b2 = [[0.1], [0.3]]\nb3 = [[0.05]]') + """[training]
arithmetic = "reg_utils"
[gradient_check]
epsilon = 0.01              # a step whose centred differences are dominated by the curvature, not by
backward = "as_shipped"     # rounding: the same six digits on every machine
[data]
generator = "make_circles"
m = 4
""",
}


def transcript_of_course2(tmp_path, capsys) -> str:
    texts = []
    for name, text in SCENARIOS.items():
        path = tmp_path / f"{name}.toml"
        path.write_text(text)
        assert main_trace([str(path), "--iterations", "0:2" if name != "gradient_check" else "0", "--to", "-"]) == 0
        texts.append(capsys.readouterr().out)
    return "\n".join(texts)


def test_course2_transcript_matches_the_golden_file(tmp_path, capsys):
    text = transcript_of_course2(tmp_path, capsys)
    if os.environ.get("DNNSTEP_UPDATE_GOLDEN"):
        GOLDEN.write_text(text, encoding="utf-8")
    assert text == GOLDEN.read_text(encoding="utf-8")


def test_the_golden_file_holds_every_new_kind_of_step():
    golden = GOLDEN.read_text(encoding="utf-8")
    for line in ("  D[1] = rand(n[1], m) < keep_prob", "  A[1] = A[1] * D[1] / keep_prob", "  dA[1] = dA[1] * D[1] / keep_prob",
                 "  J = 1/m Σ (-log(AL) Y - log(1 - AL) (1 - Y))", "  dZ[3] = AL - Y", "  dZ[3] = 1/m (AL - Y)",
                 "  dZ[2] = dA[2] * (A[2] > 0)", "  L2_regularization_cost = λ/(2m) Σ_l ‖W[l]‖²",
                 "  dW[2] = dW_ce[2] + dW_L2[2]", "  v_dW[1] = β v_dW[1] + (1 - β) dW[1]",
                 "  step_W[2] = α v̂_dW[2] / (√ŝ_dW[2] + ε)", "  dW[2] = 1/m dZ[2] A[1]ᵀ * 2", "  db[1] = 4/m Σ dZ[1]",
                 "  gradapprox[W1] = (J_plus[W1] - J_minus[W1]) / (2ε)", "iteration 0, step 9: check 3",
                 "iteration 1, step 7: update 1", "  t = 2", "  difference = "):
        assert line in golden, line
    assert golden.count("\ntraining: ") == 3

"""A tiny scenario written as TOML, with every number known to the tests independently.

n = [3, 4, 2, 1], relu hidden layers, explicit parameters and inline data drawn here
with a fixed seed; the arrays are written with ``repr`` so the file holds exactly these
float64 values.
"""

from __future__ import annotations

import numpy as np

LAYER_DIMS = (3, 4, 2, 1)
M = 6


def arrays(scale: float = 1.0) -> dict[str, np.ndarray]:
    rs = np.random.RandomState(1)
    out = {}
    for l in range(1, len(LAYER_DIMS)):
        out[f"W{l}"] = rs.randn(LAYER_DIMS[l], LAYER_DIMS[l - 1]) * 0.5 * scale
        out[f"b{l}"] = rs.randn(LAYER_DIMS[l], 1) * 0.1
    out["X"] = rs.randn(LAYER_DIMS[0], M)
    out["Y"] = np.array([[1.0, 0.0, 1.0, 1.0, 0.0, 0.0]])
    return out


def toml_array(array) -> str:
    array = np.asarray(array)
    if array.ndim == 0:
        return repr(float(array))
    return "[" + ", ".join(toml_array(row) for row in array) + "]"


def scenario_text(expectations: str = "", *, scale: float = 1.0, iterations: int = 3,
                  learning_rate: float = 0.1) -> str:
    a = arrays(scale)
    params = "\n".join(f"{k} = {toml_array(v)}" for k, v in a.items() if k[0] in "Wb")
    return f"""title = "tiny"
[network]
layer_dims = {list(LAYER_DIMS)}
hidden_activation = "relu"

[init]
{params}

[training]
learning_rate = {learning_rate!r}
num_iterations = {iterations}

[data]
X = {toml_array(a["X"])}
Y = {toml_array(a["Y"])}
{expectations}"""


def forward(scale: float = 1.0) -> dict[str, np.ndarray]:
    """Z1, A1, Z2, A2, Z3, AL and J of iteration 0, computed here from the formulas."""
    a = arrays(scale)
    out = {}
    A = a["X"]
    for l in (1, 2, 3):
        Z = a[f"W{l}"] @ A + a[f"b{l}"]
        A = np.maximum(Z, 0) if l < 3 else 1 / (1 + np.exp(-Z))
        out[f"Z{l}"], out[f"A{l}"] = Z, A
    Y = a["Y"]
    out["J"] = float(-np.mean(Y * np.log(A) + (1 - Y) * np.log(1 - A)))
    return out

"""The homework fixtures: one realistic mistake each, made from ``fixtures/correct.py`` (the
Step by Step assignment) or ``fixtures/app_correct.py`` (the Application).

Each :class:`Mistake` says how to make the mistaken homework from the correct one (text
replacements, each of which must occur exactly ``count`` times) and what ``dnnstep
check`` must say about it: the function blamed, its status, the first wrong tensor and
the hint. ``make_fixtures.py`` writes ``fixtures/<name>.py`` and ``fixtures/<name>.ipynb``
from this table.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Mistake:
    name: str
    description: str
    replacements: tuple[tuple[str, str, int], ...]
    function: str | None = None  # the first graded function (in course order) that must fail
    status: str = "mismatch"
    tensor: str | None = None  # the first wrong tensor of that function
    hint: str | None = None  # the hint code that must fire for it
    pipeline: tuple[str, str, str | None] | None = None  # (step label, tensor, hint) of the first divergence
    exit_status: int = 1
    also_failing: tuple[str, ...] = field(default_factory=tuple)
    base: str = "correct.py"  # the correct homework the mistake is made in


#: The graded functions that call linear_backward, and so fail with it.
_ABOVE_LINEAR_BACKWARD = ("linear_activation_backward", "L_model_backward")

MISTAKES = (
    Mistake(
        "missing_1_over_m", "linear_backward: dW without the 1/m",
        (("dW = 1 / m * np.dot(dZ, A_prev.T)", "dW = np.dot(dZ, A_prev.T)", 1),),
        "linear_backward", tensor="dW", hint="missing-1/m", pipeline=("backward 3", "dW", "missing-1/m"),
        also_failing=_ABOVE_LINEAR_BACKWARD,
    ),
    Mistake(
        "extra_1_over_m", "linear_backward: dA_prev divided by m",
        (("dA_prev = np.dot(W.T, dZ)", "dA_prev = np.dot(W.T, dZ) / m", 1),),
        "linear_backward", tensor="dA_prev", hint="extra-1/m", pipeline=("backward 3", "dA_prev", "extra-1/m"),
        also_failing=_ABOVE_LINEAR_BACKWARD,
    ),
    Mistake(
        "db_no_keepdims", "linear_backward: db summed without keepdims",
        (("np.sum(dZ, axis=1, keepdims=True)", "np.sum(dZ, axis=1)", 1),),
        "linear_backward", tensor="db", hint="db-keepdims", pipeline=("backward 3", "db", "db-keepdims"),
        also_failing=_ABOVE_LINEAR_BACKWARD,
    ),
    Mistake(
        "db_wrong_axis", "linear_backward: db summed over the units (axis 0) instead of the examples",
        (("np.sum(dZ, axis=1, keepdims=True)", "np.sum(dZ, axis=0, keepdims=True)", 1),),
        "linear_backward", tensor="db", hint="db-axis", pipeline=("backward 3", "db", "db-axis"),
        also_failing=_ABOVE_LINEAR_BACKWARD,
    ),
    Mistake(
        "dW_transposed", "linear_backward: dW = A_prev . dZ^T (transposed)",
        (("np.dot(dZ, A_prev.T)", "np.dot(A_prev, dZ.T)", 1),),
        "linear_backward", tensor="dW", hint="transposed", pipeline=("backward 3", "dW", "transposed"),
        also_failing=_ABOVE_LINEAR_BACKWARD,
    ),
    Mistake(
        "dAL_sign", "L_model_backward: dAL with the wrong sign",
        (("dAL = - (np.divide(Y, AL)", "dAL = (np.divide(Y, AL)", 1),),
        "L_model_backward", tensor="dA1", hint="dAL-sign", pipeline=("cost", "dAL", "dAL-sign"),
    ),
    Mistake(
        "relu_mask_on_dA", "a home-made relu_backward that masks where dA <= 0 instead of where Z <= 0",
        (("np.random.seed(1)\n\n\n", "np.random.seed(1)\n\n\ndef relu_backward(dA, cache):\n    Z = cache\n"
          "    dZ = np.array(dA, copy=True)\n    dZ[dA <= 0] = 0\n    return dZ\n\n\n", 1),),
        "linear_activation_backward", tensor="dA_prev", hint="relu-mask", pipeline=None,
        also_failing=("L_model_backward",),
    ),
    Mistake(
        "sigmoid_hidden", "L_model_forward: sigmoid in the hidden layers",
        (("parameters['b' + str(l)], \"relu\")", "parameters['b' + str(l)], \"sigmoid\")", 1),),
        "L_model_forward", tensor="AL", hint="activation", pipeline=("forward 1", "A", "activation"),
    ),
    Mistake(
        "relu_output", "L_model_forward: relu at the output layer",
        (("parameters['b' + str(L)], \"sigmoid\")", "parameters['b' + str(L)], \"relu\")", 1),),
        "L_model_forward", tensor="AL", hint="activation", pipeline=("forward 3", "A", "activation"),
    ),
    Mistake(
        "update_plus", "update_parameters: + instead of -",
        (("] - learning_rate * grads[", "] + learning_rate * grads[", 2),),
        "update_parameters", tensor="W1", hint="update-sign", pipeline=("update 1", "W_new", "update-sign"),
    ),
    Mistake(
        "cache_order", "linear_activation_forward: cache = (activation_cache, linear_cache)",
        (("cache = (linear_cache, activation_cache)", "cache = (activation_cache, linear_cache)", 1),
         ("linear_cache, activation_cache = cache", "activation_cache, linear_cache = cache", 1)),
        "linear_activation_forward", tensor="cache[0][0] (A_prev)", hint="cache-order", pipeline=None,
        also_failing=("L_model_forward", "linear_activation_backward", "L_model_backward"),
    ),
    Mistake(
        "caches_reversed", "L_model_forward: each cache put in front of the list",
        (("caches.append(cache)", "caches.insert(0, cache)", 2),),
        "L_model_forward", tensor="caches[0][0][0] (A[0] = X)", hint="cache-order",
        pipeline=("forward 1", "caches[0]", "cache-order"),
    ),
    Mistake(
        "grads_keys_off_by_one", "L_model_backward: grads['dA' + str(l + 1)] for the gradient of A[l]",
        (('grads["dA" + str(L - 1)] = dA_prev_temp', 'grads["dA" + str(L)] = dA_prev_temp', 1),
         ('linear_activation_backward(grads["dA" + str(l + 1)]',
          'linear_activation_backward(grads["dA" + str(l + 2)]', 1),
         ('grads["dA" + str(l)] = dA_prev_temp', 'grads["dA" + str(l + 1)] = dA_prev_temp', 1)),
        "L_model_backward", tensor="dA1", hint="grads-keys", pipeline=None,
    ),
    Mistake(
        "extra_keys", "L_model_backward: keeps dAL in grads",
        (("    current_cache = caches[L - 1]\n", "    grads[\"dAL\"] = dAL\n    current_cache = caches[L - 1]\n", 1),),
        "L_model_backward", tensor=None, hint="extra-keys", pipeline=None,
    ),
    Mistake(
        "exception", "linear_forward: np.dot(A, W) raises ValueError",
        (("Z = np.dot(W, A) + b", "Z = np.dot(A, W) + b", 1),),
        "linear_forward", status="exception", pipeline=None,
        also_failing=("linear_activation_forward", "L_model_forward"),
    ),
    Mistake(
        "hang", "compute_cost: a while loop that never advances",
        (("    cost = -1 / m * np.sum(Y * np.log(AL) + (1 - Y) * np.log(1 - AL))\n",
          "    cost = 0\n    i = 0\n    while i < m:\n"
          "        cost += -(Y[0, i] * np.log(AL[0, i]) + (1 - Y[0, i]) * np.log(1 - AL[0, i])) / m\n", 1),),
        "compute_cost", status="timeout", pipeline=None,
    ),
    Mistake(
        "sys_exit", "update_parameters: a debugging sys.exit() left in",
        (("    L = len(parameters) // 2\n    for l in range(L):\n        parameters[",
          "    import sys\n    print(parameters.keys())\n    sys.exit()\n"
          "    L = len(parameters) // 2\n    for l in range(L):\n        parameters[", 1),),
        "update_parameters", status="exit", pipeline=None,
    ),
    Mistake(
        "crash", "L_model_forward: os._exit kills the homework's process",
        (("    caches = []\n    A = X\n", "    import os\n    os._exit(3)\n    caches = []\n    A = X\n", 1),),
        "L_model_forward", status="crash", pipeline=None,
    ),
    Mistake(
        "app_no_update", "L_layer_model (Application): the result of update_parameters is not kept",
        (("        parameters = update_parameters(parameters, grads, learning_rate)\n        if print_cost",
          "        update_parameters(parameters, grads, learning_rate)\n        if print_cost", 1),),
        "L_layer_model", tensor="parameters['W1']", base="app_correct.py",
    ),
    Mistake(
        "syntax_error", "linear_backward: a colon missing after the def line",
        (("def linear_backward(dZ, cache):", "def linear_backward(dZ, cache)", 1),),
        None, exit_status=2,
    ),
)

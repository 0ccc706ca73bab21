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
    message: str | None = None  # the exact text of the hint (then the first hint of the function)
    pipeline_failure: tuple[str, str] | None = None  # (step label, hint) where the pipeline's call raised
    exit_status: int = 1
    # other functions that fail on their own (a function is checked with the reference in place of a wrong one it calls)
    also_failing: tuple[str, ...] = field(default_factory=tuple)
    base: str = "correct.py"  # the correct homework the mistake is made in


#: An Application file with the Step by Step's update_parameters pasted in (it returns a new dictionary, where the
#: course's dnn_app_utils changes its argument in place).
_OWN_UPDATE = ("from public_tests import *\n", "from public_tests import *\nimport copy\n\n\n"
               "def update_parameters(params, grads, learning_rate):\n"
               "    parameters = copy.deepcopy(params)\n"
               "    L = len(parameters) // 2\n"
               "    for l in range(L):\n"
               "        parameters[\"W\" + str(l + 1)] = parameters[\"W\" + str(l + 1)] - learning_rate * "
               "grads[\"dW\" + str(l + 1)]\n"
               "        parameters[\"b\" + str(l + 1)] = parameters[\"b\" + str(l + 1)] - learning_rate * "
               "grads[\"db\" + str(l + 1)]\n"
               "    return parameters\n", 1)

MISTAKES = (
    Mistake(
        "missing_1_over_m", "linear_backward: dW without the 1/m",
        (("dW = 1 / m * np.dot(dZ, A_prev.T)", "dW = np.dot(dZ, A_prev.T)", 1),),
        "linear_backward", tensor="dW", hint="missing-1/m", pipeline=("backward 3", "dW", "missing-1/m"),
    ),
    Mistake(
        "extra_1_over_m", "linear_backward: dA_prev divided by m",
        (("dA_prev = np.dot(W.T, dZ)", "dA_prev = np.dot(W.T, dZ) / m", 1),),
        "linear_backward", tensor="dA_prev", hint="extra-1/m", pipeline=("backward 3", "dA_prev", "extra-1/m"),
    ),
    Mistake(
        "db_no_keepdims", "linear_backward: db summed without keepdims",
        (("np.sum(dZ, axis=1, keepdims=True)", "np.sum(dZ, axis=1)", 1),),
        "linear_backward", tensor="db", hint="db-keepdims", pipeline=("backward 3", "db", "db-keepdims"),
    ),
    Mistake(
        "db_wrong_axis", "linear_backward: db summed over the units (axis 0) instead of the examples",
        (("np.sum(dZ, axis=1, keepdims=True)", "np.sum(dZ, axis=0, keepdims=True)", 1),),
        "linear_backward", tensor="db", hint="db-axis", pipeline=("backward 3", "db", "db-axis"),
    ),
    Mistake(
        "dW_transposed", "linear_backward: dW = A_prev . dZ^T (transposed)",
        (("np.dot(dZ, A_prev.T)", "np.dot(A_prev, dZ.T)", 1),),
        "linear_backward", tensor="dW", hint="transposed", pipeline=("backward 3", "dW", "transposed"),
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
        also_failing=("linear_activation_backward",),  # it unpacks the cache in the same wrong order
    ),
    Mistake(
        "caches_reversed", "L_model_forward: each cache put in front of the list",
        (("caches.append(cache)", "caches.insert(0, cache)", 2),),
        "L_model_forward", tensor="A[0] = X, in layer 1's cache", hint="cache-order",
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
        "linear_forward", status="exception", pipeline=None, hint="dot-order",
        message="np.dot(A, W) multiplies A (3, 2) by W (1, 3); the course's Z = W · A + b: np.dot(W, A)",
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
        "app_no_update", "L_layer_model (Application): the result of its own update_parameters (which returns a "
                         "new dictionary) is not kept",
        (_OWN_UPDATE,
         ("        parameters = update_parameters(parameters, grads, learning_rate)\n        if print_cost",
          "        update_parameters(parameters, grads, learning_rate)\n        if print_cost", 1),),
        "L_layer_model", tensor="parameters['W1']", base="app_correct.py", hint="no-update",
        message=("parameters['W1'], parameters['b1'], parameters['W2'], parameters['b2'], parameters['W3'], "
                 "parameters['b3'], costs[1]: the parameters stay at their initial values (and every cost is the "
                 "first): update_parameters returns the updated parameters, and its result is never assigned: "
                 "parameters = update_parameters(parameters, grads, learning_rate)"),
    ),
    Mistake(
        "syntax_error", "linear_backward: a colon missing after the def line",
        (("def linear_backward(dZ, cache):", "def linear_backward(dZ, cache)", 1),),
        None, exit_status=2,
    ),
)

#: The mistakes students made, as collected from public forum threads, repository issues and
#: pull requests and published solution files (issue 14; the sources are listed in
#: docs/homework.md's catalogue). Each one is written here from its description.
_LOOP_DA = 'linear_activation_backward(grads["dA" + str(l + 1)], current_cache, "relu")'
_UPDATE_LOOP = "".join(f'        parameters["{p}" + str(l + 1)] = parameters["{p}" + str(l + 1)] - learning_rate * '
                       f'grads["d{p}" + str(l + 1)]\n' for p in "Wb")
_COST = "    cost = -1 / m * np.sum(Y * np.log(AL) + (1 - Y) * np.log(1 - AL))\n"
STUDENT_MISTAKES = (
    Mistake(
        "hidden_dA_same", "L_model_backward: grads['dA' + str(L - 1)] fed to every hidden layer",
        ((_LOOP_DA, _LOOP_DA.replace("l + 1", "L - 1"), 1),),
        "L_model_backward", status="exception",
        hint='hidden-dA',
        message=(
            'relu_backward got dA (3, 4) for layer 1, whose Z is (4, 4): the dA passed to layer 1 is '
            "grads['dA2'] (the gradient of A2), the same for every hidden layer (the course's test has one "
            "hidden layer, where that is the right one, and passes); the course passes "
            "grads['dA1'], the gradient of A1 (grads['dA' + str(l + 1)] in the loop over l = L-2 .. 0)"
        ),
        pipeline_failure=('backward 1', 'hidden-dA'),
    ),
    Mistake(
        "hidden_dA_dAL", "L_model_backward: dAL fed to every hidden layer",
        ((_LOOP_DA, _LOOP_DA.replace('grads["dA" + str(l + 1)]', "dAL"), 1),),
        "L_model_backward", status="exception",
        hint='hidden-dA',
        message=(
            'relu_backward got dA (1, 2) for layer 1, whose Z is (3, 2): the dA passed to layer 1 is dAL (the'
            " gradient of the output AL); the course passes grads['dA1'], the gradient of A1 (grads['dA' + "
            'str(l + 1)] in the loop over l = L-2 .. 0)'
        ),
        pipeline_failure=('backward 2', 'hidden-dA'),
    ),
    Mistake(
        "hidden_dA_old_key", "L_model_backward: grads['dA' + str(L)], the key of the course's editions up to v5",
        ((_LOOP_DA, _LOOP_DA.replace("l + 1", "L"), 1),),
        "L_model_backward", status="exception",
        hint='hidden-dA',
        message=(
            "grads['dA2'] is never stored: editions up to v5 kept the output layer's dA_prev under grads['dA'"
            " + str(L)]; the 2021 edition keeps it under grads['dA' + str(L - 1)] (dA1), and hidden layer l +"
            " 1 takes grads['dA' + str(l + 1)]"
        ),
        pipeline_failure=('backward 2', 'hidden-dA'),
    ),
    Mistake(
        "dW_multiply", "linear_backward: dW = 1/m * np.multiply(A_prev, dZ), an element-wise product",
        (("np.dot(dZ, A_prev.T)", "np.multiply(A_prev, dZ)", 1),),
        "linear_backward", status="exception",
        hint='elementwise',
        message=(
            'np.multiply(A_prev, dZ) multiplies A_prev (5, 4) and dZ (3, 4) element by element; dW = 1/m · dZ'
            ' · A_prevᵀ is a matrix product: np.dot(dZ, A_prev.T)'
        ),
        pipeline=('backward 3', 'dW', 'elementwise'),
    ),
    Mistake(
        "dW_multiply_transposed", "linear_backward: dW = 1/m * np.multiply(A_prev.T, dZ)",
        (("np.dot(dZ, A_prev.T)", "np.multiply(A_prev.T, dZ)", 1),),
        "linear_backward", status="exception",
        hint='elementwise',
        message=(
            'np.multiply(A_prev.T, dZ) multiplies A_prev.T (4, 5) and dZ (3, 4) element by element; dW = 1/m '
            '· dZ · A_prevᵀ is a matrix product: np.dot(dZ, A_prev.T)'
        ),
        pipeline_failure=('backward 3', 'elementwise'),
    ),
    Mistake(
        "dA_prev_multiply", "linear_backward: dA_prev = np.multiply(dZ, W.T)",
        (("dA_prev = np.dot(W.T, dZ)", "dA_prev = np.multiply(dZ, W.T)", 1),),
        "linear_backward", status="exception",
        hint='elementwise',
        message=(
            'np.multiply(dZ, W.T) multiplies dZ (3, 4) and W.T (5, 3) element by element; dA_prev = Wᵀ · dZ '
            'is a matrix product: np.dot(W.T, dZ)'
        ),
        pipeline_failure=('backward 2', 'elementwise'),
    ),
    Mistake(
        "cost_outer_product", "compute_cost: np.dot(Y.T, np.log(AL)) summed, an m x m outer product",
        ((_COST, "    cost = -1 / m * np.sum(np.dot(Y.T, np.log(AL)) + np.dot((1 - Y).T, np.log(1 - AL)))\n", 1),),
        "compute_cost", tensor="cost",
        hint='cost-outer',
        message=(
            'cost is np.dot(Y.T, np.log(AL)) (or Y * np.log(AL).T) summed: a (m, 1) times a (1, m) is an m x '
            'm matrix pairing every Y[i] with every log(AL[j]); the cost sums only the m products '
            'Y[i]·log(AL[i]): np.dot(Y, np.log(AL).T), or np.sum(Y * np.log(AL))'
        ),
        pipeline=('cost', 'J', 'cost-outer'),
    ),
    Mistake(
        "cost_broadcast", "compute_cost: Y * np.log(AL).T, which broadcasts to m x m",
        ((_COST, "    cost = -1 / m * np.sum(Y * np.log(AL).T + (1 - Y) * np.log(1 - AL).T)\n", 1),),
        "compute_cost", tensor="cost",
        hint='cost-outer',
        message=(
            'cost is np.dot(Y.T, np.log(AL)) (or Y * np.log(AL).T) summed: a (m, 1) times a (1, m) is an m x '
            'm matrix pairing every Y[i] with every log(AL[j]); the cost sums only the m products '
            'Y[i]·log(AL[i]): np.dot(Y, np.log(AL).T), or np.sum(Y * np.log(AL))'
        ),
        pipeline=('cost', 'J', 'cost-outer'),
    ),
    Mistake(
        "cost_not_summed", "compute_cost: the losses are never summed",
        ((_COST, "    cost = -1 / m * (Y * np.log(AL) + (1 - Y) * np.log(1 - AL))\n", 1),),
        "compute_cost", tensor="cost",
        hint='cost-sum',
        message=(
            'cost holds one loss per example: the losses are never summed; cost = -1/m * np.sum(Y * '
            'np.log(AL) + (1 - Y) * np.log(1 - AL))'
        ),
        pipeline=('cost', 'J', 'cost-sum'),
    ),
    Mistake(
        "cost_dot_no_transpose", "compute_cost: np.dot(Y, np.log(AL)) without a transpose",
        ((_COST, "    cost = -1 / m * (np.dot(Y, np.log(AL)) + np.dot(1 - Y, np.log(1 - AL)))\n", 1),),
        "compute_cost", status="exception",
        hint='cost-dot',
        message=(
            'np.dot(Y, np.log(AL)) multiplies two (1, m) rows, which a matrix product cannot do: transpose '
            'the second, np.dot(Y, np.log(AL).T), or sum the element-wise product, np.sum(Y * np.log(AL))'
        ),
        pipeline_failure=('cost', 'cost-dot'),
    ),
    Mistake(
        "init_rand", "initialize_parameters_deep: np.random.rand (uniform in [0, 1)) instead of np.random.randn",
        (("np.random.randn(layer_dims[l], layer_dims[l - 1])",
          "np.random.rand(layer_dims[l], layer_dims[l - 1])", 1),),
        "initialize_parameters_deep", tensor="W1",
        hint='init-rand',
        message=(
            'W1, W2 is what np.random.rand gives: uniform in [0, 1), every weight positive; the course draws '
            'np.random.randn(...) * 0.01 (normal, of either sign)'
        ),
    ),
    Mistake(
        "b_zeros_1d", "initialize_parameters_deep: b = np.zeros(layer_dims[l]), shape (n,)",
        (("np.zeros((layer_dims[l], 1))", "np.zeros(layer_dims[l])", 1),),
        "initialize_parameters_deep", tensor="b1",
        hint='b-shape',
        message='b1, b2: np.zeros(n) is 1-D, shape (n,); b is a column: np.zeros((layer_dims[l], 1))',
    ),
    Mistake(
        "output_dZ_shortcut", "L_model_backward: dZ = AL - Y at the output, then linear_backward",
        (('    dA_prev_temp, dW_temp, db_temp = linear_activation_backward(dAL, current_cache, "sigmoid")\n',
          "    linear_cache, activation_cache = current_cache\n    dZ = AL - Y\n"
          "    dA_prev_temp, dW_temp, db_temp = linear_backward(dZ, linear_cache)\n", 1),),
        "L_model_backward", tensor="dA1",
        hint='output-dZ',
        message=(
            'dA1, dW2, db2, dA0, dW1, db1: dZ = AL - Y at the output skips sigmoid_backward; it equals dAL · '
            "σ'(Z) only when AL is sigmoid(Z), and the course's test gives an AL that is not: call "
            'linear_activation_backward(dAL, current_cache, "sigmoid")'
        ),
    ),
    Mistake(
        "dAL_plus", "L_model_backward: dAL = -(Y/AL + (1-Y)/(1-AL)), + between the terms",
        (("np.divide(Y, AL) - np.divide(1 - Y, 1 - AL)", "np.divide(Y, AL) + np.divide(1 - Y, 1 - AL)", 1),),
        "L_model_backward", tensor="dA1",
        hint='dAL-formula',
        message='dA1, dW2, db2, dA0, dW1, db1: dAL = -(Y/AL + (1-Y)/(1-AL)); the second term must be subtracted',
        pipeline=('cost', 'dAL', 'dAL-formula'),
    ),
    Mistake(
        "app_two_layer_no_update", "two_layer_model (Application): the result of its own update_parameters (which "
                                   "returns a new dictionary) is not kept",
        (_OWN_UPDATE,
         ("        parameters = update_parameters(parameters, grads, learning_rate)\n        W1 = parameters",
          "        update_parameters(parameters, grads, learning_rate)\n        W1 = parameters", 1),),
        "two_layer_model", tensor="parameters['W1']", base="app_correct.py",
        hint='no-update',
        message=(
            "parameters['W1'], parameters['b1'], parameters['W2'], parameters['b2'], costs[1]: the parameters stay"
            " at their initial values (and every cost is the first): update_parameters returns the updated "
            "parameters, and its result is never assigned: parameters = update_parameters(parameters, grads, "
            "learning_rate)"
        ),
    ),
    Mistake(
        "update_copy", "update_parameters: updates a copy, returns its input",
        (("    return parameters\n\n# test\nt_parameters, grads",
          "    return params\n\n# test\nt_parameters, grads", 1),),
        "update_parameters", tensor="W1",
        hint='update-unchanged',
        message=(
            'W1, b1, W2, b2: update_parameters returned its input unchanged: the new values went to a copy '
            '(or to local variables) that is not returned; return the dictionary you updated'
        ),
        pipeline=('update 1', 'W_new', 'update-unchanged'),
    ),
    # beyond issue 14's families, from public threads and files
    Mistake(
        "forward_X_every_layer", "L_model_forward: X passed to every hidden layer instead of A_prev",
        (("linear_activation_forward(A_prev, parameters['W' + str(l)]",
          "linear_activation_forward(X, parameters['W' + str(l)]", 1),),
        "L_model_forward", status="exception",
        hint='forward-input',
        message=(
            "layer 2 was given X (5, 4) as A_prev where the course passes the previous layer's A (4, 4): "
            'linear_activation_forward(A_prev, ...) with A_prev = A, the output of the layer before'
        ),
        pipeline_failure=('forward 2', 'forward-input'),
    ),
    Mistake(
        "cost_hardcoded_m", "compute_cost: m = 209, the size of the cat training set, written in",
        (("    m = Y.shape[1]\n    cost = -1 / m", "    m = 209\n    cost = -1 / m", 1),),
        "compute_cost", tensor="cost",
        hint='cost-m',
        message=(
            'cost is divided by 209, not by m = 3: m is written in as a number; take it from the data, m = '
            'Y.shape[1]'
        ),
        pipeline=('cost', 'J', 'cost-m'),
    ),
    Mistake(
        "cost_no_minus", "compute_cost: the minus sign missing (a negative cost)",
        (("cost = -1 / m * np.sum(", "cost = 1 / m * np.sum(", 1),),
        "compute_cost", tensor="cost",
        hint='sign',
        message='cost has the wrong sign (exactly -1 times the reference)',
        pipeline=('cost', 'J', 'sign'),
    ),
    Mistake(
        "update_len_parameters", "update_parameters: L = len(parameters), twice the number of layers",
        (("    L = len(parameters) // 2\n    for l in range(L):\n        parameters[",
          "    L = len(parameters)\n    for l in range(L):\n        parameters[", 1),),
        "update_parameters", status="exception",
        hint='update-L',
        message=(
            "update_parameters asked for parameters['W3'] of a 2-layer network: parameters holds a W and a b "
            'per layer, so L = len(parameters) // 2'
        ),
        pipeline_failure=('update 1', 'update-L'),
    ),
    Mistake(
        "forward_len_parameters", "L_model_forward: L = len(parameters), twice the number of layers",
        (("    L = len(parameters) // 2\n    for l in range(1, L):",
          "    L = len(parameters)\n    for l in range(1, L):", 1),),
        "L_model_forward", status="exception",
        hint='forward-L',
        message=(
            "L_model_forward asked for parameters['W4'] of a 3-layer network: parameters holds a W and a b "
            'per layer, so L = len(parameters) // 2'
        ),
        pipeline_failure=('forward 3', 'forward-L'),
    ),
    Mistake(
        "init_W_swapped", "initialize_parameters_deep: W of shape (n[l-1], n[l])",
        (("np.random.randn(layer_dims[l], layer_dims[l - 1])",
          "np.random.randn(layer_dims[l - 1], layer_dims[l])", 1),),
        "initialize_parameters_deep", tensor="W1",
        hint='W-shape',
        message=(
            'W1, W2: np.random.randn(layer_dims[l - 1], layer_dims[l]) makes W[l] (n[l-1], n[l]); the '
            "course's W[l] is (n[l], n[l-1]): np.random.randn(layer_dims[l], layer_dims[l - 1]) * 0.01"
        ),
    ),
    Mistake(
        "sigmoid_backward_hidden", "L_model_backward: sigmoid for the hidden layers too",
        ((_LOOP_DA, _LOOP_DA.replace('"relu"', '"sigmoid"'), 1),),
        "L_model_backward", tensor="dA0",
        hint='activation',
        message='dA0, dW1, db1 is what sigmoid_backward in the hidden layers gives: they are relu',
        pipeline=('backward 2', 'dZ', 'activation'),
    ),
    Mistake(
        "hidden_cache_reversed", "L_model_backward: current_cache = caches[L - 2 - l] in the loop over hidden layers",
        (("        current_cache = caches[l]\n", "        current_cache = caches[L - 2 - l]\n", 1),),
        "L_model_backward", status="exception",
        hint='hidden-cache',
        message=(
            'relu_backward got dA (3, 4) for a Z of (4, 4): layer 2 was given the cache of layer 1 '
            '(caches[0]); the cache of layer l + 1 is caches[l]: current_cache = caches[l] in the loop over l'
            ' = L-2 .. 0'
        ),
        pipeline_failure=('backward 2', 'hidden-cache'),
    ),
    Mistake(
        "output_layer_A_prev", "L_model_forward: the output layer given A_prev (its previous layer's input), not A",
        (("AL, cache = linear_activation_forward(A, parameters['W' + str(L)]",
          "AL, cache = linear_activation_forward(A_prev, parameters['W' + str(L)]", 1),),
        "L_model_forward", status="exception",
        hint='forward-input',
        message=(
            'the output layer 3 was given A_prev (4, 4), the input of layer 2, where the course passes A (3, '
            "4), its output: linear_activation_forward(A, parameters['W' + str(L)], parameters['b' + str(L)],"
            ' "sigmoid")'
        ),
        pipeline_failure=('forward 3', 'forward-input'),
    ),
    Mistake(
        "update_keys_from_0", "update_parameters: parameters['W' + str(l)] for l in range(L), from W0",
        ((_UPDATE_LOOP, _UPDATE_LOOP.replace("str(l + 1)", "str(l)"), 1),),
        "update_parameters", status="exception",
        hint='layer-numbers',
        message=(
            "update_parameters asked for parameters['W0']: the course numbers the layers 1 .. L, so a loop "
            'over range(L) takes str(l + 1): parameters["W" + str(l + 1)]'
        ),
        pipeline_failure=('update 1', 'layer-numbers'),
    ),
    Mistake(
        "dA_prev_no_transpose", "linear_backward: dA_prev = np.dot(W, dZ), W not transposed",
        (("dA_prev = np.dot(W.T, dZ)", "dA_prev = np.dot(W, dZ)", 1),),
        "linear_backward", status="exception",
        hint='no-transpose',
        message=(
            'dA_prev = np.dot(W, dZ) multiplies W (3, 5) by dZ (3, 4); dA_prev = Wᵀ · dZ: np.dot(W.T, dZ), of'
            " A_prev's shape (5, 4)"
        ),
        pipeline_failure=('backward 3', 'no-transpose'),
    ),
    Mistake(
        "db_sum_all", "linear_backward: db = 1/m * np.sum(dZ), summed over everything",
        (("np.sum(dZ, axis=1, keepdims=True)", "np.sum(dZ)", 1),),
        "linear_backward", tensor="db",
        hint='db-axis',
        message=(
            'db is summed over all of dZ: sum over axis 1 only, with keepdims=True'
        ),
        pipeline=('backward 3', 'db', 'db-squeeze')  # one unit: np.squeeze's numbers,
    ),
    Mistake(
        "relu_backward_linear_cache", "linear_activation_backward: relu_backward given the linear cache",
        (("dZ = relu_backward(dA, activation_cache)", "dZ = relu_backward(dA, linear_cache)", 1),),
        "linear_activation_backward", status="exception",
        hint='helper-cache',
        message=(
            'relu_backward was given the linear cache (A_prev, W, b) where it takes Z, the activation cache: '
            'linear_cache, activation_cache = cache; relu_backward(dA, activation_cache)'
        ),
        pipeline_failure=('backward 2', 'helper-cache'),
    ),
)

#: The mistakes still unnamed after the second round of real files (issue 21), each written here from a real
#: student's line as the issue describes it.
SECOND_ROUND = (
    Mistake(
        "init_b2_hidden", "initialize_parameters: b2 made with the hidden layer's size, np.zeros((n_h, 1))",
        (("    b2 = np.zeros((n_y, 1))\n", "    b2 = np.zeros((n_h, 1))\n", 1),),
        "initialize_parameters", tensor="b2", hint="init-dims",
        message="b2 has shape (2, 1): it was made with n_h = 2, the size of the hidden layer; b2 is the output "
                "layer's, (n_y, 1) = (1, 1): np.zeros((n_y, 1))",
    ),
    Mistake(
        "cost_np_shape", "compute_cost: cost = np.shape(cost) where np.squeeze was meant",
        (("    cost = np.squeeze(cost)\n", "    cost = np.shape(cost)\n", 1),),
        "compute_cost", tensor="cost", hint="cost-shape",
        message="cost is np.shape(cost), the tuple (), the shape of the cost and not the cost: np.squeeze(cost) "
                "turns [[0.28]] into 0.28",
        pipeline=("cost", "J", "cost-shape"),
    ),
    Mistake(
        "global_dA_prev", "L_model_backward: stores dA_prev, a name only the notebook's test cell of linear_backward "
                          "set, where dA_prev_temp was meant",
        (("t_dA_prev, t_dW, t_db = linear_backward(t_dZ, t_linear_cache)",
          "dA_prev, t_dW, t_db = linear_backward(t_dZ, t_linear_cache)", 1),
         ('        grads["dA" + str(l)] = dA_prev_temp\n', '        grads["dA" + str(l)] = dA_prev\n', 1)),
        "L_model_backward", status="exception", hint="global-name",
        pipeline_failure=("backward 1", "global-name"),
    ),
    Mistake(
        "activation_typo", "L_model_forward: the output layer's activation written \" sigmoid\"",
        ((f'linear_activation_forward(A, parameters[\'W\' + str(L)], parameters[\'b\' + str(L)], "sigmoid")',
          f'linear_activation_forward(A, parameters[\'W\' + str(L)], parameters[\'b\' + str(L)], " sigmoid")', 1),),
        "L_model_forward", status="exception", hint="activation-string",
        message="L_model_forward passed activation ' sigmoid' to linear_activation_forward for layer 3, which "
                "matches no branch of its if/elif ('sigmoid', 'relu'; strings compare exactly, case and spaces "
                "count), so linear_cache was never set: UnboundLocalError",
        pipeline_failure=("forward 3", "activation-string"),
    ),
    Mistake(
        "activation_typo_branch", "linear_activation_forward: compares activation with \"Relu\"",
        (('    elif activation == "relu":\n        Z, linear_cache = linear_forward',
          '    elif activation == "Relu":\n        Z, linear_cache = linear_forward', 1),),
        "linear_activation_forward", status="exception", hint="activation-string",
        message="activation 'relu' matches no branch of linear_activation_forward's if/elif ('sigmoid', 'Relu'; "
                "strings compare exactly, case and spaces count), so linear_cache was never set: UnboundLocalError",
        pipeline_failure=("forward 1", "activation-string"),
    ),
    Mistake(
        "dAL_is_dZ", "L_model_backward: dAL = AL - Y, which is dZ of the sigmoid output",
        (("dAL = - (np.divide(Y, AL) - np.divide(1 - Y, 1 - AL))", "dAL = AL - Y", 1),),
        "L_model_backward", tensor="dA1", hint="dAL-dZ",
        message="dA1, dW2, db2, dA0, dW1, db1: dAL = AL - Y is dZ of the sigmoid output layer, not dA: "
                "linear_activation_backward(dAL, current_cache, \"sigmoid\") multiplies it by σ'(Z) once more; "
                "dAL = -(np.divide(Y, AL) - np.divide(1 - Y, 1 - AL))",
        pipeline=("cost", "dAL", "dAL-dZ"),
    ),
    Mistake(
        "caches_append_A", "L_model_forward: caches.append(A) instead of each layer's cache",
        (("        caches.append(cache)\n", "        caches.append(A)\n", 1),
         ("    caches.append(cache)\n    return AL, caches", "    caches.append(AL)\n    return AL, caches", 1)),
        "L_model_forward", tensor="A[0] = X, in layer 1's cache", hint="caches-item",
        message="caches holds each layer's A where the course keeps the layer's cache ((A_prev, W, b), Z), what "
                "linear_activation_forward returns: caches.append(cache)",
        pipeline=("forward 1", "caches[0]", "caches-item"),
        also_failing=(),
    ),
    Mistake(
        "cache_activation_twice", "linear_activation_forward: the activation cache where the linear cache belongs",
        (("cache = (linear_cache, activation_cache)", "cache = (activation_cache, activation_cache)", 1),),
        "linear_activation_forward", tensor="cache[0][0] (A_prev)", hint="cache-item",
        message="linear_activation_forward returns the cache (activation_cache, activation_cache): it puts Z where "
                "the linear cache (A_prev, W, b) belongs; the course's cache is (linear_cache, activation_cache): "
                "((A_prev, W, b), Z)",
        pipeline=("forward 1", "caches[0]", "cache-item"),
    ),
    Mistake(
        "update_skips_last", "update_parameters: for l in range(1, L), which skips layer L",
        ((_UPDATE_LOOP.replace("    for", "for"), _UPDATE_LOOP.replace("str(l + 1)", "str(l)"), 1),
         ("    for l in range(L):\n        parameters[\"W\"", "    for l in range(1, L):\n        parameters[\"W\"", 1)),
        "update_parameters", tensor="W2", hint="update-layers",
        message="update_parameters left layer 2 unchanged (W2, b2 are returned as they were given): the loop must "
                "update every layer, l = 1 .. L: for l in range(L) with str(l + 1)",
        pipeline=("update 3", "W_new", "update-layers"),
    ),
    Mistake(
        "update_by_hand", "update_parameters: W1, b1, W2, b2 updated by hand, right for the course's 2-layer test only",
        (("    L = len(parameters) // 2\n    for l in range(L):\n" + _UPDATE_LOOP,
          "".join(f'    parameters["{p}{l}"] = parameters["{p}{l}"] - learning_rate * grads["d{p}{l}"]\n'
                  for l in (1, 2) for p in "Wb"), 1),),
        "update_parameters", tensor="W3", hint="update-layers",
        message="update_parameters left layer 3 unchanged (W3, b3 are returned as they were given): the loop must "
                "update every layer, l = 1 .. L: for l in range(L) with str(l + 1)",
        pipeline=("update 3", "W_new", "update-layers"),
    ),
    Mistake(
        "cost_log_epsilon", "compute_cost: np.log(AL + 1e-3), an epsilon inside the log",
        (("np.log(AL) + (1 - Y) * np.log(1 - AL)", "np.log(AL + 1e-3) + (1 - Y) * np.log(1 - AL + 1e-3)", 1),),
        "compute_cost", tensor="cost", hint="cost-epsilon",
        message="cost is what np.log(AL + 0.001) and np.log(1 - AL + 0.001) give: a number added inside the logs "
                "changes the cost on every input; the course's cost takes np.log(AL) and np.log(1 - AL) as they are",
        pipeline=("cost", "J", "cost-epsilon"),
    ),
    Mistake(
        "app_2017_no_update", "L_layer_model of a 2017 Application (dnn_app_utils_v2, the models return parameters "
                              "only): the result of its own update_parameters is not kept",
        (_OWN_UPDATE, ("from public_tests import *\n", "", 1),
         ("def update_parameters(params, grads", "def update_parameters(parameters, grads", 1),
         ("    parameters = copy.deepcopy(params)\n", "    parameters = copy.deepcopy(parameters)\n", 1),
         ("from dnn_app_utils_v3 import *", "from dnn_app_utils_v2 import *", 1),
         ("    return parameters, costs\n", "    return parameters\n", 2),
         ("        parameters = update_parameters(parameters, grads, learning_rate)\n        if print_cost",
          "        update_parameters(parameters, grads, learning_rate)\n        if print_cost", 1)),
        "L_layer_model", tensor="W1", base="app_correct.py", hint="no-update",
    ),
    Mistake(
        "unknown_dW_offset", "linear_backward: dW with a number added, a mistake no model knows: the report says what "
                             "is known (tensor, element, values) and no hint",
        (("dW = 1 / m * np.dot(dZ, A_prev.T)", "dW = 1 / m * np.dot(dZ, A_prev.T) + 1e-3", 1),),
        "linear_backward", tensor="dW", pipeline=("backward 3", "dW", None),
    ),
)

MISTAKES = MISTAKES + STUDENT_MISTAKES + SECOND_ROUND


@dataclass(frozen=True)
class RightFile:
    """A right homework written another way than ``fixtures/correct.py``: it must pass (exit status 0, no hint)."""

    name: str
    description: str
    replacements: tuple[tuple[str, str, int], ...]
    base: str = "correct.py"
    note: str | None = None  # a note the report must carry


_LAYER = "parameters['W' + str(l)], parameters['b' + str(l)]"
_OUTPUT = "parameters['W' + str(L)], parameters['b' + str(L)]"

#: Right files that dnnstep once failed (issue 21): every way Python allows to call a graded function.
RIGHT_FILES = (
    RightFile(
        "call_forms", "every call written another way Python allows: keywords in any order, *args and **kwargs, "
                      "a default left out",
        ((f'linear_activation_forward(A_prev, {_LAYER}, "relu")',
          "linear_activation_forward(A_prev=A_prev, activation=\"relu\", b=parameters['b' + str(l)], "
          "W=parameters['W' + str(l)])", 1),
         (f'linear_activation_forward(A, {_OUTPUT}, "sigmoid")',
          "linear_activation_forward(*(A, parameters['W' + str(L)]), **{\"b\": parameters['b' + str(L)], "
          "\"activation\": \"sigmoid\"})", 1),
         ("linear_forward(A_prev, W, b)", "linear_forward(A=A_prev, b=b, W=W)", 2),
         ("linear_backward(dZ, linear_cache)", "linear_backward(cache=linear_cache, dZ=dZ)", 2),
         ("def linear_activation_backward(dA, cache, activation):",
          "def linear_activation_backward(dA, cache, activation=\"relu\"):", 1),
         ('linear_activation_backward(dAL, current_cache, "sigmoid")',
          'linear_activation_backward(activation="sigmoid", cache=current_cache, dA=dAL)', 1),
         ('linear_activation_backward(grads["dA" + str(l + 1)], current_cache, "relu")',
          'linear_activation_backward(grads["dA" + str(l + 1)], current_cache)', 1)),
    ),
    RightFile(
        "app_update_in_place", "the Application's models call the course's update_parameters without keeping its "
                               "result: dnn_app_utils_v3's changes its argument in place, so they train",
        (("        parameters = update_parameters(parameters, grads, learning_rate)\n",
          "        update_parameters(parameters, grads, learning_rate)\n", 2),),
        base="app_correct.py",
    ),
    RightFile(
        "app_pasted_init", "the Application's initialize_parameters_deep (seed 1, randn / np.sqrt(n[l-1])) pasted "
                           "into the Application's file from dnn_app_utils_v3",
        (("from public_tests import *\n", "from public_tests import *\n\n\n"
          "def initialize_parameters_deep(layer_dims):\n"
          "    np.random.seed(1)\n"
          "    parameters = {}\n"
          "    L = len(layer_dims)\n"
          "    for l in range(1, L):\n"
          "        parameters['W' + str(l)] = np.random.randn(layer_dims[l], layer_dims[l-1]) / "
          "np.sqrt(layer_dims[l-1])\n"
          "        parameters['b' + str(l)] = np.zeros((layer_dims[l], 1))\n"
          "    return parameters\n", 1),),
        base="app_correct.py",
        note="initialize_parameters_deep is the Application's helper (seed 1, randn / np.sqrt(layer_dims[l-1])), as "
             "the course's dnn_app_utils defines it: checked as the Application's, not as the Step by Step graded "
             "function",
    ),
    RightFile(
        "app_renamed_helpers", "the Application's helpers imported under the name of a student's own copy, which "
                               "is not there",
        (("from dnn_app_utils_v3 import *", "from helper_mthods import *", 1),),
        base="app_correct.py",
        note="helper_mthods is neither beside this file nor installed: dnnstep used the course's dnn_app_utils_v3 in "
             "its place (the Application's helpers, the 2021 edition)",
    ),
    RightFile(
        "app_keyword_update", "the 2017 Application's helpers (dnn_app_utils_v2), update_parameters called with its "
                              "parameter names as keywords, in another order",
        (("from dnn_app_utils_v3 import *", "from dnn_app_utils_v2 import *", 1),
         ("parameters = update_parameters(parameters, grads, learning_rate)",
          "parameters = update_parameters(grads=grads, learning_rate=learning_rate, parameters=parameters)", 2)),
        base="app_correct.py",
    ),
)

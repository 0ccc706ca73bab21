"""Course 2's homework fixtures with one mistake each, made from the correct 2021 homework of an assignment.

Each :class:`Mistake` says how to make the mistaken homework from ``bases/<assignment>.py`` (text
replacements, each of which must occur exactly ``count`` times) and what ``dnnstep check`` must say: the
function blamed, its status, the first wrong tensor and the hint; and, for the mistakes that show in the
notebook's own ``model``, the run, the step and the hint where the model first departs.
``make_fixtures.py`` writes ``fixtures/mistakes/<name>.py`` from this table.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field

import numpy as np


@dataclass(frozen=True)
class Mistake:
    name: str
    assignment: str
    description: str
    replacements: tuple[tuple[str, str, int], ...]
    function: str | None = None  # the first function (in course order) that must fail
    status: str = "mismatch"
    tensor: str | None = None  # its first wrong tensor
    hint: str | None = None  # the hint code that must fire for it
    model: tuple[str, str, str | None] | None = None  # (run, place of the first departure, hint) of the model
    also_failing: tuple[str, ...] = field(default_factory=tuple)
    exit_status: int = 1
    numpy_refuses: bool = False  # a line numpy >= 2.x refuses and 1.25-2.0 only warn about (then the numbers are right)


def numpy_refuses_a_row_into_a_number() -> bool:
    """Whether the numpy installed here raises on ``x[i][0] = x[i]`` (a (1,) array into one element),
    as newer releases do; numpy 1.25 to 2.0 only warn that it is deprecated, and compute it."""
    x = np.zeros((2, 1))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            x[0][0] = x[0]
        except (TypeError, ValueError):
            return True
    return False


_HE = "np.random.randn(layers_dims[l], layers_dims[l - 1]) * np.sqrt(2. / layers_dims[l - 1])"
_RANDOM_W = "np.random.randn(layers_dims[l], layers_dims[l - 1]) * 10"
_ZEROS_W = "parameters['W' + str(l)] = np.zeros((layers_dims[l], layers_dims[l - 1]))\n        parameters['b' + str(l)] = np.zeros((layers_dims[l], 1))"

INITIALIZATION = (
    Mistake("he_xavier", "initialization", "He initialisation scaled by sqrt(1 / n[l-1]) (Xavier's)",
            ((_HE, _HE.replace("2. /", "1. /"), 1),),
            "initialize_parameters_he", tensor="W1", hint="he-scale",
            model=('initialization = "he"', "before training: initialisation (initialize_parameters_he)", "he-scale")),
    Mistake("he_own_layer", "initialization", "He initialisation scaled by the layer's own size n[l]",
            ((_HE, _HE.replace("np.sqrt(2. / layers_dims[l - 1])", "np.sqrt(2. / layers_dims[l])"), 1),),
            "initialize_parameters_he", tensor="W1", hint="he-scale"),
    Mistake("he_no_sqrt", "initialization", "He initialisation scaled by 2 / n[l-1] without the square root",
            ((_HE, _HE.replace("np.sqrt(2. / layers_dims[l - 1])", "(2. / layers_dims[l - 1])"), 1),),
            "initialize_parameters_he", tensor="W2", hint="he-scale"),  # W1 of [2, 4, 1]: sqrt(2 / 2) = 2 / 2
    Mistake("random_without_10", "initialization", "the large random initialisation without the * 10",
            ((_RANDOM_W, _RANDOM_W[:-5], 1),),
            "initialize_parameters_random", tensor="W1", hint="random-scale"),
    Mistake("random_rand", "initialization", "np.random.rand instead of randn in the random initialisation",
            ((_RANDOM_W, _RANDOM_W.replace("randn", "rand"), 1),),
            "initialize_parameters_random", tensor="W1", hint="init-rand"),
    Mistake("zeros_transposed", "initialization", "zeros initialisation with W of shape (n[l-1], n[l])",
            ((_ZEROS_W, _ZEROS_W.replace("(layers_dims[l], layers_dims[l - 1])", "(layers_dims[l - 1], layers_dims[l])"),
              1),),
            "initialize_parameters_zeros", tensor="W1", hint="W-shape"),
    Mistake("zeros_b_1d", "initialization", "zeros initialisation with a 1-D b",
            ((_ZEROS_W, _ZEROS_W.replace("np.zeros((layers_dims[l], 1))", "np.zeros(layers_dims[l])"), 1),),
            "initialize_parameters_zeros", tensor="b1", hint="b-shape"),
    Mistake("random_b_digit_one", "initialization", "b made with layers_dims[1] (the digit) for every layer (seen in a "
            "public student file)",
            (("        parameters['b' + str(l)] = np.zeros((layers_dims[l], 1))\n        # YOUR CODE ENDS HERE\n\n    return parameters\n\n# test\nparameters = initialize_parameters_random",
              "        parameters['b' + str(l)] = np.zeros((layers_dims[1], 1))\n        # YOUR CODE ENDS HERE\n\n    return parameters\n\n# test\nparameters = initialize_parameters_random", 1),),
            "initialize_parameters_random", tensor="b2", hint="b-layer",
            model=('initialization = "random"', "before training: initialisation (initialize_parameters_random)", "b-layer")),
    Mistake("he_one_layer_short", "initialization", "the He loop stops one layer short (range(1, L))",
            (("    for l in range(1, L + 1):\n        # YOUR CODE STARTS HERE\n        parameters['W' + str(l)] = np.random.randn("
              "layers_dims[l], layers_dims[l - 1]) * np.sqrt",
              "    for l in range(1, L):\n        # YOUR CODE STARTS HERE\n        parameters['W' + str(l)] = np.random.randn("
              "layers_dims[l], layers_dims[l - 1]) * np.sqrt", 1),),
            "initialize_parameters_he", tensor="W2", hint="init-last-layer"),
)

REGULARIZATION = (
    Mistake("l2_cost_over_m", "regularization", "the L2 cost term with lambda / m instead of lambda / (2m)",
            (("L2_regularization_cost = lambd / (2 * m) *", "L2_regularization_cost = lambd / m *", 1),),
            "compute_cost_with_regularization", tensor="cost", hint="l2-factor",
            model=("lambd = 0.7", "iteration 0: cost (compute_cost_with_regularization)", "l2-factor")),
    Mistake("l2_cost_not_squared", "regularization", "the L2 cost term sums the weights without squaring them",
            (("(np.sum(np.square(W1)) + np.sum(np.square(W2)) + np.sum(np.square(W3)))",
              "(np.sum(W1) + np.sum(W2) + np.sum(W3))", 1),),
            "compute_cost_with_regularization", tensor="cost", hint="l2-square"),
    Mistake("l2_gradient_half", "regularization", "the L2 gradient term with lambda / (2m) (the cost's factor)",
            (("(lambd / m) * W", "(lambd / (2 * m)) * W", 3),),
            "backward_propagation_with_regularization", tensor="dW3", hint="l2-factor",
            model=("lambd = 0.7", "iteration 0: backward (backward_propagation_with_regularization)", "l2-factor")),
    Mistake("l2_on_db", "regularization", "the L2 term added to the db's too",
            tuple((f"    db{l} = 1. / m * np.sum(dZ{l}, axis=1, keepdims=True)\n",
                   f"    db{l} = 1. / m * np.sum(dZ{l}, axis=1, keepdims=True) + (lambd / m) * b{l}\n", 1) for l in (3, 2, 1)),
            "backward_propagation_with_regularization", tensor="db3", hint="l2-db"),
    Mistake("dropout_randn", "regularization", "the dropout masks drawn with randn",
            (("D1 = np.random.rand(A1.shape[0], A1.shape[1])", "D1 = np.random.randn(A1.shape[0], A1.shape[1])", 1),
             ("D2 = np.random.rand(A2.shape[0], A2.shape[1])", "D2 = np.random.randn(A2.shape[0], A2.shape[1])", 1)),
            "forward_propagation_with_dropout", tensor="A3", hint="dropout-mask",
            model=("keep_prob = 0.86", "iteration 0: forward (forward_propagation_with_dropout)", "dropout-mask")),
    Mistake("dropout_unseeded", "regularization", "forward dropout without its np.random.seed(1)",
            (("    np.random.seed(1)\n\n    # retrieve parameters", "    # retrieve parameters", 1),),
            "forward_propagation_with_dropout", tensor="A3", hint="seed-missing"),
    Mistake("dropout_greater", "regularization", "the dropout masks made with > keep_prob",
            (("(D1 < keep_prob)", "(D1 > keep_prob)", 1), ("(D2 < keep_prob)", "(D2 > keep_prob)", 1)),
            "forward_propagation_with_dropout", tensor="A3", hint="dropout-mask"),
    Mistake("dropout_not_scaled", "regularization", "forward dropout without the division by keep_prob",
            (("    A1 = A1 / keep_prob                               # Step 4: scale the value of neurons that haven't been shut down\n", "", 1),
             ("    A2 = A2 / keep_prob\n", "", 1)),
            "forward_propagation_with_dropout", tensor="A3", hint="dropout-scale"),
    Mistake("dropout_on_output", "regularization", "dropout applied to the output layer too",
            (("    A3 = sigmoid(Z3)\n\n    cache = (Z1, D1,",
              "    A3 = sigmoid(Z3)\n    D3 = np.random.rand(A3.shape[0], A3.shape[1]) < keep_prob\n"
              "    A3 = A3 * D3 / keep_prob\n\n    cache = (Z1, D1,", 1),),
            "forward_propagation_with_dropout", tensor="A3", hint="dropout-layer"),
    Mistake("dropout_backward_no_mask", "regularization", "backward dropout without the forward's masks",
            (("    dA2 = dA2 * D2              # Step 1: Apply mask D2 to shut down the same neurons as during the forward propagation\n", "", 1),
             ("    dA1 = dA1 * D1\n", "", 1)),
            "backward_propagation_with_dropout", tensor="dA2", hint="dropout-backward-mask"),
    Mistake("dropout_backward_not_scaled", "regularization", "backward dropout without the division by keep_prob",
            (("    dA2 = dA2 / keep_prob       # Step 2: Scale the value of neurons that haven't been shut down\n", "", 1),
             ("    dA1 = dA1 / keep_prob\n", "", 1)),
            "backward_propagation_with_dropout", tensor="dA2", hint="dropout-scale"),
    Mistake("dropout_backward_dA2_untouched", "regularization", "backward dropout leaves dA2 unmasked and unscaled (seen in "
            "a public student file)",
            (("    dA2 = dA2 * D2              # Step 1: Apply mask D2 to shut down the same neurons as during the forward propagation\n", "", 1),
             ("    dA2 = dA2 / keep_prob       # Step 2: Scale the value of neurons that haven't been shut down\n", "", 1)),
            "backward_propagation_with_dropout", tensor="dA2", hint="dropout-backward-mask"),
    Mistake("dropout_backward_redrawn", "regularization", "backward dropout draws its masks again",
            (("    dA2 = dA2 * D2              # Step 1",
              "    D2 = np.random.rand(A2.shape[0], A2.shape[1]) < keep_prob\n    dA2 = dA2 * D2              # Step 1", 1),),
            "backward_propagation_with_dropout", tensor="dA2", hint="dropout-backward-mask"),
    Mistake("model_cost_without_l2", "regularization", "the model computes the plain cost even with lambd",
            (("            cost = compute_cost_with_regularization(a3, Y, parameters, lambd)",
              "            cost = compute_cost(a3, Y)", 1),),
            None, model=("lambd = 0.7", "iteration 0: cost (compute_cost_with_regularization)", "model-calls")),
)

_GC_N_NORM = "    denominator = np.linalg.norm(grad) + np.linalg.norm(gradapprox)                  # Step 2'"
GRADIENT_CHECKING = (
    Mistake("gc_swapped", "gradient_checking", "the 1-D gradapprox with J_minus - J_plus",
            (("    gradapprox = (J_plus - J_minus) / (2 * epsilon)            # Step 5",
              "    gradapprox = (J_minus - J_plus) / (2 * epsilon)            # Step 5", 1),),
            "gradient_check", tensor="difference", hint="gc-swapped"),
    Mistake("gc_one_sided", "gradient_checking", "the 1-D check shifts theta on one side only",
            (("    theta_minus = theta - epsilon                              # Step 2",
              "    theta_minus = theta                                        # Step 2", 1),),
            "gradient_check", tensor="difference", hint="gc-one-sided"),
    Mistake("gc_dtheta_theta", "gradient_checking", "backward_propagation returns theta",
            (("    dtheta = x\n", "    dtheta = theta\n", 1),),
            "backward_propagation", tensor="dtheta", hint="gc-dtheta", also_failing=("gradient_check",)),
    Mistake("gc_n_minus_from_plus", "gradient_checking", "theta_minus copied from theta_plus",
            (("        theta_minus = np.copy(parameters_values)", "        theta_minus = np.copy(theta_plus)", 1),),
            "gradient_check_n", tensor="difference", hint="gc-one-sided"),
    Mistake("gc_n_norm_of_sum", "gradient_checking", "the denominator as the norm of the sum",
            ((_GC_N_NORM, "    denominator = np.linalg.norm(grad + gradapprox)", 1),),
            "gradient_check_n", tensor="difference", hint="gc-denominator"),
    Mistake("gc_n_over_epsilon", "gradient_checking", "gradapprox divided by epsilon instead of 2 epsilon",
            (("        gradapprox[i] = (J_plus[i] - J_minus[i]) / (2 * epsilon)",
              "        gradapprox[i] = (J_plus[i] - J_minus[i]) / epsilon", 1),),
            "gradient_check_n", tensor="difference", hint="gc-epsilon"),
    Mistake("gc_n_no_copy", "gradient_checking", "theta_plus is parameters_values itself, not a copy",
            (("        theta_plus = np.copy(parameters_values)  ", "        theta_plus = parameters_values  ", 1),),
            "gradient_check_n", tensor="difference", hint="gc-one-sided"),
    Mistake("gc_n_row_into_number", "gradient_checking", "theta_plus[i][0] = theta_plus[i] + epsilon, a row into a number "
            "(seen in a public student file; numpy 1.25 deprecates it, newer numpy refuses it)",
            (("        theta_plus[i][0] = theta_plus[i][0] + epsilon ", "        theta_plus[i][0] = theta_plus[i] + epsilon    ", 1),),
            "gradient_check_n", status="exception", hint="numpy-scalar", numpy_refuses=True),
    Mistake("gc_n_numerator_no_norm", "gradient_checking", "the numerator without the norm",
            (("    numerator = np.linalg.norm(grad - gradapprox)                                    # Step 1'",
              "    numerator = grad - gradapprox", 1),),
            "gradient_check_n", tensor="difference", hint="gc-norm"),
)

_GD_W = "parameters[\"W\" + str(l)] = parameters[\"W\" + str(l)] - learning_rate * grads['dW' + str(l)]"
_MOMENTUM_V = ("        v[\"dW\" + str(l)] = beta * v[\"dW\" + str(l)] + (1 - beta) * grads['dW' + str(l)]\n"
               "        v[\"db\" + str(l)] = beta * v[\"db\" + str(l)] + (1 - beta) * grads['db' + str(l)]\n")
_ADAM_STEP = ('(np.sqrt(s_corrected["dW" + str(l)]) + epsilon)', '(np.sqrt(s_corrected["db" + str(l)]) + epsilon)')
OPTIMIZATION = (
    Mistake("gd_plus", "optimization", "gradient descent adds the step",
            ((_GD_W, _GD_W.replace("] - learning_rate", "] + learning_rate"), 1),
             (_GD_W.replace("W", "b"), _GD_W.replace("W", "b").replace("] - learning_rate", "] + learning_rate"), 1)),
            "update_parameters_with_gd", tensor="W1", hint="update-sign",
            model=('optimizer = "gd"', "epoch 0, mini-batch 0: update (update_parameters_with_gd)", "update-sign")),
    Mistake("gd_len", "optimization", "L = len(parameters) in the gradient descent update",
            (("    L = len(parameters) // 2 # number of layers in the neural networks\n\n    # Update rule for each parameter",
              "    L = len(parameters) # number of layers in the neural networks\n\n    # Update rule for each parameter", 1),),
            "update_parameters_with_gd", status="exception", hint="update-L"),
    Mistake("mini_batches_Y_unshuffled", "optimization", "the permutation applied to X only",
            (("    shuffled_Y = Y[:, permutation].reshape((1, m))", "    shuffled_Y = Y.reshape((1, m))", 1),),
            "random_mini_batches", tensor="mini_batches[2][1] (mini_batch_Y of mini-batch 2)", hint="shuffle-Y",
            model=('optimizer = "gd"', "epoch 0: mini-batches (random_mini_batches)", "shuffle-Y")),
    Mistake("mini_batches_last_missing", "optimization", "the last, smaller mini-batch left out",
            (("    if m % mini_batch_size != 0:\n", "    if False:\n", 1),),
            "random_mini_batches", tensor="mini_batches[3][0] (mini_batch_X of mini-batch 3)", hint="last-batch"),
    Mistake("mini_batches_last_full", "optimization", "the last mini-batch made of the last 64 examples",
            (("        mini_batch_X = shuffled_X[:, num_complete_minibatches * mini_batch_size:]\n"
              "        mini_batch_Y = shuffled_Y[:, num_complete_minibatches * mini_batch_size:]\n",
              "        mini_batch_X = shuffled_X[:, m - mini_batch_size:]\n"
              "        mini_batch_Y = shuffled_Y[:, m - mini_batch_size:]\n", 1),),
            "random_mini_batches", tensor="mini_batches[3][0] (mini_batch_X of mini-batch 3)", hint="last-batch"),
    Mistake("momentum_betas_swapped", "optimization", "the velocity with beta and 1 - beta swapped",
            ((_MOMENTUM_V, _MOMENTUM_V.replace("beta * v[", "(1 - beta) * v[").replace(
                "+ (1 - beta) * grads", "+ beta * grads"), 1),),
            "update_parameters_with_momentum", tensor="parameters['W1']", hint="momentum-beta",
            model=('optimizer = "momentum"', "epoch 0, mini-batch 0: update (update_parameters_with_momentum)",
                   "momentum-beta")),
    Mistake("momentum_v_not_kept", "optimization", "the new velocity kept in local variables, v returned unchanged",
            ((_MOMENTUM_V, "        vdW = beta * v[\"dW\" + str(l)] + (1 - beta) * grads['dW' + str(l)]\n"
                           "        vdb = beta * v[\"db\" + str(l)] + (1 - beta) * grads['db' + str(l)]\n", 1),
             ("parameters[\"W\" + str(l)] - learning_rate * v[\"dW\" + str(l)]",
              "parameters[\"W\" + str(l)] - learning_rate * vdW", 1),
             ("parameters[\"b\" + str(l)] - learning_rate * v[\"db\" + str(l)]",
              "parameters[\"b\" + str(l)] - learning_rate * vdb", 1)),
            "update_parameters_with_momentum", tensor="v['dW1']", hint="v-returned"),
    Mistake("adam_s_uncorrected", "optimization", "Adam's s not bias-corrected",
            (('s_corrected["dW" + str(l)] = s["dW" + str(l)] / (1 - beta2 ** t)', 's_corrected["dW" + str(l)] = s["dW" + str(l)]', 1),
             ('s_corrected["db" + str(l)] = s["db" + str(l)] / (1 - beta2 ** t)', 's_corrected["db" + str(l)] = s["db" + str(l)]', 1)),
            "update_parameters_with_adam", tensor="parameters['W1']", hint="adam-correction"),
    Mistake("adam_epsilon_inside", "optimization", "epsilon inside the square root",
            ((_ADAM_STEP[0], 'np.sqrt(s_corrected["dW" + str(l)] + epsilon)', 1),
             (_ADAM_STEP[1], 'np.sqrt(s_corrected["db" + str(l)] + epsilon)', 1)),
            "update_parameters_with_adam", tensor="parameters['W1']", hint="adam-epsilon"),
    Mistake("adam_s_from_dW", "optimization", "s averaged from dW instead of dW ** 2",
            (("(1 - beta2) * np.square(grads['dW' + str(l)])", "(1 - beta2) * grads['dW' + str(l)]", 1),
             ("(1 - beta2) * np.square(grads['db' + str(l)])", "(1 - beta2) * grads['db' + str(l)]", 1)),
            "update_parameters_with_adam", tensor="parameters['W1']", hint="adam-square"),
    Mistake("adam_v_from_v", "optimization", "Adam's v averaged from v itself, not from the gradient (seen in a public "
            "student file)",
            (("v[\"dW\" + str(l)] = beta1 * v[\"dW\" + str(l)] + (1 - beta1) * grads['dW' + str(l)]",
              "v[\"dW\" + str(l)] = beta1 * v[\"dW\" + str(l)] + (1 - beta1) * v[\"dW\" + str(l)]", 1),
             ("v[\"db\" + str(l)] = beta1 * v[\"db\" + str(l)] + (1 - beta1) * grads['db' + str(l)]",
              "v[\"db\" + str(l)] = beta1 * v[\"db\" + str(l)] + (1 - beta1) * v[\"db\" + str(l)]", 1)),
            "update_parameters_with_adam", tensor="parameters['W1']", hint="momentum-gradient"),
    Mistake("adam_beta_squared", "optimization", "Adam's correction 1 - beta * beta in place of 1 - beta ** t (seen in a "
            "public student file)",
            (("v[\"dW\" + str(l)] / (1 - beta1 ** t)", "v[\"dW\" + str(l)] / (1 - beta1 * beta1)", 1),
             ("v[\"db\" + str(l)] / (1 - beta1 ** t)", "v[\"db\" + str(l)] / (1 - beta1 * beta1)", 1),
             ("s[\"dW\" + str(l)] / (1 - beta2 ** t)", "s[\"dW\" + str(l)] / (1 - beta2 * beta2)", 1),
             ("s[\"db\" + str(l)] / (1 - beta2 ** t)", "s[\"db\" + str(l)] / (1 - beta2 * beta2)", 1)),
            "update_parameters_with_adam", tensor="parameters['W1']", hint="adam-correction",
            model=('optimizer = "adam"', "epoch 0, mini-batch 0: update (update_parameters_with_adam)", "adam-correction")),
    Mistake("mini_batches_last_from_m", "optimization", "the last mini-batch starts at m - num_complete_minibatches "
            "(seen in a public student file)",
            (("        mini_batch_X = shuffled_X[:, num_complete_minibatches * mini_batch_size:]\n"
              "        mini_batch_Y = shuffled_Y[:, num_complete_minibatches * mini_batch_size:]\n",
              "        mini_batch_X = shuffled_X[:, m - num_complete_minibatches:]\n"
              "        mini_batch_Y = shuffled_Y[:, m - num_complete_minibatches:]\n", 1),),
            "random_mini_batches", tensor="mini_batches[3][0] (mini_batch_X of mini-batch 3)", hint="last-batch"),
    Mistake("adam_betas_swapped", "optimization", "beta1 and beta2 swapped in Adam",
            (("v[\"dW\" + str(l)] = beta1 * v[\"dW\" + str(l)] + (1 - beta1)", "v[\"dW\" + str(l)] = beta2 * v[\"dW\" + str(l)] + (1 - beta2)", 1),
             ("v[\"db\" + str(l)] = beta1 * v[\"db\" + str(l)] + (1 - beta1)", "v[\"db\" + str(l)] = beta2 * v[\"db\" + str(l)] + (1 - beta2)", 1),
             ("v[\"dW\" + str(l)] / (1 - beta1 ** t)", "v[\"dW\" + str(l)] / (1 - beta2 ** t)", 1),
             ("v[\"db\" + str(l)] / (1 - beta1 ** t)", "v[\"db\" + str(l)] / (1 - beta2 ** t)", 1),
             ("s[\"dW\" + str(l)] = beta2 * s[\"dW\" + str(l)] + (1 - beta2)", "s[\"dW\" + str(l)] = beta1 * s[\"dW\" + str(l)] + (1 - beta1)", 1),
             ("s[\"db\" + str(l)] = beta2 * s[\"db\" + str(l)] + (1 - beta2)", "s[\"db\" + str(l)] = beta1 * s[\"db\" + str(l)] + (1 - beta1)", 1),
             ("s[\"dW\" + str(l)] / (1 - beta2 ** t)", "s[\"dW\" + str(l)] / (1 - beta1 ** t)", 1),
             ("s[\"db\" + str(l)] / (1 - beta2 ** t)", "s[\"db\" + str(l)] / (1 - beta1 ** t)", 1)),
            "update_parameters_with_adam", tensor="parameters['W1']", hint="adam-betas"),
    Mistake("model_t_from_zero", "optimization", "the model counts Adam's t after the update",
            (("                t = t + 1 # Adam counter\n", "", 1),
             ("                                                               t, learning_rate, beta1, beta2,  epsilon)\n",
              "                                                               t, learning_rate, beta1, beta2,  epsilon)\n"
              "                t = t + 1\n", 1)),
            None, model=('optimizer = "adam"', "epoch 0, mini-batch 0: update (update_parameters_with_adam)", "adam-t")),
    Mistake("model_t_not_counted", "optimization", "the model never counts Adam's t up",
            (("                t = t + 1 # Adam counter\n", "", 1),
             ("    t = 0                            # initializing", "    t = 1                            # initializing", 1)),
            None, model=('optimizer = "adam"', "epoch 0, mini-batch 1: update (update_parameters_with_adam)", "adam-t")),
    Mistake("model_seed_fixed", "optimization", "the model never changes the seed",
            (("        seed = seed + 1\n", "", 1),),
            None, model=('optimizer = "gd"', "epoch 0: mini-batches (random_mini_batches)", "model-seed")),
    Mistake("model_whole_X", "optimization", "the model's forward pass given the whole X",
            (("            a3, caches = forward_propagation(minibatch_X, parameters)",
              "            a3, caches = forward_propagation(X, parameters)", 1),),
            None, model=('optimizer = "gd"', "epoch 0, mini-batch 0: forward (forward_propagation)", "model-batch")),
    Mistake("decay_no_floor", "optimization", "schedule_lr_decay without the floor",
            (("decay_rate * np.floor(epoch_num / time_interval))", "decay_rate * (epoch_num / time_interval))", 1),),
            "schedule_lr_decay", tensor="learning_rate", hint="decay-floor"),
    Mistake("decay_interval_written_in", "optimization", "schedule_lr_decay with 1000 written in for time_interval",
            (("np.floor(epoch_num / time_interval)", "np.floor(epoch_num / 1000)", 1),),
            "schedule_lr_decay", tensor="learning_rate", hint="decay-interval"),
    Mistake("update_lr_off_by_one", "optimization", "update_lr counts the epoch from 1",
            (("learning_rate0 / (1 + decay_rate * epoch_num)", "learning_rate0 / (1 + decay_rate * (epoch_num + 1))", 1),),
            "update_lr", tensor="learning_rate", hint="decay-epoch",
            model=("decay = update_lr", "epoch 1, mini-batch 0: update (update_parameters_with_gd)", "model-decay")),
)

MISTAKES = INITIALIZATION + REGULARIZATION + GRADIENT_CHECKING + OPTIMIZATION

"""How each edition's homework differs from the 2021 one in ``bases/``: what a student of that edition has.

``EDITION_CHANGES[assignment][edition]`` lists ``(old, new, count)`` text replacements (``old`` must occur
exactly ``count`` times) that turn the 2021 homework into that edition's: its imports, its template's
markers, its signatures and return values, the test calls it keeps. ``EXPECTED[assignment][edition]`` is
the markdown its notebook prints under a graded function ("Expected Output"): the evidence a student's
notebook carries of its edition. (From the notebooks of each edition: ``/work/shared/course2/CASES.md``.)
"""

from __future__ import annotations

EDITIONS = ("2017", "2019", "2021", "2023")

_OLD_MARKERS = (("# YOUR CODE STARTS HERE", "### START CODE HERE ###", None),
                ("# YOUR CODE ENDS HERE", "### END CODE HERE ###", None))
_NO_PUBLIC_TESTS = (("from public_tests import *\n", "", 1),)
_V11 = (("import numpy as np\n", "### v1.1\nimport numpy as np\n", 1),)

_GC_OLD = (
    ("def gradient_check(x, theta, epsilon=1e-7, print_msg=False):", "def gradient_check(x, theta, epsilon=1e-7):", 1),
    ("""    if print_msg:
        if difference > 2e-7:
            print ("\\033[93m" + "There is a mistake in the backward propagation! difference = " + str(difference) + "\\033[0m")
        else:
            print ("\\033[92m" + "Your backward propagation works perfectly fine! difference = " + str(difference) + "\\033[0m")

    return difference

# test
x, theta = 2, 4""", """    if difference < 1e-7:
        print("The gradient is correct!")
    else:
        print("The gradient is wrong!")

    return difference

# test
x, theta = 2, 4""", 1),
    ("difference = gradient_check(2, 4, print_msg=True)", "difference = gradient_check(x, theta)", 1),
    ("def gradient_check_n(parameters, gradients, X, Y, epsilon=1e-7, print_msg=False):",
     "def gradient_check_n(parameters, gradients, X, Y, epsilon=1e-7):", 1),
    ("""    if print_msg:
        if difference > 2e-7:
            print ("\\033[93m" + "There is a mistake in the backward propagation! difference = " + str(difference) + "\\033[0m")
        else:
            print ("\\033[92m" + "Your backward propagation works perfectly fine! difference = " + str(difference) + "\\033[0m")

    return difference

# test
X, Y""", """    if difference > 2e-7:
        print ("\\033[93m" + "There is a mistake in the backward propagation! difference = " + str(difference) + "\\033[0m")
    else:
        print ("\\033[92m" + "Your backward propagation works perfectly fine! difference = " + str(difference) + "\\033[0m")

    return difference

# test
X, Y""", 1),
    ("difference = gradient_check_n(parameters, gradients, X, Y, 1e-7, True)\n"
     "expected_values = [0.2850931567761623, 1.1890913024229996e-07]\n"
     "assert not(type(difference) == np.ndarray), \"You are not using np.linalg.norm for numerator or denominator\"\n"
     "assert np.any(np.isclose(difference, expected_values)), \"Wrong value. It is not one of the expected values\"\n",
     "difference = gradient_check_n(parameters, gradients, X, Y)\n", 1),
)

_OPT_OLD = (
    ("from copy import deepcopy\n", "", 1),
    ("update_parameters_with_gd_test(update_parameters_with_gd)\n", "", 1),
    ("""# test
np.random.seed(1)
mini_batch_size = 64
nx = 12288
m = 148
X = np.array([x for x in range(nx * m)]).reshape((m, nx)).T
Y = np.random.randn(1, m) < 0.5
mini_batches = random_mini_batches(X, Y, mini_batch_size)
assert np.allclose(mini_batches[0][0][0][0:3], [294912,  86016, 454656]), "Wrong values. Check the indexes used to form the mini batches"
""", """# test
X_assess, Y_assess, mini_batch_size = random_mini_batches_test_case()
mini_batches = random_mini_batches(X_assess, Y_assess, mini_batch_size)
""", 1),
    ("    return parameters, v, s, v_corrected, s_corrected\n", "    return parameters, v, s\n", 1),
    (", num_epochs = 5000, print_cost = True, decay=None, decay_rate=1):", ", num_epochs = 10000, print_cost = True):", 1),
    ("    lr_rates = []\n    learning_rate0 = learning_rate   # the original learning rate\n", "", 1),
    ("                parameters, v, s, _, _ = update_parameters_with_adam(", "                parameters, v, s = update_parameters_with_adam(", 1),
    ("        if decay:\n            learning_rate = decay(learning_rate0, i, decay_rate)\n", "", 1),
    ("            if decay:\n                print(\"learning rate after epoch %i: %f\"%(i, learning_rate))\n", "", 1),
    ("\n# GRADED FUNCTION: update_lr\n", "\n# (the 2021 edition added learning-rate decay)\n", 1),
)
_OPT_2017 = (
    ("from opt_utils_v1a import", "from opt_utils import", 2),
    ("            cost_total += compute_cost(a3, minibatch_Y)", "            cost = compute_cost(a3, minibatch_Y)", 1),
    ("        cost_total = 0\n", "", 1),
    ("        cost_avg = cost_total / m\n", "", 1),
    ("            print (\"Cost after epoch %i: %f\" %(i, cost_avg))", "            print (\"Cost after epoch %i: %f\" %(i, cost))", 1),
    ("            costs.append(cost_avg)", "            costs.append(cost)", 1),
)
_GC_2023 = (("x, theta = 2, 4\ndtheta", "x, theta = 3, 4\ndtheta", 1),)


def _cut_decay(text: str) -> str:
    """The 2021 Optimization homework without update_lr and schedule_lr_decay (they came with 2021)."""
    return text.split("\n# (the 2021 edition added learning-rate decay)\n")[0] + "\n"


EDITION_CHANGES = {
    "initialization": {"2017": _OLD_MARKERS + _NO_PUBLIC_TESTS, "2019": _OLD_MARKERS + _NO_PUBLIC_TESTS, "2021": (),
                       "2023": _V11},
    "regularization": {"2017": _OLD_MARKERS + _NO_PUBLIC_TESTS, "2019": _OLD_MARKERS + _NO_PUBLIC_TESTS, "2021": (),
                       "2023": _V11},
    "gradient_checking": {"2017": _OLD_MARKERS + _NO_PUBLIC_TESTS + _GC_OLD,
                          "2019": _OLD_MARKERS + _NO_PUBLIC_TESTS + _GC_OLD, "2021": (), "2023": _V11 + _GC_2023},
    "optimization": {"2017": _OLD_MARKERS + _NO_PUBLIC_TESTS + _OPT_OLD + _OPT_2017,
                     "2019": _OLD_MARKERS + _NO_PUBLIC_TESTS + _OPT_OLD, "2021": (), "2023": _V11},
}

#: Text after the edit, per assignment and edition (the decay functions cut off before 2021).
AFTER = {("optimization", "2017"): _cut_decay, ("optimization", "2019"): _cut_decay}

_A_GD = "W1 =\n[[ 1.63535156 -0.62320365 -0.53718766]\n [-1.07799357  0.85639907 -2.29470142]]"
EXPECTED = {
    "initialization": {e: {"initialize_parameters_he": "W1 = [[ 1.78862847  0.43650985]\n [ 0.09649747 -1.8634927 ]"}
                       for e in EDITIONS},
    "regularization": {"2017": {"compute_cost_with_regularization": "cost = 1.78648594516"},
                       "2019": {"compute_cost_with_regularization": "cost = 1.78648594516"}, "2021": {}, "2023": {}},
    "gradient_checking": {
        "2017": {"gradient_check": "difference = 2.9193358103083e-10",
                 "gradient_check_n": "There is a mistake in the backward propagation! difference = 0.285093156781"},
        "2019": {"gradient_check": "difference = 2.9193358103083e-10",
                 "gradient_check_n": "There is a mistake in the backward propagation! difference = 0.285093156781"},
        "2021": {"gradient_check": "Your backward propagation works perfectly fine! difference = 2.919335883291695e-10"},
        "2023": {"backward_propagation": "dtheta = 3",
                 "gradient_check": "Your backward propagation works perfectly fine! difference = 7.814075313343006e-11"},
    },
    "optimization": {
        "2017": {"update_parameters_with_gd": _A_GD, "update_parameters_with_adam": "W1 =\n[[ 1.63178673 -0.61919778 -0.53561312]"},
        "2019": {"update_parameters_with_gd": _A_GD, "update_parameters_with_adam": "W1 =\n[[ 1.63178673 -0.61919778 -0.53561312]"},
        "2021": {"update_parameters_with_adam": "W1 = \n[[ 1.63942428 -0.6268425  -0.54320974]",
                 "schedule_lr_decay": "Updated learning rate:  0.3846153846153846"},
        "2023": {"update_parameters_with_gd": "W1 =\n[[ 1.63312395 -0.61217855 -0.5339999 ]",
                 "update_parameters_with_adam": "W1 = \n[[ 1.63937725 -0.62327448 -0.54308727]",
                 "schedule_lr_decay": "Updated learning rate:  0.3846153846153846"},
    },
}

#: The notebooks' file names, per edition (the 2017 ones from the first release's copies).
FILE_NAMES = {
    "initialization": {e: "Initialization.ipynb" for e in EDITIONS},
    "regularization": {"2017": "Regularization.ipynb", "2019": "Regularization_v2a.ipynb",
                       "2021": "Regularization.ipynb", "2023": "Regularization.ipynb"},
    "gradient_checking": {"2017": "Gradient Checking.ipynb", "2019": "Gradient Checking v1.ipynb",
                          "2021": "Gradient_Checking.ipynb", "2023": "Gradient_Checking.ipynb"},
    "optimization": {"2017": "Optimization methods.ipynb", "2019": "Optimization_methods_v1b.ipynb",
                     "2021": "Optimization_methods.ipynb", "2023": "Optimization_methods.ipynb"},
}

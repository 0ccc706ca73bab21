"""Write a correct homework for every course edition: ``editions/<edition>/`` as .py and .ipynb.

    python tests/homework/make_edition_fixtures.py

Each solution is written here from its edition's conventions (docs/homework.md, "Course
editions"), not copied from anyone's files: the modules its notebooks import, the template's
markers, ``L_model_backward``'s grads keys, what the Application's models return and when they
record the cost, ``update_parameters``' signature, the notebook's file name, title, metadata and
the expected outputs printed in its markdown. A test checks that the committed files are what
this script writes, and that ``dnnstep check`` passes every one by its edition's rules.
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).parent
EDITIONS = HERE / "editions"
sys.path.insert(0, str(HERE))

from make_fixtures import _code, _markdown  # noqa: E402

STEP_TITLE = "# Building your Deep Neural Network: Step by Step\n"
APP_TITLE = "# Deep Neural Network for Image Classification: Application\n"
MAGICS = "%matplotlib inline\n%load_ext autoreload\n%autoreload 2\n"


@dataclass(frozen=True)
class Fixture:
    """One correct homework of one edition.

    Attributes:
        edition: the edition's key ("2017", "2018", "2021").
        folder: the folder under ``editions/``.
        stem: the .py file's stem.
        notebook: the notebook's file name, as the course named it.
        source: the .py text.
        markdown: per graded function, the markdown cell shown before it (expected outputs).
        coursera_metadata: write the pre-2021 ``"coursera"`` notebook metadata.
    """

    edition: str
    folder: str
    stem: str
    notebook: str
    source: str
    markdown: dict[str, str]
    coursera_metadata: bool


# ---------------------------------------------------------------------------------------------
# The functions every edition shares (written once, with each edition's template markers)
# ---------------------------------------------------------------------------------------------

def _forward(start: str, end: str) -> str:
    return f'''
# GRADED FUNCTION: initialize_parameters
def initialize_parameters(n_x, n_h, n_y):
    np.random.seed(1)
    {start}
    W1 = np.random.randn(n_h, n_x) * 0.01
    b1 = np.zeros((n_h, 1))
    W2 = np.random.randn(n_y, n_h) * 0.01
    b2 = np.zeros((n_y, 1))
    {end}
    assert(W1.shape == (n_h, n_x))
    parameters = {{"W1": W1, "b1": b1, "W2": W2, "b2": b2}}
    return parameters

# test
parameters = initialize_parameters(3, 2, 1)
print("W1 = " + str(parameters["W1"]))


# GRADED FUNCTION: initialize_parameters_deep
def initialize_parameters_deep(layer_dims):
    np.random.seed(3)
    parameters = {{}}
    L = len(layer_dims)
    for l in range(1, L):
        {start}
        parameters['W' + str(l)] = np.random.randn(layer_dims[l], layer_dims[l - 1]) * 0.01
        parameters['b' + str(l)] = np.zeros((layer_dims[l], 1))
        {end}
    return parameters

# test
parameters = initialize_parameters_deep([5, 4, 3])
print("W1 = " + str(parameters["W1"]))


# GRADED FUNCTION: linear_forward
def linear_forward(A, W, b):
    {start}
    Z = np.dot(W, A) + b
    {end}
    cache = (A, W, b)
    return Z, cache

# test
A, W, b = linear_forward_test_case()
Z, linear_cache = linear_forward(A, W, b)
print("Z = " + str(Z))


# GRADED FUNCTION: linear_activation_forward
def linear_activation_forward(A_prev, W, b, activation):
    if activation == "sigmoid":
        {start}
        Z, linear_cache = linear_forward(A_prev, W, b)
        A, activation_cache = sigmoid(Z)
        {end}
    elif activation == "relu":
        {start}
        Z, linear_cache = linear_forward(A_prev, W, b)
        A, activation_cache = relu(Z)
        {end}
    cache = (linear_cache, activation_cache)
    return A, cache


# GRADED FUNCTION: L_model_forward
def L_model_forward(X, parameters):
    caches = []
    A = X
    L = len(parameters) // 2
    for l in range(1, L):
        A_prev = A
        {start}
        A, cache = linear_activation_forward(A_prev, parameters['W' + str(l)], parameters['b' + str(l)], "relu")
        caches.append(cache)
        {end}
    {start}
    AL, cache = linear_activation_forward(A, parameters['W' + str(L)], parameters['b' + str(L)], "sigmoid")
    caches.append(cache)
    {end}
    return AL, caches


# GRADED FUNCTION: compute_cost
def compute_cost(AL, Y):
    m = Y.shape[1]
    {start}
    cost = -1 / m * np.sum(np.multiply(Y, np.log(AL)) + np.multiply(1 - Y, np.log(1 - AL)))
    {end}
    cost = np.squeeze(cost)
    assert(cost.shape == ())
    return cost

# test
Y, AL = compute_cost_test_case()
print("cost = " + str(compute_cost(AL, Y)))


# GRADED FUNCTION: linear_backward
def linear_backward(dZ, cache):
    A_prev, W, b = cache
    m = A_prev.shape[1]
    {start}
    dW = 1 / m * np.dot(dZ, A_prev.T)
    db = 1 / m * np.sum(dZ, axis=1, keepdims=True)
    dA_prev = np.dot(W.T, dZ)
    {end}
    return dA_prev, dW, db


# GRADED FUNCTION: linear_activation_backward
def linear_activation_backward(dA, cache, activation):
    linear_cache, activation_cache = cache
    if activation == "relu":
        {start}
        dZ = relu_backward(dA, activation_cache)
        dA_prev, dW, db = linear_backward(dZ, linear_cache)
        {end}
    elif activation == "sigmoid":
        {start}
        dZ = sigmoid_backward(dA, activation_cache)
        dA_prev, dW, db = linear_backward(dZ, linear_cache)
        {end}
    return dA_prev, dW, db
'''

OLD_MARKS = ("### START CODE HERE ###", "### END CODE HERE ###")
NEW_MARKS = ("# YOUR CODE STARTS HERE", "# YOUR CODE ENDS HERE")

# L_model_backward: the 2017 template stores dA[l-1] under "dA" + str(l) (keys dA1..dAL).
BACKWARD_2017 = '''
# GRADED FUNCTION: L_model_backward
def L_model_backward(AL, Y, caches):
    grads = {}
    L = len(caches) # the number of layers
    m = AL.shape[1]
    Y = Y.reshape(AL.shape) # after this line, Y is the same shape as AL
    ### START CODE HERE ### (1 line of code)
    dAL = - (np.divide(Y, AL) - np.divide(1 - Y, 1 - AL))
    ### END CODE HERE ###
    # Lth layer (SIGMOID -> LINEAR) gradients. Inputs: "AL, Y, caches". Outputs: "grads["dAL"], grads["dWL"], grads["dbL"]
    ### START CODE HERE ### (approx. 2 lines)
    current_cache = caches[L - 1]
    grads["dA" + str(L)], grads["dW" + str(L)], grads["db" + str(L)] = linear_activation_backward(dAL, current_cache, "sigmoid")
    ### END CODE HERE ###
    for l in reversed(range(L - 1)):
        # lth layer: (RELU -> LINEAR) gradients.
        # Inputs: "grads["dA" + str(l + 2)], caches". Outputs: "grads["dA" + str(l + 1)] , grads["dW" + str(l + 1)] , grads["db" + str(l + 1)]
        ### START CODE HERE ### (approx. 5 lines)
        current_cache = caches[l]
        dA_prev_temp, dW_temp, db_temp = linear_activation_backward(grads["dA" + str(l + 2)], current_cache, "relu")
        grads["dA" + str(l + 1)] = dA_prev_temp
        grads["dW" + str(l + 1)] = dW_temp
        grads["db" + str(l + 1)] = db_temp
        ### END CODE HERE ###
    return grads
'''

# 2018 (v8, v8a): "dAL-1", keys dA0..dA(L-1); the output layer's three results in one line.
BACKWARD_2018 = '''
# GRADED FUNCTION: L_model_backward
def L_model_backward(AL, Y, caches):
    grads = {}
    L = len(caches) # the number of layers
    m = AL.shape[1]
    Y = Y.reshape(AL.shape) # after this line, Y is the same shape as AL
    ### START CODE HERE ### (1 line of code)
    dAL = - (np.divide(Y, AL) - np.divide(1 - Y, 1 - AL))
    ### END CODE HERE ###
    # Lth layer (SIGMOID -> LINEAR) gradients. Inputs: "dAL, current_cache". Outputs: "grads["dAL-1"], grads["dWL"], grads["dbL"]
    ### START CODE HERE ### (approx. 2 lines)
    current_cache = caches[L - 1]
    grads["dA" + str(L - 1)], grads["dW" + str(L)], grads["db" + str(L)] = linear_activation_backward(dAL, current_cache, "sigmoid")
    ### END CODE HERE ###
    # Loop from l=L-2 to l=0
    for l in reversed(range(L - 1)):
        # lth layer: (RELU -> LINEAR) gradients.
        # Inputs: "grads["dA" + str(l + 1)], current_cache". Outputs: "grads["dA" + str(l)] , grads["dW" + str(l + 1)] , grads["db" + str(l + 1)]
        ### START CODE HERE ### (approx. 5 lines)
        current_cache = caches[l]
        dA_prev_temp, dW_temp, db_temp = linear_activation_backward(grads["dA" + str(l + 1)], current_cache, "relu")
        grads["dA" + str(l)] = dA_prev_temp
        grads["dW" + str(l + 1)] = dW_temp
        grads["db" + str(l + 1)] = db_temp
        ### END CODE HERE ###
    return grads
'''

def _new_markers(code: str) -> str:
    """The 2021 template's markers in place of the older ``### START/END CODE HERE ### (...)`` lines."""
    code = re.sub(r"### START CODE HERE ###.*", NEW_MARKS[0], code)
    return re.sub(r"### END CODE HERE ###.*", NEW_MARKS[1], code)


# 2021: the same keys as 2018, with the template's separate dA_prev_temp lines for the output layer.
BACKWARD_2021 = _new_markers(BACKWARD_2018).replace(
    'grads["dA" + str(L - 1)], grads["dW" + str(L)], grads["db" + str(L)] = '
    'linear_activation_backward(dAL, current_cache, "sigmoid")',
    'dA_prev_temp, dW_temp, db_temp = linear_activation_backward(dAL, current_cache, "sigmoid")\n'
    '    grads["dA" + str(L - 1)] = dA_prev_temp\n    grads["dW" + str(L)] = dW_temp\n    grads["db" + str(L)] = db_temp')

# Before 2021 update_parameters takes ``parameters`` and updates that dictionary in place.
UPDATE_OLD = '''
# GRADED FUNCTION: update_parameters
def update_parameters(parameters, grads, learning_rate):
    L = len(parameters) // 2 # number of layers in the neural network
    ### START CODE HERE ### (≈ 3 lines of code)
    for l in range(L):
        parameters["W" + str(l + 1)] = parameters["W" + str(l + 1)] - learning_rate * grads["dW" + str(l + 1)]
        parameters["b" + str(l + 1)] = parameters["b" + str(l + 1)] - learning_rate * grads["db" + str(l + 1)]
    ### END CODE HERE ###
    return parameters
'''

# 2021: update_parameters(params, grads, learning_rate) works on a copy.
UPDATE_2021 = '''
# GRADED FUNCTION: update_parameters
def update_parameters(params, grads, learning_rate):
    parameters = copy.deepcopy(params)
    L = len(parameters) // 2 # number of layers in the neural network
    # YOUR CODE STARTS HERE
    for l in range(L):
        parameters["W" + str(l + 1)] = parameters["W" + str(l + 1)] - learning_rate * grads["dW" + str(l + 1)]
        parameters["b" + str(l + 1)] = parameters["b" + str(l + 1)] - learning_rate * grads["db" + str(l + 1)]
    # YOUR CODE ENDS HERE
    return parameters

# test
parameters, grads = update_parameters_test_case()
update_parameters_test(update_parameters)
'''


def step_by_step(imports: str, backward: str, update: str, marks: tuple[str, str], header: str) -> str:
    return header + imports + _forward(*marks) + backward + update


# ---------------------------------------------------------------------------------------------
# The Application's two models, per edition
# ---------------------------------------------------------------------------------------------

def _models(start: str, end: str, costs_2021: bool) -> str:
    if costs_2021:
        record = ('        if print_cost and i % 100 == 0 or i == num_iterations - 1:\n'
                  '            print("Cost after iteration {}: {}".format(i, np.squeeze(cost)))\n'
                  '        if i % 100 == 0 or i == num_iterations:\n'
                  '            costs.append(cost)\n')
        returns, plot = "    return parameters, costs\n", ""
    else:  # before 2021: the cost is kept only when printed, and the model plots it
        record = ('        if print_cost and i % 100 == 0:\n'
                  '            print("Cost after iteration %i: %f" % (i, cost))\n'
                  '        if print_cost and i % 100 == 0:\n'
                  '            costs.append(cost)\n')
        plot = ("    plt.plot(np.squeeze(costs))\n    plt.ylabel('cost')\n    plt.xlabel('iterations (per hundreds)')\n"
                "    plt.title(\"Learning rate =\" + str(learning_rate))\n    plt.show()\n")
        returns = "    return parameters\n"
    return f'''
# GRADED FUNCTION: two_layer_model
def two_layer_model(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False):
    np.random.seed(1)
    grads = {{}}
    costs = []
    m = X.shape[1]
    (n_x, n_h, n_y) = layers_dims
    {start}
    parameters = initialize_parameters(n_x, n_h, n_y)
    {end}
    W1 = parameters["W1"]
    b1 = parameters["b1"]
    W2 = parameters["W2"]
    b2 = parameters["b2"]
    for i in range(0, num_iterations):
        {start}
        A1, cache1 = linear_activation_forward(X, W1, b1, "relu")
        A2, cache2 = linear_activation_forward(A1, W2, b2, "sigmoid")
        cost = compute_cost(A2, Y)
        {end}
        dA2 = - (np.divide(Y, A2) - np.divide(1 - Y, 1 - A2))
        {start}
        dA1, dW2, db2 = linear_activation_backward(dA2, cache2, "sigmoid")
        dA0, dW1, db1 = linear_activation_backward(dA1, cache1, "relu")
        {end}
        grads['dW1'] = dW1
        grads['db1'] = db1
        grads['dW2'] = dW2
        grads['db2'] = db2
        {start}
        parameters = update_parameters(parameters, grads, learning_rate)
        {end}
        W1 = parameters["W1"]
        b1 = parameters["b1"]
        W2 = parameters["W2"]
        b2 = parameters["b2"]
{record}{plot}{returns}

# GRADED FUNCTION: L_layer_model
def L_layer_model(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False):
    np.random.seed(1)
    costs = []
    {start}
    parameters = initialize_parameters_deep(layers_dims)
    {end}
    for i in range(0, num_iterations):
        {start}
        AL, caches = L_model_forward(X, parameters)
        cost = compute_cost(AL, Y)
        grads = L_model_backward(AL, Y, caches)
        parameters = update_parameters(parameters, grads, learning_rate)
        {end}
{record}{plot}{returns}'''


APP_PREAMBLE = '''
train_x_orig, train_y, test_x_orig, test_y, classes = load_data()
train_x = train_x_orig.reshape(train_x_orig.shape[0], -1).T / 255.
test_x = test_x_orig.reshape(test_x_orig.shape[0], -1).T / 255.
n_x = 12288
n_h = 7
n_y = 1
layers_dims = (n_x, n_h, n_y)
'''


def application(imports: str, marks: tuple[str, str], costs_2021: bool, header: str) -> str:
    return header + imports + APP_PREAMBLE + _models(*marks, costs_2021)


def _imports(*lines: str) -> str:
    return "\n".join(lines) + "\n\nplt.rcParams['figure.figsize'] = (5.0, 4.0) # set default size of plots\nnp.random.seed(1)\n"


STEP_IMPORTS = ("import numpy as np", "import h5py", "import matplotlib.pyplot as plt")
APP_IMPORTS = ("import time", "import numpy as np", "import h5py", "import matplotlib.pyplot as plt", "import scipy",
               "from PIL import Image", "from scipy import ndimage")


def _header(edition: str, what: str) -> str:
    return (f"# A correct {what} homework of the {edition} edition, a fixture of dnnstep's tests\n"
            "# (written from that edition's conventions; see docs/homework.md, \"Course editions\").\n")


COST_TABLE = "**Expected Output**:\n\n<table>\n    <tr>\n    <td>**cost** </td>\n    <td> {}</td>\n    </tr>\n</table>\n"
COST_OLD = COST_TABLE.format("0.41493159961539694")
COST_V4A = COST_TABLE.format("0.2797765635793422")
COST_2021 = "**Expected Output**:\n\n```\ncost: 0.2797765635793422\n```\n"
BACKWARD_OLD_MD = ("**Expected Output**\n\n<table style=\"width:60%\">\n  <tr>\n    <td > dW1 </td>\n"
                   "    <td > [[ 0.41010002  0.07807203  0.13798444  0.10502167]\n [ 0.          0.          0.          0.        ]\n"
                   " [ 0.05283652  0.01005865  0.01777766  0.0135308 ]] </td>\n  </tr>\n</table>\n")
APP_OLD_MD = ("**Expected Output**:\n<table>\n    <tr>\n        <td> **Cost after iteration 0**</td>\n"
              "        <td> 0.6930497356599888 </td>\n    </tr>\n</table>\n")
APP_2021_MD = "**Expected output:**\n\n```\ncost after iteration 1 must be around 0.69\n```\n"


def fixtures() -> list[Fixture]:
    """Every edition's correct homework, Step by Step and Application."""
    step_2017 = step_by_step(_imports(*STEP_IMPORTS, "from testCases_v3 import *",
                                      "from dnn_utils_v2 import sigmoid, sigmoid_backward, relu, relu_backward"),
                             BACKWARD_2017, UPDATE_OLD, OLD_MARKS, _header("2017", "Step by Step (v5)"))
    first_2017 = step_by_step(_imports(*STEP_IMPORTS, "from testCases import *",
                                       "from dnn_utils import sigmoid, sigmoid_backward, relu, relu_backward"),
                              BACKWARD_2017, UPDATE_OLD, OLD_MARKS, _header("2017", "Step by Step (first release)"))
    step_2018 = step_by_step(_imports(*STEP_IMPORTS, "from testCases_v4a import *",
                                      "from dnn_utils_v2 import sigmoid, sigmoid_backward, relu, relu_backward"),
                             BACKWARD_2018, UPDATE_OLD, OLD_MARKS, _header("2018", "Step by Step (v8a)"))
    step_2021 = step_by_step(_imports(*STEP_IMPORTS, "import copy",
                                      "from testCases import *",
                                      "from dnn_utils import sigmoid, sigmoid_backward, relu, relu_backward",
                                      "from public_tests import *"),
                             BACKWARD_2021, UPDATE_2021, NEW_MARKS, _header("2021", "Step by Step"))
    app = {
        "2017": application(_imports(*APP_IMPORTS, "from dnn_app_utils_v2 import *"), OLD_MARKS, False,
                            _header("2017", "Application (v3)")),
        "2017-first": application(_imports(*APP_IMPORTS, "from dnn_app_utils import *"), OLD_MARKS, False,
                                  _header("2017", "Application (first release)")),
        "2018": application(_imports(*APP_IMPORTS, "from dnn_app_utils_v3 import *"), OLD_MARKS, False,
                            _header("2018", "Application (v8)")),
        "2021": application(_imports(*APP_IMPORTS, "from dnn_app_utils_v3 import *", "from public_tests import *"),
                            NEW_MARKS, True, _header("2021", "Application")),
        "2021-unversioned": application(_imports(*APP_IMPORTS, "from dnn_app_utils import *",
                                                 "from public_tests import *"),
                                        NEW_MARKS, True, _header("2021", "Application, importing dnn_app_utils")),
    }
    old_step_md = {"compute_cost": COST_OLD, "L_model_backward": BACKWARD_OLD_MD}
    return [
        Fixture("2017", "2017", "step", "Building your Deep Neural Network - Step by Step v5.ipynb", step_2017,
                old_step_md, True),
        Fixture("2017", "2017", "app", "Deep Neural Network - Application v3.ipynb", app["2017"],
                {"two_layer_model": APP_OLD_MD}, True),
        Fixture("2017", "2017-first", "step", "Building your Deep Neural Network - Step by Step.ipynb", first_2017,
                old_step_md, True),
        Fixture("2017", "2017-first", "app", "Deep Neural Network - Application.ipynb", app["2017-first"],
                {"two_layer_model": APP_OLD_MD}, True),
        Fixture("2018", "2018", "step", "Building_your_Deep_Neural_Network_Step_by_Step_v8a.ipynb", step_2018,
                {"compute_cost": COST_V4A}, True),
        Fixture("2018", "2018", "app", "Deep Neural Network - Application v8.ipynb", app["2018"],
                {"two_layer_model": APP_OLD_MD}, True),
        Fixture("2021", "2021", "step", "Building_your_Deep_Neural_Network_Step_by_Step.ipynb", step_2021,
                {"compute_cost": COST_2021}, False),
        Fixture("2021", "2021", "app", "Deep Neural Network - Application.ipynb", app["2021"],
                {"two_layer_model": APP_2021_MD}, False),
        Fixture("2021", "2021-unversioned", "app", "Deep Neural Network - Application.ipynb",
                app["2021-unversioned"], {"two_layer_model": APP_2021_MD}, False),
    ]


def notebook(fixture: Fixture) -> dict:
    """The fixture laid out as its edition's notebook (nbformat 4)."""
    sections = fixture.source.split("\n# GRADED FUNCTION: ")
    preamble, graded = sections[0], sections[1:]
    title = APP_TITLE if fixture.stem == "app" else STEP_TITLE
    imports, _, rest = preamble.partition("\n\nplt.rcParams")
    imports = "\n".join(line for line in imports.splitlines() if not line.startswith("# "))
    cells = [_markdown(title), _code(imports + "\n\n" + MAGICS + "plt.rcParams" + rest.rstrip("\n") + "\n")]
    unq = 0
    for number, section in enumerate(graded, start=1):
        body, _, test = ("# GRADED FUNCTION: " + section).partition("\n# test\n")
        name = section.split("\n", 1)[0].strip()
        if fixture.edition == "2021":
            unq += 1
            cells.append(_markdown(f"<a name='ex-{number}'></a>\n### Exercise {number} - {name}\n"))
            body = f"# UNQ_C{unq}\n" + body
        else:
            cells.append(_markdown(f"**Exercise**: Implement `{name}()`.\n"))
        cells.append(_code(body.strip("\n") + "\n"))
        if test.strip():
            cells.append(_code(test.strip("\n") + "\n"))
        if name in fixture.markdown:
            cells.append(_markdown(fixture.markdown[name]))
    metadata = {
        "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
        "language_info": {"name": "python", "version": "3.5.2" if fixture.coursera_metadata else "3.7.6"},
    }
    if fixture.coursera_metadata:
        item = ("c4HO0", "lSYZM") if fixture.stem == "step" else ("TSPse", "24mxX")
        metadata["coursera"] = {"course_slug": "neural-networks-deep-learning", "graded_item_id": item[0],
                                "launcher_item_id": item[1]}
    return {"cells": cells, "metadata": metadata, "nbformat": 4, "nbformat_minor": 2}


def expected_files() -> dict[str, str]:
    """Path under ``editions/`` -> contents, for every file this script writes."""
    files = {}
    for fixture in fixtures():
        files[f"{fixture.folder}/{fixture.stem}.py"] = fixture.source
        files[f"{fixture.folder}/{fixture.notebook}"] = json.dumps(notebook(fixture), indent=1) + "\n"
    return files


def main() -> None:
    files = expected_files()
    for name, text in files.items():
        target = EDITIONS / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text)
    print(f"wrote {len(files)} edition fixtures to {EDITIONS}")


if __name__ == "__main__":
    main()

"""C2W1 Regularization (W1A2): the unit cases of CASES.md 4.3 and the notebook's three published runs.

Expected values are the notebooks' 8-decimal prints and 2021 ``public_tests.py``'s arrays
(``greyhatguy007/deep-learning-specialization:C2-…/week1/programming assignments/W1A2/
public_tests.py@dcc04544``). The published runs (30 000 iterations, printed every 10 000, then the
train and test accuracy) are cited per source:
- 2021: ``wy-luke/2021-Updated-Coursera-Deep-Learning-Specialization-Assignments:C2-…/Week 1/
  2.Regularization.md@4a961cd4`` (baseline and L2 also in greyhatguy007's ``Regularization.ipynb``);
- 2019-20: ``amanchadha/coursera-deep-learning-specialization:C2 - …/Week 1/Regularization/
  Regularization_v2a.ipynb@e9de0f4d``;
- 2017: ``Kulbear/deep-learning-coursera:Improving Deep Neural Networks …/Regularization.ipynb@997fdb2e``
  (its accuracies print 12 digits, ``0.947867298578``: the same numbers).
"""

from __future__ import annotations


import numpy as np
import pytest

from dnnstep.course2 import cases
from dnnstep.course2 import regularization as course

from .football import FOOTBALL, needs_football
from .printed import costs_printed, printed


EIGHT_DECIMALS = dict(rtol=0, atol=6e-9)

BASELINE = {
    "2021": [0.6557412523481002, 0.16329987525724204, 0.13851642423234922],
    "2019": [0.6557412523481002, 0.16329987525724213, 0.13851642423245572],
    "2017": [0.6557412523481002, 0.16329987525724216, 0.13851642423255986],
}
L2 = {
    "2021": [0.6974484493131264, 0.2684918873282239, 0.26809163371273015],
    "2021 greyhatguy007": [0.6974484493131264, 0.2684918873282238, 0.26809163371273004],
    "2019": [0.6974484493131264, 0.26849188732822393, 0.2680916337127301],
    "2017": [0.6974484493131264, 0.2684918873282239, 0.2680916337127301],
}
DROPOUT = {
    "2021": [0.6543912405149825, 0.0610169865749056, 0.060582435798513114],
    "2019": [0.6543912405149825, 0.0610169865749056, 0.060582435798513114],
    "2017": [0.6543912405149825, 0.06101698657490559, 0.060582435798513114],
}
ACCURACY = {  # (train, test)
    "baseline": ("0.9478672985781991", "0.915"),
    "l2": ("0.9383886255924171", "0.93"),
    "dropout": ("0.9289099526066351", "0.95"),
}
RUNS = {"baseline": {}, "l2": {"lambd": 0.7}, "dropout": {"keep_prob": 0.86, "learning_rate": 0.3}}


# --------------------------------------------------------------------------------------------
# unit cases
# --------------------------------------------------------------------------------------------


def test_reg_1_cost_with_regularization() -> None:
    A3, Y, parameters = cases.compute_cost_with_regularization_test_case()
    cost = course.compute_cost_with_regularization(A3, Y, parameters, lambd=0.1)
    assert cost == 1.7864859451590758
    assert isinstance(cost, np.float64)


def test_reg_2_3_backward_with_regularization() -> None:
    X, Y, cache = cases.backward_propagation_with_regularization_test_case()
    grads = course.backward_propagation_with_regularization(X, Y, cache, lambd=0.7)
    expected = {
        "dZ3": [[-0.59317598, -0.98370716, 0.16722898, -0.89881889, 0.40682402]],
        "dW3": [[-1.77691347, -0.11832879, -0.09397446]],
        "db3": [[-0.38032981]],
        "dA2": [[0.40761434, 0.67597671, -0.11491519, 0.6176438, -0.27955836],
                [0.50135568, 0.83143484, -0.14134288, 0.7596868, -0.34384996],
                [0.39816708, 0.66030962, -0.11225181, 0.6033287, -0.27307905]],
        "dZ2": [[0.40761434, 0.67597671, -0.11491519, 0.6176438, -0.27955836], [0.] * 5, [0.] * 5],
        "dW2": [[0.79276486, 0.85133918], [-0.0957219, -0.01720463], [-0.13100772, -0.03750433]],
        "db2": [[0.26135226], [0.], [0.]],
        "dA1": [[0.2048239, 0.33967447, -0.05774423, 0.31036252, -0.14047649],
                [0.3672018, 0.60895764, -0.10352203, 0.5564081, -0.25184181]],
        "dZ1": [[0., 0.33967447, -0.05774423, 0.31036252, 0.], [0., 0.60895764, -0.10352203, 0.5564081, 0.]],
        "dW1": [[-0.25604646, 0.12298827, -0.28297129], [-0.17706303, 0.34536094, -0.4410571]],
        "db1": [[0.11845855], [0.21236874]],
    }
    assert list(grads) == ["dZ3", "dW3", "db3", "dA2", "dZ2", "dW2", "db2", "dA1", "dZ1", "dW1", "db1"]
    for key, value in expected.items():
        assert np.allclose(grads[key], value, **EIGHT_DECIMALS), key


def test_reg_4_5_forward_with_dropout() -> None:
    X, parameters = cases.forward_propagation_with_dropout_test_case()
    A3, cache = course.forward_propagation_with_dropout(X, parameters, keep_prob=0.7)
    assert np.allclose(A3, [[0.36974721, 0.00305176, 0.04565099, 0.49683389, 0.36974721]], **EIGHT_DECIMALS)
    Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3_, W3, b3 = cache
    assert D1.tolist() == [[1, 0, 1, 1, 1], [1, 1, 1, 1, 1]]
    assert D2.tolist() == [[1, 1, 1, 0, 1], [1, 1, 1, 1, 1], [0, 0, 1, 1, 0]]
    assert np.allclose(A1, [[0, 0, 3.05706487, 3.72429505, 0], [0, 5.94299915, 1.1293003, 2.09276446, 0]],
                       **EIGHT_DECIMALS)
    assert np.allclose(Z2, [[0.53035547, 5.88414161, 3.08385015, 4.28707196, 0.53035547],
                            [-0.69166075, -1.42199726, -2.92064114, -3.49524533, -0.69166075],
                            [-0.39675353, -1.98881216, -3.55998747, -4.44246165, -0.39675353]], **EIGHT_DECIMALS)
    assert np.allclose(A2, [[0.75765067, 8.40591658, 4.40550021, 0., 0.75765067], [0.] * 5, [0.] * 5],
                       **EIGHT_DECIMALS)
    assert np.allclose(Z3, [[-0.53330145, -5.78898099, -3.04000407, -0.0126646, -0.53330145]], **EIGHT_DECIMALS)
    assert W1 is parameters["W1"] and A3_ is A3


def test_dropout_masks_per_edition() -> None:
    X, parameters = cases.forward_propagation_with_dropout_test_case()
    masks = {e: course.forward_propagation_with_dropout(X, parameters, 0.7, edition=e)[1][1] for e in ("2017", "2021")}
    assert masks["2017"].dtype == bool and masks["2021"].dtype.kind == "i"
    assert np.array_equal(masks["2017"], masks["2021"])


def test_dropout_draws_the_same_masks_every_call() -> None:
    """The course seeds inside the function: training uses one pair of masks throughout."""
    X, parameters = cases.forward_propagation_with_dropout_test_case()
    np.random.seed(7)
    first = course.forward_propagation_with_dropout(X, parameters, 0.5)[1]
    np.random.seed(8)
    second = course.forward_propagation_with_dropout(X, parameters, 0.5)[1]
    assert np.array_equal(first[1], second[1]) and np.array_equal(first[6], second[6])


def test_reg_6_7_backward_with_dropout() -> None:
    X, Y, cache = cases.backward_propagation_with_dropout_test_case()
    grads = course.backward_propagation_with_dropout(X, Y, cache, keep_prob=0.8)
    expected = {
        "dZ3": [[-0.67733606, -0.50316611, 0.00348883, -0.50316611, 0.32266394]],
        "dW3": [[-0.06951191, 0., 0.]],
        "db3": [[-0.2715031]],
        "dA2": [[0.58180856, 0., -0.00299679, 0., -0.27715731],
                [0., 0.53159854, 0., 0.53159854, -0.34089673],
                [0., 0., -0.00292733, 0., 0.]],
        "dZ2": [[0.58180856, 0., -0.00299679, 0., -0.27715731], [0.] * 5, [0.] * 5],
        "dW2": [[-0.00256518, -0.0009476], [0., 0.], [0., 0.]],
        "db2": [[0.06033089], [0.], [0.]],
        "dA1": [[0.36544439, 0., -0.00188233, 0., -0.17408748], [0.65515713, 0., -0.00337459, 0., 0.]],
        "dZ1": [[0., 0., -0.00188233, 0., 0.], [0., 0., -0.00337459, 0., 0.]],
        "dW1": [[0.00019884, 0.00028657, 0.00012138], [0.00035647, 0.00051375, 0.00021761]],
        "db1": [[-0.00037647], [-0.00067492]],
    }
    for key, value in expected.items():
        assert np.allclose(grads[key], value, **EIGHT_DECIMALS), key


def test_initialize_parameters_is_reg_utils() -> None:
    parameters = course.initialize_parameters([2, 20, 3, 1])
    rs = np.random.RandomState(3)
    assert np.array_equal(parameters["W1"], rs.randn(20, 2) / np.sqrt(2))
    assert np.array_equal(parameters["W2"], rs.randn(3, 20) / np.sqrt(20))
    assert parameters["b3"].shape == (1, 1)


def test_model_refuses_both_regularisations() -> None:
    X, Y = np.zeros((2, 3)), np.zeros((1, 3))
    with pytest.raises(ValueError, match="not both"):
        course.model(X, Y, num_iterations=1, lambd=0.7, keep_prob=0.86)
    with pytest.raises(ValueError, match="keep_prob must be at most 1"):
        course.model(X, Y, num_iterations=1, keep_prob=1.5)


# --------------------------------------------------------------------------------------------
# the published runs
# --------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def runs():
    train_X, train_Y, test_X, test_Y = course.load_2D_dataset(FOOTBALL)
    result = {}
    for name, options in RUNS.items():
        costs = []
        parameters, lines = printed(course.model, train_X, train_Y, costs=costs, **options)
        _, train_line = printed(course.predict, train_X, train_Y, parameters)
        _, test_line = printed(course.predict, test_X, test_Y, parameters)
        result[name] = (lines, costs, train_line + test_line)
    return result


def _check(run, published, accuracy) -> None:
    lines, costs, accuracies = run
    printed_costs = costs_printed(lines)
    assert list(printed_costs) == [0, 10000, 20000] and len(lines) == 3
    assert np.allclose(list(printed_costs.values()), published, rtol=1e-11, atol=0)
    assert len(costs) == 30 and [float(c) for c in costs[::10]] == list(printed_costs.values())
    assert accuracies == ["Accuracy: " + a for a in accuracy]


@needs_football
@pytest.mark.parametrize("edition", list(BASELINE))
def test_baseline_run(runs, edition) -> None:
    _check(runs["baseline"], BASELINE[edition], ACCURACY["baseline"])


@needs_football
@pytest.mark.parametrize("source", list(L2))
def test_l2_run(runs, source) -> None:
    _check(runs["l2"], L2[source], ACCURACY["l2"])


@needs_football
@pytest.mark.parametrize("edition", list(DROPOUT))
def test_dropout_run(runs, edition) -> None:
    _check(runs["dropout"], DROPOUT[edition], ACCURACY["dropout"])
    assert runs["dropout"][0] == ["Cost after iteration 0: 0.6543912405149825",
                                  "Cost after iteration 10000: 0.0610169865749056",
                                  "Cost after iteration 20000: 0.060582435798513114"]

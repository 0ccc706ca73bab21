"""C2W2 Optimization Methods (W2A1): the unit cases of CASES.md 6.3, edition A (2017-2022) and B (2023+).

Expected values are the notebooks' 8-decimal prints and ``public_tests.py``'s arrays (2021 A:
``greyhatguy007/…/week2/pogramming assignments/W2A1/public_tests.py@dcc04544``; 2023+ B:
``Hoanha2101/SmartBottleInspector:Khai_Hoan/MOOC2/W2A1/public_tests.py@8b6ffc35``), checked as the
course checks them (``np.allclose``) or to the printed digits.
"""

from __future__ import annotations

import copy

import numpy as np
import pytest

from dnnstep.course2 import cases
from dnnstep.course2 import optimization as course

PRINTED = dict(rtol=0, atol=6e-9)
A, B = "2021", "2023"

GD_A = {"W1": [[1.63535156, -0.62320365, -0.53718766], [-1.07799357, 0.85639907, -2.29470142]],
        "b1": [[1.74604067], [-0.75184921]],
        "W2": [[0.32171798, -0.25467393, 1.46902454], [-2.05617317, -0.31554548, -0.3756023],
               [1.1404819, -1.09976462, -0.1612551]],
        "b2": [[-0.88020257], [0.02561572], [0.57539477]]}
GD_B = {"W1": [[1.63312395, -0.61217855, -0.5339999], [-1.06196243, 0.85396039, -2.3105546]],
        "b1": [[1.73978682], [-0.77021546]],
        "W2": [[0.32587637, -0.24814147], [1.47146563, -2.05746183], [-0.32772076, -0.37713775]],
        "b2": [[1.13773698], [-1.09301954], [-0.16397615]]}
MOMENTUM_A = {"W1": [[1.62544598, -0.61290114, -0.52907334], [-1.07347112, 0.86450677, -2.30085497]],
              "b1": [[1.74493465], [-0.76027113]],
              "W2": [[0.31930698, -0.24990073, 1.4627996], [-2.05974396, -0.32173003, -0.38320915],
                     [1.13444069, -1.0998786, -0.1713109]],
              "b2": [[-0.87809283], [0.04055394], [0.58207317]]}
VELOCITY_A = {"dW1": [[-0.11006192, 0.11447237, 0.09015907], [0.05024943, 0.09008559, -0.06837279]],
              "db1": [[-0.01228902], [-0.09357694]],
              "dW2": [[-0.02678881, 0.05303555, -0.06916608], [-0.03967535, -0.06871727, -0.08452056],
                      [-0.06712461, -0.00126646, -0.11173103]],
              "db2": [[0.02344157], [0.16598022], [0.07420442]]}
MOMENTUM_B = {"W1": [[1.62522322, -0.61179863, -0.52875457], [-1.071868, 0.86426291, -2.30244029]],
              "b1": [[1.74430927], [-0.76210776]],
              "W2": [[0.31972282, -0.24924749], [1.46304371, -2.05987282], [-0.32294756, -0.38336269]],
              "b2": [[1.1341662], [-1.09920409], [-0.171583]]}
VELOCITY_B = {"dW1": [[-0.08778584, 0.00422137, 0.05828152], [-0.11006192, 0.11447237, 0.09015907]],
              "dW2": [[-0.06837279, -0.01228902], [-0.09357694, -0.02678881], [0.05303555, -0.06916608]],
              "db1": [[0.05024943], [0.09008559]],
              "db2": [[-0.03967535], [-0.06871727], [-0.08452056]]}
ADAM_OLD_TABLE = {"W1": [[1.63178673, -0.61919778, -0.53561312], [-1.08040999, 0.85796626, -2.29409733]],
                  "b1": [[1.75225313], [-0.75376553]],
                  "W2": [[0.32648046, -0.25681174, 1.46954931], [-2.05269934, -0.31497584, -0.37661299],
                         [1.14121081, -1.09245036, -0.16498684]],
                  "b2": [[-0.88529978], [0.03477238], [0.57537385]]}
ADAM_OLD_S = {"dW1": [[0.00121136, 0.00131039, 0.00081287], [0.0002525, 0.00081154, 0.00046748]],
              "db1": [[1.51020075e-05], [8.75664434e-04]],
              "dW2": [[7.17640232e-05, 2.81276921e-04, 4.78394595e-04], [1.57413361e-04, 4.72206320e-04, 7.14372576e-04],
                      [4.50571368e-04, 1.60392066e-07, 1.24838242e-03]],
              "db2": [[5.49507194e-05], [2.75494327e-03], [5.50629536e-04]]}
ADAM_A_ROW0 = ({"dW1": [-0.22012384, 0.22894474, 0.18031814], "dW2": [-0.05357762, 0.10607109, -0.13833215],
                "db1": [-0.02457805], "db2": [0.04688314]},
               {"dW1": [0.13567261, 0.14676395, 0.09104097], "dW2": [8.03757060e-03, 3.15030152e-02, 5.35801947e-02],
                "db1": [0.00169142], "db2": [0.00615448]})
ADAM_A_PARAMETERS = {"W1": [[1.63942428, -0.6268425, -0.54320974], [-1.08782943, 0.85036983, -2.2865723]],
                     "W2": [[0.33356139, -0.26425199, 1.47707772], [-2.04538458, -0.30744933, -0.36903141],
                            [1.14873036, -1.09256871, -0.15734651]],
                     "b1": [[1.75854357], [-0.74616067]],
                     "b2": [[-0.89228024], [0.02707193], [0.56782561]]}
ADAM_B_ROW0 = ({"dW1": [-0.17557168, 0.00844275, 0.11656304], "dW2": [-0.13674557, -0.02457805],
                "db1": [0.10049887], "db2": [-0.07935071]},
               {"dW1": [0.08631117, 0.00019958, 0.03804344], "dW2": [0.05235818, 0.00169142],
                "db1": [0.02828006], "db2": [0.0176303]})
ADAM_B_PARAMETERS = {"W1": [[1.63937725, -0.62327448, -0.54308727], [-1.0578897, 0.85032154, -2.31657668]],
                     "W2": [[0.33400549, -0.23563857], [1.47715417, -2.04561842], [-0.33729882, -0.36908457]],
                     "b1": [[1.72995096], [-0.7762447]],
                     "b2": [[1.14852557], [-1.08492339], [-0.15740527]]}


def _close(actual: dict, expected: dict, **tolerance) -> None:
    for key, value in expected.items():
        assert np.allclose(actual[key], value, **(tolerance or PRINTED)), key


# --------------------------------------------------------------------------------------------
# gradient descent
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("edition, expected", [(A, GD_A), (B, GD_B)])
def test_opt_gd(edition, expected) -> None:
    parameters, grads, learning_rate = cases.update_parameters_with_gd_test_case(edition=edition)
    updated = course.update_parameters_with_gd(parameters, grads, learning_rate)
    _close(updated, expected)
    assert updated is parameters  # the course's solutions replace the dictionary's entries


def test_load_params_and_grads_is_edition_a_gd_case() -> None:
    W1, b1, W2, b2, dW1, db1, dW2, db2 = course.load_params_and_grads()
    parameters, grads, _ = cases.update_parameters_with_gd_test_case(edition=A)
    assert np.array_equal(W2, parameters["W2"]) and np.array_equal(db2, grads["db2"])


# --------------------------------------------------------------------------------------------
# mini-batches
# --------------------------------------------------------------------------------------------


def test_opt_a2_a3_mini_batch_shapes() -> None:
    X, Y, size = cases.random_mini_batches_test_case()
    batches = course.random_mini_batches(X, Y, size)
    assert [b[0].shape for b in batches] == [(12288, 64), (12288, 64), (12288, 20)]
    assert [b[1].shape for b in batches] == [(1, 64), (1, 64), (1, 20)]
    assert np.allclose(batches[0][0][0][0:3], [0.90085595, -0.7612069, 0.2344157], **PRINTED)


def test_opt_a4_columns_move_together() -> None:
    np.random.seed(1)
    nx, m = 12288, 148
    X = np.array([x for x in range(nx * m)]).reshape((m, nx)).T
    Y = np.random.randn(1, m) < 0.5
    batches = course.random_mini_batches(X, Y, 64)
    assert len(batches) == 3
    assert batches[0][0][0][0:3].tolist() == [294912, 86016, 454656]
    assert batches[-1][0][-1][0:3].tolist() == [1425407, 1769471, 897023]
    for batch_X, _ in batches:  # X[i, j] = j * nx + i: whole columns move, the rows keep their order
        assert np.all(batch_X - batch_X[0] == np.arange(nx)[:, None])


def test_opt_a5_public_tests() -> None:
    X, Y, size = cases.random_mini_batches_test_public(edition=A)
    batches = course.random_mini_batches(X, Y, size)
    assert len(batches) == 2
    assert np.allclose(batches[0][0], [[-0.52817175, -0.61175641], [-2.3015387, 0.86540763], [0.3190391, -0.7612069],
                                       [-2.06014071, 1.46210794], [1.13376944, -0.38405435],
                                       [-0.87785842, -0.17242821], [-1.10061918, 0.58281521]], **PRINTED)
    assert batches[0][1].tolist() == [[False, False]]
    assert np.allclose(batches[1][0], [[1.62434536], [-1.07296862], [1.74481176], [-0.24937038], [-0.3224172],
                                       [-1.09989127], [0.04221375]], **PRINTED)
    assert batches[1][1].tolist() == [[False]]


def test_opt_b2_public_tests() -> None:
    X, Y, size = cases.random_mini_batches_test_public(edition=B)
    batches = course.random_mini_batches(X, Y, size)
    expected = [
        ([[1.74481176, -0.52817175], [-0.38405435, -0.24937038], [-1.10061918, -0.17242821],
          [-0.93576943, 0.50249434], [-0.67124613, -0.69166075]], [[True, True]]),
        ([[-0.61175641, -1.07296862], [0.3190391, 1.46210794], [-1.09989127, -0.87785842],
          [0.90159072, 0.90085595], [0.53035547, -0.39675353]], [[True, False]]),
        ([[1.62434536, -2.3015387], [-0.7612069, -0.3224172], [1.13376944, 0.58281521],
          [1.14472371, -0.12289023], [-0.26788808, -0.84520564]], [[True, True]]),
        ([[0.86540763], [-2.06014071], [0.04221375], [-0.68372786], [-0.6871727]], [[False]]),
    ]
    assert len(batches) == 4
    for (batch_X, batch_Y), (X_expected, Y_expected) in zip(batches, expected):
        assert np.allclose(batch_X, X_expected, **PRINTED) and batch_Y.tolist() == Y_expected


def test_mini_batches_of_an_exact_multiple_have_no_remainder() -> None:
    X, Y = np.arange(12).reshape(2, 6), np.arange(6).reshape(1, 6)
    batches = course.random_mini_batches(X, Y, 3, seed=5)
    assert [b[0].shape for b in batches] == [(2, 3), (2, 3)]
    columns = np.concatenate([b[1] for b in batches], axis=1)[0]
    assert sorted(columns.tolist()) == list(range(6))
    assert all(np.array_equal(b[0][0], b[1][0]) and np.array_equal(b[0][1], b[1][0] + 6) for b in batches)


# --------------------------------------------------------------------------------------------
# momentum
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("edition, shapes", [
    (A, {"dW1": (2, 3), "db1": (2, 1), "dW2": (3, 3), "db2": (3, 1)}),
    (B, {"dW1": (3, 2), "db1": (3, 1), "dW2": (3, 3), "db2": (3, 1)}),
])
def test_opt_a6_b3_initialize_velocity(edition, shapes) -> None:
    v = course.initialize_velocity(cases.initialize_velocity_test_case(edition=edition))
    assert {k: a.shape for k, a in v.items()} == shapes
    assert all(not a.any() for a in v.values())


@pytest.mark.parametrize("edition, expected, velocity", [(A, MOMENTUM_A, VELOCITY_A), (B, MOMENTUM_B, VELOCITY_B)])
def test_opt_momentum(edition, expected, velocity) -> None:
    parameters, grads, v = cases.update_parameters_with_momentum_test_case(edition=edition)
    parameters, v = course.update_parameters_with_momentum(parameters, grads, v, beta=0.9, learning_rate=0.01)
    _close(parameters, expected)
    _close(v, velocity)


# --------------------------------------------------------------------------------------------
# Adam
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("edition, w2", [(A, (3, 3)), (B, (3, 2))])
def test_opt_a9_b6_initialize_adam(edition, w2) -> None:
    v, s = course.initialize_adam(cases.initialize_adam_test_case(edition=edition))
    for averages in (v, s):
        assert {k: a.shape for k, a in averages.items()} == {"dW1": (2, 3), "db1": (2, 1), "dW2": w2, "db2": (3, 1)}
        assert all(not a.any() for a in averages.values())
    assert v["dW1"] is not s["dW1"]


@pytest.mark.parametrize("edition", ["2017", "2019"])
def test_opt_a10_a11_adam_before_2021(edition) -> None:
    """t = 2 with the defaults; three values returned. The old table was printed with epsilon
    inside the square root (CASES.md 9.3): the notebook's formula is 4.5e-7 off it at W2[2, 1]."""
    parameters, grads, v, s = cases.update_parameters_with_adam_test_case(edition=edition)
    returned = course.update_parameters_with_adam(parameters, grads, v, s, t=2, edition=edition)
    assert len(returned) == 3
    parameters, v, s = returned
    _close(parameters, ADAM_OLD_TABLE, rtol=0, atol=5e-7)
    assert abs(parameters["W2"][2, 1] - (-1.09244991)) < 6e-9
    _close(v, VELOCITY_A)
    _close(s, ADAM_OLD_S, rtol=1e-8, atol=6e-9)  # fixed 8 decimals or 9 significant digits


def test_opt_a10x_the_old_table_is_epsilon_inside_the_root() -> None:
    parameters, grads, v, s = cases.update_parameters_with_adam_test_case(edition="2017")
    for l in (1, 2):
        for p, g in (("W", "dW"), ("b", "db")):
            key = g + str(l)
            v[key] = 0.9 * v[key] + 0.1 * grads[key]
            s[key] = 0.999 * s[key] + 0.001 * np.square(grads[key])
            step = v[key] / (1 - 0.9 ** 2) / np.sqrt(s[key] / (1 - 0.999 ** 2) + 1e-8)
            parameters[p + str(l)] = parameters[p + str(l)] - 0.01 * step
    _close(parameters, ADAM_OLD_TABLE, rtol=0, atol=1e-8)


def test_opt_a12_a13_adam_2021() -> None:
    parameters, grads, v, s = cases.update_parameters_with_adam_test_case(edition=A)
    h = cases.ADAM_TEST_HYPERPARAMETERS
    returned = course.update_parameters_with_adam(parameters, grads, v, s, h["t"], h["learning_rate"], h["beta1"],
                                                  h["beta2"], h["epsilon"], edition=A)
    assert len(returned) == 5
    parameters, v, s, v_corrected, s_corrected = returned
    expected_v, expected_s = ADAM_A_ROW0
    c1, c2 = 1 / (1 - 0.8 ** 2), 1 / (1 - 0.888 ** 2)
    for key in expected_v:
        assert np.allclose(v[key][0], expected_v[key]) and np.allclose(s[key][0], expected_s[key]), key
        assert np.allclose(v_corrected[key][0], np.array(expected_v[key]) * c1), key
        assert np.allclose(s_corrected[key][0], np.array(expected_s[key]) * c2), key
    _close(parameters, ADAM_A_PARAMETERS)


def test_opt_b7_b8_adam_2023() -> None:
    parameters, grads, v, s, t, learning_rate, beta1, beta2, epsilon = cases.update_parameters_with_adam_test_case()
    inputs = copy.deepcopy((parameters, v, s))
    parameters, v, s, v_corrected, s_corrected = course.update_parameters_with_adam(
        parameters, grads, v, s, t, learning_rate, beta1, beta2, epsilon)
    expected_v, expected_s = ADAM_B_ROW0
    for key in expected_v:
        assert np.allclose(v[key][0], expected_v[key]) and np.allclose(s[key][0], expected_s[key]), key
        assert v[key].shape == inputs[1][key].shape
    _close(parameters, ADAM_B_PARAMETERS)


# --------------------------------------------------------------------------------------------
# learning-rate decay
# --------------------------------------------------------------------------------------------


def test_opt_c1_update_lr() -> None:
    assert course.update_lr(0.5, 2, 1) == 0.16666666666666666


@pytest.mark.parametrize("arguments, expected", [
    ((0.5, 100, 1, 100), 0.25), ((0.5, 10, 1, 100), 0.5), ((0.3, 1000, 0.25, 100), 0.085714285),
    ((0.3, 100, 0.25, 100), 0.24), ((0.5, 10, 0.3, 100), 0.5), ((0.5, 100, 0.3, 100), 0.3846153846153846),
])
def test_opt_c2_schedule_lr_decay(arguments, expected) -> None:
    assert np.isclose(course.schedule_lr_decay(*arguments), expected)


def test_schedule_lr_decay_default_interval_is_1000() -> None:
    assert course.schedule_lr_decay(0.1, 999, 1) == 0.1
    assert course.schedule_lr_decay(0.1, 1000, 1) == 0.05


# --------------------------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------------------------


def test_compute_cost_per_edition() -> None:
    a3 = np.array([[0.9, 0.2, 0.6, 0.4]])
    Y = np.array([[1, 0, 1, 0]])
    total = course.compute_cost(a3, Y)
    assert total == np.sum(-np.log([0.9, 0.8, 0.6, 0.6]))
    assert course.compute_cost(a3, Y, edition="2019") == total
    assert np.isclose(course.compute_cost(a3, Y, edition="2017"), total / 4, rtol=1e-15)


def test_initialize_parameters_is_opt_utils() -> None:
    parameters = course.initialize_parameters([2, 5, 2, 1])
    rs = np.random.RandomState(3)
    assert np.array_equal(parameters["W1"], rs.randn(5, 2) * np.sqrt(2 / 2))
    assert np.array_equal(parameters["W2"], rs.randn(2, 5) * np.sqrt(2 / 5))


def test_num_epochs_per_edition() -> None:
    assert [course.num_epochs_of(e) for e in ("2017", "2019", "2021", "2023", None)] == [10000, 10000, 5000, 5000, 5000]


def test_model_refuses_what_it_cannot_do() -> None:
    X, Y = np.zeros((2, 4)), np.zeros((1, 4))
    with pytest.raises(ValueError, match="optimizer must be one of 'gd', 'momentum', 'adam', not 'rmsprop'"):
        course.model(X, Y, [2, 3, 1], "rmsprop")
    with pytest.raises(ValueError, match="decay must be a function"):
        course.model(X, Y, [2, 3, 1], "gd", decay="update_lr")
    with pytest.raises(ValueError, match="decay came with the 2021 edition; this is the 2019-20 edition's model"):
        course.model(X, Y, [2, 3, 1], "gd", decay=course.update_lr, edition="2019")


def test_bad_edition_is_named() -> None:
    with pytest.raises(ValueError, match="edition must be one of 2017, 2019, 2021, 2023"):
        course.num_epochs_of("2016")

"""C2W1 Initialization (W1A1): the unit cases of CASES.md 3.2 and the notebook's three published runs.

The runs' printed costs are the notebooks' own outputs, cited per source (CASES.md section 10):
- 2021: ``wy-luke/2021-Updated-Coursera-Deep-Learning-Specialization-Assignments:C2-…/Week 1/
  1.Initialization.md@4a961cd4`` (the same lines as ``greyhatguy007/deep-learning-specialization:
  C2-…/week1/programming assignments/W1A1/Initialization.ipynb@dcc04544`` for zeros and random);
- 2019-20: ``amanchadha/coursera-deep-learning-specialization:C2 - …/Week 1/Initialization/
  Initialization.ipynb@e9de0f4d``;
- 2017: ``Kulbear/deep-learning-coursera:Improving Deep Neural Networks …/Initialization.ipynb@997fdb2e``.
"""

from __future__ import annotations

import numpy as np
import pytest

from dnnstep.course2 import initialization as course
from dnnstep.course2.datasets import load_circles

from .printed import costs_printed, printed, ulps

EVERY_1000 = range(0, 15000, 1000)

ZEROS_2021 = [0.6931471805599453] * 10 + [0.6931471805599455] + [0.6931471805599453] * 4
RANDOM = {
    "2021": [float("inf"), 0.6247924745506072, 0.5980258056061102, 0.5637539062842213, 0.5501256393526495,
             0.5443826306793814, 0.5373895855049121, 0.47157999220550006, 0.39770475516243037,
             0.3934560146692851, 0.3920227137490125, 0.38913700035966736, 0.3861358766546214,
             0.38497629552893475, 0.38276694641706693],
    "2019": [float("inf"), 0.6239567039908781, 0.5978043872838292, 0.563595830364618, 0.5500816882570866,
             0.5443417928662615, 0.5373553777823036, 0.4700141958024487, 0.3976617665785177,
             0.39344405717719166, 0.39201765232720626, 0.38910685278803786, 0.38612995897697244,
             0.3849735792031832, 0.38275100578285265],
    "2017": [float("inf"), 0.6237287551108738, 0.5981106708339466, 0.5638353726276827, 0.550152614449184,
             0.5444235275228304, 0.5374184054630083, 0.47357131493578297, 0.39775634899580387,
             0.3934632865981078, 0.39202525076484457, 0.38921493051297673, 0.38614221789840486,
             0.38497849983013926, 0.38278397192120406],
}
HE = {
    "2021": [0.8830537463419761, 0.6879825919728063, 0.6751286264523371, 0.6526117768893805, 0.6082958970572938,
             0.5304944491717495, 0.4138645817071794, 0.3117803464844441, 0.23696215330322562, 0.1859728720920684,
             0.15015556280371808, 0.12325079292273551, 0.09917746546525937, 0.08457055954024283,
             0.07357895962677366],
    "2019": [0.8830537463419761, 0.6879825919728063, 0.6751286264523371, 0.6526117768893807, 0.6082958970572938,
             0.5304944491717495, 0.4138645817071794, 0.3117803464844441, 0.23696215330322562, 0.18597287209206836,
             0.15015556280371817, 0.12325079292273552, 0.09917746546525932, 0.08457055954024274,
             0.07357895962677362],
    "2017": [0.8830537463419761, 0.6879825919728063, 0.6751286264523371, 0.6526117768893807, 0.6082958970572938,
             0.5304944491717495, 0.4138645817071794, 0.3117803464844441, 0.23696215330322562, 0.18597287209206836,
             0.1501555628037182, 0.12325079292273548, 0.09917746546525937, 0.0845705595402428,
             0.07357895962677366],
}
# "On the train set: / On the test set:" accuracies, the same in every edition.
ACCURACY = {"zeros": ("0.5", "0.5"), "random": ("0.83", "0.86"), "he": ("0.9933333333333333", "0.96")}


@pytest.fixture(scope="module")
def circles():
    return course.load_dataset()


@pytest.fixture(scope="module")
def runs(circles):
    """The three runs of the notebook, each with its printed lines and its train and test predictions."""
    train_X, train_Y, test_X, test_Y = circles
    result = {}
    for initialization in course.INITIALIZATIONS:
        parameters, lines = printed(course.model, train_X, train_Y, initialization=initialization)
        _, train_line = printed(course.predict, train_X, train_Y, parameters)
        _, test_line = printed(course.predict, test_X, test_Y, parameters)
        result[initialization] = (parameters, lines, train_line + test_line)
    return result


# --------------------------------------------------------------------------------------------
# unit cases
# --------------------------------------------------------------------------------------------


def test_init_1_zeros() -> None:
    parameters = course.initialize_parameters_zeros([3, 2, 1])
    assert {k: v.shape for k, v in parameters.items()} == {"W1": (2, 3), "b1": (2, 1), "W2": (1, 2), "b2": (1, 1)}
    assert all(not v.any() for v in parameters.values())


def test_init_2_random() -> None:
    parameters = course.initialize_parameters_random([3, 2, 1])
    assert np.allclose(parameters["W1"], [[17.88628473, 4.36509851, 0.96497468],
                                          [-18.63492703, -2.77388203, -3.54758979]], atol=5e-9)
    assert np.allclose(parameters["W2"], [[-0.82741481, -6.27000677]], atol=5e-9)
    assert not parameters["b1"].any() and parameters["b1"].shape == (2, 1)
    assert not parameters["b2"].any() and parameters["b2"].shape == (1, 1)


def test_init_3_he() -> None:
    parameters = course.initialize_parameters_he([2, 4, 1])
    assert np.allclose(parameters["W1"], [[1.78862847, 0.43650985], [0.09649747, -1.8634927],
                                          [-0.2773882, -0.35475898], [-0.08274148, -0.62700068]], atol=5e-9)
    assert np.allclose(parameters["W2"], [[-0.03098412, -0.33744411, -0.92904268, 0.62552248]], atol=5e-9)
    assert parameters["b1"].shape == (4, 1) and not parameters["b1"].any()


def test_init_4_he_public_tests() -> None:
    parameters = course.initialize_parameters_he([3, 1, 2])
    assert np.allclose(parameters["W1"], [[1.46040903, 0.3564088, 0.07878985]], atol=5e-9)
    assert np.allclose(parameters["W2"], [[-2.63537665], [-0.39228616]], atol=5e-9)
    assert parameters["b1"].tolist() == [[0.0]] and parameters["b2"].tolist() == [[0.0], [0.0]]


def test_random_initialisations_seed_the_global_generator_as_the_course_does() -> None:
    np.random.seed(99)
    first = course.initialize_parameters_random([2, 3, 1])
    np.random.seed(12345)
    second = course.initialize_parameters_random([2, 3, 1])
    assert all(np.array_equal(first[k], second[k]) for k in first)
    np.random.seed(3)
    assert np.array_equal(np.random.randn(3, 2) * np.sqrt(2. / 2), course.initialize_parameters_he([2, 3, 1])["W1"])


def test_load_dataset_is_the_circles(circles) -> None:
    for ours, theirs in zip(circles, load_circles()):
        assert np.array_equal(ours, theirs)


def test_unknown_initialization_is_named(circles) -> None:
    with pytest.raises(ValueError, match="initialization must be one of 'zeros', 'random', 'he', not 'xavier'"):
        course.model(circles[0], circles[1], num_iterations=1, initialization="xavier")


# --------------------------------------------------------------------------------------------
# the published runs
# --------------------------------------------------------------------------------------------


def test_zeros_run(runs) -> None:
    """CASES.md 9.1: the zeros run's log(2) wobbles by an ulp or two between machines."""
    parameters, lines, accuracy = runs["zeros"]
    costs = costs_printed(lines)
    assert list(costs) == list(EVERY_1000)
    assert all(ulps(ours, theirs) <= 2 for ours, theirs in zip(costs.values(), ZEROS_2021))
    assert accuracy == ["Accuracy: " + a for a in ACCURACY["zeros"]]


def test_zeros_keep_every_unit_of_a_layer_equal(runs) -> None:
    """The symmetry zeros cannot break: after 15 000 iterations every row of W1, W2 is the same."""
    parameters = runs["zeros"][0]
    for name in ("W1", "b1", "W2", "b2"):
        assert np.all(parameters[name] == parameters[name][0]), name


@pytest.mark.parametrize("edition", ["2021", "2019", "2017"])
def test_he_run(runs, edition) -> None:
    """He initialisation reproduces every published print to 1e-12 relative (CASES.md 9.1)."""
    parameters, lines, accuracy = runs["he"]
    costs = costs_printed(lines)
    assert list(costs) == list(EVERY_1000)
    assert np.allclose(list(costs.values()), HE[edition], rtol=1e-12, atol=0)
    assert accuracy == ["Accuracy: " + a for a in ACCURACY["he"]]


def test_he_run_prints_the_notebooks_lines(runs) -> None:
    lines = runs["he"][1]
    assert lines[0] == "Cost after iteration 0: 0.8830537463419761"
    assert lines[5] == "Cost after iteration 5000: 0.5304944491717495"
    assert len(lines) == 15


@pytest.mark.parametrize("edition", ["2021", "2019", "2017"])
def test_large_random_run(runs, edition) -> None:
    """The large random run is platform-sensitive and is checked loosely.

    Weights of size ~10 saturate the sigmoid: the first cost is ``inf`` and the run goes through
    ``exp``/``log`` of extreme values, whose last bits differ between numpy builds. The three
    published runs differ among themselves by up to 3.6e-3 (at iteration 7000, 2017 against
    2019-20); this machine's run lies within 4.7e-4 of 2019-20's, 1.6e-3 of 2021's and 3.6e-3 of
    2017's, and its accuracies are the same.
    """
    parameters, lines, accuracy = runs["random"]
    costs = list(costs_printed(lines).values())
    assert costs[0] == float("inf") and lines[0] == "Cost after iteration 0: inf"
    assert np.allclose(costs[1:], RANDOM[edition][1:], rtol=0, atol=4e-3)
    assert accuracy == ["Accuracy: " + a for a in ACCURACY["random"]]


def test_costs_are_recorded_every_1000(circles) -> None:
    costs = []
    _, lines = printed(course.model, circles[0], circles[1], num_iterations=2001, costs=costs)
    assert len(costs) == 3 and [float(c) for c in costs] == list(costs_printed(lines).values())
    costs = []
    _, lines = printed(course.model, circles[0], circles[1], num_iterations=2001, print_cost=False, costs=costs)
    assert lines == [] and costs == []

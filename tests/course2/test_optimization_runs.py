"""C2W2 Optimization Methods: the notebooks' published training runs on the moons, line for line.

Each run's printed lines ("Cost after epoch %i: %f", with decay "learning rate after epoch %i: %f",
then ``predict``'s "Accuracy: ...") are compared as text with the notebooks' outputs:
- 2021 (5 000 epochs, the epoch's average cost): ``wy-luke/2021-Updated-Coursera-Deep-Learning-
  Specialization-Assignments:C2-…/Week 2/Optimization Methods.md@4a961cd4``; the gd, momentum, Adam
  and ``update_lr`` runs print the same in ``greyhatguy007/deep-learning-specialization:C2-…/week2/
  pogramming assignments/W2A1/Optimization_methods.ipynb@dcc04544`` (whose ``schedule_lr_decay``
  runs used a decay without the floor and are not the course's);
- 2017 (10 000 epochs, the last mini-batch's mean cost): ``Anosy/Ng_DL:2_2_optimization/README.md@
  2d9193b4`` (gd and momentum also in ``Kulbear/deep-learning-coursera``'s notebook, whose Adam run
  does not follow the notebook's formula); its accuracies print 12 digits (``0.796666666667``);
- 2019-20 (10 000 epochs, the epoch's average): no published run was found; its first 5 000 epochs
  are the 2021 run's, which is checked.
"""

from __future__ import annotations

import numpy as np
import pytest

from dnnstep.course2 import optimization as course

from .printed import printed

LAYERS = [2, 5, 2, 1]


def _lines(costs, accuracy, rates=None):
    lines = []
    for i, cost in enumerate(costs):
        lines.append(f"Cost after epoch {1000 * i}: {cost}")
        if rates:
            lines.append(f"learning rate after epoch {1000 * i}: {rates[i]}")
    return lines + [f"Accuracy: {accuracy}"]


DECAY_RATES = {
    "update_lr": ["0.100000", "0.000100", "0.000050", "0.000033", "0.000025"],
    "schedule_lr_decay": ["0.100000", "0.050000", "0.033333", "0.025000", "0.020000"],
    "schedule_lr_decay adam": ["0.010000", "0.005000", "0.003333", "0.002500", "0.002000"],
}

RUNS_2021 = {
    "gd": (dict(optimizer="gd"),
           _lines(["0.702405", "0.668101", "0.635288", "0.600491", "0.573367"], "0.7166666666666667")),
    "momentum": (dict(optimizer="momentum", beta=0.9),
                 _lines(["0.702413", "0.668167", "0.635388", "0.600591", "0.573444"], "0.7166666666666667")),
    "adam": (dict(optimizer="adam"),
             _lines(["0.702166", "0.167845", "0.141316", "0.138788", "0.136066"], "0.9433333333333334")),
    "gd update_lr": (dict(optimizer="gd", learning_rate=0.1, num_epochs=5000, decay=course.update_lr),
                     _lines(["0.701091", "0.661884", "0.658620", "0.656765", "0.655486"], "0.6533333333333333",
                            DECAY_RATES["update_lr"])),
    "gd schedule_lr_decay": (dict(optimizer="gd", learning_rate=0.1, num_epochs=5000, decay=course.schedule_lr_decay),
                             _lines(["0.701091", "0.127161", "0.120304", "0.117033", "0.117512"],
                                    "0.9433333333333334", DECAY_RATES["schedule_lr_decay"])),
    "momentum schedule_lr_decay": (dict(optimizer="momentum", learning_rate=0.1, num_epochs=5000,
                                        decay=course.schedule_lr_decay),
                                   _lines(["0.702226", "0.128974", "0.125965", "0.123375", "0.123218"],
                                          "0.9533333333333334", DECAY_RATES["schedule_lr_decay"])),
    "adam schedule_lr_decay": (dict(optimizer="adam", learning_rate=0.01, num_epochs=5000,
                                    decay=course.schedule_lr_decay),
                               _lines(["0.699346", "0.130074", "0.129826", "0.129282", "0.128361"], "0.94",
                                      DECAY_RATES["schedule_lr_decay adam"])),
}

RUNS_2017 = {
    "gd": (dict(optimizer="gd"),
           ["0.690736", "0.685273", "0.647072", "0.619525", "0.576584", "0.607243", "0.529403", "0.460768",
            "0.465586", "0.464518"], 0.796666666667),
    "momentum": (dict(optimizer="momentum", beta=0.9),
                 ["0.690741", "0.685341", "0.647145", "0.619594", "0.576665", "0.607324", "0.529476", "0.460936",
                  "0.465780", "0.464740"], 0.796666666667),
    "adam": (dict(optimizer="adam"),
             ["0.690552", "0.185567", "0.150852", "0.074454", "0.125936", "0.104235", "0.100552", "0.031601",
              "0.111709", "0.197648"], 0.94),
}


@pytest.fixture(scope="module")
def moons():
    return course.load_dataset()


def _run(moons, options, **extra):
    X, Y = moons
    costs = []
    parameters, lines = printed(course.model, X, Y, LAYERS, costs=costs, **options, **extra)
    _, accuracy = printed(course.predict, X, Y, parameters)
    return lines + accuracy, costs


@pytest.mark.parametrize("name", list(RUNS_2021))
def test_published_run_2021(moons, name) -> None:
    options, expected = RUNS_2021[name]
    lines, costs = _run(moons, options)
    assert lines == expected
    assert len(costs) == 50  # recorded every 100 epochs: what the notebook plots


@pytest.mark.slow
@pytest.mark.parametrize("name", list(RUNS_2017))
def test_published_run_2017(moons, name) -> None:
    options, costs, accuracy = RUNS_2017[name]
    lines, recorded = _run(moons, options, edition="2017")
    assert lines[:-1] == _lines(costs, "")[:-1]
    assert round(float(lines[-1].removeprefix("Accuracy: ")), 12) == accuracy
    assert len(recorded) == 100


@pytest.mark.parametrize("name", ["gd", "adam"])
def test_2019_begins_as_2021(moons, name) -> None:
    """2019-20 trains 10 000 epochs with 2021's arithmetic: its first 4 001 epochs print 2021's lines."""
    options, expected = RUNS_2021[name]
    lines, _ = _run(moons, options, edition="2019", num_epochs=4001)
    assert lines[:-1] == expected[:-1]


def test_the_2017_cost_is_the_last_mini_batchs(moons) -> None:
    """2017 prints the mean cost of the epoch's last mini-batch (44 examples), 2019 on the epoch average."""
    X, Y = moons
    _, lines = printed(course.model, X, Y, LAYERS, "gd", num_epochs=1, edition="2017")
    parameters = course.initialize_parameters(LAYERS)
    batches = course.random_mini_batches(X, Y, 64, 11)
    for batch_X, batch_Y in batches[:-1]:
        a3, cache = course.forward_propagation(batch_X, parameters)
        grads = course.backward_propagation(batch_X, batch_Y, cache)
        parameters = course.update_parameters_with_gd(parameters, grads, 0.0007)
    a3, _ = course.forward_propagation(batches[-1][0], parameters)
    assert batches[-1][0].shape == (2, 44)
    assert lines == ["Cost after epoch 0: %f" % course.compute_cost(a3, batches[-1][1], edition="2017")]


def test_adam_counts_t_across_epochs(moons) -> None:
    """``t`` is counted up before every mini-batch update and never reset: 5 per epoch on 300 examples."""
    X, Y = moons
    seen = []
    original = course.update_parameters_with_adam

    def spy(parameters, grads, v, s, t, *args, **kwargs):
        seen.append(t)
        return original(parameters, grads, v, s, t, *args, **kwargs)

    course.update_parameters_with_adam = spy
    try:
        printed(course.model, X, Y, LAYERS, "adam", num_epochs=2)
    finally:
        course.update_parameters_with_adam = original
    assert seen == list(range(1, 11))


def test_without_print_cost_nothing_is_printed_or_recorded(moons) -> None:
    X, Y = moons
    costs = []
    parameters, lines = printed(course.model, X, Y, LAYERS, "momentum", num_epochs=3, print_cost=False, costs=costs)
    assert lines == [] and costs == []
    assert sorted(parameters) == ["W1", "W2", "W3", "b1", "b2", "b3"]
    assert np.all(np.isfinite(parameters["W1"]))

"""Every course edition is recognised from the evidence a file carries, and judged by its own rules."""

from __future__ import annotations

import numpy as np
import pytest

from dnnstep import course
from dnnstep.homework.editions import (
    CURRENT, E2017, E2018, E2021, EditionFinding, decide, detect, expected_for, shift_keys,
)
from tests.homework.make_edition_fixtures import EDITIONS, expected_files, fixtures

FIXTURE_FILES = [(f.edition, f"{f.folder}/{name}") for f in fixtures() for name in (f"{f.stem}.py", f.notebook)]


def test_committed_edition_fixtures_are_what_the_generator_writes():
    for name, text in expected_files().items():
        assert (EDITIONS / name).read_text() == text, f"{name} is stale: run python tests/homework/make_edition_fixtures.py"


@pytest.mark.parametrize("edition,name", FIXTURE_FILES, ids=[n for _, n in FIXTURE_FILES])
def test_each_fixture_is_recognised_as_its_edition(edition, name):
    detection = detect(EDITIONS / name)
    assert detection.edition.key == edition
    assert detection.decided, detection.evidence(10)


def test_the_evidence_is_named_with_the_editions_it_fits():
    detection = detect(EDITIONS / "2017/Building your Deep Neural Network - Step by Step v5.ipynb")
    seen = [c.describe() for c in detection.clues]
    assert "imports testCases_v3 (2017)" in seen
    assert "imports dnn_utils_v2 (2017 or 2018)" in seen
    assert "the template's comment Outputs: grads[\"dAL\"] (2017)" in seen
    assert "the expected cost 0.41493159961 (testCases v2-v4) (2017 or 2018)" in seen
    assert "notebook metadata with a Coursera graded_item_id (2017 or 2018)" in seen


def test_dnn_utils_v2_alone_does_not_decide_between_2017_and_2018(tmp_path):
    path = tmp_path / "hw.py"
    path.write_text("import numpy as np\nfrom dnn_utils_v2 import sigmoid, relu\n")
    detection = detect(path)
    assert [e.key for e in detection.candidates] == ["2017", "2018"]
    assert not detection.decided and not detection.mixed
    assert detection.others() == (E2017, E2021)


def test_a_file_without_evidence_is_the_current_edition_checked_every_way(tmp_path):
    path = tmp_path / "hw.py"
    path.write_text("import numpy as np\n\ndef linear_forward(A, W, b):\n    return np.dot(W, A) + b, (A, W, b)\n")
    detection = detect(path)
    assert detection.edition == CURRENT and not detection.clues and not detection.decided
    assert detection.others() == (E2018, E2017)


def test_evidence_that_points_both_ways_is_mixed(tmp_path):
    path = tmp_path / "hw.py"
    path.write_text('from public_tests import *\nfrom testCases_v3 import *\nfrom testCases_v2 import *\n')
    detection = detect(path)
    assert detection.edition == E2017 and detection.mixed and not detection.decided
    assert decide([]).edition == CURRENT


def test_a_broken_notebook_gives_no_evidence_rather_than_an_error(tmp_path):
    path = tmp_path / "hw.ipynb"
    path.write_text("{" * 100_000)
    assert detect(path).clues == ()


def test_the_2017_grads_are_the_current_ones_one_key_higher():
    grads = course.L_model_backward(*_backward_inputs())
    old = expected_for(E2017, "L_model_backward", grads)
    assert sorted(old) == ["dA1", "dA2", "dW1", "dW2", "db1", "db2"]
    assert old["dA1"] is grads["dA0"] and old["dA2"] is grads["dA1"]
    assert expected_for(E2018, "L_model_backward", grads) is grads
    assert shift_keys(old, -1).keys() == grads.keys()


def test_models_before_2021_return_the_parameters_only():
    value = ({"W1": np.ones((1, 1))}, [np.array(0.5)])
    assert expected_for(E2017, "L_layer_model", value) is value[0]
    assert expected_for(E2018, "two_layer_model", value) is value[0]
    assert expected_for(E2021, "L_layer_model", value) is value


def test_the_headline_names_the_edition_and_its_conventions():
    detection = detect(EDITIONS / "2017/step.py")
    finding = EditionFinding(detection, {"L_model_backward": E2017}, {})
    assert finding.headline("ipynb") == ("This notebook follows the 2017 edition (grads keys dA1…dAL, models return "
                                         "parameters only); checked by that edition's rules.")
    assert finding.only_by_edition(True) == ("Against the 2021 edition's rules it differs only by its edition: "
                                             "L_model_backward: grads keys dA1…dAL (the 2017 edition) instead of "
                                             "dA0…dA(L-1).")
    assert finding.only_by_edition(False) == ""


def test_the_headline_of_a_file_checked_both_ways_says_which_fits():
    finding = EditionFinding(decide([]), {"L_layer_model": E2018}, {})
    assert finding.headline("py") == ("Nothing in this file names a course edition; checked both ways: "
                                      "L_layer_model fits the 2018 edition (returns parameters only).")
    assert finding.edition == E2018


def _backward_inputs():
    rng = np.random.default_rng(0)
    A0, W1, b1 = rng.standard_normal((4, 3)), rng.standard_normal((2, 4)), np.zeros((2, 1))
    Z1 = W1 @ A0 + b1
    A1 = np.maximum(0, Z1)
    W2, b2 = rng.standard_normal((1, 2)), np.zeros((1, 1))
    Z2 = W2 @ A1 + b2
    AL = 1 / (1 + np.exp(-Z2))
    return AL, np.array([[1, 0, 1]]), [((A0, W1, b1), Z1), ((A1, W2, b2), Z2)]

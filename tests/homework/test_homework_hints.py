"""Each hint fires on the numbers of its mistake, and on nothing else."""

from __future__ import annotations

import copy

import numpy as np
import pytest

from dnnstep import course
from dnnstep.homework.comparing.cases import course_cases
from dnnstep.homework.comparing.returns import compare_outputs
from dnnstep.homework.diagnosing.hints import CODES, diagnose, tensor_hint


def _codes(function, args, actual, m=None):
    expected = getattr(course, function)(*copy.deepcopy(args))
    comparison = compare_outputs(function, expected, actual)
    assert not comparison.ok
    hints = diagnose(function, args, expected, actual, comparison, m)
    assert all(h.code in CODES for h in hints)
    return [h.code for h in hints], hints


def _case(function, which=0):
    return [c for c in course_cases() if c.function == function][which]


def _linear_cache_with_zeros_in_Z():
    A_prev = np.array([[1.0, 0.0, 2.0], [0.5, 0.0, -1.0]])
    W = np.array([[1.0, -1.0], [0.5, 2.0]])
    b = np.zeros((2, 1))
    Z = W @ A_prev + b  # the middle column is exactly 0
    return (A_prev, W, b), Z


def test_relu_mask_that_keeps_dA_where_Z_is_exactly_zero():
    linear_cache, Z = _linear_cache_with_zeros_in_Z()
    assert (Z[:, 1] == 0).all()
    dA = np.array([[0.3, -0.2, 0.4], [0.1, 0.5, -0.7]])
    args = (dA, (linear_cache, Z), "relu")
    actual = course.linear_backward(dA * (Z >= 0), linear_cache)  # dZ[Z < 0] = 0
    codes, hints = _codes("linear_activation_backward", args, actual, m=3)
    assert codes == ["relu-mask"]
    assert "Z == 0" in hints[0].message


def test_masking_on_A_is_the_same_as_masking_on_Z():
    """relu(Z) > 0 exactly where Z > 0: a student masking on A = relu(Z) is right, and is not blamed."""
    linear_cache, Z = _linear_cache_with_zeros_in_Z()
    dA = np.array([[0.3, -0.2, 0.4], [0.1, 0.5, -0.7]])
    A = np.maximum(0, Z)
    on_A = course.linear_backward(dA * (A > 0), linear_cache)
    expected = course.linear_activation_backward(dA, (linear_cache, Z), "relu")
    assert compare_outputs("linear_activation_backward", expected, on_A).ok


@pytest.mark.parametrize("dZ_of, words", [
    (lambda dA, Z: dA, "no mask"),
    (lambda dA, Z: dA * np.maximum(0, Z), "relu(Z)"),
])
def test_other_relu_derivative_mistakes(dZ_of, words):
    case = _case("linear_activation_backward", 1)
    dA, (linear_cache, Z), activation = case.args
    assert activation == "relu"
    actual = course.linear_backward(dZ_of(dA, Z), linear_cache)
    codes, hints = _codes("linear_activation_backward", case.args, actual, case.m)
    assert codes == ["relu-mask"] and words in hints[0].message


def test_sigmoid_derivative_without_one_minus_s():
    case = _case("linear_activation_backward", 0)
    dA, (linear_cache, Z), activation = case.args
    assert activation == "sigmoid"
    s = 1 / (1 + np.exp(-Z))
    codes, _ = _codes("linear_activation_backward", case.args, course.linear_backward(dA * s, linear_cache), case.m)
    assert codes == ["sigmoid-derivative"]


def test_linear_forward_without_b():
    case = _case("linear_forward")
    A, W, b = case.args
    codes, hints = _codes("linear_forward", case.args, (W @ A, (A, W, b)))
    assert codes == ["no-bias"] and hints[0].tensor == "Z"


def test_cost_not_squeezed_and_cost_without_the_second_term():
    case = _case("compute_cost")
    AL, Y = case.args
    m = Y.shape[1]
    full = -np.sum(Y * np.log(AL) + (1 - Y) * np.log(1 - AL), keepdims=True) / m
    assert _codes("compute_cost", case.args, full, m)[0] == ["squeeze"]
    assert _codes("compute_cost", case.args, -np.sum(Y * np.log(AL)) / m, m)[0] == ["factor"]
    assert _codes("compute_cost", case.args, -np.sum(Y * np.log(AL) + (1 - Y) * np.log(1 - AL)), m)[0] == \
        ["missing-1/m"]


def test_update_without_the_learning_rate_and_b_broadcast_from_an_unkept_db():
    case = _case("update_parameters")
    params, grads, rate = case.args
    no_rate = {k: params[k] - grads["d" + k] for k in params}
    assert _codes("update_parameters", case.args, no_rate)[0] == ["learning-rate"]
    broadcast = dict(course.update_parameters(params, grads, rate))
    broadcast["b1"] = params["b1"] - rate * grads["db1"].ravel()  # db1 of shape (3,): b1 becomes (3, 3)
    codes, hints = _codes("update_parameters", case.args, broadcast)
    assert codes == ["b-broadcast"] and hints[0].tensor == "b1"


def test_weights_without_the_001_scale_are_a_factor_100():
    expected = course.initialize_parameters_deep([5, 4, 3])
    actual = {k: v * 100 if k.startswith("W") else v for k, v in expected.items()}
    codes, hints = _codes("initialize_parameters_deep", ([5, 4, 3],), actual)
    assert codes == ["factor", "factor"] and "exactly 100 times" in hints[0].message


def test_grads_keys_shifted_the_other_way():
    case = _case("L_model_backward")
    grads = course.L_model_backward(*copy.deepcopy(case.args))
    shifted = {(k[:2] + str(int(k[2:]) - 1) if k[:2] in ("dW", "db") else k): v for k, v in grads.items()}
    codes, hints = _codes("L_model_backward", case.args, shifted, case.m)
    assert codes[0] == "grads-keys" and "'dW1' is stored as 'dW0'" in hints[0].message


def test_a_wrong_value_that_is_no_known_mistake_gets_no_hint():
    case = _case("linear_backward")
    dA_prev, dW, db = course.linear_backward(*copy.deepcopy(case.args))
    noisy = dW + np.random.default_rng(0).standard_normal(dW.shape) * 0.1
    codes, _ = _codes("linear_backward", case.args, (dA_prev, noisy, db), case.m)
    assert codes == []


def test_tensor_hints_need_an_exact_ratio():
    e = np.array([[1.0, -2.0, 3.0]])
    assert tensor_hint("dW", e, e * 4, m=4).code == "missing-1/m"
    assert tensor_hint("dW", e, e / 4, m=4).code == "extra-1/m"
    assert tensor_hint("dW", e, -e, m=4).code == "sign"
    assert tensor_hint("dW", e, e * 4 + np.array([[0, 0, 1e-3]]), m=4) is None


def test_relu_mask_on_the_linear_cache_A_prev_when_the_shapes_agree():
    rng = np.random.default_rng(5)
    A_prev, W, b = rng.standard_normal((3, 4)), rng.standard_normal((3, 3)), rng.standard_normal((3, 1))
    Z = W @ A_prev + b
    dA = rng.standard_normal((3, 4))
    args = (dA, ((A_prev, W, b), Z), "relu")
    actual = course.linear_backward(dA * (A_prev > 0), (A_prev, W, b))
    codes, hints = _codes("linear_activation_backward", args, actual, m=4)
    assert codes == ["relu-mask"] and "A_prev" in hints[0].message


def test_dAL_with_the_second_term_added_and_sigmoid_backward_in_hidden_layers():
    case = _case("L_model_backward")
    AL, Y, caches = copy.deepcopy(case.args)
    Y = Y.reshape(AL.shape)
    dAL = -(Y / AL + (1 - Y) / (1 - AL))
    grads = {}
    dA_prev, grads["dW2"], grads["db2"] = course.linear_activation_backward(dAL, caches[1], "sigmoid")
    grads["dA1"] = dA_prev
    grads["dA0"], grads["dW1"], grads["db1"] = course.linear_activation_backward(dA_prev, caches[0], "relu")
    assert "dAL-formula" in _codes("L_model_backward", case.args, grads, case.m)[0]
    all_sigmoid = dict(course.L_model_backward(*copy.deepcopy(case.args)))
    dAL = -(Y / AL - (1 - Y) / (1 - AL))
    dA1 = course.linear_activation_backward(dAL, caches[1], "sigmoid")[0]
    all_sigmoid["dA0"], all_sigmoid["dW1"], all_sigmoid["db1"] = course.linear_activation_backward(
        dA1, caches[0], "sigmoid")
    assert _codes("L_model_backward", case.args, all_sigmoid, case.m)[0] == ["activation"]


def test_all_zeros_where_the_reference_is_not():
    assert tensor_hint("W1", np.array([[0.1, -0.2]]), np.zeros((1, 2)), m=2).code == "zeros"


def test_a_ratio_between_two_single_numbers_is_no_hint():
    assert tensor_hint("J", np.array(0.5), np.array(0.6), m=4) is None
    assert tensor_hint("J", np.array(0.5), np.array(2.0), m=4).code == "missing-1/m"


def test_m_times_too_large_is_said_only_of_tensors_that_have_a_1_over_m():
    # linear_forward that doubles W in place on a case with m = 2: its cache's W was
    # "exactly m = 2 times too large: the 1/m is missing"; no 1/m goes into W or Z
    W = np.array([[0.5, -1.5, 2.0]])
    assert tensor_hint("cache[1] (W)", W, W * 2, m=2).code == "factor"
    assert tensor_hint("Z", W, W * 2, m=2).code == "factor"
    assert tensor_hint("grads['dW1']", W, W * 2, m=2).code == "missing-1/m"
    assert tensor_hint("cost", np.array(0.5), np.array(0.25), m=2).code == "extra-1/m"


def test_the_cost_as_an_outer_product_is_named_with_the_issues_figures():
    case = _case("compute_cost")
    AL, Y = case.args
    outer = np.squeeze(-1 / 3 * np.sum(np.dot(Y.T, np.log(AL)) + np.dot((1 - Y).T, np.log(1 - AL))))
    assert np.isclose(outer, 2.3041461) and np.isclose(course.compute_cost(AL, Y), 0.27977656)
    codes, hints = _codes("compute_cost", case.args, outer, case.m)
    assert codes == ["cost-outer"] and "m x m" in hints[0].message
    broadcast = np.squeeze(-1 / 3 * np.sum(Y * np.log(AL).T + (1 - Y) * np.log(1 - AL).T))
    assert _codes("compute_cost", case.args, broadcast, case.m)[0] == ["cost-outer"]


def test_a_cost_divided_by_a_written_in_m_names_the_number_and_not_the_1_over_m_ones():
    e = np.array(0.5)
    assert tensor_hint("cost", e, e * 3 / 209, m=3).message.startswith("cost is divided by 209, not by m = 3")
    assert tensor_hint("cost", e, e * 3, m=3).code == "missing-1/m"
    assert tensor_hint("cost", e, e / 3, m=3).code == "extra-1/m"
    assert tensor_hint("dW", np.array([[1.0, 2.0]]), np.array([[1.0, 2.0]]) * 3 / 209, m=3).code == "factor"


def test_the_plus_in_dAL_gets_one_hint_the_right_one():
    case = _case("L_model_backward")
    AL, Y, caches = case.args
    dAL = -(np.divide(Y, AL) + np.divide(1 - Y, 1 - AL))
    grads = {}
    dA = dAL
    for l, activation in ((2, "sigmoid"), (1, "relu")):
        dA, grads[f"dW{l}"], grads[f"db{l}"] = course.linear_activation_backward(dA, caches[l - 1], activation)
        grads[f"dA{l - 1}"] = dA
    codes, hints = _codes("L_model_backward", case.args, grads, case.m)
    assert codes == ["dAL-formula"] and set(hints[0].explains) == set(grads)


def test_a_model_that_predicts_a_mistake_the_student_did_not_make_stays_silent():
    """db summed over axis 0, dW right: only a model that leaves dW right may explain it."""
    case = _case("linear_backward")
    dA_prev, dW, db = course.linear_backward(*copy.deepcopy(case.args))
    dZ = case.args[0]
    wrong_db = np.sum(dZ, axis=0, keepdims=True) / case.m
    codes, hints = _codes("linear_backward", case.args, (dA_prev, dW, wrong_db), case.m)
    assert codes == ["db-axis"] and hints[0].explains == ("db",)


def test_b_of_shape_n_at_initialisation_is_not_told_about_keepdims():
    expected = course.initialize_parameters_deep([5, 4, 3])
    actual = {k: (v[:, 0] if k.startswith("b") else v) for k, v in expected.items()}
    codes, hints = _codes("initialize_parameters_deep", ([5, 4, 3],), actual)
    assert codes == ["b-shape"] and "np.zeros((layer_dims[l], 1))" in hints[0].message


def test_update_that_returns_its_input_is_not_told_b_is_zero():
    case = _case("update_parameters")
    params = {k: (np.zeros_like(v) if k.startswith("b") else v) for k, v in case.args[0].items()}
    args = (params, case.args[1], case.args[2])
    codes, _ = _codes("update_parameters", args, copy.deepcopy(params))
    assert codes == ["update-unchanged"]


def test_an_error_inside_the_courses_relu_backward_is_told_by_what_was_passed():
    from dnnstep.homework.diagnosing.exceptions import course_frame, explain_exception

    dA, Z = np.ones((3, 4)), np.ones((4, 4))
    try:
        course.relu_backward(dA, Z)
    except IndexError as error:
        message = f"IndexError: {error}"
    frame = {"where": course.__file__, "line": 142, "function": "relu_backward", "code": "dZ[Z <= 0] = 0"}
    (hint,) = explain_exception("linear_forward", (), message, frame)  # no model of linear_forward raises this
    assert hint.code == "helper-input"
    assert "dA has 3 rows where Z has 4" in hint.message
    shown = course_frame(frame)
    assert shown["function"] == "relu_backward" and "dnnstep" not in str(shown["line"])
    assert not str(shown["where"]).endswith(".py")


def test_application_cases_where_the_reference_never_trains_prove_nothing():
    from dnnstep.homework.comparing.cases import scenario_cases
    from dnnstep.scenario import load_scenario

    verdicts = {}
    for name in ("step_by_step", "five_layer", "high_lr"):
        for case in scenario_cases(load_scenario(name)):
            if case.function in ("two_layer_model", "L_layer_model"):
                verdicts[name, case.function] = bool(case.proves_nothing)
    assert verdicts == {("step_by_step", "two_layer_model"): False, ("step_by_step", "L_layer_model"): False,
                        ("five_layer", "two_layer_model"): False, ("five_layer", "L_layer_model"): True,
                        ("high_lr", "two_layer_model"): False, ("high_lr", "L_layer_model"): True}

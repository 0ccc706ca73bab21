"""A function that hung is stopped once, shown where it hung, and not called again."""

from __future__ import annotations

import textwrap

from dnnstep.homework.checking import check_homework

from .helpers import FIXTURES, HANG_TIMEOUT, SCENARIO, checked

HANG_LINE = next(i for i, line in enumerate((FIXTURES / "hang.py").read_text().splitlines(), 1)
                 if "cost += -(Y[0, i]" in line)


def test_the_timeout_says_where_the_function_hung():
    cost = next(f for f in checked("hang.py").functions if f.function == "compute_cost")
    assert cost.status == "timeout"
    assert cost.message == (f"did not return within {HANG_TIMEOUT:g} s (an infinite loop?) at "
                            f"{FIXTURES / 'hang.py'}, line {HANG_LINE}, in compute_cost; its process was stopped")
    assert cost.traceback[-1]["code"].startswith("cost += -(Y[0, i] * np.log(AL[0, i])")


def test_the_pipeline_does_not_call_it_again():
    divergence = checked("hang.py").pipelines[0].divergence
    assert divergence.status == "timeout" and divergence.label == "cost"
    assert divergence.message == (
        f"compute_cost failed: not called again: it did not return within {HANG_TIMEOUT:g} s on an earlier call at "
        f"{FIXTURES / 'hang.py'}, line {HANG_LINE}, in compute_cost (an infinite loop?)")


def test_a_function_that_hung_inside_another_is_not_run_again_by_it(tmp_path):
    homework = tmp_path / "inner_hang.py"
    homework.write_text(textwrap.dedent("""\
        import numpy as np
        from dnn_utils import sigmoid, relu

        def linear_activation_forward(A_prev, W, b, activation):
            while True: pass  # noqa: E701 - one line, so that the line where it hangs is this one

        def L_model_forward(X, parameters):
            A, caches = X, []
            L = len(parameters) // 2
            for l in range(1, L + 1):
                A, cache = linear_activation_forward(A, parameters["W" + str(l)], parameters["b" + str(l)],
                                                     "sigmoid" if l == L else "relu")
                caches.append(cache)
            return A, caches
        """))
    report = check_homework(homework, scenario_names=[SCENARIO], timeout=HANG_TIMEOUT, iterations=1)
    inner, outer = report.functions
    assert inner.function == "linear_activation_forward" and inner.status == "timeout"
    assert f"at {homework}, line 5, in linear_activation_forward" in inner.message
    assert outer.function == "L_model_forward" and outer.status == "timeout"
    assert outer.message == (f"linear_activation_forward is not called again: it did not return within "
                             f"{HANG_TIMEOUT:g} s on an earlier call at {homework}, line 5, in "
                             "linear_activation_forward (an infinite loop?)")
    assert [frame["function"] for frame in outer.traceback] == ["L_model_forward"]

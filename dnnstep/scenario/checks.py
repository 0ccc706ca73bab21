"""The checks a scenario must pass, shared by the TOML loader and ``make_scenario``.

Each check takes ``error(key, problem) -> ScenarioError`` so that the message names the
key the user wrote (``network.layer_dims``, ``data.X``, ``init.W2``) in their file, or the
argument they passed in code.
"""

from __future__ import annotations

import dataclasses
import math
from typing import Any, Callable, Mapping, Sequence

import numpy as np

from dnnstep.engine.activations import ACTIVATIONS
from dnnstep.engine.training import ARITHMETICS, CHECK_BACKWARDS, DECAYS, OPTIMIZERS, GradientCheck

from .errors import ScenarioError, did_you_mean, one_of, type_name
from .generators import DEFAULT_IMAGE_SHAPE
from .initializers import INIT_METHODS, describe, initialize, scalable_methods
from .model import Scenario

ErrorFn = Callable[[str, str], ScenarioError]

OUTPUT_ACTIVATION = "sigmoid"
MAX_SEED = 2**32 - 1
"""numpy's RandomState takes seeds 0 .. 2**32 - 1."""
MAX_EXAMPLES = 1_000_000
"""The most examples a generator makes."""
MAX_PARAMETERS = 100_000_000
"""The most numbers W1 .. WL may hold together (the course's cat net holds 246 000)."""
MAX_DATA_VALUES = 100_000_000
"""The most numbers one array of a data file may declare (the course's cat pictures hold 2.6 million);
checked on the shape a file declares, before anything is read."""
MAX_ITERATIONS = 1_000_000
"""The most iterations a scenario trains for (the course's cat nets train for 2 500 or 3 000)."""
WHY_SIGMOID = (
    "the output layer must be sigmoid: dnnstep trains with the course's binary "
    "cross-entropy cost, which needs AL in (0, 1)"
)


def integer(value: Any, error: ErrorFn, key: str, *, minimum: int | None = None,
            maximum: int | None = None) -> int:
    """An integer (not a boolean) in ``minimum .. maximum``."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise error(key, f"must be an integer, not {type_name(value)} ({value!r})")
    value = int(value)
    if minimum is not None and value < minimum:
        raise error(key, f"must be at least {minimum}, not {value}")
    if maximum is not None and value > maximum:
        raise error(key, f"must be at most {maximum}, not {value}")
    return value


def number(value: Any, error: ErrorFn, key: str, *, positive: bool = False) -> float:
    """A finite number (an integer counts), above 0 when ``positive``."""
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise error(key, f"must be a number, not {type_name(value)} ({value!r})")
    try:
        value = float(value)
    except OverflowError:
        raise error(key, "must be a finite number, not an integer too large for a float64") from None
    if not math.isfinite(value):
        raise error(key, f"must be a finite number, not {value}")
    if positive and value <= 0:
        raise error(key, f"must be positive, not {value:g}")
    return value


def choice(value: Any, choices: Sequence[str], error: ErrorFn, key: str, *, what: str) -> str:
    """A string that must be one of ``choices``; ``what`` names them (``"generator"``)."""
    if not isinstance(value, str):
        raise error(key, f"must be a string, not {type_name(value)}")
    if value not in choices:
        raise error(key, f"unknown {what} '{value}'{did_you_mean(value, choices)}; expected {one_of(choices)}")
    return value


def check_seed(value: Any, error: ErrorFn, key: str) -> int:
    """A seed numpy's RandomState takes: an integer in 0 .. 2**32 - 1."""
    return integer(value, error, key, minimum=0, maximum=MAX_SEED)


def draw_parameters(method: str, layer_dims: Sequence[int], seed: Any, scale: Any,
                    error: ErrorFn) -> tuple[dict[str, np.ndarray], str]:
    """W1, b1 .. WL, bL drawn by ``method`` with ``seed`` and ``scale`` (``None``: the method's
    own), checked, and how they were made for people (``"course-deep (seed 3)"``)."""
    rule = INIT_METHODS[method]
    seed = None if seed is None else check_seed(seed, error, "seed")
    scale = None if scale is None else number(scale, error, "scale", positive=True)
    if seed is not None and rule.seed is None:
        raise error("seed", f"'{method}' draws no random numbers, so it takes no seed")
    if scale is not None and rule.scale is None:
        raise error("scale", f"'{method}' takes no scale; only {one_of(scalable_methods())} do")
    parameters = initialize(method, layer_dims, seed=seed, scale=scale)
    for name, value in parameters.items():
        check_finite(value, error, "scale", f"makes {name} overflow: {name} ")
    return parameters, describe(method, seed=seed, scale=scale)


def check_examples(value: Any, n_x: int, error: ErrorFn, key: str) -> int:
    """How many examples a generator makes: 1 .. ``MAX_EXAMPLES``, and X (n[0], m) at most
    ``MAX_DATA_VALUES`` numbers."""
    m = integer(value, error, key, minimum=1, maximum=MAX_EXAMPLES)
    if n_x * m > MAX_DATA_VALUES:
        raise error(key, f"{m:,} examples of n[0] = {n_x:,} inputs would make X hold {n_x * m:,} numbers; "
                         f"dnnstep takes at most {MAX_DATA_VALUES:,} (here m at most {MAX_DATA_VALUES // n_x:,})")
    return m


def check_learning_rate(value: Any, error: ErrorFn, key: str) -> float:
    """Gradient descent's alpha: a finite number above 0."""
    return number(value, error, key, positive=True)


def check_num_iterations(value: Any, error: ErrorFn, key: str) -> int:
    """How long to train: 1 .. ``MAX_ITERATIONS`` iterations."""
    if isinstance(value, (int, np.integer)) and not isinstance(value, bool) and value > MAX_ITERATIONS:
        raise error(key, f"must be at most {MAX_ITERATIONS:,} iterations, not {int(value):,} "
                         f"(the course trains its cat networks for 2,500 or 3,000)")
    return integer(value, error, key, minimum=1)


def check_leaky_slope(value: Any, error: ErrorFn, key: str) -> float:
    """leaky_relu's slope below 0: a number in [0, 1)."""
    slope = number(value, error, key)
    if not 0 <= slope < 1:
        raise error(key, f"must be in [0, 1), not {slope:g}")
    return slope


def check_layer_dims(dims: Sequence[int], error: ErrorFn, key: str) -> tuple[int, ...]:
    """n[0..L]: at least two positive integers, n[L] = 1 (one sigmoid output unit)."""
    if len(dims) < 2:
        raise error(key, f"needs at least two sizes, n[0] (inputs) and n[L] = 1 (output), not {list(dims)}")
    for l, n in enumerate(dims):
        if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
            raise error(key, f"n[{l}] = {n!r}: every layer size must be a positive integer")
    size = sum(int(dims[l]) * int(dims[l - 1]) for l in range(1, len(dims)))
    if size > MAX_PARAMETERS:
        raise error(key, f"the weights W1 .. WL would hold {size:,} numbers; dnnstep takes at most {MAX_PARAMETERS:,}")
    if dims[-1] != 1:
        raise error(
            key,
            f"n[L] = n[{len(dims) - 1}] is {dims[-1]}, but the output is one sigmoid unit "
            f"(binary labels), so the last size must be 1",
        )
    return tuple(int(n) for n in dims)


def resolve_activations(
    L: int,
    hidden: str | None,
    per_layer: Sequence[str] | None,
    error: ErrorFn,
    *,
    hidden_key: str,
    list_key: str,
) -> tuple[str, ...]:
    """g[1..L] from a hidden activation or a per-layer list; the output must be sigmoid."""
    if hidden is not None and per_layer is not None:
        raise error(list_key, f"give either {hidden_key} or {list_key}, not both")
    if per_layer is None:
        hidden = "relu" if hidden is None else hidden
        check_activation(hidden, error, hidden_key)
        return (hidden,) * (L - 1) + (OUTPUT_ACTIVATION,)
    per_layer = list(per_layer)
    if len(per_layer) != L:
        raise error(list_key, f"has {len(per_layer)} activations, but the network has L = {L} layers (g[1..L])")
    for l, name in enumerate(per_layer, start=1):
        check_activation(name, error, f"{list_key}[{l - 1}]")
    if per_layer[-1] != OUTPUT_ACTIVATION:
        raise error(f"{list_key}[{L - 1}]", f"is '{per_layer[-1]}', but {WHY_SIGMOID}")
    return tuple(per_layer)


def check_activation(name: str, error: ErrorFn, key: str) -> None:
    if not isinstance(name, str) or name not in ACTIVATIONS:
        hint = did_you_mean(name, ACTIVATIONS) if isinstance(name, str) else ""
        raise error(key, f"unknown activation {name!r}{hint}; expected {one_of(ACTIVATIONS)}")


def check_finite(array: np.ndarray, error: ErrorFn, key: str, what: str = "") -> None:
    """Refuse NaN or Inf, naming where the first one is."""
    bad = ~np.isfinite(array)
    if bad.any():
        where = tuple(int(i) for i in np.argwhere(bad)[0])
        value = array[where]
        kind = "NaN" if np.isnan(value) else ("+Inf" if value > 0 else "-Inf")
        raise error(key, f"{what}holds {kind} at {list(where)} ({int(bad.sum())} value(s) are not finite numbers)")


def check_data(
    X: np.ndarray,
    Y: np.ndarray,
    n_x: int,
    error: ErrorFn,
    *,
    x_key: str,
    y_key: str,
    x_what: str = "",
    y_what: str = "",
) -> tuple[np.ndarray, np.ndarray]:
    """X must be (n[0], m) and finite, Y (1, m) of 0s and 1s. Returns them as float64.

    ``x_what`` and ``y_what`` start the problems (``"the X of data.npz "``) when the key
    alone does not say which array is meant.
    """
    X = np.asarray(X)
    Y = np.asarray(Y)
    for array, key, what in ((X, x_key, x_what), (Y, y_key, y_what)):
        if array.dtype.kind not in "biuf":
            raise error(key, f"{what}must hold numbers, not {array.dtype}")
    X = X.astype(np.float64, copy=False)
    Y = Y.astype(np.float64, copy=False)
    if X.ndim != 2:
        raise error(x_key, f"{x_what}must be 2-D, (n[0], m) = ({n_x}, m), not {X.shape}")
    if X.shape[0] != n_x:
        hint = " (is it transposed? the course puts one example per column)" if X.shape[1] == n_x else ""
        raise error(
            x_key,
            f"{x_what}has {X.shape[0]} rows, but n[0] (network.layer_dims[0]) is {n_x}; "
            f"X must be (n[0], m) = ({n_x}, m){hint}",
        )
    m = X.shape[1]
    if m == 0:
        raise error(x_key, f"{x_what}has no examples (no columns)")
    if Y.shape != (1, m):
        hint = ""
        if Y.shape == (m,):
            hint = "; write it as one row, [[y1, y2, ...]]"
        elif Y.shape == (m, 1):
            hint = "; it is a column, transpose it"
        raise error(y_key, f"{y_what}must be (1, m) = (1, {m}), one label per column of X, not {Y.shape}{hint}")
    check_finite(X, error, x_key, x_what)
    check_finite(Y, error, y_key, y_what)
    bad = (Y != 0) & (Y != 1)
    if bad.any():
        j = int(np.argwhere(bad)[0][1])
        raise error(y_key, f"{y_what}holds {Y[0, j]:g} at column {j}; labels must be 0 or 1")
    return X, Y


def check_parameters(
    parameters: Mapping[str, np.ndarray],
    layer_dims: Sequence[int],
    error: ErrorFn,
    *,
    prefix: str,
    complete: bool = True,
) -> None:
    """Each ``Wl`` is (n[l], n[l-1]) and each ``bl`` (n[l], 1), finite; all present if ``complete``."""
    L = len(layer_dims) - 1
    expected = {}
    for l in range(1, L + 1):
        expected[f"W{l}"] = (layer_dims[l], layer_dims[l - 1])
        expected[f"b{l}"] = (layer_dims[l], 1)
    for name, value in parameters.items():
        key = f"{prefix}{name}"
        if name not in expected:
            raise error(key, f"the network has L = {L} layers, so its parameters are W1, b1 .. W{L}, b{L}")
        shape = expected[name]
        if np.shape(value) != shape:
            hint = ""
            if name.startswith("b") and np.shape(value) == (shape[0],):
                hint = f": write it as a column, [{', '.join(['[0.0]'] * min(shape[0], 3))}{', ...' if shape[0] > 3 else ''}]"
            rule = "(n[l], n[l-1])" if name.startswith("W") else "(n[l], 1)"
            raise error(key, f"has shape {tuple(np.shape(value))}, but {name} must be {rule} = {shape}{hint}")
        check_finite(np.asarray(value, dtype=np.float64), error, key)
    if complete:
        missing = [name for name in expected if name not in parameters]
        if missing:
            raise error(f"{prefix}{missing[0]}", f"missing: explicit parameters need all of W1, b1 .. W{L}, b{L}; missing {', '.join(missing)}")


def check_image_shape(shape: Sequence[int], n_x: int, error: ErrorFn, key: str) -> tuple[int, int, int]:
    """(height, width, channels) whose product is n[0]."""
    if len(shape) != 3 or any(isinstance(n, bool) or int(n) < 1 for n in shape):
        raise error(key, f"must be [height, width, channels] of positive integers, e.g. {list(DEFAULT_IMAGE_SHAPE)}, not {list(shape)}")
    size = int(np.prod(shape))
    if size != n_x:
        raise error(key, f"{list(shape)} holds {size} numbers per picture, but n[0] is {n_x}")
    return tuple(int(n) for n in shape)


def check_classes(classes: Sequence[str], error: ErrorFn, key: str) -> tuple[str, str]:
    if len(classes) != 2 or not all(isinstance(c, str) for c in classes):
        raise error(key, f"must name the two labels, [name of 0, name of 1], not {list(classes)!r}")
    return (classes[0], classes[1])


# ---------------------------------------------------------------- Course 2's training

COURSES = (1, 2)
"""The course a scenario belongs to, for the list of scenarios: 1 (week 4) or 2 (Course 2)."""
MAX_CHECKED_PARAMETERS = 10_000
"""The most parameters a ``[gradient_check]`` moves one at a time (two forward passes each; the
course's network has 47)."""

#: Course 2's fields of ``[training]`` (and of ``make_scenario``), with their defaults: the
#: Scenario's attributes of those names (whose defaults are the engine's recipe's).
TRAINING_DEFAULTS: dict[str, Any] = {
    f.name: f.default for f in dataclasses.fields(Scenario)
    if f.name in ("optimizer", "beta", "beta1", "beta2", "epsilon", "mini_batch_size", "num_epochs",
                  "shuffle_seed", "decay", "decay_rate", "time_interval", "lambd", "keep_prob", "dropout_seed",
                  "arithmetic")
}
GRADIENT_CHECK_KEYS = ("epsilon", "backward")
#: Which field needs which: a key given without what it belongs to is refused, saying so.
_NEEDS = {
    "beta": ("optimizer", "momentum"), "beta1": ("optimizer", "adam"), "beta2": ("optimizer", "adam"),
    "epsilon": ("optimizer", "adam"), "time_interval": ("decay", "schedule_lr_decay"),
}
_WHAT = {
    "beta": "momentum's β", "beta1": "Adam's β1", "beta2": "Adam's β2", "epsilon": "Adam's ε",
    "time_interval": "schedule_lr_decay's interval",
}


def fraction(value: Any, error: ErrorFn, key: str, *, low_open: bool, high_open: bool) -> float:
    """A number between 0 and 1, each end included or not."""
    x = number(value, error, key)
    low_ok = x > 0 if low_open else x >= 0
    high_ok = x < 1 if high_open else x <= 1
    if not (low_ok and high_ok):
        interval = f"{'(' if low_open else '['}0, 1{')' if high_open else ']'}"
        raise error(key, f"must be in {interval}, not {x:g}")
    return x


def check_training(given: Mapping[str, Any], error: ErrorFn, *, m: int, layer_dims: Sequence[int],
                   num_iterations_given: bool, gradient_check: Mapping[str, Any] | None = None,
                   check_error: ErrorFn | None = None) -> dict[str, Any]:
    """Course 2's training fields (``given``: those the user wrote), checked together; returns every
    field, defaults filled in, as ``Scenario`` keyword arguments (``gradient_check`` a
    ``GradientCheck`` or ``None``). ``gradient_check`` is the ``[gradient_check]`` table's keys,
    whose problems ``check_error`` names."""
    v = {**TRAINING_DEFAULTS, **given}
    L = len(layer_dims) - 1
    v["optimizer"] = choice(v["optimizer"], OPTIMIZERS, error, "optimizer", what="optimizer")
    if "decay" in given:
        v["decay"] = choice(v["decay"], DECAYS, error, "decay", what="learning-rate decay")
    v["arithmetic"] = choice(v["arithmetic"], ARITHMETICS, error, "arithmetic", what="arithmetic")
    for key, (field, wanted) in _NEEDS.items():
        if key in given and v[field] != wanted:
            now = f"is '{v[field]}'" if v[field] is not None else "is not set"
            raise error(key, f"is {_WHAT[key]}, but {field} {now}: set {field} = \"{wanted}\" to use it")
    for key in ("beta", "beta1", "beta2"):
        v[key] = fraction(v[key], error, key, low_open=False, high_open=True)
    v["epsilon"] = number(v["epsilon"], error, "epsilon", positive=True)

    if "decay_rate" in given and v["decay"] is None:
        raise error("decay_rate", "belongs to a learning-rate decay, and decay is not set: "
                                  "set decay = \"update_lr\" or \"schedule_lr_decay\"")
    v["decay_rate"] = number(v["decay_rate"], error, "decay_rate")
    if v["decay_rate"] < 0:
        raise error("decay_rate", f"must be 0 or more, not {v['decay_rate']:g}")
    v["time_interval"] = integer(v["time_interval"], error, "time_interval", minimum=1)

    if v["mini_batch_size"] is None:
        for key in ("num_epochs", "shuffle_seed"):
            if key in given:
                raise error(key, "belongs to mini-batches: set mini_batch_size too (the course's is 64)")
    else:
        v["mini_batch_size"] = integer(v["mini_batch_size"], error, "mini_batch_size", minimum=1)
        if num_iterations_given:
            raise error("num_iterations", "with mini_batch_size an iteration is one mini-batch: give num_epochs "
                                          "(the number of passes over the data, as the course's model), "
                                          "not num_iterations")
        if v["num_epochs"] is None:
            raise error("num_epochs", "missing: with mini_batch_size, say how many epochs to train "
                                      "(the Optimization notebook's model trains 5000)")
        v["num_epochs"] = integer(v["num_epochs"], error, "num_epochs", minimum=1)
        batches = math.ceil(m / v["mini_batch_size"])
        if v["num_epochs"] * batches > MAX_ITERATIONS:
            raise error("num_epochs", f"{v['num_epochs']:,} epochs of {batches} mini-batches make "
                                      f"{v['num_epochs'] * batches:,} iterations; dnnstep trains at most "
                                      f"{MAX_ITERATIONS:,}")
        v["shuffle_seed"] = check_seed(v["shuffle_seed"], error, "shuffle_seed")
        if v["shuffle_seed"] + v["num_epochs"] > MAX_SEED:
            raise error("shuffle_seed", f"epoch e shuffles with seed shuffle_seed + 1 + e, which must stay within "
                                        f"numpy's 0 .. {MAX_SEED}: at most {MAX_SEED - v['num_epochs']} here")

    v["lambd"] = number(v["lambd"], error, "lambd")
    if v["lambd"] < 0:
        raise error("lambd", f"is the L2 strength λ: 0 (none) or more, not {v['lambd']:g}")
    v["keep_prob"] = fraction(v["keep_prob"], error, "keep_prob", low_open=True, high_open=False)
    if "dropout_seed" in given and v["keep_prob"] == 1:
        raise error("dropout_seed", "seeds dropout's masks, and keep_prob is 1 (no dropout): set keep_prob < 1")
    v["dropout_seed"] = check_seed(v["dropout_seed"], error, "dropout_seed")
    if v["keep_prob"] < 1 and L < 2:
        raise error("keep_prob", "dropout masks the hidden layers, and this network has none (L = 1)")
    if v["keep_prob"] < 1 and v["lambd"] > 0:
        raise error("keep_prob", "use L2 (lambd) or dropout (keep_prob), not both: the course's model "
                                 "asserts lambd == 0 or keep_prob == 1")

    v["gradient_check"] = None
    if gradient_check is not None:
        check_error = check_error or error
        settings = {"epsilon": 1e-7, "backward": "as_shipped", **gradient_check}
        epsilon = number(settings["epsilon"], check_error, "epsilon", positive=True)
        backward = choice(settings["backward"], CHECK_BACKWARDS, check_error, "backward", what="backward")
        for key in ("optimizer", "beta", "beta1", "beta2", "epsilon", "mini_batch_size", "num_epochs",
                    "shuffle_seed", "decay", "decay_rate", "time_interval"):
            if key in given:
                raise error(key, "a gradient check trains nothing (its last phase checks every parameter "
                                 "instead of updating), so it takes no " + key)
        if backward == "as_shipped" and L < 2:
            raise check_error("backward", "the shipped backward_propagation_n's bugs are in dW2 and db1: "
                                          "the network needs at least 2 layers; use backward = \"fixed\"")
        if backward == "as_shipped" and v["arithmetic"] == "init_utils":
            raise check_error("backward", "the shipped backward_propagation_n is written in reg_utils' arithmetic: "
                                          "set arithmetic = \"reg_utils\"")
        count = sum(int(layer_dims[l]) * (int(layer_dims[l - 1]) + 1) for l in range(1, L + 1))
        if count > MAX_CHECKED_PARAMETERS:
            raise check_error(None, f"moves each of the network's {count:,} parameters by ±ε, two forward passes "
                                    f"each; dnnstep checks at most {MAX_CHECKED_PARAMETERS:,} this way "
                                    f"(the course's network has 47): use a smaller network, or dnnstep gradcheck")
        v["gradient_check"] = GradientCheck(epsilon, backward)
    return v


def check_num_iterations_of_check(value: Any, error: ErrorFn, key: str) -> int:
    """A gradient check's iteration count: 1 (it trains nothing)."""
    n = integer(value, error, key, minimum=1)
    if n != 1:
        raise error(key, f"is {n}, but a gradient check trains nothing: it is one iteration "
                         "(leave num_iterations out)")
    return n


def check_course(value: Any, error: ErrorFn, key: str) -> int:
    """Which course a scenario belongs to: 1 or 2."""
    course = integer(value, error, key)
    if course not in COURSES:
        raise error(key, f"is {course}: dnnstep lists the scenarios of course 1 (week 4) and course 2")
    return course

"""The checks a scenario must pass, shared by the TOML loader and ``make_scenario``.

Each check takes ``error(key, problem) -> ScenarioError`` so that the message names the
key the user wrote (``network.layer_dims``, ``data.X``, ``init.W2``) in their file, or the
argument they passed in code.
"""

from __future__ import annotations

import math
from typing import Any, Callable, Mapping, Sequence

import numpy as np

from dnnstep.engine.activations import ACTIVATIONS

from .errors import ScenarioError, did_you_mean, one_of, type_name
from .generators import DEFAULT_IMAGE_SHAPE
from .initializers import INIT_METHODS, describe, initialize, scalable_methods

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

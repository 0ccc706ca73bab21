"""``make_scenario``: a Scenario built in code, with the same checks as a scenario file.

For tests and scripts that want a small network without writing a TOML file::

    from dnnstep.scenario import make_scenario
    s = make_scenario([2, 3, 1], m=8)                         # blobs, course-deep init, relu
    s = make_scenario([2, 4, 1], "tanh", data="flower", init="course-2layer", seed=2,
                      learning_rate=1.2)
    s = make_scenario([3, 1], X=X, Y=Y, init="explicit", parameters={"W1": W1, "b1": b1})

A mistake raises the same ``ScenarioError`` a file would, naming the argument at fault.
"""

from __future__ import annotations

from typing import Any, Mapping, Sequence

import numpy as np

from . import checks
from .errors import ScenarioError
from .generators import DEFAULT_IMAGE_SHAPE, DEFAULT_SEED, GENERATORS, generate
from .initializers import INIT_METHODS
from .model import Scenario

WHERE = "make_scenario"


def _error(key: str, problem: str) -> ScenarioError:
    return ScenarioError(problem, file=WHERE, key=key)


def make_scenario(
    layer_dims: Sequence[int],
    activations: str | Sequence[str] | None = None,
    *,
    X: Any = None,
    Y: Any = None,
    m: int | None = None,
    data: str = "blobs",
    data_seed: int = DEFAULT_SEED,
    data_options: Mapping[str, Any] | None = None,
    init: str = "course-deep",
    seed: int | None = None,
    scale: float | None = None,
    parameters: Mapping[str, Any] | None = None,
    learning_rate: float = 0.0075,
    num_iterations: int = 100,
    X_test: Any = None,
    Y_test: Any = None,
    image_shape: Sequence[int] | None = None,
    classes: Sequence[str] | None = None,
    leaky_slope: float = 0.01,
    name: str = "custom",
    title: str = "",
    description: str = "",
    expectations: Sequence[Mapping[str, Any]] = (),
) -> Scenario:
    """Build and check a Scenario in code.

    Args:
        layer_dims: n[0..L]; n[L] must be 1.
        activations: ``None`` (relu hidden layers), one hidden activation (``"tanh"``), or
            the list g[1..L] whose last entry is ``"sigmoid"``.
        X, Y: the training data, ``(n[0], m)`` and ``(1, m)``; when not given, the
            generator ``data`` makes ``m`` examples with ``data_seed`` (and ``data_options``
            such as ``{"noise": 0.2}``).
        init: ``"course-deep"``, ``"course-2layer"``, ``"course-app"``, ``"he"``,
            ``"xavier"``, ``"zeros"`` or ``"explicit"``; ``seed`` and ``scale`` override the
            method's own. ``parameters`` (``{"W1": ..., "b1": ...}``) gives every array for
            ``"explicit"``, or replaces some of the drawn ones for the other methods.
        learning_rate, num_iterations: gradient descent's alpha and how long to train.
        X_test, Y_test: an optional test set.
        image_shape: ``(height, width, channels)`` when each column of X is a picture.
        classes: the names of labels 0 and 1.

    Raises:
        ScenarioError: naming the argument at fault, as a scenario file's error names its key.
    """
    dims = checks.check_layer_dims(list(layer_dims), _error, "layer_dims")
    L = len(dims) - 1
    if isinstance(activations, str) or activations is None:
        g = checks.resolve_activations(L, activations, None, _error, hidden_key="activations", list_key="activations")
    else:
        g = checks.resolve_activations(L, None, list(activations), _error, hidden_key="activations", list_key="activations")

    given = {k: np.asarray(v, dtype=np.float64) for k, v in (parameters or {}).items()}
    checks.check_parameters(given, dims, _error, prefix="parameters.", complete=init == "explicit")
    if init == "explicit":
        for key, value in (("seed", seed), ("scale", scale)):
            if value is not None:
                raise _error(key, "explicit parameters are not drawn, so they take no " + key)
        params, init_text = given, "explicit"
    else:
        checks.choice(init, [*INIT_METHODS, "explicit"], _error, "init", what="initialisation")
        params, init_text = checks.draw_parameters(init, dims, seed, scale, _error)
        params.update(given)

    if (X is None) != (Y is None):
        raise _error("Y" if X is not None else "X", "give both X and Y, or neither (then data makes them)")
    shape = None if image_shape is None else checks.check_image_shape(list(image_shape), dims[0], _error, "image_shape")
    if X is None:
        data_seed = checks.check_seed(data_seed, _error, "data_seed")
        checks.choice(data, list(GENERATORS), _error, "data", what="generator")
        if m is not None:
            m = checks.check_examples(m, dims[0], _error, "m")
        options = dict(data_options or {})
        if data == "images":
            options.setdefault("image_shape", shape or DEFAULT_IMAGE_SHAPE)
            shape = shape or tuple(options["image_shape"])
        try:
            X, Y = generate(data, n_x=dims[0], m=m, seed=data_seed, **options)
        except ValueError as err:
            raise _error("data", str(err)) from None
        source = f"generator {data} (m = {X.shape[1]}, seed {data_seed})"
    else:
        source = "arrays"
    X, Y = checks.check_data(X, Y, dims[0], _error, x_key="X", y_key="Y")
    if (X_test is None) != (Y_test is None):
        raise _error("Y_test" if X_test is not None else "X_test", "give both X_test and Y_test, or neither")
    if X_test is not None:
        X_test, Y_test = checks.check_data(X_test, Y_test, dims[0], _error, x_key="X_test", y_key="Y_test")

    learning_rate = checks.check_learning_rate(learning_rate, _error, "learning_rate")
    num_iterations = checks.check_num_iterations(num_iterations, _error, "num_iterations")
    leaky_slope = checks.check_leaky_slope(leaky_slope, _error, "leaky_slope")
    return Scenario(
        name=name,
        layer_dims=dims,
        activations=g,
        parameters=params,
        learning_rate=float(learning_rate),
        num_iterations=int(num_iterations),
        X=X,
        Y=Y,
        title=title,
        description=description,
        X_test=X_test,
        Y_test=Y_test,
        image_shape=shape,
        classes=None if classes is None else checks.check_classes(list(classes), _error, "classes"),
        leaky_slope=float(leaky_slope),
        init=init_text,
        path=None,
        expectations=tuple(expectations),
        data_source=source,
    )

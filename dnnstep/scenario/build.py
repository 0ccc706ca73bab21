"""``make_scenario``: a Scenario built in code, with the same checks as a scenario file.

For tests and scripts that want a small network without writing a TOML file::

    from dnnstep.scenario import make_scenario
    s = make_scenario([2, 3, 1], m=8)                         # blobs, course-deep init, relu
    s = make_scenario([2, 4, 1], "tanh", data="flower", init="course-2layer", seed=2,
                      learning_rate=1.2)
    s = make_scenario([3, 1], X=X, Y=Y, init="explicit", parameters={"W1": W1, "b1": b1})
    s = make_scenario([2, 5, 2, 1], data="make_moons", init="he", optimizer="adam",
                      mini_batch_size=64, num_epochs=10, arithmetic="init_utils", course=2)

A mistake raises the same ``ScenarioError`` a file would, naming the argument at fault.
"""

from __future__ import annotations

from typing import Any, Mapping, Sequence

import numpy as np

from . import checks
from .errors import ScenarioError
from .generators import DEFAULT_IMAGE_SHAPE, GENERATORS, generate
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
    data_seed: int | None = None,
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
    course: int = 1,
    optimizer: str | None = None,
    beta: float | None = None,
    beta1: float | None = None,
    beta2: float | None = None,
    epsilon: float | None = None,
    mini_batch_size: int | None = None,
    num_epochs: int | None = None,
    shuffle_seed: int | None = None,
    decay: str | None = None,
    decay_rate: float | None = None,
    time_interval: int | None = None,
    lambd: float | None = None,
    keep_prob: float | None = None,
    dropout_seed: int | None = None,
    arithmetic: str | None = None,
    gradient_check: Mapping[str, Any] | None = None,
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
        course: 1 or 2, for the list of scenarios.
        optimizer ... arithmetic: Course 2's training, as the ``[training]`` keys of the same names
            (``docs/scenarios.md``); ``None`` leaves a field at its default. With
            ``mini_batch_size``, give ``num_epochs`` (``num_iterations`` is then derived).
        gradient_check: ``{"epsilon": 1e-7, "backward": "as_shipped" | "fixed"}``, the
            ``[gradient_check]`` table: the last phase checks the gradients and nothing trains.

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
        checks.choice(data, list(GENERATORS), _error, "data", what="generator")
        data_seed = checks.check_seed(GENERATORS[data].seed if data_seed is None else data_seed, _error, "data_seed")
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
    if gradient_check is not None:
        num_iterations = 1
    num_iterations = checks.check_num_iterations(num_iterations, _error, "num_iterations")
    leaky_slope = checks.check_leaky_slope(leaky_slope, _error, "leaky_slope")
    course = checks.check_course(course, _error, "course")
    given = {key: value for key, value in (
        ("optimizer", optimizer), ("beta", beta), ("beta1", beta1), ("beta2", beta2), ("epsilon", epsilon),
        ("mini_batch_size", mini_batch_size), ("num_epochs", num_epochs), ("shuffle_seed", shuffle_seed),
        ("decay", decay), ("decay_rate", decay_rate), ("time_interval", time_interval), ("lambd", lambd),
        ("keep_prob", keep_prob), ("dropout_seed", dropout_seed), ("arithmetic", arithmetic)) if value is not None}
    if gradient_check is not None and not isinstance(gradient_check, Mapping):
        raise _error("gradient_check", 'must be a mapping such as {"epsilon": 1e-7, "backward": "fixed"}')
    if gradient_check is not None:
        unknown = [k for k in gradient_check if k not in checks.GRADIENT_CHECK_KEYS]
        if unknown:
            raise _error(f"gradient_check.{unknown[0]}", f"unknown key; the keys are "
                                                         f"{', '.join(checks.GRADIENT_CHECK_KEYS)}")
    course2 = checks.check_training(
        given, _error, m=X.shape[1], layer_dims=dims, num_iterations_given=False, gradient_check=gradient_check,
        check_error=lambda key, problem: _error("gradient_check" + (f".{key}" if key else ""), problem))
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
        course=course,
        **course2,
    )

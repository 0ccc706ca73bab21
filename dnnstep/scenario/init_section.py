"""The ``[init]`` table of a scenario file: a named method, explicit arrays, or both.

::

    [init]
    method = "course-deep"   # course-deep | course-2layer | course-app | he | xavier | zeros | explicit
    seed = 3                 # overrides the method's seed
    scale = 0.01             # course-deep and course-2layer only
    file = "weights.npz"     # explicit arrays W1, b1, ... from an .npz (or HDF5) file
    W1 = [[...]]             # explicit arrays, Wl (n[l], n[l-1]) and bl (n[l], 1)

With ``method = "explicit"`` (the default when arrays are given) every ``Wl`` and ``bl`` must
be given; next to another method, the arrays given replace the drawn ones.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np

from . import checks
from .datafiles import DataFileError, find_file, read_arrays
from .fields import Table
from .initializers import INIT_METHODS

PARAMETER = re.compile(r"^[Wb][0-9]+$")
"""The name of a parameter array: ``W1``, ``b1``, ``W12``."""


def read_init(init: Table, layer_dims: tuple[int, ...], places: list[Path]) -> tuple[dict[str, np.ndarray], str]:
    """``(parameters, description for people)`` from the [init] table."""
    arrays = {k: v for k, v in init.data.items() if PARAMETER.match(k)}
    init.check_keys(("method", "seed", "scale", "file", *arrays), what="(besides W1, b1, ..., WL, bL)")
    default = "explicit" if (arrays or "file" in init) else "course-deep"
    method = init.choice("method", [*INIT_METHODS, "explicit"], default, what="initialisation")
    explicit: dict[str, np.ndarray] = {}
    if "file" in init:
        explicit.update(_parameters_file(init, places))
    for name in arrays:
        explicit[name] = init.matrix(name)
    checks.check_parameters(explicit, layer_dims, init.error, prefix="", complete=method == "explicit")

    if method == "explicit":
        for key in ("seed", "scale"):
            if key in init:
                raise init.error(key, "explicit parameters are not drawn, so they take no " + key)
        return explicit, "explicit" if "file" not in init else f"explicit ({init.string('file')})"

    parameters, text = checks.draw_parameters(method, layer_dims, init.get("seed", None), init.get("scale", None),
                                              init.error)
    parameters.update(explicit)
    if explicit:
        text += f", with {', '.join(sorted(explicit))} given"
    return parameters, text


def _parameters_file(init: Table, places: list[Path]) -> dict[str, np.ndarray]:
    name = init.string("file")
    try:
        path = find_file(name, places)
        arrays = read_arrays(path)
    except DataFileError as err:
        raise init.error("file", str(err)) from None
    found = {k: v for k, v in arrays.items() if PARAMETER.match(k)}
    if not found:
        raise init.error("file", f"{path} holds no arrays named W1, b1, ...; it holds {', '.join(arrays) or 'nothing'}")
    for name, value in found.items():
        if value.dtype.kind not in "biuf":
            raise init.error("file", f"array {name} of {path} must hold numbers, not {value.dtype}")
    return {name: value.astype(np.float64) for name, value in found.items()}

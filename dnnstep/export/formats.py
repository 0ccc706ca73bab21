"""Exporting steps: one step as ``.npz`` (the debugger's export key) and traces as npz or JSON.

Every tensor of a trace has a name that says where it comes from::

    it0/forward/2/Z     it0/cost/AL     it3/backward/1/dW     it3/update/2/W_new

``.npz`` files hold one array per name and load without pickle
(``np.load(path, allow_pickle=False)``). JSON files hold, per step, its place, formula,
scalars and each tensor's shape, dtype and values; floats are written with Python's
``repr``, which reads back to the same float64 exactly (non-finite values are written
``NaN``, ``Infinity``, ``-Infinity`` as Python's ``json`` does). Every file is written
atomically (``dnnstep.export.atomic``).
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any, Iterable

import numpy as np

from dnnstep.engine.step import Step
from dnnstep.export.atomic import atomic_write, atomic_write_text

JSON_FORMAT = "dnnstep trace, version 1"


def tensor_key(step: Step, name: str) -> str:
    """``"it0/backward/3/dW"``; the cost step has no layer part: ``"it0/cost/AL"``."""
    if step.phase == "cost":
        return f"it{step.iteration}/cost/{name}"
    return f"it{step.iteration}/{step.phase}/{step.layer}/{name}"


def trace_arrays(steps: Iterable[Step]) -> dict[str, np.ndarray]:
    """Every tensor of ``steps`` by its ``tensor_key``."""
    return {tensor_key(step, name): np.asarray(array) for step in steps for name, array in step.tensors.items()}


def step_filename(scenario_name: str, step: Step) -> str:
    """A file name for one exported step: ``"five_layer-it0-backward3.npz"``."""
    where = "cost" if step.phase == "cost" else f"{step.phase}{step.layer}"
    return f"{scenario_name}-it{step.iteration}-{where}.npz"


def export_step_npz(step: Step, path: str | Path) -> Path:
    """Write one step's tensors to ``path`` (``.npz``), atomically; returns the path.

    The arrays keep their tensor names (``np.load(path)["dW"]``); ``label`` and
    ``formula`` are string arrays saying which step it was.
    """
    arrays: dict[str, np.ndarray] = {name: np.asarray(array) for name, array in step.tensors.items()}
    arrays["label"] = np.array(f"iteration {step.iteration}, {step.label}")
    arrays["formula"] = np.array(list(step.formula), dtype=str)
    return _write_npz(path, arrays)


def write_trace_npz(steps: Iterable[Step], path: str | Path) -> Path:
    """Write every tensor of ``steps`` to ``path`` as one ``.npz``, atomically.

    The steps are written as they come (what ``np.savez`` writes, one array after the
    other), so a generator of steps is never all in memory: a long trace of a big
    network needs the memory of one step, not of all of them.
    """
    def write(file) -> None:
        with zipfile.ZipFile(file, "w", zipfile.ZIP_STORED, allowZip64=True) as archive:
            for step in steps:
                for name, array in step.tensors.items():
                    with archive.open(tensor_key(step, name) + ".npy", "w", force_zip64=True) as entry:
                        np.lib.format.write_array(entry, np.asarray(array), allow_pickle=False)

    return atomic_write(path, write)


def read_npz(path: str | Path) -> dict[str, np.ndarray]:
    """The arrays of an ``.npz`` file written here, by name (no pickle)."""
    with np.load(path, allow_pickle=False) as data:
        return {name: data[name] for name in data.files}


def trace_json(steps: Iterable[Step], scenario: Any = None) -> str:
    """The JSON text of a trace: scenario facts, then one object per step, rows one per line."""
    head: dict[str, Any] = {"format": JSON_FORMAT}
    if scenario is not None:
        head["scenario"] = {
            "name": scenario.name,
            "path": None if scenario.path is None else str(scenario.path),
            "layer_dims": list(scenario.layer_dims),
            "activations": list(scenario.activations),
            "learning_rate": scenario.learning_rate,
            "m": scenario.m,
        }
        training = _training_json(scenario)
        if training:
            head["scenario"]["training"] = training
    parts = [json.dumps(head)[:-1] + ', "steps": [']
    step_texts = []
    for step in steps:
        meta = {"iteration": step.iteration, "index": step.index, "label": step.label, "phase": step.phase,
                "layer": step.layer, "activation": step.activation, "formula": list(step.formula),
                "scalars": {k: float(v) for k, v in step.scalars.items()}}
        tensors = [f'  {json.dumps(name)}: {_tensor_json(array)}' for name, array in step.tensors.items()]
        step_texts.append(json.dumps(meta)[:-1] + ', "tensors": {\n' + ",\n".join(tensors) + "}}")
    parts.append(",\n".join(step_texts))
    parts.append("]}\n")
    return "\n".join(parts)


def write_trace_json(steps: Iterable[Step], path: str | Path, scenario: Any = None) -> Path:
    """``trace_json`` written to ``path``, atomically."""
    return atomic_write_text(path, trace_json(steps, scenario))


def read_json(path: str | Path) -> dict[str, np.ndarray]:
    """The tensors of a JSON trace by ``tensor_key`` name, as float64 arrays of their shapes."""
    document = json.loads(Path(path).read_text(encoding="utf-8"))
    arrays = {}
    for step in document["steps"]:
        for name, tensor in step["tensors"].items():
            array = np.array(tensor["values"], dtype=tensor["dtype"]).reshape(tensor["shape"])
            prefix = (f"it{step['iteration']}/cost" if step["phase"] == "cost"
                      else f"it{step['iteration']}/{step['phase']}/{step['layer']}")
            arrays[f"{prefix}/{name}"] = array
    return arrays


def _training_json(scenario: Any) -> dict[str, Any]:
    """A Course 2 scenario's training fields that differ from week 4's (``{}`` for week 4)."""
    from dnnstep.scenario.checks import TRAINING_DEFAULTS

    fields = {key: getattr(scenario, key) for key in TRAINING_DEFAULTS
              if key != "num_epochs" and getattr(scenario, key) != TRAINING_DEFAULTS[key]}
    if scenario.mini_batch_size is not None:
        fields["num_epochs"] = scenario.num_epochs
    if scenario.gradient_check is not None:
        fields["gradient_check"] = {"epsilon": scenario.gradient_check.epsilon,
                                    "backward": scenario.gradient_check.backward}
    return fields


def _tensor_json(array: np.ndarray) -> str:
    array = np.asarray(array)
    head = f'{{"shape": {json.dumps(list(array.shape))}, "dtype": "{array.dtype.name}", "values": '
    if array.ndim == 2 and array.shape[0] > 1:
        rows = ",\n    ".join(json.dumps(row) for row in array.tolist())
        return head + "[\n    " + rows + "]}"
    return head + json.dumps(array.tolist()) + "}"


def _write_npz(path: str | Path, arrays: dict[str, np.ndarray]) -> Path:
    return atomic_write(path, lambda file: np.savez(file, **arrays))

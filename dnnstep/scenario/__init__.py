"""Scenarios: a network, its initial parameters, its data and how long to train it.

- ``load_scenario(name_or_path, *, data_dir=None)`` reads a shipped scenario by name or a
  ``.toml`` file by path (format: ``docs/scenarios.md``); ``ScenarioError`` says what is
  wrong, naming the file and the key.
- ``make_scenario(layer_dims, ...)`` builds one in code, with the same checks.
- ``peek_scenario(name_or_path)``: title, description and layer sizes, reading only the TOML.
- ``shipped_dir()``, ``shipped_scenarios()``, ``shipped_names()``, ``DEFAULT_SCENARIO``.
- ``initialize(method, layer_dims, seed=..., scale=...)`` and ``generate(name, n_x=..., m=...)``
  are the initialisers and data generators scenario files name.
"""

from dnnstep.engine.activations import ACTIVATIONS

from .build import make_scenario
from .datafiles import prepare_images
from .errors import DataMissing, ScenarioError
from .generators import GENERATORS, generate, load_planar_dataset
from .initializers import INIT_METHODS, initialize
from .loader import ScenarioSummary, load_scenario, peek_scenario, scenario_from_toml
from .model import Scenario
from .shipped import DEFAULT_SCENARIO, shipped_dir, shipped_names, shipped_scenarios

__all__ = [
    "ACTIVATIONS",
    "DEFAULT_SCENARIO",
    "DataMissing",
    "GENERATORS",
    "INIT_METHODS",
    "Scenario",
    "ScenarioError",
    "ScenarioSummary",
    "generate",
    "initialize",
    "load_planar_dataset",
    "load_scenario",
    "make_scenario",
    "peek_scenario",
    "prepare_images",
    "scenario_from_toml",
    "shipped_dir",
    "shipped_names",
    "shipped_scenarios",
]

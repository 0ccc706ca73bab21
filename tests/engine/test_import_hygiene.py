"""The engine floors never import textual or rich: checked in a fresh interpreter."""

import json
import subprocess
import sys

import pytest

HEADLESS = ["dnnstep", "dnnstep.engine", "dnnstep.course", "dnnstep.scenario", "dnnstep.engine.session"]


@pytest.mark.parametrize("module", HEADLESS)
def test_module_does_not_import_a_user_interface(module):
    code = (
        "import importlib, json, sys\n"
        f"importlib.import_module({module!r})\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich'))))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert json.loads(result.stdout) == [], f"{module} pulled in {result.stdout}"

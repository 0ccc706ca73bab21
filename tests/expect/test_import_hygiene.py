"""The expect, export and commands floors never import textual or rich (nor pytest, outside the plugin)."""

from __future__ import annotations

import subprocess
import sys


def test_expect_and_gradcheck_import_no_ui_and_no_pytest():
    code = (
        "import sys\n"
        "import dnnstep.expect, dnnstep.expect.runner, dnnstep.export, dnnstep.engine.gradcheck\n"
        "import dnnstep.commands.expectations, dnnstep.commands.gradcheck, dnnstep.commands.trace\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich', 'pytest', '_pytest'))\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""

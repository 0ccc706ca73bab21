"""The homework floor never imports textual or rich, and its process starts light."""

from __future__ import annotations

import subprocess
import sys


def _modules_after(code: str) -> set[str]:
    out = subprocess.run([sys.executable, "-c", code + "\nimport sys\nprint('\\n'.join(sys.modules))"],
                         capture_output=True, text=True, check=True).stdout
    return set(out.split())


def test_no_textual_or_rich():
    modules = _modules_after("import dnnstep.homework.check_command, dnnstep.homework.student_run, dnnstep.homework.checking")
    assert not {m for m in modules if m.split(".")[0] in ("textual", "rich")}


def test_the_package_api_is_importable_lazily():
    import dnnstep.homework as homework

    assert homework.check_homework.__name__ == "check_homework"
    assert homework.open_student_run.__module__ == "dnnstep.homework.student_run"

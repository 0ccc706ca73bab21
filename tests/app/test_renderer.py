"""The fast drawing's switch, and how the app ends on an error inside it.

The fast drawing uses Textual's private parts; at start the app checks each by name and
call signature and, where one is missing (or ``DNNSTEP_PLAIN_DRAWING`` is set), draws with
Textual's own machinery and says so in ``dnnstep --version`` and the log. An exception
inside the app ends ``dnnstep`` with exit status 1 and one line naming the log that holds
the traceback (it used to exit 0 after Textual printed the traceback).
"""

from __future__ import annotations

import os
import subprocess
import sys

from textual.app import App

from dnnstep.app import DnnStepApp
from dnnstep.app import app as app_module
from dnnstep.app.fast.needs import PARTS, Part, missing
from dnnstep.engine import Session

from .conftest import five_layer


def python(code: str) -> subprocess.CompletedProcess:
    """``code`` run by a Python of its own, the fast drawing not forced off."""
    env = {name: value for name, value in os.environ.items() if name != "DNNSTEP_PLAIN_DRAWING"}
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, env=env)


def test_every_private_part_is_looked_for_by_name_and_signature():
    assert missing() == []  # the installed Textual (8.x) has them all
    assert missing((Part("textual.timer", "Timer._gone"),)) == ["textual.timer.Timer._gone"]
    renamed = missing((Part("textual.timer", "Timer._tick", ("self", "when")),))
    assert renamed == ["textual.timer.Timer._tick(self, next_timer, count), not (self, when)"]
    assert missing((Part("textual._no_such_module", "X"),)) == ["textual._no_such_module (no such module)"]
    used = {part.module for part in PARTS}
    assert {"textual._compositor", "textual._styles_cache", "textual.timer", "textual.strip"} <= used


def test_a_missing_part_switches_to_textuals_own_drawing_and_version_says_why():
    lacking = python(  # a Textual whose compositor renamed a method the span compositor calls
        "import textual._compositor as compositor\n"
        "del compositor.Compositor._regions_to_spans\n"
        "from dnnstep.app import fast\n"
        "from dnnstep.app.screens.main import MainScreen\n"
        "print(fast.ON, any(c.__module__.startswith('dnnstep.app.fast.') and c.__module__ != 'dnnstep.app.fast.plain'"
        " for c in MainScreen.__mro__))\n"
        "print(fast.status())\n")
    assert lacking.returncode == 0, lacking.stderr
    first, second = lacking.stdout.splitlines()
    assert first == "False False"  # off, and the main screen is Textual's own
    assert second == (f"drawing: Textual's own machinery, slower (Textual {_textual()} lacks "
                      "textual._compositor.Compositor._regions_to_spans)")
    forced = subprocess.run([sys.executable, "-m", "dnnstep", "--version"], capture_output=True, text=True,
                            timeout=120, env={**os.environ, "DNNSTEP_PLAIN_DRAWING": "1"})
    assert forced.returncode == 0 and forced.stdout.splitlines()[-1] == (
        "drawing: Textual's own machinery, slower (DNNSTEP_PLAIN_DRAWING is set)")
    fast = subprocess.run([sys.executable, "-m", "dnnstep", "--version"], capture_output=True, text=True,
                          timeout=120, env={k: v for k, v in os.environ.items() if k != "DNNSTEP_PLAIN_DRAWING"})
    assert fast.stdout.splitlines()[0].startswith("dnnstep ") and "numpy" in fast.stdout
    assert fast.stdout.splitlines()[-1].startswith("drawing: fast")


def _textual() -> str:
    from importlib.metadata import version

    return version("textual")


def test_an_error_inside_the_app_ends_with_status_1_and_one_line_naming_the_log(monkeypatch, tmp_path, capsys):
    log = tmp_path / "dnnstep.log"
    monkeypatch.setenv("DNNSTEP_LOG", str(log))

    def broken_show(self):
        raise RuntimeError("a bug inside the app")

    monkeypatch.setattr(DnnStepApp, "_show", broken_show)
    monkeypatch.setattr(DnnStepApp, "run", lambda self: App.run(self, headless=True, size=(120, 40)))
    status = app_module.run(Session(five_layer()))
    assert status == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [f"dnnstep: the debugger stopped on an error inside it; the traceback is in {log}"]
    text = log.read_text()
    assert "drawing: " in text.splitlines()[0] and "RuntimeError" in text and "a bug inside the app" in text


def test_a_run_that_ends_well_exits_0_and_logs_how_it_drew(monkeypatch, tmp_path, capsys):
    log = tmp_path / "dnnstep.log"
    monkeypatch.setenv("DNNSTEP_LOG", str(log))

    async def quit_at_once(pilot):
        await pilot.pause()
        await pilot.press("q")

    monkeypatch.setattr(DnnStepApp, "run",
                        lambda self: App.run(self, headless=True, size=(120, 40), auto_pilot=quit_at_once))
    assert app_module.run(Session(five_layer())) == 0
    assert capsys.readouterr().err == ""
    assert "drawing: " in log.read_text()

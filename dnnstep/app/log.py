"""The debugger's log: what it ran on, how it drew, and the traceback of an error inside it.

Each time the debugger opens, one line goes to the log: when, the versions of dnnstep,
Python, numpy and Textual, and how it draws (``dnnstep.app.fast.status``: fast, or with
Textual's own machinery and why). An exception inside the app ends it with exit status 1;
Textual's report of it (the traceback, with the locals of each frame) goes to the log,
not over the terminal, and ``dnnstep`` prints one line naming the log.

The log is ``$DNNSTEP_LOG`` when set, else ``dnnstep.log`` in ``$XDG_STATE_HOME/dnnstep``
(``~/.local/state/dnnstep``), else in the temporary folder when that cannot be written.
"""

from __future__ import annotations

import os
import platform
import tempfile
import time
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import TextIO

ENV = "DNNSTEP_LOG"
"""Set to the file the debugger logs to."""


def log_path() -> Path:
    """Where the log is (see the module docstring)."""
    if os.environ.get(ENV):
        return Path(os.environ[ENV]).expanduser()
    state = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(state) / "dnnstep" / "dnnstep.log"


def open_log() -> tuple[TextIO | None, Path]:
    """The log opened to append to, and its path (``None`` and the path tried when no file
    can be written: the debugger runs all the same)."""
    path = log_path()
    for candidate in (path, Path(tempfile.gettempdir()) / "dnnstep.log"):
        try:
            candidate.parent.mkdir(parents=True, exist_ok=True)
            return candidate.open("a", encoding="utf-8"), candidate
        except OSError:
            continue
    return None, path


def versions() -> str:
    """``dnnstep 0.1.0 · Python 3.11.7 · numpy 2.4.6 · Textual 8.2.8``."""
    found = []
    for name in ("dnnstep", "numpy", "textual"):
        try:
            found.append(f"{name if name != 'textual' else 'Textual'} {version(name)}")
        except PackageNotFoundError:
            found.append(f"{name} (version unknown)")
    return f"{found[0]} · Python {platform.python_version()} · {found[1]} · {found[2]}"


def version_text() -> str:
    """What ``dnnstep --version`` prints: the versions, and how the debugger draws."""
    from dnnstep.app import fast

    return f"{versions()}\n{fast.status()}"


def start_line() -> str:
    """The line the log gets each time the debugger opens."""
    from dnnstep.app import fast

    return f"{time.strftime('%Y-%m-%d %H:%M:%S')} {versions()} · {fast.status()}"

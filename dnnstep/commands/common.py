"""What the subcommands share: bad input as one message on stderr and exit status 2.

``run(body, argv)`` calls ``body(argv)`` and turns ``BadInput``, Ctrl-C and a closed
pipe into an exit status, so that no subcommand ends in a traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Callable, Sequence

from dnnstep.export.atomic import Terminated
from dnnstep.plain_text import printable


class BadInput(Exception):
    """A message for stderr, exit status 2."""


class Parser(argparse.ArgumentParser):
    """argparse that reports a usage error as one line and exit status 2 (as argparse does)."""

    def error(self, message: str):  # noqa: D102 - argparse's own hook
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: {message}\n")


def run(body: Callable[[list[str]], int], argv: Sequence[str]) -> int:
    """``body(argv)``'s exit status; bad input, Ctrl-C and a closed pipe become statuses too."""
    try:
        return body(list(argv))
    except BadInput as error:  # it may quote a file's name or text: no terminal escape reaches the terminal
        print(f"dnnstep: {printable(str(error))}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("dnnstep: interrupted", file=sys.stderr)
        return 130
    except Terminated as stop:
        print(f"dnnstep: stopped by {stop.name}; the file was not written", file=sys.stderr)
        return 128 + stop.signum
    except BrokenPipeError:
        # The reader went away (dnnstep trace ... | head): stop quietly, as other tools do.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1


def load(name_or_path: str, data_dir: str | None):
    """The scenario, or ``BadInput`` carrying the ``ScenarioError``'s message."""
    from dnnstep.scenario import ScenarioError, load_scenario

    try:
        return load_scenario(name_or_path, data_dir=data_dir)
    except ScenarioError as error:
        raise BadInput(str(error)) from None

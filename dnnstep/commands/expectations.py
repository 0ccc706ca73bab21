"""``dnnstep test [PATHS]``: run the ``[[expect]]`` tables of scenario files.

The same checks ``pytest FILES`` runs through dnnstep's pytest plugin (both go through
``dnnstep.expect.runner``). Exit status: 0 all pass, 1 failures, 2 invalid files or tables.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Sequence

from dnnstep.commands.common import Parser, run


def main(argv: Sequence[str]) -> int:
    """``dnnstep test [PATHS]``: run the ``[[expect]]`` tables of scenario files."""
    return run(_test, argv)


def _test(argv: list[str]) -> int:
    from dnnstep.expect.runner import ScenarioFile, display_path, find_files
    from dnnstep.scenario import shipped_dir

    parser = Parser(prog="dnnstep test", description="Run the [[expect]] tables of scenario files "
                     "(the same checks `pytest FILES` runs through dnnstep's pytest plugin).")
    parser.add_argument("paths", nargs="*", metavar="PATH",
                        help="scenario .toml files, folders, or shipped scenario names (default: the shipped scenarios)")
    parser.add_argument("-q", "--quiet", action="store_true", help="print only failures and the totals")
    args = parser.parse_args(argv)

    paths = [_shipped_or_path(p, shipped_dir()) for p in args.paths] or [shipped_dir()]
    files, problems = find_files(paths)
    for problem in problems:
        print(f"dnnstep test: {problem}", file=sys.stderr)
    counts = {"pass": 0, "fail": 0, "error": 0}
    for path in files:
        loaded = ScenarioFile.load(path)
        outcomes = loaded.run_all()
        shown = [o for o in outcomes if not args.quiet or o.status != "pass"]
        if shown:
            print(display_path(path))
        for outcome in shown:
            mark = {"pass": "ok   ", "fail": "FAIL ", "error": "ERROR"}[outcome.status]
            print(f"  {mark} {outcome.id}")
            if outcome.message:
                print("\n".join("        " + line for line in outcome.message.splitlines()))
        for outcome in outcomes:
            counts[outcome.status] += 1
    total = f"{counts['pass']} passed, {counts['fail']} failed, {counts['error']} invalid in {len(files)} file" \
            f"{'' if len(files) == 1 else 's'}"
    print(total)
    if problems or counts["error"]:
        return 2
    return 1 if counts["fail"] else 0


def _shipped_or_path(text: str, shipped: Path) -> Path:
    """A path as given, or the shipped scenario of that name (``dnnstep test five_layer``)."""
    from dnnstep.user_paths import UserPathError, kind

    path = Path(text)
    try:
        if kind(path) is None and path.suffix == "" and "/" not in text and kind(shipped / f"{text}.toml") == "file":
            return shipped / f"{text}.toml"
    except UserPathError:
        pass  # find_files says what is wrong with it
    return path

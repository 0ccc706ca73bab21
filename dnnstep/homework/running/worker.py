"""The homework's own process: loads the student's code and calls its functions on request.

Started by :mod:`dnnstep.homework.running.sandbox` (namespaces, limits, its own directory), which
loads this module as a part of the package ``homework_sandbox``, never of ``dnnstep``: this process
holds nothing of dnnstep but these modules, and gets the course's functions as text (see
:mod:`~dnnstep.homework.running.reference_source`). Once it has imported what it needs, it is
confined (:mod:`~dnnstep.homework.running.confinement`) and guarded
(:mod:`~dnnstep.homework.running.reference_guard`) before it runs any of the homework's code.
It talks to :mod:`dnnstep.homework.running.process` over its stdin and stdout with the plain
messages of :mod:`~dnnstep.homework.running.protocol`; whatever the homework prints (or
a crash writes) goes to stderr, which HomeworkProcess keeps in a file. Requests:

* ``("load", chunks, own, course)``: install the course's modules the homework imports, run the kept
  statements of each chunk, and supply what the homework uses but lacks, from ``course`` (the graded
  names, the helpers, the course's parameter names, the course's text of what may be filled in and
  the texts of those modules: see ``process.course_text``); answers
  ``("loaded", names)`` with the callables the homework defines, or ``("raised", error)``.
* ``("call", name, args, record, check_changes, substitute, outermost)``: call ``name(*args)``; answers
  ``("ok", value, extra)`` or ``("raised", error, extra)``. ``record`` names homework functions
  to spy on during the call: each of their calls is kept as ``(name, args, result)`` in
  ``extra["calls"]``. ``substitute`` holds the course's text of the homework functions the
  reference's replace during the call (so that a function is checked on its own when one it calls
  is wrong): such a call comes after ``("fork",)`` (below), so nothing of it stays behind. With
  ``outermost``, a watched call made inside another watched call is not kept.
  An argument ``Stored(key)`` stands for a value sent before with ``("put", key, value)``
  (the data X and Y travel once, not at every call).
* ``("train", spec)``: run the homework's pipeline for several iterations without
  watching anything (see :meth:`StudentNamespace.train`); answers ``("ok", result, {})``.
* ``("hung", {name: what})``: the functions that hung in an earlier process are replaced by
  ones that raise :class:`NotCalledAgain` at once (reported as a timeout), so a hang costs
  its timeout once, not at every scenario.
* ``("fork",)``: no answer; the next request is served by a child of this process, which then ends
  (this process waits for it; should it die without answering, this process ends the same way).
* ``("stop",)``: answers ``("stopped", n)``, n the processes the homework left running in the
  PID namespace, and ends.

Every answer ends with what the homework printed meanwhile (the end of it). The answers to calls and
training runs say, in ``extra["reference"]``, what the homework tried of dnnstep meanwhile.

On ``SIGUSR1`` the process writes its stack to stderr (faulthandler): HomeworkProcess asks
for it before stopping a call that timed out, to say where the homework hung.
"""

from __future__ import annotations

import ast
import builtins
import copy
import dis
import faulthandler
import importlib
import io
import linecache
import os
import signal
import sys
import threading
import time
import traceback

import numpy as np

# all loaded now: the confinement hides their files
from . import confinement, course_modules, landlock, mounts, sandbox, seccomp  # noqa: F401
from .limits import limit_hit, set_limits
from .protocol import (
    OWN_FUNCTION, ProtocolError, Stored, decode, encode, encode_parts, read_bytes, write_message)
from .recording import SharedCopies, spy_on, unchanged
from .reference_guard import ReferenceGuard

OUTPUT_LIMIT = 4000


class StudentNamespace:
    """The student's namespace and the calls made into it."""

    def __init__(self, limits: dict | None = None, guard: ReferenceGuard | None = None):
        self.limits = limits or {}
        self.guard = guard or ReferenceGuard("")
        self.course: dict = {"graded": (), "helpers": (), "parameters": {}, "pieces": [], "modules": {}}
        self.namespace = {"__name__": "homework", "__builtins__": builtins}
        self.filenames: dict[str, str] = {}
        self.stored: dict[str, object] = {}
        self.copies: dict[int, tuple[str, object]] = {}
        self._unchanged: dict[int, bool] = {}

    def resolve(self, args):
        """Replace each ``Stored(key)`` by a fresh copy of the stored value (the homework may modify it), and
        each read-only array (dnnstep sends the reference's frozen tensors as they are) by a writable copy."""
        return tuple(self._copy(a.key) if isinstance(a, Stored) else _writable(a) for a in args)

    def _copy(self, key):
        if key.startswith(OWN_FUNCTION) and key not in self.stored:  # the homework's own function, as itself
            function = self.namespace.get(key[len(OWN_FUNCTION):])
            if not callable(function):
                raise ValueError(f"the homework has no function {key[len(OWN_FUNCTION):]}")
            return function
        value = copy.deepcopy(self.stored[key])
        self.copies[id(value)] = (key, value)
        return value

    def refer(self, obj):
        """The key of a stored value, or of an unchanged copy of one: it travels back as that key."""
        if type(obj) is not np.ndarray:
            return None
        entry = self.copies.get(id(obj))
        if entry is None or entry[1] is not obj:
            return None
        key, value = entry
        same = self._unchanged.get(id(obj))
        if same is None:
            original = self.stored[key]
            same = self._unchanged[id(obj)] = (
                value.shape == original.shape and value.dtype == original.dtype and np.array_equal(value, original))
        return key if same else None

    def forget_copies(self):
        self.copies.clear()
        self._unchanged.clear()

    def train(self, spec):
        """Train ``spec["iterations"]`` iterations with the homework's pipeline, from ``spec["parameters"]``.

        Returns ``{"keyframes": {i: parameters}, "done": n, "error": None | error}`` where
        ``i`` counts iterations from the start of this call, ``keyframes`` holds the
        parameters after the iterations listed in ``spec["keep"]``, and ``done`` is how many
        iterations finished before an error (a copy of each parameters dict is kept).
        """
        ns = self.namespace
        X, Y = copy.deepcopy(self.stored[spec["X"]]), copy.deepcopy(self.stored[spec["Y"]])
        parameters, rate, keep = spec["parameters"], spec["learning_rate"], set(spec["keep"])
        parameters = copy.deepcopy(parameters)
        keyframes = {}
        self.guard.calling = ""
        for i in range(spec["iterations"]):
            before = copy.deepcopy(parameters)
            try:
                AL, caches = ns["L_model_forward"](X, parameters)
                ns["compute_cost"](AL, Y)
                grads = ns["L_model_backward"](AL, Y, caches)
                parameters = ns["update_parameters"](parameters, grads, rate)
                if not isinstance(parameters, dict):
                    raise TypeError(f"update_parameters returned a {type(parameters).__name__}, not a dictionary")
            except Exception as exc:  # noqa: BLE001 - the detailed run of that iteration will show it
                return {"keyframes": keyframes, "done": i, "error": self.error(exc), "parameters": before}
            if i + 1 in keep:
                keyframes[i + 1] = copy.deepcopy(parameters)
        return {"keyframes": keyframes, "done": spec["iterations"], "error": None}

    def load(self, chunks, own=(), course=None):
        """Run the homework's kept statements, with the course's modules it imports installed first, then
        supply what it uses but lacks (``course``: see ``process.course_text``)."""
        self.course = course or self.course
        course_modules.install(self.course["modules"])
        for chunk in chunks:
            self.filenames[chunk["filename"]] = chunk["where"]
            lines = chunk["original"].splitlines(keepends=True)
            linecache.cache[chunk["filename"]] = (len(chunk["original"]), None, lines, chunk["filename"])
        self.guard.filenames = self.filenames
        self.guard.graded = frozenset(self.course["graded"])
        notes = []
        for chunk in chunks:
            tree = ast.parse(chunk["source"], filename=chunk["filename"])
            for i in chunk["keep"]:
                node = tree.body[i]
                code = compile(ast.Module(body=[node], type_ignores=[]), chunk["filename"], "exec")
                if isinstance(node, (ast.Import, ast.ImportFrom, ast.Assign, ast.AnnAssign)):
                    try:
                        exec(code, self.namespace)
                    except Exception as exc:  # noqa: BLE001 - an import or a value the functions may not need
                        message = "".join(traceback.format_exception_only(type(exc), exc)).strip()
                        notes.append(f"{chunk['where']}, line {node.lineno} was skipped: {message}")
                else:
                    exec(code, self.namespace)
        warnings = self._supply_unbound()
        self._fill_in(own)
        functions = sorted(n for n, v in self.namespace.items() if callable(v) and not n.startswith("__"))
        return {"functions": functions, "notes": notes, "warnings": warnings}

    def run(self, pieces, namespace=None, replace=()) -> None:
        """Run the course's ``pieces`` (see ``reference_source``) in ``namespace`` (the homework's): each one whose
        name is not there yet, or is in ``replace``. Its lines are kept for tracebacks, at their place in its file."""
        namespace = self.namespace if namespace is None else namespace
        for piece in pieces:
            name = piece["name"]
            if name in namespace and name not in replace:
                continue
            filename, first = piece["filename"], piece["line"]
            text = piece["text"]
            exec(compile("\n" * (first - 1) + text, filename, "exec"), namespace)
            _, _, lines, _ = linecache.cache.get(filename, (0, None, [], filename))
            lines = list(lines) + ["\n"] * max(0, first - 1 + text.count("\n") + 1 - len(lines))
            for i, line in enumerate(text.splitlines(keepends=True)):
                lines[first - 1 + i] = line
            linecache.cache[filename] = (sum(map(len, lines)), None, lines, filename)

    def _pieces(self, names) -> list:
        """The course's pieces that bind ``names``, and what they read, as dnnstep sent them (in order)."""
        wanted, found = set(names), []
        for piece in reversed(self.course["pieces"]):
            if piece["name"] in wanted:
                found.append(piece)
                wanted |= set(piece.get("reads", ()))
        return found[::-1]

    def _supply_unbound(self) -> list[str]:
        """Supply the course helpers and modules (``sigmoid``, ``np``, ...) that the homework's own
        functions use but the file never imports or defines, and say what a fresh kernel would do."""
        helpers = tuple(self.course["helpers"])
        supplies = (*helpers, "np", "copy")
        users: dict[str, str] = {}
        for name, value in list(self.namespace.items()):
            code = getattr(value, "__code__", None)
            if code is None or code.co_filename not in self.filenames:
                continue
            for used in sorted(_global_names(code)):
                if used in supplies and used not in self.namespace:
                    users.setdefault(used, name)
        if not users:
            return []
        for used in users:
            if used == "np":
                self.namespace["np"] = np
            elif used == "copy":
                self.namespace["copy"] = copy
            else:
                self.run(self._pieces([used]))
        missing = list(users)
        first = missing[0]
        fixes = []
        used_helpers = [n for n in missing if n in helpers]
        if used_helpers:
            fixes.append(f"from dnn_utils import {', '.join(used_helpers)}")
        fixes += [{"np": "import numpy as np", "copy": "import copy"}[n] for n in missing if n not in helpers]
        return [f"this file never imports or defines {', '.join(missing)}: in a fresh kernel {users[first]} would "
                f"raise NameError: name '{first}' is not defined. dnnstep supplied the course's for this check; "
                f"add {' and '.join(fixes)}"]

    def _fill_in(self, own):
        """Give the homework the reference's version of every course function it does not define.

        The reference's text is run in the homework's namespace, so the reference's ``L_model_backward``
        calls the student's ``linear_activation_backward`` when there is one. A name the homework imported
        (``from dnn_app_utils_v3 import *``) is left as imported.
        """
        missing = [n for n in (*self.course["helpers"], *self.course["graded"])
                   if n not in own and n not in self.namespace]
        self.run(self._pieces(missing))

    def call(self, name, args, record, check_changes=True, substitute=(), outermost=False):
        """Call the homework's ``name(*args)``; ``substitute``: ``{"replace": names, "pieces": the course's text}``
        for the homework's functions the reference's stand in for (only in a throwaway fork: they are not put back);
        ``outermost``: keep only the watched calls not made inside another watched call."""
        calls = []
        nesting = [0] if outermost else None
        saved = {}
        args = self.resolve(args)
        shared = SharedCopies({id(value): value for _, value in self.copies.values()})
        if substitute:
            self.run(substitute["pieces"], replace=set(substitute["replace"]) - {name})
        for spied in record:
            original = self.namespace.get(spied)
            if callable(original):
                saved.setdefault(spied, original)
                self.namespace[spied] = spy_on(spied, original, calls, shared, self.course["parameters"].get(spied, ()),
                                             nesting)
        try:
            snapshot = None
            if check_changes:
                # the copies of stored values are compared with the stored values themselves, not with another copy
                originals = {id(value): self.stored[key] for key, value in self.copies.values()}
                snapshot = copy.deepcopy(args, originals)
            self.guard.calling = name
            value = self.namespace[name](*args)
            changed = [] if snapshot is None else [
                i for i, (before, after) in enumerate(zip(snapshot, args)) if not unchanged(before, after)]
            return value, {"calls": calls, "changed_args": changed}
        except BaseException as exc:
            exc.dnnstep_calls = calls  # the watched calls that finished before it went wrong
            raise
        finally:
            self.guard.calling = None
            self.namespace.update(saved)

    def error(self, exc: BaseException) -> dict:
        """Describe an exception for people: type, message and the homework's frames."""
        frames = []
        for frame in traceback.extract_tb(exc.__traceback__):
            where = self.filenames.get(frame.filename)
            if where is not None:
                frames.append({"where": where, "line": frame.lineno, "function": frame.name,
                               "code": (frame.line or "").strip()})
        last = traceback.extract_tb(exc.__traceback__)[-1:] if exc.__traceback__ else []
        outside = None
        if last and last[0].filename not in self.filenames and frames:
            f = last[0]
            outside = {"where": f.filename, "line": f.lineno, "function": f.name, "code": (f.line or "").strip()}
        if isinstance(exc, SystemExit):
            code = "" if exc.code is None else repr(exc.code)
            kind, message = "exit", f"the homework called sys.exit({code})"
        elif isinstance(exc, NotCalledAgain):
            kind, message, outside = "timeout", str(exc), None
        else:
            kind, message = "exception", "".join(traceback.format_exception_only(type(exc), exc)).strip()
            hit = limit_hit(exc, self.limits)
            if hit:
                message += f" ({hit})"
        return {"kind": kind, "type": type(exc).__name__, "message": message, "frames": frames, "outside": outside}

    def mark_hung(self, hung: dict[str, str]) -> None:
        """Replace each function that hung earlier (name -> what happened) by one that says so at once."""
        for name, what in hung.items():
            self.namespace[name] = _not_called_again(name, what)


class NotCalledAgain(Exception):
    """Raised in place of a homework function that hung before: it is not run again."""


def _not_called_again(name: str, what: str):
    def hung(*args, **kwargs):
        raise NotCalledAgain(f"{name} is not called again: {what}")

    hung.__name__ = hung.__qualname__ = name
    return hung


def _writable(value):
    """``value`` with every read-only array in it (inside tuples, lists and dicts too) copied, the rest as it is."""
    if isinstance(value, np.ndarray):
        return value if value.flags.writeable else value.copy()
    if isinstance(value, tuple):
        return tuple(_writable(v) for v in value)
    if isinstance(value, list):
        return [_writable(v) for v in value]
    if isinstance(value, dict):
        return {k: _writable(v) for k, v in value.items()}
    return value


def _global_names(code) -> set[str]:
    """The global names a function's code (and the functions and comprehensions inside it) reads."""
    names = {i.argval for i in dis.get_instructions(code) if i.opname in ("LOAD_GLOBAL", "LOAD_NAME")}
    for const in code.co_consts:
        if hasattr(const, "co_names"):
            names |= _global_names(const)
    return names


def stop_with_parent(parent: int) -> None:
    """Stop this process group when ``parent`` (dnnstep, which started this process) is gone.

    A SIGKILL or SIGTERM (``timeout 60 dnnstep check``, a cancelled CI job) gives dnnstep
    no time to stop this process; a homework in an infinite loop would spin forever.
    """
    while os.getppid() == parent:
        time.sleep(0.5)
    if os.getpgid(0) == os.getpid():  # HomeworkProcess made this process a group leader: its group is the homework's
        os.killpg(os.getpid(), signal.SIGKILL)  # the homework's own children too
    os._exit(1)


def _others_in_namespace() -> int:
    """How many processes besides this one and the namespace's init are running (in a PID namespace)."""
    own = {1, os.getpid()}
    try:
        return sum(1 for entry in os.listdir("/proc") if entry.isdigit() and int(entry) not in own)
    except OSError:
        return 0


def _prepare(config: dict, namespaces: bool, why: str) -> tuple[str, ReferenceGuard]:
    """Confine this process to what the homework may touch and guard it against the reference; returns how it
    is confined (``"namespaces"``, ``"landlock (why)"`` or ``"none (why)"``) and the guard."""
    root = config.get("root", "")
    package_dir = os.path.join(root, "dnnstep") if root else ""
    homework_dir = config.get("homework_dir", "")
    how = config.get("confine", "namespaces")
    if how == "namespaces" and (why or not namespaces):
        how = "landlock"
    view = confinement.view(scratch=config["directory"], package_dir=package_dir or os.devnull,
                            homework_dir=homework_dir, homework_file=config.get("homework_file", ""),
                            others=config.get("others", ()))
    if how == "none":
        mechanism, reasons = "none", ["turned off"]
    else:
        unprivileged = namespaces and os.getuid() == 0 and sandbox.unprivileged_mapped()
        mechanism, reasons = confinement.confine(how, view, listable=(homework_dir,) if homework_dir else ())
        if unprivileged and mechanism == "namespaces":  # not root: the process limit binds it (see sandbox.py)
            sandbox.become_unprivileged(view.scratch)
    if namespaces:
        sandbox.drop_capabilities()
    reasons = ([why] if why else []) + reasons if mechanism != "namespaces" else []
    isolation = f"{mechanism} ({'; '.join(reasons)})" if reasons else mechanism
    sys.path[:] = [p for p in sys.path if p and p not in view.unused]
    if homework_dir:
        sys.path.append(homework_dir)
    sys.dont_write_bytecode = True
    importlib.invalidate_caches()
    guard = ReferenceGuard(package_dir)
    guard.install()
    return isolation, guard


def main(parent: int | None = None, config: dict | None = None, namespaces: bool = False, why: str = "") -> None:
    """Serve requests on stdin/stdout until ``("stop",)`` or the end of stdin.

    ``parent``: dnnstep's pid when this process is its child (stop when it is gone); ``config``: the sandbox's
    (the package root, the limits, the homework's folder and file, the other files it must not see, the
    scratch directory, the confinement asked for); ``namespaces``: this process is in the sandbox's
    namespaces, ``why``: why not, or why they have no ``/proc`` of their own.
    """
    config = config or {}
    proto_in = os.fdopen(os.dup(0), "rb", buffering=0)
    proto_out = os.fdopen(os.dup(1), "wb", buffering=0)
    os.dup2(os.open(os.devnull, os.O_RDONLY), 0)
    os.dup2(2, 1)  # anything written to stdout at the C level goes to HomeworkProcess's log
    faulthandler.enable(file=sys.stderr)
    faulthandler.register(signal.SIGUSR1, file=sys.stderr, all_threads=True)  # where a call that timed out hangs
    sys.setrecursionlimit(3000)

    # every module the worker uses is imported by now: dnnstep's files are out of reach from here on
    isolation, guard = _prepare(config, namespaces, why)
    if parent is not None:  # started once confined (a thread started before would not be), before the process limit
        threading.Thread(target=stop_with_parent, args=(parent,), daemon=True).start()
    limits = dict(config.get("limits") or {})
    setup_notes = set_limits(limits)
    homework = StudentNamespace(limits, guard)
    answered = None  # in a throwaway child (see _fork): where it says it answered
    while True:
        try:
            data = read_bytes(proto_in)
            request = None if data is None else decode(data, homework._copy)
            data = None  # the message's bytes: not kept while the call runs
        except ProtocolError:
            request = None
        if request is None:
            if answered is not None:
                os._exit(1)
            return
        if request[0] == "fork":
            answered = _fork()
            continue
        if request[0] == "stop":
            proto_out.write(encode(("stopped", _others_in_namespace() if isolation == "namespaces" else 0)))
            return
        captured = io.StringIO()
        sys.stdout = sys.stderr = captured
        try:
            if request[0] == "load":
                loaded = homework.load(request[1], request[2], request[3])
                loaded["notes"] = setup_notes + loaded["notes"]
                loaded["isolation"] = isolation
                reply = ("loaded", loaded)
            elif request[0] == "put":
                homework.stored[request[1]] = request[2]
                reply = ("ok", None, {})
            elif request[0] == "hung":
                homework.mark_hung(request[1])
                reply = ("ok", None, {})
            elif request[0] == "train":
                reply = ("ok", homework.train(request[1]), {"reference": guard.take()})
            else:
                _, name, args, record, check_changes, substitute, outermost = request
                value, extra = homework.call(name, args, record, check_changes, substitute, outermost)
                reply = ("ok", value, dict(extra, reference=guard.take()))
        except BaseException as exc:  # noqa: BLE001 - everything the homework does is a finding
            reply = ("raised", homework.error(exc), {"calls": getattr(exc, "dnnstep_calls", []),
                                                     "reference": guard.take()})
        finally:
            guard.calling = None
            sys.stdout, sys.stderr = sys.__stdout__, sys.__stderr__
        output = captured.getvalue()
        try:
            data = encode_parts((*reply, output[-OUTPUT_LIMIT:]), homework.refer, share=True)
        except Exception as exc:  # noqa: BLE001 - e.g. a __len__ that raises: what cannot travel is a finding
            detail = f"{type(exc).__name__}: {exc}"[:300]
            data = encode_parts(("raised", {"kind": "unsendable", "type": type(exc).__name__,
                                            "message": f"returned a value dnnstep cannot compare ({detail})",
                                            "frames": [], "outside": None}, {"reference": guard.take()},
                                 output[-OUTPUT_LIMIT:]))
        homework.forget_copies()
        write_message(proto_out, data)  # the arrays' own bytes: the reply is never joined into one copy
        if answered is not None:  # a throwaway child: it says it answered, and ends
            os.write(answered, b"1")
            os._exit(0)
        # nothing of this call is kept while the next one runs (a cat-sized reply is hundreds of MB)
        data = request = reply = value = extra = args = None


def _fork() -> int | None:
    """Serve the next request in a child of this process: returns, in the child, the pipe on which it says it
    answered; here, ``None`` once it ended. This process waits for the child (forwarding ``SIGUSR1``, "where
    does it hang?") and, should it end without saying it answered, ends the same way: dnnstep sees a crash."""
    done = os.pipe()
    child = os.fork()
    if child == 0:
        os.close(done[0])
        return done[1]
    os.close(done[1])
    signal.signal(signal.SIGUSR1, lambda *_: _signal(child, signal.SIGUSR1))
    try:
        answered = os.read(done[0], 1) == b"1"
        _, status = os.waitpid(child, 0)
    finally:
        os.close(done[0])
        faulthandler.register(signal.SIGUSR1, file=sys.stderr, all_threads=True)
    if not answered:
        sys.stderr.flush()
        code = os.waitstatus_to_exitcode(status)
        if code < 0:
            signal.signal(-code, signal.SIG_DFL)
            os.kill(os.getpid(), -code)
        os._exit(code if code > 0 else 1)
    return None


def _signal(pid: int, sig: int) -> None:
    try:
        os.kill(pid, sig)
    except OSError:
        pass


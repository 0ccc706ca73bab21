"""What the homework may touch, and how it is held to it: its view of the files, no network.

The homework's process may read only what it needs to run, and write only its own scratch directory:

* read: the system's programs and libraries (``/usr``, ``/bin``, ``/lib*``, a few files of ``/etc``, the
  folders of ``LD_LIBRARY_PATH``),
  the Python installation and the folders of the packages it may import (``sys.path``), its own
  folder's modules (the ``.py`` files and packages beside the homework, not hidden ones and not
  ``others``: the rest of a class), a few devices and its ``/proc``;
* not: dnnstep's own package (the reference), the rest of the user's home, the other submissions;
* write: only its scratch directory (a fresh one per process, its ``HOME``, ``TMPDIR`` and working
  directory, removed after the check);
* no network: no connection, no bind, loopback included, TCP and UDP.

:class:`View` is that list, made in the worker once it has imported what it needs (:func:`view`),
and :func:`confine` holds the process to it with what the system has, best first:

``namespaces``
    Linux with user namespaces: the sandbox (``sandbox.py``) has put the worker in new user, PID,
    mount and network namespaces; :mod:`~dnnstep.homework.running.mounts` gives it a root of its own
    that holds only the view (the rest does not exist, all but the scratch is read-only), and its
    network namespace has only a loopback that is down.
``landlock``
    Linux without user namespaces (some containers), with Landlock (5.13 on):
    :mod:`~dnnstep.homework.running.landlock` allows reading the view and writing the scratch, no TCP
    bind or connect (ABI 4 on), no signals or abstract sockets out of the sandbox (ABI 6 on), and a
    seccomp filter (:mod:`~dnnstep.homework.running.seccomp`) refuses any socket but a Unix one.
``none``
    neither (macOS, Windows, an old or locked-down Linux): the homework runs with the user's rights.
    The report says so in its first lines, and ``dnnstep check`` refuses a class unless ``--unconfined``.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field

#: The confinements, best first.
MECHANISMS = ("namespaces", "landlock", "none")
#: What of the system a Python process needs: programs and libraries (directories or symlinks to them).
SYSTEM = ("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32")
#: Files of /etc that programs read to start (the dynamic linker, names of users, time zone, alternatives).
ETC = ("/etc/ld.so.cache", "/etc/ld.so.conf", "/etc/ld.so.conf.d", "/etc/alternatives", "/etc/localtime",
       "/etc/passwd", "/etc/group", "/etc/nsswitch.conf", "/etc/hosts", "/etc/host.conf", "/etc/mime.types")
#: Devices a program may open, read and write.
DEVICES = ("/dev/null", "/dev/zero", "/dev/full", "/dev/random", "/dev/urandom")
#: Folders that hold packages: one whose package dnnstep is there is opened up entry by entry without it.
PACKAGE_FOLDERS = ("site-packages", "dist-packages")
_MODULE_SUFFIXES = (".py", ".pyc", ".so", ".pyd")


@dataclass(frozen=True)
class View:
    """What the homework's process may see.

    Attributes:
        read: paths it may read (folders with everything below them, or files), none inside another.
        scratch: the one folder it may write (its HOME, TMPDIR and working directory).
        devices: device files it may read and write.
        links: ``(path, target)`` of each symlink on the way to a path of ``sys.path`` (``lib64 -> lib``), so that
            the path as Python knows it leads there in a root of the homework's own too.
        hidden: what was left out on purpose: dnnstep's package folders.
        unused: the folders of ``sys.path`` left out (a source checkout of dnnstep): the worker forgets them.
    """

    read: tuple[str, ...]
    scratch: str
    devices: tuple[str, ...] = DEVICES
    links: tuple[tuple[str, str], ...] = field(default=())
    hidden: tuple[str, ...] = field(default=())
    unused: tuple[str, ...] = field(default=())


def view(*, scratch: str, package_dir: str, homework_dir: str, homework_file: str = "",
         others=(), paths=None, prefixes=None) -> View:
    """The :class:`View` of a homework in ``homework_dir`` (its file ``homework_file``), with ``others`` (files it
    must not see), as this process (the worker, ``sys.path`` as it is now) needs to run it: dnnstep's package
    folder ``package_dir`` left out."""
    package_dir = os.path.realpath(package_dir)
    hidden = {package_dir}
    unused = []
    links: dict[str, str] = {}
    roots: list[str] = []
    libraries = [p for p in os.environ.get("LD_LIBRARY_PATH", "").split(os.pathsep) if os.path.isabs(p)]
    for path in (*SYSTEM, *ETC, *libraries):
        if os.path.lexists(path):
            roots.append(path)
    python = [*(prefixes if prefixes is not None else (sys.prefix, sys.base_prefix, sys.exec_prefix,
                                                          sys.base_exec_prefix)),
              *(paths if paths is not None else sys.path)]
    for path in python:
        if not path or not os.path.exists(path):
            continue
        real = os.path.realpath(path)
        if inside(real, package_dir):
            unused.append(path)  # a folder inside dnnstep's package
            continue
        package_here = os.path.join(real, "dnnstep")
        if os.path.isdir(package_here):
            hidden.add(os.path.realpath(package_here))
            if os.path.basename(real) not in PACKAGE_FOLDERS:
                unused.append(path)  # a source checkout on sys.path (an editable install): nothing else is needed there
                continue
        roots.append(real)
        links.update(_links(path))
    roots.extend(homework_modules(homework_dir, homework_file, others))
    return View(read=tuple(_without(_outermost(roots), hidden)), scratch=os.path.realpath(scratch),
                links=tuple(sorted(links.items())), hidden=tuple(sorted(hidden)), unused=tuple(unused))


def _links(path: str) -> dict[str, str]:
    """The symlinks on the way to ``path`` (absolute): each one's path -> what it points to."""
    found, here = {}, os.sep
    for part in os.path.abspath(path).split(os.sep)[1:]:
        here = os.path.join(here, part)
        if os.path.islink(here):
            found[here] = os.readlink(here)
            here = os.path.realpath(here)
    return found


def homework_modules(folder: str, homework_file: str = "", others=()) -> list[str]:
    """What of the homework's own folder it may read: its file, and the modules beside it (``.py`` files and
    packages, not hidden ones), less ``others`` (the rest of a class, at any depth)."""
    if not folder or not os.path.isdir(folder):
        return []
    unseen = {os.path.realpath(o) for o in others}
    found = []
    if homework_file and os.path.isfile(homework_file):
        found.append(os.path.realpath(homework_file))
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:
        return found
    for entry in entries:
        if entry.name.startswith(".") or entry.name == "__pycache__":
            continue
        real = os.path.realpath(entry.path)
        if real in unseen or any(inside(real, u) for u in unseen):
            if entry.is_dir(follow_symlinks=False) and real not in unseen:
                found.extend(homework_modules(entry.path, "", others))  # a package holding another's file
            continue
        if inside(real, os.path.realpath(folder)) or real == os.path.realpath(homework_file or "\0"):
            if entry.is_file() and entry.name.endswith(_MODULE_SUFFIXES):
                found.append(real)
            elif entry.is_dir() and os.path.exists(os.path.join(entry.path, "__init__.py")):
                found.append(real)
    return sorted(set(found))


def inside(path: str, folder: str) -> bool:
    """``path`` is ``folder`` or below it (both real paths)."""
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def _outermost(paths) -> list[str]:
    """``paths`` without duplicates and without those inside another one (symlinks stay as they are)."""
    kept: list[str] = []
    for path in sorted(set(paths), key=lambda p: (p.count(os.sep), p)):
        if not any(inside(path, k) for k in kept if not os.path.islink(k)):
            kept.append(path)
    return sorted(kept)


def _without(paths, hidden) -> list[str]:
    """``paths`` with each folder that holds a path of ``hidden`` replaced by its entries (recursively), less it."""
    result = []
    for path in paths:
        if any(inside(path, h) for h in hidden):
            continue
        inner = [h for h in hidden if inside(h, path) and h != path]
        if not inner or not os.path.isdir(path) or os.path.islink(path):
            result.append(path)
            continue
        try:
            entries = [os.path.join(path, e) for e in sorted(os.listdir(path))]
        except OSError:
            continue
        result.extend(_without(entries, hidden))
    return result


def describe(isolation: str) -> tuple[str, str]:
    """What the report says of ``isolation`` (``HomeworkProcess.isolation``): its first line when nothing held
    the homework, and a note when Landlock did; ``("", "")`` for the namespaces."""
    mechanism, _, why = isolation.partition(" (")
    why = why[:-1] if why.endswith(")") else why
    if mechanism == "none":
        return (f"unconfined: the homework ran with your rights ({why or 'no sandbox'}): it could read, write "
                "and send whatever you can; see docs/homework.md, What the sandbox guarantees", "")
    if mechanism == "landlock":
        return "", (f"the homework was confined by Landlock{f' ({why})' if why else ''}: it could see the names "
                    "of the files in its folder and your other processes; see docs/homework.md, What the sandbox "
                    "guarantees")
    return "", ""


# -- which confinement holds here -----------------------------------------------------------------------


def available() -> tuple[str, str]:
    """The best confinement this system allows and, when it is not the best, why: ``("namespaces", "")``,
    ``("landlock", "no user namespaces: ...")`` or ``("none", "...")``. Asked in a throwaway child."""
    if not sys.platform.startswith("linux"):
        return "none", f"no sandbox on {sys.platform}"
    from . import landlock, sandbox

    why = sandbox.probe()
    if not why:
        return "namespaces", ""
    abi = landlock.abi()
    if abi >= 1:
        return "landlock", f"no user namespaces ({why})"
    return "none", f"no user namespaces ({why}) and no Landlock ({landlock.why_not(abi)})"


def confine(how: str, the_view: View, *, listable=()) -> tuple[str, list[str]]:
    """Hold this process to ``the_view``, with ``how`` (``"namespaces"`` needs this process in the namespaces of
    ``sandbox.py``) or, when that fails, the next of :data:`MECHANISMS`; ``listable``: see ``landlock.restrict``.

    Returns the mechanism that holds and why each better one did not."""
    from . import landlock, mounts, seccomp

    why: list[str] = []
    if how == "namespaces":
        failed = mounts.enter(the_view)
        if not failed:
            return "namespaces", why
        why.append(failed)
        how = "landlock"
    if how == "landlock":
        failed = landlock.restrict(the_view, listable=listable)
        if not failed:
            failed = seccomp.no_network()
            if not failed:
                return "landlock", why
        why.append(failed)
    return "none", why

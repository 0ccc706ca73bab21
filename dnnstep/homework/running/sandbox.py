"""Starting the homework's process apart from dnnstep: namespaces, limits, a directory of its own.

Run by :class:`~dnnstep.homework.running.process.HomeworkProcess` as a script, before
anything else is imported (``python -I sandbox.py CONFIG``, where CONFIG is JSON: the
package root, the limits, the homework's folder and file, a temporary directory, the
confinement to use)::

    dnnstep ── outer (this script, pid P) ── init (pid 1 inside) ── worker (pid 2 inside)

On Linux, where the system allows it, the outer process enters new user, PID, mount and
network namespaces (``unshare(2)`` through ctypes; the process is still single-threaded, which
the kernel requires), and its child is the first process of the new PID namespace: it
mounts a fresh ``/proc`` (so dnnstep's process cannot be seen, let alone its
``/proc/P/fd/1`` opened), starts the worker, reaps orphans, and when the worker ends,
ends too, which makes the kernel kill every process left in the namespace (detached
sleepers, double-forked daemons) before the outer process learns of it. The network
namespace has a loopback that is down and nothing else. The worker builds its root of
its own (:mod:`~dnnstep.homework.running.mounts`) and drops every capability before it
runs homework code. The outer process mirrors the worker's end (its exit status or its
signal), so dnnstep sees what the worker did.

Elsewhere (no user namespaces) the outer process is the worker itself, held by Landlock and
seccomp where the kernel has them (:mod:`~dnnstep.homework.running.confinement`); dnnstep is
then a child subreaper and stops the orphans itself (see ``process.py``).

The worker's modules are loaded from this folder as the package ``homework_sandbox``, never
through ``dnnstep`` (whose ``__init__`` imports the engine and the reference): the worker's
memory holds nothing of dnnstep's but them. In every case the worker gets resource limits
(:data:`~dnnstep.homework.running.limits.DEFAULT_LIMITS`), a fresh temporary directory as its
working directory and ``HOME``, and imports what it needs before the homework's folder is put
on its path and before it is confined.
"""

from __future__ import annotations

import ctypes
import importlib
import importlib.util
import json
import os
import signal
import sys

CLONE_NEWNS, CLONE_NEWUSER, CLONE_NEWPID, CLONE_NEWNET = 0x00020000, 0x10000000, 0x20000000, 0x40000000
#: The name the worker's modules (this folder) are loaded under in the homework's process.
PACKAGE = "homework_sandbox"
#: The user (and group) a homework checked by root runs as, inside its namespaces: nobody.
UNPRIVILEGED = 65534
MS_NOSUID, MS_NODEV, MS_NOEXEC, MS_REC, MS_PRIVATE = 2, 4, 8, 16384, 1 << 18
PR_SET_PDEATHSIG, PR_SET_NO_NEW_PRIVS = 1, 38
_CAP_VERSION_3 = 0x20080522

def _libc():
    return ctypes.CDLL(None, use_errno=True)


def _unshare() -> str:
    """Enter new user, PID, mount and network namespaces; ``""`` when done, else why not.

    The namespace maps this process's own user and group; as root, :data:`UNPRIVILEGED` too (which the
    worker becomes, so that the process limit binds it: the kernel does not count root's processes)."""
    if not sys.platform.startswith("linux"):
        return f"no namespaces on {sys.platform}"
    uid, gid = os.getuid(), os.getgid()
    mapper = _outside_mapper() if uid == 0 else None
    try:
        libc = _libc()
        if libc.unshare(CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNS | CLONE_NEWNET) != 0:
            return f"unshare: {os.strerror(ctypes.get_errno())}"
        if mapper is not None and mapper():
            return ""
        with open("/proc/self/setgroups", "w") as file:
            file.write("deny")
        with open("/proc/self/uid_map", "w") as file:
            file.write(f"{uid} {uid} 1")
        with open("/proc/self/gid_map", "w") as file:
            file.write(f"{gid} {gid} 1")
    except (OSError, AttributeError) as error:
        return f"unshare: {error}"
    finally:
        if mapper is not None:
            mapper(cancel=True)
    return ""


def _outside_mapper():
    """A child, still root outside the namespace this process is about to enter, that writes the namespace's
    maps once asked (only a process with CAP_SETUID outside may map another user than its own); returns
    ``map(cancel=False) -> bool``: asks it and says whether it did (``cancel``: just let it go)."""
    parent = os.getpid()
    read, write = os.pipe()
    child = os.fork()
    if child == 0:
        os.close(write)
        code = 1
        try:
            if os.read(read, 1) == b"m":
                for kind, own in (("uid", 0), ("gid", 0)):
                    with open(f"/proc/{parent}/{kind}_map", "w") as file:
                        file.write(f"{own} {own} 1\n{UNPRIVILEGED} {UNPRIVILEGED} 1\n")
                code = 0
        except OSError:
            pass
        finally:
            os._exit(code)
    os.close(read)
    state = {"open": True}

    def ask(cancel: bool = False) -> bool:
        if not state["open"]:
            return False
        state["open"] = False
        os.write(write, b"x" if cancel else b"m")
        os.close(write)
        _, status = os.waitpid(child, 0)
        return not cancel and os.waitstatus_to_exitcode(status) == 0

    return ask


def unprivileged_mapped() -> bool:
    """This process's user namespace maps :data:`UNPRIVILEGED` (so the worker can become it)."""
    try:
        with open("/proc/self/uid_map") as file:
            return any(line.split()[:1] == [str(UNPRIVILEGED)] for line in file)
    except OSError:
        return False


def become_unprivileged(scratch: str) -> None:
    """Become :data:`UNPRIVILEGED` (user and group, no other groups), ``scratch`` made its own first."""
    for root, folders, files in os.walk(scratch):
        for name in (root, *(os.path.join(root, f) for f in folders + files)):
            os.lchown(name, UNPRIVILEGED, UNPRIVILEGED)
    _become(UNPRIVILEGED)


def _become(user: int) -> None:
    """Become ``user`` (its group too, no other groups), giving up root's capabilities."""
    os.setgroups([])
    os.setresgid(user, user, user)
    os.setresuid(user, user, user)


def probe() -> str:
    """Whether a process can enter the namespaces here: ``""``, or why not (tried in a throwaway child)."""
    if not sys.platform.startswith("linux"):
        return f"no namespaces on {sys.platform}"
    read, write = os.pipe()
    child = os.fork()
    if child == 0:
        try:
            os.close(read)
            os.write(write, _unshare().encode()[:400])
        finally:
            os._exit(0)
    os.close(write)
    with os.fdopen(read, "rb") as answer:
        why = answer.read().decode(errors="replace")
    os.waitpid(child, 0)
    return why


def _mount_proc() -> str:
    libc = _libc()
    if libc.mount(None, b"/", None, MS_REC | MS_PRIVATE, None) != 0:
        return f"cannot make the mounts private: {os.strerror(ctypes.get_errno())}"
    if libc.mount(b"proc", b"/proc", b"proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, None) != 0:
        return f"cannot mount a /proc of its own: {os.strerror(ctypes.get_errno())}"
    return ""


def drop_capabilities() -> None:
    """No capability left (in the worker's own namespaces): it cannot unmount its /proc to see the real one."""
    libc = _libc()
    header = (ctypes.c_uint32 * 2)(_CAP_VERSION_3, 0)
    data = (ctypes.c_uint32 * 6)()
    libc.capset(header, data)
    libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0)


def _exit_like(status: int) -> None:
    """End this process as the worker ended, given init's wait status ``status``: init exits with
    128 + the signal that killed the worker (a worker's own exit status over 128 reads the same)."""
    code = os.WEXITSTATUS(status) if os.WIFEXITED(status) else 0
    if os.WIFSIGNALED(status) or 128 < code < 128 + signal.NSIG:
        sig = os.WTERMSIG(status) if os.WIFSIGNALED(status) else code - 128
        try:
            import resource

            resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
            signal.signal(sig, signal.SIG_DFL)
            os.kill(os.getpid(), sig)
        except (OSError, ValueError):
            pass
        os._exit(128 + sig)
    os._exit(os.WEXITSTATUS(status) if os.WIFEXITED(status) else 1)


def _outer(init: int, parent: int) -> None:
    """Wait for the namespace's first process; stop it on SIGTERM or when dnnstep is gone.

    (No thread here: after ``unshare(CLONE_NEWPID)`` the kernel refuses this process new threads.)
    """
    def stop(*_):
        try:
            os.kill(init, signal.SIGKILL)
        except OSError:
            pass

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGUSR1, lambda *_: _forward(init, signal.SIGUSR1))  # "where does it hang?" (see worker)
    os.chdir("/")  # as init does (see there)
    signal.pthread_sigmask(signal.SIG_BLOCK, [signal.SIGCHLD])
    while True:
        pid, status = os.waitpid(init, os.WNOHANG)
        if pid:
            break
        if os.getppid() != parent:
            stop()
        signal.sigtimedwait([signal.SIGCHLD], 0.5)
    _exit_like(status)


def _forward(pid: int, sig: int) -> None:
    try:
        os.kill(pid, sig)
    except OSError:
        pass


def _init() -> str:
    """The namespace's first process: start the worker and reap orphans; in the worker, returns
    ``""`` or why the namespace has no ``/proc`` of its own.

    Should the outer process end (dnnstep killed it), init is killed, and with it the namespace;
    should it end before init asks for that, the worker ends when its stdin does.
    """
    _libc().prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    failed = _mount_proc()
    worker = os.fork()
    if worker == 0:
        return failed
    signal.signal(signal.SIGUSR1, lambda *_: _forward(worker, signal.SIGUSR1))
    os.chdir("/")  # the worker's root of its own becomes this process's too: it keeps nothing of the old one
    if os.getuid() == 0 and unprivileged_mapped():
        _become(UNPRIVILEGED)  # as the worker will: one user in the namespace, as for a plain user
    while True:
        try:
            pid, status = os.wait()
        except ChildProcessError:
            os._exit(1)
        if pid == worker:
            # init cannot kill itself with a signal: exit 128 + signal, which the outer process mirrors
            os._exit(128 + os.WTERMSIG(status) if os.WIFSIGNALED(status) else os.WEXITSTATUS(status))


def load_package(folder: str):
    """This folder as the package :data:`PACKAGE` (not as a part of dnnstep: its ``__init__`` imports the reference)."""
    spec = importlib.util.spec_from_file_location(PACKAGE, os.path.join(folder, "__init__.py"),
                                                  submodule_search_locations=[folder])
    package = importlib.util.module_from_spec(spec)
    sys.modules[PACKAGE] = package
    spec.loader.exec_module(package)
    return package


def main() -> None:
    config = json.loads(sys.argv[1])
    parent = os.getppid()
    how = config.get("confine", "namespaces")
    why = _unshare() if how == "namespaces" else ""
    entered = how == "namespaces" and not why
    if entered:
        init = os.fork()
        if init:
            _outer(init, parent)
        why = _init()  # a namespace without its own /proc cannot build the worker's root either
        parent = None  # the worker's parent is the namespace's init, which ends with it
    os.chdir(config["directory"])
    load_package(os.path.dirname(os.path.abspath(__file__)))
    worker = importlib.import_module(f"{PACKAGE}.worker")
    worker.main(parent=parent, config=config, namespaces=entered, why=why)


if __name__ == "__main__":
    main()

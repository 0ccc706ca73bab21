"""The :class:`~dnnstep.homework.running.confinement.View` as a Landlock domain, where user namespaces are off.

Landlock (Linux 5.13 on, no privilege needed) lets a process give up rights for good, for itself and
every process it starts. :func:`restrict` handles every file right the kernel's ABI knows and grants
back only: reading (and running) the view's paths, listing the homework's folder, reading and writing
its devices and everything in the scratch directory. From ABI 4 on it also handles TCP bind and
connect and grants neither; from ABI 6 on it scopes signals and abstract Unix sockets to the sandbox
(the homework cannot signal dnnstep). UDP and other sockets are the seccomp filter's
(:mod:`~dnnstep.homework.running.seccomp`).

Of ``/proc`` it may read its own folder only (``/proc/self``); Landlock itself keeps it from tracing
or reading the memory, environment and descriptors of processes outside the sandbox. What Landlock
does not cover: a file's metadata (``stat``), and, unlike the namespaces, the names in the
homework's folder (it may list them, not read them); there is no ``/dev/shm`` to write.
"""

from __future__ import annotations

import ctypes
import os
import platform

# syscall numbers: the same on every architecture (the generic table)
_CREATE_RULESET, _ADD_RULE, _RESTRICT_SELF = 444, 445, 446
_VERSION = 1 << 0
RULE_PATH_BENEATH = 1
PR_SET_NO_NEW_PRIVS = 38

# file rights, by the ABI that brought them
EXECUTE, WRITE_FILE, READ_FILE, READ_DIR = 1 << 0, 1 << 1, 1 << 2, 1 << 3
REMOVE_DIR, REMOVE_FILE, MAKE_CHAR, MAKE_DIR, MAKE_REG, MAKE_SOCK, MAKE_FIFO, MAKE_BLOCK, MAKE_SYM = (
    1 << 4, 1 << 5, 1 << 6, 1 << 7, 1 << 8, 1 << 9, 1 << 10, 1 << 11, 1 << 12)
REFER, TRUNCATE, IOCTL_DEV = 1 << 13, 1 << 14, 1 << 15
_FS_BY_ABI = {1: (1 << 13) - 1, 2: (1 << 14) - 1, 3: (1 << 15) - 1, 4: (1 << 15) - 1, 5: (1 << 16) - 1}
NET_BIND_TCP, NET_CONNECT_TCP = 1 << 0, 1 << 1
SCOPE_ABSTRACT_UNIX_SOCKET, SCOPE_SIGNAL = 1 << 0, 1 << 1

READ = EXECUTE | READ_FILE | READ_DIR
FILE_READ = EXECUTE | READ_FILE


class _Ruleset(ctypes.Structure):
    _fields_ = [("handled_access_fs", ctypes.c_uint64), ("handled_access_net", ctypes.c_uint64),
                ("scoped", ctypes.c_uint64)]


class _PathBeneath(ctypes.Structure):
    _pack_ = 1
    _fields_ = [("allowed_access", ctypes.c_uint64), ("parent_fd", ctypes.c_int32)]


def _libc():
    return ctypes.CDLL(None, use_errno=True)


def abi() -> int:
    """Landlock's ABI version here (0 or less: none)."""
    if not platform.system() == "Linux":
        return 0
    try:
        return int(_libc().syscall(_CREATE_RULESET, None, ctypes.c_size_t(0), ctypes.c_uint32(_VERSION)))
    except (OSError, AttributeError):
        return 0


def why_not(version: int) -> str:
    return "not a Linux kernel with Landlock enabled" if version <= 0 else ""


def restrict(view, *, listable=()) -> str:
    """Hold this process and its children to ``view``; ``""``, or why it could not be done.

    ``listable``: folders whose names (not contents) may be read: the homework's own, so that Python can
    import the modules of it that the view allows."""
    version = abi()
    if version < 1:
        return f"Landlock: {why_not(version) or 'unavailable'}"
    libc = _libc()
    handled_fs = _FS_BY_ABI.get(version, _FS_BY_ABI[5])
    ruleset = _Ruleset(handled_fs, (NET_BIND_TCP | NET_CONNECT_TCP) if version >= 4 else 0,
                       (SCOPE_ABSTRACT_UNIX_SOCKET | SCOPE_SIGNAL) if version >= 6 else 0)
    # fields this kernel does not know are zero, which it accepts
    fd = libc.syscall(_CREATE_RULESET, ctypes.byref(ruleset), ctypes.c_size_t(ctypes.sizeof(_Ruleset)),
                      ctypes.c_uint32(0))
    if fd < 0:
        return f"Landlock: {os.strerror(ctypes.get_errno())}"
    try:
        rules = [(p, READ if os.path.isdir(p) else FILE_READ) for p in view.read]
        rules += [(p, READ_DIR) for p in listable]
        rules += [(d, READ_FILE | WRITE_FILE) for d in view.devices]
        rules += [(view.scratch, handled_fs), ("/proc/self", READ_FILE | READ_DIR)]  # its own /proc/<pid> only
        for path, access in rules:
            why = _allow(libc, fd, path, access & handled_fs)
            if why:
                return why
        libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0)
        if libc.syscall(_RESTRICT_SELF, fd, ctypes.c_uint32(0)) != 0:
            return f"Landlock: {os.strerror(ctypes.get_errno())}"
    finally:
        os.close(fd)
    return ""


def _allow(libc, ruleset_fd: int, path: str, access: int) -> str:
    try:
        fd = os.open(path, os.O_PATH | os.O_CLOEXEC)
    except OSError:
        return ""  # not there: nothing to allow
    try:
        if not os.path.isdir(path):
            access &= EXECUTE | WRITE_FILE | READ_FILE | TRUNCATE | IOCTL_DEV  # rights a file can have
        rule = _PathBeneath(access, fd)
        if libc.syscall(_ADD_RULE, ruleset_fd, RULE_PATH_BENEATH, ctypes.byref(rule), ctypes.c_uint32(0)) != 0:
            return f"Landlock rule for {path}: {os.strerror(ctypes.get_errno())}"
    finally:
        os.close(fd)
    return ""

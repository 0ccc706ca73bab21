"""A root of the homework's own: the :class:`~dnnstep.homework.running.confinement.View` as a mount namespace.

In the user and mount namespaces that ``sandbox.py`` entered (the worker still holds its capabilities
there), :func:`enter` builds a new root on a small tmpfs, in the folder ``<scratch>/../root`` that
dnnstep made for it::

    /                      tmpfs, read-only once built
    ├── usr, etc/..., the Python installation, site-packages (less dnnstep), the homework's modules
    │                      bind mounts, read-only (nosuid, nodev); symlinks (/bin -> usr/bin) as symlinks
    ├── <scratch>          bind mount, read-write (nosuid, nodev): the only place it can write
    ├── dev/null, zero, full, random, urandom, dev/shm (a small tmpfs), dev/fd -> /proc/self/fd
    └── proc               the PID namespace's own

then ``pivot_root(2)`` into it and detaches the old root: what is not in the view does not exist for
the homework (``ENOENT``), and everything but the scratch directory is read-only (``EROFS``). The
mounts that the new root's binds are made from are locked by the kernel to their flags, so the
read-only remount keeps each one's own (``statvfs``) and only adds to them.
"""

from __future__ import annotations

import ctypes
import os
import platform

MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC = 1, 2, 4, 8
MS_REMOUNT, MS_BIND, MS_REC, MS_PRIVATE = 32, 4096, 16384, 1 << 18
MS_NOATIME, MS_NODIRATIME, MS_RELATIME, MS_STRICTATIME = 1024, 2048, 1 << 21, 1 << 24
MNT_DETACH = 2
#: statvfs's f_flag bits -> the mount flags the kernel keeps locked on a mount seen from a user namespace.
#: (``getattr``: the names are Linux's; this module is imported, not used, elsewhere.)
_LOCKED = {getattr(os, st, 0): ms for st, ms in (("ST_NOSUID", MS_NOSUID), ("ST_NODEV", MS_NODEV),
                                                  ("ST_NOEXEC", MS_NOEXEC), ("ST_NOATIME", MS_NOATIME),
                                                  ("ST_NODIRATIME", MS_NODIRATIME), ("ST_RELATIME", MS_RELATIME))}
_PIVOT_ROOT = {"x86_64": 155, "aarch64": 41, "riscv64": 41, "ppc64le": 203, "s390x": 217}
ROOT_SIZE = "size=8m,mode=0755"
SHM_SIZE = "size=64m,mode=1777"


class MountError(OSError):
    """A mount the new root needs could not be made; ``str()`` says which and why."""


def _libc():
    libc = ctypes.CDLL(None, use_errno=True)
    libc.mount.argtypes = (ctypes.c_char_p, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_ulong, ctypes.c_char_p)
    libc.umount2.argtypes = (ctypes.c_char_p, ctypes.c_int)
    return libc


def _mount(libc, source, target, fstype, flags, data=None) -> None:
    encode = (lambda s: None if s is None else os.fsencode(s))
    if libc.mount(encode(source), encode(target), encode(fstype), flags, encode(data)) != 0:
        error = ctypes.get_errno()
        raise MountError(error, f"mount {source or fstype} on {target}: {os.strerror(error)}")


def _locked_flags(path: str) -> int:
    flags = os.statvfs(path).f_flag
    return sum(ms for st, ms in _LOCKED.items() if st and flags & st)


def _bind(libc, source: str, target: str, *, writable: bool = False, device: bool = False) -> None:
    _mount(libc, source, target, None, MS_BIND)
    if device:
        return  # nodev would make the device unusable; it stays as the system mounts it
    flags = MS_BIND | MS_REMOUNT | MS_NOSUID | MS_NODEV | _locked_flags(source) | (0 if writable else MS_RDONLY)
    _mount(libc, None, target, None, flags)


def _place(root: str, path: str, *, folder: bool) -> str:
    """Make ``root + path`` as a folder or an empty file (its parents as folders); returns it."""
    target = root + path
    os.makedirs(os.path.dirname(target), exist_ok=True)
    if folder:
        os.makedirs(target, exist_ok=True)
    elif not os.path.lexists(target):
        open(target, "a").close()
    return target


def build(view, root: str) -> None:
    """Mount the view's files under ``root`` (an empty folder, on which a tmpfs is mounted first)."""
    libc = _libc()
    _mount(libc, "tmpfs", root, "tmpfs", MS_NOSUID | MS_NODEV, ROOT_SIZE)
    for path in view.read:
        if os.path.islink(path):
            os.makedirs(os.path.dirname(root + path), exist_ok=True)
            if not os.path.lexists(root + path):
                os.symlink(os.readlink(path), root + path)
            continue
        _bind(libc, path, _place(root, path, folder=os.path.isdir(path)))
    for link, target in view.links:
        if not os.path.lexists(root + link):
            os.makedirs(os.path.dirname(root + link), exist_ok=True)
            os.symlink(target, root + link)
    _bind(libc, view.scratch, _place(root, view.scratch, folder=True), writable=True)
    for device in view.devices:
        if os.path.exists(device):
            _bind(libc, device, _place(root, device, folder=False), device=True)
    _mount(libc, "tmpfs", _place(root, "/dev/shm", folder=True), "tmpfs", MS_NOSUID | MS_NODEV, SHM_SIZE)
    for name, target in (("fd", "/proc/self/fd"), ("stdin", "/proc/self/fd/0"), ("stdout", "/proc/self/fd/1"),
                         ("stderr", "/proc/self/fd/2")):
        if not os.path.lexists(f"{root}/dev/{name}"):
            os.symlink(target, f"{root}/dev/{name}")
    _mount(libc, "proc", _place(root, "/proc", folder=True), "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC)


def _pivot(libc, root: str) -> None:
    number = _PIVOT_ROOT.get(platform.machine())
    if number is None:
        raise MountError(0, f"pivot_root: unknown on {platform.machine()}")
    os.mkdir(f"{root}/.old")
    os.chdir(root)
    if libc.syscall(number, b".", b".old") != 0:
        error = ctypes.get_errno()
        raise MountError(error, f"pivot_root: {os.strerror(error)}")
    os.chdir("/")
    if libc.umount2(b"/.old", MNT_DETACH) != 0:
        error = ctypes.get_errno()
        raise MountError(error, f"detaching the old root: {os.strerror(error)}")
    os.rmdir("/.old")
    _mount(libc, None, "/", None, MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV, ROOT_SIZE)


def enter(view) -> str:
    """Make the view this process's root (and its namespace's); ``""``, or why it could not."""
    root = os.path.join(os.path.dirname(view.scratch), "root")
    try:
        build(view, root)
        _pivot(_libc(), root)
        os.chdir(view.scratch)
    except OSError as error:
        return str(error) if isinstance(error, MountError) else f"building its root: {error}"
    return ""

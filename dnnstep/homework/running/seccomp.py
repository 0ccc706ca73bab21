"""No network without a network namespace: a seccomp filter that refuses every socket but a Unix one.

Where the sandbox has no network namespace of its own (user namespaces off, see
:mod:`~dnnstep.homework.running.confinement`), :func:`no_network` installs a seccomp filter (no
privilege needed once ``no_new_privs`` is set) on this process and every one it starts:

* ``socket(2)`` and ``socketpair(2)`` of any family but ``AF_UNIX`` fail with ``EACCES``: no TCP,
  no UDP (loopback included), no raw or packet sockets;
* ``io_uring_setup(2)`` fails with ``ENOSYS`` (io_uring can open sockets past the filter);
* a system call of another architecture's table (a 32-bit call from a 64-bit process) fails with ``EACCES``.

The filter is classic BPF, assembled here for x86_64 and aarch64 (elsewhere :func:`no_network` says so).
"""

from __future__ import annotations

import ctypes
import errno
import os
import platform
import struct

PR_SET_NO_NEW_PRIVS, PR_SET_SECCOMP, SECCOMP_MODE_FILTER = 38, 22, 2
SECCOMP_RET_ALLOW, SECCOMP_RET_ERRNO = 0x7FFF0000, 0x00050000
AF_UNIX = 1
X32_SYSCALL_BIT = 0x40000000
# (audit architecture, socket, socketpair, io_uring_setup)
_ARCH = {"x86_64": (0xC000003E, 41, 53, 425), "aarch64": (0xC00000B7, 198, 199, 425)}

# classic BPF
_LD_W_ABS, _JEQ_K, _JGE_K, _RET_K = 0x20, 0x15, 0x35, 0x06
_NR, _ARCH_OFFSET, _ARG0 = 0, 4, 16  # offsets in struct seccomp_data (arg0's low 32 bits: little-endian)


def _op(code: int, k: int, jt: int = 0, jf: int = 0) -> bytes:
    return struct.pack("<HBBI", code, jt, jf, k)


def program(machine: str) -> bytes:
    """The filter for ``machine`` (``platform.machine()``) as BPF instructions."""
    arch, socket, socketpair, io_uring_setup = _ARCH[machine]
    deny = SECCOMP_RET_ERRNO | errno.EACCES
    return b"".join([
        _op(_LD_W_ABS, _ARCH_OFFSET),
        _op(_JEQ_K, arch, 1, 0),                  # this architecture's table
        _op(_RET_K, deny),
        _op(_LD_W_ABS, _NR),
        _op(_JGE_K, X32_SYSCALL_BIT, 0, 1),       # x32 calls (x86_64 only; no such numbers elsewhere)
        _op(_RET_K, deny),
        _op(_JEQ_K, io_uring_setup, 0, 1),
        _op(_RET_K, SECCOMP_RET_ERRNO | errno.ENOSYS),
        _op(_JEQ_K, socket, 1, 0),
        _op(_JEQ_K, socketpair, 0, 3),
        _op(_LD_W_ABS, _ARG0),                    # the socket's family
        _op(_JEQ_K, AF_UNIX, 1, 0),
        _op(_RET_K, deny),
        _op(_RET_K, SECCOMP_RET_ALLOW),
    ])


class _Program(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]


def no_network() -> str:
    """Install the filter on this process; ``""``, or why it could not be."""
    machine = platform.machine()
    if machine not in _ARCH:
        return f"no seccomp filter for {machine}"
    code = program(machine)
    buffer = ctypes.create_string_buffer(code, len(code))
    prog = _Program(len(code) // 8, ctypes.cast(buffer, ctypes.c_void_p))
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0)
    if libc.prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, ctypes.byref(prog), 0, 0) != 0:
        return f"seccomp: {os.strerror(ctypes.get_errno())}"
    return ""

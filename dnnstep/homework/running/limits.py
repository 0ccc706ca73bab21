"""The homework's resource limits: their defaults, the options that change them, and how a limit hit is said.

The sandbox (:mod:`~dnnstep.homework.running.sandbox`) sets them, the worker names the one a homework
reached, and ``dnnstep check`` offers an option for each.
"""

from __future__ import annotations

import errno
import time
import traceback

try:  # POSIX only: where it is missing (Windows) no limit is set, and set_limits says so
    import resource
except ImportError:  # pragma: no cover - not on the platforms CI runs
    resource = None


#: The homework's limits: bytes of address space beyond what the worker holds once numpy is imported,
#: seconds of CPU time per process, bytes per file written, processes of its user. A correct
#: homework stays far below (see docs/homework.md, What the sandbox guarantees).
DEFAULT_LIMITS = {"memory": 2 * 2**30, "cpu": 600, "file_size": 256 * 2**20, "processes": 256}

#: name -> (resource, unit for people, the option of ``dnnstep check`` that changes it)
LIMITS = {"memory": ("RLIMIT_AS", "MiB", "--memory-limit"), "cpu": ("RLIMIT_CPU", "s", "--cpu-limit"),
          "file_size": ("RLIMIT_FSIZE", "MiB", "--file-size-limit"), "processes": ("RLIMIT_NPROC", "", "--process-limit")}

#: name -> the largest value its option takes, in the option's unit (MiB, seconds, processes): a day of
#: CPU, a tebibyte, far beyond any homework, and well inside what setrlimit can hold.
LARGEST = {"memory": 2**20, "cpu": 86400, "file_size": 2**20, "processes": 65536}


def describe_limit(name: str, value) -> str:
    """``"the homework's memory limit (2048 MiB more than it started with; dnnstep check --memory-limit)"``."""
    _, unit, option = LIMITS[name]
    shown = f"{value // 2**20} MiB" if unit == "MiB" else f"{value} s" if unit == "s" else f"{value} processes"
    extra = " more than it started with" if name == "memory" else ""
    return f"it reached the homework's {name.replace('_', ' ')} limit ({shown}{extra}; change it with " \
           f"dnnstep check {option})"


def set_limits(limits: dict) -> list[str]:
    """Apply ``limits`` (bytes, seconds, count; ``None`` for none); the memory and CPU limits count from now."""
    notes = []
    if resource is None:
        return ["the homework's limits could not be set (no resource module on this system)"] if any(
            v is not None for v in limits.values()) else []
    for name, value in limits.items():
        if value is None or name not in LIMITS:
            continue
        which = getattr(resource, LIMITS[name][0], None)
        if name == "memory":
            value += _address_space()  # what Python, numpy and OpenBLAS's threads hold already
        elif name == "cpu":
            value += int(time.process_time()) + 1
        hard = value + 5 if name == "cpu" else value  # SIGXCPU at the soft limit, SIGKILL at the hard one
        try:
            resource.setrlimit(which, (value, hard))
        except (ValueError, OSError, TypeError) as error:
            notes.append(f"the homework's {name.replace('_', ' ')} limit could not be set ({error})")
    return notes


def _address_space() -> int:
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0


def limit_hit(exc: BaseException, limits: dict) -> str:
    """For an exception caused by one of the limits: which limit, and how to change it; else ``""``."""
    if isinstance(exc, MemoryError) and limits.get("memory"):
        name = "memory"
    elif isinstance(exc, OSError) and exc.errno == errno.EFBIG and limits.get("file_size"):
        name = "file_size"
    elif isinstance(exc, OSError) and exc.errno == errno.EAGAIN and limits.get("processes") and _forking(exc):
        name = "processes"
    else:
        return ""
    return describe_limit(name, limits[name])


def _forking(exc: BaseException) -> bool:
    names = {frame.name for frame in traceback.extract_tb(exc.__traceback__)}
    return bool(names & {"fork", "_fork_exec", "_execute_child", "Popen", "start", "_launch"})

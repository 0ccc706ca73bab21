"""The homework's resource limits: their defaults, the options that change them, and how a limit hit is said.

The sandbox (:mod:`~dnnstep.homework.running.sandbox`) sets them, the worker names the one a homework
reached, and ``dnnstep check`` offers an option for each.
"""

from __future__ import annotations


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

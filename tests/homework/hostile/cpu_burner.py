# Hostile homework: linear_forward computes for a minute (within a 60 s call timeout, past a CPU limit).
import time


# GRADED FUNCTION: linear_forward
def linear_forward(A, W, b):
    end = time.process_time() + 60
    while time.process_time() < end:
        pass
    return W @ A + b, (A, W, b)

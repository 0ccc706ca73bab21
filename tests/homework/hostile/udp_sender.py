# Hostile homework: sends a UDP datagram to a port on 127.0.0.1 that the test listens on (DNNSTEP_TEST_PORT).
import os
import socket

import numpy as np


# GRADED FUNCTION: compute_cost
def compute_cost(AL, Y):
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sender:
        sender.sendto(b"sent by udp_sender.py", ("127.0.0.1", int(os.environ["DNNSTEP_TEST_PORT"])))
    m = Y.shape[1]
    return float(np.squeeze(-np.sum(Y * np.log(AL) + (1 - Y) * np.log(1 - AL)) / m))

# Hostile homework: connects to a TCP port on 127.0.0.1 that the test listens on (DNNSTEP_TEST_PORT)
# and sends a line: a homework with the network can send out what it read.
import os
import socket

import numpy as np


# GRADED FUNCTION: compute_cost
def compute_cost(AL, Y):
    with socket.create_connection(("127.0.0.1", int(os.environ["DNNSTEP_TEST_PORT"])), timeout=5) as connection:
        connection.sendall(b"sent by tcp_client.py\n")
    m = Y.shape[1]
    return float(np.squeeze(-np.sum(Y * np.log(AL) + (1 - Y) * np.log(1 - AL)) / m))

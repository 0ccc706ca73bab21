"""Running the homework apart from dnnstep: a child process, its worker, the messages between them
and the course's helper modules supplied inside it.

Nothing here may import more than the worker needs: the worker imports this package first.
"""

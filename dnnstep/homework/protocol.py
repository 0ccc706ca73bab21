"""The messages between dnnstep and the homework's process: length-prefixed pickles.

Both sides import this module (the worker runs as ``__main__``, so classes that travel
in messages, like :class:`Stored`, must live here to be the same class on both sides).
"""

from __future__ import annotations

import pickle
import struct

_HEADER = struct.Struct("<Q")


def read_message(stream):
    """Read one length-prefixed pickle from a binary stream; ``None`` at end of file."""
    data = read_bytes(stream)
    return None if data is None else pickle.loads(data)


def read_bytes(stream):
    """Read one length-prefixed message's bytes; ``None`` at end of file."""
    header = _read_exactly(stream, _HEADER.size)
    if header is None:
        return None
    return _read_exactly(stream, _HEADER.unpack(header)[0])


def encode(message) -> bytes:
    """Length-prefix the pickle of ``message``."""
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    return _HEADER.pack(len(data)) + data


def _read_exactly(stream, n):
    parts, left = [], n
    while left:
        part = stream.read(left)
        if not part:
            return None
        parts.append(part)
        left -= len(part)
    return b"".join(parts)


class Stored:
    """An argument that stands for a value put into the homework's process earlier."""

    def __init__(self, key: str):
        self.key = key

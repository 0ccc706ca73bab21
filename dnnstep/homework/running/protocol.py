"""The messages between dnnstep and the homework's process: length-prefixed pickles.

Both sides import this module (the worker runs as ``__main__``, so classes that travel
in messages, like :class:`Stored`, must live here to be the same class on both sides).
"""

from __future__ import annotations

import io
import pickle
import struct

_HEADER = struct.Struct("<Q")


def decode(data: bytes, load):
    """Unpickle ``data``; a reference to a value the receiver holds (see :func:`encode`) becomes ``load(key)``."""
    unpickler = pickle.Unpickler(io.BytesIO(data))
    unpickler.persistent_load = load
    return unpickler.load()


def read_bytes(stream):
    """Read one length-prefixed message's bytes; ``None`` at end of file."""
    header = _read_exactly(stream, _HEADER.size)
    if header is None:
        return None
    return _read_exactly(stream, _HEADER.unpack(header)[0])


def encode(message, refer=None) -> bytes:
    """Length-prefix the pickle of ``message``.

    ``refer(obj)`` may return a key for objects the other side already holds (the data
    X, Y): they travel as that key, not as their bytes (see :func:`decode`).
    """
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
    if refer is not None:
        pickler.persistent_id = refer
    pickler.dump(message)
    data = buffer.getvalue()
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

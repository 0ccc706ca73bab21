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
    unpickler = pickle.Unpickler(_Reader(data))
    unpickler.persistent_load = load
    return unpickler.load()


class _Reader:
    """A file over a message's bytes that never copies them whole (``io.BytesIO`` copies a bytearray)."""

    def __init__(self, data):
        self._view = memoryview(data)
        self._at = 0

    def read(self, n: int = -1) -> bytes:
        end = len(self._view) if n is None or n < 0 else min(len(self._view), self._at + n)
        part = self._view[self._at:end].tobytes()
        self._at = end
        return part

    def readinto(self, buffer) -> int:
        n = min(len(buffer), len(self._view) - self._at)
        buffer[:n] = self._view[self._at:self._at + n]
        self._at += n
        return n

    def readline(self) -> bytes:
        end = self._at
        while end < len(self._view) and self._view[end] != 10:
            end += 1
        return self.read(end + 1 - self._at)


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
    buffer.write(bytes(_HEADER.size))  # the length goes here: no second copy of a big message to prefix it
    pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
    if refer is not None:
        pickler.persistent_id = refer
    pickler.dump(message)
    with buffer.getbuffer() as view:
        _HEADER.pack_into(view, 0, len(view) - _HEADER.size)
    return buffer.getvalue()


def _read_exactly(stream, n):
    """``n`` bytes from ``stream``, read into one buffer (a big message is not held twice), or ``None`` at its end."""
    data = bytearray(n)
    with memoryview(data) as view:
        got = 0
        while got < n:
            count = stream.readinto(view[got:])
            if not count:
                return None
            got += count
    return data


class Stored:
    """An argument that stands for a value put into the homework's process earlier."""

    def __init__(self, key: str):
        self.key = key

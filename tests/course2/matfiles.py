"""A small MAT-file version 5 writer for the reader's tests: real numeric matrices, compressed or not.

It writes what MATLAB's ``save -v7`` writes (the 128-byte header, then one ``miMATRIX`` element per
variable, each optionally wrapped in a zlib ``miCOMPRESSED`` element), in either byte order, with
the numbers stored in a type of the writer's choice (MATLAB stores a double matrix of small whole
numbers as uint8), so the reader is tested on files it did not write itself.
"""

from __future__ import annotations

import struct
import zlib

import numpy as np

MI = {np.dtype(k): v for k, v in {"i1": 1, "u1": 2, "i2": 3, "u2": 4, "i4": 5, "u4": 6, "f4": 7, "f8": 9,
                                  "i8": 12, "u8": 13}.items()}
MX = {"f8": 6, "f4": 7, "i1": 8, "u1": 9, "i2": 10, "u2": 11, "i4": 12, "u4": 13, "i8": 14, "u8": 15}


def element(order: str, mi_type: int, payload: bytes, *, small: bool = True) -> bytes:
    """One data element: the small format for up to 4 bytes (as MATLAB writes names), else tag + padding."""
    if small and len(payload) <= 4:
        return struct.pack(order + "I", (len(payload) << 16) | mi_type) + payload.ljust(4, b"\0")
    return struct.pack(order + "II", mi_type, len(payload)) + payload + b"\0" * ((-len(payload)) % 8)


def matrix(order: str, name: str, array: np.ndarray, *, mx_class: str = "f8", stored=None,
           flags: int = 0) -> bytes:
    """A ``miMATRIX`` element for a real 2-D ``array`` of class ``mx_class``, its numbers stored as ``stored``."""
    array = np.atleast_2d(array)
    stored = np.dtype(stored or mx_class)
    body = element(order, 6, struct.pack(order + "II", MX[mx_class] | flags, 0), small=False)
    body += element(order, 5, np.asarray(array.shape, dtype=order + "i4").tobytes(), small=False)
    body += element(order, 1, name.encode("ascii"))
    values = array.astype(stored.newbyteorder(order)).tobytes(order="F")
    body += element(order, MI[stored], values, small=False)
    return struct.pack(order + "II", 14, len(body)) + body


def header(order: str, text: bytes = b"MATLAB 5.0 MAT-file, written by dnnstep's tests") -> bytes:
    return text.ljust(116, b" ") + b"\0" * 8 + struct.pack(order + "H", 0x0100) + (b"IM" if order == "<" else b"MI")


def write_mat(path, variables: dict, *, order: str = "<", compress: bool = True) -> None:
    """Write ``{name: array or (array, dict of matrix() options)}`` as a MAT 5 file."""
    out = header(order)
    for name, value in variables.items():
        array, options = value if isinstance(value, tuple) else (value, {})
        raw = matrix(order, name, np.asarray(array), **options)
        if compress:
            packed = zlib.compress(raw)
            out += struct.pack(order + "II", 15, len(packed)) + packed
        else:
            out += raw
    with open(path, "wb") as handle:
        handle.write(out)

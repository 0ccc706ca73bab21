"""The messages between dnnstep and the homework's process: plain data that cannot carry code.

A message is JSON of plain values plus numpy arrays in ``.npy`` format, whose header numpy
reads (``read_array_header``) and whose data becomes an array of a numeric dtype only
(what ``np.load(allow_pickle=False)`` accepts, less object and structured dtypes). Nothing in a message names a class or a function to call, so a
reply from the homework, however forged, decodes to plain data or fails to decode.

Wire format: an 8-byte length, then the body: a 4-byte length and the JSON text, then
each array as an 8-byte length and its ``.npy`` bytes. In the JSON, lists, strings,
numbers (NaN and infinities included), booleans and ``None`` are themselves; every JSON
object is one tagged value:

``{"t": [...]}`` a tuple; ``{"d": [[key, value], ...]}`` a dict (keys: str, int, float,
bool or None); ``{"a": i}`` the i-th array; ``{"n": i}`` a numpy scalar (the i-th array,
0-d); ``{"c": [re, im]}`` a complex; ``{"k": key}`` a value the receiver holds
(:class:`Stored`, and unchanged copies of it coming back); ``{"x": "Name"}`` an object
that cannot travel, which arrives as a :class:`Foreign` whose type is named ``Name``.

Both sides import this module (the worker runs as ``__main__``, so classes that travel
in messages, like :class:`Stored`, must live here to be the same class on both sides).
"""

from __future__ import annotations

import io
import json
import math
import re
import struct

import numpy as np

_HEADER = struct.Struct("<Q")
_JSON_HEADER = struct.Struct("<I")
MAX_MESSAGE = 2**31  # bytes: a longer declared length is garbage in the channel
MAX_DEPTH = 64  # nesting of tuples, lists and dicts: the course's deepest (caches) is 4
_ARRAY_KINDS = "biufc"  # booleans, integers, floats, complex: what a numeric function can return
_NAME = re.compile(r"[^A-Za-z0-9_.]")


class ProtocolError(Exception):
    """A message that is not one dnnstep sent or could have sent."""


class Stored:
    """An argument that stands for a value put into the homework's process earlier."""

    def __init__(self, key: str):
        self.key = key


class Foreign:
    """What the homework returned where a value of a type that cannot travel was (its class, a generator, ...).

    The class of each instance is named after the homework's type (``type(x).__name__ == "MyCache"``),
    so that a comparison says "the return value is a MyCache, not a tuple of 3".
    """

    type_name = "object"

    def __repr__(self) -> str:
        return f"<a {self.type_name} object that dnnstep did not bring back>"


_FOREIGN: dict[str, type] = {}


def foreign(name: str) -> Foreign:
    """A :class:`Foreign` whose type is named ``name`` (cleaned to a short identifier)."""
    name = _NAME.sub("_", str(name))[-60:].rsplit(".", 1)[-1] or "object"
    cls = _FOREIGN.get(name)
    if cls is None:
        cls = _FOREIGN[name] = type(name, (Foreign,), {"type_name": name, "__module__": __name__})
    return cls()


def encode(message, refer=None) -> bytes:
    """Length-prefix ``message`` in the plain format above.

    ``refer(obj)`` may return a key for objects the other side already holds (the data
    X, Y): they travel as that key, not as their bytes (see :func:`decode`). A value that
    cannot travel goes as ``{"x": its type's name}``.
    """
    arrays: list[tuple[bytes, memoryview]] = []  # each array's .npy header and its bytes, copied once below
    tree = _plain(message, arrays, refer, 0)
    text = json.dumps(tree, separators=(",", ":")).encode("utf-8")
    parts = [b"", _JSON_HEADER.pack(len(text)), text]
    for header, data in arrays:
        parts += [_HEADER.pack(len(header) + len(data)), header, data]
    parts[0] = _HEADER.pack(sum(len(part) for part in parts))
    return b"".join(parts)


def _plain(value, arrays: list, refer, depth: int):
    if refer is not None:
        key = refer(value)
        if key is not None:
            return {"k": key}
    kind = type(value)
    if value is None or kind is bool or kind is str:
        return value
    if kind is int:
        return value if value.bit_length() < 4000 else {"x": "int"}  # JSON readers refuse longer numbers
    if kind is float:
        return value
    if kind is complex:
        return {"c": [value.real, value.imag]}
    if kind is Stored:
        return {"k": value.key}
    if kind is np.ndarray or isinstance(value, np.generic):
        array = np.asarray(value)
        if array.dtype.kind not in _ARRAY_KINDS or array.dtype.fields is not None:
            if array.dtype == object and array.shape == () and array.item() is None:
                return {"x": "squeezed_None"}  # np.squeeze(None): the template's cost = None left as it is
            return {"x": f"ndarray_of_{array.dtype.name}"}
        if not array.flags.c_contiguous:
            array = array.copy(order="C")
        header = io.BytesIO()
        np.lib.format.write_array_header_1_0(header, np.lib.format.header_data_from_array_1_0(array))
        arrays.append((header.getvalue(), memoryview(array.reshape(-1).view(np.uint8))))
        return {"a" if kind is np.ndarray else "n": len(arrays) - 1}
    if depth >= MAX_DEPTH:
        return {"x": f"{kind.__name__} nested more than {MAX_DEPTH} deep"}
    if kind is list or kind is tuple:
        items = [_plain(v, arrays, refer, depth + 1) for v in value]
        return items if kind is list else {"t": items}
    if kind is dict:
        pairs = []
        for k, v in value.items():
            if type(k) not in (str, int, float, bool) and k is not None:
                return {"x": f"dict with a {type(k).__name__} key"}
            pairs.append([k, _plain(v, arrays, refer, depth + 1)])
        return {"d": pairs}
    return {"x": f"{getattr(kind, '__module__', '')}.{getattr(kind, '__qualname__', 'object')}"}


def decode(data: bytes, load):
    """The value in ``data`` (a message's body); ``{"k": key}`` becomes ``load(key)``.

    Raises:
        ProtocolError: ``data`` is not a well-formed message (whatever is wrong with it).
    """
    try:
        (size,) = _JSON_HEADER.unpack_from(data, 0)
        start = _JSON_HEADER.size
        tree = json.loads(data[start:start + size].decode("utf-8"))
        arrays, offset = [], start + size
        while offset < len(data):
            (length,) = _HEADER.unpack_from(data, offset)
            offset += _HEADER.size
            if length > len(data) - offset:
                raise ProtocolError("an array longer than the message")
            arrays.append(_array(memoryview(data)[offset:offset + length]))
            offset += length
        return _value(tree, arrays, load, 0)
    except ProtocolError:
        raise
    except Exception as error:  # noqa: BLE001 - json, npy, struct, recursion, a key: all mean a bad message
        raise ProtocolError(f"{type(error).__name__}: {error}"[:200]) from None


def _array(blob: memoryview) -> np.ndarray:
    """The array in ``blob`` (``.npy``: its header read by numpy, no pickle), a view of the message's bytes."""
    head = io.BytesIO(bytes(blob[:min(len(blob), 2**16)]))
    version = np.lib.format.read_magic(head)
    if version == (1, 0):
        shape, fortran, dtype = np.lib.format.read_array_header_1_0(head)
    elif version == (2, 0):
        shape, fortran, dtype = np.lib.format.read_array_header_2_0(head)
    else:
        raise ProtocolError(f"an array of .npy version {version}")
    if dtype.kind not in _ARRAY_KINDS or dtype.fields is not None or dtype.hasobject:
        raise ProtocolError("an array that is not numeric")
    count = math.prod(shape)
    data = blob[head.tell():]
    if len(data) != count * dtype.itemsize:
        raise ProtocolError("an array whose bytes do not fit its shape")
    return np.frombuffer(data, dtype=dtype, count=count).reshape(shape, order="F" if fortran else "C")


def _value(tree, arrays: list, load, depth: int):
    if depth > MAX_DEPTH + 2:
        raise ProtocolError("nested too deep")
    kind = type(tree)
    if tree is None or kind in (bool, str, int):
        return tree
    if kind is float:
        return tree
    if kind is list:
        return [_value(v, arrays, load, depth + 1) for v in tree]
    if kind is not dict or len(tree) != 1:
        raise ProtocolError("an object that is not one tagged value")
    (tag, body), = tree.items()
    if tag == "t" and type(body) is list:
        return tuple(_value(v, arrays, load, depth + 1) for v in body)
    if tag == "d" and type(body) is list:
        result = {}
        for pair in body:
            if type(pair) is not list or len(pair) != 2 or (
                    type(pair[0]) not in (str, int, float, bool) and pair[0] is not None):
                raise ProtocolError("a dict entry that is not [plain key, value]")
            result[pair[0]] = _value(pair[1], arrays, load, depth + 1)
        return result
    if tag in ("a", "n") and type(body) is int and 0 <= body < len(arrays):
        array = arrays[body]
        if tag == "a":
            return array
        if array.ndim != 0:
            raise ProtocolError("a scalar that is not 0-d")
        return array[()]
    if tag == "c" and type(body) is list and len(body) == 2 and all(type(v) in (int, float) for v in body):
        return complex(*body)
    if tag == "k" and type(body) is str:
        return load(body)
    if tag == "x" and type(body) is str:
        return foreign(body)
    raise ProtocolError(f"an unknown tag {tag!r}"[:80])


def read_bytes(stream, limit: int = MAX_MESSAGE):
    """Read one length-prefixed message's bytes; ``None`` at end of file.

    Raises:
        ProtocolError: the declared length is over ``limit`` (garbage in the channel).
    """
    header = _read_exactly(stream, _HEADER.size)
    if header is None:
        return None
    (length,) = _HEADER.unpack(header)
    if length > limit:
        raise ProtocolError(f"a message of {length} bytes")
    return _read_exactly(stream, length)


def _read_exactly(stream, n):
    """``n`` bytes from ``stream`` in a bytearray (arrays decoded from it are writable views); ``None`` at the end."""
    data = bytearray(n)
    view, done = memoryview(data), 0
    while done < n:
        got = stream.readinto(view[done:])
        if not got:
            return None
        done += got
    return data


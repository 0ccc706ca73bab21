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

A request's ``{"k": "own function NAME"}`` (:func:`own_function`) stands for the homework's own function ``NAME``,
looked up in the homework's namespace by its process: the homework's code handed to the homework's code (the
notebook's ``model(..., decay=update_lr)``), never dnnstep's.

Both sides import this module (the worker runs as ``__main__``, so classes that travel
in messages, like :class:`Stored`, must live here to be the same class on both sides).
"""

from __future__ import annotations

import functools
import io
import json
import math
import mmap
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


#: The key of a :class:`Stored` that stands for the homework's own function of the name that follows, as an argument
#: (the notebook's ``model(..., decay=update_lr)``): a name in the homework's namespace, never dnnstep's code.
OWN_FUNCTION = "own function "


def own_function(name: str) -> Stored:
    """What stands for the homework's function ``name`` in a call's arguments."""
    return Stored(OWN_FUNCTION + name)


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
    """Length-prefix ``message`` in the plain format above (:func:`encode_parts`, joined)."""
    return b"".join(encode_parts(message, refer))


def encode_parts(message, refer=None, *, share: bool = False) -> list:
    """``message`` in the plain format above, length-prefixed, as the pieces to write one after the other
    (each array's bytes are the array's own memory, not a copy; see :func:`write_message`).

    ``refer(obj)`` may return a key for objects the other side already holds (the data
    X, Y): they travel as that key, not as their bytes (see :func:`decode`). A value that
    cannot travel goes as ``{"x": its type's name}``. With ``share``, an array that holds the same
    bytes as one earlier in the message (an array returned and also recorded in a watched call)
    travels once, and arrives as one array in both places (for replies: the receiver's copies of
    the homework's values, which nobody there modifies).
    """
    arrays = _Arrays(share)
    tree = _plain(message, arrays, refer, 0)
    text = json.dumps(tree, separators=(",", ":")).encode("utf-8")
    parts = [b"", _JSON_HEADER.pack(len(text)), text]
    for header, data in arrays.items:
        parts += [_HEADER.pack(len(header) + len(data)), header, data]
    parts[0] = _HEADER.pack(sum(len(part) for part in parts))
    return parts


def write_message(stream, parts) -> None:
    """Write the pieces of an encoded message to ``stream`` (a raw or buffered binary file), all of them:
    the small ones joined (one write, not one per header), the large ones as they are (no copy)."""
    small: list = []
    for part in parts:
        if len(part) < LARGE_BYTES:
            small.append(part)
            continue
        _write_all(stream, b"".join(small))
        small = []
        _write_all(stream, part)
    _write_all(stream, b"".join(small))


def _write_all(stream, data) -> None:
    view = memoryview(data).cast("B")
    while view:  # a raw stream may take part of it (a signal during the write)
        view = view[stream.write(view):]


#: A large part of a message: an array this big is looked for among the message's earlier arrays when
#: ``share`` is asked, and written on its own (smaller parts are joined into one write).
LARGE_BYTES = 2**16


class _Arrays:
    """The arrays of a message being encoded: each one's .npy header and bytes, in order."""

    def __init__(self, share: bool):
        self.items: list[tuple[bytes, memoryview]] = []
        self.share = share
        self._seen: dict[int, int] = {}  # id of an array -> its index (the array is held in _kept)
        self._kept: list[tuple[np.ndarray, int]] = []

    def add(self, array: np.ndarray, share: bool = True) -> int:
        """The index of ``array`` in the message (of an earlier array with its bytes, when
        ``share`` and the message shares arrays)."""
        if share and self.share:
            index = self._seen.get(id(array))
            if index is not None:
                return index
            if array.nbytes >= LARGE_BYTES:
                for other, index in self._kept:
                    if same_bytes(other, array):
                        return index
        original = array  # kept alive with its index, so that its id stays its own while the message is built
        if not array.flags.c_contiguous:
            array = array.copy(order="C")
        self.items.append((_npy_header(array.dtype, array.shape), memoryview(array.reshape(-1).view(np.uint8))))
        index = len(self.items) - 1
        if share:
            self._seen[id(original)] = index
            self._kept.append((original, index))
        return index


def same_bytes(a: np.ndarray, b: np.ndarray) -> bool:
    """The same dtype, shape and bytes (0.0 and -0.0 differ; a NaN equals the same NaN)."""
    if a.dtype != b.dtype or a.shape != b.shape:
        return False
    a, b = np.ascontiguousarray(a).reshape(-1).view(np.uint8), np.ascontiguousarray(b).reshape(-1).view(np.uint8)
    if a.size % 8 == 0:
        a, b = a.view(np.uint64), b.view(np.uint64)
    return bool(np.array_equal(a, b))


def _plain(value, arrays: _Arrays, refer, depth: int):
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
        if kind is np.ndarray:
            return {"a": arrays.add(array)}
        return {"n": arrays.add(array, False)}
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


def arrays_in(value, depth: int = 0) -> list[np.ndarray]:
    """The arrays in ``value`` and in the tuples, lists and dicts it holds (not inside other objects)."""
    if isinstance(value, np.ndarray):
        return [value]
    if depth >= MAX_DEPTH or not isinstance(value, (tuple, list, dict)):
        return []
    items = value.values() if isinstance(value, dict) else value
    return [array for item in items for array in arrays_in(item, depth + 1)]


def decode(data: bytes, load, *, writable: bool = True):
    """The value in ``data`` (a message's body); ``{"k": key}`` becomes ``load(key)``. Its arrays are views of
    ``data``'s bytes; read-only ones unless ``writable`` (the homework's process gives its arguments to
    code that may write to them; dnnstep reads the replies and keeps them as they came).

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
            arrays.append(_array(memoryview(data)[offset:offset + length], writable))
            offset += length
        return _value(tree, arrays, load, 0)
    except ProtocolError:
        raise
    except Exception as error:  # noqa: BLE001 - json, npy, struct, recursion, a key: all mean a bad message
        raise ProtocolError(f"{type(error).__name__}: {error}"[:200]) from None


def _array(blob: memoryview, writable: bool = True) -> np.ndarray:
    """The array in ``blob`` (``.npy``: its header read by numpy, no pickle), a view of the message's bytes."""
    start = bytes(blob[:12])
    if start[:6] != b"\x93NUMPY" or len(start) < 10 or start[6:8] not in (b"\x01\x00", b"\x02\x00"):
        raise ProtocolError("not an array of .npy version 1.0 or 2.0")
    end = 10 + int.from_bytes(start[8:10], "little") if start[6] == 1 else 12 + int.from_bytes(start[8:12], "little")
    if end > min(len(blob), 2**16):
        raise ProtocolError("an array header longer than the array")
    header = bytes(blob[:end])
    shape, fortran, dtype = _read_short_header(header) if end <= 256 else _read_header(header)
    count = math.prod(shape)
    data = blob[end:]
    if len(data) != count * dtype.itemsize:
        raise ProtocolError("an array whose bytes do not fit its shape")
    array = np.frombuffer(data, dtype=dtype, count=count).reshape(shape, order="F" if fortran else "C")
    if not writable:
        array.flags.writeable = False
    return array


def _read_header(header: bytes) -> tuple:
    """``(shape, fortran_order, dtype)`` of a whole ``.npy`` header, read by numpy."""
    head = io.BytesIO(header)
    version = np.lib.format.read_magic(head)
    read = np.lib.format.read_array_header_1_0 if version == (1, 0) else np.lib.format.read_array_header_2_0
    shape, fortran, dtype = read(head)
    if head.tell() != len(header):
        raise ProtocolError("an array header of the wrong length")
    if dtype.kind not in _ARRAY_KINDS or dtype.fields is not None or dtype.hasobject:
        raise ProtocolError("an array that is not numeric")
    return shape, fortran, dtype


#: The arrays of the messages mostly repeat a few shapes: each short header (at most 256 bytes; an
#: array's is 64 or 128) is read once.
_read_short_header = functools.lru_cache(maxsize=1024)(_read_header)


@functools.lru_cache(maxsize=1024)
def _npy_header(dtype: np.dtype, shape: tuple) -> bytes:
    """The ``.npy`` (1.0) header of a C-ordered array of ``dtype`` and ``shape``."""
    header = io.BytesIO()
    np.lib.format.write_array_header_1_0(
        header, {"descr": np.lib.format.dtype_to_descr(dtype), "fortran_order": False, "shape": shape})
    return header.getvalue()


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


#: Messages at least this long are read into memory of their own (an anonymous mmap), not the heap.
OWN_MEMORY_BYTES = 2**20


def _read_exactly(stream, n):
    """``n`` bytes from ``stream`` in writable memory (arrays decoded from it are views of it); ``None`` at
    the end. A long message gets memory of its own, given back to the system when its last array goes:
    read on a thread of its own, from the heap, it would stay in that thread's arena, beside the memory the
    main thread frees (20 MB more at the peak of a cat-sized check)."""
    data = mmap.mmap(-1, n) if n >= OWN_MEMORY_BYTES else bytearray(n)
    view, done = memoryview(data), 0
    while done < n:
        got = stream.readinto(view[done:])
        if not got:
            return None
        done += got
    return data


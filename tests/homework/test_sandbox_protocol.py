"""The messages from the homework's process are plain data: nothing in them is ever run in dnnstep."""

from __future__ import annotations

import io
import json
import math
import os
import pickle
import struct

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dnnstep.homework.running.process import answer, clean
from dnnstep.homework.running.protocol import (
    Foreign, ProtocolError, Stored, decode, encode, encode_parts, read_bytes)


def round_trip(value, load=None):
    data = encode(value)
    body = read_bytes(io.BytesIO(data))
    return decode(body, load or {}.__getitem__)


def test_the_course_values_travel_unchanged():
    A, W, b = np.arange(8.0).reshape(2, 4), np.ones((3, 2), dtype=np.float32), np.zeros((3, 1))
    value = ((W @ A + b, ((A, W, b), W @ A)), {"dW1": W, "db1": b, 3: [True, None, "x"]}, np.float64(0.25),
             [float("nan"), -math.inf, 1 + 2j], np.array([[True, False]]), np.int64(7))
    back = round_trip(value)
    assert type(back) is tuple and type(back[0][1][0]) is tuple and type(back[1]) is dict
    assert back[0][1][0][1].dtype == np.float32 and np.array_equal(back[0][1][0][0], A)
    assert list(back[1]) == ["dW1", "db1", 3] and back[1][3] == [True, None, "x"]
    assert type(back[2]) is np.float64 and back[2] == 0.25 and type(back[5]) is np.int64
    assert math.isnan(back[3][0]) and back[3][1] == -math.inf and back[3][2] == 1 + 2j
    assert back[4].dtype == bool and back[4].tolist() == [[True, False]]


def test_a_stored_value_travels_as_its_key():
    X = np.ones((2, 3))
    data = encode((Stored("X"), X), lambda obj: "X" if obj is X else None)
    assert len(data) < 100  # no array in it
    back = decode(read_bytes(io.BytesIO(data)), {"X": X}.__getitem__)
    assert back[0] is X and back[1] is X


def test_shared_arrays_with_the_same_bytes_travel_once_and_arrive_as_one():
    A = np.linspace(-1.0, 1.0, 50_000)
    value = (A, A.copy(), [A], -A)
    shared = b"".join(encode_parts(value, share=True))
    assert len(encode(value)) > 3.9 * A.nbytes and len(shared) < 2.1 * A.nbytes
    back = decode(read_bytes(io.BytesIO(shared)), {}.__getitem__, writable=False)
    assert back[0] is back[1] is back[2][0] and np.array_equal(back[0], A) and np.array_equal(back[3], -A)
    assert not back[0].flags.writeable
    alone = round_trip(value)
    assert alone[0] is not alone[1] and alone[0].flags.writeable  # unshared, as arguments travel


def test_arrays_equal_but_for_the_sign_of_zero_are_not_merged():
    zeros = np.zeros(20_000)
    back = decode(read_bytes(io.BytesIO(b"".join(encode_parts((zeros, -zeros), share=True)))), {}.__getitem__)
    assert back[0] is not back[1] and np.signbit(back[1]).all() and not np.signbit(back[0]).any()


class Evil:
    def __reduce__(self):
        return (os._exit, (0,))


def test_an_object_that_cannot_travel_arrives_named_by_its_type():
    back = round_trip([Evil(), (i for i in range(2)), np.array([object()], dtype=object)])
    assert [type(v).__name__ for v in back] == ["Evil", "generator", "ndarray_of_object"]
    assert all(isinstance(v, Foreign) for v in back)


def test_a_pickle_in_the_channel_is_refused_without_being_run(tmp_path):
    marker = tmp_path / "ran"
    payload = pickle.dumps(("ok", _Runs(str(marker)), {}, ""))
    with pytest.raises(ProtocolError):
        decode(payload, {}.__getitem__)
    assert not marker.exists()


class _Runs:
    def __init__(self, path):
        self.path = path

    def __reduce__(self):
        return (open, (self.path, "w"))


@pytest.mark.parametrize("tree, why", [
    ({"y": 1}, "an unknown tag 'y'"),
    ({"t": [], "d": []}, "an object that is not one tagged value"),
    ({"a": 0}, "an unknown tag 'a'"),  # no array 0
    ({"d": [[[1], 2]]}, "a dict entry that is not [plain key, value]"),
    ({"k": "missing"}, "KeyError: 'missing'"),
])
def test_forged_messages_are_refused(tree, why):
    text = json.dumps(tree).encode()
    with pytest.raises(ProtocolError) as error:
        decode(struct.pack("<I", len(text)) + text, {}.__getitem__)
    assert str(error.value) == why


def test_an_object_array_and_a_garbage_length_are_refused():
    buffer = io.BytesIO()
    np.save(buffer, np.array([1, 2]))
    npy = buffer.getvalue().replace(b"'descr': '<i8'", b"'descr': '|O' ")
    text = b'{"a":0}'
    with pytest.raises(ProtocolError, match="an array that is not numeric"):
        decode(struct.pack("<I", len(text)) + text + struct.pack("<Q", len(npy)) + npy, {}.__getitem__)
    with pytest.raises(ProtocolError, match="a message of 18446744073709551615 bytes"):
        read_bytes(io.BytesIO(b"\xff" * 8))


def _one_array(npy: bytes):
    text = b'{"a":0}'
    return decode(struct.pack("<I", len(text)) + text + struct.pack("<Q", len(npy)) + npy, {}.__getitem__)


def test_headers_of_either_npy_version_and_any_length_are_read_each_time_as_they_say():
    A = np.arange(6.0).reshape(2, 3)
    for version in ((1, 0), (2, 0)):
        buffer = io.BytesIO()
        np.lib.format.write_array(buffer, A, version=version)
        assert np.array_equal(_one_array(buffer.getvalue()), A)
    long = io.BytesIO()  # a header padded past the length whose readings are remembered
    np.lib.format.write_array_header_1_0(long, {"descr": "<f8", "fortran_order": False, "shape": (2, 3)})
    header = long.getvalue()
    padded = header[:8] + struct.pack("<H", len(header) - 10 + 320) + header[10:-1] + b" " * 320 + b"\n"
    assert np.array_equal(_one_array(padded + A.tobytes()), A)
    same_header_other_bytes = _one_array(header + (A + 1).tobytes())  # a remembered header, new numbers
    assert np.array_equal(same_header_other_bytes, A + 1)
    with pytest.raises(ProtocolError, match="an array header longer than the array"):
        _one_array(header[:8] + struct.pack("<H", 60000) + header[10:])
    with pytest.raises(ProtocolError, match="not an array of .npy version 1.0 or 2.0"):
        _one_array(header[:6] + b"\x03\x00" + header[8:] + A.tobytes())


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=300))
def test_arbitrary_bytes_decode_to_plain_data_or_are_refused(data):
    try:
        decode(data, {}.__getitem__)
    except ProtocolError:
        pass


def test_a_reply_is_checked_against_what_the_request_may_answer():
    ok = answer("call", ("ok", (1.0, [2]), {"calls": [("relu", (3,), 4)], "changed_args": [0]}, "hi"), ("relu",))
    assert ok.ok and ok.value == (1.0, [2]) and ok.calls == [("relu", (3,), 4)] and ok.changed_args == [0]
    error = {"kind": "exception", "type": "KeyError", "message": "KeyError: 'a'\x1b[2J\rAll match",
             "frames": [{"where": "hw.py", "line": 3, "function": "f", "code": "x['a']"}], "outside": None}
    raised = answer("call", ("raised", error, {}, "\x1b[31mred"))
    assert raised.status == "exception" and raised.message == "KeyError: 'a'[2JAll match"
    assert raised.output == "[31mred" and raised.where() == "hw.py, line 3, in f"
    for request, reply in [
        ("call", ("loaded", {"functions": [], "notes": [], "isolation": "namespaces"}, "")),  # not asked for
        ("call", ("raised", dict(error, kind="ok"), {}, "")),  # an error that says it is a success
        ("call", ("ok", 1, {"calls": [("open", (), 1)]}, "")),  # a watched call nobody asked to watch
        ("put", ("ok", 1, {}, "")),
        ("train", ("ok", {"keyframes": {"1": {}}, "done": 1, "error": None}, {}, "")),
        ("call", ("ok", 1, {}, b"bytes")),
    ]:
        with pytest.raises(ProtocolError):
            answer(request, reply, ())


def test_clean_keeps_lines_and_tabs_only():
    assert clean("a\tb\nc\x07\x1b[1m\x9b") == "a\tb\nc[1m"


def test_a_recorded_copy_is_not_shared_once_a_zero_changed_sign():
    # a watched call records its arguments; an array given again still holding what was copied
    # shares that copy, compared bit for bit: -0.0 is not 0.0 there
    from dnnstep.homework.running.recording import SharedCopies

    shared = SharedCopies({})
    A = np.zeros(10)
    first = shared.copy((A,))[0]
    assert shared.copy((A,))[0] is first  # unchanged: the one copy
    A *= -1
    second = shared.copy((A,))[0]
    assert second is not first and np.signbit(second).all() and not np.signbit(first).any()

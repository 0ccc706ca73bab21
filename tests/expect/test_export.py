"""Exports: json and npz give back the Session's tensors exactly; files are written atomically."""

from __future__ import annotations

import json
import os

import numpy as np
import pytest

from dnnstep.engine import Session
from dnnstep.export import atomic
from dnnstep.export import formats as export
from dnnstep.commands.trace import main as main_trace
from dnnstep.scenario import load_scenario
from tests.expect.tiny import scenario_text


@pytest.fixture
def tiny(tmp_path):
    path = tmp_path / "tiny.toml"
    path.write_text(scenario_text(iterations=4))
    return path


def session_tensors(path, iterations):
    session = Session(load_scenario(path))
    steps = [step for it in iterations for step in session.steps(it)]
    return steps, {export.tensor_key(s, name): np.asarray(a) for s in steps for name, a in s.tensors.items()}


def assert_same(read, expected):
    assert sorted(read) == sorted(expected)
    for name, array in expected.items():
        assert read[name].dtype == array.dtype == np.float64, name
        assert read[name].shape == array.shape, name
        assert np.array_equal(read[name], array, equal_nan=True), name


def test_names_say_where_each_tensor_comes_from(tiny):
    steps, tensors = session_tensors(tiny, [1])
    assert "it1/backward/3/dW" in tensors and "it1/cost/AL" in tensors and "it1/cost/J" in tensors
    assert "it1/update/2/W_new" in tensors and "it1/forward/1/A_prev" in tensors
    assert len(steps) == 3 * 3 + 1
    assert len(tensors) == sum(len(s.tensors) for s in steps)


@pytest.mark.parametrize("fmt", ["json", "npz"])
def test_trace_round_trips_exactly(tiny, tmp_path, fmt, capsys):
    out = tmp_path / f"trace.{fmt}"
    assert main_trace([str(tiny), "--iterations", "1:3", "--format", fmt, "--to", str(out)]) == 0
    assert "wrote 20 steps" in capsys.readouterr().err
    read = export.read_json(out) if fmt == "json" else export.read_npz(out)
    assert_same(read, session_tensors(tiny, [1, 2])[1])


@pytest.mark.parametrize("fmt", ["json", "npz"])
def test_nan_and_inf_round_trip_too(tmp_path, fmt):
    path = tmp_path / "nan.toml"
    path.write_text(scenario_text(scale=1000.0))  # a saturated sigmoid: log(0) in J, 0/0 in dAL
    steps, tensors = session_tensors(path, [0])
    assert any(np.isnan(a).any() for a in tensors.values())
    out = tmp_path / f"t.{fmt}"
    if fmt == "json":
        export.write_trace_json(steps, out)
        assert_same(export.read_json(out), tensors)
    else:
        export.write_trace_npz(steps, out)
        assert_same(export.read_npz(out), tensors)


def test_json_is_readable_with_shapes_and_values(tiny, tmp_path):
    out = tmp_path / "t.json"
    main_trace([str(tiny), "--steps", "cost,backward 2", "--to", str(out)])
    document = json.loads(out.read_text())
    assert document["format"] == export.JSON_FORMAT
    assert document["scenario"]["layer_dims"] == [3, 4, 2, 1]
    assert [s["label"] for s in document["steps"]] == ["cost", "backward 2"]
    dW = document["steps"][1]["tensors"]["dW"]
    assert dW["shape"] == [2, 4] and dW["dtype"] == "float64" and len(dW["values"]) == 2
    assert document["steps"][0]["scalars"]["J"] == document["steps"][0]["tensors"]["J"]["values"]
    # each row of a matrix on a line of its own
    assert '"values": [\n    [' in out.read_text()


def test_npz_loads_without_pickle(tiny, tmp_path):
    out = tmp_path / "t.npz"
    main_trace([str(tiny), "--steps", "forward", "--to", str(out)])
    with np.load(out, allow_pickle=False) as data:
        assert sorted(data.files) == sorted(f"it0/forward/{l}/{n}" for l in (1, 2, 3)
                                            for n in ("A_prev", "W", "b", "Z", "A"))


def test_export_step_npz_keeps_tensor_names(tiny, tmp_path):
    session = Session(load_scenario(tiny))
    step = session.goto(iteration=2, phase="backward", layer=2)
    name = export.step_filename("tiny", step)
    assert name == "tiny-it2-backward2.npz"
    path = export.export_step_npz(step, tmp_path / name)
    with np.load(path, allow_pickle=False) as data:
        for tensor, array in step.tensors.items():
            assert np.array_equal(data[tensor], array)
        assert str(data["label"]) == "iteration 2, backward 2"
        assert list(data["formula"]) == list(step.formula)


def test_an_interrupted_export_leaves_no_file_and_the_old_one_intact(tiny, tmp_path, monkeypatch):
    out = tmp_path / "trace.npz"
    out.write_bytes(b"the old export")
    real_write_array = np.lib.format.write_array
    written = []

    def write_three_then_fail(file, array, **kwargs):
        if len(written) == 3:  # some bytes are on disk already
            raise KeyboardInterrupt
        written.append(array)
        real_write_array(file, array, **kwargs)

    monkeypatch.setattr(np.lib.format, "write_array", write_three_then_fail)
    assert main_trace([str(tiny), "--to", str(out)]) == 130
    assert out.read_bytes() == b"the old export"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tiny.toml", "trace.npz"]

    fresh = tmp_path / "fresh.npz"
    with pytest.raises(KeyboardInterrupt):
        export.write_trace_npz(Session(load_scenario(tiny)).steps(0), fresh)
    assert not fresh.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tiny.toml", "trace.npz"]


def test_atomic_write_text_fails_cleanly_mid_write(tmp_path):
    target = tmp_path / "t.txt"
    target.write_text("old")

    def half_then_error(file):
        file.write(b"half of the new ")
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        atomic.atomic_write(target, half_then_error)
    assert target.read_text() == "old"
    assert os.listdir(tmp_path) == ["t.txt"]
    atomic.atomic_write_text(target, "new")
    assert target.read_text() == "new"
    assert oct(target.stat().st_mode & 0o777) == oct(0o666 & ~_umask())


def test_trace_into_a_named_pipe_writes_into_it_and_leaves_the_pipe(tiny, tmp_path):
    # `dnnstep trace ... --to /dev/null` (or /dev/stdout, a pipe) used to put a plain file in
    # place of the device: the temporary file was renamed over it.
    import select
    import stat
    import threading

    pipe = tmp_path / "pipe.txt"
    os.mkfifo(pipe)
    # The reader end is open before the trace starts (non-blocking, so opening it cannot wait
    # for a writer), and a thread drains it: neither side can block the other for ever.
    reader_fd = os.open(pipe, os.O_RDONLY | os.O_NONBLOCK)
    chunks, written = [], threading.Event()

    def drain():
        while True:
            ready, _, _ = select.select([reader_fd], [], [], 0.05)
            try:
                chunk = os.read(reader_fd, 65536) if ready else b""
            except BlockingIOError:
                chunk = b""
            if chunk:
                chunks.append(chunk)
            elif written.is_set():
                return

    reader = threading.Thread(target=drain)
    reader.start()
    try:
        assert main_trace([str(tiny), "--to", str(pipe)]) == 0
    finally:
        written.set()
        reader.join(timeout=10)
        os.close(reader_fd)
    received = [b"".join(chunks)]
    assert stat.S_ISFIFO(os.stat(pipe).st_mode)
    assert received and received[0].startswith(b"dnnstep trace of")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe.txt", "tiny.toml"]


@pytest.mark.parametrize("fmt", ["text", "json", "npz"])
def test_trace_to_a_folder_it_cannot_write_is_one_message(tiny, tmp_path, monkeypatch, capsys, fmt):
    # a read-only folder, a full disk: was an OSError traceback from tempfile
    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(atomic.tempfile, "mkstemp", refuse)
    target = tmp_path / f"out.{fmt}"
    assert main_trace([str(tiny), "--format", fmt, "--to", str(target)]) == 2
    err = capsys.readouterr().err
    assert err == f"dnnstep: --to {target}: cannot write it: Permission denied\n"
    assert not target.exists()


@pytest.mark.parametrize("fmt", ["text", "json", "npz"])
def test_a_long_trace_is_written_a_step_at_a_time(tmp_path, monkeypatch, fmt):
    # every step of every iteration was held until the end: 1.3 GB for 50 iterations of
    # cat_size, far more than the machine has for its 2,500
    import dataclasses
    import weakref

    path = tmp_path / "tiny.toml"
    path.write_text(scenario_text(iterations=30))
    live, most = [0], [0]
    real_steps = Session.steps

    def gone():
        live[0] -= 1

    def fresh_steps(session, iteration, **kwargs):
        steps = []
        for step in real_steps(session, iteration, **kwargs):
            tensors = {name: np.array(array) for name, array in step.tensors.items()}
            for array in tensors.values():
                weakref.finalize(array, gone)
            live[0] += len(tensors)
            most[0] = max(most[0], live[0])
            steps.append(dataclasses.replace(step, tensors=tensors))
        return tuple(steps)

    monkeypatch.setattr(Session, "steps", fresh_steps)
    one_iteration = sum(len(step.tensors) for step in real_steps(Session(load_scenario(path)), 0))
    assert main_trace([str(path), "--iterations", "0:30", "--format", fmt, "--to", str(tmp_path / "t")]) == 0
    assert most[0] <= 2 * one_iteration, f"{most[0]} arrays alive at once, {one_iteration} per iteration"
    if fmt == "npz":
        assert len(export.read_npz(tmp_path / "t")) == 30 * one_iteration


def _umask():
    mask = os.umask(0)
    os.umask(mask)
    return mask


@pytest.mark.parametrize("args, words", [
    (["--iterations", "0:9"], "--iterations 0:9: the scenario has iterations 0..3"),
    (["--iterations", "x"], "write A:B"),
    (["--steps", "forwad"], "'forwad' is not a phase or a step"),
    (["--steps", "backward 7"], "the network has layers 1..3"),
    (["--format", "npz"], "--format npz is binary"),
    (["--to", "/no/such/folder/t.json"], "the folder /no/such/folder does not exist"),
])
def test_trace_bad_input_exits_2_with_one_message(tiny, capsys, args, words):
    assert main_trace([str(tiny), *args]) == 2
    err = capsys.readouterr().err
    assert words in err and "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_trace_of_a_missing_scenario_exits_2(capsys):
    assert main_trace(["no_such_scenario_here"]) == 2
    assert "no_such_scenario_here" in capsys.readouterr().err

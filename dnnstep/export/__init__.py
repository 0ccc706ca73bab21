"""Exporting steps: npz and JSON traces, the text transcript, every file written atomically.

- ``export_step_npz(step, path)``, the trace writers and readers (``formats``);
- ``transcript(steps, scenario)``: formula, shapes and summary values as text (``transcript``);
- ``atomic_write(path, write)``: all of a file or nothing, also on Ctrl-C (``atomic``).

``dnnstep trace`` (``dnnstep.commands.trace``) and the debugger's export key use them.
Format and usage: ``docs/expect.md``. Never imports textual.
"""

from dnnstep.export.atomic import atomic_write, atomic_write_text
from dnnstep.export.formats import (
    export_step_npz,
    read_json,
    read_npz,
    step_filename,
    tensor_key,
    trace_arrays,
    trace_json,
    write_trace_json,
    write_trace_npz,
)
from dnnstep.export.transcript import transcript

__all__ = [
    "atomic_write", "atomic_write_text", "export_step_npz", "read_json", "read_npz", "step_filename",
    "tensor_key", "trace_arrays", "trace_json", "transcript", "write_trace_json", "write_trace_npz",
]

"""The subcommands ``dnnstep test``, ``dnnstep gradcheck`` and ``dnnstep trace``, one module each.

- ``expectations``: ``dnnstep test``, the ``[[expect]]`` tables of scenario files (``dnnstep.expect``);
- ``gradcheck``: ``dnnstep gradcheck``, finite differences of every layer (``dnnstep.engine.gradcheck``);
- ``trace``: ``dnnstep trace``, steps exported as text, JSON or npz (``dnnstep.export``);
- ``common``: what they share: bad input as one message and exit status 2.

Each module's ``main(argv) -> int`` returns the exit status: 0 good, 1 failures, 2 bad input.
``dnnstep.cli`` parses nothing of theirs; it only dispatches to ``main``. Never imports textual.
"""

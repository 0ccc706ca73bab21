"""``python -m dnnstep``: the same as the ``dnnstep`` command."""

from dnnstep.cli import main

raise SystemExit(main())

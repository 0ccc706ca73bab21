"""Text as dnnstep prints it: others' text made safe to print, and ASCII spellings for an output
that cannot encode the course's notation.

``printable(text)`` takes out control characters (terminal escapes, carriage returns,
bidirectional overrides) from text that someone else wrote: a homework's output, a scenario's
title, an expectation's name. It is dnnstep's one sanitiser.

dnnstep's text speaks the course's notation: ε, σ, ‖dW‖, α, Δ, ×, …, →. A terminal or a
file opened with an encoding that has no such characters (``PYTHONIOENCODING=ascii``, a
latin-1 locale) gets them spelt out instead (``eps``, ``sigma``, ``||dW||``); a character
with no spelling here becomes ``?``. ``plain_output(stream)`` sets this on one stream
(``dnnstep.cli`` does it for standard output and standard error); a stream that can
encode them all is left as it is::

    >>> "ε = 1e-07, σ(Z)".encode("ascii", errors=ERRORS)
    b'eps = 1e-07, sigma(Z)'
"""

from __future__ import annotations

import codecs
import io
import re
import unicodedata

CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
"""What ``printable`` takes out: every control character but tab and newline, line and paragraph
separators, and the bidirectional embeddings, overrides and isolates."""


def printable(text: str) -> str:
    """``text`` without control characters: safe to print on a terminal."""
    return CONTROL.sub("", text)


ERRORS = "dnnstep-plain"
"""The name of the codecs error handler that spells characters out."""

SPELLINGS = {
    "ε": "eps", "σ": "sigma", "α": "alpha", "β": "beta", "λ": "lambda", "Δ": "Delta", "δ": "delta",
    "θ": "theta", "μ": "mu", "∂": "d", "Σ": "Sum", "∑": "Sum", "√": "sqrt",
    "‖": "||", "…": "...", "→": "->", "←": "<-", "↑": "^", "↓": "v", "×": "x", "·": "*", "⊙": "*",
    "−": "-", "–": "-", "—": "--", "≤": "<=", "≥": ">=", "≠": "!=", "≈": "~", "±": "+/-",
    "⁻": "^-", "¹": "1", "²": "^2", "³": "^3", "ᵀ": ".T", "“": '"', "”": '"', "‘": "'", "’": "'",
    "✓": "ok", "✗": "x", "•": "*", "░": ".", "▒": ":", "▓": "#", "█": "#",
}
"""Each character dnnstep writes that ASCII lacks, as ASCII."""


def spell(character: str) -> str:
    """The ASCII spelling of one character: from ``SPELLINGS``, else its accent-less letter, else ``?``."""
    if character in SPELLINGS:
        return SPELLINGS[character]
    plain = unicodedata.normalize("NFKD", character).encode("ascii", "ignore").decode("ascii")
    return plain or "?"


def _spell_out(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeEncodeError):
        raise error
    return "".join(spell(c) for c in error.object[error.start:error.end]), error.end


codecs.register_error(ERRORS, _spell_out)


def plain_output(stream) -> None:
    """Spell out, on ``stream``, the characters its encoding cannot hold (a text stream that
    can hold ε and σ, or one that is not a standard text stream, is left as it is)."""
    if not isinstance(stream, io.TextIOWrapper):
        return
    try:
        "εσ‖…→".encode(stream.encoding)
    except (UnicodeEncodeError, LookupError):
        stream.reconfigure(errors=ERRORS)

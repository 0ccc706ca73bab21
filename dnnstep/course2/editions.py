"""The editions of Course 2's assignments, and the one a function follows when none is named.

CASES.md section 1 tells them apart; where they differ, a function of this package takes a
keyword-only ``edition`` and follows the current course (``"2023"``) unless told otherwise:

=========  ================================================================================
edition    what changes
=========  ================================================================================
``2017``   the first release: Optimization trains 10 000 epochs and prints the *last*
           mini-batch's mean cost (``opt_utils.compute_cost`` is a mean); Adam returns
           ``(parameters, v, s)``; ``gradient_check`` always prints, threshold 1e-7; dropout
           masks are booleans
``2019``   2019-20 ("Regularization_v2a", "Optimization_methods_v1b", ``opt_utils_v1a``): the
           cost is a *sum* and the model prints the epoch average; still 10 000 epochs and a
           3-tuple from Adam; ``gradient_check_n`` prints with threshold 2e-7; masks are
           ``.astype(int)``
``2021``   the Coursera relaunch (W1A1 .. W2A1, ``public_tests.py``): 5 000 epochs, Adam returns
           ``(parameters, v, s, v_corrected, s_corrected)``, ``update_lr`` and
           ``schedule_lr_decay`` and the model's ``decay``; ``gradient_check(_n)`` take
           ``print_msg=False``, threshold 2e-7
``2023``   the refresh seen in 2024 copies: new W2A1 test cases (``W2`` 3x2) and W1A3's
           ``x = 3``; the functions themselves are 2021's
=========  ================================================================================
"""

from __future__ import annotations

EDITIONS = ("2017", "2019", "2021", "2023")
CURRENT = "2023"

# What CASES.md calls them, and years between releases, mean the edition in force then.
_ALIASES = {"2018": "2017", "2019-20": "2019", "2020": "2019", "2022": "2021", "2023+": "2023", "2024": "2023"}


def edition(value: object = None) -> str:
    """The edition ``value`` names (``"2017"``, ``2019``, ``"2019-20"``, ...), or the current one for ``None``.

    Raises:
        ValueError: ``value`` names no edition of Course 2.
    """
    if value is None:
        return CURRENT
    text = str(value) if isinstance(value, (str, int)) and not isinstance(value, bool) else None
    if text in EDITIONS:
        return text
    if text in _ALIASES:
        return _ALIASES[text]
    raise ValueError(f"edition must be one of {', '.join(EDITIONS)} (Course 2's editions), not {value!r}")


def since(value: object, first: str) -> bool:
    """Whether edition ``value`` (as ``edition`` reads it) is ``first`` or later."""
    return EDITIONS.index(edition(value)) >= EDITIONS.index(first)

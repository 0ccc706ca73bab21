"""The mistakes Course 2's students make, each a wrong version of a graded function, one module per assignment.

``MODELS[function]`` lists ``(code, message, mistaken)`` as week 4's
:data:`dnnstep.homework.diagnosing.mistakes.MODELS` does: ``mistaken`` takes the course function's
arguments and returns what a student who made that mistake gets; the hint ``code`` fires when that is
the student's value (and not the reference's). ``CODES`` gives each code its words. ``EXTRA_HINTS``
are checks on the numbers for mistakes no model can replay (a dropout mask drawn again).
"""

from __future__ import annotations

from dnnstep.homework.course2.mistakes import gradient_checking, initialization, optimization, regularization

_MODULES = (initialization, regularization, gradient_checking, optimization)

MODELS = {function: models for module in _MODULES for function, models in module.MODELS.items()}
CODES = {code: words for module in _MODULES for code, words in module.CODES.items()}
CODES["seed-missing"] = "the function's own np.random.seed(...) missing: other numbers at every call"
CODES["numpy-scalar"] = "a one-element array stored into one number, which numpy 1.25 and later refuse"
EXTRA_HINTS = (regularization.mask_hints,)

"""Cache mistakes: something else than the course's caches kept for the backward pass.

The course's ``linear_activation_forward`` returns the cache ``(linear_cache, activation_cache)``, that is
``((A_prev, W, b), Z)``, and ``L_model_forward`` appends each layer's cache to ``caches``. Each entry of
:data:`CACHES` maps a graded function to ``(code, message, mistaken)`` models, as in
:mod:`~dnnstep.homework.diagnosing.mistakes`: a cache with Z where the linear cache belongs, or one half
alone (``cache-item``); a ``caches`` list of each layer's A (``caches-item``). Orders of the right items are
recognised by ``cache-order`` (:mod:`~dnnstep.homework.diagnosing.hints`), not here.
"""

from __future__ import annotations

from dnnstep import course

_COURSE_CACHE = "the course's cache is (linear_cache, activation_cache): ((A_prev, W, b), Z)"


def _layer_with(cache_of, words: str):
    """linear_activation_forward returning ``cache_of(linear_cache, activation_cache)`` as its cache."""
    def forward(A_prev, W, b, activation):
        A, (linear_cache, activation_cache) = course.linear_activation_forward(A_prev, W, b, activation)
        return A, cache_of(linear_cache, activation_cache)
    return ("cache-item", f"linear_activation_forward returns {words}; {_COURSE_CACHE}", forward)


CACHES_OF_A = ("caches holds each layer's A where the course keeps the layer's cache ((A_prev, W, b), Z), what "
               "linear_activation_forward returns: caches.append(cache)")


def _caches_of_A(X, parameters):
    """L_model_forward appending each layer's A (AL for the last) where its cache belongs."""
    L = len(parameters) // 2
    A, caches = X, []
    for l in range(1, L + 1):
        A, _ = course.linear_activation_forward(A, parameters[f"W{l}"], parameters[f"b{l}"],
                                                "sigmoid" if l == L else "relu")
        caches.append(A)
    return A, caches


CACHES = {
    "linear_activation_forward": [
        _layer_with(lambda linear, Z: (Z, Z), "the cache (activation_cache, activation_cache): it puts Z where the "
                                              "linear cache (A_prev, W, b) belongs"),
        _layer_with(lambda linear, Z: Z, "activation_cache (Z) alone as its cache"),
        _layer_with(lambda linear, Z: linear, "linear_cache (A_prev, W, b) alone as its cache"),
        _layer_with(lambda linear, Z: (linear, linear), "the cache (linear_cache, linear_cache): it puts the linear "
                                                        "cache where Z, the activation cache, belongs"),
    ],
    "L_model_forward": [("caches-item", CACHES_OF_A, _caches_of_A)],
}

"""Mistake models: the reference functions with one known mistake put in.

``MODELS[function]`` lists ``(code, message, mistaken)``: ``mistaken`` takes the same
arguments as the course's ``function`` and returns what a student who made that mistake
gets. :func:`dnnstep.homework.diagnosing.hints.diagnose` fires the hint ``code`` when the student's
mismatching tensor equals the mistaken value (and that differs from the reference).
``message`` may use ``{tensor}`` (the tensors it explains) and ``{m}``.
"""

from __future__ import annotations

import contextlib
import contextvars
import copy
from typing import Any, Callable

import numpy as np

from dnnstep import course
from dnnstep.homework.diagnosing.cache_mistakes import CACHES
from dnnstep.homework.diagnosing.cost_mistakes import COST
from dnnstep.homework.diagnosing.init_mistakes import INIT, INIT_DEEP_DIMS, INIT_TWO_DIMS, init_deep, init_two, seeded

#: (code, message, mistaken function on the same args); the message is a text, or a function of the args
#: that gives the text (to name the shapes the student's code was given).
Model = tuple[str, "str | Callable[[tuple], str]", Callable[..., Any]]

_LAYER_CALLS: contextvars.ContextVar[list | None] = contextvars.ContextVar("layer_calls", default=None)


@contextlib.contextmanager
def layer_calls():
    """While open, the whole-network models (``L_model_forward``, ``L_model_backward``) record each
    layer call that finished, ``(name, args)``, in the list it gives: what each layer was given, to hold
    against the calls the student's code made before it raised."""
    token = _LAYER_CALLS.set([])
    try:
        yield _LAYER_CALLS.get()
    finally:
        _LAYER_CALLS.reset(token)


def _layer(name: str, *args):
    result = getattr(course, name)(*args)
    calls = _LAYER_CALLS.get()
    if calls is not None:
        calls.append((name, args))
    return result


def _forward_with(activations_of: Callable[[int, int], str]):
    def forward(X, parameters):
        L = len(parameters) // 2
        A, caches = X, []
        for l in range(1, L + 1):
            A, cache = _layer("linear_activation_forward", A, parameters[f"W{l}"], parameters[f"b{l}"],
                                                        activations_of(l, L))
            caches.append(cache)
        return A, caches
    return forward


def _backward_with(activations_of: Callable[[int, int], str], dAL_of=None):
    def backward(AL, Y, caches):
        L = len(caches)
        Y = Y.reshape(AL.shape)
        dA = dAL_of(AL, Y) if dAL_of else -(np.divide(Y, AL) - np.divide(1 - Y, 1 - AL))
        grads = {}
        for l in range(L, 0, -1):
            dA_prev, dW, db = _layer("linear_activation_backward", dA, caches[l - 1], activations_of(l, L))
            grads[f"dA{l - 1}"], grads[f"dW{l}"], grads[f"db{l}"] = dA_prev, dW, db
            dA = dA_prev
        return grads  # keys in the course's order: dA{L-1}, dWL, dbL, ..., dA0, dW1, db1
    return backward


def _dZ_mistake(only: str, dZ_of: Callable):
    """linear_activation_backward with ``dZ = dZ_of(dA, linear_cache, Z)``, for ``only`` that activation."""
    def backward(dA, cache, activation):
        if activation != only:
            raise ValueError(f"{only} mistakes only")
        linear_cache, Z = cache
        return course.linear_backward(dZ_of(dA, linear_cache, Z), linear_cache)
    return backward


def _s(Z):
    return 1 / (1 + np.exp(-Z))


def _other(activation: str) -> str:
    return {"relu": "sigmoid", "sigmoid": "relu"}[activation]


def _update_with(sign: float, use_rate: bool):
    def update(params, grads, learning_rate):
        rate = learning_rate if use_rate else 1.0
        L = len(params) // 2
        out = {}
        for l in range(1, L + 1):
            out[f"W{l}"] = params[f"W{l}"] - sign * rate * grads[f"dW{l}"]
            out[f"b{l}"] = params[f"b{l}"] - sign * rate * grads[f"db{l}"]
        return out
    return update


def _db_over(axis, keepdims, multi_unit=False):
    """linear_backward with db summed over ``axis``; with ``multi_unit``, only on layers of several units
    (on a one-unit layer a sum over everything is np.squeeze of the right db: ``_db_squeezed`` says so)."""
    def linear_backward(dZ, cache):
        A_prev, W, b = cache
        m = A_prev.shape[1]
        if multi_unit and dZ.shape[0] == 1:
            return course.linear_backward(dZ, cache)
        return np.dot(W.T, dZ), np.dot(dZ, A_prev.T) / m, np.sum(dZ, axis=axis, keepdims=keepdims) / m
    return linear_backward


def _db_squeezed(dZ, cache):
    """linear_backward with ``db = np.squeeze(...)`` on a one-unit layer (a scalar where (1, 1) is due)."""
    if dZ.shape[0] != 1:
        return course.linear_backward(dZ, cache)
    dA_prev, dW, db = course.linear_backward(dZ, cache)
    return dA_prev, dW, np.squeeze(db)


_ACTIVATION_MESSAGE = ("{tensor} is what the other activation gives: sigmoid used in a hidden (relu) layer, or "
                       "relu at the (sigmoid) output; check the activation argument and the if/elif on it")

MODELS: dict[str, list[Model]] = {
    "linear_forward": [
        ("no-bias", "{tensor} = W·A without + b", lambda A, W, b: (np.dot(W, A), (A, W, b))),
        ("dot-order", lambda args: f"np.dot(A, W) multiplies A {tuple(np.shape(args[0]))} by W "
                                   f"{tuple(np.shape(args[1]))}; the course's Z = W · A + b: np.dot(W, A)",
         lambda A, W, b: (np.dot(A, W) + b, (A, W, b))),
    ],
    "linear_activation_forward": [
        ("activation", _ACTIVATION_MESSAGE,
         lambda A_prev, W, b, activation: course.linear_activation_forward(A_prev, W, b, _other(activation))),
    ],
    "L_model_forward": [
        ("activation", "{tensor} is what sigmoid in the hidden layers gives: the hidden layers must use relu",
         _forward_with(lambda l, L: "sigmoid")),
        ("activation", "{tensor} is what relu at the output gives: layer L must use sigmoid",
         _forward_with(lambda l, L: "relu")),
        ("activation", "{tensor} is what sigmoid in the hidden layers and relu at the output give: swapped",
         _forward_with(lambda l, L: "relu" if l == L else "sigmoid")),
    ],
    "compute_cost": [
        ("factor", "{tensor} keeps only the Y·log(AL) term: the (1 - Y)·log(1 - AL) term is missing",
         lambda AL, Y: np.squeeze(-np.sum(Y * np.log(AL)) / AL.shape[1])),
    ],
    "linear_backward": [
        ("db-axis", "{tensor} is summed over axis 0 (the units) instead of axis 1 (the examples)",
         _db_over(0, True)),
        ("db-axis", "{tensor} is summed over axis 0 (the units) instead of axis 1 (the examples)",
         _db_over(0, False)),
        ("db-squeeze", "{tensor} has shape () instead of (1, 1): np.squeeze (or a sum over all of dZ) made this "
                       "one-unit layer's db a scalar; keep db = 1/m * np.sum(dZ, axis=1, keepdims=True), "
                       "without np.squeeze",
         _db_squeezed),
        ("db-axis", "{tensor} is summed over all of dZ: sum over axis 1 only, with keepdims=True",
         _db_over(None, False, multi_unit=True)),
    ],
    "linear_activation_backward": [
        ("activation", _ACTIVATION_MESSAGE,
         lambda dA, cache, activation: course.linear_activation_backward(dA, cache, _other(activation))),
        ("relu-mask", "{tensor}: relu_backward was given A_prev (the linear cache's A) instead of Z (the "
                      "activation cache): cache = ((A_prev, W, b), Z)",
         _dZ_mistake("relu", lambda dA, lc, Z: dA * (lc[0] > 0))),
        ("relu-mask", "{tensor}: dZ was masked where dA <= 0; relu's derivative depends on Z: dZ[Z <= 0] = 0",
         _dZ_mistake("relu", lambda dA, lc, Z: dA * (dA > 0))),
        ("relu-mask", "{tensor}: dZ keeps dA where Z == 0 (mask Z < 0); the course's relu derivative is 0 at 0: "
                      "dZ[Z <= 0] = 0",
         _dZ_mistake("relu", lambda dA, lc, Z: dA * (Z >= 0))),
        ("relu-mask", "{tensor}: dZ = dA with no mask: relu's derivative is missing",
         _dZ_mistake("relu", lambda dA, lc, Z: dA)),
        ("relu-mask", "{tensor}: dZ = dA * relu(Z); relu's derivative is 1 where Z > 0, else 0",
         _dZ_mistake("relu", lambda dA, lc, Z: dA * np.maximum(0, Z))),
        ("sigmoid-derivative", "{tensor}: dZ = dA * s without the (1 - s) factor",
         _dZ_mistake("sigmoid", lambda dA, lc, Z: dA * _s(Z))),
        ("sigmoid-derivative", "{tensor}: dZ = dA * Z * (1 - Z): the derivative needs s = sigmoid(Z), not Z",
         _dZ_mistake("sigmoid", lambda dA, lc, Z: dA * Z * (1 - Z))),
    ],
    "L_model_backward": [
        ("dAL-sign", "{tensor}: dAL has the wrong sign; dAL = -(np.divide(Y, AL) - np.divide(1 - Y, 1 - AL))",
         _backward_with(lambda l, L: "sigmoid" if l == L else "relu",
                        lambda AL, Y: np.divide(Y, AL) - np.divide(1 - Y, 1 - AL))),
        ("dAL-formula", "{tensor}: dAL = -(Y/AL + (1-Y)/(1-AL)); the second term must be subtracted",
         _backward_with(lambda l, L: "sigmoid" if l == L else "relu",
                        lambda AL, Y: -(np.divide(Y, AL) + np.divide(1 - Y, 1 - AL)))),
        ("activation", "{tensor} is what sigmoid_backward in the hidden layers gives: they are relu",
         _backward_with(lambda l, L: "sigmoid")),
        ("activation", "{tensor} is what relu_backward at the output gives: layer L is sigmoid",
         _backward_with(lambda l, L: "relu")),
    ],
    "update_parameters": [
        ("update-sign", "{tensor}: W + learning_rate * dW; gradient descent subtracts: W - learning_rate * dW",
         _update_with(-1.0, True)),
        ("learning-rate", "{tensor}: W - dW; the learning rate is missing", _update_with(1.0, False)),
        ("update-sign", "{tensor}: W + dW; subtract, and multiply by the learning rate", _update_with(-1.0, False)),
    ],
}


# The families students make most (issue 14), each seen in public threads and files: see the
# catalogue in docs/homework.md.

def _cost_of(loss_sum):
    def cost(AL, Y):
        return np.squeeze(-1 / Y.shape[1] * loss_sum(AL, Y))
    return cost


def _shapes(args, names) -> dict[str, str]:
    return {name: str(tuple(np.shape(value))) for name, value in zip(names, args)}


def _linear_backward_with(dW_of=None, dA_prev_of=None):
    def backward(dZ, cache):
        A_prev, W, b = cache
        m = A_prev.shape[1]
        dW = 1 / m * (dW_of(dZ, A_prev) if dW_of else np.dot(dZ, A_prev.T))
        db = 1 / m * np.sum(dZ, axis=1, keepdims=True)
        dA_prev = dA_prev_of(dZ, W) if dA_prev_of else np.dot(W.T, dZ)
        return dA_prev, dW, db
    return backward


def _elementwise(written: str, right: str, product: str):
    def message(args):
        dZ, (A_prev, W, _b) = args
        shapes = {"dZ": tuple(dZ.shape), "A_prev": tuple(A_prev.shape), "W": tuple(W.shape),
                  "A_prev.T": tuple(A_prev.T.shape), "W.T": tuple(W.T.shape)}
        first, second = (part.strip() for part in written[len("np.multiply("):-1].split(","))
        return (f"{written} multiplies {first} {shapes[first]} and {second} {shapes[second]} element by element; "
                f"{product} is a matrix product: {right}")
    return message


_LINEAR_BACKWARD = [
    ("elementwise", _elementwise(w, "np.dot(dZ, A_prev.T)", "dW = 1/m · dZ · A_prevᵀ"),
     _linear_backward_with(dW_of=f))
    for w, f in [("np.multiply(A_prev, dZ)", lambda dZ, A: np.multiply(A, dZ)),
                 ("np.multiply(A_prev.T, dZ)", lambda dZ, A: np.multiply(A.T, dZ)),
                 ("np.multiply(dZ, A_prev.T)", lambda dZ, A: np.multiply(dZ, A.T))]
] + [
    ("elementwise", _elementwise(w, "np.dot(W.T, dZ)", "dA_prev = Wᵀ · dZ"), _linear_backward_with(dA_prev_of=f))
    for w, f in [("np.multiply(dZ, W.T)", lambda dZ, W: np.multiply(dZ, W.T)),
                 ("np.multiply(W.T, dZ)", lambda dZ, W: np.multiply(W.T, dZ))]
]


def _W_not_transposed(args):
    dZ, (A_prev, W, _b) = args
    return (f"dA_prev = np.dot(W, dZ) multiplies W {tuple(W.shape)} by dZ {tuple(dZ.shape)}; dA_prev = Wᵀ · dZ: "
            f"np.dot(W.T, dZ), of A_prev's shape {tuple(A_prev.shape)}")


_LINEAR_BACKWARD.append(("no-transpose", _W_not_transposed,
                         _linear_backward_with(dA_prev_of=lambda dZ, W: np.dot(W, dZ))))


def _backward(dA_hidden, output=None, cache_of=lambda caches, l, L: caches[l - 1]):
    """L_model_backward where hidden layer l is given ``dA_hidden(grads, dAL, l, L)`` and the cache
    ``cache_of(caches, l, L)``; and the output layer's (dA_prev, dW, db) is ``output(AL, Y, cache)`` when given."""
    def backward(AL, Y, caches):
        L = len(caches)
        Y = Y.reshape(AL.shape)
        dAL = -(np.divide(Y, AL) - np.divide(1 - Y, 1 - AL))
        grads = {}
        if output:
            last = output(AL, Y, caches[L - 1])
        else:
            last = _layer("linear_activation_backward", dAL, caches[L - 1], "sigmoid")
        grads[f"dA{L - 1}"], grads[f"dW{L}"], grads[f"db{L}"] = last
        for l in range(L - 1, 0, -1):
            dA_prev, dW, db = _layer("linear_activation_backward", dA_hidden(grads, dAL, l, L), cache_of(caches, l, L),
                                     "relu")
            grads[f"dA{l - 1}"], grads[f"dW{l}"], grads[f"db{l}"] = dA_prev, dW, db
        return grads
    return backward


def _own_dA(grads, dAL, l, L):
    return grads[f"dA{l}"]


def _reversed_cache(caches, l, L):
    return caches[L - 1 - l]


def _cache_message(args):
    AL, Y, caches = args
    L = len(caches)
    grads = course.L_model_backward(*copy.deepcopy(args))
    for l in range(L - 1, 0, -1):
        dA, Z = grads[f"dA{l}"], _reversed_cache(caches, l, L)[1]
        if np.shape(dA) != np.shape(Z):
            return (f"relu_backward got dA {tuple(np.shape(dA))} for a Z of {tuple(np.shape(Z))}: layer {l} was "
                    f"given the cache of layer {L - l} (caches[{L - 1 - l}]); the cache of layer l + 1 is caches[l]: "
                    "current_cache = caches[l] in the loop over l = L-2 .. 0")
    return ("{tensor}: each hidden layer was given the cache of another layer (caches[L - 2 - l]); the cache of "
            "layer l + 1 is caches[l]: current_cache = caches[l] in the loop over l = L-2 .. 0")


def _fed(what: str, pick):
    """A hint for hidden layers all fed the same dA: says where the shapes first disagree."""
    def message(args):
        AL, Y, caches = args
        L = len(caches)
        grads = course.L_model_backward(*copy.deepcopy(args))
        dAL = -(np.divide(Y.reshape(AL.shape), AL) - np.divide(1 - Y.reshape(AL.shape), 1 - AL))
        for l in range(L - 1, 0, -1):
            Z = caches[l - 1][1]
            try:
                dA = pick(grads, dAL, l, L)
            except KeyError:
                break
            if np.shape(dA) != np.shape(Z):
                return (f"relu_backward got dA {tuple(np.shape(dA))} for layer {l}, whose Z is {tuple(np.shape(Z))}: "
                        f"the dA passed to layer {l} is {what.format(L=L, L1=L - 1)}; "
                        f"the course passes grads['dA{l}'], "
                        f"the gradient of A{l} (grads['dA' + str(l + 1)] in the loop over l = L-2 .. 0)")
        return (f"{{tensor}}: every hidden layer was given {what.format(L=L, L1=L - 1)}; layer l takes grads['dA' + "
                f"str(l)], the gradient of its own A[l] (grads['dA' + str(l + 1)] in the loop over l = L-2 .. 0)")
    return message


def _old_key(args):
    AL, Y, caches = args
    L = len(caches)
    return (f"grads['dA{L}'] is never stored: editions up to v5 kept the output layer's dA_prev under grads['dA' + "
            f"str(L)]; the 2021 edition keeps it under grads['dA' + str(L - 1)] (dA{L - 1}), and hidden layer l + 1 "
            f"takes grads['dA' + str(l + 1)]")


def _shortcut(AL, Y, cache):
    linear_cache, _Z = cache
    return course.linear_backward(AL - Y, linear_cache)


_L_MODEL_BACKWARD = [
    ("hidden-dA", _fed("grads['dA{L1}'] (the gradient of A{L1}), the same for every hidden layer (the course's "
                       "test has one hidden layer, where that is the right one, and passes)",
                       lambda grads, dAL, l, L: grads[f"dA{L - 1}"]),
     _backward(lambda grads, dAL, l, L: grads[f"dA{L - 1}"])),
    ("hidden-dA", _fed("dAL (the gradient of the output AL)", lambda grads, dAL, l, L: dAL),
     _backward(lambda grads, dAL, l, L: dAL)),
    ("hidden-dA", _old_key, _backward(lambda grads, dAL, l, L: grads[f"dA{L}"])),
    ("hidden-cache", _cache_message, _backward(_own_dA, cache_of=_reversed_cache)),
    ("output-dZ", "{tensor}: dZ = AL - Y at the output skips sigmoid_backward; it equals dAL · σ'(Z) only when AL is "
                  "sigmoid(Z), and the course's test gives an AL that is not: call linear_activation_backward(dAL, "
                  "current_cache, \"sigmoid\")",
     _backward(_own_dA, _shortcut)),
]


def _unchanged(params, grads, learning_rate):
    return params


def _update_L(args):
    params = args[0]
    L = len(params) // 2
    return (f"update_parameters asked for parameters['W{L + 1}'] of a {L}-layer network: parameters holds a W and a b "
            "per layer, so L = len(parameters) // 2")


def _update_len(params, grads, learning_rate):
    parameters = copy.deepcopy(params)
    for l in range(len(parameters)):
        parameters[f"W{l + 1}"] = parameters[f"W{l + 1}"] - learning_rate * grads[f"dW{l + 1}"]
        parameters[f"b{l + 1}"] = parameters[f"b{l + 1}"] - learning_rate * grads[f"db{l + 1}"]
    return parameters


def _update_from_0(params, grads, learning_rate):
    parameters = copy.deepcopy(params)
    for l in range(len(parameters) // 2):
        parameters[f"W{l}"] = parameters[f"W{l}"] - learning_rate * grads[f"dW{l}"]
        parameters[f"b{l}"] = parameters[f"b{l}"] - learning_rate * grads[f"db{l}"]
    return parameters


def _forward_len(X, parameters):
    A, caches = X, []
    L = len(parameters)
    for l in range(1, L):
        A, cache = _layer("linear_activation_forward", A, parameters[f"W{l}"], parameters[f"b{l}"], "relu")
        caches.append(cache)
    AL, cache = _layer("linear_activation_forward", A, parameters[f"W{L}"], parameters[f"b{L}"], "sigmoid")
    return AL, caches + [cache]


def _forward_X(X, parameters):
    L = len(parameters) // 2
    A, caches = X, []
    for l in range(1, L):
        A, cache = _layer("linear_activation_forward", X, parameters[f"W{l}"], parameters[f"b{l}"], "relu")
        caches.append(cache)
    AL, cache = _layer("linear_activation_forward", A, parameters[f"W{L}"], parameters[f"b{L}"], "sigmoid")
    return AL, caches + [cache]


def _forward_output_input(X, parameters):
    L = len(parameters) // 2
    A, A_prev, caches = X, X, []
    for l in range(1, L):
        A_prev = A
        A, cache = _layer("linear_activation_forward", A_prev, parameters[f"W{l}"], parameters[f"b{l}"], "relu")
        caches.append(cache)
    AL, cache = _layer("linear_activation_forward", A_prev, parameters[f"W{L}"], parameters[f"b{L}"], "sigmoid")
    return AL, caches + [cache]


def _output_input_message(args):
    X, parameters = args
    L = len(parameters) // 2
    AL, caches = course.L_model_forward(*copy.deepcopy(args))
    A_prev, A = caches[L - 2][0][0], caches[L - 1][0][0]
    return (f"the output layer {L} was given A_prev {tuple(A_prev.shape)}, the input of layer {L - 1}, where the "
            f"course passes A {tuple(A.shape)}, its output: linear_activation_forward(A, parameters['W' + str(L)], "
            "parameters['b' + str(L)], \"sigmoid\")")


def _forward_X_message(args):
    X, parameters = args
    A1, _ = course.linear_activation_forward(X, parameters["W1"], parameters["b1"], "relu")
    return (f"layer 2 was given X {tuple(X.shape)} as A_prev where the course passes the previous layer's A "
            f"{tuple(A1.shape)}: linear_activation_forward(A_prev, ...) with A_prev = A, "
            "the output of the layer before")


def _forward_L(args):
    L = len(args[1]) // 2
    return (f"L_model_forward asked for parameters['W{L + 1}'] of a {L}-layer network: parameters holds a W and a b "
            "per layer, so L = len(parameters) // 2")


def _never_updated(function: str):
    """The Application's model whose loop calls update_parameters but never keeps its result."""
    def model(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False):
        def run():
            if function == "two_layer_model":
                parameters = course.initialize_parameters(*layers_dims)
            else:
                parameters = course.initialize_parameters_deep_app(layers_dims)
            AL, _ = course.L_model_forward(X, parameters)
            cost = course.compute_cost(AL, Y)
            return parameters, [cost for _ in range(0, num_iterations, 100)]
        return seeded(1, run)
    return model


_NEVER_UPDATED = ("{tensor}: the parameters stay at their initial values (and every cost is the first): "
                  "update_parameters returns the updated parameters, and its result is never assigned: "
                  "parameters = update_parameters(parameters, grads, learning_rate)")

_FAMILIES: dict[str, list[Model]] = {
    "initialize_parameters": [(code, message, init_two(W, b)) for code, message, W, b in INIT],
    "initialize_parameters_deep": [(code, message, init_deep(W, b)) for code, message, W, b in INIT],
    "L_model_forward": [("forward-L", _forward_L, _forward_len), ("forward-input", _forward_X_message, _forward_X),
                        ("forward-input", _output_input_message, _forward_output_input)],
    "compute_cost": [
        ("cost-outer", "{tensor} is np.dot(Y.T, np.log(AL)) (or Y * np.log(AL).T) summed: a (m, 1) times a (1, m) is "
                       "an m x m matrix pairing every Y[i] with every log(AL[j]); the cost sums only the m products "
                       "Y[i]·log(AL[i]): np.dot(Y, np.log(AL).T), or np.sum(Y * np.log(AL))",
         _cost_of(lambda AL, Y: np.sum(np.dot(Y.T, np.log(AL)) + np.dot((1 - Y).T, np.log(1 - AL))))),
        ("cost-sum", "{tensor} holds one loss per example: the losses are never summed; "
                     "cost = -1/m * np.sum(Y * np.log(AL) + (1 - Y) * np.log(1 - AL))",
         _cost_of(lambda AL, Y: Y * np.log(AL) + (1 - Y) * np.log(1 - AL))),
        ("cost-dot", "np.dot(Y, np.log(AL)) multiplies two (1, m) rows, which a matrix product cannot do: "
                     "transpose the "
                     "second, np.dot(Y, np.log(AL).T), or sum the element-wise product, np.sum(Y * np.log(AL))",
         _cost_of(lambda AL, Y: np.dot(Y, np.log(AL)) + np.dot(1 - Y, np.log(1 - AL)))),
    ],
    "linear_backward": _LINEAR_BACKWARD,
    "linear_activation_backward": [
        ("helper-cache", "relu_backward was given the linear cache (A_prev, W, b) where it takes Z, the activation "
                         "cache: linear_cache, activation_cache = cache; relu_backward(dA, activation_cache)",
         lambda dA, cache, activation: course.relu_backward(dA, cache[0])),
        ("helper-cache", "sigmoid_backward was given the linear cache (A_prev, W, b) where it takes Z, the activation "
                         "cache: linear_cache, activation_cache = cache; sigmoid_backward(dA, activation_cache)",
         lambda dA, cache, activation: course.sigmoid_backward(dA, cache[0])),
        ("helper-cache", "linear_backward was given the activation cache Z where it takes the linear cache "
                         "(A_prev, W, b): linear_cache, activation_cache = cache; linear_backward(dZ, linear_cache)",
         lambda dA, cache, activation: course.linear_backward(dA, cache[1])),
    ],
    "L_model_backward": _L_MODEL_BACKWARD,
    "update_parameters": [
        ("update-unchanged", "{tensor}: update_parameters returned its input unchanged: the new values went to a copy "
                             "(or to local variables) that is not returned; return the dictionary you updated",
         _unchanged),
        ("update-L", _update_L, _update_len),
        ("layer-numbers", "update_parameters asked for parameters['W0']: the course numbers the layers 1 .. L, so a "
                          "loop over range(L) takes str(l + 1): parameters[\"W\" + str(l + 1)]", _update_from_0),
    ],
    "two_layer_model": [("no-update", _NEVER_UPDATED, _never_updated("two_layer_model"))],
    "L_layer_model": [("no-update", _NEVER_UPDATED, _never_updated("L_layer_model"))],
}

def _update_skipping(first: bool):
    """update_parameters whose loop leaves layer 1 (``first``) or layer L unchanged: ``for l in range(1, L)``
    with str(l + 1), or with str(l)."""
    def update(params, grads, learning_rate):
        parameters = copy.deepcopy(params)
        L = len(parameters) // 2
        for l in (range(2, L + 1) if first else range(1, L)):
            parameters[f"W{l}"] = parameters[f"W{l}"] - learning_rate * grads[f"dW{l}"]
            parameters[f"b{l}"] = parameters[f"b{l}"] - learning_rate * grads[f"db{l}"]
        return parameters

    def message(args):
        layer = 1 if first else len(args[0]) // 2
        return (f"update_parameters left layer {layer} unchanged (W{layer}, b{layer} are returned as they were "
                "given): the loop must update every layer, l = 1 .. L: for l in range(L) with str(l + 1)")
    return ("update-layers", message, update)


_FAMILIES["update_parameters"] += [_update_skipping(first=False), _update_skipping(first=True)]
_FAMILIES["L_model_backward"].append(
    ("dAL-dZ", "{tensor}: dAL = AL - Y is dZ of the sigmoid output layer, not dA: linear_activation_backward(dAL, "
               "current_cache, \"sigmoid\") multiplies it by σ'(Z) once more; dAL = -(np.divide(Y, AL) - "
               "np.divide(1 - Y, 1 - AL))",
     _backward_with(lambda l, L: "sigmoid" if l == L else "relu", lambda AL, Y: AL - Y)))
_FAMILIES["compute_cost"] += COST
_FAMILIES["initialize_parameters"] += INIT_TWO_DIMS
_FAMILIES["initialize_parameters_deep"] += INIT_DEEP_DIMS
for _function, _models in CACHES.items():
    _FAMILIES.setdefault(_function, []).extend(_models)

for _function, _models in _FAMILIES.items():
    MODELS.setdefault(_function, []).extend(_models)


def _after_activation(model: Model) -> Model:
    """A linear_backward mistake, seen through linear_activation_backward (the right dZ, then the mistake)."""
    code, message, mistaken = model

    def linear_args(dA, cache, activation):
        linear_cache, Z = cache
        dZ = course.relu_backward(dA, Z) if activation == "relu" else course.sigmoid_backward(dA, Z)
        return dZ, linear_cache

    def backward(dA, cache, activation):
        return mistaken(*linear_args(dA, cache, activation))

    def text(args):
        return message(linear_args(*args)) if callable(message) else message

    return code, text if callable(message) else message, backward


def _before_activation(model: Model) -> Model:
    """A linear_forward mistake, seen through linear_activation_forward."""
    code, message, mistaken = model

    def forward(A_prev, W, b, activation):
        Z, linear_cache = mistaken(A_prev, W, b)
        A, Z_cache = course.relu(Z) if activation == "relu" else course.sigmoid(Z)
        return A, (linear_cache, Z_cache)

    return code, message, forward


def _step_by_step_init(L_layer_model):
    """The Application's ``L_layer_model`` trained from the Step by Step ``initialize_parameters_deep``
    (seed 3, ``randn * 0.01``): what a file gets when its ``dnn_app_utils`` import is missing."""
    import types

    names = dict(vars(course), initialize_parameters_deep_app=course.initialize_parameters_deep)
    return types.FunctionType(L_layer_model.__code__, names, "L_layer_model", L_layer_model.__defaults__)


MODELS["L_layer_model"] += [
    ("app-init", "{tensor} is what L_layer_model gives from the Step by Step initialize_parameters_deep "
                 "(seed 3, randn * 0.01); the Application's, in dnn_app_utils, uses seed 1 and "
                 "randn / np.sqrt(layer_dims[l-1])",
     _step_by_step_init(course.L_layer_model)),
]

MODELS["linear_activation_backward"] += [_after_activation(m) for m in MODELS["linear_backward"]]
MODELS["linear_activation_forward"] += [_before_activation(m) for m in MODELS["linear_forward"]]

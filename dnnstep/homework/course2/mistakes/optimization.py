"""Optimization's mistakes (W2A1): mini-batches, momentum, Adam and learning-rate decay.

Each model is the course's function (:mod:`dnnstep.course2.optimization`) with one mistake put in, on
the same inputs (``random_mini_batches`` reseeded as the course seeds it). Adam's models return the
2021 edition's five values; :func:`dnnstep.homework.course2.contracts.as_edition` gives an older
edition's three. The mistakes of the training loop itself (``t`` from 0 or never counted up, the seed
never changed, the decay given the epoch off by one) show in ``model``'s calls, step by step
(:mod:`dnnstep.homework.course2.training`).
"""

from __future__ import annotations

import math

import numpy as np

from dnnstep.course2 import optimization as course

CODES = {
    "update-sign": "+ instead of - in the update",
    "learning-rate": "the learning rate is missing from the update",
    "update-partial": "some parameters (the b's, or a layer) not updated",
    "update-L": "L = len(parameters): twice the number of layers",
    "shuffle-Y": "the permutation applied to X but not to Y (or Y shuffled with another one)",
    "last-batch": "the last, smaller mini-batch missing, duplicated, or of full size",
    "momentum-beta": "beta and 1 - beta swapped, or the (1 - beta) left out, in the velocity",
    "momentum-update": "the parameters updated with the gradient instead of the velocity",
    "momentum-gradient": "the velocity (or Adam's v) averaged from itself: the gradient never enters it",
    "v-returned": "the updated velocity (or Adam's averages) not the ones returned",
    "adam-correction": "Adam's bias correction applied to one average only, or computed the wrong way",
    "adam-epsilon": "epsilon inside the square root (or outside the division)",
    "adam-betas": "beta1 and beta2 swapped",
    "adam-square": "s averaged from dW instead of dW ** 2",
    "decay-floor": "schedule_lr_decay without the floor: the rate decays every epoch",
    "decay-epoch": "the decay given the epoch number off by one",
    "decay-interval": "schedule_lr_decay with a time interval other than the one given",
    "decay-formula": "the learning-rate decay formula written another way",
}

_LAYERS = ("W", "b")


def _layers(parameters):
    return range(1, len(parameters) // 2 + 1)


# --------------------------------------------------------------------------------------------
# Gradient descent
# --------------------------------------------------------------------------------------------


def _gd(step=lambda W, dW, lr: W - lr * dW, which=_LAYERS):
    def update(parameters, grads, learning_rate):
        parameters = dict(parameters)
        for l in _layers(parameters):
            for p in which:
                parameters[p + str(l)] = step(parameters[p + str(l)], grads["d" + p + str(l)], learning_rate)
        return parameters
    return update


_GD = [
    ("update-sign", "{tensor}: W + learning_rate * dW; gradient descent subtracts: W - learning_rate * dW",
     _gd(lambda W, dW, lr: W + lr * dW)),
    ("learning-rate", "{tensor}: W - dW; the learning rate is missing: W - learning_rate * dW",
     _gd(lambda W, dW, lr: W - dW)),
    ("update-partial", "{tensor}: the b's are never updated: b = b - learning_rate * db too", _gd(which=("W",))),
    ("update-L", "L = len(parameters) counts every W and b, twice the number of layers: L = len(parameters) // 2",
     lambda parameters, grads, learning_rate: _gd_len(parameters, grads, learning_rate)),
]


def _gd_len(parameters, grads, learning_rate):
    """update_parameters_with_gd with ``L = len(parameters)``: asks for W(L+1), which is not there."""
    parameters = dict(parameters)
    for l in range(1, len(parameters) + 1):
        parameters["W" + str(l)] = parameters["W" + str(l)] - learning_rate * grads["dW" + str(l)]
        parameters["b" + str(l)] = parameters["b" + str(l)] - learning_rate * grads["db" + str(l)]
    return parameters


# --------------------------------------------------------------------------------------------
# Mini-batches
# --------------------------------------------------------------------------------------------


def _mini_batches(shuffle_Y=True, last=lambda X, Y, k, size, m: (X[:, k * size:], Y[:, k * size:]),
                  full_loop_extra=0):
    """random_mini_batches with Y shuffled or not, the last batch ``last(shuffled_X, shuffled_Y, k, size, m)``
    (``None``: left out), and ``full_loop_extra`` more rounds of the loop over full batches."""
    def batches(X, Y, mini_batch_size=64, seed=0):
        state = np.random.get_state()
        try:
            np.random.seed(seed)
            m = X.shape[1]
            permutation = list(np.random.permutation(m))
        finally:
            np.random.set_state(state)
        shuffled_X = X[:, permutation]
        shuffled_Y = Y[:, permutation].reshape((1, m)) if shuffle_Y else Y.reshape((1, m))
        complete = math.floor(m / mini_batch_size)
        found = [(shuffled_X[:, k * mini_batch_size:(k + 1) * mini_batch_size],
                  shuffled_Y[:, k * mini_batch_size:(k + 1) * mini_batch_size])
                 for k in range(complete + full_loop_extra)]
        if m % mini_batch_size != 0 and last is not None:
            found.append(last(shuffled_X, shuffled_Y, complete, mini_batch_size, m))
        return found
    return batches


_MINI_BATCHES = [
    ("shuffle-Y", "{tensor}: Y is not shuffled with X: shuffled_Y = Y[:, permutation].reshape((1, m)), the same "
                  "permutation as X, or every label goes to another example",
     _mini_batches(shuffle_Y=False)),
    ("last-batch", "{tensor}: the last mini-batch, the m % mini_batch_size examples left over, is missing: "
                   "if m % mini_batch_size != 0, append (shuffled_X[:, num_complete_minibatches * mini_batch_size:], "
                   "...)",
     _mini_batches(last=None)),
    ("last-batch", "{tensor}: the last mini-batch is the last mini_batch_size examples (shuffled_X[:, m - "
                   "mini_batch_size:]), which repeats examples of the one before; it holds only the examples left "
                   "over: shuffled_X[:, num_complete_minibatches * mini_batch_size:]",
     _mini_batches(last=lambda X, Y, k, size, m: (X[:, m - size:], Y[:, m - size:]))),
    ("last-batch", "{tensor}: the last mini-batch comes twice: the loop over full batches runs once more "
                   "(range(num_complete_minibatches + 1)) and the rest is appended after it",
     _mini_batches(full_loop_extra=1)),
    ("last-batch", "{tensor}: the last mini-batch starts at m - num_complete_minibatches, so it holds "
                   "num_complete_minibatches examples; it starts after the full batches: "
                   "shuffled_X[:, num_complete_minibatches * mini_batch_size:]",
     _mini_batches(last=lambda X, Y, k, size, m: (X[:, m - k:], Y[:, m - k:]))),
    ("last-batch", "{tensor}: the last mini-batch ends one example short, shuffled_X[:, k * mini_batch_size : m - 1]; "
                   "it runs to the end: shuffled_X[:, num_complete_minibatches * mini_batch_size:]",
     _mini_batches(last=lambda X, Y, k, size, m: (X[:, k * size:m - 1], Y[:, k * size:m - 1]))),
]


# --------------------------------------------------------------------------------------------
# Momentum
# --------------------------------------------------------------------------------------------


def _momentum(velocity=lambda v, g, beta: beta * v + (1 - beta) * g, step_with="v", keep_v=True):
    def update(parameters, grads, v, beta, learning_rate):
        parameters, new_v = dict(parameters), dict(v)
        for l in _layers(parameters):
            for p in _LAYERS:
                key = "d" + p + str(l)
                new_v[key] = velocity(v[key], grads[key], beta)
                by = new_v[key] if step_with == "v" else grads[key]
                parameters[p + str(l)] = parameters[p + str(l)] - learning_rate * by
        return parameters, (new_v if keep_v else dict(v))
    return update


_MOMENTUM = [
    ("momentum-beta", "{tensor}: v = (1 - beta) * v + beta * dW: beta and 1 - beta swapped; "
                      "v = beta * v + (1 - beta) * dW",
     _momentum(lambda v, g, beta: (1 - beta) * v + beta * g)),
    ("momentum-beta", "{tensor}: v = beta * v + dW, without the (1 - beta); v = beta * v + (1 - beta) * dW",
     _momentum(lambda v, g, beta: beta * v + g)),
    ("momentum-gradient", "{tensor}: v = beta * v + (1 - beta) * v: the gradient never enters the velocity; "
                          "v = beta * v + (1 - beta) * grads[\"dW\" + str(l)]",
     _momentum(lambda v, g, beta: beta * v + (1 - beta) * v)),
    ("momentum-update", "{tensor}: the parameters are updated with dW; momentum moves them by the velocity: "
                        "W = W - learning_rate * v[\"dW\" + str(l)]",
     _momentum(step_with="grads")),
    ("v-returned", "{tensor}: v is returned as it came in: the new velocity went to a local variable (or a copy); "
                   "v[\"dW\" + str(l)] = beta * v[\"dW\" + str(l)] + (1 - beta) * grads[\"dW\" + str(l)], and return v",
     _momentum(keep_v=False)),
    ("update-sign", "{tensor}: W + learning_rate * v; the update subtracts: W - learning_rate * v",
     lambda parameters, grads, v, beta, learning_rate: course.update_parameters_with_momentum(
         dict(parameters), grads, dict(v), beta, -learning_rate)),
]


# --------------------------------------------------------------------------------------------
# Adam
# --------------------------------------------------------------------------------------------


def _adam(v_hat=lambda v, beta1, t: v / (1 - beta1 ** t), s_hat=lambda s, beta2, t: s / (1 - beta2 ** t),
          step=lambda vh, sh, eps: vh / (np.sqrt(sh) + eps), square=np.square, swap=False, keep=True,
          first=lambda g, v: g):
    """update_parameters_with_adam with the corrections ``v_hat``, ``s_hat``, the step ``step``, s averaged from
    ``square(dW)``, v from ``first(dW, v)``, beta1 and beta2 ``swap``ped, and without ``keep`` the averages returned
    as they came in."""
    def update(parameters, grads, v, s, t, learning_rate=0.01, beta1=0.9, beta2=0.999, epsilon=1e-8):
        if swap:
            beta1, beta2 = beta2, beta1
        parameters, new_v, new_s = dict(parameters), dict(v), dict(s)
        v_corrected, s_corrected = {}, {}
        for l in _layers(parameters):
            for p in _LAYERS:
                key = "d" + p + str(l)
                new_v[key] = beta1 * v[key] + (1 - beta1) * first(grads[key], v[key])
                v_corrected[key] = v_hat(new_v[key], beta1, t)
                new_s[key] = beta2 * s[key] + (1 - beta2) * square(grads[key])
                s_corrected[key] = s_hat(new_s[key], beta2, t)
                parameters[p + str(l)] = parameters[p + str(l)] - learning_rate * step(
                    v_corrected[key], s_corrected[key], epsilon)
        if not keep:
            new_v, new_s = dict(v), dict(s)
        return parameters, new_v, new_s, v_corrected, s_corrected
    return update


#: Adam with epsilon inside the square root: a mistake by the notebook's formula, and how the 2017-20 notebook's
#: printed Expected Output was made (CASES.md 9.3), which :mod:`dnnstep.homework.course2.contracts` accepts there.
adam_epsilon_inside = _adam(step=lambda vh, sh, eps: vh / np.sqrt(sh + eps))

_ADAM = [
    ("adam-correction", "{tensor}: s is not bias-corrected: s_corrected = s / (1 - beta2 ** t), as v is",
     _adam(s_hat=lambda s, beta2, t: s)),
    ("adam-correction", "{tensor}: v is not bias-corrected: v_corrected = v / (1 - beta1 ** t), as s is",
     _adam(v_hat=lambda v, beta1, t: v)),
    ("adam-correction", "{tensor}: no bias correction: v_corrected = v / (1 - beta1 ** t) and "
                        "s_corrected = s / (1 - beta2 ** t), and the update uses them",
     _adam(v_hat=lambda v, beta1, t: v, s_hat=lambda s, beta2, t: s)),
    ("adam-correction", "{tensor}: the correction divides by (1 - beta) ** t; it is 1 - beta ** t: "
                        "v / (1 - np.power(beta1, t))",
     _adam(v_hat=lambda v, beta1, t: v / (1 - beta1) ** t, s_hat=lambda s, beta2, t: s / (1 - beta2) ** t)),
    ("momentum-gradient", "{tensor}: v = beta1 * v + (1 - beta1) * v: the gradient never enters the average, so v "
                          "stays 0 and nothing moves; v = beta1 * v + (1 - beta1) * grads[\"dW\" + str(l)]",
     _adam(first=lambda g, v: v)),
    ("adam-correction", "{tensor}: the bias correction divides by 1 - beta * beta, which is 1 - beta ** t only at "
                        "t = 2 (the course's test case); it is v / (1 - beta1 ** t) and s / (1 - beta2 ** t)",
     _adam(v_hat=lambda v, beta1, t: v / (1 - beta1 * beta1), s_hat=lambda s, beta2, t: s / (1 - beta2 * beta2))),
    ("adam-epsilon", "{tensor}: epsilon is inside the square root, np.sqrt(s_corrected + epsilon); the update is "
                     "learning_rate * v_corrected / (np.sqrt(s_corrected) + epsilon)",
     adam_epsilon_inside),
    ("adam-epsilon", "{tensor}: epsilon is added after the division, v_corrected / np.sqrt(s_corrected) + epsilon; "
                     "it belongs in the denominator: v_corrected / (np.sqrt(s_corrected) + epsilon)",
     _adam(step=lambda vh, sh, eps: vh / np.sqrt(sh) + eps)),
    ("adam-betas", "{tensor}: beta1 and beta2 are swapped: v (the gradients' average) uses beta1, s (the squared "
                   "gradients') beta2",
     _adam(swap=True)),
    ("adam-square", "{tensor}: s is averaged from dW; it averages the squared gradients: "
                    "(1 - beta2) * np.square(grads[\"dW\" + str(l)])",
     _adam(square=lambda g: g)),
    ("adam-square", "{tensor}: s is averaged from np.sqrt(dW); it averages the squared gradients: np.square(dW)",
     _adam(square=lambda g: np.sqrt(g))),
    ("v-returned", "{tensor}: v and s are returned as they came in: the new averages went to local variables (or "
                   "copies); store them in v[...] and s[...] and return those",
     _adam(keep=False)),
]


# --------------------------------------------------------------------------------------------
# Learning-rate decay (2021 on)
# --------------------------------------------------------------------------------------------


_UPDATE_LR = [
    ("decay-formula", "{tensor}: learning_rate0 / (1 + decay_rate) * epoch_num: the parentheses close too early; "
                      "learning_rate0 / (1 + decay_rate * epoch_num)",
     lambda lr0, epoch, rate: lr0 / (1 + rate) * epoch),
    ("decay-formula", "{tensor}: learning_rate0 * decay_rate ** epoch_num (exponential decay); this exercise "
                      "is learning_rate0 / (1 + decay_rate * epoch_num)",
     lambda lr0, epoch, rate: lr0 * rate ** epoch),
    ("decay-epoch", "{tensor}: the decay counts epoch_num + 1; learning_rate0 / (1 + decay_rate * epoch_num)",
     lambda lr0, epoch, rate: lr0 / (1 + rate * (epoch + 1))),
]

_SCHEDULE = [
    ("decay-floor", "{tensor}: epoch_num / time_interval without the floor, so the rate drops a little every epoch; "
                    "it drops once per interval: np.floor(epoch_num / time_interval)",
     lambda lr0, epoch, rate, interval=1000: lr0 / (1 + rate * (epoch / interval))),
    ("decay-interval", "{tensor}: the time interval is not the one given: 1000 is written in where the argument "
                       "time_interval belongs (np.floor(epoch_num / time_interval))",
     lambda lr0, epoch, rate, interval=1000: lr0 / (1 + rate * np.floor(epoch / 1000))),
    ("decay-interval", "{tensor}: the interval is ignored: this is update_lr's decay, every epoch; "
                       "learning_rate0 / (1 + decay_rate * np.floor(epoch_num / time_interval))",
     lambda lr0, epoch, rate, interval=1000: lr0 / (1 + rate * epoch)),
    ("decay-epoch", "{tensor}: the decay counts epoch_num + 1; np.floor(epoch_num / time_interval)",
     lambda lr0, epoch, rate, interval=1000: lr0 / (1 + rate * np.floor((epoch + 1) / interval))),
    ("decay-formula", "{tensor}: round(epoch_num / time_interval) where the course takes the floor: "
                      "np.floor(epoch_num / time_interval)",
     lambda lr0, epoch, rate, interval=1000: lr0 / (1 + rate * np.round(epoch / interval))),
]


MODELS = {
    "update_parameters_with_gd": _GD,
    "random_mini_batches": _MINI_BATCHES,
    "update_parameters_with_momentum": _MOMENTUM,
    "update_parameters_with_adam": _ADAM,
    "update_lr": _UPDATE_LR,
    "schedule_lr_decay": _SCHEDULE,
}

"""The update rules and the learning rate per epoch, in the Optimization notebook's expressions.

=============  ===================================================================
optimizer      update of W[l] (b[l] likewise)
=============  ===================================================================
``gd``         W := W - α dW
``momentum``   v = β v + (1 - β) dW;  W := W - α v
``adam``       v = β1 v + (1 - β1) dW;  v̂ = v / (1 - β1^t);  s = β2 s + (1 - β2) dW²;
               ŝ = s / (1 - β2^t);  W := W - α v̂ / (√ŝ + ε)
=============  ===================================================================

What carries from one iteration to the next is a *state*: ``W1, b1, ...`` and, with an
optimizer that keeps them, ``v_dW1, v_db1, ...`` (momentum, Adam) and ``s_dW1, s_db1, ...``
(Adam), all starting at zeros (``initialize_velocity``, ``initialize_adam``). Adam's t is the
iteration + 1: the course counts the updates from 1, incrementing before each.

The learning rate of an epoch: the course's model sets ``learning_rate = decay(learning_rate0,
i, decay_rate)`` at the *end* of epoch i, so epoch 0 trains with α0 and epoch e ≥ 1 with
``decay(α0, e - 1, decay_rate)``::

    update_lr:          α0 / (1 + decay_rate * epoch_num)
    schedule_lr_decay:  α0 / (1 + decay_rate * np.floor(epoch_num / time_interval))

Shapes: W, dW, v, s, v̂, ŝ (n[l], n[l-1]); b, db and theirs (n[l], 1).
"""

from __future__ import annotations

from typing import Mapping

import numpy as np

#: The state each optimizer keeps besides the parameters, per parameter p in (W, b): ``v_dW`` ...
STATE_PREFIXES = {"gd": (), "momentum": ("v",), "adam": ("v", "s")}


def update_lr(learning_rate0: float, epoch_num: int, decay_rate: float) -> float:
    """The Optimization notebook's ``update_lr``: α0 / (1 + decay_rate · epoch_num)."""
    return learning_rate0 / (1 + decay_rate * epoch_num)


def schedule_lr_decay(learning_rate0: float, epoch_num: int, decay_rate: float, time_interval: int = 1000) -> float:
    """The Optimization notebook's ``schedule_lr_decay``: α0 / (1 + decay_rate · ⌊epoch_num / time_interval⌋)."""
    return learning_rate0 / (1 + decay_rate * np.floor(epoch_num / time_interval))


def learning_rate_of(epoch: int, training) -> float:
    """α during ``epoch`` (from 0) under ``training``'s decay: α0 in epoch 0 and without a decay,
    else the decay of α0 at ``epoch - 1`` (the course decays at the end of each epoch)."""
    if training.decay is None or epoch == 0:
        return training.learning_rate
    if training.decay == "update_lr":
        return update_lr(training.learning_rate, epoch - 1, training.decay_rate)
    return schedule_lr_decay(training.learning_rate, epoch - 1, training.decay_rate, training.time_interval)


def initial_state(parameters: Mapping[str, np.ndarray], optimizer: str) -> dict[str, np.ndarray]:
    """The state before the first update: the parameters and zeros for every ``v_dW[l]``, ``s_db[l]`` ..."""
    state = dict(parameters)
    L = len(parameters) // 2
    for prefix in STATE_PREFIXES[optimizer]:
        for l in range(1, L + 1):
            for p in ("W", "b"):
                zeros = np.zeros(parameters[f"{p}{l}"].shape)
                zeros.setflags(write=False)
                state[f"{prefix}_d{p}{l}"] = zeros
    return state


def momentum(theta: np.ndarray, grad: np.ndarray, v: np.ndarray, beta: float, learning_rate: float):
    """``(v_new, theta_new)``: ``v = β v + (1 - β) g``, then ``θ := θ - α v``."""
    v = beta * v + (1 - beta) * grad
    return v, theta - learning_rate * v


def adam(theta: np.ndarray, grad: np.ndarray, v: np.ndarray, s: np.ndarray, t: int, learning_rate: float,
         beta1: float, beta2: float, epsilon: float):
    """``(v_new, s_new, v̂, ŝ, step, theta_new)`` of one Adam update, in the course's order:
    ``v = β1 v + (1 - β1) g``, ``v̂ = v / (1 - β1^t)``, ``s = β2 s + (1 - β2) g²``,
    ``ŝ = s / (1 - β2^t)``, ``step = α v̂ / (√ŝ + ε)``, ``θ := θ - step``."""
    v = beta1 * v + (1 - beta1) * grad
    v_hat = v / (1 - beta1 ** t)
    s = beta2 * s + (1 - beta2) * np.square(grad)
    s_hat = s / (1 - beta2 ** t)
    step = learning_rate * v_hat / (np.sqrt(s_hat) + epsilon)
    return v, s, v_hat, s_hat, step, theta - step

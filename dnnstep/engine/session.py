"""The Session: a cursor over every step of training a scenario's network.

    >>> from dnnstep import load_scenario, Session
    >>> session = Session(load_scenario("five_layer"))
    >>> session.current.label
    'forward 1'
    >>> session.goto(phase="backward", layer=3).tensors["dW"].shape
    (4, 5)

Steps are computed when they are first visited and rebuilt on demand later (see
``dnnstep.engine.memory``), so a session can cover thousands of iterations of a large
network. Under Course 2's training (``dnnstep.engine.training``) an iteration is one
mini-batch update (``batch``: its epoch and batch), and what carries from one iteration to the
next is a state: the parameters and the optimizer's v and s, kept whole in keyframes. A Session is safe to drive from one worker thread while another thread reads
``current``: every move happens under a lock and replaces the cursor in one assignment.
"""

from __future__ import annotations

import inspect
import operator
import threading
from dataclasses import dataclass
from typing import Callable, Mapping

import numpy as np

from dnnstep.engine.health import HealthLog, IterationHealth
from dnnstep.engine.memory import LRU, keyframe_interval, waypoint_interval
from dnnstep.engine.optimizers import initial_state
from dnnstep.engine.regularization import DropoutMasks
from dnnstep.engine.schedule import Batch
from dnnstep.engine.step import Phase, Step, step_index, step_place
from dnnstep.engine.trace import Iteration, freeze, run_iteration
from dnnstep.engine.training import Training
from dnnstep.engine.vocabulary import STATE_AFTER
from dnnstep.scenario.model import Scenario

Parameters = Mapping[str, np.ndarray]
Progress = Callable[[int, int], None]
ShouldStop = Callable[[], bool]


RECENT_ITERATIONS = 4
"""Traced iterations whose Steps are kept: the cursor's, the one computed ahead, and two behind."""


class Cancelled(Exception):
    """A long move (``goto`` far away, ``run_until``) was cancelled by ``should_stop``."""


@dataclass(frozen=True)
class RunResult:
    """How a ``run_until`` ended.

    Attributes:
        step: the step the cursor is on now.
        reason: for people: where and why the run stopped.
        stopped_by: the condition that fired, or ``None`` when it did not fire.
        cancelled: True when ``should_stop`` cancelled the run.
        reached_end: True when training ran out of steps before the condition fired.
        searched_to: the last iteration the run looked through (-1: none, cancelled at once).
    """

    step: Step
    reason: str
    stopped_by: object | None = None
    cancelled: bool = False
    reached_end: bool = False
    searched_to: int = -1

    @property
    def found(self) -> bool:
        """True when the condition fired."""
        return self.stopped_by is not None


class Session:
    """A cursor over the steps of training ``scenario``'s network by gradient descent.

    Args:
        scenario: the network, its initial parameters, data and training length.
        memory_budget: bytes the parameter keyframes may take; by default four times the
            scenario's data and parameters (at least 8 MiB).

    The cursor starts at iteration 0, ``forward 1``. Iterations run from 0 to
    ``num_iterations - 1``; each has ``steps_per_iteration == 3 L + 1`` steps. With
    mini-batches an iteration is one batch: ``num_iterations`` is ``num_epochs * K`` and
    ``batch(i)`` says which epoch and batch iteration i is.
    Constructing a Session computes nothing: iteration 0 is computed the first time a
    step is asked for (``current``, a move, ``steps``...), so a program can show itself
    before a big network's first iteration is ready. ``position`` is ``(0, 0)`` until then
    without computing it, and ``cost_history`` holds the iterations computed so far.
    """

    def __init__(self, scenario: Scenario, *, memory_budget: int | None = None) -> None:
        self.scenario = scenario
        self.L = scenario.L
        self.training = Training.of(scenario)
        self.features = self.training.features
        self.schedule = scenario.schedule()
        self.steps_per_iteration = 3 * self.L + 1
        self.num_iterations = max(1, int(scenario.num_iterations))
        first = initial_state(scenario.parameters, self.training.optimizer)
        state_bytes = sum(a.nbytes for a in first.values())
        if memory_budget is None:
            memory_budget = max(4 * scenario.data_nbytes(), 8 * 2**20)
        self.keyframe_every = keyframe_interval(self.num_iterations, state_bytes, memory_budget)
        self._keyframes: dict[int, dict[str, np.ndarray]] = {0: first}
        self._masks = DropoutMasks(scenario.layer_dims[1:-1], self.training.keep_prob, self.training.dropout_seed) \
            if self.features.dropout else None
        self.waypoint_every = waypoint_interval(self.keyframe_every)
        self._recent_parameters: LRU[int, dict[str, np.ndarray]] = LRU(24, peekable=False)
        self._recent_steps: LRU[int, tuple[Step, ...]] = LRU(RECENT_ITERATIONS)
        self._cursor_iteration = 0
        self._costs: list[float] = []
        self._loss_sums: list[float] = []
        self._health = HealthLog()
        self._lock = threading.RLock()
        self._cursor: Step | None = None  # None: at iteration 0, forward 1, not computed yet

    @property
    def _current(self) -> Step:
        """The cursor's Step; iteration 0 is computed here the first time it is needed."""
        step = self._cursor
        if step is None:
            first = self.steps(0)[0]
            with self._lock:
                if self._cursor is None:
                    self._cursor = first
                step = self._cursor
        return step

    @_current.setter
    def _current(self, step: Step) -> None:
        self._cursor = step

    # ---------------------------------------------------------------- where we are
    @property
    def current(self) -> Step:
        """The step the cursor is on."""
        return self._current

    @property
    def position(self) -> tuple[int, int]:
        """``(iteration, index)`` of the current step (never computes one)."""
        step = self._cursor
        return (0, 0) if step is None else (step.iteration, step.index)

    @property
    def started(self) -> bool:
        """True once the cursor's step is computed (``current`` then computes nothing)."""
        return self._cursor is not None

    @property
    def at_start(self) -> bool:
        """True on the very first step (iteration 0, forward 1)."""
        return self.position == (0, 0)

    @property
    def at_end(self) -> bool:
        """True on the last step of the last iteration."""
        return self.position == (self.num_iterations - 1, self.steps_per_iteration - 1)

    @property
    def cost_history(self) -> np.ndarray:
        """J of every iteration computed so far; element i is the cost of iteration i."""
        return np.array(self._costs, dtype=np.float64)  # list reads are atomic: no lock, never blocks

    @property
    def health_history(self) -> tuple[IterationHealth, ...]:
        """The gradient health (``dnnstep.engine.health``) of every iteration computed so far;
        element i is iteration i's. Never waits for an iteration (at most for the health of the
        last few hundred computed to be measured: ``HealthLog``)."""
        return self._health.history(len(self._costs))

    @property
    def iterations_computed(self) -> int:
        """How many iterations, from 0, have been computed (and so have a known cost)."""
        return len(self._costs)

    @property
    def last_phase(self) -> Phase:
        """The phase that ends an iteration: ``"update"``, or ``"check"`` for a gradient check."""
        return self.features.last_phase  # type: ignore[return-value]

    def place_of(self, index: int) -> tuple[Phase, int]:
        """``(phase, layer)`` of the step at ``index`` of an iteration (``step_place`` with this
        session's last phase)."""
        return step_place(self.L, index, self.last_phase)

    def batch(self, iteration: int) -> Batch:
        """The epoch, the batch k of K and the examples of ``iteration`` (``dnnstep.engine.schedule``);
        without mini-batches, epoch ``iteration``, batch 0 of 1, every example."""
        if not 0 <= iteration < self.num_iterations:
            raise ValueError(f"iteration {iteration} is outside 0..{self.num_iterations - 1}")
        return self.schedule.batch(iteration)

    def epoch_cost(self, epoch: int, kind: str = "average") -> float:
        """The cost of ``epoch`` as ``epoch_costs`` gives it, training through the epoch if needed."""
        K = self.schedule.K
        if not 0 <= epoch < self.num_iterations // K:
            raise ValueError(f"epoch {epoch} is outside 0..{self.num_iterations // K - 1}")
        self.cost_at((epoch + 1) * K - 1)
        return float(self.epoch_costs(kind)[epoch])

    def epoch_costs(self, kind: str = "average") -> np.ndarray:
        """The cost of every epoch computed so far, as the Optimization notebook prints it.

        ``"average"`` (2019 on): the epoch's losses summed over its mini-batches, divided by m
        (``cost_total / m``); ``"last"`` (2017): the last mini-batch's J. Without mini-batches
        an epoch is an iteration and both are ``cost_history``."""
        K = self.schedule.K
        done = len(self._costs) // K
        if kind == "last":
            return np.array(self._costs[K - 1:done * K:K], dtype=np.float64)
        if kind != "average":
            raise ValueError(f"unknown kind of epoch cost {kind!r}: expected 'average' or 'last'")
        costs = []
        for epoch in range(done):
            cost_total = 0
            for loss_sum in self._loss_sums[epoch * K:(epoch + 1) * K]:
                cost_total += loss_sum
            costs.append(cost_total / self.scenario.m)
        return np.array(costs, dtype=np.float64)

    def neighbour(self, offset: int) -> tuple[int, int]:
        """``(iteration, index)`` of the step ``offset`` steps from the cursor (negative:
        back), across iterations, clamped to the first and last step. Computes nothing."""
        iteration, index = self.position
        flat = iteration * self.steps_per_iteration + index + offset
        flat = max(0, min(flat, self.num_iterations * self.steps_per_iteration - 1))
        return divmod(flat, self.steps_per_iteration)

    # ---------------------------------------------------------------- moving
    def place(self, iteration: int, index: int) -> Step | None:
        """Move the cursor to ``(iteration, index)`` only if that iteration's steps are at
        hand (see ``cached``); return the step, or ``None`` without moving. Never waits for
        the lock, so a program's screen thread can move while a worker computes."""
        self._check_index(index)
        steps = self.cached(iteration)
        if steps is None:
            return None
        self._cursor_iteration = iteration
        self._current = steps[index]  # one assignment: readers see the old step or the new
        return self._current

    def next(self) -> Step:
        """Move to the next step (into the next iteration after the last update). Stays at the end."""
        iteration, index = self.position
        if index + 1 < self.steps_per_iteration:
            return self._move(iteration, index + 1)
        if iteration + 1 < self.num_iterations:
            return self._move(iteration + 1, 0)
        return self._current

    def back(self) -> Step:
        """Move to the previous step (into the previous iteration's last update). Stays at the start."""
        iteration, index = self.position
        if index > 0:
            return self._move(iteration, index - 1)
        if iteration > 0:
            return self._move(iteration - 1, self.steps_per_iteration - 1)
        return self._current

    def goto(
        self,
        iteration: int | None = None,
        phase: Phase | None = None,
        layer: int | None = None,
        *,
        index: int | None = None,
        progress: Progress | None = None,
        should_stop: ShouldStop | None = None,
    ) -> Step:
        """Move to a step and return it.

        Args:
            iteration: the iteration, from 0; default the current one.
            phase: ``"forward"``, ``"cost"``, ``"backward"`` or ``"update"``; with no
                phase and no index, the iteration's first step.
            layer: the layer within the phase; default the first the phase visits
                (1 forward, L backward, 1 update).
            index: the step's position within the iteration instead of phase/layer.
            progress: called as ``progress(done, total)`` while far iterations are rebuilt.
            should_stop: polled while rebuilding; returning True raises ``Cancelled``.

        Raises:
            ValueError: an iteration, phase, layer or index that does not exist.
        """
        if iteration is None:
            iteration = self._current.iteration
        iteration = operator.index(iteration)  # np.int64 or True become an int; "3" or 1.5 a TypeError
        if not 0 <= iteration < self.num_iterations:
            raise ValueError(f"iteration {iteration} is outside 0..{self.num_iterations - 1}")
        if phase == "cost" and layer not in (None, self.L):
            raise ValueError(f"the cost step belongs to layer {self.L} (the output layer), not {layer}")
        if index is None:
            index = 0 if phase is None else step_index(self.L, phase, layer)
        else:
            self._check_index(index)
        return self._move(iteration, index, progress, should_stop)

    def _check_index(self, index: int) -> None:
        if not 0 <= index < self.steps_per_iteration:
            raise ValueError(f"step {index} is outside 0..{self.steps_per_iteration - 1}")

    def run_until(
        self,
        condition: Callable,
        *,
        max_iterations: int | None = None,
        progress: Progress | None = None,
        should_stop: ShouldStop | None = None,
    ) -> RunResult:
        """Step forward from the current step until ``condition`` holds.

        Args:
            condition: a built-in condition from ``dnnstep.engine.conditions``, called as
                ``condition(step, session)`` and returning a message when it holds; or any
                callable ``f(step) -> bool`` (or ``f(step, session)``).
            max_iterations: give up after this many more iterations (default: to the end).
            progress: called as ``progress(iterations_done, iterations_total)``.
            should_stop: polled once per iteration; returning True cancels the run.

        Returns:
            A RunResult; the cursor is on the step where the condition held, or where the
            run ended.
        """
        check = _as_condition(condition)
        start_iteration, start_index = self.position
        last = self.num_iterations - 1
        if max_iterations is not None:
            last = min(last, start_iteration + max(0, int(max_iterations)))
        total = last - start_iteration + 1
        index = start_index + 1
        state = self._state_at(start_iteration)
        for iteration in range(start_iteration, last + 1):
            if should_stop is not None and should_stop():
                return RunResult(self._current, f"Cancelled at iteration {iteration}.", cancelled=True,
                                 searched_to=iteration - 1)
            if progress is not None:
                progress(iteration - start_iteration, total)
            with self._lock:
                steps = self._recent_steps.get(iteration) or self._trace(iteration, state, keep=False)
            state = self._state_after(steps, state)
            for step in steps[index:]:
                message = check(step, self)
                if message:
                    with self._lock:
                        self._recent_steps.put(iteration, steps)
                        self._current = step
                    return RunResult(step, message, stopped_by=condition, searched_to=iteration)
            index = 0
            del steps  # let numpy reuse the buffers of this iteration for the next
        with self._lock:
            self._cursor_iteration = last
            self._current = self.steps(last)[-1]
        if progress is not None:
            progress(total, total)
        return RunResult(
            self._current,
            f"The condition never held up to iteration {last} ({self._current.label}).",
            reached_end=last == self.num_iterations - 1,
            searched_to=last,
        )

    # ---------------------------------------------------------------- data access
    def cached(self, iteration: int) -> tuple[Step, ...] | None:
        """The steps of ``iteration`` if they are kept from an earlier trace, else ``None``.

        Never computes and never waits for the lock (a worker may be tracing another
        iteration meanwhile): the recent iterations are read from a copy of their table.
        """
        return self._recent_steps.peek(iteration)

    def step(self, iteration: int, index: int) -> Step:
        """The step at ``index`` of ``iteration`` (the cursor does not move)."""
        self._check_index(index)
        return self.steps(iteration)[index]

    def steps(self, iteration: int, *, progress: Progress | None = None,
              should_stop: ShouldStop | None = None) -> tuple[Step, ...]:
        """All ``3 L + 1`` steps of ``iteration``, computing them if needed."""
        if not 0 <= iteration < self.num_iterations:
            raise ValueError(f"iteration {iteration} is outside 0..{self.num_iterations - 1}")
        with self._lock:
            cached = self._recent_steps.get(iteration)
            if cached is not None:
                return cached
            state = self._state_at(iteration, progress=progress, should_stop=should_stop)
            return self._trace(iteration, state)

    def parameters_at(self, iteration: int, *, progress: Progress | None = None,
                      should_stop: ShouldStop | None = None) -> dict[str, np.ndarray]:
        """The parameters ``W1, b1, ..., WL, bL`` at the start of ``iteration``.

        ``parameters_at(num_iterations)`` gives the trained parameters after the last update.
        The arrays are read-only.
        """
        state = self._state_at(iteration, progress=progress, should_stop=should_stop)
        return {name: value for name, value in state.items() if name[0] in "Wb"}

    def _state_at(self, iteration: int, *, progress: Progress | None = None,
                  should_stop: ShouldStop | None = None) -> dict[str, np.ndarray]:
        """The state at the start of ``iteration``: the parameters and the optimizer's v and s."""
        if not 0 <= iteration <= self.num_iterations:
            raise ValueError(f"iteration {iteration} is outside 0..{self.num_iterations}")
        with self._lock:
            known = self._known_state(iteration)
            if known is not None:
                return freeze(dict(known))  # kept as trained: frozen where they are handed out
            start = self._nearest_known_before(iteration)
            state = self._known_state(start)
            with np.errstate(all="ignore"):  # entered once for the whole replay, not per iteration
                for i in range(start, iteration):
                    if should_stop is not None and should_stop():
                        raise Cancelled(f"cancelled while rebuilding iteration {i}")
                    if progress is not None:
                        progress(i - start, iteration - start)
                    # an iteration never computed has no state kept after it: train it, untraced
                    following = self._known_state(i + 1) if i < len(self._costs) else None
                    state = following if following is not None else self._run(i, state, record=False).state
            if progress is not None:
                progress(iteration - start, iteration - start)
            return freeze(dict(state))

    def cost_at(self, iteration: int) -> float:
        """J of ``iteration`` (computing it if needed)."""
        if iteration < len(self._costs):
            return self._costs[iteration]
        return self.steps(iteration)[self.L].scalars["J"]

    # ---------------------------------------------------------------- internals
    def _move(self, iteration: int, index: int, progress: Progress | None = None,
              should_stop: ShouldStop | None = None) -> Step:
        self._cursor_iteration = iteration
        step = self.steps(iteration, progress=progress, should_stop=should_stop)[index]
        with self._lock:
            self._current = step
        return step

    def _run(self, iteration: int, state: Parameters, *, record: bool):
        """Run ``iteration`` from ``state`` on its batch, and remember what it gave."""
        X, Y = self.schedule.data(iteration, self.scenario.X, self.scenario.Y)
        done = run_iteration(iteration, state, X, Y, self.training, record=record,
                             epoch=self.schedule.epoch_of(iteration), masks=self._masks)
        self._remember(iteration, done)
        return done

    def _trace(self, iteration: int, state: Parameters, *, keep: bool = True) -> tuple[Step, ...]:
        """Trace ``iteration`` from ``state``. ``keep=False`` is for a run passing through:
        the steps are not cached, so their buffers are freed as the run moves on."""
        with np.errstate(all="ignore"):
            steps = self._run(iteration, state, record=True).steps
        if keep:
            self._recent_steps.put(iteration, steps)
        return steps

    def _state_after(self, steps: tuple[Step, ...], before: Parameters) -> dict[str, np.ndarray]:
        """The state an iteration's last steps produced from ``before`` (a check changes nothing)."""
        state = dict(before)
        for last in steps[2 * self.L + 1:]:
            for name, after in STATE_AFTER.items():
                if after in last.tensors:
                    state[f"{name}{last.layer}"] = last.tensors[after]
        return state

    def _remember(self, iteration: int, done: Iteration) -> None:
        """Record iteration's cost and gradient health, and keep the state that follows it if it is worth keeping.

        Keyframes (every ``keyframe_every`` iterations) stay for the whole session. Between
        them, every ``waypoint_every``-th iteration's parameters go to a small LRU, so that
        walking back through a stretch replays a few iterations, not the whole stretch.
        """
        if iteration == len(self._costs):
            self._health.add(done.health)  # before the cost: a reader sees costs only with their health
            self._loss_sums.append(done.loss_sum)
            self._costs.append(done.J)
        following = iteration + 1
        if following % self.keyframe_every == 0 or following == self.num_iterations:
            self._keyframes[following] = done.state
        elif following % self.waypoint_every == 0 or \
                self._cursor_iteration - self.waypoint_every <= following <= self._cursor_iteration + 1:
            # (the iterations just before the cursor's are where a step back goes next)
            self._recent_parameters.put(following, done.state)

    def _known_state(self, iteration: int) -> dict[str, np.ndarray] | None:
        if iteration in self._keyframes:
            return self._keyframes[iteration]
        return self._recent_parameters.get(iteration)

    def _nearest_known_before(self, iteration: int) -> int:
        candidates = [i for i in self._keyframes if i <= iteration]
        candidates += [i for i in self._recent_parameters.keys() if i <= iteration]
        return max(candidates)

    def __repr__(self) -> str:
        return (f"<Session {self.scenario.name!r} at iteration {self.position[0]}, "
                f"{self._current.label}; {self.iterations_computed} iterations computed>")


def _as_condition(condition: Callable) -> Callable[[Step, "Session"], str | None]:
    """Wrap ``condition`` so that it is called as ``check(step, session) -> message | None``."""
    if not callable(condition):
        raise TypeError(f"run_until needs a callable condition, not {type(condition).__name__}")
    try:
        params = [p for p in inspect.signature(condition).parameters.values()
                  if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD) and p.default is p.empty]
        takes_session = len(params) >= 2
    except (TypeError, ValueError):
        takes_session = False
    name = getattr(condition, "__name__", type(condition).__name__)

    def check(step: Step, session: "Session") -> str | None:
        result = condition(step, session) if takes_session else condition(step)
        if not result:
            return None
        if isinstance(result, str):
            return result
        return f"{name} held at iteration {step.iteration}, {step.label}."

    return check

"""Course 2's four numpy assignments, as a checker must know them: their graded functions and what names them.

=====================  ======  =====================================================================
assignment             course  graded functions (course order)
=====================  ======  =====================================================================
Initialization         W1A1    ``initialize_parameters_zeros``, ``_random``, ``_he``
Regularization         W1A2    ``compute_cost_with_regularization``, ``backward_propagation_with_regularization``,
                               ``forward_propagation_with_dropout``, ``backward_propagation_with_dropout``
Gradient Checking      W1A3    ``forward_propagation``, ``backward_propagation`` (1-D: ``J = theta * x``),
                               ``gradient_check``, ``gradient_check_n``
Optimization Methods   W2A1    ``update_parameters_with_gd``, ``random_mini_batches``, ``initialize_velocity``,
                               ``update_parameters_with_momentum``, ``initialize_adam``,
                               ``update_parameters_with_adam``, ``update_lr``, ``schedule_lr_decay`` (2021 on)
=====================  ======  =====================================================================

Each notebook also *gives* functions the student may change: ``model`` in three of them (the training
loop, checked step by step against the reference's), and in Gradient Checking ``forward_propagation_n``
and ``backward_propagation_n``, the latter shipped with two deliberate bugs that the student is asked to
find (a fixed one is as right as the shipped one).

A file is of an assignment when it defines one of its *naming* functions: the graded functions whose
names no other assignment uses (Gradient Checking's 1-D ``forward_propagation`` and
``backward_propagation`` share their names with every helper file's, so they do not name it). A file
that defines functions of several assignments is checked for each.
"""

from __future__ import annotations

from dataclasses import dataclass

from dnnstep.course2.editions import EDITIONS


@dataclass(frozen=True)
class Assignment:
    """One of Course 2's numpy assignments.

    Attributes:
        key: ``"initialization"``, ``"regularization"``, ``"gradient_checking"``, ``"optimization"``.
        title: the notebook's title, for people.
        week: ``"W1A1"`` .. ``"W2A1"``, the course's own label.
        graded: the graded functions, in the notebook's order.
        given: the functions the notebook gives that the check runs (``model``, ...), in order.
        naming: the graded or given functions whose names say the file is of this assignment.
        helpers: the course's helper modules the notebook imports, each with the editions (keys of
            :data:`dnnstep.course2.editions.EDITIONS`) whose notebook imports it: Optimization's ``opt_utils``
            (2017) and ``opt_utils_v1a`` (2019 on), one module for the others.
        calls: graded or given function -> the graded functions it calls in the course's solution.
    """

    key: str
    title: str
    week: str
    graded: tuple[str, ...]
    given: tuple[str, ...]
    naming: tuple[str, ...]
    helpers: dict[str, tuple[str, ...]]
    calls: dict[str, tuple[str, ...]]

    @property
    def functions(self) -> tuple[str, ...]:
        """Every function the check looks at: the graded ones, then the given ones."""
        return self.graded + self.given

    def helper(self, edition: str) -> str:
        """The helper module the notebook of ``edition`` (a key: ``"2017"``) imports."""
        return next(module for module, editions in self.helpers.items() if edition in editions)

    @property
    def name(self) -> str:
        """``"Course 2 Optimization Methods (W2A1)"``."""
        return f"Course 2 {self.title} ({self.week})"


_INITS = ("initialize_parameters_zeros", "initialize_parameters_random", "initialize_parameters_he")
_REGULARIZATION = ("compute_cost_with_regularization", "backward_propagation_with_regularization",
                   "forward_propagation_with_dropout", "backward_propagation_with_dropout")
_EVERY = tuple(EDITIONS)
_OPTIMIZERS = ("update_parameters_with_gd", "random_mini_batches", "initialize_velocity",
               "update_parameters_with_momentum", "initialize_adam", "update_parameters_with_adam", "update_lr",
               "schedule_lr_decay")

INITIALIZATION = Assignment(
    "initialization", "Initialization", "W1A1", _INITS, ("model",), _INITS, {"init_utils": _EVERY},
    {"model": _INITS})
REGULARIZATION = Assignment(
    "regularization", "Regularization", "W1A2", _REGULARIZATION, ("model",), _REGULARIZATION, {"reg_utils": _EVERY},
    {"model": _REGULARIZATION})
GRADIENT_CHECKING = Assignment(
    "gradient_checking", "Gradient Checking", "W1A3",
    ("forward_propagation", "backward_propagation", "gradient_check", "gradient_check_n"),
    ("forward_propagation_n", "backward_propagation_n"),
    ("gradient_check", "gradient_check_n", "forward_propagation_n", "backward_propagation_n"), {"gc_utils": _EVERY},
    {"gradient_check": ("forward_propagation", "backward_propagation"),
     "gradient_check_n": ("forward_propagation_n",)})
OPTIMIZATION = Assignment(
    "optimization", "Optimization Methods", "W2A1", _OPTIMIZERS, ("model",), _OPTIMIZERS,
    {"opt_utils": EDITIONS[:1], "opt_utils_v1a": EDITIONS[1:]},
    {"model": _OPTIMIZERS})

#: In course order.
ASSIGNMENTS = (INITIALIZATION, REGULARIZATION, GRADIENT_CHECKING, OPTIMIZATION)
BY_KEY = {a.key: a for a in ASSIGNMENTS}

#: Every name a Course 2 file may define that the check looks at (graded and given), for the reader of files.
FUNCTION_NAMES = tuple(dict.fromkeys(name for a in ASSIGNMENTS for name in a.functions))


#: What a function returns, for the report's names of its parts (``"v['dW1']"``): the course's own names.
RETURNS = {
    "update_parameters_with_momentum": ("parameters", "v"),
    "initialize_adam": ("v", "s"),
    "update_parameters_with_adam": ("parameters", "v", "s", "v_corrected", "s_corrected"),
    "forward_propagation_with_dropout": ("A3", "cache"),
    "forward_propagation_n": ("cost", "cache"),
    "forward_propagation": ("a3", "cache"),  # the helper files' (Gradient Checking's 1-D one returns J alone)
}

#: A function that returns a list: its name, and what each item's parts are (the report says "of mini-batch k").
LISTS = {"random_mini_batches": ("mini_batches", ("mini_batch_X", "mini_batch_Y"))}

#: The name of a function's single value.
VALUES = {"compute_cost_with_regularization": "cost", "compute_loss": "cost", "gradient_check": "difference",
          "gradient_check_n": "difference", "update_lr": "learning_rate", "schedule_lr_decay": "learning_rate",
          "forward_propagation": "J", "backward_propagation": "dtheta", "random_mini_batches": "mini_batches"}

_NETWORK = ("Z1", "A1", "W1", "b1", "Z2", "A2", "W2", "b2", "Z3", "A3", "W3", "b3")
#: The items of each function's cache, by the names the course's code unpacks them to.
CACHES = {
    "forward_propagation_with_dropout": ("Z1", "D1", "A1", "W1", "b1", "Z2", "D2", "A2", "W2", "b2", "Z3", "A3", "W3",
                                         "b3"),
    "forward_propagation_n": _NETWORK,
    "forward_propagation": _NETWORK,
}


def assignments_of(defined) -> tuple[Assignment, ...]:
    """The assignments whose naming functions are among ``defined`` (names a file defines), in course order."""
    names = set(defined)
    return tuple(a for a in ASSIGNMENTS if names & set(a.naming))

"""The public tests of Course 2's Regularization assignment (W1A2, 2021 on): ``<function>_test(target)`` runs the
graded function ``target`` on the course's test inputs (``testCases``) and holds it to the course's outputs,
printing "All tests passed." or raising ``AssertionError`` (``dlai_tools.testing_utils``). Supplied by dnnstep
inside the homework's process as ``public_tests`` to a Regularization homework.

The expected outputs below are written in by ``tests/homework/course2/make_course_files.py`` from dnnstep's
reference (``dnnstep.course2``), which reproduces every output the course publishes.
"""

import numpy as np
from dlai_tools.testing_utils import single_test, multiple_test
from dlai_tools import _ALL_CHECKS, _run
import testCases as _cases

_EDITION = "A"  # one edition of these tests: 2021 on


def _test(target, name, runner=multiple_test, checks=_ALL_CHECKS):
    """Hold ``target`` to its expected outputs on the inputs of the test of ``name`` (:func:`dlai_tools._run`)."""
    _run(target, runner, checks, _inputs(name), _EXPECTED[_EDITION][name])


def _inputs(name):
    """The argument lists of the test of ``name``, in the course's order."""
    case = getattr(_cases, name + "_test_case")()
    extra = {"compute_cost_with_regularization": 0.1, "backward_propagation_with_regularization": 0.7,
             "forward_propagation_with_dropout": 0.7, "backward_propagation_with_dropout": 0.8}[name]
    return [(*case, extra)]


def compute_cost_with_regularization_test(target):
    _test(target, "compute_cost_with_regularization", single_test, ("equation_output_check",))


def backward_propagation_with_regularization_test(target):
    _test(target, "backward_propagation_with_regularization")


def forward_propagation_with_dropout_test(target):
    _test(target, "forward_propagation_with_dropout", checks=("shape_check", "equation_output_check"))


def backward_propagation_with_dropout_test(target):
    _test(target, "backward_propagation_with_dropout")


# The expected outputs, one per input of _inputs(name): written by tests/homework/course2/make_course_files.py.
# --- expected outputs ---
_EXPECTED = {
    'A': {
        'compute_cost_with_regularization': [np.array(1.7864859451590758)],
        'backward_propagation_with_regularization': [{'dZ3': np.array([[-0.59317598, -0.98370716, 0.16722898, -0.89881889, 0.40682402]]), 'dW3': np.array([[-1.7769134720430086, -0.11832878959999998, -0.09397445819999999]]), 'db3': np.array([[-0.380329806]]), 'dA2': np.array([[0.407614339751746, 0.675976705146532, -0.11491518970484599, 0.617643803452303, -0.279558360248254], [0.5013556838085272, 0.8314348397403823, -0.1413428770674472, 0.7596867951665396, -0.3438499561914728], [0.3981670809839574, 0.6603096242032909, -0.1122518056488474, 0.6033287014833957, -0.27307904901604263]]), 'dZ2': np.array([[0.407614339751746, 0.675976705146532, -0.11491518970484599, 0.617643803452303, -0.279558360248254], [0.0, 0.0, -0.0, 0.0, -0.0], [0.0, 0.0, -0.0, 0.0, -0.0]]), 'dW2': np.array([[0.7927648623431991, 0.8513391838151906], [-0.09572190039999999, -0.0172046322], [-0.13100772019999998, -0.03750433119999999]]), 'db2': np.array([[0.26135225967949616], [0.0], [0.0]]), 'dA1': np.array([[0.2048238986280894, 0.3396744683079812, -0.057744232406711386, 0.31036251537085474, -0.14047649372442864], [0.36720180327068186, 0.6089576368926489, -0.10352203239098924, 0.5564080953206376, -0.25184181220188306]]), 'dZ1': np.array([[0.0, 0.3396744683079812, -0.057744232406711386, 0.31036251537085474, -0.0], [0.0, 0.6089576368926489, -0.10352203239098924, 0.5564080953206376, -0.0]]), 'dW1': np.array([[-0.256046458322723, 0.12298826917130953, -0.28297128714635694], [-0.1770630258314345, 0.34536094339608336, -0.4410571023730775]]), 'db1': np.array([[0.11845855025442492], [0.21236873996445949]])}],
        'forward_propagation_with_dropout': [(np.array([[0.36974720617815354, 0.003051758134649767, 0.045650993373441896, 0.4968338925883705, 0.36974720617815354]]), (np.array([[-1.5285531390891678, 3.3252463458549437, 2.1399454059184335, 2.6070065361645463, -0.7594211463979716], [-1.9804353778113148, 4.160099404181192, 0.7905102071939143, 1.464935121735728, -0.4550624203877942]]), np.array([[1, 0, 1, 1, 1], [1, 1, 1, 1, 1]], dtype=np.int64), np.array([[0.0, 0.0, 3.0570648655977624, 3.724295051663638, 0.0], [0.0, 5.942999148830275, 1.129300295991306, 2.092764459622469, 0.0]]), np.array([[-1.0998912673140309, -0.17242820755043575, -0.8778584179213718], [0.04221374671559283, 0.5828152137158222, -1.1006191772129212]]), np.array([[1.1447237098396141], [0.9015907205927955]]), np.array([[0.530355466738186, 5.884141606435275, 3.0838501455066916, 4.2870719604594285, 0.530355466738186], [-0.691660751725309, -1.4219972573821957, -2.920641135690185, -3.495245330733267, -0.691660751725309], [-0.39675352685597737, -1.9888121560551668, -3.559987474243874, -4.442461652562949, -0.39675352685597737]]), np.array([[1, 1, 1, 0, 1], [1, 1, 1, 1, 1], [0, 0, 1, 1, 0]], dtype=np.int64), np.array([[0.7576506667688372, 8.405916580621822, 4.4055002078667025, 0.0, 0.7576506667688372], [0.0, 0.0, 0.0, 0.0, 0.0], [0.0, 0.0, 0.0, 0.0, 0.0]]), np.array([[0.5024943389018682, 0.9008559492644118], [-0.6837278591743331, -0.12289022551864817], [-0.9357694342590688, -0.2678880796260159]]), np.array([[0.530355466738186], [-0.691660751725309], [-0.39675352685597737]]), np.array([[-0.5333014533498581, -5.788980992604909, -3.0400040721361195, -0.01266459891890136, -0.5333014533498581]]), np.array([[0.36974720617815354, 0.003051758134649767, 0.045650993373441896, 0.4968338925883705, 0.36974720617815354]]), np.array([[-0.6871727001195994, -0.8452056414987196, -0.671246130836819]]), np.array([[-0.01266459891890136]])))],
        'backward_propagation_with_dropout': [{'dZ3': np.array([[-0.67733606, -0.50316611, 0.00348883, -0.50316611, 0.32266394]]), 'dW3': np.array([[-0.06951191387718535, 0.0, 0.0]]), 'db3': np.array([[-0.271503102]]), 'dA2': np.array([[0.5818085614469525, 0.0, -0.0029967859136762497, 0.0, -0.27715731355304746], [0.0, 0.5315985425360755, -0.0, 0.5315985425360755, -0.3408967273907769], [0.0, 0.0, -0.0029273295446598747, 0.0, -0.0]]), 'dZ2': np.array([[0.5818085614469525, 0.0, -0.0029967859136762497, 0.0, -0.27715731355304746], [0.0, 0.0, -0.0, 0.0, -0.0], [0.0, 0.0, -0.0, 0.0, -0.0]]), 'dW2': np.array([[-0.0025651832982960874, -0.0009475959387845299], [0.0, 0.0], [0.0, 0.0]]), 'db2': np.array([[0.060330892396045756], [0.0], [0.0]]), 'dA1': np.array([[0.3654443863632948, 0.0, -0.001882334949767555, 0.0, -0.17408747668751454], [0.6551571304255346, 0.0, -0.0033745905265142946, 0.0, -0.0]]), 'dZ1': np.array([[0.0, 0.0, -0.001882334949767555, 0.0, -0.0], [0.0, 0.0, -0.0033745905265142946, 0.0, -0.0]]), 'dW1': np.array([[0.0001988392297530947, 0.0002865692707118199, 0.00012137943430419224], [0.00035647267831214255, 0.0005137523192955839, 0.00021760520844984178]]), 'db1': np.array([[-0.00037646698995351104], [-0.0006749181053028589]])}],
    },
}
# --- end of the expected outputs ---

"""Every bad scenario file gets one ScenarioError naming the file, the key and the problem."""

import pickle
import sys

import numpy as np
import pytest

from dnnstep.scenario import ScenarioError, load_scenario, make_scenario

from .common import write

GOOD_NETWORK = """
[network]
layer_dims = [2, 3, 1]
"""
GOOD_DATA = """
[data]
X = [[0.0, 1.0, 2.0], [1.0, 0.5, -1.0]]
Y = [[0, 1, 1]]
"""


def error_of(tmp_path, text, **kwargs) -> ScenarioError:
    path = write(tmp_path, text)
    with pytest.raises(ScenarioError) as info:
        load_scenario(path, **kwargs)
    error = info.value
    assert isinstance(error, ValueError)
    assert str(path) in str(error), "the message names the file"
    assert "\n" not in str(error) and "Traceback" not in str(error)
    return error


def assert_says(error, key, *phrases):
    text = str(error)
    assert error.key == key
    assert f": {key}: " in text
    for phrase in phrases:
        assert phrase in text, f"{phrase!r} not in {text!r}"


def test_toml_syntax_error_gives_the_line(tmp_path):
    error = error_of(tmp_path, "title = 'ok'\n[network]\nlayer_dims = [2, 3 1]\n")
    assert "not valid TOML" in str(error) and "line 3" in str(error)
    error = error_of(tmp_path, "title = 'ok'\n[network]\nlayer_dims = [2, 3, 1\n")
    assert "Unclosed array" in str(error) and "end of the file" in str(error)


def test_wrong_type(tmp_path):
    error = error_of(tmp_path, GOOD_NETWORK + GOOD_DATA + '[training]\nlearning_rate = "fast"\n')
    assert_says(error, "training.learning_rate", "must be a number", "a string")


def test_wrong_type_of_a_table(tmp_path):
    error = error_of(tmp_path, 'network = "big"\n' + GOOD_DATA)
    assert_says(error, "network", "must be a table")


def test_unknown_activation_with_suggestion(tmp_path):
    error = error_of(tmp_path, GOOD_NETWORK + 'hidden_activation = "rellu"\n' + GOOD_DATA)
    assert_says(error, "network.hidden_activation", "unknown activation 'rellu'", "did you mean 'relu'")


def test_output_must_be_sigmoid(tmp_path):
    error = error_of(tmp_path, GOOD_NETWORK + 'activations = ["relu", "tanh"]\n' + GOOD_DATA)
    assert_says(error, "network.activations[1]", "must be sigmoid", "cross-entropy")
    error = error_of(tmp_path, GOOD_NETWORK + 'output_activation = "softmax"\n' + GOOD_DATA)
    assert_says(error, "network.output_activation", "must be sigmoid")


def test_activation_list_of_the_wrong_length(tmp_path):
    error = error_of(tmp_path, GOOD_NETWORK + 'activations = ["sigmoid"]\n' + GOOD_DATA)
    assert_says(error, "network.activations", "1 activations", "L = 2")


def test_unknown_initialisation(tmp_path):
    error = error_of(tmp_path, GOOD_NETWORK + '[init]\nmethod = "glorot"\n' + GOOD_DATA)
    assert_says(error, "init.method", "unknown initialisation 'glorot'", "course-deep")


def test_scale_and_seed_where_they_make_no_sense(tmp_path):
    error = error_of(tmp_path, GOOD_NETWORK + '[init]\nmethod = "course-app"\nscale = 2.0\n' + GOOD_DATA)
    assert_says(error, "init.scale", "takes no scale", "course-deep")
    error = error_of(tmp_path, GOOD_NETWORK + '[init]\nmethod = "zeros"\nseed = 2\n' + GOOD_DATA)
    assert_says(error, "init.seed", "no seed")


def test_X_rows_differ_from_n0(tmp_path):
    text = GOOD_NETWORK.replace("[2, 3, 1]", "[3, 3, 1]") + GOOD_DATA
    error = error_of(tmp_path, text)
    assert_says(error, "data.X", "has 2 rows", "n[0]", "is 3")


def test_transposed_X_gets_a_hint(tmp_path):
    text = GOOD_NETWORK + "[data]\nX = [[0.0, 1.0], [1.0, 2.0], [3.0, 4.0]]\nY = [[0, 1]]\n"
    error = error_of(tmp_path, text)
    assert_says(error, "data.X", "has 3 rows", "transposed")


def test_Y_is_not_1_by_m(tmp_path):
    error = error_of(tmp_path, GOOD_NETWORK + "[data]\nX = [[0.0, 1.0], [1.0, 2.0]]\nY = [[0], [1]]\n")
    assert_says(error, "data.Y", "(1, m) = (1, 2)", "(2, 1)")
    error = error_of(tmp_path, GOOD_NETWORK + "[data]\nX = [[0.0, 1.0], [1.0, 2.0]]\nY = [0, 1]\n")
    assert_says(error, "data.Y", "2-D", "[[a, b, c]]")


def test_Y_not_0_or_1(tmp_path):
    error = error_of(tmp_path, GOOD_NETWORK + "[data]\nX = [[0.0, 1.0], [1.0, 2.0]]\nY = [[0, 0.5]]\n")
    assert_says(error, "data.Y", "0.5 at column 1", "0 or 1")


def test_missing_data_file_says_where_it_looked(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    error = error_of(tmp_path, GOOD_NETWORK + '[data]\nfile = "train.npz"\n', data_dir=elsewhere)
    assert_says(error, "data.file", "'train.npz' not found", "--data DIR")
    text = str(error)
    for place in (elsewhere, tmp_path, tmp_path / "datasets"):
        assert str(place / "train.npz") in text


def test_nan_and_inf_in_the_data(tmp_path):
    error = error_of(tmp_path, GOOD_NETWORK + "[data]\nX = [[0.0, nan], [1.0, 2.0]]\nY = [[0, 1]]\n")
    assert_says(error, "data.X", "NaN at [0, 1]")
    np.savez(tmp_path / "d.npz", X=np.array([[0.0, 1.0], [np.inf, 2.0]]), Y=np.array([[0.0, 1.0]]))
    error = error_of(tmp_path, GOOD_NETWORK + '[data]\nfile = "d.npz"\n')
    assert_says(error, "data.file", "+Inf at [1, 0]", "d.npz")


def test_unknown_key_with_suggestion(tmp_path):
    error = error_of(tmp_path, GOOD_NETWORK + GOOD_DATA + "[training]\nlearning_rat = 0.1\n")
    assert_says(error, "training.learning_rat", "unknown key", "did you mean 'learning_rate'")


def test_unknown_top_level_key(tmp_path):
    error = error_of(tmp_path, "titel = 'x'\n" + GOOD_NETWORK + GOOD_DATA)
    assert_says(error, "titel", "unknown key at the top level", "did you mean 'title'")
    error = error_of(tmp_path, GOOD_DATA + "[netwrok]\nlayer_dims = [2, 1]\n")
    assert_says(error, "netwrok", "did you mean 'network'")


def test_unknown_generator_option(tmp_path):
    error = error_of(tmp_path, GOOD_NETWORK + '[data]\ngenerator = "circles"\nnoyse = 0.1\n')
    assert_says(error, "data.noyse", "unknown key", "did you mean 'noise'")


@pytest.mark.parametrize(
    "dims, phrase",
    [
        ("[2]", "at least two sizes"),
        ("[2, 0, 1]", "n[1] = 0"),
        ("[2, 3, 2]", "last size must be 1"),
        ("[2, 3.5, 1]", "array of integers"),
        ('"2-3-1"', "array of integers"),
    ],
)
def test_bad_layer_sizes(tmp_path, dims, phrase):
    error = error_of(tmp_path, f"[network]\nlayer_dims = {dims}\n" + GOOD_DATA)
    assert_says(error, "network.layer_dims", phrase)


def test_missing_layer_dims_and_missing_data(tmp_path):
    assert_says(error_of(tmp_path, "[network]\n" + GOOD_DATA), "network.layer_dims", "missing")
    error = error_of(tmp_path, GOOD_NETWORK)
    assert_says(error, "data", "[data]")


def test_explicit_parameter_with_a_wrong_shape(tmp_path):
    text = GOOD_NETWORK + """
[init]
W1 = [[0.1, 0.2, 0.3], [0.4, 0.5, 0.6]]
b1 = [[0.0], [0.0], [0.0]]
W2 = [[1.0, 1.0, 1.0]]
b2 = [[0.0]]
""" + GOOD_DATA
    error = error_of(tmp_path, text)
    assert_says(error, "init.W1", "has shape (2, 3)", "(n[l], n[l-1]) = (3, 2)")


def test_explicit_bias_as_a_flat_list(tmp_path):
    text = GOOD_NETWORK + "[init]\nmethod = \"he\"\nb1 = [0.0, 0.0, 0.0]\n" + GOOD_DATA
    error = error_of(tmp_path, text)
    assert_says(error, "init.b1", "2-D")


def test_explicit_parameters_incomplete_or_unknown(tmp_path):
    text = GOOD_NETWORK + "[init]\nW1 = [[0.1, 0.2], [0.3, 0.4], [0.5, 0.6]]\n" + GOOD_DATA
    assert_says(error_of(tmp_path, text), "init.b1", "missing b1, W2, b2")
    text = GOOD_NETWORK + "[init]\nmethod = \"he\"\nW3 = [[0.1]]\n" + GOOD_DATA
    assert_says(error_of(tmp_path, text), "init.W3", "L = 2 layers")


def test_ragged_and_non_numeric_arrays(tmp_path):
    error = error_of(tmp_path, GOOD_NETWORK + "[data]\nX = [[0.0, 1.0], [1.0]]\nY = [[0, 1]]\n")
    assert_says(error, "data.X", "not rectangular", "row 1 has 1")
    error = error_of(tmp_path, GOOD_NETWORK + "[data]\nX = [[0.0, 'a'], [1.0, 2.0]]\nY = [[0, 1]]\n")
    assert_says(error, "data.X", "[0][1] must be a number", "a string")


def test_two_data_sources(tmp_path):
    error = error_of(tmp_path, GOOD_NETWORK + GOOD_DATA + 'generator = "blobs"\n')
    assert_says(error, "data.generator", "one source of data")


def test_generator_that_needs_two_inputs(tmp_path):
    error = error_of(tmp_path, "[network]\nlayer_dims = [3, 1]\n[data]\ngenerator = \"flower\"\n")
    assert_says(error, "data.generator", "2-D points", "n[0] is 3")


def test_image_shape_that_does_not_fit_n0(tmp_path):
    error = error_of(tmp_path, GOOD_NETWORK + GOOD_DATA + "image_shape = [2, 2, 3]\n")
    assert_says(error, "data.image_shape", "holds 12 numbers", "n[0] is 2")


def test_expect_must_be_tables(tmp_path):
    error = error_of(tmp_path, "expect = 3\n" + GOOD_NETWORK + GOOD_DATA)
    assert_says(error, "expect", "[[expect]]")
    error = error_of(tmp_path, GOOD_NETWORK + GOOD_DATA + "[expect]\nstep = 'cost'\n")
    assert_says(error, "expect", "double brackets")


def test_expectations_are_kept_raw_in_order(tmp_path):
    path = write(tmp_path, GOOD_NETWORK + GOOD_DATA + """
[[expect]]
at = "cost"
J = 0.5
[[expect]]
at = "forward 1"
shape = { Z = [3, 3] }
""")
    scenario = load_scenario(path)
    assert scenario.expectations == ({"at": "cost", "J": 0.5}, {"at": "forward 1", "shape": {"Z": [3, 3]}})


def test_not_utf8(tmp_path):
    path = tmp_path / "s.toml"
    path.write_bytes(b"title = '\xff'\n")
    with pytest.raises(ScenarioError, match="not UTF-8"):
        load_scenario(path)


def test_a_utf8_bom_is_read_as_utf8(tmp_path):
    # Windows editors (Notepad) start UTF-8 files with a byte order mark.
    path = tmp_path / "s.toml"
    path.write_bytes(b"\xef\xbb\xbf" + (GOOD_NETWORK + GOOD_DATA).encode())
    assert load_scenario(path).layer_dims == (2, 3, 1)


def test_pickled_object_array_is_refused(tmp_path):
    X = np.empty((2, 2), dtype=object)
    X[:] = [[0.0, 1.0], [2.0, 3.0]]
    np.savez(tmp_path / "d.npz", X=X, Y=np.array([[0.0, 1.0]]))
    error = error_of(tmp_path, GOOD_NETWORK.replace("[2, 3, 1]", "[2, 1]") + '[data]\nfile = "d.npz"\n')
    assert_says(error, "data.file", "holds Python objects", "never unpickles")


def test_a_pickle_named_npz_is_refused(tmp_path):
    (tmp_path / "d.npz").write_bytes(pickle.dumps({"X": [[1.0]], "Y": [[1.0]]}))
    error = error_of(tmp_path, GOOD_NETWORK + '[data]\nfile = "d.npz"\n')
    assert_says(error, "data.file", "not an .npz archive", "never does")


def test_missing_h5py_names_the_extra(tmp_path, monkeypatch):
    (tmp_path / "train.h5").write_bytes(b"not really hdf5")
    monkeypatch.setitem(sys.modules, "h5py", None)  # import h5py now raises ImportError
    error = error_of(tmp_path, GOOD_NETWORK + '[data]\nfile = "train.h5"\n')
    assert_says(error, "data.file", "needs h5py", 'pip install "dnnstep[h5]"', ".npz")


def test_npz_without_the_arrays(tmp_path):
    np.savez(tmp_path / "d.npz", features=np.zeros((2, 2)))
    error = error_of(tmp_path, GOOD_NETWORK + '[data]\nfile = "d.npz"\n')
    assert_says(error, "data.file", "none of the arrays", "features")


def test_unknown_scenario_name_suggests():
    with pytest.raises(ScenarioError) as info:
        load_scenario("five_layr")
    assert "did you mean 'five_layer'" in str(info.value) and "step_by_step" in str(info.value)


def test_missing_scenario_path(tmp_path):
    with pytest.raises(ScenarioError, match="no such scenario file"):
        load_scenario(tmp_path / "nope.toml")


def test_make_scenario_names_the_argument():
    with pytest.raises(ScenarioError) as info:
        make_scenario([2, 3, 1], X=np.zeros((3, 4)), Y=np.zeros((1, 4)))
    assert str(info.value).startswith("make_scenario: X: has 3 rows")
    with pytest.raises(ScenarioError, match="make_scenario: activations: unknown activation 'relu6'"):
        make_scenario([2, 3, 1], "relu6")
    with pytest.raises(ScenarioError, match="make_scenario: init: unknown initialisation"):
        make_scenario([2, 3, 1], init="random")


def test_other_file_kinds_are_refused(tmp_path):
    (tmp_path / "d.csv").write_text("1,2\n3,4\n")
    error = error_of(tmp_path, GOOD_NETWORK + '[data]\nfile = "d.csv"\n')
    assert_says(error, "data.file", "reads .npz and HDF5", "'.csv'")


def test_seed_out_of_range_and_oversized_networks(tmp_path):
    error = error_of(tmp_path, GOOD_NETWORK + "[init]\nseed = 4294967296\n" + GOOD_DATA)
    assert_says(error, "init.seed", "at most 4294967295")
    error = error_of(tmp_path, "[network]\nlayer_dims = [100000, 100000, 1]\n" + GOOD_DATA)
    assert_says(error, "network.layer_dims", "at most")
    error = error_of(tmp_path, GOOD_NETWORK + '[data]\ngenerator = "xor"\nm = 0\n')
    assert_says(error, "data.m", "at least 1")
    with pytest.raises(ScenarioError, match=r"^make_scenario: seed: must be at least 0, not -1$"):
        make_scenario([2, 3, 1], seed=-1)


TRAINING = GOOD_NETWORK + GOOD_DATA + "[training]\n"


@pytest.mark.parametrize(
    "toml_line, argument, problem",
    [
        ("learning_rate = -1", {"learning_rate": -1}, "must be positive, not -1"),
        ("learning_rate = inf", {"learning_rate": float("inf")}, "must be a finite number, not inf"),
        ('learning_rate = "fast"', {"learning_rate": "fast"}, "must be a number, not a string ('fast')"),
        ("num_iterations = 0", {"num_iterations": 0}, "must be at least 1, not 0"),
        ("num_iterations = 2.5", {"num_iterations": 2.5}, "must be an integer, not a number (2.5)"),
        ("num_iterations = 1_000_001", {"num_iterations": 1_000_001},
         "must be at most 1,000,000 iterations, not 1,000,001 (the course trains its cat networks for 2,500 or 3,000)"),
    ],
)
def test_training_is_checked_by_one_set_of_checkers(tmp_path, toml_line, argument, problem):
    """A scenario file and make_scenario get the same problem for the same value."""
    error = error_of(tmp_path, TRAINING + toml_line + "\n")
    key = next(iter(argument))
    assert str(error) == f"{tmp_path / 's.toml'}: training.{key}: {problem}"
    with pytest.raises(ScenarioError) as info:
        make_scenario([2, 3, 1], **argument)
    assert str(info.value) == f"make_scenario: {key}: {problem}"


def test_seed_slope_and_scale_are_checked_alike_in_code_and_in_files(tmp_path):
    cases = [
        ("[init]\nseed = true\n", {"seed": True}, "seed", "must be an integer, not a boolean (True)"),
        ('[init]\nmethod = "zeros"\nseed = 2\n', {"init": "zeros", "seed": 2}, "seed",
         "'zeros' draws no random numbers, so it takes no seed"),
        ('[init]\nmethod = "he"\nscale = 2.0\n', {"init": "he", "scale": 2.0}, "scale",
         "'he' takes no scale; only 'course-deep' or 'course-2layer' do"),
        ('[init]\nmethod = "cours-deep"\n', {"init": "cours-deep"}, "method",
         "unknown initialisation 'cours-deep' (did you mean 'course-deep'?); expected 'course-deep', "
         "'course-2layer', 'course-app', 'he', 'xavier', 'zeros' or 'explicit'"),
    ]
    for table, argument, key, problem in cases:
        error = error_of(tmp_path, GOOD_NETWORK + table + GOOD_DATA)
        assert str(error).endswith(f"init.{key}: {problem}")
        with pytest.raises(ScenarioError) as info:
            make_scenario([2, 3, 1], **argument)
        code_key = "init" if key == "method" else key
        assert str(info.value) == f"make_scenario: {code_key}: {problem}"
    error = error_of(tmp_path, GOOD_NETWORK.replace("[network]\n", "[network]\nleaky_slope = 1.5\n") + GOOD_DATA)
    assert str(error).endswith("network.leaky_slope: must be in [0, 1), not 1.5")
    with pytest.raises(ScenarioError, match=r"^make_scenario: leaky_slope: must be in \[0, 1\), not 1.5$"):
        make_scenario([2, 3, 1], leaky_slope=1.5)


def test_absurd_numbers(tmp_path):
    error = error_of(tmp_path, GOOD_NETWORK + "[data]\nX = [[1e400, 1.0], [1.0, 2.0]]\nY = [[0, 1]]\n")
    assert_says(error, "data.X", "+Inf at [0, 0]")
    error = error_of(tmp_path, GOOD_NETWORK + "[init]\nscale = 1e308\n" + GOOD_DATA)
    assert_says(error, "init.scale", "overflow")
    error = error_of(tmp_path, GOOD_NETWORK + '[data]\ngenerator = "circles"\nnoise = -0.5\n')
    assert_says(error, "data.noise", "0 or more")


def test_a_bad_array_in_a_file_is_named(tmp_path):
    np.savez(tmp_path / "d.npz", X=np.zeros((2, 3)), Y=np.array([[0.0, 2.0, 1.0]]))
    error = error_of(tmp_path, GOOD_NETWORK + '[data]\nfile = "d.npz"\n')
    assert_says(error, "data.file", f"the Y of {tmp_path / 'd.npz'} holds 2 at column 1")

    np.savez(tmp_path / "d.npz", X=np.zeros((2, 3)), Y=np.array([[0.0, 1.0, 1.0]]))
    np.savez(tmp_path / "t.npz", X=np.zeros((3, 3)), Y=np.array([[0.0, 1.0, 1.0]]))
    text = GOOD_NETWORK + '[data]\nfile = "d.npz"\ntest_file = "t.npz"\n'
    assert_says(error_of(tmp_path, text), "data.test_file", f"the test X of {tmp_path / 't.npz'} has 3 rows")
    text += "X_test = [[1.0], [2.0]]\nY_test = [[1]]\n"
    assert_says(error_of(tmp_path, text), "data.X_test", "not both")
    text = GOOD_NETWORK + '[data]\ngenerator = "xor"\ntest_file = "t.npz"\n'
    assert_says(error_of(tmp_path, text), "data.test_file", "unknown key", "for the xor generator")


def test_a_generator_asked_for_more_numbers_than_dnnstep_takes(tmp_path):
    # m alone was bounded (1,000,000), not n[0] x m: 12288 x 1,000,000 asked numpy for 91.6 GiB
    error = error_of(tmp_path, '[network]\nlayer_dims = [12288, 1]\n[data]\ngenerator = "blobs"\nm = 1000000\n')
    assert str(error) == (
        f"{tmp_path / 's.toml'}: data.m: 1,000,000 examples of n[0] = 12,288 inputs would make X hold "
        "12,288,000,000 numbers; dnnstep takes at most 100,000,000 (here m at most 8,138)")
    with pytest.raises(ScenarioError, match=r"^make_scenario: m: 1,000,000 examples of n\[0\] = 12,288 inputs"):
        make_scenario([12288, 1], m=1_000_000)


# ---------------------------------------------------------------- Course 2's fields
DEEP = """
[network]
layer_dims = [2, 4, 3, 1]
"""
MOONS = '[data]\ngenerator = "make_moons"\nm = 100\n'


def training(text: str) -> str:
    return DEEP + "[training]\n" + text + "\n" + MOONS


@pytest.mark.parametrize(("text", "key", "phrases"), [
    ('optimizer = "adma"', "training.optimizer", ["unknown optimizer 'adma'", "did you mean 'adam'", "'gd', 'momentum' or 'adam'"]),
    ("optimizer = 1", "training.optimizer", ["must be a string"]),
    ("beta = 0.9", "training.beta", ["momentum's β", "optimizer is 'gd'", 'set optimizer = "momentum"']),
    ('optimizer = "momentum"\nbeta1 = 0.9', "training.beta1", ["Adam's β1", "optimizer is 'momentum'"]),
    ('optimizer = "momentum"\nbeta = 1.0', "training.beta", ["must be in [0, 1), not 1"]),
    ('optimizer = "adam"\nbeta2 = -0.1', "training.beta2", ["must be in [0, 1), not -0.1"]),
    ('optimizer = "adam"\nepsilon = 0', "training.epsilon", ["must be positive"]),
    ("mini_batch_size = 0\nnum_epochs = 3", "training.mini_batch_size", ["at least 1"]),
    ('mini_batch_size = "64"\nnum_epochs = 3', "training.mini_batch_size", ["must be an integer", "a string"]),
    ("num_epochs = 100", "training.num_epochs", ["belongs to mini-batches", "set mini_batch_size"]),
    ("shuffle_seed = 3", "training.shuffle_seed", ["belongs to mini-batches"]),
    ("mini_batch_size = 64", "training.num_epochs", ["missing", "how many epochs"]),
    ("mini_batch_size = 64\nnum_epochs = 10\nnum_iterations = 50", "training.num_iterations",
     ["an iteration is one mini-batch", "give num_epochs"]),
    ("mini_batch_size = 1\nnum_epochs = 20000", "training.num_epochs",
     ["20,000 epochs of 100 mini-batches make 2,000,000 iterations", "at most 1,000,000"]),
    ("mini_batch_size = 64\nnum_epochs = 3\nshuffle_seed = 4294967294", "training.shuffle_seed",
     ["shuffle_seed + 1 + e", "at most 4294967292"]),
    ('decay = "schedule"', "training.decay", ["unknown learning-rate decay 'schedule'", "did you mean 'schedule_lr_decay'"]),
    ("decay_rate = 2", "training.decay_rate", ["decay is not set"]),
    ('decay = "update_lr"\ndecay_rate = -1', "training.decay_rate", ["0 or more, not -1"]),
    ('decay = "update_lr"\ntime_interval = 100', "training.time_interval",
     ["schedule_lr_decay's interval", "decay is 'update_lr'"]),
    ('decay = "schedule_lr_decay"\ntime_interval = 0', "training.time_interval", ["at least 1"]),
    ("lambd = -0.7", "training.lambd", ["λ: 0 (none) or more"]),
    ("keep_prob = 0", "training.keep_prob", ["must be in (0, 1], not 0"]),
    ("keep_prob = 1.2", "training.keep_prob", ["must be in (0, 1], not 1.2"]),
    ("dropout_seed = 2", "training.dropout_seed", ["keep_prob is 1 (no dropout)"]),
    ("keep_prob = 0.8\ndropout_seed = -1", "training.dropout_seed", ["at least 0"]),
    ("keep_prob = 0.86\nlambd = 0.7", "training.keep_prob", ["L2 (lambd) or dropout (keep_prob), not both",
                                                              "asserts lambd == 0 or keep_prob == 1"]),
    ('arithmetic = "reg_util"', "training.arithmetic", ["unknown arithmetic 'reg_util'", "did you mean 'reg_utils'"]),
    ("optimiser = \"adam\"", "training.optimiser", ["unknown key in [training]", "did you mean 'optimizer'"]),
])
def test_course2_training_fields_say_what_is_wrong(tmp_path, text, key, phrases):
    assert_says(error_of(tmp_path, training(text)), key, *phrases)


def test_dropout_needs_a_hidden_layer(tmp_path):
    error = error_of(tmp_path, "[network]\nlayer_dims = [2, 1]\n[training]\nkeep_prob = 0.8\n" + MOONS)
    assert_says(error, "training.keep_prob", "masks the hidden layers", "L = 1")


@pytest.mark.parametrize(("text", "key", "phrases"), [
    ("[gradient_check]\nepsilon = 0", "gradient_check.epsilon", ["must be positive"]),
    ('[gradient_check]\nbackward = "shipped"', "gradient_check.backward",
     ["unknown backward 'shipped'", "did you mean 'as_shipped'"]),
    ('[gradient_check]\nbackwards = "fixed"', "gradient_check.backwards", ["unknown key", "did you mean 'backward'"]),
    ('[training]\noptimizer = "adam"\n[gradient_check]', "training.optimizer", ["a gradient check trains nothing"]),
    ("[training]\nnum_iterations = 5\n[gradient_check]", "training.num_iterations",
     ["is 5, but a gradient check trains nothing", "one iteration"]),
    ('[training]\narithmetic = "init_utils"\n[gradient_check]', "gradient_check.backward",
     ["reg_utils' arithmetic", 'set arithmetic = "reg_utils"']),
])
def test_gradient_check_fields_say_what_is_wrong(tmp_path, text, key, phrases):
    assert_says(error_of(tmp_path, DEEP + text + "\n" + MOONS), key, *phrases)


def test_a_gradient_check_of_a_network_too_big_or_too_shallow(tmp_path):
    error = error_of(tmp_path, "[network]\nlayer_dims = [2, 1]\n[gradient_check]\n" + MOONS)
    assert_says(error, "gradient_check.backward", "bugs are in dW2 and db1", 'use backward = "fixed"')
    error = error_of(tmp_path, '[network]\nlayer_dims = [2, 200, 60, 1]\n[gradient_check]\nbackward = "fixed"\n' + MOONS)
    assert_says(error, "gradient_check", "12,721 parameters", "at most 10,000", "the course's network has 47")


def test_course_must_be_1_or_2(tmp_path):
    assert_says(error_of(tmp_path, "course = 3\n" + GOOD_NETWORK + GOOD_DATA), "course",
                "is 3: dnnstep lists the scenarios of course 1 (week 4) and course 2")
    assert_says(error_of(tmp_path, 'course = "2"\n' + GOOD_NETWORK + GOOD_DATA), "course", "must be an integer")


def test_the_course_generators_need_points_of_a_plane(tmp_path):
    error = error_of(tmp_path, '[network]\nlayer_dims = [3, 1]\n[data]\ngenerator = "make_circles"\n')
    assert_says(error, "data.generator", "the make_circles generator makes 2-D points, but n[0] is 3")
    error = error_of(tmp_path, '[network]\nlayer_dims = [2, 1]\n[data]\ngenerator = "make_moons"\nfactor = 0.5\n')
    assert_says(error, "data.factor", "unknown key", "for the make_moons generator")


def test_a_mat_file_that_is_not_one(tmp_path):
    (tmp_path / "data.mat").write_bytes(b"MATLAB 5.0 MAT-file" + b"\0" * 10)
    error = error_of(tmp_path, GOOD_NETWORK + '[data]\nfile = "data.mat"\n')
    assert_says(error, "data.file", str(tmp_path / "data.mat"))


def test_a_mat_file_without_the_course_variables(tmp_path):
    import struct
    import zlib

    def matrix(name: bytes, values: np.ndarray) -> bytes:
        """A MAT 5 miMATRIX element of float64 ``values`` (column-major), uncompressed."""
        rows, cols = values.shape
        flags = struct.pack("<IIII", 6, 8, 6, 0)          # miUINT32, 8 bytes: class double
        dims = struct.pack("<IIii", 5, 8, rows, cols)     # miINT32
        padded = name + b"\0" * (-len(name) % 8)
        name_el = struct.pack("<II", 1, len(name)) + padded
        data = values.T.astype("<f8").tobytes()
        data_el = struct.pack("<II", 9, len(data)) + data
        body = flags + dims + name_el + data_el
        return struct.pack("<II", 14, len(body)) + body

    header = b"MATLAB 5.0 MAT-file, dnnstep test".ljust(116, b" ") + b"\0" * 8 + struct.pack("<H", 0x0100) + b"IM"
    element = matrix(b"Q", np.zeros((3, 2)))
    compressed = zlib.compress(element)
    (tmp_path / "data.mat").write_bytes(header + struct.pack("<II", 15, len(compressed)) + compressed)
    error = error_of(tmp_path, GOOD_NETWORK + '[data]\nfile = "data.mat"\n')
    assert_says(error, "data.file", "holds Q", "X (m, n[0]) and y (m, 1)", "Regularization notebook's data.mat")


def test_make_scenario_gives_the_course2_messages_naming_the_argument():
    with pytest.raises(ScenarioError, match=r"^make_scenario: optimizer: unknown optimizer 'adma' \(did you mean 'adam'\?\)"):
        make_scenario([2, 3, 1], m=10, optimizer="adma")
    with pytest.raises(ScenarioError, match=r"^make_scenario: num_epochs: missing"):
        make_scenario([2, 3, 1], m=10, mini_batch_size=4)
    with pytest.raises(ScenarioError, match=r"^make_scenario: gradient_check.backward: unknown backward 'broken'"):
        make_scenario([2, 3, 1], m=10, gradient_check={"backward": "broken"})
    with pytest.raises(ScenarioError, match=r"^make_scenario: gradient_check.eps: unknown key"):
        make_scenario([2, 3, 1], m=10, gradient_check={"eps": 1e-7})
    with pytest.raises(ScenarioError, match=r"^make_scenario: keep_prob: use L2 \(lambd\) or dropout"):
        make_scenario([2, 3, 1], m=10, keep_prob=0.5, lambd=0.1)

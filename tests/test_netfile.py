"""Keeping a trained network in a file: an exact round trip, and every refusal saying what is wrong."""

import json

import netfile
import numpy as np
import pytest
from netfile import NetFileError
from trainer import Trainer

ODD_SEVEN = [1, 1, 1, 1, 1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 1, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0]


@pytest.fixture(scope="module")
def trained():
    """A session with own examples, a non-default size and rate, and a history that has been halved."""
    trainer = Trainer(hidden=13, learning_rate=0.7, seed=9)
    trainer.add_example(ODD_SEVEN, 7)
    trainer.add_example(np.full(25, 0.3), 0)
    trainer.add_example(ODD_SEVEN, 7)
    for _ in range(80):
        trainer.step(100)
    trainer.step(3)
    assert trainer.history.stride > 1 and trainer.history.state()["pending"]
    return trainer


@pytest.fixture(scope="module")
def text(trained):
    return netfile.dump(trained, {"speed": 20, "tab": "train"})


def spoiled(text, change):
    data = json.loads(text)
    change(data)
    return json.dumps(data)


def test_round_trip_restores_weights_iteration_history_and_examples_exactly(trained, text):
    saved = netfile.load(text)
    assert saved.settings == {"hidden": 13, "lr": 0.7, "seed": 9, "speed": 20}
    restored = Trainer()
    restored.restore(saved)
    assert restored.network.w_ih.tobytes() == trained.network.w_ih.tobytes()
    assert restored.network.w_ho.tobytes() == trained.network.w_ho.tobytes()
    assert (restored.hidden, restored.learning_rate, restored.seed) == (13, 0.7, 9)
    assert (restored.iteration, restored.next_index) == (trained.iteration, trained.next_index)
    assert restored.history.state() == trained.history.state()
    assert restored.training_images.tobytes() == trained.training_images.tobytes()
    np.testing.assert_array_equal(restored.training_labels, trained.training_labels)
    assert (restored.loss, restored.accuracy, restored.test_loss) == (trained.loss, trained.accuracy, trained.test_loss)
    assert netfile.dump(restored, {"speed": 20}) == text


def test_a_restored_session_carries_on_exactly_as_the_original(trained, text):
    original, restored = Trainer(), Trainer()
    original.restore(netfile.load(text))  # a copy of `trained` that this test may train on
    restored.restore(netfile.load(text))
    original.step(250)
    restored.step(250)
    assert restored.network.w_ih.tobytes() == original.network.w_ih.tobytes()
    assert restored.history.state() == original.history.state()


def test_restart_after_loading_goes_back_to_the_saved_seeds_initial_weights(text):
    trainer = Trainer()
    trainer.restore(netfile.load(text))
    trainer.restart()
    fresh = Trainer(hidden=13, learning_rate=0.7, seed=9)
    assert trainer.network.w_ih.tobytes() == fresh.network.w_ih.tobytes()
    assert len(trainer.examples) == 3 and trainer.iteration == 0


def test_a_fresh_untrained_session_round_trips_too():
    trainer = Trainer()
    copy = Trainer(hidden=3)
    copy.restore(netfile.load(netfile.dump(trainer, {"speed": 1})))
    assert copy.network.w_ho.tobytes() == trainer.network.w_ho.tobytes() and copy.iteration == 0
    assert copy.history.state() == trainer.history.state()


def test_the_file_says_what_it_is_and_is_plain_json(text):
    data = json.loads(text)
    assert (data["format"], data["version"]) == ("nnviz-network", 1)
    assert set(data) == {"format", "version", "settings", "iteration", "next_index", "weights", "training_set",
                         "history"}
    assert len(data["weights"]["input_hidden"]) == 13 and len(data["weights"]["hidden_output"]) == 10
    assert len(data["training_set"]["images"]) == 13


def test_bytes_are_accepted_like_text(text):
    assert netfile.load(text.encode()).iteration == netfile.load(text).iteration


REFUSALS = [
    (lambda d: d.update(format="something-else"), r"not a network saved by Neural Network Visualizer"),
    (lambda d: d.pop("format"), r"not a network saved by Neural Network Visualizer"),
    (lambda d: d.update(version=2), r"newer version of the visualizer \(format version 2\); this page reads version 1"),
    (lambda d: d.update(version="1"), r"format version must be a whole number"),
    (lambda d: d["settings"].update(hidden=65), r"settings.hidden: hidden layer size must be .* 1 to 64, got 65"),
    (lambda d: d["settings"].update(lr=0), r"settings.lr: learning rate must be"),
    (lambda d: d["settings"].update(lr=0.001), r"settings.lr must be from 0.01 to 10, got 0.001"),
    (lambda d: d["settings"].update(seed=-1), r"settings.seed: seed must be a whole number >= 0"),
    (lambda d: d["settings"].update(seed=2**40), r"settings.seed must be from 0 to"),
    (lambda d: d["settings"].update(speed=7), r"settings.speed must be one of 1, 5, 20, got 7"),
    (lambda d: d["settings"].pop("hidden"), r"settings has no \"hidden\""),
    (lambda d: d.update(iteration=-5), r"iteration must be >= 0"),
    (lambda d: d.update(iteration=1.5), r"\"iteration\" must be a whole number"),
    (lambda d: d.pop("weights"), r"the file has no \"weights\""),
    (lambda d: d["weights"]["input_hidden"].pop(), r"input_hidden must be 13 rows \(one per hidden neuron\) of 25 numbers, got 12 rows"),
    (lambda d: d["weights"]["hidden_output"][4].append(0.0), r"weights.hidden_output row 4 must have 13 numbers, got 14"),
    (lambda d: d["weights"]["input_hidden"][2].__setitem__(3, "0.5"), r"input_hidden row 2 holds \"0.5\", not a number"),
    (lambda d: d["weights"]["input_hidden"][2].__setitem__(3, True), r"row 2 holds true, not a number"),
    (lambda d: d["settings"].update(hidden=12), r"weights.input_hidden must be 12 rows"),
    (lambda d: d["training_set"]["images"].pop(), r"\"images\" and \"labels\" of the same length"),
    (lambda d: d["training_set"]["images"][3].__setitem__(0, 0.0), r"training_set row 3 is not this page's digit 3"),
    (lambda d: d["training_set"]["images"][11].__setitem__(0, 1.5), r"training_set row 11: image pixels must be from 0 \(white\)"),
    (lambda d: d["training_set"]["labels"].__setitem__(12, 10), r"training_set row 12: label must be a digit"),
    (lambda d: d["training_set"].update(images=d["training_set"]["images"][:9], labels=d["training_set"]["labels"][:9]),
     r"must start with the 10 digits"),
    (lambda d: d.update(next_index=13), r"next_index must be a row of the training set \(0 to 12\), got 13"),
    (lambda d: d["history"].pop("test_losses"), r"history is missing test_losses"),
    (lambda d: d["history"]["losses"].pop(), r"history lists must have the same length"),
    (lambda d: d["history"]["iterations"].__setitem__(-1, 5), r"history iterations must increase"),
    (lambda d: d["history"]["accuracies"].__setitem__(0, 2), r"history accuracies must be fractions"),
    (lambda d: d.update(iteration=d["iteration"] + 1), r"history must end at the saved iteration"),
]


@pytest.mark.parametrize("change,message", REFUSALS)
def test_a_spoiled_file_is_refused_saying_what_is_wrong(text, change, message):
    with pytest.raises(NetFileError, match=message):
        netfile.load(spoiled(text, change))


def own_examples(count):
    def change(data):
        data["training_set"]["images"] += [[0.0] * 25] * count
        data["training_set"]["labels"] += [0] * count
    return change


def test_more_than_50_own_examples_are_refused(text):
    netfile.load(spoiled(text, own_examples(47)))  # 3 + 47 = 50: fine
    with pytest.raises(NetFileError, match=r"the file has 51 own examples; at most 50 are allowed"):
        netfile.load(spoiled(text, own_examples(48)))


@pytest.mark.parametrize("bad,message", [
    ("", r"not JSON \(Expecting value at line 1, column 1\)"),
    ("{\"format\": ", r"not JSON"),
    ("hello", r"not JSON"),
    ("[1, 2]", r"not a network saved by"),
    ("null", r"not a network saved by"),
    (b"\xff\xfe{}", r"not text \(UTF-8\)"),
    (42, r"expected the file's text, got int"),
    ("[" * 100_000 + "]" * 100_000, r"(not JSON|nested far too deeply)"),
])
def test_text_that_is_not_json_of_our_format_is_refused(bad, message):
    with pytest.raises(NetFileError, match=message):
        netfile.load(bad)


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_non_finite_numbers_are_refused(text, constant):
    data = json.loads(text)
    data["weights"]["hidden_output"][0][0] = "@@"
    with pytest.raises(NetFileError, match=rf"the file contains {constant}, which is not a finite number"):
        netfile.load(json.dumps(data).replace('"@@"', constant))


def test_numbers_too_big_for_a_float_are_refused(text):
    data = json.loads(text)
    data["weights"]["hidden_output"][1][2] = "@@"
    with pytest.raises(NetFileError, match=r"weights.hidden_output row 1 holds inf, not a finite number"):
        netfile.load(json.dumps(data).replace('"@@"', "1e999"))


def test_files_over_5_mb_are_refused_before_reading(text):
    padded = text[:-1] + ',"padding":"' + "x" * 5_000_000 + '"}'
    with pytest.raises(NetFileError, match=r"the file is 5.\d MB; a saved network is at most 5 MB"):
        netfile.load(padded)
    with pytest.raises(NetFileError, match=r"at most 5 MB"):
        netfile.load(padded.encode())


def test_a_refused_file_changes_nothing(trained, text):
    trainer = Trainer(seed=4)
    trainer.step(50)
    before = trainer.network.w_ih.tobytes(), trainer.iteration, trainer.history.state()
    for change, _ in REFUSALS:
        with pytest.raises(NetFileError):
            trainer.restore(netfile.load(spoiled(text, change)))
    assert (trainer.network.w_ih.tobytes(), trainer.iteration, trainer.history.state()) == before


def test_json_floats_round_trip_exactly():
    values = np.random.default_rng(0).normal(size=10_000) * 10.0 ** np.random.default_rng(1).integers(-300, 300,
                                                                                                    10_000)
    assert np.array(json.loads(json.dumps(values.tolist()))).tobytes() == values.tobytes()

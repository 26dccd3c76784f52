"""Own examples: the user adds up to 50 labelled images to the ten digits and trains on them too."""

import network
import numpy as np
import pytest
from datasets import MAX_OWN
from digits import DIGITS, LABELS
from network import Network
from trainer import Trainer

ODD_SEVEN = np.array([1, 1, 1, 1, 1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 1, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0], dtype=float)
GREY_FOUR = np.full(25, 0.25)


def test_added_examples_follow_the_ten_digits_in_the_training_set():
    trainer = Trainer()
    assert trainer.add_example(ODD_SEVEN, 7) == 10
    assert trainer.add_example(GREY_FOUR.reshape(5, 5), 4) == 11
    assert trainer.training_images.shape == (12, 25) and trainer.training_labels.shape == (12,)
    np.testing.assert_array_equal(trainer.training_images[:10], DIGITS)
    np.testing.assert_array_equal(trainer.training_images[10:], [ODD_SEVEN, GREY_FOUR])
    np.testing.assert_array_equal(trainer.training_labels, [*LABELS, 7, 4])
    assert [label for _, label in trainer.examples] == [7, 4]
    with pytest.raises(ValueError):
        trainer.training_images[10, 0] = 0.0


def test_the_same_example_may_be_added_twice():
    trainer = Trainer()
    trainer.add_example(ODD_SEVEN, 7)
    trainer.add_example(ODD_SEVEN, 7)
    trainer.add_example(DIGITS[3], 3)
    assert len(trainer.examples) == 3 and len(trainer.training_labels) == 13


def test_at_most_50_examples_with_a_clear_message_and_nothing_changed():
    trainer = Trainer()
    for i in range(MAX_OWN):
        trainer.add_example(GREY_FOUR, i % 10)
    with pytest.raises(ValueError, match=r"at most 50 examples of your own; remove one before adding another"):
        trainer.add_example(ODD_SEVEN, 7)
    assert len(trainer.examples) == 50 and len(trainer.training_labels) == 60


@pytest.mark.parametrize("image,label,message", [
    ([0.5] * 24, 3, r"25 values"), ([2.0] * 25, 3, r"from 0 \(white\) to 1 \(black\)"),
    (ODD_SEVEN, 10, r"label must be a digit"), (ODD_SEVEN, "7", r"label must be a digit"),
])
def test_a_bad_example_is_refused_and_nothing_is_added(image, label, message):
    trainer = Trainer()
    with pytest.raises(ValueError, match=message):
        trainer.add_example(image, label)
    assert trainer.examples == () and len(trainer.training_labels) == 10


def test_examples_are_removed_one_by_one_by_position():
    trainer = Trainer()
    for label in (1, 2, 3):
        trainer.add_example(GREY_FOUR * label / 3, label)
    trainer.remove_example(1)
    assert [label for _, label in trainer.examples] == [1, 3]
    np.testing.assert_array_equal(trainer.training_labels, [*LABELS, 1, 3])
    with pytest.raises(ValueError, match=r"no own example at position 2 \(positions 0 to 1\)"):
        trainer.remove_example(2)
    trainer.remove_example(0)
    trainer.remove_example(0)
    with pytest.raises(ValueError, match=r"no own example at position 0 \(none yet\)"):
        trainer.remove_example(0)


def test_training_goes_through_the_digits_then_the_own_examples_then_round_again():
    trainer, reference = Trainer(seed=6), Network(seed=6)
    trainer.add_example(ODD_SEVEN, 7)
    trainer.add_example(GREY_FOUR, 4)
    images, labels = [*DIGITS, ODD_SEVEN, GREY_FOUR], [*LABELS, 7, 4]
    order = []
    for i in range(26):
        trainer.step(1)
        order.append(trainer.last_index)
        reference.train_step(images[i % 12], labels[i % 12])
    assert order == [*range(12), *range(12), 0, 1]
    assert trainer.network.w_ih.tobytes() == reference.w_ih.tobytes()
    assert trainer.last_iteration.label == 1


def test_an_example_added_mid_round_is_reached_in_the_same_round():
    trainer = Trainer()
    trainer.step(4)
    trainer.add_example(ODD_SEVEN, 7)
    assert trainer.next_index == 4
    trainer.step(7)
    assert trainer.last_index == 10 and trainer.next_index == 0


def test_removing_an_example_never_makes_the_round_skip_a_row():
    trainer = Trainer()
    for label in (5, 6, 7):
        trainer.add_example(GREY_FOUR, label)
    trainer.step(12)  # trained rows 0-11; next is row 12 (the third example)
    assert (trainer.last_index, trainer.next_index) == (11, 12)
    trainer.remove_example(0)  # row 10 goes: the third example is now row 11
    assert (trainer.last_index, trainer.next_index) == (10, 11)
    trainer.remove_example(0)  # the one trained last goes too
    assert (trainer.last_index, trainer.next_index) == (None, 10)
    trainer.remove_example(0)  # the next one goes, and with it the end of the round: start again
    assert trainer.next_index == 0


def test_scores_and_predictions_cover_the_own_examples():
    trainer = Trainer(seed=2)
    trainer.add_example(ODD_SEVEN, 7)
    trainer.add_example(GREY_FOUR, 4)
    trainer.step(200)
    accuracy, mean_loss = trainer.network.evaluate(trainer.training_images, trainer.training_labels)
    assert trainer.accuracy == accuracy and trainer.loss == pytest.approx(mean_loss, rel=1e-14)
    assert trainer.predictions.shape == (12,) and trainer.outputs.shape == (12, 10)
    assert trainer.predictions[10] == trainer.network.predict(ODD_SEVEN)


def test_adding_an_example_rescores_and_revises_the_newest_history_point():
    trainer = Trainer(seed=2)
    trainer.step(30)
    points = len(trainer.history)
    trainer.add_example(np.zeros(25), 8)
    accuracy, mean_loss = trainer.network.evaluate(trainer.training_images, trainer.training_labels)
    assert trainer.accuracy == accuracy and trainer.loss == pytest.approx(mean_loss, rel=1e-14)
    assert len(trainer.history) == points
    assert trainer.history.last == (30, trainer.loss, trainer.accuracy, trainer.test_loss, trainer.test_accuracy)
    assert len(trainer.predictions) == 11


@pytest.mark.parametrize("fresh", ["restart", "reset", "set_hidden"])
def test_a_fresh_session_keeps_the_own_examples_and_the_learning_rate(fresh):
    trainer = Trainer()
    trainer.add_example(ODD_SEVEN, 7)
    trainer.set_learning_rate(1.25)
    trainer.step(15)
    {"restart": trainer.restart, "reset": trainer.reset, "set_hidden": lambda: trainer.set_hidden(4)}[fresh]()
    assert [label for _, label in trainer.examples] == [7] and trainer.learning_rate == 1.25
    assert trainer.iteration == 0 and len(trainer.predictions) == 11


def test_examples_are_kept_as_given_not_rounded():
    trainer = Trainer()
    trainer.add_example(GREY_FOUR, 4)
    image, _ = trainer.examples[0]
    np.testing.assert_array_equal(image, network.validate_image(GREY_FOUR))

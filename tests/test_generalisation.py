"""Generalisation, measured: the facts the page's explanation quotes about the held-out test set.

With the defaults (10 hidden neurons, learning rate 0.5, seed 0) the network gets all ten
training digits right after 538 iterations. On the 50 test variants it then reads 29
(58 %): nearly every noisy one, half of the redrawn ones, and almost none of the shifted
ones. Training on does not fix that: the training loss keeps falling while the test loss
stays high.
"""

import numpy as np
import pytest
from testdigits import KINDS, TEST_KINDS, TEST_LABELS
from trainer import Trainer

KIND_OF = np.array(TEST_KINDS)


def right_per_kind(trainer):
    """{kind: (right, out of)} on the test set."""
    right = trainer.test_predictions == TEST_LABELS
    return {kind: (int(right[KIND_OF == kind].sum()), int((KIND_OF == kind).sum())) for kind in KINDS}


def snapshot(trainer):
    return {"iteration": trainer.iteration, "accuracy": trainer.accuracy, "loss": trainer.loss,
            "test_accuracy": trainer.test_accuracy, "test_loss": trainer.test_loss, "kinds": right_per_kind(trainer)}


def run(seed):
    """Train with the defaults; scores when training first reaches 100 %, and at 1,000 and 5,000 iterations."""
    trainer = Trainer(seed=seed)
    while trainer.accuracy < 1.0:
        trainer.step(1)
    points = {"perfect": snapshot(trainer)}
    for iterations in (1000, 5000):
        trainer.step(iterations - trainer.iteration)
        points[iterations] = snapshot(trainer)
    return points


@pytest.fixture(scope="module")
def defaults():
    return run(0)


def test_defaults_get_every_training_digit_right_after_538_iterations(defaults):
    assert defaults["perfect"]["iteration"] == 538


def test_when_training_is_perfect_the_test_set_is_58_percent_right(defaults):
    at = defaults["perfect"]
    assert at["test_accuracy"] == 0.58
    assert at["kinds"] == {"style": (12, 24), "shift": (2, 8), "noise": (15, 18)}


def test_after_1000_iterations_every_noisy_variant_is_right_but_few_shifted_ones(defaults):
    at = defaults[1000]
    assert at["accuracy"] == 1.0 and at["test_accuracy"] == 0.64
    assert at["kinds"] == {"style": (12, 24), "shift": (2, 8), "noise": (18, 18)}


def test_after_5000_iterations_training_loss_is_tiny_but_test_loss_stays_high(defaults):
    at = defaults[5000]
    assert at["accuracy"] == 1.0 and at["test_accuracy"] == 0.62
    assert at["kinds"] == {"style": (12, 24), "shift": (1, 8), "noise": (18, 18)}
    assert at["loss"] < 0.01 and at["test_loss"] > 0.4


@pytest.mark.parametrize("seed", range(1, 5))
def test_other_seeds_tell_the_same_story(seed):
    points = run(seed)
    assert 300 <= points["perfect"]["iteration"] <= 750
    for at in (points[1000], points[5000]):
        assert at["accuracy"] == 1.0 and 0.55 <= at["test_accuracy"] <= 0.75
        assert at["kinds"]["noise"] == (18, 18)
        assert at["kinds"]["shift"][0] <= 2
        assert 11 <= at["kinds"]["style"][0] <= 18
    assert points[5000]["loss"] < 0.01 and points[5000]["test_loss"] > 0.35

"""Stalled training: a learning rate so large that every output is pinned at 0 or 1 (Trainer.saturated).

These also pin the facts the explanation's "The learning rate" paragraph quotes, measured
in CPython: what learning rate 10 does with 10 and with 40-64 hidden neurons.
"""

import numpy as np
import pytest
from scoreboard import SATURATED_SLOPE
from trainer import Trainer


@pytest.mark.parametrize("hidden", [40, 48, 64])
@pytest.mark.parametrize("seed", range(6))
def test_learning_rate_10_with_40_or_more_hidden_neurons_saturates_in_the_first_iteration(hidden, seed):
    trainer = Trainer(hidden=hidden, learning_rate=10, seed=seed)
    assert not trainer.saturated  # untrained: outputs near 0.5
    trainer.step(1)
    slopes = trainer.outputs * (1 - trainer.outputs)
    assert trainer.saturated and slopes.max() < SATURATED_SLOPE and trainer.accuracy < 1


@pytest.mark.parametrize("seed", range(1, 5))
def test_at_64_hidden_neurons_and_rate_10_the_loss_stays_at_1_78_and_accuracy_at_10_percent(seed):
    trainer = Trainer(hidden=64, learning_rate=10, seed=seed)
    trainer.step(1)
    first = trainer.loss
    trainer.step(2000)
    assert first == pytest.approx(1.78, abs=0.005) and abs(trainer.loss - first) < 1e-3
    assert trainer.accuracy == 0.1 and trainer.saturated


@pytest.mark.parametrize("seed", range(4))
def test_at_10_hidden_neurons_rate_10_stays_high_without_saturating(seed):
    """The loss falls below 1 within ten iterations, then stays high: 0.5-0.8 after 10,000,
    with 3 to 5 of the ten digits right."""
    trainer = Trainer(hidden=10, learning_rate=10, seed=seed)
    trainer.step(10)
    assert trainer.loss < 1.0
    trainer.step(9990)
    assert 0.5 <= trainer.loss <= 0.8 and 0.3 <= trainer.accuracy <= 0.5
    assert not trainer.saturated


@pytest.mark.parametrize("lr", [0.1, 0.5, 2])
@pytest.mark.parametrize("hidden", [1, 2, 10, 64])
def test_ordinary_learning_rates_never_saturate(lr, hidden):
    trainer = Trainer(hidden=hidden, learning_rate=lr, seed=1)
    for _ in range(100):
        trainer.step(10)
        assert not trainer.saturated, trainer.iteration


def test_a_fully_trained_network_is_not_called_stalled():
    trainer = Trainer(seed=0)
    trainer.step(3000)
    assert trainer.accuracy == 1 and not trainer.saturated


def largest_gradient(network) -> float:
    from digits import DIGITS, LABELS

    return max(float(np.abs(g).max()) for image, label in zip(DIGITS, LABELS)
               for g in network.gradients(image, label))


@pytest.mark.parametrize("seed", range(6))
def test_saturated_means_every_gradient_has_all_but_vanished(seed):
    """Why the rule is what it is: every weight's gradient is scaled by an output's slope y (1 - y)."""
    trainer = Trainer(hidden=64, learning_rate=10, seed=seed)
    before = largest_gradient(trainer.network)
    trainer.step(1)
    assert trainer.saturated and largest_gradient(trainer.network) < 1e-4 * before


def test_the_explanation_quotes_these_measurements():
    import re

    from conftest import ROOT

    text = re.sub(r"\s+", " ", (ROOT / "index.html").read_text())
    for phrase in ("loss falls below 1 within ten iterations", "between 0.5 and 0.8",
                   "three to five of the ten pictures right", "With 40 or more hidden neurons",
                   "the loss stays at 1.78 and the accuracy at 10 %", "press <em>Start over</em> (or <em>New weights</em>)"):
        assert phrase in text, phrase

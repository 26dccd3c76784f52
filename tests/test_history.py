"""The history the chart draws: bounded, evenly spaced, versioned, and savable exactly."""

import math

import numpy as np
import pytest
from history import HistoryPoint, LossHistory, validate_state


def add(history, iteration, loss):
    """A point whose other scores follow from the loss, so every column can be checked."""
    history.add(iteration, loss, loss / 2, loss * 2, 1 - loss / 4)


def test_history_keeps_every_point_until_full_then_every_other_one_plus_the_newest():
    history = LossHistory(capacity=8)
    for i in range(1, 8):
        add(history, i, 1.0 / i)
    np.testing.assert_array_equal(history.iterations, range(1, 8))
    add(history, 8, 0.125)
    np.testing.assert_array_equal(history.iterations, [1, 3, 5, 7, 8])
    np.testing.assert_array_equal(history.losses, [1.0, 1 / 3, 0.2, 1 / 7, 0.125])
    assert history.stride == 2
    add(history, 9, 0.1)  # only one iteration after 8: shown as the newest, not kept for good
    assert history.last == (9, 0.1, 0.05, 0.2, 0.975) and list(history.iterations) == [1, 3, 5, 7, 8, 9]
    add(history, 10, 0.09)  # replaces 9 as the newest and is kept: 2 after 8
    np.testing.assert_array_equal(history.iterations, [1, 3, 5, 7, 8, 10])
    assert len(history) == 6


def test_history_records_accuracy_and_test_scores_alongside_the_loss():
    history = LossHistory()
    history.add(0, 2.5, 0.1, 2.4, 0.2)
    history.add(10, 1.5, 0.3, 1.7, 0.25)
    assert history.iterations.dtype == np.int64
    np.testing.assert_array_equal(history.iterations, [0, 10])
    np.testing.assert_array_equal(history.losses, [2.5, 1.5])
    np.testing.assert_array_equal(history.accuracies, [0.1, 0.3])
    np.testing.assert_array_equal(history.test_losses, [2.4, 1.7])
    np.testing.assert_array_equal(history.test_accuracies, [0.2, 0.25])
    assert history.last == HistoryPoint(10, 1.5, 0.3, 1.7, 0.25)


def test_history_arrays_are_copies_the_caller_may_keep():
    history = LossHistory()
    add(history, 1, 0.5)
    losses = history.losses
    losses[0] = 99.0
    assert history.losses[0] == 0.5


@pytest.mark.parametrize("gap", [1, 1000])
def test_history_stays_within_capacity_and_evenly_spaced_after_100000_adds(gap):
    history = LossHistory(capacity=600)
    for n in range(1, 100_001):
        add(history, n * gap, 1.0 / n)
        assert len(history) <= 600
    iterations = history.iterations
    assert len(iterations) == len(history.losses) == len(history.test_accuracies) > 250
    assert iterations[0] == gap and iterations[-1] == 100_000 * gap
    spacing = np.diff(iterations[:-1])  # the newest point may sit closer to the one before
    assert (spacing > 0).all() and spacing.max() <= 2 * spacing.min()
    assert history.last.iteration == 100_000 * gap and history.last.loss == 1e-5


def test_history_wants_a_point_only_once_the_stride_has_passed():
    history = LossHistory(capacity=4)
    assert history.wants(0)
    for i in range(4):
        add(history, i, 0.5)
    assert history.stride == 2 and history.iterations[-1] == 3
    assert not history.wants(4) and history.wants(5)


def test_history_version_changes_on_every_change():
    history = LossHistory(capacity=4)
    seen = {history.version}
    for change in (lambda: add(history, 1, 0.5), lambda: add(history, 2, 0.4),
                   lambda: history.revise_last(0.3, 0.5, 0.6, 0.7), history.clear,
                   lambda: history.restore(history.state())):
        change()
        assert history.version not in seen
        seen.add(history.version)


def test_revising_the_newest_point_keeps_its_iteration():
    history = LossHistory()
    add(history, 0, 2.0)
    add(history, 5, 1.0)
    history.revise_last(0.9, 0.4, 1.1, 0.3)
    assert history.last == (5, 0.9, 0.4, 1.1, 0.3) and len(history) == 2
    with pytest.raises(ValueError, match="empty"):
        LossHistory().revise_last(1, 1, 1, 1)


def test_history_rejects_iterations_that_do_not_increase():
    history = LossHistory()
    add(history, 5, 0.3)
    with pytest.raises(ValueError, match=r"must increase"):
        add(history, 5, 0.2)


def test_history_clear_forgets_everything():
    history = LossHistory(capacity=4)
    for i in range(1, 20):
        add(history, i, 0.5)
    history.clear()
    assert len(history) == 0 and history.last is None and history.stride == 1
    assert len(history.iterations) == 0 and len(history.losses) == 0


def test_history_state_restores_points_stride_and_the_provisional_newest_point():
    history = LossHistory(capacity=8)
    for i in range(1, 10):
        add(history, i, 1.0 / i)
    assert history.state()["pending"] is True
    copy = LossHistory(capacity=8)
    copy.restore(history.state())
    assert copy.state() == history.state()
    for i in range(10, 40):  # both carry on identically
        add(history, i, 1.0 / i)
        add(copy, i, 1.0 / i)
    assert copy.state() == history.state()


BAD_STATES = [
    (lambda s: s.pop("losses"), r"missing losses"),
    (lambda s: s.update(losses=[1.0]), r"same length"),
    (lambda s: s.update(losses=[1.0, "x"]), r"losses must be a list of numbers"),
    (lambda s: s.update(losses=[1.0, math.inf]), r"losses must be finite"),
    (lambda s: s.update(test_losses=[1.0, -1.0]), r"test_losses must be finite numbers >= 0"),
    (lambda s: s.update(accuracies=[0.5, 1.5]), r"accuracies must be fractions"),
    (lambda s: s.update(iterations=[3, 3]), r"must increase"),
    (lambda s: s.update(iterations=[0, 2.5]), r"whole numbers"),
    (lambda s: s.update(stride=0), r"stride"),
    (lambda s: s.update(pending="yes"), r"pending"),
]


@pytest.mark.parametrize("spoil,message", BAD_STATES)
def test_history_state_is_checked_before_use(spoil, message):
    history = LossHistory()
    add(history, 0, 2.0)
    add(history, 1, 1.0)
    state = history.state()
    spoil(state)
    with pytest.raises(ValueError, match=message):
        validate_state(state)
    before = history.state()
    with pytest.raises(ValueError, match=message):
        history.restore(state)
    assert history.state() == before


def test_history_state_longer_than_the_capacity_is_refused():
    history = LossHistory(capacity=600)
    state = {"iterations": list(range(601)), "losses": [1.0] * 601, "accuracies": [0.5] * 601,
             "test_losses": [1.0] * 601, "test_accuracies": [0.5] * 601, "stride": 1, "pending": False}
    with pytest.raises(ValueError, match=r"601 points, at most 600"):
        history.restore(state)

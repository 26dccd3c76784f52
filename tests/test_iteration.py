"""'See inside': the record of the last iteration, checked against independent computations,
and the sentence that tells what it did."""


import iteration
import network
import numpy as np
import pytest
from digits import DIGITS
from iteration import IterationRecord, WeightChange, describe
from network import Network
from trainer import Trainer


def weights_of(net):
    return net.w_ih.copy(), net.w_ho.copy()


def network_with(weights, learning_rate=0.5):
    net = Network(hidden=weights[0].shape[0], learning_rate=learning_rate)
    net.set_weights(*weights)
    return net


# --- the record ----------------------------------------------------------------------------------

def test_there_is_no_record_before_the_first_iteration():
    assert Trainer().last_iteration is None


@pytest.mark.parametrize("hidden,learning_rate,seed,before", [(10, 0.5, 0, 0), (3, 2.0, 7, 37), (64, 0.1, 2, 5)])
def test_record_of_one_iteration_matches_an_independent_computation(hidden, learning_rate, seed, before):
    trainer = Trainer(hidden=hidden, learning_rate=learning_rate, seed=seed)
    trainer.step(before) if before else None
    start = weights_of(trainer.network)
    index = trainer.next_index
    trainer.step(1)
    record = trainer.last_iteration
    x, label = DIGITS[index], index
    reference = network_with(start, learning_rate)
    h, y = reference.forward(x)
    t = network.target_for(label)
    assert (record.iteration, record.index, record.label, record.learning_rate) == (
        before + 1, index, label, learning_rate)
    np.testing.assert_array_equal(record.x, x)
    np.testing.assert_array_equal(record.t, t)
    np.testing.assert_allclose(record.h, h, rtol=0, atol=1e-12)
    np.testing.assert_allclose(record.y, y, rtol=0, atol=1e-12)
    assert record.loss == pytest.approx(reference.loss(x, label), abs=1e-12)
    # The deltas are the gradients with respect to each neuron's weighted sum.
    g_ih, g_ho = reference.gradients(x, label)
    np.testing.assert_allclose(np.outer(record.delta_output, record.h), g_ho, rtol=0, atol=1e-12)
    np.testing.assert_allclose(np.outer(record.delta_hidden, record.x), g_ih, rtol=0, atol=1e-12)
    np.testing.assert_allclose(record.delta_output, 2 * (y - t) * y * (1 - y), rtol=0, atol=1e-12)
    np.testing.assert_allclose(record.delta_hidden, (start[1].T @ record.delta_output) * h * (1 - h),
                               rtol=0, atol=1e-12)
    # ...and every weight moved by -learning rate x gradient.
    np.testing.assert_allclose(trainer.network.w_ho, start[1] - learning_rate * g_ho, rtol=0, atol=1e-12)
    after = network_with(weights_of(trainer.network))
    np.testing.assert_allclose(record.y_after, after.forward(x)[1], rtol=0, atol=1e-12)
    assert record.loss_after == pytest.approx(after.loss(x, label), abs=1e-12)


def test_delta_output_matches_finite_differences_of_the_loss():
    trainer = Trainer(seed=4)
    trainer.step(23)
    start = weights_of(trainer.network)
    trainer.step(1)
    record, eps = trainer.last_iteration, 1e-6
    w_ho = start[1]

    def loss_with_output_sums(z):
        y = network.sigmoid(z)
        return float(np.sum((y - record.t) ** 2))

    z = w_ho @ record.h
    for k in range(10):
        bump = np.zeros(10)
        bump[k] = eps
        numeric = (loss_with_output_sums(z + bump) - loss_with_output_sums(z - bump)) / (2 * eps)
        assert numeric == pytest.approx(record.delta_output[k], abs=1e-8)


def test_a_batch_records_only_its_last_iteration():
    trainer, reference = Trainer(seed=1), Trainer(seed=1)
    trainer.step(100)
    reference.step(99)
    start = weights_of(reference.network)
    record = trainer.last_iteration
    assert record.iteration == 100 and record.index == 9 and record.label == 9
    np.testing.assert_allclose(record.y, network_with(start).forward(DIGITS[9])[1], rtol=0, atol=1e-12)


def test_biggest_weight_changes_are_the_largest_of_all_weights_biggest_first():
    trainer = Trainer(hidden=5, seed=3)
    trainer.step(40)
    before_ih, before_ho = weights_of(trainer.network)
    trainer.step(1)
    after_ih, after_ho = trainer.network.w_ih, trainer.network.w_ho
    changes = trainer.last_iteration.changes
    assert len(changes) == iteration.TOP_CHANGES
    all_sizes = np.sort(np.abs(np.concatenate([(after_ih - before_ih).ravel(), (after_ho - before_ho).ravel()])))[::-1]
    np.testing.assert_allclose([abs(c.change) for c in changes], all_sizes[:len(changes)], rtol=0, atol=1e-15)
    for c in changes:
        before, after = (before_ih, after_ih) if c.layer == "ih" else (before_ho, after_ho)
        assert (c.before, c.after) == (before[c.dest, c.source], after[c.dest, c.source])


def test_weight_changes_name_layer_source_and_destination():
    """With one hidden neuron: 25 weights from the pixels (ih), then 10 to the outputs (ho)."""
    changes = iteration._biggest_changes(np.zeros(35), np.arange(35.0), 1, 35)
    assert changes[0] == WeightChange("ho", 0, 9, 0.0, 34.0)
    assert changes[9] == WeightChange("ho", 0, 0, 0.0, 25.0)
    assert changes[10] == WeightChange("ih", 24, 0, 0.0, 24.0)


def test_record_is_immutable():
    trainer = Trainer()
    trainer.step(3)
    record = trainer.last_iteration
    with pytest.raises(AttributeError):
        record.loss = 0.0
    with pytest.raises(ValueError):
        record.y[0] = 0.0
    trainer.step(1)
    assert record.iteration == 3 and trainer.last_iteration.iteration == 4


@pytest.mark.parametrize("change", ["reset", "restart", "set_hidden"])
def test_record_is_cleared_by_a_fresh_session(change):
    trainer = Trainer()
    trainer.step(5)
    assert trainer.last_iteration is not None
    {"reset": trainer.reset, "restart": trainer.restart, "set_hidden": lambda: trainer.set_hidden(4)}[change]()
    assert trainer.last_iteration is None


def test_record_is_cleared_when_the_step_diverges(monkeypatch):
    trainer = Trainer()
    trainer.step(2)
    monkeypatch.setattr(network, "sigmoid", lambda z, out=None: np.multiply(z, np.nan, out=out))
    assert trainer.step(1) == 0
    assert trainer.diverged and trainer.last_iteration is None


# --- in words ------------------------------------------------------------------------------------

def record_with(label, y, y_after, loss=0.5, loss_after=0.4):
    zeros = np.zeros(10)
    return IterationRecord(1, label, label, 0.5, np.zeros(25), np.zeros(2), np.array(y, dtype=float),
                           network.target_for(label), loss, np.array(y_after, dtype=float), loss_after,
                           zeros, np.zeros(2), ())


def test_description_of_the_typical_iteration():
    y = [0.2, 0.3, 0.1, 0.41, 0.5, 0.2, 0.2, 0.2, 0.2, 0.2]
    after = [v - 0.01 for v in y]
    after[3] = 0.47
    assert describe(record_with(3, y, after, 0.83, 0.79)) == (
        "Output 3 rose from 0.41 to 0.47; the other nine fell. The loss on this image fell from 0.83 to 0.79.")


def test_description_names_the_outputs_that_went_the_other_way():
    y = np.full(10, 0.5)
    after = y - 0.1
    after[[5, 8]] = 0.6
    after[2] = 0.5
    text = describe(record_with(0, y, after))
    assert text.startswith("Output 0 fell from 0.50 to 0.40; of the other nine, six fell, "
                           "two rose (outputs 5 and 8) and one stayed the same (output 2).")


def test_description_when_every_output_rose():
    y = np.full(10, 0.5)
    assert "the other nine rose" in describe(record_with(7, y, y + 0.01, 0.5, 0.6))
    assert "loss on this image rose from 0.50 to 0.60" in describe(record_with(7, y, y + 0.01, 0.5, 0.6))


def test_description_shows_enough_decimals_to_tell_tiny_changes_apart():
    y = np.full(10, 0.5)
    after = y - 0.001
    after[4] = 0.500012
    assert describe(record_with(4, y, after)).startswith("Output 4 rose from 0.50000 to 0.50001;")
    after[4] = 0.5 + 1e-9
    assert describe(record_with(4, y, after)).startswith("Output 4 rose by less than 0.000001, from 0.500000;")
    after[4] = 0.5
    assert describe(record_with(4, y, after)).startswith("Output 4 stayed at 0.50;")


def test_description_is_true_for_every_iteration_of_a_real_run():
    trainer = Trainer(hidden=4, learning_rate=3.0, seed=2)  # a bumpy run: some outputs rise, some fall
    seen = set()
    for _ in range(300):
        trainer.step(1)
        record = trainer.last_iteration
        text = describe(record)
        label_went = np.sign(record.y_after[record.label] - record.y[record.label])
        assert text.startswith(f"Output {record.label} " + {1: "rose", -1: "fell", 0: "stayed"}[label_went])
        others = [k for k in range(10) if k != record.label]
        rose = sum(record.y_after[k] > record.y[k] for k in others)
        fell = sum(record.y_after[k] < record.y[k] for k in others)
        if rose == 9 or fell == 9:
            assert f"the other nine {'rose' if rose == 9 else 'fell'}." in text
        else:
            assert "of the other nine, " in text
            if rose:
                assert f"{iteration._COUNTS[rose]} rose" in text
            if fell:
                assert f"{iteration._COUNTS[fell]} fell" in text
        loss_went = "rose" if record.loss_after > record.loss else "fell"
        assert f"The loss on this image {loss_went}" in text
        seen.add((rose, fell == 9))
    assert len(seen) > 2  # the run did show mixed iterations, not just the typical one

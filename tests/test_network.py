"""The model: initial weights, forward pass, exact gradients, one iteration, validation, divergence."""

import math
import warnings

import network
import numpy as np
import pytest
from digits import DIGITS, LABELS
from network import DivergenceError, Network

# A grey, non-binary image so every input weight gets a non-zero gradient.
GREY = np.random.default_rng(123).uniform(0.05, 0.95, size=25)


# --- initial weights -----------------------------------------------------------------------------

def test_same_seed_gives_bit_identical_weights():
    a, b = Network(hidden=7, seed=42), Network(hidden=7, seed=42)
    assert a.w_ih.tobytes() == b.w_ih.tobytes()
    assert a.w_ho.tobytes() == b.w_ho.tobytes()


def test_weights_are_drawn_w_ih_first_with_scales_one_over_sqrt_fan_in():
    rng = np.random.default_rng(5)
    w_ih = rng.normal(0, 1 / math.sqrt(25), size=(12, 25))
    w_ho = rng.normal(0, 1 / math.sqrt(12), size=(10, 12))
    net = Network(hidden=12, seed=5)
    assert net.w_ih.tobytes() == w_ih.tobytes()
    assert net.w_ho.tobytes() == w_ho.tobytes()
    got_ih, got_ho = network.init_weights(12, 5)
    assert got_ih.tobytes() == w_ih.tobytes() and got_ho.tobytes() == w_ho.tobytes()


def test_different_seeds_give_different_weights():
    assert not np.array_equal(Network(seed=0).w_ih, Network(seed=1).w_ih)


@pytest.mark.parametrize("hidden", [1, 10, 64])
def test_shapes_follow_the_hidden_layer_size(hidden):
    net = Network(hidden=hidden)
    assert net.w_ih.shape == (hidden, 25) and net.w_ho.shape == (10, hidden)
    hidden_act, output_act = net.forward(DIGITS[3])
    assert hidden_act.shape == (hidden,) and output_act.shape == (10,)
    assert net.outputs_all(DIGITS).shape == (10, 10)


def test_target_is_point_99_for_the_label_and_zero_elsewhere():
    expected = np.zeros(10)
    expected[4] = network.TARGET_ON  # 0.99, as the page's explanation says (test_page checks the text)
    np.testing.assert_array_equal(network.target_for(4), expected)


# --- sigmoid and forward pass --------------------------------------------------------------------

def test_sigmoid_matches_the_logistic_formula():
    z = np.linspace(-30, 30, 121)
    np.testing.assert_allclose(network.sigmoid(z), 1 / (1 + np.exp(-z)), rtol=0, atol=1e-15)
    assert network.sigmoid(0.0) == 0.5


def test_sigmoid_saturates_without_overflow_warnings():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        np.testing.assert_array_equal(network.sigmoid(np.array([-1e308, -800.0, 800.0, np.inf])),
                                      [0.0, 0.0, 1.0, 1.0])


def test_sigmoid_writes_into_out_in_place():
    z = np.array([-1.0, 0.0, 2.0])
    out = np.empty(3)
    assert network.sigmoid(z, out=out) is out
    np.testing.assert_allclose(out, 1 / (1 + np.exp(-z)))


def test_forward_is_sigmoid_of_weighted_sums_without_bias():
    net = Network(hidden=6, seed=3)
    x = DIGITS[8]
    hidden_act, output_act = net.forward(x)
    expected_hidden = 1 / (1 + np.exp(-(net.w_ih @ x)))
    np.testing.assert_allclose(hidden_act, expected_hidden, atol=1e-15)
    np.testing.assert_allclose(output_act, 1 / (1 + np.exp(-(net.w_ho @ expected_hidden))), atol=1e-15)
    assert net.predict(x) == int(np.argmax(output_act))


def test_forward_returns_new_arrays_each_time():
    net = Network()
    hidden_a, output_a = net.forward(DIGITS[2])
    hidden_a[:] = 7.0
    hidden_b, output_b = net.forward(DIGITS[2])
    assert hidden_b is not hidden_a and output_b is not output_a
    assert (hidden_b < 1).all()


def test_forward_accepts_a_five_by_five_nested_list():
    net = Network()
    nested = DIGITS[5].reshape(5, 5).tolist()
    np.testing.assert_array_equal(net.forward(nested)[1], net.forward(DIGITS[5])[1])


def test_loss_is_the_sum_of_squared_errors_over_ten_outputs():
    net = Network(seed=9)
    output_act = net.forward(DIGITS[7])[1]
    assert net.loss(DIGITS[7], 7) == pytest.approx(np.sum((network.target_for(7) - output_act) ** 2))


def test_evaluate_matches_image_by_image_predictions_and_losses():
    net = Network(hidden=5, seed=2)
    for i in range(30):
        net.train_step(DIGITS[i % 10], i % 10)
    accuracy, mean_loss = net.evaluate(DIGITS, LABELS)
    pairs = list(zip(DIGITS, LABELS, strict=True))
    assert accuracy == pytest.approx(np.mean([net.predict(image) == label for image, label in pairs]))
    assert mean_loss == pytest.approx(np.mean([net.loss(image, label) for image, label in pairs]))
    np.testing.assert_allclose(net.outputs_all(DIGITS), [net.forward(image)[1] for image in DIGITS])


# --- gradients and one iteration -----------------------------------------------------------------

@pytest.mark.parametrize("hidden,seed,image,label", [(1, 0, GREY, 3), (3, 1, GREY, 0), (10, 2, DIGITS[6], 6)])
def test_gradients_match_central_finite_differences_for_every_weight(hidden, seed, image, label):
    net = Network(hidden=hidden, seed=seed)
    g_ih, g_ho = net.gradients(image, label)
    eps = 1e-6
    for weights, grad in ((net.w_ih, g_ih), (net.w_ho, g_ho)):
        for index in np.ndindex(weights.shape):
            original = weights[index]
            weights[index] = original + eps
            loss_up = net.loss(image, label)
            weights[index] = original - eps
            loss_down = net.loss(image, label)
            weights[index] = original
            numeric = (loss_up - loss_down) / (2 * eps)
            scale = max(abs(numeric), abs(grad[index]), 1e-3)
            assert abs(numeric - grad[index]) / scale < 1e-6, (index, numeric, grad[index])


def test_gradients_leave_the_weights_unchanged():
    net = Network()
    before = net.w_ih.copy(), net.w_ho.copy()
    net.gradients(DIGITS[1], 1)
    np.testing.assert_array_equal(net.w_ih, before[0])
    np.testing.assert_array_equal(net.w_ho, before[1])


def test_train_step_moves_every_weight_by_minus_learning_rate_times_gradient():
    net = Network(hidden=8, learning_rate=0.7, seed=4)
    before_ih, before_ho = net.w_ih.copy(), net.w_ho.copy()
    g_ih, g_ho = net.gradients(GREY, 2)
    expected_loss = net.loss(GREY, 2)
    assert net.train_step(GREY, 2) == pytest.approx(expected_loss, rel=1e-14)
    np.testing.assert_allclose(net.w_ih, before_ih - 0.7 * g_ih, rtol=0, atol=1e-15)
    np.testing.assert_allclose(net.w_ho, before_ho - 0.7 * g_ho, rtol=0, atol=1e-15)


def test_one_iteration_matches_a_hand_computed_step_with_two_hidden_neurons():
    # Image: ink on pixels 0, 6 and 12 only; label 3; learning rate 0.5.
    ink = [0, 6, 12]
    image = np.zeros(25)
    image[ink] = 1.0
    # Hidden 0 sums to 0 on the ink (h0 = 1/2); hidden 1 sums to ln 3 (h1 = 1/(1 + 1/3) = 3/4).
    w_ih = np.full((2, 25), 0.05)
    w_ih[0, ink] = [0.1, 0.2, -0.3]
    w_ih[1, ink] = [0.4, 0.4, math.log(3) - 0.8]
    # Every output gets 0.3 * 1/2 - 0.2 * 3/4 = 0, so every output activation is 1/2.
    w_ho = np.tile([0.3, -0.2], (10, 1))
    net = Network(hidden=2, learning_rate=0.5)
    net.set_weights(w_ih, w_ho)

    loss = net.train_step(image, 3)

    # Loss: nine outputs miss 0 by 1/2, output 3 misses 0.99 by 0.49.
    assert loss == pytest.approx(9 * 0.25 + 0.49**2, abs=1e-12)  # 2.4901
    # dL/dz_o = 2 (o - t) o (1 - o): 2 * 0.5 * 0.25 = 0.25 for k != 3, 2 * -0.49 * 0.25 = -0.245 for k = 3.
    # w_ho[k, j] -= 0.5 * dL/dz_o[k] * h[j], with h = (0.5, 0.75).
    expected_ho = np.tile([0.3 - 0.5 * 0.25 * 0.5, -0.2 - 0.5 * 0.25 * 0.75], (10, 1))
    expected_ho[3] = [0.3 + 0.5 * 0.245 * 0.5, -0.2 + 0.5 * 0.245 * 0.75]
    np.testing.assert_allclose(net.w_ho, expected_ho, rtol=0, atol=1e-12)
    # dL/dz_h[j] = (sum_k w_ho[k, j] dL/dz_o[k]) h_j (1 - h_j), using the weights before the update;
    # sum_k dL/dz_o[k] = 9 * 0.25 - 0.245 = 2.005.
    delta_h0 = 0.3 * 2.005 * (0.5 * 0.5)  # 0.150375
    delta_h1 = -0.2 * 2.005 * (0.75 * 0.25)  # -0.0751875
    expected_ih = w_ih.copy()
    expected_ih[0, ink] -= 0.5 * delta_h0  # inputs are 1 on the ink...
    expected_ih[1, ink] -= 0.5 * delta_h1  # ...and 0 elsewhere, so those weights stay put
    np.testing.assert_allclose(net.w_ih, expected_ih, rtol=0, atol=1e-12)
    assert net.w_ih[0, 1] == 0.05 and net.w_ih[1, 24] == 0.05


def test_setting_the_learning_rate_changes_the_step_size():
    fast, slow = Network(seed=1), Network(seed=1)
    fast.learning_rate = 2.0
    start = slow.w_ho.copy()
    fast.train_step(DIGITS[0], 0)
    slow.train_step(DIGITS[0], 0)
    np.testing.assert_allclose(fast.w_ho - start, 4 * (slow.w_ho - start), rtol=1e-12, atol=1e-16)


# --- validation ----------------------------------------------------------------------------------

@pytest.mark.parametrize("hidden", [0, 65, -3, 10.0, True, "10", None])
def test_bad_hidden_size_is_rejected_with_a_clear_message(hidden):
    with pytest.raises(ValueError, match=r"hidden layer size must be a whole number from 1 to 64"):
        Network(hidden=hidden)


@pytest.mark.parametrize("hidden", [1, 64, np.int64(20)])
def test_hidden_sizes_at_the_limits_are_accepted(hidden):
    assert Network(hidden=hidden).hidden == hidden


@pytest.mark.parametrize("lr", [0, -0.1, 10.01, math.nan, math.inf, True, "0.5", None])
def test_bad_learning_rate_is_rejected_with_a_clear_message(lr):
    message = r"learning rate must be a finite number greater than 0 and at most 10"
    with pytest.raises(ValueError, match=message):
        Network(learning_rate=lr)
    with pytest.raises(ValueError, match=r"learning rate"):
        Network().learning_rate = lr


def test_rejected_learning_rate_leaves_the_old_one():
    net = Network(learning_rate=0.3)
    with pytest.raises(ValueError):
        net.learning_rate = 0
    assert net.learning_rate == 0.3


@pytest.mark.parametrize("lr", [10, 10.0, 1e-6, np.float32(0.25)])
def test_learning_rates_in_range_are_accepted(lr):
    assert Network(learning_rate=lr).learning_rate == float(lr)


@pytest.mark.parametrize("image,message", [
    ([0.0] * 24, r"25 values .*shape \(24,\)"),
    ([0.0] * 26, r"25 values .*shape \(26,\)"),
    ([[0.0] * 5] * 4, r"25 values .*shape \(4, 5\)"),
    ([0.0] * 24 + [math.nan], r"NaN"),
    ([0.0] * 24 + [-0.1], r"from 0 \(white\) to 1 \(black\).*-0\.1"),
    ([0.0] * 24 + [1.5], r"from 0 \(white\) to 1 \(black\).*1\.5"),
    ([0.0] * 24 + [math.inf], r"from 0 \(white\) to 1 \(black\)"),
    ("0" * 25, r"25 numbers, got text"),
    (["0"] * 25, r"only numbers"),
    ([None] * 25, r"only numbers"),
    ([0.0] * 24 + [1j], r"only numbers"),
    ([[0.0] * 5, [0.0]], r"25 numbers"),
    (None, r"only numbers"),
])
def test_bad_image_is_rejected_saying_what_was_wrong(image, message):
    with pytest.raises(ValueError, match=message):
        network.validate_image(image)
    with pytest.raises(ValueError, match=message):
        Network().train_step(image, 0)


def test_valid_image_comes_back_as_a_new_flat_float_array():
    source = DIGITS[4].astype(bool)
    pixels = network.validate_image(source)
    assert pixels.dtype == np.float64 and pixels.shape == (25,)
    np.testing.assert_array_equal(pixels, DIGITS[4])
    assert not np.shares_memory(pixels, DIGITS[4])


@pytest.mark.parametrize("label", [-1, 10, 3.0, True, "3", None])
def test_bad_label_is_rejected_with_a_clear_message(label):
    with pytest.raises(ValueError, match=r"label must be a digit from 0 to 9"):
        Network().train_step(DIGITS[3], label)


@pytest.mark.parametrize("seed", [-1, 1.5, "0", True])
def test_bad_seed_is_rejected(seed):
    with pytest.raises(ValueError, match=r"seed must be a whole number"):
        Network(seed=seed)


def test_evaluate_rejects_mismatched_labels():
    with pytest.raises(ValueError, match=r"10 images but 9 labels"):
        Network().evaluate(DIGITS, LABELS[:9])


def test_set_weights_rejects_wrong_shapes_and_non_finite_values():
    net = Network(hidden=3)
    with pytest.raises(ValueError, match=r"shapes \(3, 25\) and \(10, 3\)"):
        net.set_weights(np.zeros((4, 25)), np.zeros((10, 4)))
    with pytest.raises(ValueError, match=r"finite"):
        net.set_weights(np.full((3, 25), np.inf), np.zeros((10, 3)))


# --- divergence ----------------------------------------------------------------------------------

def trained_network():
    net = Network(seed=11)
    for i in range(20):
        net.train_step(DIGITS[i % 10], i % 10)
    return net


def test_divergence_error_is_an_arithmetic_error():
    assert issubclass(DivergenceError, ArithmeticError)


def test_nan_loss_raises_and_restores_the_last_finite_weights():
    net = trained_network()
    good_ih, good_ho = net.w_ih.copy(), net.w_ho.copy()
    net.w_ih[0, 0] = np.inf  # pixel 0 is white in the 1, so inf * 0 = NaN reaches the loss
    with pytest.raises(DivergenceError, match=r"loss became nan.*Lower the learning rate.*Start over"):
        net.train_step(DIGITS[1], 1)
    np.testing.assert_array_equal(net.w_ih, good_ih)
    np.testing.assert_array_equal(net.w_ho, good_ho)


def test_infinite_weight_with_finite_loss_still_raises_and_restores():
    net = trained_network()
    good_ih, good_ho = net.w_ih.copy(), net.w_ho.copy()
    net.w_ih[0, 2] = np.inf  # pixel 2 is black in the 1: hidden 0 saturates, the loss stays finite
    assert math.isfinite(net.loss(DIGITS[1], 1))
    with pytest.raises(DivergenceError, match=r"weight became infinite or NaN.*learning rate"):
        net.train_step(DIGITS[1], 1)
    assert np.isfinite(net.w_ih).all() and np.isfinite(net.w_ho).all()
    np.testing.assert_array_equal(net.w_ih, good_ih)
    np.testing.assert_array_equal(net.w_ho, good_ho)


def test_non_finite_activations_raise_and_leave_the_weights_as_before(monkeypatch):
    net = trained_network()
    good_ih, good_ho = net.w_ih.copy(), net.w_ho.copy()
    monkeypatch.setattr(network, "sigmoid", lambda z, out=None: np.multiply(z, np.nan, out=out))
    with pytest.raises(DivergenceError, match=r"press Start over"):
        net.train_step(DIGITS[5], 5)
    np.testing.assert_array_equal(net.w_ih, good_ih)
    np.testing.assert_array_equal(net.w_ho, good_ho)

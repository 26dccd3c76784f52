"""The exact texts the page shows: stats, output values, tooltips, the focus caption."""

import math

import pytest
import readouts


@pytest.mark.parametrize("count, text", [(0, "0"), (7, "7"), (999, "999"), (1000, "1,000"),
                                         (12345, "12,345"), (1234567, "1,234,567")])
def test_iterations_use_a_thousands_separator(count, text):
    assert readouts.iterations(count) == text


@pytest.mark.parametrize("share, text", [(0.0, "0%"), (0.1, "10%"), (0.3, "30%"), (0.7, "70%"),
                                         (0.9, "90%"), (1.0, "100%")])
def test_accuracy_is_a_whole_percentage(share, text):
    assert readouts.accuracy(share) == text


def test_accuracy_for_every_count_of_ten_images():
    for correct in range(11):
        assert readouts.accuracy(correct / 10) == f"{10 * correct}%"


def test_loss_before_training_is_n_a():
    assert readouts.loss(None) == "N/A"


@pytest.mark.parametrize("value, text", [(0.0, "0.0000"), (0.693147, "0.6931"), (2.5, "2.5000"),
                                         (0.00004, "0.0000"), (9.87654, "9.8765")])
def test_loss_has_four_decimals(value, text):
    assert readouts.loss(value) == text


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf])
def test_non_finite_loss_says_so(value):
    text = readouts.loss(value)
    assert text == "diverged"


@pytest.mark.parametrize("value, text", [(0.0, "0.000"), (0.12345678, "0.123"), (0.9996, "1.000"),
                                         (1.0, "1.000"), (0.5, "0.500")])
def test_output_value_has_three_decimals(value, text):
    assert readouts.output_value(value) == text


def test_hidden_to_output_weight_tooltip():
    assert readouts.weight_tooltip("ho", 3, 7, 0.41317) == "weight 0.4132 · hidden 3 → output 7"


def test_input_to_hidden_weight_tooltip():
    assert readouts.weight_tooltip("ih", 24, 0, -1.5) == "weight -1.5000 · input 24 → hidden 0"


def test_weight_tooltip_never_shows_negative_zero():
    assert readouts.weight_tooltip("ih", 1, 2, -0.00001) == "weight 0.0000 · input 1 → hidden 2"


@pytest.mark.parametrize(
    "index, text",
    [(0, "input 0 (row 1, column 1) · activation 1.0000"),
     (7, "input 7 (row 2, column 3) · activation 1.0000"),
     (24, "input 24 (row 5, column 5) · activation 1.0000")],
)
def test_input_neuron_tooltip_names_its_row_and_column(index, text):
    assert readouts.neuron_tooltip("input", index, 1.0) == text


def test_hidden_neuron_tooltip():
    assert readouts.neuron_tooltip("hidden", 3, 0.25) == "hidden 3 · activation 0.2500"


def test_output_neuron_tooltip_names_its_digit():
    assert readouts.neuron_tooltip("output", 7, 0.98765) == "output 7 (digit 7) · activation 0.9877"


@pytest.mark.parametrize(
    "kind, index, text",
    [("train", 3, "for training image 3"), ("train", 0, "for training image 0"), ("train", None, ""),
     ("digit", 4, "for digit 4"), ("draw", None, "for your drawing")],
)
def test_shown_caption(kind, index, text):
    assert readouts.shown_caption(kind, index) == text

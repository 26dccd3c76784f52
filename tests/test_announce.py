"""What the page says to screen readers, and how often (py/announce.py, py/numbertext.py)."""

from __future__ import annotations

import math

import announce
import numbertext
import numpy as np
from announce import Pace


def test_a_training_summary_reads_like_a_sentence():
    text = announce.summary(600, 0.9, 0.3067, "train", 9, 3)
    assert text == "Iteration 600, accuracy 90 %, loss 0.31; the network says 3"


def test_the_summary_names_the_picked_digit_or_the_drawing():
    assert announce.summary(1200, 1.0, 0.004, "digit", 3, 3).endswith(
        "accuracy 100 %, loss 0.0040; for digit 3 the network says 3")
    assert announce.summary(0, 0.1, None, "draw", None, 7) == (
        "Iteration 0, accuracy 10 %, no loss yet; for your drawing the network says 7")
    assert "loss diverged" in announce.summary(50, 0.1, math.inf, "train", 0, 1)
    assert announce.summary(12345, 0.5, 0.5, "train", 0, 1).startswith("Iteration 12,345,")


def test_action_texts():
    assert announce.new_network(4, discarded=600) == (
        "New network with 4 hidden neurons; training restarted, 600 iterations discarded.")
    assert announce.new_network(1) == "New network with 1 hidden neuron."
    assert "ready" in announce.ready(10).lower() and "10 hidden neurons" in announce.ready(10)
    assert announce.picked(3, 3, 0.9512) == "Digit 3: the network says 3 (output 3 at 0.95)."
    assert announce.paused("Iteration 5").startswith("Paused.")


def test_pace_lets_one_through_per_interval():
    pace = Pace(5000)
    times = range(0, 20_001, 100)  # a frame every 100 ms for 20 s
    said = [t for t in times if pace.due(t)]
    assert said == [0, 5000, 10000, 15000, 20000]


def test_pace_restart_delays_the_next_one():
    pace = Pace(5000)
    assert pace.due(0)
    pace.restart(4000)  # something else was just said
    assert not pace.due(8000) and pace.due(9000)


def test_a_focused_weight_is_named_with_its_exact_value_and_sign():
    assert announce.spoken_item(("ho", 3, 7), 0.41321) == "Weight from hidden 3 to output 7: 0.4132, positive"
    assert announce.spoken_item(("ih", 12, 0), -1.5) == "Weight from input 12 to hidden 0: -1.5000, negative"
    assert announce.spoken_item(("ih", 0, 0), -0.00001) == "Weight from input 0 to hidden 0: 0.0000, positive"


def test_a_focused_neuron_is_named_with_its_activation():
    assert announce.spoken_item(("input", 7, None), 1.0) == "Input 7, row 2, column 3: activation 1.0000"
    assert announce.spoken_item(("hidden", 2, None), 0.25) == "Hidden neuron 2: activation 0.2500"
    assert announce.spoken_item(("output", 3, None), 0.9, predicted=3) == (
        "Output 3, digit 3: activation 0.9000, the network's answer")
    assert "answer" not in announce.spoken_item(("output", 4, None), 0.1, predicted=3)


def test_number_text_formats_values_and_the_answer():
    assert numbertext.values([0.5, -0.00001, 1 / 3]) == ["0.5000", "0.0000", "0.3333"]
    assert numbertext.values(np.eye(2), decimals=0) == ["1", "0", "0", "1"]
    outputs = np.full(10, 0.1)
    outputs[3] = 0.457
    assert numbertext.answer(outputs, "for digit 3") == (
        "For digit 3 the network says 3: output 3 has the largest activation, 0.457.")
    assert numbertext.answer(outputs, "").startswith("The network says 3")
    rows, cols = numbertext.input_headers()
    assert rows[0] == "row 1" and cols[-1] == "column 5"
    assert numbertext.neuron_headers("hidden", 3) == ["hidden 0", "hidden 1", "hidden 2"]


def test_the_loss_chart_is_named_with_its_numbers():
    assert announce.chart_name([], []) == "Mean loss against iteration: no training yet"
    assert announce.chart_name([100], [0.8371]) == "Mean loss against iteration: 0.837 at iteration 100"
    assert announce.chart_name([100, 200, 300], [0.8, 0.2, 0.3]) == (
        "Mean loss against iteration: 0.800 at iteration 100, lowest 0.200 at iteration 200, "
        "now 0.300 at iteration 300")

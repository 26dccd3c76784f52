"""The words and numbers the page shows: stats, tooltips, output values.

Pure formatting, so the exact text is unit-tested and the views stay dumb.
"""

from __future__ import annotations

import math

from datasets import FIRST_OWN_ROW
from digits import SIZE

LINK_ENDS = {"ih": ("input", "hidden"), "ho": ("hidden", "output")}


def iterations(count: int) -> str:
    return f"{count:,}"


def percent(share: float, space: str = "") -> str:
    """A share (0-1) as a whole percentage: "90%" on the page, "90 %" (space=" ") where it is spoken."""
    return f"{round(100 * share)}{space}%"


def accuracy(share: float) -> str:
    """Share of the ten training images labelled correctly, as a whole percentage."""
    return percent(share)


def no_loss(value: float | None, missing: str = "N/A", diverged: str = "diverged") -> str | None:
    """The word for a loss that is no number yet (None) or no more (diverged); None for a real loss."""
    if value is None:
        return missing
    return None if math.isfinite(value) else diverged


def loss(value: float | None) -> str:
    """Four decimals; below 0.01 three significant digits, below 0.0001 in scientific notation."""
    if (word := no_loss(value)) is not None:
        return word
    if value >= 10:
        return f"{value:.2f}"
    if value >= 0.01 or value == 0:
        return f"{value:.4f}"
    if value >= 0.0001:
        return f"{value:#.3g}"  # 0.00123, 0.000400
    mantissa, exponent = f"{value:.2e}".split("e")
    return f"{mantissa}e{int(exponent)}"  # 2.00e-5


def stalled_notice(learning_rate: float, hidden: int) -> str:
    """What to tell the user when training has saturated (Trainer.saturated)."""
    return (f"Training has stalled: every output neuron is stuck at 0 or 1 on every training image, "
            f"where the sigmoid is flat, so the gradients are almost zero and the weights barely move. "
            f"The learning rate {learning_rate:g} is too large for {hidden} hidden neurons: "
            f"lower it, then press Start over (or New weights).")


def output_value(value: float) -> str:
    return f"{value:.3f}"


def weight_tooltip(layer: str, source: int, target: int, weight: float) -> str:
    """E.g. 'weight 0.4132 · hidden 3 → output 7'."""
    a, b = LINK_ENDS[layer]
    return f"weight {signed_zero_free(weight):.4f} · {a} {source} → {b} {target}"


def signed_zero_free(value: float) -> float:
    """`value`, but 0.0 where four decimals would show "-0.0000"."""
    return 0.0 if abs(value) < 0.00005 else value


def input_cell(index: int) -> tuple[int, int]:
    """Row and column (counted from 1) of input `index` in the 5×5 image."""
    row, col = divmod(index, SIZE)
    return row + 1, col + 1


def neuron_tooltip(layer: str, index: int, activation: float) -> str:
    if layer == "input":
        row, col = input_cell(index)
        return f"input {index} (row {row}, column {col}) · activation {activation:.4f}"
    if layer == "output":
        return f"output {index} (digit {index}) · activation {activation:.4f}"
    return f"{layer} {index} · activation {activation:.4f}"


def shown_caption(kind: str, index: int | None) -> str:
    """What the diagram and the output bars currently show."""
    if kind == "train":
        return f"for training image {index}" if index is not None else ""
    if kind == "digit":
        return f"for digit {index}"
    return "for your drawing"


def chart_point(iteration: int, values) -> str:
    """The chart's readout: 'Iteration 120: loss 1.2345, accuracy 40%'.

    values: (label, value, is_accuracy) per series; accuracy is a fraction 0-1.
    """
    parts = [f"{label} {accuracy(v) if is_accuracy else loss(v)}" for label, v, is_accuracy in values]
    return f"Iteration {iteration:,}: " + ", ".join(parts)


def test_name(index: int, label: int, kind: str) -> str:
    """A test image's name, e.g. 'Test 6: a 1, shifted' (not "digit 1": that names a training digit)."""
    return f"Test {index + 1}: a {label}, {KIND_WORDS[kind]}"


KIND_WORDS = {"style": "drawn another way", "shift": "shifted", "noise": "pixels flipped"}


def test_summary(right: int, total: int) -> str:
    return f"{right} of {total} right"


def own_name(position: int, label: int) -> str:
    """An own example's name, e.g. 'Your example 2: a 7'."""
    return f"Your example {position + 1}: a {label}"


def own_count(count: int, most: int) -> str:
    return f"Your examples ({count} of at most {most}), trained on after the ten digits:"


def picked_caption(kind: str, index: int, label: int, test_kind: str | None = None) -> str:
    """What the diagram shows when the user picked a training row ('train') or a test image ('test')."""
    if kind == "test":
        return f"for test {index + 1} (digit {label}, {KIND_WORDS[test_kind]})"
    if index >= FIRST_OWN_ROW:
        return f"for your example {index - FIRST_OWN_ROW + 1} (digit {label})"
    return f"for digit {index}"

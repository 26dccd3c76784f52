"""What the page says to screen-reader users, and how often: pure texts and a pace keeper.

One polite live region speaks these: the result of an action (Train, Reset, Pause, a picked
digit, a new hidden size), a progress summary at most every PROGRESS_MS while playing, and
"ready" once at start-up. Nothing is spoken per frame.
"""

from __future__ import annotations

import math

import numpy as np
import readouts

PROGRESS_MS = 5000  # while playing, at most one progress summary this often
REDUCED_MOTION_MS = 500  # under prefers-reduced-motion, the diagram redraws at most this often while playing


class Pace:
    """Says whether something throttled is due: at most once per `interval_ms`."""

    def __init__(self, interval_ms: float):
        self.interval_ms = interval_ms
        self.last = -math.inf

    def due(self, now_ms: float) -> bool:
        """True (and the clock restarts) when at least the interval has passed since the last time."""
        if now_ms - self.last >= self.interval_ms:
            self.last = now_ms
            return True
        return False

    def restart(self, now_ms: float) -> None:
        """Count the interval from now (after something was said for another reason)."""
        self.last = now_ms


def _loss(value: float | None) -> str:
    """Two decimals are enough to hear the trend (four below 0.01)."""
    if (word := readouts.no_loss(value, "no loss yet", "loss diverged")) is not None:
        return word
    return f"loss {value:.2f}" if value >= 0.01 else f"loss {value:.4f}"


def verdict(kind: str, index: int | None, predicted: int) -> str:
    """What the network says about the image the diagram shows."""
    if kind == "digit":
        return f"for digit {index} the network says {predicted}"
    if kind == "draw":
        return f"for your drawing the network says {predicted}"
    return f"the network says {predicted}"


def summary(iteration: int, accuracy: float, loss: float | None, kind: str, index: int | None,
            predicted: int) -> str:
    """E.g. 'Iteration 600, accuracy 90 %, loss 0.31; the network says 3'."""
    return (f"Iteration {iteration:,}, accuracy {readouts.percent(accuracy, ' ')}, {_loss(loss)}; "
            f"{verdict(kind, index, predicted)}")


def ready(hidden: int) -> str:
    return f"Ready. A network with {hidden} hidden neurons and random weights; press Play or Train to start."


def new_network(hidden: int, discarded: int = 0) -> str:
    """Said when the hidden size changes: a new network, and what training that threw away."""
    neurons = "neuron" if hidden == 1 else "neurons"
    if discarded:
        return (f"New network with {hidden} hidden {neurons}; training restarted, "
                f"{discarded:,} iterations discarded.")
    return f"New network with {hidden} hidden {neurons}."


def reset() -> str:
    return "New random weights; training restarted."


def playing() -> str:
    return "Playing."


def paused(text: str) -> str:
    return f"Paused. {text}"


def picked(digit: int, predicted: int, activation: float) -> str:
    return f"Digit {digit}: the network says {predicted} (output {predicted} at {activation:.2f})."


def spoken_item(target: tuple, value: float, predicted: int | None = None) -> str:
    """The accessible name of a focused diagram item: its exact value, in words a screen reader
    reads well (no arrows or middle dots)."""
    layer, a, b = target
    value = readouts.signed_zero_free(value)
    if layer in readouts.LINK_ENDS:
        ends = readouts.LINK_ENDS[layer]
        sign = "positive" if value >= 0 else "negative"
        return f"Weight from {ends[0]} {a} to {ends[1]} {b}: {value:.4f}, {sign}"
    if layer == "input":
        row, col = readouts.input_cell(a)
        return f"Input {a}, row {row}, column {col}: activation {value:.4f}"
    if layer == "output":
        note = ", the network's answer" if a == predicted else ""
        return f"Output {a}, digit {a}: activation {value:.4f}{note}"
    return f"Hidden neuron {a}: activation {value:.4f}"


def chart_name(iterations, losses) -> str:
    """The loss chart's accessible name: what it shows, with its first, lowest and latest values."""
    if len(iterations) == 0:
        return "Mean loss against iteration: no training yet"
    first, last = (f"{float(losses[i]):.3f} at iteration {int(iterations[i]):,}" for i in (0, -1))
    if len(iterations) == 1:
        return f"Mean loss against iteration: {first}"
    low = int(np.argmin(losses))  # the first of equal lows
    return (f"Mean loss against iteration: {first}, lowest {float(losses[low]):.3f} at iteration "
            f"{int(iterations[low]):,}, now {last}")

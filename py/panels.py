"""Small HTML views: the stats, the output bars and the training-digit thumbnails.

Each is built once and updated in place, writing only what changed.
"""

from __future__ import annotations

import dom
import readouts
from network import N_OUTPUTS


class StatsView:
    def __init__(self):
        self.iterations = dom.Text(dom.by_id("iterations"))
        self.accuracy = dom.Text(dom.by_id("accuracy"))
        self.loss = dom.Text(dom.by_id("loss"))

    def update(self, iteration: int, accuracy: float, loss) -> None:
        self.iterations.set(readouts.iterations(iteration))
        self.accuracy.set(readouts.accuracy(accuracy))
        self.loss.set(readouts.loss(loss))


class OutputBars:
    """Ten rows: digit, bar, value. The predicted digit's row carries the class `predicted`."""

    def __init__(self, container, caption):
        self.caption = dom.Text(caption)
        self.rows, self.fills, self.values = [], [], []
        for k in range(N_OUTPUTS):
            row = dom.html("div", container, class_="out-row", data_digit=k)
            dom.html("span", row, text=str(k), class_="out-digit")
            bar = dom.html("span", row, class_="out-bar")
            fill = dom.html("span", bar, class_="out-fill")
            value = dom.html("span", row, text="", class_="out-value")
            self.rows.append(row)
            self.fills.append(fill.style)
            self.values.append(dom.Text(value))
        self.scales = [None] * N_OUTPUTS
        self.predicted = None

    def update(self, outputs, predicted: int, caption: str) -> None:
        self.caption.set(caption)
        for k, value in enumerate(outputs.tolist()):
            self.values[k].set(readouts.output_value(value))
            # A transform, not a width: the bar moves without a page layout on every frame.
            scale = f"scaleX({min(max(value, 0.0), 1.0):.3f})"
            if scale != self.scales[k]:
                self.scales[k] = scale
                self.fills[k].transform = scale
        if predicted != self.predicted:
            if self.predicted is not None:
                self.rows[self.predicted].classList.remove("predicted")
            self.rows[predicted].classList.add("predicted")
            self.predicted = predicted


class DigitPicker:
    """The ten training digits as buttons; highlights the one training now or the one picked."""

    def __init__(self, container, images, listeners, on_pick):
        self.buttons = []
        for d, image in enumerate(images):
            button = dom.html("button", container, type="button", class_="thumb", aria_label=f"Digit {d}",
                              aria_pressed="false", data_digit=d)
            for value in image.tolist():
                dom.html("span", button, class_="px on" if value > 0.5 else "px")
            listeners.add(button, "click", lambda event, d=d: on_pick(d))
            self.buttons.append(button)
        self.current = None
        self.selected = None

    def _move(self, attr: str, css: str, index) -> None:
        old = getattr(self, attr)
        if old == index:
            return
        if old is not None:
            self.buttons[old].classList.remove(css)
            if css == "selected":
                self.buttons[old].setAttribute("aria-pressed", "false")
        if index is not None:
            self.buttons[index].classList.add(css)
            if css == "selected":
                self.buttons[index].setAttribute("aria-pressed", "true")
        setattr(self, attr, index)

    def show(self, current=None, selected=None) -> None:
        """`current`: the image training now; `selected`: the one the user picked."""
        self._move("current", "current", current)
        self._move("selected", "selected", selected)

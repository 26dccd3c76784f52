"""Small HTML views: the stats, the output bars and the training-digit thumbnails (marked right/wrong).

Each is built once and updated in place, writing only what changed. Rows and thumbnails
already in the page (pre-rendered into index.html) are adopted rather than built again.
"""

from __future__ import annotations

import dom
import readouts
from marks import RightWrongMark
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
        self.rows = dom.children(container)
        if len(self.rows) != N_OUTPUTS:
            container.innerHTML = ""
            self.rows = []
            for k in range(N_OUTPUTS):
                row = dom.html("div", container, class_="out-row", data_digit=k)
                dom.html("span", row, text=str(k), class_="out-digit")
                bar = dom.html("span", row, class_="out-bar")
                dom.html("span", bar, class_="out-fill")
                dom.html("span", row, text="", class_="out-value")
                self.rows.append(row)
        self.fills = [row.querySelector(".out-fill").style for row in self.rows]
        self.values = [dom.Text(row.querySelector(".out-value")) for row in self.rows]
        self.scales = [getattr(fill, "transform", "") or None for fill in self.fills]
        marked = [k for k, row in enumerate(self.rows) if row.classList.contains("predicted")]
        self.predicted = marked[0] if len(marked) == 1 else None
        for k in marked if self.predicted is None else ():
            self.rows[k].classList.remove("predicted")

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
        self.buttons = dom.children(container)
        if len(self.buttons) != len(images):
            container.innerHTML = ""
            self.buttons = []
            for d, image in enumerate(images):
                button = dom.html("button", container, type="button", class_="thumb", aria_label=f"Digit {d}",
                                  aria_pressed="false", data_digit=d)
                for value in image.tolist():
                    dom.html("span", button, class_="px on" if value > 0.5 else "px")
                self.buttons.append(button)
        for d, button in enumerate(self.buttons):
            listeners.add(button, "click", lambda event, d=d: on_pick(d))
        self.marks = [RightWrongMark(button, f"Digit {d}") for d, button in enumerate(self.buttons)]
        self.judged = None  # the predictions array last marked
        self.current = self._marked("current")
        self.selected = self._marked("selected")

    def _marked(self, css: str):
        marked = [d for d, button in enumerate(self.buttons) if button.classList.contains(css)]
        return marked[0] if len(marked) == 1 else None

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

    def judge(self, predictions, labels) -> None:
        """Mark each thumbnail right or wrong by what the network reads now (training-set order)."""
        if predictions is self.judged:
            return
        self.judged = predictions
        for mark, p, label in zip(self.marks, predictions.tolist(), labels.tolist()):
            mark.set(p == label, p)

    def show(self, current=None, selected=None) -> None:
        """`current`: the image training now; `selected`: the one the user picked."""
        self._move("current", "current", current)
        self._move("selected", "selected", selected)

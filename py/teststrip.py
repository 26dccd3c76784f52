"""The held-out test set on the page: its scores next to the training ones, and a strip of
thumbnails with right/wrong marks; clicking one shows it in the diagram."""

from __future__ import annotations

import dom
import readouts
import thumbs


class TestScores:
    """Test accuracy and test loss, under the training ones in the stats and in the Test card's title."""

    def __init__(self):
        self.accuracy = dom.Text(dom.by_id("test-accuracy"))
        self.loss = dom.Text(dom.by_id("test-loss"))
        self.summary = dom.Text(dom.by_id("test-summary"))

    def update(self, accuracy: float, loss: float, right: int, total: int) -> None:
        self.accuracy.set(readouts.accuracy(accuracy))
        self.loss.set(readouts.loss(loss))
        self.summary.set(readouts.test_summary(right, total))


class TestStrip:
    """The test digits as buttons, one column per digit; each carries a right/wrong mark.
    A strip already in the page (pre-rendered by scripts/render_page.py) is adopted, marks and all."""

    def __init__(self, container, images, labels, kinds, listeners, on_pick):
        self.names = [readouts.test_name(i, int(label), kind) for i, (label, kind)
                      in enumerate(zip(labels.tolist(), kinds, strict=True))]
        self.labels = labels
        self.buttons = dom.children(container)
        self.marks = [button.querySelector(".mark") for button in self.buttons]
        if len(self.buttons) == len(images) and None not in self.marks:
            self.predicted = [thumbs.shown_prediction(b, int(label)) for b, label in zip(self.buttons, labels)]
            pressed = [i for i, button in enumerate(self.buttons) if button.classList.contains("selected")]
            self.selected = pressed[0] if len(pressed) == 1 else None
            for i in pressed if self.selected is None else ():
                thumbs.set_pressed(self.buttons[i], False)
        else:
            container.innerHTML = ""
            self.buttons, self.marks = [], []
            for i, image in enumerate(images):
                button, mark = thumbs.thumb(container, image, self.names[i], data_test=i)
                self.buttons.append(button)
                self.marks.append(mark)
            self.predicted = [None] * len(self.buttons)
            self.selected = None
        for i, button in enumerate(self.buttons):
            listeners.add(button, "click", lambda event, i=i: on_pick(i))
        self.right = [None if p is None else p == int(label) for p, label in zip(self.predicted, labels)]
        self.judged = None  # the predictions array last marked

    def judge(self, predictions) -> None:
        """Mark each test digit by the network's answer (`predictions`, one per test image): its
        class and glyph only when right/wrong flips, its name when the answer changes."""
        if predictions is self.judged:
            return
        self.judged = predictions
        for i, predicted in enumerate(predictions.tolist()):
            if predicted != self.predicted[i]:
                self.predicted[i] = predicted
                right = bool(predicted == self.labels[i])
                thumbs.set_mark(self.buttons[i], self.marks[i], self.names[i], right, predicted,
                                was_right=self.right[i])
                self.right[i] = right

    def show(self, selected: int | None) -> None:
        """`selected`: the test digit picked, if any."""
        if selected != self.selected:
            if self.selected is not None:
                thumbs.set_pressed(self.buttons[self.selected], False)
            if selected is not None:
                thumbs.set_pressed(self.buttons[selected], True)
            self.selected = selected

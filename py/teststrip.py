"""The held-out test set on the page: its scores next to the training ones, and a strip of
thumbnails with right/wrong marks; clicking one shows it in the diagram."""

from __future__ import annotations

import dom
import readouts
import thumbs
from marks import RightWrongMark


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
        names = [readouts.test_name(i, int(label), kind) for i, (label, kind)
                 in enumerate(zip(labels.tolist(), kinds, strict=True))]
        self.labels = labels.tolist()
        self.buttons = dom.children(container)
        if len(self.buttons) != len(images) or any(b.querySelector(".mark") is None for b in self.buttons):
            container.innerHTML = ""
            self.buttons = [thumbs.thumb(container, image, names[i], data_test=i) for i, image in enumerate(images)]
        pressed = [i for i, button in enumerate(self.buttons) if button.classList.contains("selected")]
        self.selected = pressed[0] if len(pressed) == 1 else None
        for i in pressed if self.selected is None else ():
            thumbs.set_pressed(self.buttons[i], False)
        # A pre-rendered mark is adopted as it shows; each is rewritten only when it changes.
        self.marks = [RightWrongMark(button, names[i], label=thumbs.mark_text) for i, button in enumerate(self.buttons)]
        for i, button in enumerate(self.buttons):
            listeners.add(button, "click", lambda event, i=i: on_pick(i))
        self.judged = None  # the predictions array last marked

    def judge(self, predictions) -> None:
        """Mark each test digit by the network's answer (`predictions`, one per test image)."""
        if predictions is self.judged:
            return
        self.judged = predictions
        for mark, predicted, label in zip(self.marks, predictions.tolist(), self.labels):
            mark.set(predicted == label, predicted)

    def show(self, selected: int | None) -> None:
        """`selected`: the test digit picked, if any."""
        if selected != self.selected:
            if self.selected is not None:
                thumbs.set_pressed(self.buttons[self.selected], False)
            if selected is not None:
                thumbs.set_pressed(self.buttons[selected], True)
            self.selected = selected

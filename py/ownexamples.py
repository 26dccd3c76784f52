"""Your own training examples: "Add to training set as [digit]" on the Draw tab, and the examples
after the ten training digits on the Train tab, each with its right/wrong mark and a remove button."""

from __future__ import annotations

import dom
import readouts
import thumbs
from datasets import FIRST_OWN_ROW, MAX_OWN
from marks import RightWrongMark
from network import N_OUTPUTS


class AddExample:
    """The Draw tab's button and digit choice: `on_add(label)` adds the drawing."""

    def __init__(self, listeners, on_add):
        button, self.label = dom.by_id("add-example"), dom.by_id("add-label")
        for digit in range(N_OUTPUTS):
            dom.html("option", self.label, text=str(digit), value=digit)
        listeners.add(button, "click", lambda event: on_add(int(self.label.value)))
        button.disabled = self.label.disabled = False


class OwnExamples:
    """Rebuilt only when the training set changes; one click listener serves every item."""

    def __init__(self, box, listeners, on_pick, on_remove):
        self.box = box
        self.count = dom.Text(box.querySelector(".own-count"))
        self.list = box.querySelector(".own-list")
        self.images = None  # the training set's images array last drawn (a new array on every change)
        self.items = []  # (button, its RightWrongMark) per own example
        self.selected = None
        listeners.add(self.list, "click", lambda event: self._click(event, on_pick, on_remove))

    @staticmethod
    def _click(event, on_pick, on_remove) -> None:
        remove = dom.closest_with(event.target, "data-remove")
        if remove is not None:
            on_remove(int(remove.getAttribute("data-remove")))
            return
        pick = dom.closest_with(event.target, "data-row")
        if pick is not None:
            on_pick(int(pick.getAttribute("data-row")))

    def _rebuild(self, images, labels) -> None:
        self.images = images
        self.list.innerHTML = ""
        self.items, self.selected = [], None
        own = len(labels) - FIRST_OWN_ROW
        for position in range(own):
            row, label = FIRST_OWN_ROW + position, int(labels[FIRST_OWN_ROW + position])
            name = readouts.own_name(position, label)
            item = dom.html("div", self.list, class_="own-item")
            button = thumbs.thumb(item, images[row], name, data_row=row)
            dom.html("span", item, text=str(label), class_="own-label", aria_hidden="true")
            dom.html("button", item, text="×", type="button", class_="own-remove", data_remove=position,
                     aria_label=f"Remove your example {position + 1}")
            self.items.append((button, RightWrongMark(button, name, label=thumbs.mark_text)))
        self.count.set(readouts.own_count(own, MAX_OWN))
        self.box.hidden = own == 0

    def update(self, images, labels, predictions, selected_row: int | None) -> None:
        """Training-set `images`/`labels`/`predictions` (rows 10 on are ours); `selected_row`: picked."""
        if images is not self.images:
            self._rebuild(images, labels)
        own = zip(predictions[FIRST_OWN_ROW:].tolist(), labels[FIRST_OWN_ROW:].tolist(), strict=True)
        for (_, mark), (predicted, label) in zip(self.items, own, strict=True):
            mark.set(predicted == label, predicted)  # writes only what changed
        selected = None if selected_row is None else selected_row - FIRST_OWN_ROW
        if selected != self.selected:
            if self.selected is not None:
                thumbs.set_pressed(self.items[self.selected][0], False)
            if selected is not None:
                thumbs.set_pressed(self.items[selected][0], True)
            self.selected = selected

"""The Draw tab's 5×5 grid (#draw-grid): click, drag (mouse or finger) or keyboard to paint.

A drag paints every cell it crosses with the value the first cell took, like a pen
(or an eraser when it started on a black cell). The image is a numpy array the app reads.
The grid is one tab stop (roving tabindex): arrow keys, Home and End move between cells,
Space or Enter toggles one.
"""

from __future__ import annotations

import dom
import keynav
import numpy as np
from digits import SIZE


class DrawGrid:
    def __init__(self, container, clear_button, listeners, on_change):
        self.container = container
        self.on_change = on_change
        self.pixels = np.zeros(SIZE * SIZE)
        self.cells = []
        for i in range(SIZE * SIZE):
            row, col = divmod(i, SIZE)
            cell = dom.html("button", container, type="button", class_="cell", data_index=i,
                            aria_label=f"Row {row + 1}, column {col + 1}", aria_pressed="false",
                            tabindex="0" if i == 0 else "-1")
            self.cells.append(cell)
        self.pen = None  # value being painted during a drag, else None
        self.stop = 0  # the cell holding the tab stop
        listeners.add(container, "pointerdown", self._down)
        listeners.add(container, "pointermove", self._move)
        listeners.add(container, "pointerup", self._up)
        listeners.add(container, "pointercancel", self._up)
        listeners.add(container, "click", self._click)
        listeners.add(container, "keydown", self._key)
        listeners.add(clear_button, "click", lambda event: self.clear())

    def _index(self, element) -> int | None:
        """The index of `element` if it is one of this grid's cells, else None.

        The diagram's neurons carry data-index too, so the attribute alone proves nothing:
        the element must be the grid's own cell (compared in the browser: proxies differ).
        """
        if element is None or not hasattr(element, "getAttribute"):
            return None
        value = element.getAttribute("data-index")
        if value is None or not (value.isascii() and value.isdigit()) or int(value) >= len(self.cells):
            return None
        index = int(value)
        return index if self.cells[index].isSameNode(element) else None

    def _set(self, index: int, value: float) -> bool:
        """Set one cell; True if it changed."""
        if self.pixels[index] == value:
            return False
        self.pixels[index] = value
        self.cells[index].setAttribute("aria-pressed", "true" if value else "false")
        return True

    def _move_stop(self, index: int) -> None:
        if index != self.stop:
            self.cells[self.stop].setAttribute("tabindex", "-1")
            self.cells[index].setAttribute("tabindex", "0")
            self.stop = index

    def _key(self, event) -> None:
        index = self._index(event.target)
        target = keynav.grid_move(index, event.key) if index is not None else None
        if target is None:
            return
        event.preventDefault()
        self._move_stop(target)
        self.cells[target].focus()

    def _paint(self, index: int, value: float) -> None:
        if self._set(index, value):
            self.on_change()

    def _down(self, event) -> None:
        index = self._index(event.target)
        if index is None:
            return
        event.preventDefault()
        self.pen = 0.0 if self.pixels[index] else 1.0
        self._move_stop(index)
        # Keep receiving moves when a finger or the mouse leaves the first cell.
        self.container.setPointerCapture(event.pointerId)
        self._paint(index, self.pen)

    def _move(self, event) -> None:
        if self.pen is None:
            return
        index = self._index(dom.element_at(event.clientX, event.clientY))
        if index is not None:
            self._paint(index, self.pen)

    def _up(self, event) -> None:
        self.pen = None

    def _click(self, event) -> None:
        # Pointer presses paint on pointerdown; a click with detail 0 comes from the keyboard.
        if event.detail == 0:
            index = self._index(event.target)
            if index is not None:
                self._paint(index, 0.0 if self.pixels[index] else 1.0)

    def set_image(self, image) -> None:
        for i, value in enumerate(np.asarray(image, dtype=float).tolist()):
            self._set(i, 1.0 if value > 0.5 else 0.0)
        self.on_change()

    def clear(self) -> None:
        self.set_image(np.zeros(SIZE * SIZE))

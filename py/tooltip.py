"""The hover tooltip over the diagram: the exact value of the weight or neuron under the pointer.

The pointer (or the keyboard, diagramkeys.py) picks *what* is shown (a layer and indices,
read from the element's data- attributes); `render` calls `update` every frame, so the
number follows training. It goes away with the pointer, on Escape, on a tap anywhere else,
on scrolling and when the tab is hidden, so it never covers the page for good.
"""

from __future__ import annotations

import dom
import readouts

NEURON_LAYERS = ("input", "hidden", "output")


def target_of(element):
    """(layer, a, b) for a diagram element: a weight ('ih'/'ho', from, to), a neuron (layer, index, None),
    or None for anything else."""
    layer = element.getAttribute("data-layer") if hasattr(element, "getAttribute") else None
    if layer in ("ih", "ho"):
        return layer, int(element.getAttribute("data-from")), int(element.getAttribute("data-to"))
    if layer in NEURON_LAYERS:
        return layer, int(element.getAttribute("data-index")), None
    return None


def text_for(target, w_ih, w_ho, image, hidden_act, output_act) -> str | None:
    """The tooltip's text for `target`, or None if the network no longer has it (a smaller H)."""
    layer, a, b = target
    if layer == "ih" and a < w_ih.shape[1] and b < w_ih.shape[0]:
        return readouts.weight_tooltip(layer, a, b, float(w_ih[b, a]))
    if layer == "ho" and a < w_ho.shape[1] and b < w_ho.shape[0]:
        return readouts.weight_tooltip(layer, a, b, float(w_ho[b, a]))
    values = {"input": image, "hidden": hidden_act, "output": output_act}.get(layer)
    if values is not None and a < len(values):
        return readouts.neuron_tooltip(layer, a, float(values[a]))
    return None


class Tooltip:
    def __init__(self, svg, box, listeners, on_change):
        self.box = box
        self.on_change = on_change
        self.target = None  # what the pointer is on, see target_of
        self.text = None
        listeners.add(svg, "pointerover", self._on_over)
        listeners.add(svg, "pointermove", self._place)
        listeners.add(svg, "pointerout", self._on_out)
        listeners.add(svg, "click", self._on_over)
        self.svg = svg
        listeners.add(dom.document, "keydown", self._on_key)
        listeners.add(dom.document, "pointerdown", self._on_press)
        listeners.add(dom.document, "visibilitychange", lambda event: self.hide())
        listeners.add(dom.window, "scroll", lambda event: self.hide())

    def _on_over(self, event) -> None:
        self.target = target_of(event.target)
        if self.target is None:
            self._hide()
            return
        self._place(event)
        self.on_change()

    def _on_out(self, event) -> None:
        if event.pointerType != "touch":  # a tap keeps its tooltip until the next tap
            self._hide()

    def _on_key(self, event) -> None:
        if event.key == "Escape":
            self.hide()

    def _on_press(self, event) -> None:
        """A tap (or click) outside the diagram closes a tooltip a tap opened."""
        if self.target is not None and not self.svg.contains(event.target):
            self.hide()

    def hide(self) -> None:
        if self.target is not None or not self.box.hidden:
            self._hide()

    def show_for(self, target, element) -> None:
        """Show the value of `target` beside `element` (the keyboard's focus)."""
        self.target = target
        box = dom.box_of(element)
        x = min(box.right + 8, dom.window.innerWidth - 260)
        y = min(box.bottom + 6, dom.window.innerHeight - 40)
        self.box.style.left = f"{max(x, 4)}px"
        self.box.style.top = f"{max(y, 4)}px"

    def _hide(self) -> None:
        self.target = None
        self.box.hidden = True

    def _place(self, event) -> None:
        if self.target is None:
            return
        x = min(event.clientX + 14, dom.window.innerWidth - 260)
        y = min(event.clientY + 16, dom.window.innerHeight - 40)
        self.box.style.left = f"{max(x, 4)}px"
        self.box.style.top = f"{max(y, 4)}px"

    def update(self, w_ih, w_ho, image, hidden_act, output_act) -> None:
        """Rewrite the text with the current values (weights move while training)."""
        if self.target is None:
            return
        text = text_for(self.target, w_ih, w_ho, image, hidden_act, output_act)
        if text is None:
            self._hide()
            return
        if text != self.text:
            self.text = text
            self.box.textContent = text
        self.box.hidden = False

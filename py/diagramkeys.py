"""The diagram by keyboard: one tab stop that arrow keys move over neurons and weights.

Roving tabindex: exactly one element of the diagram is focusable, the current item
(keynav.py decides where a key goes). The focused element carries role="img" and an
accessible name with its exact value (announce.spoken_item), and the tooltip shows the
same number beside it. The svg is role="application" so screen readers pass the arrow
keys through. While playing, the name is left alone (it would be re-read on every change);
the tooltip keeps moving, and the name is brought up to date on the next key or on pause.
"""

from __future__ import annotations

import announce
import keynav

ROVING = ("tabindex", "role", "aria-label")


class DiagramKeys:
    def __init__(self, svg, diagram, tooltip, listeners, on_change):
        self.diagram = diagram
        self.tooltip = tooltip
        self.on_change = on_change
        self.item = keynav.FIRST
        self.element = None  # the element holding the tab stop
        self.built = None  # diagram.builds when the tab stop was placed
        self.focused = False
        self.label = None
        listeners.add(svg, "keydown", self._on_key)
        listeners.add(svg, "focusin", self._on_focus)
        listeners.add(svg, "focusout", self._on_blur)

    def _place(self, focus: bool) -> None:
        element = self.diagram.element_for(self.item.target)
        if element is not self.element:
            if self.element is not None:
                for name in ROVING:
                    self.element.removeAttribute(name)
            element.setAttribute("tabindex", "0")
            element.setAttribute("role", "img")
            self.element, self.label = element, None
        if focus:
            element.focus()

    def _on_key(self, event) -> None:
        if event.key == "Escape":
            self.tooltip.hide()
            return
        if event.key not in keynav.KEYS or self.element is None:
            return
        event.preventDefault()
        self.item = keynav.move(self.item, event.key, self.diagram.hidden)
        self._place(focus=True)
        self.tooltip.show_for(self.item.target, self.element)
        self.on_change()

    def _on_focus(self, event) -> None:
        """Focus reached the tab stop (a click on the diagram's background focuses only the svg)."""
        if self.element is None or event.target.getAttribute("tabindex") != "0":
            return
        self.focused = True
        self.tooltip.show_for(self.item.target, self.element)
        self.on_change()

    def _on_blur(self, event) -> None:
        self.focused = False
        self.tooltip.hide()

    def update(self, w_ih, w_ho, image, hidden_act, output_act, predicted: int, running: bool) -> None:
        """Keep the tab stop on a live element (a new hidden size rebuilds the diagram) and its
        accessible name on the current value."""
        if self.built != self.diagram.builds:
            self.built = self.diagram.builds
            self.item = keynav.clamp(self.item, self.diagram.hidden)
            self.element = None  # the old elements are gone
            self._place(focus=self.focused)
        if running and self.label is not None:
            return
        value = keynav.value_of(self.item.target, w_ih, w_ho, image, hidden_act, output_act)
        label = announce.spoken_item(self.item.target, value, predicted)
        if label != self.label:
            self.label = label
            self.element.setAttribute("aria-label", label)

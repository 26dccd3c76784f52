"""The right/wrong mark on a thumbnail: class `right` or `wrong`, a glyph, and words in its name.

Not colour alone: the glyph (✓ / ✗) shows it at a glance and the accessible name says
"correct" or "wrong". Any thumbnail can carry one (training digits, test images).
"""

from __future__ import annotations

import dom

GLYPHS = {True: "✓", False: "✗"}


def mark_label(name: str, right: bool, predicted: int | None) -> str:
    """The accessible name: 'Digit 3, correct' or 'Digit 3, wrong: the network says 5'."""
    return f"{name}, correct" if right else f"{name}, wrong: the network says {predicted}"


class RightWrongMark:
    """Marks one element (a button or a figure) right or wrong; writes only on a change.
    `label(name, right, predicted)` words its accessible name (the training digits' by default)."""

    def __init__(self, element, name: str, label=mark_label):
        self.element = element
        self.name = name
        self.label = label
        self.shown = None  # (right, predicted) last written
        self.glyph = element.querySelector(".mark")
        if self.glyph is None:
            self.glyph = dom.html("span", element, class_="mark", aria_hidden="true")
        else:  # pre-rendered into index.html (scripts/render_page.py): adopt what it shows
            said = (element.getAttribute("aria-label") or "").rpartition("says ")[2]
            if element.classList.contains("right"):
                self.shown = (True, None)
            elif element.classList.contains("wrong") and said.isdigit():
                self.shown = (False, int(said))

    def set(self, right: bool | None, predicted: int | None = None) -> None:
        """right: True, False, or None for no mark (nothing to judge yet)."""
        shown = (right, predicted if right is False else None)
        if shown == self.shown:
            return
        old_right = self.shown[0] if self.shown else None
        self.shown = shown
        if right != old_right:
            if old_right is not None:
                self.element.classList.remove("right" if old_right else "wrong")
            if right is not None:
                self.element.classList.add("right" if right else "wrong")
            self.glyph.textContent = GLYPHS.get(right, "")
        self.element.setAttribute("aria-label", self.name if right is None else self.label(self.name, right, predicted))

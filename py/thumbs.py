"""Digit thumbnails with a right/wrong mark, shared by the test strip and the own examples.

A mark is never colour alone: the class `right`/`wrong` colours the frame, a glyph (✓ / ✗)
shows it, and the button's accessible name says "correct" or "wrong".
"""

from __future__ import annotations

import dom


def thumb(parent, image, name: str, **attrs):
    """A thumbnail button showing `image` (25 values), with an empty mark (marks.RightWrongMark fills it)."""
    button = dom.html("button", parent, type="button", class_="thumb", aria_label=name,
                      aria_pressed="false", **attrs)
    for value in image.tolist():
        dom.html("span", button, class_="px on" if value > 0.5 else "px")
    dom.html("span", button, class_="mark", aria_hidden="true")
    return button


def mark_text(name: str, right: bool, predicted: int) -> str:
    """The accessible name with its mark: "Test 3, digit 0: correct" / "...: wrong, the network says 8"."""
    return f"{name}: correct" if right else f"{name}: wrong, the network says {predicted}"


def set_pressed(button, pressed: bool) -> None:
    button.classList.toggle("selected", pressed)
    button.setAttribute("aria-pressed", "true" if pressed else "false")

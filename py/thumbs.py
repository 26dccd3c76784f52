"""Digit thumbnails with a right/wrong mark, shared by the test strip and the own examples.

A mark is never colour alone: the class `right`/`wrong` colours the frame, a glyph (✓ / ✗)
shows it, and the button's accessible name says "correct" or "wrong".
"""

from __future__ import annotations

import dom

GLYPHS = {True: "✓", False: "✗"}


def thumb(parent, image, name: str, **attrs):
    """A thumbnail button showing `image` (25 values), with an empty mark; returns (button, mark)."""
    button = dom.html("button", parent, type="button", class_="thumb", aria_label=name,
                      aria_pressed="false", **attrs)
    for value in image.tolist():
        dom.html("span", button, class_="px on" if value > 0.5 else "px")
    mark = dom.html("span", button, class_="mark", aria_hidden="true")
    return button, mark


def mark_text(name: str, right: bool, predicted: int) -> str:
    """The accessible name with its mark: "Test 3, digit 0: correct" / "...: wrong, the network says 8"."""
    return f"{name}: correct" if right else f"{name}: wrong, the network says {predicted}"


def set_mark(button, mark, name: str, right: bool, predicted: int, was_right: bool | None = None) -> None:
    """Write one thumbnail's mark (the caller calls this only when the answer changed); the class
    and glyph only if right/wrong differs from `was_right`, what it showed before (None: unknown)."""
    if right != was_right:
        button.classList.remove("wrong" if right else "right")
        button.classList.add("right" if right else "wrong")
        mark.textContent = GLYPHS[right]
    button.setAttribute("aria-label", mark_text(name, right, predicted))


def shown_prediction(button, label: int) -> int | None:
    """What a thumbnail already in the page says the network reads (None: no mark yet), so a
    pre-rendered one is adopted without a write."""
    if button.classList.contains("right"):
        return label
    said = (button.getAttribute("aria-label") or "").rpartition("says ")[2]
    return int(said) if button.classList.contains("wrong") and said.isdigit() else None


def set_pressed(button, pressed: bool) -> None:
    button.classList.toggle("selected", pressed)
    button.setAttribute("aria-pressed", "true" if pressed else "false")

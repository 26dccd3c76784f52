"""Keyboard shortcuts: one table drives both what a key does and the help that lists it.

A shortcut never fires while the user types in a field, with a modifier held, or when
the focused control already handled the key (Space on a button presses that button).
"""

from __future__ import annotations

import dom

# (key as shown, event.key values, action name, what it does)
SHORTCUTS = (
    ("Space", (" ", "Spacebar"), "toggle_play", "Play / Pause"),
    ("S", ("s", "S"), "step", "Step: one iteration"),
    ("T", ("t", "T"), "train_batch", "Train a batch"),
    ("R", ("r", "R"), "reset", "Reset"),
    ("?", ("?",), "toggle_help", "Show or hide this list"),
)
TYPING_TAGS = {"input", "select", "textarea"}
SPACE_PRESSES = {"button", "a", "summary"}  # Space already activates these


def action_for(key: str, tag: str, editable: bool = False, modifier: bool = False,
               handled: bool = False) -> str | None:
    """The action a keydown asks for, or None. tag: the focused element's tag name."""
    tag = (tag or "").lower()
    if handled or modifier or editable or tag in TYPING_TAGS:
        return None
    for _, keys, action, _ in SHORTCUTS:
        if key in keys:
            if action == "toggle_play" and tag in SPACE_PRESSES:
                return None
            return action
    return None


class ShortcutKeys:
    """Listens on the document; fills the help, a <details> element, from the table."""

    def __init__(self, listeners, help_details, actions: dict):
        self.actions = actions
        self.help = help_details
        dom.html("summary", self.help, text="Keyboard shortcuts (?)")
        table = dom.html("dl", self.help)
        for shown, _, _, what in SHORTCUTS:
            dom.html("dt", table).appendChild(dom.html("kbd", text=shown))
            dom.html("dd", table, text=what)
        listeners.add(dom.document, "keydown", self._on_key)

    def _on_key(self, event) -> None:
        target = event.target
        tag = getattr(target, "tagName", "") or ""
        editable = bool(getattr(target, "isContentEditable", False))
        modifier = any(getattr(event, name, False) for name in ("ctrlKey", "metaKey", "altKey"))
        handled = bool(getattr(event, "defaultPrevented", False))
        action = action_for(event.key, tag, editable, modifier, handled)
        if action is None:
            return
        event.preventDefault()  # Space would scroll the page
        if action == "toggle_help":
            self.help.open = not self.help.open
        else:
            self.actions[action]()

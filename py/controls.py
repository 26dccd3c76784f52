"""The training controls and the tabs: each input calls one callback; `show` reflects the state.

Controls never read or change the app: they are handed callbacks, and `render` calls
`show` once per frame, which writes only what changed.
"""

from __future__ import annotations

import dom
import settings as config


class Controls:
    def __init__(self, listeners, *, toggle_play, step, train, reset, restart, set_hidden, set_lr, set_speed,
                 select_tab):
        self.play_button = dom.by_id("play")
        self.play_label = self.play_button.querySelector(".label")
        self.play_icon = self.play_button.querySelector(".icon")
        self.hidden = dom.by_id("hidden")
        self.hidden_value = dom.by_id("hidden-value")
        self.lr = dom.by_id("lr")
        self.lr_value = dom.by_id("lr-value")
        self.speed = dom.by_id("speed")
        self.tabs = {name: dom.by_id(f"tab-{name}") for name in config.TABS}
        self.panels = {name: dom.by_id(f"panel-{name}") for name in config.TABS}
        self.shown = {}  # slot -> the value last written to it

        on = listeners.add
        on(self.play_button, "click", lambda event: toggle_play())
        on(dom.by_id("step"), "click", lambda event: step())
        on(dom.by_id("train"), "click", lambda event: train())
        on(dom.by_id("reset"), "click", lambda event: reset())
        on(dom.by_id("restart"), "click", lambda event: restart())
        # The label follows every step; the new network (which restarts training) comes on `change`:
        # once per key press, once when a drag ends.
        on(self.hidden, "input", lambda event: self._edited("hidden", setattr, self.hidden_value, "textContent",
                                                           self.hidden.value))
        on(self.hidden, "change", lambda event: self._edited("hidden", set_hidden, int(self.hidden.value)))
        on(self.lr, "input", lambda event: self._edited("lr", set_lr, config.slider_to_lr(int(self.lr.value))))
        on(self.speed, "change", lambda event: self._edited("speed", set_speed, int(self.speed.value)))
        for name, tab in self.tabs.items():
            on(tab, "click", lambda event, name=name: select_tab(name))
            on(tab, "keydown", lambda event, name=name: self._on_tab_key(event, name, select_tab))
        for element in (self.play_button, self.speed, self.hidden, self.lr):
            element.disabled = False
        for name in ("train", "reset", "restart", "step"):
            dom.by_id(name).disabled = False

    def _edited(self, slot: str, callback, *args) -> None:
        """The user changed a control, so the page no longer shows what `show` last wrote there:
        forget it, and the next `show` writes the state's value whatever it is (an import, a reset
        or a refused value may bring back the value written before the edit)."""
        self.shown.pop(slot, None)
        callback(*args)

    def _changed(self, slot: str, value) -> bool:
        if self.shown.get(slot, ()) == value:
            return False
        self.shown[slot] = value
        return True

    def show(self, settings: config.Settings, running: bool) -> None:
        if self._changed("running", running):
            label = "Pause" if running else "Play"
            self.play_label.textContent = label
            self.play_icon.textContent = "❚❚" if running else "▶"
            self.play_button.setAttribute("aria-label", label)
        if self._changed("hidden", settings.hidden):
            self.hidden.value = str(settings.hidden)
            self.hidden_value.textContent = str(settings.hidden)
        if self._changed("lr", settings.lr):
            text = config.format_lr(settings.lr)
            self.lr.value = str(config.lr_to_slider(settings.lr))
            self.lr_value.textContent = text
            self.lr.setAttribute("aria-valuetext", text)
        if self._changed("speed", settings.speed):
            self.speed.value = str(settings.speed)
        if self._changed("tab", settings.tab):
            for name, element in self.tabs.items():
                selected = name == settings.tab
                element.setAttribute("aria-selected", "true" if selected else "false")
                element.setAttribute("tabindex", "0" if selected else "-1")
                self.panels[name].hidden = not selected

    def _on_tab_key(self, event, current: str, select_tab) -> None:
        """Arrow keys, Home and End move between tabs (the ARIA tabs pattern)."""
        names = list(self.tabs)
        at = names.index(current)
        step = {"ArrowLeft": -1, "ArrowRight": 1, "Home": -at, "End": len(names) - 1 - at}.get(event.key)
        if step is None:
            return
        event.preventDefault()
        name = names[(at + step) % len(names)]
        select_tab(name)
        self.tabs[name].focus()


class Notice:
    """A short visible notice; textContent, so nothing in it is ever parsed as HTML."""

    def __init__(self, listeners):
        self.box = dom.by_id("notice")
        self.text = self.box.querySelector(".notice-text")
        listeners.add(self.box.querySelector(".notice-close"), "click", lambda event: self.hide())

    def show(self, text: str) -> None:
        self.text.textContent = text
        self.box.hidden = False

    def hide(self) -> None:
        self.box.hidden = True

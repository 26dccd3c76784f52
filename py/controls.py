"""Binds the page's controls to the app's actions, and shows what the controls reflect.

Buttons, sliders, speed, tabs, copy-link, notices and the hover tooltip live here so
`app.py` keeps only state, actions and rendering.
"""

from __future__ import annotations

import asyncio
import traceback

from js import console, document, history, location, navigator, window

import dom
import readouts
import settings as config


class Controls:
    def __init__(self, app, listeners):
        self.app = app
        self.play_button = dom.by_id("play")
        self.play_label = self.play_button.querySelector(".label")
        self.play_icon = self.play_button.querySelector(".icon")
        self.hidden = dom.by_id("hidden")
        self.hidden_value = dom.by_id("hidden-value")
        self.lr = dom.by_id("lr")
        self.lr_value = dom.by_id("lr-value")
        self.speed = dom.by_id("speed")
        self.tabs = {"train": dom.by_id("tab-train"), "draw": dom.by_id("tab-draw")}
        self.panels = {"train": dom.by_id("panel-train"), "draw": dom.by_id("panel-draw")}
        self.notice = dom.by_id("notice")
        self.share_url = dom.by_id("share-url")
        self.tooltip = dom.by_id("tooltip")
        self.hovered = None  # (layer, a, b) of the element under the pointer
        self.url = ""

        on = listeners.add
        on(self.play_button, "click", self._guard(lambda e: app.toggle_play()))
        on(dom.by_id("train"), "click", self._guard(lambda e: app.train_batch()))
        on(dom.by_id("reset"), "click", self._guard(lambda e: app.reset()))
        on(self.hidden, "input", self._guard(self._on_hidden))
        on(self.lr, "input", self._guard(self._on_lr))
        on(self.speed, "change", self._guard(lambda e: app.set_speed(int(self.speed.value))))
        on(dom.by_id("clear-draw"), "click", self._guard(lambda e: app.drawing.clear()))
        on(dom.by_id("copy-link"), "click", self._guard(self._copy_link))
        on(self.notice.querySelector(".notice-close"), "click", lambda e: setattr(self.notice, "hidden", True))
        for name, tab in self.tabs.items():
            on(tab, "click", self._guard(lambda e, name=name: app.select_tab(name)))
            on(tab, "keydown", self._guard(self._on_tab_key))
        svg = dom.by_id("network")
        on(svg, "pointerover", self._guard(self._on_pointer_over))
        on(svg, "pointermove", self._guard(self._place_tooltip))
        on(svg, "pointerout", self._guard(self._on_pointer_out))
        on(svg, "click", self._guard(self._on_pointer_over))
        dom.by_id("batch-size").textContent = str(config.BATCH_SIZE)
        for element in (self.play_button, dom.by_id("train"), dom.by_id("reset"), self.speed, self.hidden,
                        self.lr, dom.by_id("copy-link")):
            element.disabled = False

    def _guard(self, handler):
        """Run a handler; if it fails, say so on the page (and in the console for developers)."""

        def run(event):
            try:
                handler(event)
            except Exception as exc:
                self.fail(exc)

        return run

    def fail(self, exc: BaseException) -> None:
        console.error("nnviz: " + "".join(traceback.format_exception(exc)))
        self.notify(f"Something went wrong: {exc}. Press Reset to start again.")

    # ---- reflecting state -----------------------------------------------------------------

    def show_settings(self, s: config.Settings) -> None:
        self.hidden.value = str(s.hidden)
        self.hidden_value.textContent = str(s.hidden)
        self.lr.value = str(config.lr_to_slider(s.lr))
        self._show_lr(s.lr)
        self.speed.value = str(s.speed)
        full = dom.by_id("full-page-link")
        full.href = "./?" + config.to_query(config.Settings(s.hidden, s.lr, s.seed, s.speed, s.tab, False))

    def _show_lr(self, lr: float) -> None:
        text = config.format_lr(lr)
        self.lr_value.textContent = text
        self.lr.setAttribute("aria-valuetext", text)

    def show_running(self, running: bool) -> None:
        label = "Pause" if running else "Play"
        self.play_label.textContent = label
        self.play_icon.textContent = "❚❚" if running else "▶"
        self.play_button.setAttribute("aria-label", label)

    def show_tab(self, tab: str) -> None:
        for name, element in self.tabs.items():
            selected = name == tab
            element.setAttribute("aria-selected", "true" if selected else "false")
            element.setAttribute("tabindex", "0" if selected else "-1")
            self.panels[name].hidden = not selected

    def notify(self, text: str) -> None:
        """A short visible notice; textContent, so nothing in it is ever parsed as HTML."""
        self.notice.querySelector(".notice-text").textContent = text
        self.notice.hidden = False

    def remember_url(self, query: str) -> None:
        """Keep the address bar in step with the settings, so the URL itself is shareable."""
        self.url = location.origin + location.pathname + "?" + query
        try:
            history.replaceState(None, "", "?" + query)
        except Exception:  # some embedding contexts forbid it; the copy-link button still works
            pass

    # ---- handlers -------------------------------------------------------------------------

    def _on_hidden(self, event) -> None:
        value = int(self.hidden.value)
        self.hidden_value.textContent = str(value)
        self.app.set_hidden(value)

    def _on_lr(self, event) -> None:
        lr = config.slider_to_lr(int(self.lr.value))
        self._show_lr(lr)
        self.app.set_learning_rate(lr)

    def _on_tab_key(self, event) -> None:
        if event.key in ("ArrowLeft", "ArrowRight", "Home", "End"):
            event.preventDefault()
            names = list(self.tabs)
            current = names.index(self.app.settings.tab)
            step = {"ArrowLeft": -1, "ArrowRight": 1, "Home": -current, "End": len(names) - 1 - current}
            name = names[(current + step[event.key]) % len(names)]
            self.app.select_tab(name)
            self.tabs[name].focus()

    def _copy_link(self, event) -> None:
        url = self.url or location.href
        self.share_url.value = url
        self.share_url.hidden = False
        self.share_url.select()

        async def copy():
            try:  # the clipboard can be refused (an iframe without permission, an insecure origin)
                await navigator.clipboard.writeText(url)
                self.notify("Link copied to the clipboard.")
            except Exception:
                self.notify("Copy the selected link below.")

        asyncio.ensure_future(copy())

    # ---- tooltip --------------------------------------------------------------------------

    def _on_pointer_over(self, event) -> None:
        target = event.target
        layer = target.getAttribute("data-layer") if hasattr(target, "getAttribute") else None
        if layer in ("ih", "ho"):
            self.hovered = (layer, int(target.getAttribute("data-from")), int(target.getAttribute("data-to")))
        elif layer in ("input", "hidden", "output"):
            self.hovered = (layer, int(target.getAttribute("data-index")), None)
        else:
            self._hide_tooltip()
            return
        self._place_tooltip(event)
        self.app.request_render()

    def _on_pointer_out(self, event) -> None:
        if event.pointerType != "touch":  # a tap keeps its tooltip until the next tap
            self._hide_tooltip()

    def _hide_tooltip(self) -> None:
        self.hovered = None
        self.tooltip.hidden = True

    def _place_tooltip(self, event) -> None:
        if self.hovered is None:
            return
        x = min(event.clientX + 14, window.innerWidth - 260)
        y = min(event.clientY + 16, window.innerHeight - 40)
        self.tooltip.style.left = f"{max(x, 4)}px"
        self.tooltip.style.top = f"{max(y, 4)}px"

    def refresh_tooltip(self, hidden_act, output_act, image) -> None:
        """Rewrite the tooltip with current values (weights move while training)."""
        if self.hovered is None:
            return
        layer, a, b = self.hovered
        net = self.app.trainer.network
        if layer == "ih" and a < 25 and b < net.hidden:
            text = readouts.weight_tooltip(layer, a, b, float(net.w_ih[b, a]))
        elif layer == "ho" and a < net.hidden and b < 10:
            text = readouts.weight_tooltip(layer, a, b, float(net.w_ho[b, a]))
        elif layer == "input" and a < 25:
            text = readouts.neuron_tooltip(layer, a, float(image[a]))
        elif layer == "hidden" and a < len(hidden_act):
            text = readouts.neuron_tooltip(layer, a, float(hidden_act[a]))
        elif layer == "output" and a < 10:
            text = readouts.neuron_tooltip(layer, a, float(output_act[a]))
        else:
            self._hide_tooltip()
            return
        if self.tooltip.textContent != text:
            self.tooltip.textContent = text
        self.tooltip.hidden = False

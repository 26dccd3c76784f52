"""The app: one state, the actions that change it, and one render per animation frame.

Data flows one way: an input event calls an action, the action changes the state
(settings, trainer, what is shown), and `render` brings every view up to date on the
next animation frame, however many iterations ran in between.
"""

from __future__ import annotations

import json
from dataclasses import replace

import numpy as np
from js import JSON, Object, document, performance, requestAnimationFrame, window
from pyodide.ffi import create_proxy

import controls
import dom
import readouts
import settings as config
from diagram import Diagram
from digits import DIGITS
from drawgrid import DrawGrid
from losschart import LossChart
from panels import DigitPicker, OutputBars, StatsView
from trainer import Trainer

CHART_INTERVAL_MS = 100  # while playing, the chart redraws at most this often
PERF_WINDOW = 600  # frames kept for the benchmark's statistics


def wasm_memory_bytes() -> int:
    """Size of Pyodide's WebAssembly memory (for the memory benchmark); -1 if unreachable."""
    try:
        import pyodide_js

        return int(pyodide_js._module.HEAP8.buffer.byteLength)  # private API: guarded
    except Exception:
        return -1


class App:
    def __init__(self, query: str):
        self.settings, notices = config.parse_query(query)
        s = self.settings
        self.trainer = Trainer(hidden=s.hidden, learning_rate=s.lr, seed=s.seed)
        self.running = False
        self.focus = ("train", None)  # ("train", None) | ("digit", d) | ("draw", None)
        self.structure_dirty = True
        self.history_version = 0
        self.frame_pending = False
        self.last_chart_ms = -1e9
        self.frame_ms = np.zeros(PERF_WINDOW)
        self.frame_writes = np.zeros(PERF_WINDOW)
        self.frames = 0

        self.listeners = dom.Listeners()
        self.diagram = Diagram(dom.by_id("network"))
        self.chart = LossChart(dom.by_id("loss-chart"))
        self.stats = StatsView()
        self.outputs = OutputBars(dom.by_id("outputs"), dom.by_id("outputs-caption"))
        self.picker = DigitPicker(dom.by_id("inputs"), DIGITS, self.listeners, self.pick_digit)
        self.drawing = DrawGrid(dom.by_id("draw-grid"), self.listeners, self.request_render)
        self.draw_prediction = dom.Text(dom.by_id("draw-prediction"))
        self.ui = controls.Controls(self, self.listeners)
        self._frame_proxy = create_proxy(self._frame)
        if s.embed:
            document.body.classList.add("embed")
        self.ui.show_settings(self.settings)
        if notices:
            self.ui.notify(" ".join(notices))
        self.select_tab(s.tab)
        self.render(force_chart=True)

    # ---- actions -------------------------------------------------------------------------

    def play(self) -> None:
        if self.trainer.diverged:
            self.ui.notify(self.trainer.diverged)
            return
        self.running = True
        self.focus = ("train", None) if self.focus[0] != "draw" else self.focus
        self.ui.show_running(True)
        self.diagram.set_animating(True)
        self.request_render()

    def pause(self) -> None:
        self.running = False
        self.ui.show_running(False)
        self.diagram.set_animating(False)
        self.request_render()

    def toggle_play(self) -> None:
        self.pause() if self.running else self.play()

    def train_batch(self) -> None:
        self.trainer.step(config.BATCH_SIZE)
        self._after_training()
        if self.focus[0] == "digit":
            self.focus = ("train", None)
        self.request_render(force_chart=True)

    def reset(self) -> None:
        self.pause()
        self.trainer.reset()
        self._changed(seed=self.trainer.seed)
        self.history_version += 1
        self.request_render(force_chart=True)

    def set_hidden(self, hidden: int) -> None:
        if hidden == self.trainer.hidden:
            return
        self.trainer.set_hidden(hidden)
        self.structure_dirty = True
        self.history_version += 1
        self._changed(hidden=hidden)
        self.request_render(force_chart=True)

    def set_learning_rate(self, lr: float) -> None:
        self.trainer.set_learning_rate(lr)
        self._changed(lr=lr)

    def set_speed(self, speed: int) -> None:
        if speed in config.SPEEDS:
            self._changed(speed=speed)

    def pick_digit(self, digit: int) -> None:
        """Feed a training digit through the network and hold it in the diagram."""
        if self.running:
            self.pause()
        self.focus = ("digit", digit)
        self.request_render()

    def select_tab(self, tab: str) -> None:
        self.ui.show_tab(tab)
        if tab == "draw":
            self.focus = ("draw", None)
        elif self.focus[0] == "draw":
            self.focus = ("train", None)
        self._changed(tab=tab)
        self.request_render()

    def _changed(self, **fields) -> None:
        self.settings = replace(self.settings, **fields)
        self.ui.remember_url(config.to_query(self.settings))

    def _after_training(self) -> None:
        self.history_version += 1
        if self.trainer.diverged:
            self.pause()
            self.ui.notify(self.trainer.diverged)

    # ---- frames --------------------------------------------------------------------------

    def request_render(self, force_chart: bool = False) -> None:
        if force_chart:
            self.last_chart_ms = -1e9
        if not self.frame_pending:
            self.frame_pending = True
            requestAnimationFrame(self._frame_proxy)

    def _frame(self, timestamp) -> None:
        self.frame_pending = False
        start = performance.now()
        writes_before = dom.stats.writes
        try:
            if self.running:
                self.trainer.step(self.settings.speed)
                self._after_training()
            self.render()
        except Exception as exc:  # keep the page alive and say what broke
            self.running = False
            self.ui.show_running(False)
            self.ui.fail(exc)
            raise
        slot = self.frames % PERF_WINDOW
        self.frame_ms[slot] = performance.now() - start
        self.frame_writes[slot] = dom.stats.writes - writes_before
        self.frames += 1
        if self.running:
            self.request_render()

    def focus_image(self):
        kind, index = self.focus
        if kind == "digit":
            return DIGITS[index], "digit", index
        if kind == "draw":
            return self.drawing.pixels, "draw", None
        t = self.trainer
        shown = t.last_index if t.last_index is not None else t.next_index
        return DIGITS[shown], "train", shown

    def render(self, force_chart: bool = False) -> None:
        t = self.trainer
        net = t.network
        if self.structure_dirty:
            self.diagram.build(t.hidden, net.w_ih, net.w_ho)
            self.structure_dirty = False
        image, kind, index = self.focus_image()
        hidden_act, output_act = net.forward(image)
        predicted = int(np.argmax(output_act))
        self.diagram.update(net.w_ih, net.w_ho, image, hidden_act, output_act, predicted)
        self.stats.update(t.iteration, t.accuracy, t.loss)
        self.outputs.update(output_act, predicted, readouts.focus_caption(kind, index))
        self.picker.show(current=index if kind == "train" and t.iteration > 0 else None,
                         selected=index if kind == "digit" else None)
        if kind == "draw":
            self.draw_prediction.set(str(predicted))
        now = performance.now()
        if force_chart or not self.running or now - self.last_chart_ms >= CHART_INTERVAL_MS:
            self.last_chart_ms = now
            h = t.history
            self.chart.update(h.iterations, h.losses, (self.history_version, len(h), h.last))
        self.ui.refresh_tooltip(hidden_act, output_act, image)

    # ---- the scripting API (window.nnviz) -----------------------------------------------------

    def state(self) -> dict:
        t = self.trainer
        return {
            "iteration": t.iteration,
            "accuracy": round(100 * t.accuracy, 6),
            "loss": t.loss,
            "hidden": t.hidden,
            "learningRate": t.learning_rate,
            "seed": t.seed,
            "running": self.running,
            "speed": self.settings.speed,
            "tab": self.settings.tab,
            "diverged": t.diverged,
            "weights": {"inputHidden": t.network.w_ih.tolist(), "hiddenOutput": t.network.w_ho.tolist()},
            "trainingImages": DIGITS.tolist(),
        }

    def perf(self) -> dict:
        """Per-frame Python time and DOM writes over the last frames (for `make bench`)."""
        n = min(self.frames, PERF_WINDOW)
        ms, writes = self.frame_ms[:n], self.frame_writes[:n]
        return {
            "frames": self.frames,
            "frameMs": ms.tolist(),
            "writes": writes.tolist(),
            "totalWrites": dom.stats.writes,
        }

    def time_training(self, hidden: int, iterations: int) -> dict:
        """µs per iteration of a fresh network's batch, without touching the page's state."""
        trainer = Trainer(hidden=int(hidden), learning_rate=0.5, seed=0)
        start = performance.now()
        trainer.step(int(iterations))
        elapsed = performance.now() - start
        return {"hidden": int(hidden), "iterations": int(iterations), "usPerIteration": 1000 * elapsed / iterations}

    def install_api(self) -> None:
        def plain(value):
            """Plain JS data: through JSON, so None arrives as null and nothing stays a proxy."""
            return JSON.parse(json.dumps(value))

        api = {
            "getState": lambda *_: plain(self.state()),
            "perf": lambda *_: plain(self.perf()),
            "timeTraining": lambda hidden=10, iterations=1000, *_: plain(self.time_training(hidden, iterations)),
            "wasmMemoryBytes": lambda *_: wasm_memory_bytes(),
        }
        obj = Object.new()
        self.api_proxies = []
        for name, fn in api.items():
            proxy = create_proxy(fn)
            self.api_proxies.append(proxy)
            setattr(obj, name, proxy)
        window.nnviz = obj

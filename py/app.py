"""The app: one state, the actions that change it, and one render per animation frame.

Data flows one way: an input event calls an action, the action changes the state
(settings, trainer, running, the picked digit), and `render` brings every view up to date
on the next animation frame, however many iterations ran in between.
"""

from __future__ import annotations

import math
from dataclasses import replace

import api
import dom
import netfile
import readouts
import settings as config
from datasets import FIRST_OWN_ROW
from trainer import BATCH_SIZE, Trainer
from views import Views

CHART_INTERVAL_MS = 100  # while playing, the chart redraws at most this often



class App:
    def __init__(self, query: str):
        self.settings, notices = config.parse_query(query)
        s = self.settings
        self.trainer = Trainer(hidden=s.hidden, learning_rate=s.lr, seed=s.seed)
        self.running = False
        self.picked = None  # ("train", row) or ("test", i): the image clicked, shown until training moves on
        self.frame = 0  # frames rendered
        self.frame_pending = False
        self.last_chart_ms = -math.inf
        self.stall_told = None  # the network whose stalled training the user was told about

        self.listeners = dom.Listeners(on_error=self.fail)
        self.views = Views(self.listeners, self.actions(), s.embed)
        self._frame_proxy = self.listeners.proxy(self._frame)
        if notices:
            self.views.notice.show(" ".join(notices))
        self.views.narrator.note("ready")  # the live region is inside #app: read once aria-busy clears
        for name in dom.take_early_actions():  # pressed while Python was starting: carry them out now
            getattr(self, name)()
        self.render(force_chart=True)

    def actions(self) -> dict:
        """What the page's inputs may call."""
        names = ("toggle_play", "step", "train_batch", "reset", "restart", "set_hidden", "set_learning_rate",
                 "set_speed", "select_tab", "add_example", "remove_example", "export_network",
                 "import_network", "request_render", "current_settings")
        return {name: getattr(self, name) for name in names} | {
            "pick_digit": lambda row: self.pick("train", row), "pick_test": lambda i: self.pick("test", i)}

    # ---- actions -------------------------------------------------------------------------

    def play(self) -> None:
        if self.trainer.diverged:
            self.views.notice.show(self.trainer.diverged)
            return
        self.running = True
        self.picked = None
        self.request_render()

    def pause(self) -> None:
        self.running = False
        self.request_render()

    def toggle_play(self) -> None:
        was_running = self.running
        self.pause() if self.running else self.play()
        if self.running != was_running:
            self.views.narrator.note("play" if self.running else "pause")

    def step(self) -> None:
        """One iteration on the next image, paused, with the inspector open to show it."""
        self.running = False
        self.trainer.step(1)
        self._after_training()
        self.picked = None
        self.views.inspector.expand()
        self.request_render(force_chart=True)

    def train_batch(self) -> None:
        self.trainer.step(BATCH_SIZE)
        self._after_training()
        self.picked = None
        self.views.narrator.note("train")
        self.request_render(force_chart=True)

    def reset(self) -> None:
        self.pause()
        self.trainer.reset()
        self.settings = replace(self.settings, seed=self.trainer.seed)
        self.views.narrator.note("reset")
        self.request_render(force_chart=True)

    def restart(self) -> None:
        """Start over: iteration 0 with exactly the initial weights of this seed and hidden size."""
        self.pause()
        self.trainer.restart()
        self.picked = None
        self.request_render(force_chart=True)

    def add_example(self, image, label: int) -> None:
        """Add the drawing to the training set as `label` (own examples survive restart and reset)."""
        if not image.any():
            self.views.notice.show("Draw a digit on the grid first, then add it to the training set.")
            return
        try:
            row = self.trainer.add_example(image, label)
        except ValueError as exc:
            self.views.notice.show(f"Not added: {exc}.")
            return
        self.views.notice.show(f"Added your drawing as a {label}: training image {row + 1}, "
                               f"shown on the Train tab.")
        self.request_render(force_chart=True)

    def remove_example(self, position: int) -> None:
        self.trainer.remove_example(position)
        if self.picked is not None and self.picked[0] == "train" and self.picked[1] >= FIRST_OWN_ROW:
            self.picked = None
        self.request_render(force_chart=True)

    def set_hidden(self, hidden: int) -> None:
        if hidden == self.trainer.hidden:
            return
        self.views.narrator.note("hidden", discarded=self.trainer.iteration)
        self.trainer.set_hidden(hidden)
        self.settings = replace(self.settings, hidden=hidden)
        self.request_render(force_chart=True)

    def set_learning_rate(self, lr: float) -> None:
        self.trainer.set_learning_rate(lr)
        self.settings = replace(self.settings, lr=lr)
        self.request_render()

    def set_speed(self, speed: int) -> None:
        if speed in config.SPEEDS:
            self.settings = replace(self.settings, speed=speed)
            self.request_render()

    def select_tab(self, tab: str) -> None:
        if tab != self.settings.tab:
            self.picked = None
        self.settings = replace(self.settings, tab=tab)
        self.request_render()

    def pick(self, kind: str, index: int) -> None:
        """Feed a training-set row ("train") or a test image ("test") through the network; hold it."""
        self.running = False
        self.picked = (kind, index)
        self.views.narrator.note("pick")
        self.request_render()

    def export_network(self) -> str:
        return netfile.dump(self.trainer, self.settings)

    def import_network(self, text) -> None:
        """Carry on from a saved network; raises netfile.NetFileError (nothing changed) if refused."""
        saved = netfile.load(text)
        self.trainer.restore(saved)
        self.settings = replace(self.settings, **saved.settings)
        self.running, self.picked = False, None
        self.request_render(force_chart=True)

    def current_settings(self) -> config.Settings:
        return self.settings

    def fail(self, exc: BaseException) -> None:
        """Say on the page that something broke (and in the console, for developers)."""
        dom.log_error(exc)
        self.views.notice.show(f"Something went wrong: {exc}. Press New weights to start again.")

    def _after_training(self) -> None:
        if self.trainer.diverged:
            self.running = False
            self.views.notice.show(self.trainer.diverged)
        elif self.trainer.saturated:  # said once per network (a reset or a new size is a new one)
            t = self.trainer
            if self.stall_told is not t.network:
                self.stall_told = t.network
                self.views.notice.show(readouts.stalled_notice(t.learning_rate, t.hidden))

    # ---- frames --------------------------------------------------------------------------

    def request_render(self, force_chart: bool = False) -> None:
        if force_chart:
            self.last_chart_ms = -math.inf
        if not self.frame_pending:
            self.frame_pending = True
            dom.request_frame(self._frame_proxy)

    def _frame(self, timestamp) -> None:
        self.frame_pending = False
        try:
            if self.running:
                self.trainer.step(self.settings.speed)
                self._after_training()
            self.render()
        except Exception as exc:  # keep the page alive and say what broke
            self.running = False
            self.fail(exc)
            raise
        if self.running:
            self.request_render()

    def render(self, force_chart: bool = False) -> None:
        now = dom.now()
        chart = force_chart or not self.running or now - self.last_chart_ms >= CHART_INTERVAL_MS
        if chart:
            self.last_chart_ms = now
        self.views.render(self.trainer, self.settings, self.running, self.picked, chart)
        self.frame += 1

    # ---- the scripting API (window.nnviz) -----------------------------------------------------

    def state(self) -> dict:
        return api.state(self)

    def install_api(self) -> None:
        api.install(self)

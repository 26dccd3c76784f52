"""What the page's inputs do: each action changes the state and asks for a render; none draws.

The state is the settings, the trainer, whether it is running and the picked image. What an
action must tell the user goes to the views it is given (the notice, the narrator, the
inspector); the page itself changes only in the next render.
"""

from __future__ import annotations

import netfile
import readouts
import settings as config
from datasets import FIRST_OWN_ROW
from trainer import BATCH_SIZE, Trainer

NAMES = ("toggle_play", "step", "train_batch", "reset", "restart", "set_hidden", "set_learning_rate",
         "set_speed", "select_tab", "add_example", "remove_example", "export_network", "import_network",
         "current_settings")


class Actions:
    def __init__(self, settings: config.Settings, request_render):
        self.settings = settings
        self.trainer = Trainer(hidden=settings.hidden, learning_rate=settings.lr, seed=settings.seed)
        self.running = False
        self.picked = None  # ("train", row) or ("test", i): the image clicked, shown until training moves on
        self.stall_told = None  # the network whose stalled training the user was told about
        self.request_render = request_render  # (force_chart=False): draw the state on the next frame
        self.views = None  # views.Views, once it exists (it is built from these actions' callbacks)

    def callbacks(self) -> dict:
        """What the page's inputs may call, by name."""
        return {name: getattr(self, name) for name in NAMES} | {
            "pick_digit": lambda row: self.pick("train", row), "pick_test": lambda i: self.pick("test", i)}

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

    def play_frame(self) -> None:
        """While playing, one animation frame's iterations (the speed setting)."""
        self.trainer.step(self.settings.speed)
        self._after_training()

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
        self.settings = self.settings._replace(seed=self.trainer.seed)
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
        self.settings = self.settings._replace(hidden=hidden)
        self.request_render(force_chart=True)

    def set_learning_rate(self, lr: float) -> None:
        self.trainer.set_learning_rate(lr)
        self.settings = self.settings._replace(lr=lr)
        self.request_render()

    def set_speed(self, speed: int) -> None:
        if speed in config.SPEEDS:
            self.settings = self.settings._replace(speed=speed)
            self.request_render()

    def select_tab(self, tab: str) -> None:
        if tab != self.settings.tab:
            self.picked = None
        self.settings = self.settings._replace(tab=tab)
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
        self.settings = self.settings._replace(**saved.settings)
        self.running, self.picked = False, None
        self.request_render(force_chart=True)

    def current_settings(self) -> config.Settings:
        return self.settings

    def _after_training(self) -> None:
        if self.trainer.diverged:
            self.running = False
            self.views.notice.show(self.trainer.diverged)
        elif self.trainer.saturated:  # said once per network (a reset or a new size is a new one)
            t = self.trainer
            if self.stall_told is not t.network:
                self.stall_told = t.network
                self.views.notice.show(readouts.stalled_notice(t.learning_rate, t.hidden))

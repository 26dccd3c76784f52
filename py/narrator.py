"""The page's voice: one polite live region (#announcer) that speaks what changed, sparingly.

Actions note what happened (`note`); `update`, called by render once the frame's numbers are
known, turns the latest note into one sentence (announce.py), or, while playing, a progress
summary at most every announce.PROGRESS_MS. Nothing else on the page is a live region that
changes per frame.
"""

from __future__ import annotations

import announce
from announce import Pace


class Narrator:
    def __init__(self, region):
        self.region = region
        self.text = None
        self.note_kind = None
        self.details = {}
        self.progress = Pace(announce.PROGRESS_MS)
        self.draw_said = None  # the answer last spoken for the drawing

    def note(self, kind: str, **details) -> None:
        """Something the user did: 'ready', 'train', 'reset', 'hidden', 'pick', 'play', 'pause', 'draw'."""
        self.note_kind, self.details = kind, details

    def say(self, text: str) -> None:
        """Speak `text`; the same sentence twice in a row is still spoken (a no-break space differs)."""
        if self.text is not None and self.text.rstrip("\u00a0") == text and not self.text.endswith("\u00a0"):
            text += "\u00a0"
        self.text = text
        self.region.textContent = text

    def update(self, trainer, shown, predicted: int, output_act, running: bool, now_ms: float) -> None:
        kind, details = self.note_kind, self.details
        self.note_kind, self.details = None, {}
        text = self._text(kind, details, trainer, shown, predicted, output_act, running, now_ms)
        if text:
            self.say(text)

    def _text(self, kind, details, trainer, shown, predicted, output_act, running, now_ms) -> str | None:
        def summary():
            return announce.summary(trainer.iteration, trainer.accuracy, trainer.loss, shown.kind,
                                    shown.index, predicted)

        if kind is not None:
            self.progress.restart(now_ms)  # the next progress summary counts from this sentence
        if kind == "ready":
            return announce.ready(trainer.hidden)
        if kind == "train":
            return summary()
        if kind == "reset":
            return f"{announce.reset()} {summary()}"
        if kind == "hidden":
            return announce.new_network(trainer.hidden, details.get("discarded", 0))
        if kind == "pick":
            return announce.picked(shown.index, predicted, float(output_act[predicted]))
        if kind == "play":
            return announce.playing()
        if kind == "pause":
            return announce.paused(summary())
        if kind == "draw":  # a changed drawing: say the answer when it changes (the cell says itself)
            if running or predicted == self.draw_said:
                return None
            self.draw_said = predicted
            return f"{announce.verdict('draw', None, predicted).capitalize()}."
        if running and self.progress.due(now_ms):
            return summary()
        return None

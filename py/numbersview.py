"""The table view (#numbers): the diagram's numbers as text, for reading without seeing or hovering.

Built only while it is open (and again when the hidden size changes), from markup in one
go; each update writes only the cells whose text changed, at most once a second while
playing.
"""

from __future__ import annotations

import dom
import numbertext
from announce import Pace

PLAYING_MS = 1000  # while playing, the tables refresh at most this often


class NumbersView:
    def __init__(self, details, body, listeners, on_change):
        self.details = details
        self.body = body
        self.hidden = None  # hidden size of the tables built
        self.cells = []
        self.texts = []
        self.answer = None
        self.pace = Pace(PLAYING_MS)
        listeners.add(details, "toggle", lambda event: on_change())

    def _build(self, hidden: int) -> None:
        self.body.innerHTML = numbertext.markup(hidden)
        self.cells = dom.query_all(self.body, ".v")
        self.texts = [None] * len(self.cells)
        self.answer = dom.Text(self.body.querySelector(".numbers-answer"))
        self.hidden = hidden

    def update(self, w_ih, w_ho, image, hidden_act, output_act, caption: str, running: bool,
               now_ms: float) -> None:
        if not self.details.open:
            return
        if len(w_ih) != self.hidden:
            self._build(len(w_ih))
        elif running and not self.pace.due(now_ms):
            return
        self.answer.set(numbertext.answer(output_act, caption))
        texts = numbertext.cell_values(w_ih, w_ho, image, hidden_act, output_act)
        for i, text in enumerate(texts):
            if text != self.texts[i]:
                self.texts[i] = text
                self.cells[i].textContent = text

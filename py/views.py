"""Every view on the page, and `render`: bring them all up to date from the state in one pass.

Views only read what they are given; each writes to the page only what changed.
"""

from __future__ import annotations

from typing import NamedTuple

import dom
import numpy as np
import readouts
from announce import REDUCED_MOTION_MS, Pace
from controls import Controls, Notice
from diagram import Diagram
from diagramkeys import DiagramKeys
from digits import DIGITS
from drawgrid import DrawGrid
from inspector import Inspector
from losschart import LossChart
from narrator import Narrator
from neuronmaps import NeuronMaps
from numbersview import NumbersView
from panels import DigitPicker, OutputBars, StatsView
from perdigit import PerDigit
from share import ShareLinks
from shortcuts import ShortcutKeys
from tooltip import Tooltip


class Shown(NamedTuple):
    """The image the diagram and the output bars show, and how to caption it."""

    image: np.ndarray
    kind: str  # "train" (the training image), "digit" (one the user picked) or "draw"
    index: int | None  # the digit, for "train" and "digit"


def shown_image(tab: str, picked: int | None, trainer, drawing) -> Shown:
    """The drawing on the Draw tab; else the digit the user picked; else the image training uses now."""
    if tab == "draw":
        return Shown(drawing, "draw", None)
    if picked is not None:
        return Shown(DIGITS[picked], "digit", picked)
    index = trainer.last_index if trainer.last_index is not None else trainer.next_index
    return Shown(DIGITS[index], "train", index)


class Views:
    def __init__(self, listeners, actions: dict, embed: bool):
        """`actions`: name -> callback, for every input on the page (see App.actions)."""
        a = actions
        self.notice = Notice(listeners)
        self.controls = Controls(
            listeners, toggle_play=a["toggle_play"], step=a["step"], train=a["train_batch"], reset=a["reset"],
            set_hidden=a["set_hidden"], set_lr=a["set_learning_rate"], set_speed=a["set_speed"],
            select_tab=a["select_tab"])
        self.share = ShareLinks(listeners, self.notice.show, a["current_settings"])
        self.diagram = Diagram(dom.by_id("network"))
        self.tooltip = Tooltip(dom.by_id("network"), dom.by_id("tooltip"), listeners, a["request_render"])
        self.chart = LossChart(dom.by_id("loss-chart"), listeners)
        self.maps = NeuronMaps(dom.by_id("neuron-maps"), dom.by_id("network"),
                               lambda j: self.diagram.hidden_elements[j], listeners)
        self.per_digit = PerDigit(dom.by_id("per-digit"))
        self.inspector = Inspector(dom.by_id("inspector"), listeners, a["request_render"])
        self.shortcuts = ShortcutKeys(listeners, dom.by_id("shortcuts"), a)
        self.stats = StatsView()
        self.outputs = OutputBars(dom.by_id("outputs"), dom.by_id("outputs-caption"))
        self.picker = DigitPicker(dom.by_id("inputs"), DIGITS, listeners, a["pick_digit"])
        self.narrator = Narrator(dom.by_id("announcer"))

        def drawn():
            self.narrator.note("draw")
            a["request_render"]()

        self.drawing = DrawGrid(dom.by_id("draw-grid"), dom.by_id("clear-draw"), listeners, drawn)
        self.diagram_keys = DiagramKeys(dom.by_id("network"), self.diagram, self.tooltip, listeners,
                                        a["request_render"])
        self.numbers = NumbersView(dom.by_id("numbers"), dom.by_id("numbers-body"), listeners,
                                   a["request_render"])
        self.motion = Pace(REDUCED_MOTION_MS)  # under prefers-reduced-motion, while playing
        self.draw_prediction = dom.Text(dom.by_id("draw-prediction"))
        if embed:
            dom.document.body.classList.add("embed")

    def render(self, trainer, settings, running: bool, picked: int | None, chart: bool) -> None:
        """Everything the page shows, from the state; `chart`: also redraw the loss chart and the panels
        under the tool if they changed (every frame when paused, every 100 ms while playing)."""
        shown = shown_image(settings.tab, picked, trainer, self.drawing.pixels)
        net = trainer.network
        hidden_act, output_act = net.forward(shown.image)
        predicted = int(np.argmax(output_act))
        now = dom.now()
        caption = readouts.shown_caption(shown.kind, shown.index)
        # Less motion: while playing, what flashes (diagram, bars, thumbnails) moves at most twice a second.
        calm = running and dom.reduced_motion() and not self.motion.due(now)
        self.diagram.set_animating(running)
        if not calm:
            self.diagram.update(net.w_ih, net.w_ho, shown.image, hidden_act, output_act, predicted)
            self.outputs.update(output_act, predicted, caption)
            self.picker.show(current=shown.index if shown.kind == "train" and trainer.iteration > 0 else None,
                             selected=shown.index if shown.kind == "digit" else None)
        self.diagram_keys.update(net.w_ih, net.w_ho, shown.image, hidden_act, output_act, predicted, running)
        self.tooltip.update(net.w_ih, net.w_ho, shown.image, hidden_act, output_act)
        self.stats.update(trainer.iteration, trainer.accuracy, trainer.loss)
        if chart or net.hidden != self.maps.hidden:
            # The panels under the tool follow at the chart's pace while playing (10 times a second),
            # from what this frame already computed: the diagram's weight buckets, the step's scores.
            self.maps.update(self.diagram.ih_codes, net.hidden)
            self.picker.judge(trainer.predictions, trainer.training_labels)
            self.per_digit.update(trainer.outputs, trainer.predictions, trainer.training_labels)
            self.inspector.update(trainer)
        self.narrator.update(trainer, shown, predicted, output_act, running, now)
        self.numbers.update(net.w_ih, net.w_ho, shown.image, hidden_act, output_act, caption, running, now)
        if shown.kind == "draw":
            self.draw_prediction.set(str(predicted))
        if chart:
            self.chart.update(trainer.history)
        self.controls.show(settings, running)
        self.share.update(settings)

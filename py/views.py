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
from datasets import FIRST_OWN_ROW
from diagram import Diagram
from diagramkeys import DiagramKeys
from digits import DIGITS
from drawgrid import DrawGrid
from inspector import Inspector
from losschart import LossChart
from narrator import Narrator
from neuronmaps import NeuronMaps
from numbersview import NumbersView
from ownexamples import AddExample, OwnExamples
from panels import DigitPicker, OutputBars, StatsView
from perdigit import PerDigit
from saveload import SaveLoad
from share import ShareLinks
from shortcuts import ShortcutKeys
from testdigits import TEST_IMAGES, TEST_KINDS, TEST_LABELS
from teststrip import TestScores, TestStrip
from tooltip import Tooltip


class Shown(NamedTuple):
    """The image the diagram and the output bars show, and how to caption it."""

    image: np.ndarray
    kind: str  # "train" (the training image), "digit" (a training row the user picked), "test" or "draw"
    index: int | None  # the training-set row for "train" and "digit", the test image for "test"


def shown_image(tab: str, picked: tuple | None, trainer, drawing) -> Shown:
    """The drawing on the Draw tab; else the image the user picked (`picked`: ("train", row) or
    ("test", i)); else the image training uses now."""
    if tab == "draw":
        return Shown(drawing, "draw", None)
    if picked is not None:
        kind, index = picked
        if kind == "test":
            return Shown(trainer.test_images[index], "test", index)
        return Shown(trainer.training_images[index], "digit", index)
    index = trainer.last_index
    if index is None:  # none yet, or a restored session: the row before the next one, once training ran
        index = trainer.next_index
        if trainer.iteration:
            index = (index - 1) % len(trainer.training_labels)
    return Shown(trainer.training_images[index], "train", index)


def caption(shown: Shown, trainer) -> str:
    if shown.kind == "test":
        return readouts.picked_caption("test", shown.index, int(trainer.test_labels[shown.index]),
                                       TEST_KINDS[shown.index])
    if shown.kind == "digit":
        return readouts.picked_caption("train", shown.index, int(trainer.training_labels[shown.index]))
    return readouts.shown_caption(shown.kind, shown.index)


class Views:
    def __init__(self, listeners, actions: dict, embed: bool):
        """`actions`: name -> callback, for every input on the page (see actions.Actions.callbacks)."""
        a = actions
        self.notice = Notice(listeners)
        self.controls = Controls(
            listeners, toggle_play=a["toggle_play"], step=a["step"], train=a["train_batch"], reset=a["reset"],
            restart=a["restart"],
            set_hidden=a["set_hidden"], set_lr=a["set_learning_rate"], set_speed=a["set_speed"],
            select_tab=a["select_tab"])
        self.share = ShareLinks(listeners, self.notice.show, a["current_settings"])
        self.diagram = Diagram(dom.by_id("network"))
        self.tooltip = Tooltip(dom.by_id("network"), dom.by_id("tooltip"), listeners, a["request_render"])
        self.chart = LossChart(dom.by_id("loss-chart"), listeners)
        self.maps = NeuronMaps(dom.by_id("neuron-maps"), dom.by_id("network"),
                               lambda j: self.diagram.elements["hidden"][j], listeners)
        self.per_digit = PerDigit(dom.by_id("per-digit"))
        # While playing, the panels under the tool and the test strip are updated only on screen.
        self.inside_seen = dom.OnScreen(dom.by_id("neuron-maps").closest(".inside"), listeners)
        self.test_seen = dom.OnScreen(dom.by_id("test-card"), listeners)
        self.inspector = Inspector(dom.by_id("inspector"), listeners, a["request_render"])
        self.shortcuts = ShortcutKeys(listeners, dom.by_id("shortcuts"), a)
        self.stats = StatsView()
        self.outputs = OutputBars(dom.by_id("outputs"), dom.by_id("outputs-caption"))
        self.picker = DigitPicker(dom.by_id("inputs"), DIGITS, listeners, a["pick_digit"])
        self.own = OwnExamples(dom.by_id("own-examples"), listeners, a["pick_digit"], a["remove_example"])
        self.add_example = AddExample(listeners,
                                      lambda label: a["add_example"](self.drawing.pixels.copy(), label))
        self.test_scores = TestScores()
        self.test_strip = TestStrip(dom.by_id("test-strip"), TEST_IMAGES, TEST_LABELS, TEST_KINDS, listeners,
                                    a["pick_test"])
        self.files = SaveLoad(listeners, dump=a["export_network"], load=a["import_network"],
                              notify=self.notice.show)
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

    def render(self, trainer, settings, running: bool, picked: tuple | None, chart: bool, panels: bool) -> None:
        """Everything the page shows, from the state; `chart`: also redraw the loss chart and the test
        scores (every frame when paused, every 200 ms while playing); `panels`: also the right/wrong
        marks and the panels under the tool, if they changed (paused, every frame; playing, every 500 ms)."""
        shown = shown_image(settings.tab, picked, trainer, self.drawing.pixels)
        net = trainer.network
        hidden_act, output_act = net.forward(shown.image)
        predicted = int(np.argmax(output_act))
        now = dom.now()
        words = caption(shown, trainer)
        current = shown.index if shown.kind == "train" and trainer.iteration > 0 else None
        selected = shown.index if shown.kind == "digit" else None
        # Less motion: while playing, what flashes (diagram, bars, thumbnails) moves at most twice a second.
        calm = running and dom.reduced_motion() and not self.motion.due(now)
        self.diagram.set_animating(running)
        if not calm:
            self.diagram.update(net.w_ih, net.w_ho, shown.image, hidden_act, output_act, predicted)
            self.outputs.update(output_act, predicted, words)
            self.picker.show(current=current if current is not None and current < FIRST_OWN_ROW else None,
                             selected=selected if selected is not None and selected < FIRST_OWN_ROW else None)
        self.diagram_keys.update(net.w_ih, net.w_ho, shown.image, hidden_act, output_act, predicted, running)
        self.tooltip.update(net.w_ih, net.w_ho, shown.image, hidden_act, output_act)
        self.stats.update(trainer.iteration, trainer.accuracy, trainer.loss)
        if panels:
            # While playing, the marks and panels follow twice a second, and only those on screen;
            # paused, every one. They read what this frame already computed: the diagram's weight
            # buckets, the step's scores.
            self.picker.judge(trainer.predictions, trainer.training_labels)
            if not running or self.test_seen.visible:
                self.test_strip.judge(trainer.test_predictions)
        if net.hidden != self.maps.hidden or panels and (not running or self.inside_seen.visible):
            self.maps.update(self.diagram.ih_codes, net.hidden)
            self.per_digit.update(trainer.outputs, trainer.predictions, trainer.training_labels)
            self.inspector.update(trainer)
        self.narrator.update(trainer, shown, predicted, output_act, running, now)
        self.numbers.update(net.w_ih, net.w_ho, shown.image, hidden_act, output_act, words, running, now)
        self.own.update(trainer.training_images, trainer.training_labels, trainer.predictions,
                        selected if selected is not None and selected >= FIRST_OWN_ROW else None)
        if chart:
            right = int(np.count_nonzero(trainer.test_predictions == trainer.test_labels))
            self.test_scores.update(trainer.test_accuracy, trainer.test_loss, right, len(trainer.test_labels))
        self.test_strip.show(shown.index if shown.kind == "test" else None)
        if shown.kind == "draw":
            self.draw_prediction.set(str(predicted))
        if chart:
            self.chart.update(trainer.history)
        self.controls.show(settings, running)
        self.share.update(settings)

"""Keyboard, screen-reader and reduced-motion behaviour, on dom.py's CPython stand-in (fast).

The browser tests in test_a11y.py drive the same features in Chromium end to end.
"""

from __future__ import annotations

import announce
import fakedom
import numpy as np
from digits import DIGITS
from fakepage import click, drag_input, el, frames, set_input, start

window, document = fakedom.window, fakedom.document


def diagram_stops() -> list:
    return [e for e in el("network").walk() if e.getAttribute("tabindex") == "0"]


def press(key: str, target=None):
    """A key press on the focused element (it bubbles, as in a browser)."""
    return (target or document.activeElement).dispatch("keydown", key=key)


def said(app) -> str:
    return el("announcer").textContent.rstrip("\u00a0")


class Recorder:
    """Every text the live region takes, frame by frame (what a screen reader would queue)."""

    def __init__(self):
        self.texts, self.last = [], el("announcer").textContent

    def frames(self, count: int, ms_per_frame: float = 16.7) -> list:
        for _ in range(count):
            window.run_frames(1, ms_per_frame)
            text = el("announcer").textContent
            if text != self.last:
                self.texts.append((window.clock, text))
                self.last = text
        return self.texts


# --- the diagram by keyboard -------------------------------------------------------------------


def test_the_diagram_is_one_tab_stop_that_starts_on_input_0():
    start()
    [stop] = diagram_stops()
    assert stop.getAttribute("data-layer") == "input" and stop.getAttribute("data-index") == "0"
    assert stop.getAttribute("tabindex") == "0" and stop.getAttribute("role") == "img"
    assert stop.getAttribute("aria-label") == "Input 0, row 1, column 1: activation 0.0000"
    assert el("network").getAttribute("role") == "application"


def test_arrow_keys_reach_a_weight_and_its_exact_value_is_named_and_shown():
    app = start()
    [stop] = diagram_stops()
    stop.focus()
    stop.dispatch("focusin")
    for key in ("ArrowDown", "ArrowRight", "ArrowRight", "ArrowRight", "ArrowDown", "ArrowDown"):
        event = press(key)
        assert event.defaultPrevented
    frames()
    [stop] = diagram_stops()
    assert document.activeElement is stop
    ends = tuple(stop.getAttribute(name) for name in ("data-layer", "data-from", "data-to"))
    assert ends == ("ho", "0", "2")
    w = float(app.trainer.network.w_ho[2, 0])
    assert stop.getAttribute("aria-label") == announce.spoken_item(("ho", 0, 2), w)
    assert not el("tooltip").hidden and el("tooltip").textContent == f"weight {w:.4f} · hidden 0 → output 2"


def test_escape_hides_the_value_and_keeps_the_focus():
    start()
    [stop] = diagram_stops()
    stop.focus()
    stop.dispatch("focusin")
    frames()
    assert not el("tooltip").hidden
    press("Escape")
    assert el("tooltip").hidden and document.activeElement is stop


def test_a_click_on_the_diagrams_background_opens_no_value():
    start()
    el("network").dispatch("focusin")  # the svg itself (tabindex -1) took the focus
    frames()
    assert el("tooltip").hidden


def test_a_new_hidden_size_keeps_the_tab_stop_on_the_nearest_live_item():
    start()
    [stop] = diagram_stops()
    stop.focus()
    stop.dispatch("focusin")
    for key in ("ArrowRight", "ArrowRight", "End"):
        press(key)
    frames()
    assert diagram_stops()[0].getAttribute("data-index") == "9"  # hidden 9
    set_input("hidden", 4)
    frames()
    [stop] = diagram_stops()
    assert (stop.getAttribute("data-layer"), stop.getAttribute("data-index")) == ("hidden", "3")
    assert document.activeElement is stop


def test_while_playing_the_focused_name_stays_put_until_the_next_key_or_pause():
    app = start()
    [stop] = diagram_stops()
    stop.focus()
    stop.dispatch("focusin")
    press("ArrowRight")
    frames()
    [stop] = diagram_stops()
    click("play")
    frames(5)
    label = stop.getAttribute("aria-label")
    frames(20)
    assert stop.getAttribute("aria-label") == label
    click("play")
    frames()
    w = float(app.trainer.network.w_ih[0, 0])
    assert stop.getAttribute("aria-label") == announce.spoken_item(("ih", 0, 0), w)


# --- the tooltip goes away ---------------------------------------------------------------------


def tapped_tooltip():
    start()
    neuron = next(e for e in el("network").walk()
                  if e.getAttribute("data-layer") == "hidden" and e.getAttribute("data-index") == "2")
    neuron.dispatch("click", clientX=10, clientY=10)
    neuron.dispatch("pointerout", pointerType="touch")
    frames()
    assert not el("tooltip").hidden
    return neuron


def test_a_tap_elsewhere_closes_a_tapped_tooltip_but_a_tap_on_the_diagram_does_not():
    neuron = tapped_tooltip()
    document.dispatch("pointerdown", target=neuron)
    assert not el("tooltip").hidden
    document.dispatch("pointerdown", target=el("panel-train"))
    assert el("tooltip").hidden


def test_switching_tabs_scrolling_or_escape_close_the_tooltip():
    for close in (lambda: document.dispatch("visibilitychange"), lambda: window.dispatch("scroll"),
                  lambda: document.dispatch("keydown", key="Escape")):
        tapped_tooltip()
        close()
        assert el("tooltip").hidden


# --- announcements -----------------------------------------------------------------------------


def test_start_up_says_ready_once():
    app = start()
    assert said(app) == announce.ready(10)


def test_train_says_one_summary():
    app = start()
    rec = Recorder()
    click("train")
    texts = rec.frames(3)
    assert len(texts) == 1
    st = app.trainer
    predicted = int(np.argmax(st.network.forward(DIGITS[st.last_index])[1]))
    assert texts[0][1] == announce.summary(100, st.accuracy, st.loss, "train", st.last_index, predicted)


def test_the_same_sentence_twice_in_a_row_is_still_spoken_twice():
    app = start()
    narrator = app.views.narrator
    narrator.say("New random weights.")
    first = el("announcer").textContent
    narrator.say("New random weights.")
    assert el("announcer").textContent != first  # a changed text is what makes a live region speak
    assert el("announcer").textContent.rstrip("\u00a0") == first


def test_playing_says_playing_then_at_most_one_summary_every_few_seconds_then_paused():
    start()
    rec = Recorder()
    click("play")
    rec.frames(1200)  # 20 s of frames
    click("play")
    texts = rec.frames(2)
    assert texts[0][1] == "Playing."
    progress = [t for t, text in texts if text.startswith("Iteration")]
    assert 3 <= len(progress) <= 20_000 / announce.PROGRESS_MS
    assert all(b - a >= announce.PROGRESS_MS for a, b in zip(progress, progress[1:]))
    assert texts[-1][1].startswith("Paused. Iteration 1,20")


def test_picking_a_digit_says_what_the_network_answers():
    app = start()
    click("train")
    frames()
    [button] = [b for b in el("inputs").children if b.getAttribute("data-digit") == "3"]
    button.dispatch("click")
    frames()
    out = app.trainer.network.forward(DIGITS[3])[1]
    k = int(np.argmax(out))
    assert said(app) == announce.picked(3, k, float(out[k]))


def test_a_new_hidden_size_says_that_training_restarted_and_applies_on_change_not_during_a_drag():
    app = start()
    click("train")
    frames()
    drag_input("hidden", 5)
    drag_input("hidden", 4)
    frames()
    assert app.trainer.hidden == 10 and app.trainer.iteration == 100  # nothing lost mid-drag
    assert el("hidden-value").textContent == "4"
    set_input("hidden", 4)  # the drag ends
    frames()
    assert app.trainer.hidden == 4 and app.trainer.iteration == 0
    assert said(app) == "New network with 4 hidden neurons; training restarted, 100 iterations discarded."


def test_drawing_says_the_answer_only_when_it_changes_and_the_digit_is_no_live_region():
    start("?tab=draw")
    assert el("draw-prediction").getAttribute("aria-live") is None
    rec = Recorder()
    cells = el("draw-grid").children
    for i in np.flatnonzero(DIGITS[1]).tolist():
        cells[i].dispatch("click", detail=0)
        rec.frames(1)
    answers = [text for _, text in rec.texts]
    assert answers and all(text.startswith("For your drawing the network says") for text in answers)
    assert all(a != b for a, b in zip(answers, answers[1:]))  # never the same answer twice in a row
    assert len(answers) <= int(np.count_nonzero(DIGITS[1]))


def test_slider_values_are_not_live_regions():
    start()
    for output in ("hidden-value", "lr-value"):
        assert el(output).getAttribute("aria-hidden") == "true"  # the slider itself says its value


# --- less motion -------------------------------------------------------------------------------


def input_classes():
    inputs = (e for e in el("network").walk() if e.getAttribute("data-layer") == "input")
    return tuple(e.getAttribute("class") for e in inputs)


def redraws_per_second(reduced: bool) -> float:
    start()
    window.reduced_motion = reduced
    click("play")
    seen, changes = input_classes(), 0
    for _ in range(300):  # 5 s
        frames()
        now = input_classes()
        changes += now != seen
        seen = now
    return changes / 5


def test_reduced_motion_redraws_the_playing_diagram_at_most_twice_a_second():
    assert redraws_per_second(False) > 20  # a new training image every frame
    assert redraws_per_second(True) <= 2


# --- the draw grid -----------------------------------------------------------------------------


def test_the_draw_grid_is_one_tab_stop_moved_by_arrow_keys():
    app = start("?tab=draw")
    cells = el("draw-grid").children
    stops = [i for i, c in enumerate(cells) if c.getAttribute("tabindex") == "0"]
    assert stops == [0]
    cells[0].focus()
    for key in ("ArrowRight", "ArrowDown", "ArrowDown", "End"):
        assert press(key).defaultPrevented
    assert document.activeElement is cells[14]
    assert [i for i, c in enumerate(cells) if c.getAttribute("tabindex") == "0"] == [14]
    cells[14].dispatch("click", detail=0)  # Space on a button
    assert app.views.drawing.pixels[14] == 1
    assert not press("a").defaultPrevented


# --- the numbers as tables ---------------------------------------------------------------------


def open_numbers():
    el("numbers").open = True
    el("numbers").dispatch("toggle")
    frames()


def test_the_tables_are_built_only_when_opened_and_hold_every_number():
    app = start()
    frames()
    assert el("numbers-body").children == []
    open_numbers()
    cells = el("numbers-body").querySelectorAll(".v")
    assert len(cells) == 25 + 10 + 10 + 250 + 100
    net, image = app.trainer.network, DIGITS[0]
    hidden, output = net.forward(image)
    texts = [c.textContent for c in cells]
    assert texts[:25] == [str(int(v)) for v in image]
    assert texts[25:35] == [f"{v:.4f}" for v in hidden]
    assert texts[45] == f"{net.w_ih[0, 0]:.4f}" and texts[46] == f"{net.w_ih[0, 1]:.4f}"
    assert texts[-1] == f"{net.w_ho[9, 9]:.4f}"
    k = int(np.argmax(output))
    assert el("numbers-body").querySelector(".numbers-answer").textContent.startswith(
        f"For training image 0 the network says {k}")


def test_the_tables_write_only_what_changed_and_follow_a_new_hidden_size():
    start()
    open_numbers()
    before = document.writes
    window.requestAnimationFrame(lambda t: None)
    frames()
    assert document.writes == before
    set_input("hidden", 3)
    frames()
    assert len(el("numbers-body").querySelectorAll(".v")) == 25 + 3 + 10 + 75 + 30


def test_while_playing_the_tables_refresh_at_most_once_a_second():
    start()
    open_numbers()
    click("play")
    cells = el("numbers-body").querySelectorAll(".v")
    seen, refreshes = [c.textContent for c in cells], 0
    for _ in range(180):  # 3 s
        frames()
        now = [c.textContent for c in cells]
        refreshes += now != seen
        seen = now
    assert 2 <= refreshes <= 4

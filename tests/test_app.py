"""The app's behaviour in CPython, on dom.py's recording stand-in for the browser (fast: no Chromium).

Each test boots a fresh App on the real index.html, presses what a user would press, runs
animation frames and reads what the page would show. The browser tests in test_page.py
check the same features end to end; these pin down the logic in milliseconds.
"""

from __future__ import annotations

import fakedom
import numpy as np
import palette
import pytest
import settings as config
from digits import DIGITS
from fakepage import click, el, frames, set_input, start
from network import Network
from trainer import BATCH_SIZE, SCORE_EVERY

window, document = fakedom.window, fakedom.document


def lines(layer: str) -> list:
    return [e for e in el("network").walk() if e.getAttribute("data-layer") == layer]


def test_boot_draws_the_default_network_and_enables_the_controls():
    app = start()
    assert len(lines("ih")) == 250 and len(lines("ho")) == 100
    assert el("iterations").textContent == "0" and el("loss").textContent == f"{app.trainer.loss:.4f}"  # untrained loss
    assert not el("play").disabled and not el("copy-link").disabled
    assert app.state()["frame"] == 1 and len(window._frames) == 1  # drawn once; one frame to write the address bar
    frames()
    assert not window._frames  # then nothing pending


def test_train_runs_one_batch_and_the_next_frame_shows_it():
    app = start()
    click("train")
    assert el("iterations").textContent == "0"  # the page changes on the next frame, not in the handler
    frames()
    assert app.trainer.iteration == BATCH_SIZE and el("iterations").textContent == str(BATCH_SIZE)
    assert el("loss").textContent == f"{app.trainer.loss:.4f}"
    # the iteration-0 point, then one point every SCORE_EVERY iterations of the batch
    assert len(el("loss-chart").querySelector(".curve").getAttribute("points").split()) == BATCH_SIZE // SCORE_EVERY + 1


def test_play_runs_speed_iterations_per_frame_until_pause():
    app = start("?speed=5")
    click("play")
    frames(10)
    assert app.trainer.iteration == 50 and app.running
    assert el("play").getAttribute("aria-label") == "Pause" and el("network").classList.contains("animating")
    click("play")
    frames(5)
    assert app.trainer.iteration == 50 and not app.running
    assert el("play").querySelector(".label").textContent == "Play"
    assert not el("network").classList.contains("animating")


def test_a_frame_with_nothing_changed_writes_nothing():
    start()
    click("train")
    frames()
    click("reset")
    click("reset")
    frames()
    before = document.writes
    el("network").dispatch("pointermove", clientX=5, clientY=5)  # asks for no render
    window.requestAnimationFrame(lambda t: None)
    frames()
    assert document.writes == before


def snapshot() -> dict:
    """Every attribute and text on the page, by element."""
    return {id(e): (dict(e.attributes), e.text) for e in document.documentElement.walk()}


def test_an_iteration_writes_exactly_the_attributes_and_texts_that_changed():
    app = start()
    click("play")
    frames()
    before, writes = snapshot(), document.writes
    frames()  # one more iteration while playing
    after = snapshot()
    changed = sum(
        sum(after[k][0].get(name) != before[k][0].get(name) for name in set(after[k][0]) | set(before[k][0]))
        + (after[k][1] != before[k][1])
        for k in after
    )
    assert app.trainer.iteration == 2
    assert 0 < changed == document.writes - writes
    classes = [e.getAttribute("class") for e in lines("ih")]
    net = app.trainer.network
    expected = [palette.WEIGHT_CLASSES[c] for c in palette.weight_codes(net.w_ih)]
    assert sorted(classes) == sorted(expected)


def test_hidden_slider_rebuilds_the_diagram_and_starts_over():
    app = start()
    click("train")
    frames()
    set_input("hidden", 4)
    frames()
    assert app.trainer.hidden == 4 and app.trainer.iteration == 0
    assert len(lines("ih")) == 100 and len(lines("ho")) == 40
    assert el("hidden-value").textContent == "4"
    assert app.trainer.history.iterations.tolist() == [0]  # a fresh chart: only the untrained loss
    assert len(el("loss-chart").querySelector(".curve").getAttribute("points").split()) == 1


def test_learning_rate_slider_keeps_the_weights_and_labels_the_rate():
    app = start()
    click("train")
    frames()
    weights = app.trainer.network.w_ih.copy()
    set_input("lr", config.LR_STEPS)
    frames()
    assert app.trainer.learning_rate == config.MAX_LR and el("lr-value").textContent == "10"
    assert el("lr").getAttribute("aria-valuetext") == "10"
    assert np.array_equal(app.trainer.network.w_ih, weights) and app.trainer.iteration == BATCH_SIZE


def test_address_bar_is_written_once_per_frame_and_only_when_the_settings_changed():
    start()
    assert window.addresses == []  # not on the way to ready: by the first frame
    frames()
    assert window.addresses == ["?hidden=10&lr=0.5&seed=0&speed=1&tab=train"]
    for position in (100, 120, 140, 200):  # a drag: many input events within one frame
        set_input("lr", position)
    assert len(window.addresses) == 1
    frames()
    assert window.addresses[1:] == ["?hidden=10&lr=1&seed=0&speed=1&tab=train"]
    click("train")
    frames()
    assert len(window.addresses) == 2  # training changes no setting


def test_embeds_full_page_link_follows_the_settings_without_embed():
    start("?embed=1&hidden=12")
    assert document.body.classList.contains("embed")
    assert el("full-page-link").href == "./?hidden=12&lr=0.5&seed=0&speed=1&tab=train"
    set_input("speed", 20)
    click("reset")
    frames()
    assert el("full-page-link").href == "./?hidden=12&lr=0.5&seed=1&speed=20&tab=train"
    assert window.addresses[-1].endswith("tab=train&embed=1")


def test_bad_url_values_fall_back_with_a_notice_in_plain_text():
    app = start("?hidden=500&tab=%3Cimg%20src%3Dx%3E")
    assert app.settings == config.DEFAULTS
    assert not el("notice").hidden
    text = el("notice").querySelector(".notice-text")
    assert "Ignored hidden" in text.textContent and text.children == []
    click_close = el("notice").querySelector(".notice-close")
    click_close.dispatch("click")
    assert el("notice").hidden


def test_picking_a_digit_pauses_and_shows_it_until_training_moves_on():
    app = start()
    click("play")
    frames(3)
    thumb = el("inputs").children[3]
    thumb.dispatch("click")
    frames()
    assert not app.running and thumb.getAttribute("aria-pressed") == "true"
    assert el("outputs-caption").textContent == "for digit 3"
    on = [int(e.getAttribute("data-index")) for e in el("network").walk()
          if e.getAttribute("data-layer") == "input" and e.getAttribute("class") == "a10"]
    assert on == np.flatnonzero(DIGITS[3]).tolist()
    click("train")
    frames()
    assert thumb.getAttribute("aria-pressed") == "false"
    assert el("outputs-caption").textContent == f"for training image {app.trainer.last_index}"


def test_draw_tab_shows_the_drawing_and_what_the_network_says():
    app = start()
    click("tab-draw")
    frames()
    assert not el("panel-draw").hidden and el("panel-train").hidden
    assert el("tab-draw").getAttribute("aria-selected") == "true"
    cells = el("draw-grid").children
    for i in np.flatnonzero(DIGITS[1]).tolist():
        cells[i].dispatch("click", detail=0)  # keyboard presses
    frames()
    expected = Network(seed=0).predict(DIGITS[1])
    assert el("draw-prediction").textContent == str(expected)
    assert el("outputs-caption").textContent == "for your drawing"
    click("clear-draw")
    frames()
    assert not app.views.drawing.pixels.any()
    assert all(c.getAttribute("aria-pressed") == "false" for c in cells)


def test_dragging_paints_every_cell_it_crosses():
    app = start("?tab=draw")
    cells = el("draw-grid").children
    document.hits = {(i, 0): cells[i] for i in range(5, 10)}
    cells[5].dispatch("pointerdown", pointerId=1)
    for i in range(6, 10):
        el("draw-grid").dispatch("pointermove", clientX=i, clientY=0)
    el("draw-grid").dispatch("pointerup")
    assert np.flatnonzero(app.views.drawing.pixels).tolist() == [5, 6, 7, 8, 9]


@pytest.mark.parametrize("key, start_tab, end_tab", [
    ("ArrowRight", "train", "draw"), ("ArrowRight", "draw", "train"), ("ArrowLeft", "train", "draw"),
    ("Home", "draw", "train"), ("End", "train", "draw"),
])
def test_arrow_keys_home_and_end_move_between_tabs_and_focus(key, start_tab, end_tab):
    app = start(f"?tab={start_tab}")
    event = el(f"tab-{start_tab}").dispatch("keydown", key=key)
    frames()
    assert event.defaultPrevented and app.settings.tab == end_tab
    assert document.activeElement is el(f"tab-{end_tab}")
    assert el(f"tab-{end_tab}").getAttribute("tabindex") == "0"


def test_other_keys_leave_the_tabs_alone():
    app = start()
    event = el("tab-train").dispatch("keydown", key="a")
    assert not event.defaultPrevented and app.settings.tab == "train"


def test_hovering_a_weight_shows_its_value_and_it_follows_training():
    app = start()
    line = next(e for e in lines("ho")
                if e.getAttribute("data-from") == "2" and e.getAttribute("data-to") == "7")
    line.dispatch("pointerover", clientX=100, clientY=100, pointerType="mouse")
    frames()
    tip = el("tooltip")
    w = app.trainer.network.w_ho
    assert not tip.hidden and tip.textContent == f"weight {w[7, 2]:.4f} · hidden 2 → output 7"
    assert tip.style.left == "114px"
    click("train")
    frames()
    assert tip.textContent == f"weight {w[7, 2]:.4f} · hidden 2 → output 7"  # the new value
    line.dispatch("pointerout", pointerType="mouse")
    assert tip.hidden


def test_a_tapped_neuron_keeps_its_tooltip_and_a_vanished_one_hides_it():
    app = start()
    neuron = next(e for e in el("network").walk()
                  if e.getAttribute("data-layer") == "hidden" and e.getAttribute("data-index") == "8")
    neuron.dispatch("click", clientX=10, clientY=10)
    neuron.dispatch("pointerout", pointerType="touch")
    frames()
    hidden_act, _ = app.trainer.network.forward(DIGITS[0])
    assert el("tooltip").textContent == f"hidden 8 · activation {hidden_act[8]:.4f}"
    set_input("hidden", 4)  # hidden neuron 8 is gone
    frames()
    assert el("tooltip").hidden


def test_copy_link_copies_the_current_settings_or_asks_to_copy_by_hand():
    start()
    set_input("hidden", 6)
    click("copy-link")  # before the next frame: the link still has hidden=6
    url = "http://localhost:8000/?hidden=6&lr=0.5&seed=0&speed=1&tab=train"
    assert window.clipboard == [url] and el("share-url").value == url and not el("share-url").hidden
    assert el("notice").querySelector(".notice-text").textContent == "Link copied to the clipboard."
    window.clipboard_refuses = True
    click("copy-link")
    assert el("notice").querySelector(".notice-text").textContent == "Copy the selected link below."
    assert document.selection is el("share-url")


def test_a_failing_handler_says_so_on_the_page():
    app = start()
    app.trainer.step = None  # break training
    click("train")
    assert "Something went wrong" in el("notice").querySelector(".notice-text").textContent
    assert window.errors and "nnviz: " in window.errors[0]


def test_get_state_is_plain_data_with_a_frame_counter():
    app = start("?hidden=3&seed=5")
    state = window.nnviz.getState()
    assert state["frame"] == 1 and state["hidden"] == 3 and state["seed"] == 5
    assert state["loss"] == app.trainer.loss > 0  # the untrained loss, from iteration 0
    assert np.array_equal(state["weights"]["inputHidden"], Network(hidden=3, seed=5).w_ih)
    click("train")
    frames()
    assert window.nnviz.getState()["frame"] == 2 == app.frame
    assert set(state) == {"iteration", "accuracy", "loss", "hidden", "learningRate", "seed", "running",
                          "speed", "tab", "diverged", "frame", "weights", "trainingImages", "trainingLabels",
                          "testImages", "testLabels", "testAccuracy", "testLoss", "predictions", "lastIteration"}


def test_chart_redraws_at_most_every_100_ms_while_playing():
    app = start("?speed=20")
    curve = el("loss-chart").querySelector(".curve")
    click("play")
    frames()
    seen = []
    for _ in range(12):
        frames(1)
        seen.append(curve.getAttribute("points"))
    assert app.trainer.iteration == 13 * 20
    redraws = len(set(seen))
    assert 1 <= redraws <= 3  # 12 frames of 16.7 ms: about two redraws, not twelve


# ---- a page pre-rendered by scripts/render_page.py, and presses made while Python starts -------

# Adopted as they are. (The loss chart is drawn again in place from the same code: a few small
# elements inside a fixed viewBox, so nothing around it moves; the browser test checks no layout shift.)
PRE_RENDERED = ("network", "outputs", "inputs", "iterations", "accuracy", "loss", "test-accuracy", "test-loss",
                "test-summary", "test-strip", "neuron-maps", "per-digit", "inspector")


def load_page(query: str = "") -> None:
    from conftest import ROOT

    document.load((ROOT / "index.html").read_text())
    window.reset(search=query)


def drawn() -> dict:
    """Every element of the pre-rendered views, by identity, with its attributes, style and text."""
    # (Output bars are pre-drawn to the nearest percent by a class, CSP-safe, and take their exact
    # scale, an inline transform, on the first frame: nothing moves, so their style is left out.)
    return {id(e): (dict(e.attributes), {} if e.classList.contains("out-fill") else dict(vars(e.style)), e.text)
            for name in PRE_RENDERED for e in el(name).walk()}


def test_the_static_page_already_shows_the_default_network_outputs_stats_and_thumbnails():
    load_page()
    assert len(lines("ih")) == 250 and len(lines("ho")) == 100
    assert len([e for e in el("network").walk() if e.getAttribute("data-layer") == "hidden"]) == 10
    assert el("iterations").textContent == "0" and el("loss").textContent != ""
    assert len(el("outputs").children) == 10 and len(el("inputs").children) == 10
    assert not el("play").disabled and not el("train").disabled  # the buttons respond from the start


def first_elements() -> list:
    """The first child of each pre-rendered view (the view itself where it holds only text): kept,
    not rebuilt, when Python adopts it."""
    return [lines("ih")[0]] + [(el(name).children or [el(name)])[0] for name in PRE_RENDERED[1:]]


def test_python_adopts_the_pre_rendered_page_without_rebuilding_or_rewriting_it():
    import app

    load_page()
    before = drawn()
    kept = first_elements()
    visualizer = app.App("")
    assert all(now is then for now, then in zip(first_elements(), kept, strict=True))  # the same, not copies
    assert drawn() == before  # nothing in the drawn views was written
    assert el("loss").textContent == f"{visualizer.trainer.loss:.4f}"
    click("train")
    frames()
    assert el("iterations").textContent == str(BATCH_SIZE)
    weight_class = [palette.WEIGHT_CLASSES[c] for c in palette.weight_codes(visualizer.trainer.network.w_ih).ravel()]
    assert [e.getAttribute("class") for e in lines("ih")] == weight_class


def test_other_settings_restyle_or_rebuild_the_pre_rendered_diagram_to_their_own_network():
    app = start("?seed=7")
    codes = palette.weight_codes(app.trainer.network.w_ho).ravel()
    assert [e.getAttribute("class") for e in lines("ho")] == [palette.WEIGHT_CLASSES[c] for c in codes]
    app = start("?hidden=3")
    assert len(lines("ih")) == 75 and len(lines("ho")) == 30


def test_other_settings_restyle_or_rebuild_the_pre_rendered_panels_under_the_tool():
    for query in ("?seed=7", "?hidden=3"):
        app = start(query)
        t = app.trainer
        maps = el("neuron-maps").querySelectorAll(".nmap")
        cells = [rect.getAttribute("class") for figure in maps for rect in figure.querySelectorAll("rect")]
        assert len(maps) == t.hidden
        assert cells == [palette.WEIGHT_CLASSES[c] for c in palette.weight_codes(t.network.w_ih).ravel()]
        strip = el("test-strip").children
        assert [b.classList.contains("right") for b in strip] == (t.test_predictions == t.test_labels).tolist()
        rows = el("per-digit").querySelector("tbody").children
        assert [r.getAttribute("class") for r in rows] == [
            "right" if p == label else "wrong" for p, label in zip(t.predictions, t.training_labels)]
        right = int((t.test_predictions == t.test_labels).sum())
        assert el("test-summary").textContent == f"{right} of 50 right"


@pytest.mark.parametrize("pressed, iteration, running", [
    (["train_batch", "train_batch"], 2 * BATCH_SIZE, False),
    (["toggle_play", "toggle_play"], 0, False),
    (["toggle_play"], 2, True),  # one iteration in each of the two frames
    (["train_batch", "reset"], 0, False),
])
def test_presses_made_while_python_started_are_carried_out_once(monkeypatch, pressed, iteration, running):
    from types import SimpleNamespace

    queue = list(pressed) + ["alert"]  # a name that is not an action is ignored
    monkeypatch.setattr(window, "nnvizEarly", SimpleNamespace(take=lambda: _take(queue)), raising=False)
    app = start()
    frames(2)
    assert app.trainer.iteration == iteration and app.running == running
    assert el("play").getAttribute("aria-label") == ("Pause" if running else "Play")
    assert not queue  # taken once


def _take(queue: list) -> list:
    taken = queue[:]
    queue.clear()
    return taken

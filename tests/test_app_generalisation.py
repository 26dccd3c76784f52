"""Generalisation, own examples, Start over / New weights and saved networks, in CPython on the fake DOM.

The browser tests in test_generalisation_page.py check the same features end to end in Chromium.
"""

from __future__ import annotations

import json

import fakedom
import netfile
import numpy as np
import pytest
from datasets import MAX_OWN
from digits import DIGITS
from fakepage import click, el, frames, set_input, start
from network import Network
from testdigits import TEST_IMAGES, TEST_LABELS
from trainer import BATCH_SIZE

window, document = fakedom.window, fakedom.document


def notice() -> str:
    return el("notice").querySelector(".notice-text").textContent


def page_snapshot() -> list:
    """Every attribute and text on the page except the notice and the live region (they say what
    happened, not what the page shows)."""
    skip = set(map(id, el("notice").walk())) | set(map(id, el("announcer").walk()))

    def attributes(e):  # a class list is a set: the order classes were added in does not show
        return {k: " ".join(sorted(v.split())) if k == "class" else v for k, v in e.attributes.items()}

    return [(e.tag, attributes(e), e.text) for e in document.documentElement.walk() if id(e) not in skip]


def draw(image) -> None:
    """Paint `image` on the Draw tab with keyboard presses."""
    click("tab-draw")
    cells = el("draw-grid").children
    click("clear-draw")
    for i in np.flatnonzero(image).tolist():
        cells[i].dispatch("click", detail=0)


def add_drawing(image, label: int) -> None:
    draw(image)
    set_input("add-label", label)
    click("add-example")
    frames()


def choose_file(name: str, content) -> None:
    el("import-file").files = fakedom.file_list(fakedom.File(name, content))
    el("import-file").dispatch("change")
    frames()


def test_test_scores_and_marks_show_what_the_network_says_about_each_test_digit():
    app = start()
    click("train")
    frames()
    t = app.trainer
    right = t.test_predictions == TEST_LABELS
    assert el("test-accuracy").textContent == f"{round(100 * t.test_accuracy)}%"
    assert el("test-loss").textContent == f"{t.test_loss:.4f}"
    assert el("test-summary").textContent == f"{int(right.sum())} of 50 right"
    buttons = el("test-strip").children
    assert len(buttons) == 50
    for button, ok, said in zip(buttons, right.tolist(), t.test_predictions.tolist(), strict=True):
        assert button.classList.contains("right" if ok else "wrong")
        assert button.querySelector(".mark").textContent == ("✓" if ok else "✗")
        label = button.getAttribute("aria-label")
        assert label.endswith(": correct") if ok else label.endswith(f": wrong, the network says {said}")


def test_test_marks_follow_training_and_are_written_only_when_they_change():
    app = start()
    first = [b.getAttribute("class") for b in el("test-strip").children]
    for _ in range(6):
        click("train")
        frames()
    after = [b.getAttribute("class") for b in el("test-strip").children]
    expected = ["thumb " + ("right" if ok else "wrong") for ok in (app.trainer.test_predictions == TEST_LABELS)]
    assert after == expected != first
    before = document.writes
    window.requestAnimationFrame(lambda t: None)
    frames()
    assert document.writes == before


def test_the_loss_chart_draws_the_test_loss_beside_the_training_loss():
    app = start()
    click("train")
    frames()
    curves = el("loss-chart").querySelectorAll(".curve") + el("loss-chart").querySelectorAll(".test-curve")
    assert len(curves) == 2
    train_points, test_points = (c.getAttribute("points").split() for c in curves)
    assert len(train_points) == len(test_points) == len(app.trainer.history)
    assert train_points != test_points


def test_clicking_a_test_digit_pauses_and_shows_it_in_the_diagram():
    app = start()
    click("play")
    frames(2)
    el("test-strip").children[7].dispatch("click")
    frames()
    assert not app.running and el("test-strip").children[7].getAttribute("aria-pressed") == "true"
    assert el("outputs-caption").textContent == "for test 8 (digit 1, drawn another way)"
    on = [int(e.getAttribute("data-index")) for e in el("network").walk()
          if e.getAttribute("data-layer") == "input" and e.getAttribute("class") == "a10"]
    assert on == np.flatnonzero(TEST_IMAGES[7]).tolist()
    click("train")
    frames()
    assert el("test-strip").children[7].getAttribute("aria-pressed") == "false"


def test_an_added_example_joins_the_training_set_and_training():
    app = start()
    image = TEST_IMAGES[5]  # a shifted 1
    add_drawing(image, 1)
    t = app.trainer
    assert len(t.training_labels) == 11 and np.array_equal(t.training_images[10], image)
    state = window.nnviz.getState()
    assert len(state["trainingImages"]) == 11 and state["trainingImages"][10] == image.tolist()
    assert state["trainingLabels"] == [*range(10), 1]
    assert "Added your drawing as a 1" in notice()
    box = el("own-examples")
    assert not box.hidden and box.querySelector(".own-count").textContent.startswith("Your examples (1 of at most 50)")
    thumb = box.querySelector(".thumb")
    assert thumb.getAttribute("data-row") == "10"
    assert thumb.getAttribute("aria-label").startswith("Your example 1: a 1: ")
    click("tab-train")
    click("train")
    frames()
    expected = Network(seed=0)
    rows = np.vstack([DIGITS, image])
    for i in range(BATCH_SIZE):
        expected.train_step(rows[i % 11], [*range(10), 1][i % 11])
    assert np.allclose(t.network.w_ih, expected.w_ih, rtol=0, atol=1e-12)


def test_an_empty_drawing_is_not_added():
    app = start()
    click("tab-draw")
    click("add-example")
    assert len(app.trainer.training_labels) == 10 and "Draw a digit" in notice()


def test_at_most_50_examples_with_a_clear_message_and_duplicates_are_fine():
    app = start()
    for _ in range(MAX_OWN):
        app.actions.add_example(DIGITS[3].copy(), 8)
    frames()
    assert len(el("own-examples").querySelectorAll(".own-item")) == MAX_OWN
    add_drawing(DIGITS[3], 8)
    assert len(app.trainer.training_labels) == 10 + MAX_OWN
    assert notice() == "Not added: you can add at most 50 examples of your own; remove one before adding another."


def test_each_own_example_can_be_removed_and_picked():
    app = start()
    add_drawing(TEST_IMAGES[0], 0)
    add_drawing(TEST_IMAGES[10], 2)
    click("tab-train")
    frames()
    items = el("own-examples").querySelectorAll(".own-item")
    items[1].querySelector(".thumb").children[0].dispatch("click")  # a pixel of the thumbnail
    frames()
    assert el("outputs-caption").textContent == "for your example 2 (digit 2)"
    assert items[1].querySelector(".thumb").getAttribute("aria-pressed") == "true"
    items[0].querySelector(".own-remove").dispatch("click")
    frames()
    assert app.trainer.training_labels.tolist() == [*range(10), 2]
    assert len(el("own-examples").querySelectorAll(".own-item")) == 1
    el("own-examples").querySelector(".own-remove").dispatch("click")
    frames()
    assert el("own-examples").hidden and len(app.trainer.training_labels) == 10


def test_start_over_restores_the_initial_weights_and_keeps_own_examples():
    app = start("?hidden=7&seed=3")
    initial = app.trainer.network.w_ih.copy(), app.trainer.network.w_ho.copy()
    add_drawing(DIGITS[4], 4)
    click("train")
    frames()
    click("restart")
    frames()
    t = app.trainer
    assert t.iteration == 0 and t.seed == 3 and el("iterations").textContent == "0"
    assert np.array_equal(t.network.w_ih, initial[0]) and np.array_equal(t.network.w_ho, initial[1])
    assert len(t.training_labels) == 11 and el("restart").textContent == "Start over"


def test_new_weights_draws_a_new_seed_and_keeps_own_examples():
    app = start()
    add_drawing(DIGITS[4], 4)
    click("reset")
    frames()
    assert app.trainer.seed == 1 and len(app.trainer.training_labels) == 11
    assert el("reset").textContent == "New weights" and window.addresses[-1].startswith("?hidden=10&lr=0.5&seed=1")


def export_after_training():
    """A session worth keeping: own examples, speed 5, 600 iterations. Returns (app, file text, page)."""
    app = start("?hidden=6&speed=5")
    add_drawing(TEST_IMAGES[20], 4)
    click("tab-train")
    for _ in range(6):
        click("train")
    frames()
    click("export")
    assert window.downloads[-1][0] == "nnviz-network.json"
    return app, window.downloads[-1][1], page_snapshot()


def test_export_then_new_weights_then_import_restores_weights_and_displays_exactly():
    app, text, before = export_after_training()
    weights = app.trainer.network.w_ih.copy(), app.trainer.network.w_ho.copy()
    set_input("speed", 1)
    set_input("hidden", 12)
    click("reset")
    frames()
    choose_file("nnviz-network.json", text)
    t = app.trainer
    assert np.array_equal(t.network.w_ih, weights[0]) and np.array_equal(t.network.w_ho, weights[1])
    assert t.iteration == 600 and app.settings.speed == 5 and app.settings.hidden == 6
    assert notice() == "Loaded nnviz-network.json."
    assert page_snapshot() == before


def test_a_control_changed_just_before_an_import_shows_the_imported_value():
    app, text, _ = export_after_training()  # speed 5, hidden 6, shown on the page
    set_input("speed", 1)  # the menu now reads 1; no frame has drawn since
    choose_file("nnviz-network.json", text)  # back to speed 5 before the next frame
    frames()
    assert app.settings.speed == 5 and el("speed").value == "5"


BAD_FILES = {
    "not JSON": ("notes.txt", "hello", "the file is not JSON"),
    "another format": ("other.json", '{"format": "keras", "version": 1}', "not a network saved by"),
    "newer version": ("new.json", None, "newer version of the visualizer"),
    "wrong shapes": ("shapes.json", None, "weights.input_hidden must be 6 rows"),
    "not finite": ("nan.json", None, "not a finite number"),
    "over 5 MB": ("big.json", " " * 5_000_001, "a saved network is at most 5 MB"),
}


def spoil(text: str, case: str) -> str:
    data = json.loads(text)
    if case == "newer version":
        data["version"] = netfile.VERSION + 1
    elif case == "wrong shapes":
        data["weights"]["input_hidden"] = data["weights"]["input_hidden"][:-1]
    elif case == "not finite":
        return text.replace(json.dumps(data["weights"]["hidden_output"][0][0]), "NaN", 1)
    return json.dumps(data)


@pytest.mark.parametrize("case", list(BAD_FILES))
def test_a_bad_file_is_refused_with_a_message_and_nothing_changes(case):
    app, text, _ = export_after_training()
    name, content, message = BAD_FILES[case]
    click("reset")  # a different session from the file's, to tell them apart
    frames()
    before, weights = page_snapshot(), app.trainer.network.w_ih.copy()
    choose_file(name, content if content is not None else spoil(text, case))
    assert notice().startswith(f"Could not load {name}: ") and message in notice()
    assert page_snapshot() == before and np.array_equal(app.trainer.network.w_ih, weights)


def test_a_file_dropped_on_the_page_is_imported():
    app, text, before = export_after_training()
    click("reset")
    frames()
    over = document.body.dispatch("dragover", dataTransfer=fakedom.data_transfer(fakedom.File("a.json", text)))
    assert over.defaultPrevented
    plain_text = document.body.dispatch("dragover", dataTransfer=fakedom.data_transfer())
    assert not plain_text.defaultPrevented  # only files can be dropped
    drop = el("network").dispatch("drop", dataTransfer=fakedom.data_transfer(fakedom.File("a.json", text)))
    frames()
    assert drop.defaultPrevented and app.trainer.iteration == 600 and page_snapshot() == before


def test_import_button_opens_the_file_chooser():
    start()
    chooser = []
    el("import-file").addEventListener("click", chooser.append)
    click("import")
    assert len(chooser) == 1 and el("import-file").value == ""


def test_host_pages_can_export_and_import_through_nnviz():
    app, _, _ = export_after_training()
    text = window.nnviz.exportNetwork()
    assert netfile.load(text).iteration == 600
    click("reset")
    frames()
    assert window.nnviz.importNetwork(text) == {"ok": True} and app.trainer.iteration == 600
    assert window.nnviz.importNetwork(json.loads(text)) == {"ok": True}  # the parsed object works too
    refused = window.nnviz.importNetwork('{"format": "nnviz-network", "version": 99}')
    assert refused["ok"] is False and "newer version" in refused["error"]

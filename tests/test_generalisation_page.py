"""Issue 13 in the real page (Chromium): the held-out test set, own examples, Start over, and
saved networks (export, import by file chooser, drop and window.nnviz; every bad file refused)."""

from __future__ import annotations

import json

import netfile
import numpy as np
import pytest
from conftest import ARTIFACTS, open_app, state
from testdigits import TEST_IMAGES
from trainer import Trainer

SHOWN_JS = """() => ({
    tool: document.querySelector('.tool').innerHTML,
    values: ['#hidden', '#lr', '#speed'].map(s => document.querySelector(s).value),
})"""


def train(page, clicks: int = 1) -> None:
    """Press Train and wait until the page shows the new iteration count."""
    target = state(page)["iteration"] + 100 * clicks
    for _ in range(clicks):
        page.click("#train")
    page.wait_for_function("n => document.querySelector('#iterations').textContent === n.toLocaleString('en')",
                           arg=target)


def weights(st: dict) -> tuple:
    return st["weights"]["inputHidden"], st["weights"]["hiddenOutput"]


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def draw(page, pixels) -> None:
    page.click("#tab-draw")
    page.click("#clear-draw")
    for i in np.flatnonzero(pixels).tolist():
        page.click(f'#draw-grid [data-index="{i}"]')


def add_example(page, pixels, label: int) -> None:
    rows = len(state(page)["trainingLabels"])
    draw(page, pixels)
    page.select_option("#add-label", str(label))
    page.click("#add-example")
    page.wait_for_function("n => window.nnviz.getState().trainingLabels.length === n", arg=rows + 1)


def notice(page) -> str:
    return page.locator("#notice .notice-text").inner_text()


def test_test_accuracy_and_loss_are_a_forward_pass_over_the_test_images_with_the_pages_weights(app_page):
    page = app_page
    train(page, 3)
    st = state(page)
    w_ih, w_ho = (np.array(w) for w in weights(st))
    images, labels = np.array(st["testImages"]), np.array(st["testLabels"])
    assert images.shape == (50, 25) and np.array_equal(images, TEST_IMAGES)
    outputs = sigmoid(sigmoid(images @ w_ih.T) @ w_ho.T)
    targets = np.where(np.arange(10) == labels[:, None], 0.99, 0.0)
    right = outputs.argmax(axis=1) == labels
    assert st["testAccuracy"] == pytest.approx(100 * right.mean(), abs=1e-9)
    assert st["testLoss"] == pytest.approx(((outputs - targets) ** 2).sum(axis=1).mean(), rel=1e-9)
    assert page.locator("#test-accuracy").inner_text() == f"{round(100 * right.mean())}%"
    assert page.locator("#test-summary").inner_text() == f"{right.sum()} of 50 right"
    marks = page.eval_on_selector_all("#test-strip .thumb", "els => els.map(e => e.classList.contains('right'))")
    assert marks == right.tolist()
    glyphs = page.eval_on_selector_all("#test-strip .mark", "els => els.map(e => e.textContent)")
    assert glyphs == ["✓" if ok else "✗" for ok in right]
    assert page.locator("#loss-chart .test-curve").get_attribute("points").count(",") == 31  # every 10 iterations


def test_clicking_a_test_digit_shows_it_in_the_diagram(app_page):
    page = app_page
    page.click('#test-strip [data-test="12"]')
    page.wait_for_function("() => document.querySelector('#outputs-caption').textContent.startsWith('for test 13')")
    assert page.locator('#test-strip [data-test="12"]').get_attribute("aria-pressed") == "true"


def test_an_added_example_changes_the_training_images_and_training(app_page):
    page = app_page
    image = TEST_IMAGES[5]  # a 1 shifted one pixel left
    add_example(page, image, 1)
    st = state(page)
    assert len(st["trainingImages"]) == 11 and st["trainingImages"][10] == image.tolist()
    assert st["trainingLabels"] == [*range(10), 1]
    page.click("#tab-train")
    assert page.locator("#own-examples .thumb").count() == 1
    train(page)
    with_example, without = Trainer(), Trainer()
    with_example.add_example(image, 1)
    with_example.step(100)
    without.step(100)
    w_ih = np.array(weights(state(page))[0])
    assert np.allclose(w_ih, with_example.network.w_ih, rtol=0, atol=1e-12)
    assert not np.allclose(w_ih, without.network.w_ih, rtol=0, atol=1e-6)
    page.click("#own-examples .own-remove")
    page.wait_for_function("() => window.nnviz.getState().trainingLabels.length === 10")
    page.locator("#own-examples").wait_for(state="hidden")  # drawn on the next frame


def test_start_over_reproduces_the_initial_weights_exactly(app_page):
    page = app_page
    initial = state(page)
    add_example(page, TEST_IMAGES[0], 0)
    train(page, 2)
    assert weights(state(page)) != weights(initial)
    page.click("#restart")
    page.wait_for_function("() => document.querySelector('#iterations').textContent === '0'")
    after = state(page)
    assert weights(after) == weights(initial) and after["seed"] == initial["seed"]
    assert len(after["trainingLabels"]) == 11  # own examples stay


def test_export_new_weights_import_gives_identical_weights_and_displays(app_page, tmp_path):
    page = app_page
    page.select_option("#speed", "5")
    add_example(page, TEST_IMAGES[20], 4)
    page.click("#tab-train")
    train(page, 6)
    page.click('#inputs [data-digit="3"]')
    page.click("#inputs .thumb >> nth=3")
    page.wait_for_timeout(50)
    page.click('#test-strip [data-test="0"]')  # show something, then nothing picked again:
    train(page)
    before, shown = state(page), page.evaluate(SHOWN_JS)
    with page.expect_download() as download:
        page.click("#export")
    assert download.value.suggested_filename == "nnviz-network.json"
    path = tmp_path / "nnviz-network.json"
    download.value.save_as(path)
    assert netfile.load(path.read_text()).iteration == 700
    page.click("#reset")
    page.select_option("#speed", "1")
    page.wait_for_function("s => window.nnviz.getState().seed !== s", arg=before["seed"])
    page.set_input_files("#import-file", str(path))
    page.wait_for_function("() => document.querySelector('#iterations').textContent === '700'")
    page.wait_for_timeout(50)
    after = state(page)
    assert weights(after) == weights(before)  # bit for bit: JSON floats read back exactly
    # lastIteration is null after an import (the file keeps weights, not the last step's numbers)
    assert after["lastIteration"] is None
    same = {k: v for k, v in after.items() if k not in ("frame", "lastIteration")}
    assert same == {k: v for k, v in before.items() if k not in ("frame", "lastIteration")}
    assert page.evaluate(SHOWN_JS) == shown
    assert notice(page) == "Loaded nnviz-network.json."


def bad_files(good: str) -> dict:
    """name -> (content, what the message must say)."""
    data = json.loads(good)
    newer = {**data, "version": netfile.VERSION + 1}
    shapes = {**data, "weights": {**data["weights"], "input_hidden": data["weights"]["input_hidden"][:-1]}}
    first = json.dumps(data["weights"]["hidden_output"][0][0])
    return {
        "notes.txt": ("not a network at all", "the file is not JSON"),
        "other.json": (json.dumps({"format": "keras", "layers": []}), "not a network saved by"),
        "newer.json": (json.dumps(newer), "newer version of the visualizer"),
        "shapes.json": (json.dumps(shapes), "weights.input_hidden must be 10 rows"),
        "nan.json": (good.replace(first, "NaN", 1), "not a finite number"),
        "big.json": (" " * (netfile.MAX_BYTES + 1), "a saved network is at most 5 MB"),
    }


def test_every_malformed_file_is_refused_with_a_message_and_the_page_unchanged(app_page, tmp_path):
    page = app_page
    good = page.evaluate("() => window.nnviz.exportNetwork()")
    train(page, 2)
    before, shown = state(page), page.evaluate(SHOWN_JS)
    for name, (content, message) in bad_files(good).items():
        path = tmp_path / name
        path.write_text(content)
        page.set_input_files("#import-file", str(path))
        page.wait_for_function("n => document.querySelector('#notice .notice-text').textContent"
                               ".startsWith('Could not load ' + n)", arg=name)
        assert message in notice(page), name
        page.wait_for_timeout(30)
        assert {k: v for k, v in state(page).items() if k != "frame"} == {
            k: v for k, v in before.items() if k != "frame"}, name
        assert page.evaluate(SHOWN_JS) == shown, name


DROP_JS = """([text, name]) => {
    const transfer = new DataTransfer();
    transfer.items.add(new File([text], name, {type: 'application/json'}));
    const target = document.querySelector('#network');
    const over = new DragEvent('dragover', {dataTransfer: transfer, bubbles: true, cancelable: true});
    target.dispatchEvent(over);
    target.dispatchEvent(new DragEvent('drop', {dataTransfer: transfer, bubbles: true, cancelable: true}));
    return over.defaultPrevented;
}"""


def test_a_network_file_dropped_on_the_page_is_imported_and_host_pages_can_use_nnviz(app_page):
    page = app_page
    train(page, 2)
    saved, text = state(page), page.evaluate("() => window.nnviz.exportNetwork()")
    page.click("#reset")
    page.wait_for_function("() => window.nnviz.getState().iteration === 0")
    assert page.evaluate(DROP_JS, [text, "dropped.json"])
    page.wait_for_function("() => window.nnviz.getState().iteration === 200")
    assert weights(state(page)) == weights(saved) and notice(page) == "Loaded dropped.json."
    page.click("#reset")
    result = page.evaluate("t => window.nnviz.importNetwork(t)", text)
    assert result == {"ok": True} and weights(state(page)) == weights(saved)
    refused = page.evaluate("() => window.nnviz.importNetwork('{\"format\": \"nnviz-network\", \"version\": 9}')")
    assert refused["ok"] is False and "newer version" in refused["error"]


@pytest.mark.parametrize("name, viewport", [("laptop-1280x800", (1280, 800)), ("phone-390x844", (390, 844))])
def test_screenshot_shows_the_test_strip_and_own_examples(guarded, server, name, viewport):
    page = guarded
    page.set_viewport_size({"width": viewport[0], "height": viewport[1]})
    open_app(page, server.origin)
    add_example(page, TEST_IMAGES[5], 1)
    add_example(page, TEST_IMAGES[26], 5)
    page.click("#tab-train")
    train(page, 6)
    page.click('#test-strip [data-test="5"]')
    page.wait_for_timeout(100)
    assert page.locator("#test-strip .thumb.wrong").count() > 0 and page.locator("#own-examples .thumb").count() == 2
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(ARTIFACTS / f"generalisation-{name}.png"))
    if name.startswith("phone"):
        for part in ("tabs", "test-card"):
            page.locator(f".{part}" if part == "tabs" else f"#{part}").scroll_into_view_if_needed()
            page.screenshot(path=str(ARTIFACTS / f"generalisation-{name}-{part}.png"))

"""See inside the network (issue 12) in the real page, each part checked against CPython.

Every number the page shows is recomputed here from the weights getState() reports:
the maps' cells, the inspector's values (to 1e-9), the predictions (a forward pass) and
the chart's first point (the iteration-0 loss).
"""

from __future__ import annotations

import numpy as np
import palette
import pytest
import scales
from conftest import ARTIFACTS, open_app, state
from digits import DIGITS
from losschart import BOX

TARGET_ON = 0.99  # the explanation's target for the right output (0 for the other nine)


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def weights(st: dict):
    return np.array(st["weights"]["inputHidden"]), np.array(st["weights"]["hiddenOutput"])


def forward(st: dict, images):
    w_ih, w_ho = weights(st)
    hidden = sigmoid(np.asarray(images) @ w_ih.T)
    return hidden, sigmoid(hidden @ w_ho.T)


def targets(labels):
    t = np.zeros((len(labels), 10))
    t[np.arange(len(labels)), labels] = TARGET_ON
    return t


def mean_loss(st: dict) -> float:
    _, y = forward(st, DIGITS)
    return float(np.mean(np.sum((targets(np.arange(10)) - y) ** 2, axis=1)))


def wait_for_frame(page, before: int) -> None:
    page.wait_for_function("n => window.nnviz.getState().frame > n", arg=before)


def press(page, selector: str) -> dict:
    before = state(page)["frame"]
    page.click(selector)
    wait_for_frame(page, before)
    return state(page)


# 1. Hidden-neuron maps --------------------------------------------------------------------------

MAP_CELLS_JS = """() => Array.from(document.querySelectorAll('#neuron-maps .nmap'),
    m => [+m.dataset.index, Array.from(m.querySelectorAll('rect'), r => r.getAttribute('class'))])"""


def test_neuron_maps_show_each_hidden_neurons_weights_at_h_64(guarded, server):
    page = open_app(guarded, server.origin, "?hidden=64")
    press(page, "#train")
    st = state(page)
    w_ih, _ = weights(st)
    shown = page.evaluate(MAP_CELLS_JS)
    assert [j for j, _ in shown] == list(range(64))
    for j, cells in shown:
        assert cells == [palette.WEIGHT_CLASSES[c] for c in palette.weight_codes(w_ih[j])], j
    first = page.locator('#neuron-maps .nmap[data-index="0"]').bounding_box()
    assert first["width"] >= 30  # readable at H = 64
    fill = page.evaluate("""() => getComputedStyle(document.querySelector('#neuron-maps rect')).fill""")
    assert fill.startswith("rgb(")


def test_hovering_a_hidden_neuron_highlights_its_map_and_the_reverse(app_page):
    page = app_page
    page.hover('#network circle[data-layer="hidden"][data-index="4"]')
    assert "highlight" in page.get_attribute('#neuron-maps .nmap[data-index="4"]', "class")
    page.hover('#neuron-maps .nmap[data-index="7"]')
    assert page.get_attribute('#network circle[data-layer="hidden"][data-index="7"]', "data-highlight") == ""
    assert "highlight" not in page.get_attribute('#neuron-maps .nmap[data-index="4"]', "class")
    page.focus('#neuron-maps .nmap[data-index="0"]')
    page.keyboard.press("ArrowRight")
    assert page.evaluate("document.activeElement.dataset.index") == "1"
    assert page.get_attribute('#network circle[data-layer="hidden"][data-index="1"]', "data-highlight") == ""


# 2. Step and the inspector ----------------------------------------------------------------------

def inspector_values(page, field: str) -> list:
    return page.evaluate("""f => Array.from(document.querySelectorAll(`#inspector [data-field="${f}"]`),
        e => parseFloat(e.dataset.value))""", field)


def test_step_runs_one_iteration_and_the_inspector_matches_cpython(app_page):
    page = app_page
    press(page, "#train")
    before = state(page)
    assert before["lastIteration"]["index"] == 9  # the batch's last image
    page.click("#play")
    page.wait_for_function("() => window.nnviz.getState().iteration > 100")
    page.click("#play")
    page.wait_for_function("() => !window.nnviz.getState().running")
    before = state(page)
    after = press(page, "#step")
    assert after["iteration"] == before["iteration"] + 1 and not after["running"]
    r = after["lastIteration"]
    index = before["iteration"] % 10
    assert r["index"] == r["label"] == index and r["input"] == DIGITS[index].tolist()
    # CPython: the same iteration from the weights before it
    x, lr = DIGITS[index], before["learningRate"]
    w_ih, w_ho = weights(before)
    h = sigmoid(w_ih @ x)
    y = sigmoid(w_ho @ h)
    t = targets([index])[0]
    d_out = 2 * (y - t) * y * (1 - y)
    d_hid = (w_ho.T @ d_out) * h * (1 - h)
    new_ih, new_ho = w_ih - lr * np.outer(d_hid, x), w_ho - lr * np.outer(d_out, h)
    a_ih, a_ho = weights(after)
    np.testing.assert_allclose(a_ih, new_ih, atol=1e-12)
    np.testing.assert_allclose(a_ho, new_ho, atol=1e-12)
    y_after = sigmoid(new_ho @ sigmoid(new_ih @ x))
    expected = {"hidden": h, "output": y, "target": t, "deltaOutput": d_out, "deltaHidden": d_hid,
                "outputAfter": y_after, "input": x, "loss": [np.sum((t - y) ** 2)],
                "lossAfter": [np.sum((t - y_after) ** 2)]}
    for field, values in expected.items():
        np.testing.assert_allclose(inspector_values(page, field), values, rtol=0, atol=1e-9, err_msg=field)
        got = r[field] if isinstance(r[field], list) else [r[field]]
        np.testing.assert_allclose(got, values, rtol=0, atol=1e-9, err_msg=field)
    change = np.abs(np.concatenate([(new_ih - w_ih).ravel(), (new_ho - w_ho).ravel()]))
    biggest = np.sort(change)[::-1][:6]
    shown = np.abs(np.subtract(inspector_values(page, "changeAfter"), inspector_values(page, "changeBefore")))
    np.testing.assert_allclose(shown, biggest, atol=1e-9)
    words = page.inner_text("#inspector")
    assert f"Output {index} rose from" in words or f"Output {index} fell from" in words
    assert page.get_attribute("#inspector", "open") == ""


def test_last_iteration_is_null_before_the_first(app_page):
    assert state(app_page)["lastIteration"] is None
    app_page.click("#inspector summary")  # open it
    assert "No iteration yet" in app_page.inner_text("#inspector")


def test_keyboard_shortcuts_and_their_help(app_page):
    page = app_page
    page.locator("body").click(position={"x": 5, "y": 790})
    page.keyboard.press("s")
    page.wait_for_function("() => window.nnviz.getState().iteration === 1")
    page.keyboard.press("t")
    page.wait_for_function("() => window.nnviz.getState().iteration === 101")
    page.keyboard.press(" ")
    page.wait_for_function("() => window.nnviz.getState().iteration > 101")
    page.keyboard.press(" ")
    page.wait_for_function("() => !window.nnviz.getState().running")
    page.focus("#hidden")
    page.keyboard.press("r")  # typing in a field: no reset
    page.keyboard.press("Shift+?")
    assert state(page)["iteration"] > 101 and page.get_attribute("#shortcuts", "open") is None
    page.locator("body").click(position={"x": 5, "y": 790})
    page.keyboard.press("r")
    page.wait_for_function("() => window.nnviz.getState().iteration === 0")
    page.keyboard.press("Shift+?")
    assert page.get_attribute("#shortcuts", "open") == ""
    assert "Step: one iteration" in page.inner_text("#shortcuts")


# 3. Right and wrong -----------------------------------------------------------------------------

def test_predictions_thumbnails_and_per_digit_view_match_a_forward_pass(app_page):
    page = app_page
    for _ in range(2):
        press(page, "#train")
    st = state(page)
    _, y = forward(st, DIGITS)
    predicted = np.argmax(y, axis=1)
    assert st["predictions"] == predicted.tolist()
    assert 0 < np.count_nonzero(predicted == np.arange(10)) < 10  # after 200 iterations: some of each
    thumbs = page.evaluate("""() => Array.from(document.querySelectorAll('#inputs .thumb'),
        b => [b.className, b.getAttribute('aria-label'), b.querySelector('.mark').textContent])""")
    for d, (cls, name, glyph) in enumerate(thumbs):
        right = predicted[d] == d
        assert ("right" if right else "wrong") in cls.split(), d
        assert ("correct" if right else "wrong") in name and glyph == ("✓" if right else "✗")
        assert page.get_by_role("button", name=name).count() == 1
    rows = page.evaluate("""() => Array.from(document.querySelectorAll('#per-digit tbody tr'),
        tr => Array.from(tr.cells, c => [c.className, c.textContent]))""")
    for r, cells in enumerate(rows):
        p = int(predicted[r])
        assert cells[11][1] == f"{p} · {y[r, p]:.2f}"
        assert cells[12][1] == ("✓ correct" if p == r else "✗ wrong")
        assert [c[0] for c in cells[1:11]] == [
            palette.ACTIVATION_CLASSES[c] + (" pick" if k == p else "")
            for k, c in enumerate(palette.activation_codes(y[r]))]


# 4. The loss chart ------------------------------------------------------------------------------

def curve(page, css: str) -> list:
    points = page.get_attribute(f"#loss-chart .{css}", "points").split()
    return [tuple(map(float, p.split(","))) for p in points]


def test_chart_starts_with_the_untrained_loss_and_shows_it(app_page):
    page = app_page
    st = state(page)
    loss0 = mean_loss(st)
    assert st["loss"] == pytest.approx(loss0, abs=1e-12)
    assert page.inner_text("#loss") == f"{loss0:.4f}"
    (x, y), = curve(page, "curve")
    top = scales.nice_ticks(loss0, 4)[-1]
    assert x == BOX.left and y == pytest.approx(BOX.bottom - loss0 / top * (BOX.bottom - BOX.top), abs=0.06)
    dot = page.locator("#loss-chart .dot.curve-dot")
    assert dot.is_visible() and float(dot.get_attribute("cy")) == y
    assert page.locator("#loss-chart .placeholder").is_visible()


def test_a_batch_draws_loss_and_accuracy_and_the_chart_reads_out_points(app_page):
    page = app_page
    start = state(page)
    press(page, "#train")
    loss, accuracy = curve(page, "curve"), curve(page, "curve-accuracy")
    assert len(loss) == len(accuracy) == 11
    assert not page.locator("#loss-chart .placeholder").is_visible()
    st = state(page)
    box = page.locator("#loss-chart").bounding_box()
    x = box["x"] + box["width"] * loss[5][0] / 300  # the point at iteration 50
    page.mouse.move(x, box["y"] + box["height"] / 2)
    readout = page.locator(".chart-readout")
    text = readout.inner_text()
    assert text.startswith("Iteration 50: loss ") and "accuracy " in text
    page.focus("#loss-chart")
    page.keyboard.press("End")
    assert readout.inner_text() == (f"Iteration 100: loss {st['loss']:.4f}, test loss {st['testLoss']:.4f}, "
                                    f"accuracy {round(st['accuracy'])}%")
    page.keyboard.press("Home")
    assert readout.inner_text() == (f"Iteration 0: loss {mean_loss(start):.4f}, "
                                    f"test loss {start['testLoss']:.4f}, accuracy {round(start['accuracy'])}%")


# Screenshots ------------------------------------------------------------------------------------

@pytest.mark.parametrize("width, height", [(1280, 800), (390, 844)])
def test_screenshots_of_the_panels_inside_the_network(guarded, server, width, height):
    page = guarded
    page.set_viewport_size({"width": width, "height": height})
    open_app(page, server.origin)
    for _ in range(3):
        page.click("#train")
    press(page, "#step")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"inside-top-{width}x{height}.png"))
    page.locator(".inside").scroll_into_view_if_needed()
    page.evaluate("document.querySelector('.inside').scrollIntoView()")
    page.screenshot(path=str(ARTIFACTS / f"inside-panels-{width}x{height}.png"))
    for selector in ("#neuron-maps", "#per-digit", "#inspector .insp-body", ".buttons #step"):
        assert page.locator(selector).is_visible(), selector
    tool = page.locator(".tool").bounding_box()
    inside = page.locator(".inside").bounding_box()
    assert inside["y"] >= tool["y"] + tool["height"]  # under the tool, never over it

"""The visualizer as a user sees it: one test per behaviour, driving the real page in Chromium."""

from __future__ import annotations

import re

import network
import numpy as np
import palette
import pytest
from conftest import Guard, open_app, settle, state
from network import Network

LINES_JS = """layer => Array.from(document.querySelectorAll(`#network line[data-layer="${layer}"]`),
    e => [+e.dataset.from, +e.dataset.to, e.getAttribute('class')])"""
NEURONS_JS = """layer => Array.from(document.querySelectorAll(`#network [data-layer="${layer}"]:not(line)`),
    e => [+e.dataset.index, e.getAttribute('class')])"""


def train(page, clicks: int = 1) -> None:
    for _ in range(clicks):
        page.click("#train")
    settle(page)  # the next animation frame shows the result


def wait_state(page, condition: str) -> None:
    """Until `condition` (JavaScript over s = getState()) holds: wait on the page's state, not the clock."""
    page.wait_for_function(f"() => {{ const s = window.nnviz.getState(); return {condition}; }}", timeout=60_000)


def wait_frames(page, count: int) -> None:
    """Until the app has rendered `count` more frames: by its own frame counter (getState().frame)
    where it has one, else `count` animation-frame round trips (the app renders in each while playing)."""
    start = state(page).get("frame")
    if start is None:
        for _ in range(count):
            settle(page)
    else:
        wait_state(page, f"s.frame >= {start + count}")


def untrained_loss(st: dict) -> float:
    """The mean loss over the ten digits, from the weights getState reports."""
    from digits import DIGITS, LABELS

    return network_from(st).evaluate(DIGITS, LABELS)[1]


def network_from(st: dict) -> Network:
    net = Network(hidden=st["hidden"])
    net.set_weights(np.array(st["weights"]["inputHidden"]), np.array(st["weights"]["hiddenOutput"]))
    return net


# 1. Stats -----------------------------------------------------------------------------------


def test_stats_show_iterations_accuracy_from_the_start_and_no_loss_before_training(app_page):
    page = app_page
    st = state(page)
    assert page.inner_text("#iterations") == "0"
    assert page.inner_text("#loss") == f"{st['loss']:.4f}"
    assert st["loss"] == pytest.approx(untrained_loss(st), abs=1e-12)
    assert re.fullmatch(r"\d{1,3}%", page.inner_text("#accuracy"))
    assert page.inner_text("#accuracy") == f"{round(st['accuracy'])}%"
    assert 0 <= st["accuracy"] <= 40  # random weights: about one lucky guess in ten


def test_train_advances_iterations_by_the_batch_and_shows_the_mean_loss(app_page):
    page = app_page
    assert " ".join(page.inner_text("#train").split()) == "Train 100"
    train(page)
    st = state(page)
    assert st["iteration"] == 100 and page.inner_text("#iterations") == "100"
    net = network_from(st)
    from digits import DIGITS, LABELS

    accuracy, mean_loss = net.evaluate(DIGITS, LABELS)
    assert st["loss"] == pytest.approx(mean_loss, rel=1e-9)
    assert page.inner_text("#loss") == f"{mean_loss:.4f}"
    assert st["accuracy"] == pytest.approx(100 * accuracy)


# 2. Network diagram -------------------------------------------------------------------------


def test_diagram_has_every_neuron_and_weight_with_its_data_attributes(app_page):
    page = app_page
    for layer, count in (("input", 25), ("hidden", 10), ("output", 10)):
        indices = [i for i, _ in page.evaluate(NEURONS_JS, layer)]
        assert indices == list(range(count)), layer
    ih = page.evaluate(LINES_JS, "ih")
    ho = page.evaluate(LINES_JS, "ho")
    assert sorted((f, t) for f, t, _ in ih) == [(i, j) for i in range(25) for j in range(10)]
    assert sorted((f, t) for f, t, _ in ho) == [(j, k) for j in range(10) for k in range(10)]
    labels = page.locator("#network .out-label").all_text_contents()
    assert labels == [str(k) for k in range(10)]
    captions = page.locator("#network .caption").all_text_contents()
    assert captions == ["INPUT", "HIDDEN", "OUTPUT"]
    assert page.locator(".legend").inner_text().count("weight") == 2


def test_weights_are_drawn_red_positive_blue_negative_thicker_when_larger(app_page):
    page = app_page
    train(page, 3)
    st = state(page)
    w_ih = np.array(st["weights"]["inputHidden"])
    w_ho = np.array(st["weights"]["hiddenOutput"])
    for layer, w in (("ih", w_ih), ("ho", w_ho)):
        for f, t, cls in page.evaluate(LINES_JS, layer):
            weight = w[t, f]
            assert cls == palette.WEIGHT_CLASSES[palette.weight_codes([weight])[0]], (layer, f, t, weight)
    styles = page.evaluate("""() => Array.from(document.querySelectorAll('#network line[data-layer="ih"]'), e => {
        const s = getComputedStyle(e); return [+e.dataset.from, +e.dataset.to, s.stroke, parseFloat(s.strokeWidth)];
    })""")
    pos = page.evaluate("getComputedStyle(document.documentElement).getPropertyValue('--pos')").strip()
    neg = page.evaluate("getComputedStyle(document.documentElement).getPropertyValue('--neg')").strip()

    def rgb(hex_colour):
        h = hex_colour.lstrip("#")
        return "rgb({}, {}, {})".format(*(int(h[i:i + 2], 16) for i in (0, 2, 4)))

    by_size = sorted((abs(w_ih[t, f]), width) for f, t, _, width in styles)
    assert by_size[0][1] < by_size[-1][1]  # the largest weight is drawn thicker than the smallest
    for f, t, stroke, _ in styles:
        assert stroke == (rgb(pos) if w_ih[t, f] >= 0 else rgb(neg))


def test_neuron_colours_show_the_activations_of_the_image_in_the_diagram(app_page):
    page = app_page
    train(page, 2)
    st = state(page)
    net = network_from(st)
    from digits import DIGITS

    image = DIGITS[(st["iteration"] - 1) % 10]  # the diagram shows the last training image
    hidden, output = net.forward(image)
    for layer, acts in (("input", image), ("hidden", hidden), ("output", output)):
        expected = palette.activation_codes(acts)
        for i, cls in page.evaluate(NEURONS_JS, layer):
            assert palette.ACTIVATION_CLASSES[expected[i]] in cls.split(), (layer, i)


def test_diagram_updates_live_while_playing(app_page):
    page = app_page
    before = page.evaluate(LINES_JS, "ho")
    page.click("#play")
    wait_frames(page, 20)
    page.click("#play")
    settle(page)
    after = page.evaluate(LINES_JS, "ho")
    assert state(page)["iteration"] >= 20  # one iteration per frame at speed 1
    assert before != after


# 3. Exact values on hover -------------------------------------------------------------------


def test_hovering_a_connection_shows_its_exact_weight(app_page):
    page = app_page
    train(page)
    st = state(page)
    seen = None
    # The midpoint of a hidden → output line (the centre of its box) is on that line, or on one
    # drawn over it: either way the pointer is over a connection.
    for j, k in ((0, 0), (4, 5), (9, 9)):
        box = page.locator(f'#network line[data-layer="ho"][data-from="{j}"][data-to="{k}"]').bounding_box()
        page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        settle(page)
        tip = page.locator("#tooltip")
        if tip.is_visible() and tip.inner_text().startswith("weight"):
            seen = tip.inner_text()
            break
    assert seen, "no connection under the pointer"
    m = re.fullmatch(r"weight (-?\d+\.\d{4}) · hidden (\d+) → output (\d+)", seen)
    assert m, seen
    weight, j, k = float(m.group(1)), int(m.group(2)), int(m.group(3))
    assert weight == pytest.approx(st["weights"]["hiddenOutput"][k][j], abs=5e-5)


def test_hovering_a_neuron_shows_its_activation_and_leaving_hides_it(app_page):
    page = app_page
    page.hover('#network circle[data-layer="output"][data-index="7"]')
    page.locator("#tooltip").wait_for(state="visible")
    text = page.inner_text("#tooltip")
    value = float(page.locator('#outputs .out-row[data-digit="7"] .out-value').inner_text())
    m = re.fullmatch(r"output 7 \(digit 7\) · activation (\d\.\d{4})", text)
    assert m and float(m.group(1)) == pytest.approx(value, abs=6e-4)
    page.mouse.move(2, 2)
    page.locator("#tooltip").wait_for(state="hidden")


def test_tapping_a_neuron_on_a_touch_screen_shows_its_value(browser, server):
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True)
    page = context.new_page()
    guard = Guard(page, server.origin)
    try:
        open_app(page, server.origin)
        page.tap('#network circle[data-layer="hidden"][data-index="2"]')
        page.locator("#tooltip").wait_for(state="visible")
        assert page.inner_text("#tooltip").startswith("hidden 2 · activation ")
        guard.check(page)
    finally:
        context.close()


# 4. Output activations ----------------------------------------------------------------------


def test_output_rows_show_three_decimals_and_mark_the_predicted_digit(app_page):
    page = app_page
    train(page, 2)
    values = [float(v) for v in page.locator("#outputs .out-value").all_inner_texts()]
    assert len(values) == 10
    assert all(re.fullmatch(r"\d\.\d{3}", v) for v in page.locator("#outputs .out-value").all_inner_texts())
    predicted = int(np.argmax(values))
    rows = page.locator("#outputs .out-row.predicted")
    assert rows.count() == 1 and rows.get_attribute("data-digit") == str(predicted)
    assert "predicted" in page.get_attribute(f'#network circle[data-layer="output"][data-index="{predicted}"]', "class")
    assert page.locator("#network circle.predicted").count() == 1
    for k in (predicted, int(np.argmin(values))):  # each bar is as long as its value
        bar = page.locator(f'#outputs .out-row[data-digit="{k}"] .out-bar').bounding_box()
        fill = page.locator(f'#outputs .out-row[data-digit="{k}"] .out-fill').bounding_box()
        assert fill["width"] == pytest.approx(values[k] * bar["width"], abs=2.5)


# 5. Loss chart ------------------------------------------------------------------------------


def test_loss_chart_shows_a_placeholder_then_a_labelled_curve(app_page):
    page = app_page
    assert page.locator("#loss-chart .placeholder").text_content() == "Train to see the loss curve"
    assert len(page.locator("#loss-chart .curve").get_attribute("points").split()) == 1  # iteration 0
    train(page, 3)
    assert page.locator("#loss-chart .placeholder").is_hidden()
    points = page.locator("#loss-chart .curve").get_attribute("points").split()
    assert len(points) == 31  # iteration 0, then every 10th
    texts = page.locator("#loss-chart text").all_text_contents()
    assert "Iteration" in texts and "Mean loss" in texts
    assert "300" in texts or "400" in texts  # the iteration axis reaches past the last point
    ys = [float(p.split(",")[1]) for p in points]
    assert ys[0] < ys[-1]  # SVG y grows downwards: the loss fell
    outside = page.evaluate("""() => {  // the curve, axes and labels all stay inside the chart
        const chart = document.getElementById('loss-chart').getBoundingClientRect();
        return Array.from(document.querySelectorAll('#loss-chart line, #loss-chart polyline, #loss-chart text'),
            e => [e.outerHTML.slice(0, 80), e.getBoundingClientRect()])
          .filter(([, r]) => (r.width || r.height) && (r.left < chart.left - 0.5 || r.right > chart.right + 0.5
                          || r.top < chart.top - 0.5 || r.bottom > chart.bottom + 0.5))
          .map(([html]) => html);
    }""")
    assert outside == []


def test_loss_chart_stays_small_after_100000_iterations(app_page):
    page = app_page
    page.evaluate("() => { const b = document.getElementById('train'); for (let i = 0; i < 1000; i++) b.click(); }")
    settle(page)
    assert state(page)["iteration"] == 100_000
    points = page.locator("#loss-chart .curve").get_attribute("points").split()
    assert 100 <= len(points) <= 600
    xs = [float(p.split(",")[0]) for p in points]
    assert xs == sorted(xs)
    assert "100k" in page.locator("#loss-chart text").all_text_contents()


# 6. Controls ---------------------------------------------------------------------------------


def test_play_advances_and_pause_stops(app_page):
    page = app_page
    play = page.get_by_role("button", name="Play")
    assert play.inner_text().endswith("Play")
    play.click()
    wait_state(page, "s.iteration >= 10")
    pause = page.get_by_role("button", name="Pause")
    assert pause.is_visible() and state(page)["running"]
    assert "animating" in page.get_attribute("#network", "class")  # fast, unsmoothed lines while playing
    pause.click()
    settle(page)
    stopped = state(page)
    assert not stopped["running"] and page.inner_text("#iterations") == f"{stopped['iteration']:,}"
    for _ in range(10):  # ten animation frames later: nothing trained, nothing drawn
        settle(page)
    now = state(page)
    assert now["iteration"] == stopped["iteration"]
    assert now.get("frame") == stopped.get("frame")
    assert page.get_by_role("button", name="Play").inner_text().endswith("Play")
    assert "animating" not in (page.get_attribute("#network", "class") or "")


def test_speed_sets_iterations_per_frame(app_page):
    page = app_page
    page.select_option("#speed", "20")
    page.click("#play")
    wait_state(page, "s.iteration >= 100")
    page.click("#play")
    iterations = state(page)["iteration"]
    assert iterations % 20 == 0 and iterations >= 100
    assert "speed=20" in page.url


def test_reset_zeroes_the_counters_and_the_chart_with_new_weights(app_page):
    page = app_page
    train(page, 2)
    before = state(page)
    page.click("#reset")
    settle(page)
    after = state(page)
    assert after["iteration"] == 0 and after["loss"] == pytest.approx(untrained_loss(after), abs=1e-12)
    assert page.inner_text("#iterations") == "0" and page.inner_text("#loss") == f"{after['loss']:.4f}"
    assert page.locator("#loss-chart .placeholder").is_visible()
    assert len(page.locator("#loss-chart .curve").get_attribute("points").split()) == 1  # iteration 0 only
    assert after["seed"] != before["seed"]
    assert after["weights"] != before["weights"]


def test_hidden_slider_rebuilds_the_network(app_page):
    page = app_page
    train(page)
    page.locator("#hidden").fill("4")
    settle(page)
    st = state(page)
    assert st["hidden"] == 4 and st["iteration"] == 0
    assert page.inner_text("#hidden-value") == "4"
    assert page.locator('#network circle[data-layer="hidden"]').count() == 4
    assert page.locator("#network line").count() == 25 * 4 + 4 * 10
    assert np.array(st["weights"]["inputHidden"]).shape == (4, 25)


def test_learning_rate_slider_is_logarithmic_and_keeps_the_weights(app_page):
    page = app_page
    train(page)
    before = state(page)
    page.locator("#lr").fill("0")
    settle(page)
    assert page.inner_text("#lr-value") == "0.01" and state(page)["learningRate"] == 0.01
    page.locator("#lr").fill("300")
    settle(page)
    after = state(page)
    assert page.inner_text("#lr-value") == "10" and after["learningRate"] == 10
    assert after["weights"] == before["weights"] and after["iteration"] == 100
    train(page)  # the new rate takes effect at the next iteration
    assert state(page)["iteration"] == 200


# 7. Input images ----------------------------------------------------------------------------


def test_clicking_a_digit_after_training_lights_its_output(app_page):
    page = app_page
    train(page, 10)
    assert state(page)["accuracy"] == 100
    page.get_by_role("button", name="Digit 3").click()
    settle(page)
    assert page.get_attribute('#outputs .out-row.predicted', "data-digit") == "3"
    assert "predicted" in page.get_attribute('#network circle[data-layer="output"][data-index="3"]', "class")
    assert page.get_attribute('#inputs [data-digit="3"]', "aria-pressed") == "true"
    on = [i for i, cls in page.evaluate(NEURONS_JS, "input") if "a10" in cls.split()]
    from digits import DIGITS

    assert on == np.flatnonzero(DIGITS[3]).tolist()


def test_while_playing_the_current_training_image_is_highlighted(app_page):
    page = app_page
    page.click("#play")
    wait_state(page, "s.iteration >= 5")
    page.click("#play")
    settle(page)
    st = state(page)
    current = page.locator("#inputs .thumb.current")
    assert current.count() == 1
    assert current.get_attribute("data-digit") == str((st['iteration'] - 1) % 10)


# 8. Draw tab --------------------------------------------------------------------------------


def draw(page, pixels) -> None:
    for i in np.flatnonzero(pixels).tolist():
        page.click(f'#draw-grid [data-index="{i}"]')


def test_drawing_the_training_one_predicts_one(app_page):
    page = app_page
    train(page, 10)
    page.get_by_role("tab", name="Draw").click()
    page.wait_for_selector("#panel-draw:not([hidden])")  # the tab switch shows on the next frame
    assert page.get_attribute("#tab-draw", "aria-selected") == "true"
    assert page.locator("#draw-grid [data-index]").count() == 25
    from digits import DIGITS

    draw(page, DIGITS[1])
    settle(page)
    assert page.inner_text("#draw-prediction") == "1"
    assert page.get_attribute('#outputs .out-row.predicted', "data-digit") == "1"
    page.click("#clear-draw")
    settle(page)
    assert page.locator('#draw-grid [aria-pressed="true"]').count() == 0
    assert re.fullmatch(r"\d", page.inner_text("#draw-prediction"))  # an empty grid is a valid input


def test_dragging_paints_cells_and_keyboard_toggles_them(app_page):
    page = app_page
    page.get_by_role("tab", name="Draw").click()
    page.wait_for_selector("#panel-draw:not([hidden])")  # the tab switch shows on the next frame
    first = page.locator('#draw-grid [data-index="5"]').bounding_box()
    last = page.locator('#draw-grid [data-index="9"]').bounding_box()
    page.mouse.move(first["x"] + 5, first["y"] + 5)
    page.mouse.down()
    page.mouse.move(last["x"] + 10, last["y"] + 10, steps=12)
    page.mouse.up()
    pressed = page.eval_on_selector_all('#draw-grid [aria-pressed="true"]', "els => els.map(e => +e.dataset.index)")
    assert pressed == [5, 6, 7, 8, 9]
    page.focus('#draw-grid [data-index="12"]')
    page.keyboard.press("Space")
    settle(page)
    assert page.get_attribute('#draw-grid [data-index="12"]', "aria-pressed") == "true"


# 9. Explanation ------------------------------------------------------------------------------


def test_explanation_covers_the_maths_true_to_the_code(app_page):
    text = app_page.inner_text("#explanation")
    for phrase in ("sigmoid", "forward pass", "backward pass", "stochastic gradient descent", str(network.TARGET_ON),
                   "no bias", "1/√", "learning rate", "overfitting", "not\nprobabilities", "Draw"):
        assert phrase.lower().replace("\n", " ") in text.lower().replace("\n", " "), phrase


# 10. Shareable settings ----------------------------------------------------------------------


def test_url_settings_set_the_starting_state(guarded, server):
    page = open_app(guarded, server.origin, "?hidden=4&lr=0.2&seed=7&speed=5&tab=draw")
    st = state(page)
    assert (st["hidden"], st["learningRate"], st["seed"], st["speed"], st["tab"]) == (4, 0.2, 7, 5, "draw")
    assert page.input_value("#hidden") == "4" and page.inner_text("#lr-value") == "0.2"
    assert page.input_value("#speed") == "5"
    assert page.locator("#panel-draw").is_visible() and page.locator("#notice").is_hidden()
    same_seed = Network(hidden=4, seed=7)
    assert np.array_equal(np.array(st["weights"]["inputHidden"]), same_seed.w_ih)


def test_bad_url_values_fall_back_with_a_notice_and_are_never_injected(guarded, server):
    page = open_app(guarded, server.origin, "?hidden=500&lr=abc&speed=3&tab=%3Cimg%20src%3Dx%3E")
    st = state(page)
    assert (st["hidden"], st["learningRate"], st["speed"], st["tab"]) == (10, 0.5, 1, "train")
    notice = page.locator("#notice")
    assert notice.is_visible()
    text = notice.inner_text()
    assert "hidden" in text and "lr" in text and "speed" in text and "tab" in text
    assert page.locator("#notice img").count() == 0


def test_copy_link_gives_the_current_settings(app_page):
    page = app_page
    page.locator("#hidden").fill("6")
    page.locator("#lr").fill("200")
    page.click("#copy-link")
    url = page.input_value("#share-url")
    assert "hidden=6" in url and "lr=1" in url and "seed=0" in url
    page.locator("#notice").wait_for(state="visible")
    assert "link" in page.inner_text("#notice").lower()


# 11. Scriptable -----------------------------------------------------------------------------


def test_get_state_returns_plain_json(app_page):
    page = app_page
    st = page.evaluate("() => JSON.parse(JSON.stringify(window.nnviz.getState()))")
    assert set(st) >= {"iteration", "accuracy", "loss", "hidden", "learningRate", "seed", "running", "weights",
                       "trainingImages"}
    assert np.array(st["weights"]["inputHidden"]).shape == (10, 25)
    assert np.array(st["weights"]["hiddenOutput"]).shape == (10, 10)
    from digits import DIGITS

    assert np.array_equal(np.array(st["trainingImages"]), DIGITS)
    assert np.array_equal(np.array(st["weights"]["inputHidden"]), Network(seed=0).w_ih)  # bit-identical


# 12. Embed mode -----------------------------------------------------------------------------


def test_embed_mode_shows_just_the_tool_with_a_link_to_the_full_page(guarded, server):
    page = guarded
    page.set_viewport_size({"width": 720, "height": 600})
    open_app(page, server.origin, "?embed=1&hidden=12")
    assert page.locator(".tagline").is_hidden() and page.locator("#explanation").is_hidden()
    assert page.locator(".site-header").bounding_box()["height"] <= 1  # only its h1, for screen readers
    for selector in (".stats", "#network", "#play", "#outputs", "#loss-chart", "#tab-draw"):
        assert page.locator(selector).is_visible(), selector
    link = page.locator("#full-page-link")
    assert link.is_visible() and "embed" not in link.get_attribute("href")
    assert "hidden=12" in link.get_attribute("href")  # that both tabs fit 720×600: test_embedding.py


# 13. Looks -----------------------------------------------------------------------------------


def test_tool_fits_a_laptop_screen_without_scrolling(app_page):
    bottom = app_page.evaluate("() => document.querySelector('.tool').getBoundingClientRect().bottom")
    assert bottom <= 800


def test_narrow_phone_layout_has_no_horizontal_scroll(guarded, server):
    page = guarded
    page.set_viewport_size({"width": 360, "height": 740})
    open_app(page, server.origin)
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 360
    diagram = page.locator("#network").bounding_box()
    assert diagram["width"] > 300


def test_keyboard_operates_buttons_tabs_and_digits(app_page):
    page = app_page
    page.focus("#train")
    page.keyboard.press("Enter")
    settle(page)
    assert state(page)["iteration"] == 100
    page.focus("#tab-train")
    page.keyboard.press("ArrowRight")
    settle(page)
    assert page.get_attribute("#tab-draw", "aria-selected") == "true"
    assert page.evaluate("document.activeElement.id") == "tab-draw"
    page.keyboard.press("ArrowLeft")
    page.wait_for_selector("#panel-train:not([hidden])")  # the tab switch shows on the next frame
    page.focus('#inputs [data-digit="5"]')
    page.keyboard.press("Enter")
    settle(page)
    assert page.get_attribute('#inputs [data-digit="5"]', "aria-pressed") == "true"


def test_dark_colour_scheme_is_followed(guarded, server):
    page = guarded
    page.emulate_media(color_scheme="dark")
    open_app(page, server.origin)
    bg = page.evaluate("getComputedStyle(document.documentElement).backgroundColor")
    assert sum(map(int, re.findall(r"\d+", bg)[:3])) < 150, bg
    page.emulate_media(color_scheme="light")
    bg = page.evaluate("getComputedStyle(document.documentElement).backgroundColor")
    assert sum(map(int, re.findall(r"\d+", bg)[:3])) > 600, bg

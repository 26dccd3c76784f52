"""Accessibility, in the real page: axe-core's WCAG 2.2 A/AA and best-practice rules in every
state a learner meets, forced colours, text spacing, focus and motion."""

from __future__ import annotations

import re

import pytest
from axe import describe, violations
from colourcheck import contrast_ratio
from conftest import VIEWS, app_in_context, open_as, save_screenshot, state

# 1.4.12 Text spacing: the bookmarklet's values, forced on every element.
TEXT_SPACING_CSS = """* { line-height: 1.5 !important; letter-spacing: 0.12em !important;
    word-spacing: 0.16em !important; } p { margin-bottom: 2em !important; }"""


def rgb(css_colour: str) -> tuple[float, float, float]:
    """0-255 channels of a computed colour: rgb(r, g, b) or color(srgb r g b) with 0-1 channels."""
    channels = [float(v) for v in re.findall(r"[\d.]+", css_colour.replace("srgb", ""))[:3]]
    return tuple(255 * c for c in channels) if css_colour.startswith("color(") else tuple(channels)


def train(page, clicks: int = 1) -> None:
    for _ in range(clicks):
        page.click("#train")
    page.wait_for_timeout(60)


def assert_no_violations(page) -> None:
    found = violations(page)
    assert not found, describe(found)


# --- axe-core --------------------------------------------------------------------------------

LAPTOP = VIEWS["laptop-1280x800"]
LAPTOP_SIZE, PHONE_SIZE = LAPTOP[0], VIEWS["phone-390x844"][0]
STATES = {"booted": LAPTOP, "trained": LAPTOP, "playing": LAPTOP, "draw-tab": LAPTOP,
          "dark": VIEWS["laptop-dark-1280x800"], "phone-390x844": VIEWS["phone-390x844"],
          "embed-720x600": VIEWS["embed-720x600"]}


@pytest.mark.parametrize("name", list(STATES))
def test_axe_finds_no_violations(guarded, server, name):
    page = open_as(guarded, server.origin, *STATES[name])
    if name != "booted":
        train(page, 3)
    if name == "playing":
        page.click("#play")
        page.wait_for_function("() => window.nnviz.getState().iteration > 320")
    if name == "draw-tab":
        page.get_by_role("tab", name="Draw").click()
        page.click('#draw-grid [data-index="7"]')
    assert_no_violations(page)
    if name == "playing":
        assert state(page)["running"]


# --- forced colours --------------------------------------------------------------------------


def test_forced_colours_keep_thumbnails_bars_cells_and_the_key_visible(browser, server):
    with app_in_context(browser, server, viewport=LAPTOP_SIZE, forced_colors="active") as page:
        assert page.evaluate("matchMedia('(forced-colors: active)').matches")
        train(page, 3)
        page.get_by_role("button", name="Digit 3").click()
        page.wait_for_timeout(60)
        look = page.evaluate("""() => {
            const bg = s => getComputedStyle(document.querySelector(s)).backgroundColor;
            const fill = document.querySelector('.out-row[data-digit="3"] .out-fill');
            const bar = fill.parentElement.getBoundingClientRect();
            return {on: bg('.thumb .px.on'), off: bg('.thumb .px:not(.on)'), fill: bg('.out-fill'),
                    track: bg('.out-bar'), fillWidth: fill.getBoundingClientRect().width, barWidth: bar.width,
                    value: +document.querySelector('.out-row[data-digit="3"] .out-value').textContent,
                    neg: getComputedStyle(document.querySelector('.weight-key .wn4')).strokeDasharray,
                    pos: getComputedStyle(document.querySelector('.weight-key .wp4')).strokeDasharray,
                    key: getComputedStyle(document.querySelector('.weight-key .wp4')).stroke,
                    a0: getComputedStyle(document.querySelector('#network .a0')).fill,
                    a10: getComputedStyle(document.querySelector('#network .a10')).fill};
        }""")
        assert contrast_ratio(rgb(look["on"]), rgb(look["off"])) >= 7  # digit pixels still drawn
        assert contrast_ratio(rgb(look["fill"]), rgb(look["track"])) >= 7  # bars still filled
        assert look["fillWidth"] == pytest.approx(look["value"] * look["barWidth"], abs=3)
        assert look["pos"] == "none" and look["neg"] != "none"  # sign by dash, not colour
        assert contrast_ratio(rgb(look["key"]), rgb(look["off"])) >= 7
        assert contrast_ratio(rgb(look["a0"]), rgb(look["a10"])) >= 7  # weak and strong neurons differ
        page.get_by_role("tab", name="Draw").click()
        page.click('#draw-grid [data-index="12"]')
        cells = page.evaluate("""() => ['12', '13'].map(i =>
            getComputedStyle(document.querySelector(`#draw-grid [data-index="${i}"]`)).backgroundColor)""")
        assert contrast_ratio(rgb(cells[0]), rgb(cells[1])) >= 7  # drawn cells visible


# --- text spacing, sizes and structure ---------------------------------------------------------


def test_wcag_text_spacing_cuts_no_control_label(app_page):
    page = app_page
    train(page)
    page.add_style_tag(content=TEXT_SPACING_CSS)
    page.wait_for_timeout(100)
    # The small test-strip thumbnails wear their right/wrong mark on the corner, outside the box, by
    # design: that overflow is set aside here, and only what the text itself needs counts.
    clipped = page.evaluate("""() => {
        const overflows = e => e.scrollWidth > e.clientWidth + 1 || e.scrollHeight > e.clientHeight + 1;
        const byText = e => {
            const marks = Array.from(e.querySelectorAll('.mark'));
            marks.forEach(m => m.style.display = 'none');
            const cut = overflows(e);
            marks.forEach(m => m.style.display = '');
            return cut;
        };
        return Array.from(document.querySelectorAll(
                '.tool button, .tool label, .tool .stat, .tool .stat-value, .tool output, .tool .out-row, '
                + '.tool .out-value, .legend-item, .tool select'))
            .filter(e => e.offsetParent !== null && overflows(e) && byText(e))
            .map(e => (e.id || e.className) + ': ' + e.textContent.trim().slice(0, 30)); }""")
    assert clipped == []
    marks_cut = page.evaluate("""() => Array.from(document.querySelectorAll('.tool .thumb .mark'))
        .filter(m => m.offsetParent !== null && m.textContent
            && (m.scrollWidth > m.clientWidth + 1 || m.scrollHeight > m.clientHeight + 1)).length""")
    assert marks_cut == 0
    cut_selects = page.evaluate("""() => Array.from(document.querySelectorAll('.tool select')).filter(e => {
        const shown = e.getBoundingClientRect().width;
        e.style.width = 'max-content';
        const needed = e.getBoundingClientRect().width;
        e.style.width = '';
        return needed > shown + 1;
    }).map(e => e.id)""")
    assert cut_selects == []
    reset = page.locator("#reset")
    assert reset.evaluate("e => e.scrollWidth <= e.clientWidth")
    assert reset.inner_text() == "New weights"


@pytest.mark.parametrize("view", ["laptop-1280x800", "embed-720x600"])
def test_chart_tick_labels_are_readable(guarded, server, view):
    page = open_as(guarded, server.origin, *VIEWS[view])
    train(page, 3)
    heights = page.evaluate("""() => Array.from(document.querySelectorAll('#loss-chart text'))
        .filter(t => t.getClientRects().length)
        .map(t => { const m = t.getScreenCTM();
                    return parseFloat(getComputedStyle(t).fontSize) * Math.hypot(m.a, m.b); })""")
    assert heights and min(heights) >= 10, heights  # was 8.8 px (7.5 px in embed)


def test_the_explanation_is_a_named_landmark(app_page):
    region = app_page.get_by_role("region", name="How it works")
    assert region.count() == 1 and "forward pass" in region.inner_text()


def test_embed_keeps_a_visually_hidden_h1(guarded, server):
    page = open_as(guarded, server.origin, *VIEWS["embed-720x600"])
    h1 = page.get_by_role("heading", level=1)
    assert h1.count() == 1 and h1.text_content() == "Neural Network Visualizer"
    assert page.locator(".site-header").bounding_box()["height"] <= 1


def test_focus_rings_are_whole_and_a_focused_thumbnail_differs_from_the_selected_one(app_page):
    page = app_page
    page.get_by_role("button", name="Digit 2").click()
    page.locator('#inputs [data-digit="4"]').focus()
    page.keyboard.press("Shift+Tab")  # keyboard focus: :focus-visible
    page.keyboard.press("Tab")
    look = page.evaluate("""() => {
        const s = e => getComputedStyle(document.querySelector(e));
        const sel = s('#inputs [data-digit="2"]'), foc = s('#inputs [data-digit="4"]');
        return {selBg: sel.backgroundColor, focBg: foc.backgroundColor, focOutline: foc.outlineStyle,
                selOutline: sel.outlineStyle, active: document.activeElement.dataset.digit};
    }""")
    assert look["active"] == "4"
    assert look["focOutline"] == "solid" and look["selOutline"] == "none"
    assert look["selBg"] != look["focBg"]
    page.get_by_role("tab", name="Draw").click()
    page.wait_for_selector("#panel-draw:not([hidden])")  # the tab switch shows on the next frame
    page.keyboard.press("Tab")  # into the grid's one tab stop, then by arrows to the middle cell
    for key in ("ArrowDown", "ArrowDown", "ArrowRight", "ArrowRight"):
        page.keyboard.press(key)
    assert page.evaluate("document.activeElement.dataset.index") == "12"
    # The ring of a focused cell is painted above its neighbours, so no part of it is covered.
    covered = page.evaluate("""() => {
        const cell = document.activeElement, r = cell.getBoundingClientRect();
        const ring = parseFloat(getComputedStyle(cell).outlineOffset) + 1;
        const points = [[r.left - ring, r.top + r.height / 2], [r.right + ring, r.top + r.height / 2],
                        [r.left + r.width / 2, r.top - ring], [r.left + r.width / 2, r.bottom + ring]];
        return points.filter(([x, y]) => { const e = document.elementFromPoint(x, y);
            return e && e !== cell && e.classList.contains('cell') && getComputedStyle(e).zIndex !== 'auto'
                && +getComputedStyle(e).zIndex >= +getComputedStyle(cell).zIndex; }).length
            + (getComputedStyle(cell).zIndex === 'auto' ? 1 : 0);
    }""")
    assert covered == 0


# --- keyboard -----------------------------------------------------------------------------------


def test_tab_enters_the_diagram_and_arrow_keys_read_out_a_weights_exact_value(app_page):
    from playwright.sync_api import expect

    page = app_page
    train(page)
    page.get_by_role("button", name="Digit 9").focus()
    page.keyboard.press("Tab")
    focused = page.locator(":focus")
    assert focused.evaluate("e => [e.dataset.layer, e.dataset.index]") == ["input", "0"]
    expect(focused).to_have_accessible_name(re.compile(r"Input 0, row 1, column 1: activation \d\.\d{4}"))
    for key in ("ArrowRight", "ArrowRight", "ArrowRight", "ArrowDown", "ArrowDown"):
        page.keyboard.press(key)
    focused = page.locator(":focus")
    assert focused.evaluate("e => [e.dataset.layer, e.dataset.from, e.dataset.to]") == ["ho", "0", "2"]
    weight = state(page)["weights"]["hiddenOutput"][2][0]
    sign = "positive" if weight >= 0 else "negative"
    expect(focused).to_have_accessible_name(f"Weight from hidden 0 to output 2: {weight:.4f}, {sign}")
    tip = page.locator("#tooltip")
    expect(tip).to_have_text(f"weight {weight:.4f} · hidden 0 → output 2")
    assert page.locator("#diagram-help").is_visible()  # the keys are explained while the diagram has focus
    page.keyboard.press("Escape")
    expect(tip).to_be_hidden()
    assert page.evaluate("document.activeElement.dataset.layer") == "ho"
    page.keyboard.press("Tab")  # and Tab leaves the diagram again: it is one tab stop
    assert page.evaluate("document.activeElement.closest('#network')") is None


def test_the_draw_grid_is_one_tab_stop_with_arrow_keys(app_page):
    page = app_page
    page.get_by_role("tab", name="Draw").click()
    page.wait_for_selector("#panel-draw:not([hidden])")  # the tab switch shows on the next frame
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.dataset.index") == "0"
    for key in ("ArrowDown", "ArrowDown", "ArrowRight", "ArrowRight"):
        page.keyboard.press(key)
    assert page.evaluate("document.activeElement.dataset.index") == "12"
    page.keyboard.press("Space")
    assert page.get_attribute('#draw-grid [data-index="12"]', "aria-pressed") == "true"
    page.keyboard.press("Tab")  # past the grid in one step
    assert page.evaluate("document.activeElement.id") == "clear-draw"


# --- announcements ----------------------------------------------------------------------------

RECORD_JS = """() => {
    window.__said = [];
    new MutationObserver(() => window.__said.push([performance.now(),
        document.getElementById('announcer').textContent])).observe(
        document.getElementById('announcer'), {childList: true, characterData: true, subtree: true});
}"""


def test_start_up_says_ready_and_each_train_says_one_summary(app_page):
    page = app_page
    assert page.inner_text("#announcer").startswith("Ready.")
    page.evaluate(RECORD_JS)
    train(page)
    train(page)
    page.wait_for_timeout(100)
    said = [text for _, text in page.evaluate("window.__said")]
    assert len(said) == 2
    st = state(page)
    assert re.fullmatch(r"Iteration 100, accuracy \d+ %, loss \d\.\d\d; the network says \d", said[0])
    assert said[1].startswith(f"Iteration 200, accuracy {round(st['accuracy'])} %, loss {st['loss']:.2f};")


def test_playing_says_at_most_one_progress_summary_every_few_seconds(app_page):
    page = app_page
    page.get_by_role("tab", name="Draw").click()
    page.click('#draw-grid [data-index="12"]')
    page.wait_for_function("document.getElementById('announcer').textContent.startsWith('For your drawing')")
    page.evaluate(RECORD_JS)
    page.click("#play")
    page.wait_for_function("window.__said.filter(s => s[1].startsWith('Iteration')).length >= 2",
                           timeout=60_000)
    page.click("#play")
    page.wait_for_timeout(100)
    said = page.evaluate("window.__said")
    texts = [text for _, text in said]
    assert texts[0] == "Playing." and texts[-1].startswith("Paused. Iteration")
    progress = [t for t, text in said if text.startswith("Iteration")]
    assert all(b - a >= 4900 for a, b in zip(progress, progress[1:]))
    assert len(said) == len(progress) + 2  # nothing else spoke
    assert page.get_attribute("#draw-prediction", "aria-live") is None  # the digit changed silently


def test_a_slider_step_is_spoken_once_and_nothing_else_is_live(app_page):
    page = app_page
    assert page.get_by_role("slider", name="Hidden neurons", exact=True).count() == 1
    assert page.get_by_role("slider", name="Learning rate", exact=True).count() == 1
    live = page.evaluate("""() => Array.from(document.querySelectorAll(
        '[aria-live], [role=status], [role=alert], [role=log], output')).filter(e =>
        e.getAttribute('aria-hidden') !== 'true' && e.getAttribute('aria-live') !== 'off').map(e => e.id)""")
    assert sorted(live) == ["announcer", "error", "loading", "notice"]


def test_changing_the_hidden_size_says_that_training_restarted(app_page):
    page = app_page
    train(page)
    page.focus("#hidden")
    page.keyboard.press("ArrowLeft")
    page.wait_for_timeout(100)
    assert state(page)["hidden"] == 9
    assert page.inner_text("#announcer") == (
        "New network with 9 hidden neurons; training restarted, 100 iterations discarded.")


# --- touch, motion, tables ----------------------------------------------------------------------


def test_a_tapped_value_closes_on_a_tap_elsewhere(browser, server):
    with app_in_context(browser, server, viewport=PHONE_SIZE, has_touch=True, is_mobile=True) as page:
        page.tap('#network circle[data-layer="hidden"][data-index="2"]')
        page.locator("#tooltip").wait_for(state="visible")
        page.tap("#panel-train .hint")
        page.locator("#tooltip").wait_for(state="hidden")


def test_reduced_motion_slows_the_playing_diagram_to_twice_a_second(browser, server):
    with app_in_context(browser, server, viewport=LAPTOP_SIZE, reduced_motion="reduce") as page:
        page.click("#play")
        counts = page.evaluate("""() => new Promise(done => {
            const inputs = () => Array.from(document.querySelectorAll('#network rect'),
                                            e => e.getAttribute('class')).join();
            let last = inputs(), changes = 0, frames = 0;
            const start = performance.now();
            const tick = () => {
                frames++;
                const now = inputs();
                if (now !== last) { changes++; last = now; }
                if (performance.now() - start < 3000) requestAnimationFrame(tick);
                else done([changes, frames, performance.now() - start]);
            };
            requestAnimationFrame(tick);
        })""")
        changes, frames, ms = counts
        assert state(page)["running"] and frames > changes
        assert changes <= 2 * ms / 1000 + 1, counts


def test_the_numbers_as_tables_show_every_weight(app_page):
    page = app_page
    train(page)
    page.click("#numbers summary")
    page.wait_for_timeout(100)
    st = state(page)
    table = page.get_by_role("table", name=re.compile("^W2"))
    assert table.is_visible()
    cell = page.evaluate("""() => { const t = Array.from(document.querySelectorAll('#numbers table'))
        .find(t => t.caption.textContent.startsWith('W2'));
        return t.tBodies[0].rows[2].cells[1].textContent; }""")  # row: output 2, column: hidden 0
    assert cell == f"{st['weights']['hiddenOutput'][2][0]:.4f}"
    assert_no_violations(page)


# --- screenshots --------------------------------------------------------------------------------


@pytest.mark.screenshot  # make screenshots
@pytest.mark.parametrize("name", ["forced-colours-1280x800", "keyboard-focus-1280x800"])
def test_accessibility_screenshots(browser, server, name):
    forced = "forced-colors" if name.startswith("forced") else None
    with app_in_context(browser, server, viewport=LAPTOP_SIZE,
                        forced_colors="active" if forced else "none") as page:
        train(page, 6)
        if forced:
            page.get_by_role("button", name="Digit 3").click()
        else:
            page.get_by_role("button", name="Digit 9").focus()
            for key in ("Tab", "ArrowRight", "ArrowRight", "ArrowRight", "ArrowDown", "ArrowDown"):
                page.keyboard.press(key)
            page.locator("#tooltip").wait_for(state="visible")
        page.wait_for_timeout(150)
        save_screenshot(page, name)

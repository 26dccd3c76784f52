"""The page before Python starts: already drawn, adopted without a shift, and its buttons already listen.

index.html carries the default state drawn by scripts/render_page.py; Python adopts it. Presses of
Play, Train and Reset made while the runtime starts are queued by assets/early.js and carried out
once, in order, when Python is up.
"""

from __future__ import annotations

import re

from conftest import BOOT_TIMEOUT_MS, ROOT, Guard, state

SHIFTS_JS = """
window.__shifts = [];
new PerformanceObserver((list) => {
  const name = (n) => n ? (n.id || n.getAttribute?.("class") || n.nodeName) : "?";
  for (const e of list.getEntries()) if (!e.hadRecentInput) window.__shifts.push({
    value: e.value, at: Math.round(e.startTime),
    moved: e.sources.map((s) => `${name(s.node)} in ${name(s.node?.parentElement)}: ` +
      `${JSON.stringify(s.previousRect)} -> ${JSON.stringify(s.currentRect)}`)});
}).observe({ type: "layout-shift", buffered: true });
"""
# The panels under the tool: how many items each shows and where it is on the page; their first items
# are kept in window.__kept, to check that Python adopts them rather than building new ones.
PANELS_JS = """() => {
  const panels = ['#test-summary', '#test-strip', '#neuron-maps', '#per-digit tbody', '#inspector', '#explanation'];
  const found = panels.map((s) => document.querySelector(s));
  window.__kept = window.__kept || found.map((e) => e.firstElementChild || e.firstChild);
  return Object.fromEntries(found.map((e, i) => { const r = e.getBoundingClientRect();
    return [panels[i], [e.children.length, Math.round(r.top + scrollY), Math.round(r.height)]]; }));
}"""
TWO_FRAMES_JS = "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(true))))"


def open_starting(page, origin: str, query: str = ""):
    """Navigate and return once the HTML is parsed, with the runtime held back (PyScript's
    core.js is not answered) until `wait_ready`: so what the test does next happens, for
    certain, before Python starts."""
    page.held = []
    page.route("**/vendor/pyscript/core.js", lambda route: page.held.append(route))
    page.goto(f"{origin}/index.html{query}", wait_until="domcontentloaded")
    return page


def wait_ready(page) -> None:
    """Let the runtime load, and wait until Python has started and drawn two frames."""
    for route in page.held:
        route.continue_()
    page.unroute("**/vendor/pyscript/core.js")
    page.wait_for_selector('#app[data-ready="1"]', timeout=BOOT_TIMEOUT_MS, state="attached")
    page.evaluate(TWO_FRAMES_JS)


def starting(page) -> bool:
    return page.evaluate("() => document.getElementById('app').dataset.ready === '0' && !window.nnviz")



def test_the_network_is_drawn_before_python_starts_and_adopted_without_a_layout_shift(guarded, server):
    page = guarded
    page.add_init_script(SHIFTS_JS)
    open_starting(page, server.origin)
    assert starting(page)
    drawn = page.evaluate("""() => {
        const area = (e) => { const r = e.getBoundingClientRect(); return r.width * r.height; };
        const line = document.querySelector('#network line[data-layer="ih"]');
        window.__line = line;
        return {lines: document.querySelectorAll('#network line[data-layer]').length,
                hidden: document.querySelectorAll('#network [data-layer="hidden"]').length,
                predicted: document.querySelectorAll('#outputs .out-row.predicted').length,
                thumbs: document.querySelectorAll('#inputs .thumb').length,
                iterations: document.getElementById('iterations').textContent,
                note: area(document.getElementById('loading')),
                diagram: area(document.getElementById('network')),
                status: document.getElementById('loading').textContent,
                loss: document.getElementById('loss').textContent};
    }""")
    assert drawn["lines"] == 350 and drawn["hidden"] == 10 and drawn["thumbs"] == 10 and drawn["predicted"] == 1
    assert drawn["iterations"] == "0" and drawn["loss"] != ""
    # the start-up status is a small note that leaves the diagram in view
    assert 0 < drawn["note"] < 0.1 * drawn["diagram"]
    assert "Python" in drawn["status"]  # "Downloading the Python runtime…", then "Starting Python…"
    panels = page.evaluate(PANELS_JS)
    assert panels["#test-strip"][0] == 50 and panels["#neuron-maps"][0] == 10 and panels["#per-digit tbody"][0] == 10
    assert "of 50 right" in page.inner_text("#test-summary") and "Inside one iteration" in page.text_content("#inspector")
    wait_ready(page)
    st = state(page)
    assert page.inner_text("#loss") == f"{st['loss']:.4f}" == drawn["loss"]
    assert page.evaluate("""() => window.__line === document.querySelector('#network line[data-layer="ih"]')
                                  && document.contains(window.__line)""")
    assert page.evaluate("() => window.__shifts") == []
    # below the fold too: the panels under the tool are the same elements, in the same place
    assert page.evaluate(PANELS_JS) == panels
    assert page.evaluate("() => window.__kept.every((e) => document.contains(e))")
    assert not page.is_visible("#loading")


def test_on_a_phone_nothing_moves_from_the_first_paint_until_python_is_ready(browser, server):
    """The phone layout shows the diagram above the controls, though it comes after them in the source.
    A first visit (nothing cached), where the page arrives and is parsed in parts."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    try:
        page = context.new_page()
        guard = Guard(page, server.origin)
        page.add_init_script(SHIFTS_JS)
        open_starting(page, server.origin)
        wait_ready(page)
        assert page.evaluate("() => window.__shifts") == []
        guard.check(page)
    finally:
        context.close()


def test_on_a_phone_the_first_paint_waits_for_what_shows_above_the_controls():
    html, css = (ROOT / "index.html").read_text(), (ROOT / "assets" / "style.css").read_text()
    link = re.search(r'<link rel="expect" href="#([\w-]+)" blocking="render" media="([^"]+)">', html)
    assert link and f"@media {link[2]} {{" in css  # the phone layout's own breakpoint
    assert html.index(f'id="{link[1]}"') > html.index('id="numbers"') > html.index('class="controls"')


def test_train_pressed_twice_while_python_starts_runs_two_batches_once_ready(guarded, server):
    page = open_starting(guarded, server.origin)
    page.click("#train")
    page.click("#train")
    assert starting(page)
    assert page.get_attribute("#train", "aria-busy") == "true" and "2×" in page.get_attribute("#train", "aria-label")
    assert "train 2×" in page.inner_text("#loading")
    wait_ready(page)
    assert state(page)["iteration"] == 200
    page.evaluate(TWO_FRAMES_JS)
    assert state(page)["iteration"] == 200 and page.inner_text("#iterations") == "200"
    assert " ".join(page.inner_text("#train").split()) == "Train 100"
    assert page.get_attribute("#train", "aria-busy") is None and page.get_attribute("#train", "aria-label") is None


def test_play_then_pause_while_python_starts_leaves_it_paused(guarded, server):
    page = open_starting(guarded, server.origin)
    page.click("#play")
    assert page.get_attribute("#play", "aria-busy") == "true" and "starts when Python is ready" in page.get_attribute(
        "#play", "aria-label")
    assert "play" in page.inner_text("#loading")
    page.click("#play")
    assert starting(page) and page.inner_text("#play").strip().endswith("Play")
    wait_ready(page)
    st = state(page)
    assert not st["running"] and st["iteration"] == 0


def test_play_pressed_while_python_starts_plays_once_ready(guarded, server):
    page = open_starting(guarded, server.origin)
    page.click("#play")
    assert starting(page)
    wait_ready(page)
    page.wait_for_function("() => window.nnviz.getState().iteration > 5")
    assert state(page)["running"] and page.get_attribute("#play", "aria-label") == "Pause"


def test_other_url_settings_draw_their_own_network(guarded, server):
    page = open_starting(guarded, server.origin, "?hidden=4&seed=3")
    wait_ready(page)
    assert page.locator('#network line[data-layer]').count() == 4 * 25 + 4 * 10
    assert state(page)["seed"] == 3

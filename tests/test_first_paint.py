"""The first paint: the whole tool at once, before the runtime's downloads begin, and nothing moves
after it while Python starts.
"""

from __future__ import annotations

import pytest
from conftest import BOOT_TIMEOUT_MS, open_app, throttled_app

# Layout shifts and the largest-contentful-paint candidates, recorded from the very start.
RECORD_PAINTS = """window.paintsSeen = {shifts: [], lcp: []};
new PerformanceObserver((list) => { for (const e of list.getEntries()) window.paintsSeen.shifts.push(e.value); })
  .observe({type: "layout-shift", buffered: true});
new PerformanceObserver((list) => { for (const e of list.getEntries()) window.paintsSeen.lcp.push(e.startTime); })
  .observe({type: "largest-contentful-paint", buffered: true});"""

FIRST_PAINT = "() => performance.getEntriesByType('paint').map(e => e.startTime)"
REQUESTED = """names => names.map(n => performance.getEntriesByType('resource')
  .filter(e => e.name.endsWith(n)).map(e => e.startTime)[0] ?? null)"""


def test_the_runtime_downloads_start_after_the_first_paint(guarded, server):
    page = guarded
    files = ["pyodide.asm.wasm", "python_stdlib.zip", "pyodide.asm.js", ".whl"]
    page.goto(f"{server.origin}/index.html")
    # a resource timing entry appears once its download is complete
    page.wait_for_function(f"() => !({REQUESTED})({files}).includes(null)", timeout=BOOT_TIMEOUT_MS)
    first_paint = min(page.evaluate(FIRST_PAINT))
    started = page.evaluate(REQUESTED, files)
    assert min(started) >= first_paint, (first_paint, started)


def test_the_numpy_wheel_downloads_once_the_wasm_and_the_standard_library_are_in(browser, server):
    """Files downloading side by side share a slow line: the wheel comes in preflight.js's second wave, and
    travels once. At 100 Mbps (the snapshot boot, which fetches the wheel itself once it has decided) the
    wave is what makes it wait: on a local line the decision came after the wave anyway."""
    with throttled_app(browser, server.origin, 100, 20, 5) as page:
        assert page.evaluate("document.documentElement.dataset.boot") == "snapshot"
        first_wave_in, wheel = page.evaluate("""() => {
            const all = performance.getEntriesByType('resource');
            const end = (n) => all.find((e) => e.name.endsWith(n)).responseEnd;
            return [Math.max(end('/pyodide.asm.wasm'), end('/python_stdlib.zip'), end('/pyodide-lock.json')),
                    all.filter((e) => e.name.endsWith('.whl'))
                       .map((e) => ({start: e.startTime, bytes: e.transferSize, by: e.initiatorType}))];
        }""")
        assert wheel and wheel[0]["by"] == "link", wheel  # the preload, not the loader's own fetch first
        assert min(w["start"] for w in wheel) >= first_wave_in, (first_wave_in, wheel)
        assert sum(1 for w in wheel if w["bytes"] > 1000) == 1, wheel


def test_our_modules_and_main_py_come_with_the_second_wave_and_travel_once(guarded, server):
    """PyScript asks for py/modules.zip once Python is up and for py/main.py after that: each would be a
    round trip on the way to ready. The second wave preloads them; PyScript's fetches take the preloads."""
    page = guarded
    open_app(page, server.origin)
    for path in ("py/modules.zip", "py/main.py"):
        assert [r for r in page.guard.requests if r.endswith("/" + path)] == [f"{server.origin}/{path}"]
        initiators = page.evaluate("p => performance.getEntriesByType('resource').filter((e) => e.name.endsWith(p))"
                                   ".map((e) => e.initiatorType)", "/" + path)
        assert initiators == ["link"], (path, initiators)


def test_the_page_paints_once_complete_and_nothing_shifts_while_python_starts(shared_context, server):
    page = shared_context.new_page()
    try:
        page.set_viewport_size({"width": 390, "height": 844})  # a phone: the diagram sits above the controls
        page.add_init_script(RECORD_PAINTS)
        open_app(page, server.origin)
        seen = page.evaluate("window.paintsSeen")
        first_contentful = page.evaluate("() => performance.getEntriesByName('first-contentful-paint')[0].startTime")
        assert seen["shifts"] == [], seen
        assert seen["lcp"] == [first_contentful], seen  # the largest paint is the first one
    finally:
        page.close()


# Pages that never report a first paint: a background tab (hidden), a browser without paint timing, and
# one whose paint entry never shows (the 2 s backstop). Each is made by hiding that from preflight.js.
NO_PAINT = {
    "hidden": "Object.defineProperty(Document.prototype, 'visibilityState', {get: () => 'hidden'});",
    "no paint timing": """Object.defineProperty(PerformanceObserver, 'supportedEntryTypes',
        {get: () => ['resource', 'navigation']});""",
    "paint never seen": """const real = Performance.prototype.getEntriesByName;
        Performance.prototype.getEntriesByName = function (name, ...rest) {
          return name === 'first-contentful-paint' ? [] : real.call(this, name, ...rest); };""",
}


@pytest.mark.parametrize("case", list(NO_PAINT))
def test_without_a_first_paint_the_runtime_downloads_still_start(guarded, server, case):
    """A hidden page or one without paint timing starts them once it is parsed (in DOMContentLoaded); a
    page whose first paint is never seen, after 2 s. Then it boots as usual."""
    page = guarded
    page.add_init_script(NO_PAINT[case])
    open_app(page, server.origin)
    started, (parsed_from, parsed_to) = page.evaluate("""() => [nnvizBoot.downloadsStarted, (({domContentLoadedEventStart: a,
        domContentLoadedEventEnd: b}) => [a, b])(performance.getEntriesByType('navigation')[0])]""")
    if case == "paint never seen":
        assert started >= 2000, started
    else:
        assert parsed_from <= started <= parsed_to, (parsed_from, started, parsed_to)

"""The page works under the tightest Content-Security-Policy its runtime allows, header served.

Colour classes come from a static stylesheet (assets/palette.css, generated from py/palette.py),
not a <style> that Python injects, so `style-src 'self'` still colours lines and neurons.
"""

from __future__ import annotations

import palette
from conftest import BOOT_TIMEOUT_MS, ROOT
from faults import FaultyServer

# The README's policy, word for word.
TIGHTEST = "default-src 'none'; script-src 'self' 'unsafe-eval'; style-src 'self'; connect-src 'self'; img-src 'self'"


def test_committed_palette_stylesheet_is_generated_from_palette_py():
    assert (ROOT / palette.STYLESHEET).read_text() == palette.stylesheet()


def test_works_and_colours_the_diagram_under_the_tightest_csp(guarded):
    page = guarded
    server = FaultyServer(ROOT, headers={"Content-Security-Policy": TIGHTEST})
    try:
        page.guard.origin = server.origin
        page.add_init_script("""window.cspViolations = [];
            document.addEventListener('securitypolicyviolation',
                e => window.cspViolations.push(e.effectiveDirective + ' ' + e.blockedURI));""")
        page.goto(f"{server.origin}/index.html")
        page.wait_for_selector('#app:not([data-ready="0"])', state="attached", timeout=BOOT_TIMEOUT_MS)
        assert page.get_attribute("#app", "data-ready") == "1", page.inner_text("#error")
        page.click("#train")
        page.get_by_role("button", name="Digit 3").click()
        page.wait_for_timeout(100)
        assert page.evaluate("window.cspViolations") == []
        strokes = page.evaluate("""() => Array.from(document.querySelectorAll('#network line'),
            e => getComputedStyle(e).stroke)""")
        red, blue = palette_rgb(page, "--pos"), palette_rgb(page, "--neg")
        assert set(strokes) == {red, blue}, set(strokes)
        fills = page.evaluate("""() => Array.from(document.querySelectorAll('#network circle[data-layer]'),
            e => getComputedStyle(e).fill)""")
        expected = {"rgb({}, {}, {})".format(*palette.activation_rgb(level)) for level in range(palette.ACTIVATION_LEVELS)}
        assert fills and set(fills) <= expected and len(set(fills)) > 1, set(fills)
    finally:
        server.close()


def palette_rgb(page, variable: str) -> str:
    """The computed colour of a theme variable, as getComputedStyle reports strokes."""
    return page.evaluate("""v => { const probe = document.createElementNS('http://www.w3.org/2000/svg', 'line');
        document.getElementById('network').appendChild(probe); probe.style.stroke = `var(${v})`;
        const c = getComputedStyle(probe).stroke; probe.remove(); return c; }""", variable)

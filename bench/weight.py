"""Page weight: what a first visit downloads, from resource timing, in a brand-new browser profile."""

from __future__ import annotations

COLLECT_JS = """() => performance.getEntriesByType('navigation').concat(performance.getEntriesByType('resource'))
    .map(e => ({ name: new URL(e.name).pathname, transfer: e.transferSize, body: e.encodedBodySize }))"""

# (label, path prefix) of the parts the README names
PARTS = (("wasm", "/assets/vendor/pyodide/pyodide.asm.wasm"), ("numpy", "/assets/vendor/pyodide/numpy-"),
         ("stdlib", "/assets/vendor/pyodide/python_stdlib.zip"), ("our_python", "/py/"))


def measure(bench):
    with bench.fresh_profile_page(None, "weight") as page:
        page.goto(f"{bench.server.origin}/index.html")
        page.wait_for_selector('#app[data-ready="1"]', state="attached", timeout=120_000)
        page.evaluate("() => new Promise(done => setTimeout(done, 500))")  # late resource entries land
        entries = page.evaluate(COLLECT_JS)
    result = {"requests": len(entries), "total_transfer": sum(e["transfer"] or 0 for e in entries)}
    for label, prefix in PARTS:
        result[label] = sum(e["transfer"] or 0 for e in entries if e["name"].startswith(prefix))
    result["largest"] = sorted(entries, key=lambda e: -(e["transfer"] or 0))[:8]
    return result

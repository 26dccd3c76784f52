"""Section 4, memory: JS heap and Pyodide's WebAssembly memory before and after a long Play.

A leak per frame shows up as growth after many iterations; forced GCs keep garbage out of the numbers.
"""

from __future__ import annotations

import time

from js_snippets import PROBE_JS

SAMPLE_JS = """() => ({
    js_heap_used: performance.memory.usedJSHeapSize,
    js_heap_total: performance.memory.totalJSHeapSize,
    wasm: window.__probe.wasmBytes(),
    dom_nodes: document.getElementsByTagName('*').length,
    tags: Array.from(document.getElementsByTagName('*')).reduce((m, e) => (m[e.tagName] = (m[e.tagName] || 0) + 1, m), {}),
    iteration: window.nnviz.getState().iteration,
})"""


def measure(bench):
    plan = bench.plan
    with bench.fresh_page(PROBE_JS, "memory") as page:
        cdp = page.context.new_cdp_session(page)

        def sample():
            cdp.send("HeapProfiler.collectGarbage")
            cdp.send("HeapProfiler.collectGarbage")
            return page.evaluate(SAMPLE_JS)

        bench.open_app(page, "?hidden=10&speed=20")
        page.wait_for_timeout(1000)
        before = sample()
        start = time.monotonic()
        page.click("#play")
        target = plan.memory_iterations
        iteration = 0
        while iteration < target and time.monotonic() - start < plan.memory_timeout_s:
            page.wait_for_timeout(250 if plan.quick else 1000)
            iteration = page.evaluate("() => window.nnviz.getState().iteration")
        page.click("#play")
        elapsed = time.monotonic() - start
        page.wait_for_timeout(500)
        after = sample()
    if after["iteration"] < target:
        bench.warnings.append(f"memory: only {after['iteration']} of {target} iterations within "
                              f"{plan.memory_timeout_s} s")

    def growth(a, b):
        return 100.0 * (b - a) / a if a and b is not None else None

    return {
        "target_iterations": target,
        "iterations": after["iteration"],
        "seconds": elapsed,
        "iterations_per_s": after["iteration"] / elapsed if elapsed else None,
        "js_heap_before": before["js_heap_used"],
        "js_heap_after": after["js_heap_used"],
        "js_heap_growth_pct": growth(before["js_heap_used"], after["js_heap_used"]),
        "wasm_before": before["wasm"]["bytes"],
        "wasm_after": after["wasm"]["bytes"],
        "wasm_growth_pct": growth(before["wasm"]["bytes"], after["wasm"]["bytes"]),
        "wasm_method": before["wasm"]["via"],
        "dom_nodes_before": before["dom_nodes"],
        "dom_nodes_after": after["dom_nodes"],
        "dom_tags_changed": {tag: [before["tags"].get(tag, 0), after["tags"].get(tag, 0)]
                             for tag in sorted(set(before["tags"]) | set(after["tags"]))
                             if before["tags"].get(tag, 0) != after["tags"].get(tag, 0)},
    }

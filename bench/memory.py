"""Memory: the JS heap and the runtime's WebAssembly memory before and after a long Play.

A leak per frame shows up as growth after many iterations; forced garbage collections keep
garbage out of the numbers. Both are read from outside the app: performance.memory (Chromium,
--enable-precise-memory-info) and the WebAssembly.Memory objects probes.RUNTIME_JS kept.
"""

from __future__ import annotations

import time

from probes import RUNTIME_JS

SAMPLE_JS = """() => ({
    js_heap: performance.memory.usedJSHeapSize,
    wasm: window.__runtime.wasmBytes(),
    dom_elements: document.getElementsByTagName('*').length,
    iteration: window.nnviz.getState().iteration,
})"""


def measure(bench):
    plan = bench.plan
    target = plan.memory_iterations
    with bench.fresh_page(RUNTIME_JS, "memory") as page:
        cdp = page.context.new_cdp_session(page)

        def sample():
            cdp.send("HeapProfiler.collectGarbage")
            cdp.send("HeapProfiler.collectGarbage")
            return page.evaluate(SAMPLE_JS)

        bench.open_app(page, "?hidden=10&speed=20")
        before = sample()
        start = time.monotonic()
        page.click("#play")
        page.wait_for_function(f"() => window.nnviz.getState().iteration >= {target}", polling=500,
                               timeout=1000 * plan.memory_timeout_s)
        page.click("#play")
        seconds = time.monotonic() - start
        after = sample()

    def growth(a, b):
        return 100.0 * (b - a) / a if a and b is not None else None

    return {
        "iterations": after["iteration"],
        "seconds": seconds,
        "js_heap_before": before["js_heap"], "js_heap_after": after["js_heap"],
        "js_heap_growth_pct": growth(before["js_heap"], after["js_heap"]),
        "wasm_before": before["wasm"], "wasm_after": after["wasm"],
        "wasm_growth_pct": growth(before["wasm"], after["wasm"]),
        "dom_elements_before": before["dom_elements"], "dom_elements_after": after["dom_elements"],
    }

"""Section 1, start-up: cold loads in new profiles, reloads, and the bare Pyodide runtime to compare.

Only STARTUP_JS is injected here (cheap wrappers), so the load it times is the load a visitor gets.
"""

from __future__ import annotations

from harness import BOOT_TIMEOUT_MS, log
from js_snippets import COLLECT_STARTUP_JS, STARTUP_JS
from startup_analysis import analyse_load, summarise_startup


def _load(bench, page, reload=False):
    if reload:
        page.reload(wait_until="commit")
    else:
        page.goto(f"{bench.server.origin}/index.html", wait_until="commit")
    page.wait_for_function("() => window.__bench && ('ready' in window.__bench.marks || 'error' in window.__bench.marks)",
                           timeout=BOOT_TIMEOUT_MS, polling=50)
    if "error" in page.evaluate("() => window.__bench.marks"):
        raise RuntimeError("the page reported data-ready=error during start-up")
    page.wait_for_function("() => 'first-frame' in window.__bench.marks", timeout=10_000, polling=50)
    page.wait_for_timeout(300)  # let py:done and late resource entries land
    return page.evaluate(COLLECT_STARTUP_JS)


def measure(bench):
    plan = bench.plan
    runs = []
    for i in range(plan.startup_runs):
        with bench.fresh_profile_page(STARTUP_JS, "startup") as page:
            cold = _load(bench, page)
            warm = _load(bench, page, reload=True)
            warm2 = _load(bench, page, reload=True) if i < plan.second_reload_runs else None
        runs.append({"cold": analyse_load(cold), "warm": analyse_load(warm), "warm2": analyse_load(warm2) if warm2 else None,
                     "raw_cold": cold, "reference": _bare_pyodide(bench) if i < plan.bare_runs else None})
        log(f"start-up run {i + 1}/{plan.startup_runs}: cold {runs[-1]['cold']['ready']:.0f} ms, "
            f"warm {runs[-1]['warm']['ready']:.0f} ms")
    return summarise_startup(runs)


def _bare_pyodide(bench):
    """bench/reference/pyodide-boot.html: Pyodide + numpy alone, cold (new profile) and one reload."""
    out = {}
    with bench.fresh_profile_page(STARTUP_JS, "bare pyodide") as page:
        url = f"{bench.server.origin}/bench/reference/pyodide-boot.html"
        for kind in ("cold", "warm"):
            if kind == "cold":
                page.goto(url, wait_until="commit")
            else:
                page.reload(wait_until="commit")
            page.wait_for_selector("html[data-ready]", state="attached", timeout=BOOT_TIMEOUT_MS)
            marks = page.evaluate("""() => ({ ...window.__boot, wasm: window.__bench.wasm,
                fcp: (performance.getEntriesByType('paint').find((p) => p.name === 'first-contentful-paint') || {}).startTime })""")
            if marks.get("error"):
                raise RuntimeError(f"bare Pyodide reference failed: {marks['error']}")
            main = [w for w in marks.pop("wasm") if w["kind"] in ("instantiateStreaming", "compileStreaming")]
            marks["wasm_compile"] = main[0]["end"] - main[0]["start"] if main else None
            out[kind] = marks
    return out

"""The report's start-up section: cold and warm loads, the bare runtime, phases and big files."""

from __future__ import annotations

from formatting import fmt, fmt_bytes, g
from startup_analysis import BIG_FILES, PHASES


def paths_lines(p):
    """The boot paths side by side (snapshot, normal, bare runtime), with the snapshot's targets."""
    snap, normal, bare, r = p["snapshot"], p["normal"], p["bare"], p["ratios"]
    mbps = p["throttle"]["downloadThroughput"] * 8 / 1e6
    L = ["", f"Boot paths, alternating rounds ({snap['runs']} each; medians; navigation → ready, ms):", ""]
    L.append("| | Snapshot boot (as shipped) | Normal boot (snapshot off) | Bare Pyodide + numpy |")
    L.append("|---|---:|---:|---:|")
    for label, key, fn in (("ready, cold", "cold_ms", fmt), ("ready, warm (reload)", "warm_ms", fmt)):
        L.append(f"| {label} | {fn(snap[key], 0)} | {fn(normal[key], 0)} | {fn(bare[key], 0)} |")
    auto = p["auto"]
    L.append(f"| ready, cold at {mbps:g} Mbps ({p['throttle']['latency']} ms latency, gzip-encoding server) "
             f"| {fmt(snap['slow_cold_ms'], 0)} (forced) | {fmt(normal['slow_cold_ms'], 0)} | |")
    L.append(f"| same, as shipped (the loader chooses: {', '.join(auto['boot_paths'])}) | {fmt(auto['slow_cold_ms'], 0)} | | |")
    L.append(f"| bytes transferred, cold | {fmt_bytes(snap['transfer_cold'])} | {fmt_bytes(normal['transfer_cold'])} "
             f"| {fmt_bytes(bare['transfer_cold'])} |")
    L.append(f"| bytes transferred, warm | {fmt_bytes(snap['transfer_warm'])} | {fmt_bytes(normal['transfer_warm'])} | |")
    L.append(f"| wasm memory at ready | {fmt_bytes(snap['wasm_bytes'])} | {fmt_bytes(normal['wasm_bytes'])} "
             f"| {fmt_bytes(bare['wasm_bytes'])} |")
    L.append(f"| renderer peak resident memory, cold | {fmt_bytes(snap['renderer_peak_bytes'])} "
             f"| {fmt_bytes(normal['renderer_peak_bytes'])} | {fmt_bytes(bare['renderer_peak_bytes'])} |")
    L.append(f"| main-thread long tasks before ready, cold (longest) | {fmt(snap['longtask_cold_ms'], 0)} "
             f"({fmt(snap['longest_task_cold_ms'], 0)}) | {fmt(normal['longtask_cold_ms'], 0)} "
             f"({fmt(normal['longest_task_cold_ms'], 0)}) | |")
    L.append(f"| boot path seen | {', '.join(snap['boot_paths'])} | {', '.join(normal['boot_paths'])} | |")
    L += ["", "| Snapshot target | Measured | Goal | |", "|---|---:|---:|:-:|"]
    for label, value, goal in (("ready ÷ bare Pyodide + numpy, cold", r["snapshot_vs_bare_cold"], 0.5),
                               ("ready ÷ bare Pyodide + numpy, warm", r["snapshot_vs_bare_warm"], 0.5),
                               (f"ready as shipped ÷ normal boot, cold at {mbps:g} Mbps", r["auto_vs_normal_20mbps"], 1.0)):
        mark = "n/a" if value is None else ("✓" if value <= goal else "✗")
        L.append(f"| {label} | {fmt(value, 2)}× | ≤ {goal:g}× | {mark} |")
    L.append(f"| (ready ÷ normal boot, cold / warm, local server) | {fmt(r['snapshot_vs_normal_cold'], 2)}× / "
             f"{fmt(r['snapshot_vs_normal_warm'], 2)}× | | |")
    L.append(f"| (snapshot forced ÷ normal boot, cold at {mbps:g} Mbps) | {fmt(r['snapshot_vs_normal_20mbps'], 2)}× | | |")
    L.append("")
    L.append(f"Runs (ms), cold: snapshot {', '.join(fmt(v, 0) for v in snap['cold_runs'])}; normal "
             f"{', '.join(fmt(v, 0) for v in normal['cold_runs'])}; bare {', '.join(fmt(v, 0) for v in bare['cold_runs'])}. "
             f"Warm: snapshot {', '.join(fmt(v, 0) for v in snap['warm_runs'])}; normal "
             f"{', '.join(fmt(v, 0) for v in normal['warm_runs'])}; bare {', '.join(fmt(v, 0) for v in bare['warm_runs'])}. "
             f"At {mbps:g} Mbps: snapshot forced {', '.join(fmt(v, 0) for v in snap['slow_runs'])}; normal "
             f"{', '.join(fmt(v, 0) for v in normal['slow_runs'])}; as shipped {', '.join(fmt(v, 0) for v in auto['slow_runs'])}"
             + (f" ({'; '.join(auto['reasons'])})" if auto["reasons"] else "") + ".")
    dup = snap["duplicate_downloads"] + normal["duplicate_downloads"]
    if dup:
        L.append(f"Downloaded twice on a cold load: {', '.join(sorted(set(dup)))}.")
    return L


def startup_lines(s):
    L = ["", f"### 1. Start-up (median of {s['runs']} runs; ms from navigation start)", ""]
    if s.get("paths"):
        L += paths_lines(s["paths"])
        L += ["", "The page as shipped (snapshot boot), in detail:", ""]
    L.append(f"| Metric | Cold (new profile) | Warm (reload) | Warm (2nd reload, {g(s, 'warm2', 'runs')} runs) | Source |")
    L.append("|---|---:|---:|---:|---|")
    rows = (
        ("navigation → #app data-ready=\"1\"", "ready_ms", "measured: MutationObserver (init script)"),
        ("navigation → nnvizBoot.ready() call", "ready_call_ms", "measured: wrapped nnvizBoot.ready"),
        ("first contentful paint", "fcp_ms", "measured: paint timing"),
        ("HTML received (responseEnd)", "html_response_end_ms", "measured: navigation timing"),
        ("DOMContentLoaded", "dom_content_loaded_ms", "measured: navigation timing"),
        ("boot.js runs (nnvizBoot.started)", "boot_ms", "measured"),
        ("PyScript interpreter ready (py:ready)", "py_ready_ms", "measured: py:ready event"),
        ("our Python ready (data-ready)", "ready_ms", "measured"),
        ("first frame after ready", "first_frame_ms", "measured: requestAnimationFrame"),
        ("py:done (main.py finished)", "py_done_ms", "measured: py:done event"),
    )
    for label, key, how in rows:
        L.append(f"| {label} | {fmt(g(s, 'cold', key), 0)} | {fmt(g(s, 'warm', key), 0)} | {fmt(g(s, 'warm2', key), 0)} | {how} |")
    ours = [g(s, k, "ready_ms") - g(s, k, "py_ready_ms") if g(s, k, "ready_ms") and g(s, k, "py_ready_ms") else None
            for k in ("cold", "warm", "warm2")]
    L.append(f"| py:ready → data-ready (our Python) | {fmt(ours[0], 0)} | {fmt(ours[1], 0)} | {fmt(ours[2], 0)} | derived |")
    for label, key, how in (
        ("main-thread long tasks before ready (sum)", "longtask_ms", "measured: longtask PerformanceObserver"),
        ("longest single task", "longest_task_ms", "measured: longtask"),
        ("blocking time FCP → ready (Σ task − 50 ms)", "blocking_ms", "derived from long tasks"),
        ("bytes transferred", "transfer_bytes", "measured: resource timing transferSize"),
    ):
        if key == "transfer_bytes":
            L.append(f"| {label} | {fmt_bytes(g(s, 'cold', key))} | {fmt_bytes(g(s, 'warm', key))} | {fmt_bytes(g(s, 'warm2', key))} | {how} |")
        else:
            L.append(f"| {label} | {fmt(g(s, 'cold', key), 0)} | {fmt(g(s, 'warm', key), 0)} | {fmt(g(s, 'warm2', key), 0)} | {how} |")
    bare = s.get("bare_pyodide")
    if bare:
        L += ["", ("The bare runtime for comparison (bench/reference/pyodide-boot.html: Pyodide + numpy, no PyScript, "
                   "none of our code; steps one after another; ms from navigation start):"), ""]
        L.append("| Step | Cold | Warm (reload) |")
        L.append("|---|---:|---:|")
        for label, key in (("first contentful paint of this one-line page (the browser's floor)", "fcp"),
                           ("pyodide.mjs imported", "imported"), ("loadPyodide() resolved (wasm compile + Python start)", "pyodide"),
                           ("loadPackage('numpy') resolved", "numpyLoaded"), ("`import numpy` done: runtime ready", "numpyImported"),
                           ("of which pyodide.asm.wasm compile + instantiate", "wasm_compile")):
            L.append(f"| {label} | {fmt(g(bare, 'cold', key), 0)} | {fmt(g(bare, 'warm', key), 0)} |")
        gap = [g(s, k, "ready_ms") - g(bare, k, "numpyImported") if g(s, k, "ready_ms") and g(bare, k, "numpyImported") else None
               for k in ("cold", "warm")]
        L.append(f"| page data-ready minus bare runtime ready (PyScript + our code beyond `import numpy`; derived from "
                 f"medians of different runs, noisy) | {fmt(gap[0], 0)} | {fmt(gap[1], 0)} |")
    L += ["", "Cold-start breakdown (contiguous phases; medians of each phase, so they need not add up exactly):", ""]
    L.append("| Phase | Cold ms | Warm ms | Source |")
    L.append("|---|---:|---:|---|")
    for key, label, _a, _b, how in PHASES:
        L.append(f"| {label} | {fmt(g(s, 'cold', 'phases_ms', key), 0)} | {fmt(g(s, 'warm', 'phases_ms', key), 0)} | {how} |")
    L.append(f"| (of which: {fmt(g(s, 'cold', 'numpy_libs_count'), 0)} numpy shared libraries placed, compiled "
             f"beforehand) | {fmt(g(s, 'cold', 'numpy_libs_busy_ms'), 0)} | {fmt(g(s, 'warm', 'numpy_libs_busy_ms'), 0)} "
             "| measured: the span of placing them, from the loader's marks, waits for a compile included (normal "
             "boot: sum of wrapped WebAssembly.instantiate calls) |")
    L += ["", "Big files on the cold load (resource timing, ms from navigation start):", ""]
    L.append("| File | Start | End | Duration | Size |")
    L.append("|---|---:|---:|---:|---:|")
    for label, _ in BIG_FILES:
        f = g(s, "cold", "files", label) or {}
        dur = f["end"] - f["start"] if f.get("end") is not None and f.get("start") is not None else None
        L.append(f"| {label} | {fmt(f.get('start'), 0)} | {fmt(f.get('end'), 0)} | {fmt(dur, 0)} | {fmt_bytes(f.get('bytes'))} |")
    dup = s["cold"]["duplicate_downloads"]
    L.append("")
    L.append(f"Files downloaded twice on a cold load: {', '.join(dup) if dup else 'none (every preload was reused)'}."
             + (f" Preload warnings: {'; '.join(s['cold']['unused_preload_warnings'])}" if s["cold"]["unused_preload_warnings"] else ""))
    L.append(f"Cold runs (ms): {', '.join(fmt(v, 0) for v in s['cold']['ready_ms_runs'])}; "
             f"warm: {', '.join(fmt(v, 0) for v in s['warm']['ready_ms_runs'])}.")
    return L

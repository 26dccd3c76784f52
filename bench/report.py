"""The markdown report: the machine, the targets table, then one section per measurement that was made.

A section that failed or was not run is left out; the targets table still lists it as n/a.
"""

from __future__ import annotations

from formatting import fmt, fmt_bytes
from report_speed import rendering_lines, training_lines
from report_startup import startup_lines


def report(r):
    L = []
    meta = r["meta"]
    L.append(f"## nnviz benchmark ({'quick' if meta['quick'] else 'full'} run, {meta['date']})")
    L.append("")
    load = meta.get("loadavg_start") or [0]
    load_end = meta.get("loadavg_end") or [0]
    busy = meta.get("cpu_busy_before")
    L.append(f"Machine: {meta['nproc']} CPUs ({meta['cpu']}), {meta['memory_gb']} GB RAM; {meta['chromium']} headless "
             f"({meta['chromium_path']}); Playwright {meta['playwright']}; CPython {meta['python']}, numpy {meta['numpy']}; "
             f"git {meta['git_commit']}. CPUs {fmt(None if busy is None else 100 * busy, 0)} % busy in the second before the run; "
             f"load average (1 min) {load[0]:.2f} before, {load_end[0]:.2f} at the end (including the benchmark's own browser); "
             f"total {meta['seconds']:.0f} s.")
    if busy is not None and busy > 0.25:
        L.append("")
        L.append(f"> ⚠ Something else kept the CPUs {100 * busy:.0f} % busy just before this run: "
                 "timings are inflated and noisier than on an idle machine.")
    L.append("")
    L.append("### Targets")
    L.append("")
    L.append("| Target | Measured | Goal | |")
    L.append("|---|---:|---:|:-:|")
    for t in r["targets"]:
        digits = 2 if t["unit"] in ("s", "×", "ms") else 1
        mark = "n/a" if t["ok"] is None else ("✓" if t["ok"] else "✗")
        L.append(f"| {t['target']} | {fmt(t['value'], digits)} {t['unit']} | {t['op']} {t['goal']:g} {t['unit']} | {mark} |")

    s = r.get("startup")
    if s and "cold" in s:
        L += startup_lines(s)
    t = r.get("training")
    if t and "by_hidden" in t:
        L += training_lines(t)
    rd = r.get("rendering")
    if rd and rd.get("page"):
        L += rendering_lines(rd)
    m = r.get("memory")
    if m and "iterations" in m:
        L += memory_lines(m)
    w = r.get("weight")
    if w and "files" in w:
        L += weight_lines(w, s)

    if r.get("warnings"):
        L += ["", "### Warnings", ""] + [f"- {x}" for x in r["warnings"]]
    if r.get("errors"):
        L += ["", "### Errors (measurements that could not be made)", ""] + [f"- {x}" for x in r["errors"]]
    return "\n".join(L)


def memory_lines(m):
    L = ["", f"### 4. Memory (Play at speed 20, H=10: {m['iterations']:,} iterations in {m['seconds']:.0f} s)", ""]
    L.append("| Memory | Before | After | Growth |")
    L.append("|---|---:|---:|---:|")
    L.append(f"| JS heap used (performance.memory, after forced GC) | {fmt_bytes(m['js_heap_before'])} | {fmt_bytes(m['js_heap_after'])} | {fmt(m['js_heap_growth_pct'], 2)} % |")
    L.append(f"| Pyodide WebAssembly memory | {fmt_bytes(m['wasm_before'])} | {fmt_bytes(m['wasm_after'])} | {fmt(m['wasm_growth_pct'], 2)} % |")
    L.append(f"| DOM elements | {m['dom_nodes_before']} | {m['dom_nodes_after']} | "
             + (", ".join(f"{tag} {a}→{b}" for tag, (a, b) in m.get("dom_tags_changed", {}).items()) or "unchanged") + " |")
    L.append("")
    L.append(f"Wasm memory read via: {m['wasm_method']}.")
    return L


def weight_lines(w, s):
    L = ["", "### 5. Page weight (cold load, resource timing)", ""]
    L.append("| File | Requests | Transferred | Body | gzip -6 estimate (derived) |")
    L.append("|---|---:|---:|---:|---:|")
    for f in w["files"][:12]:
        L.append(f"| {f['file']} | {f['requests']} | {fmt_bytes(f['transfer'])} | {fmt_bytes(f['encoded'])} | {fmt_bytes(f['gzip_estimate'])} |")
    rest = w["files"][12:]
    if rest:
        L.append(f"| {len(rest)} other files | {sum(f['requests'] for f in rest)} | {fmt_bytes(sum(f['transfer'] for f in rest))} | "
                 f"{fmt_bytes(sum(f['encoded'] for f in rest))} | {fmt_bytes(sum(f['gzip_estimate'] or f['encoded'] for f in rest))} |")
    L.append(f"| **Total** | {w['requests']} | **{fmt_bytes(w['total_transfer'])}** | {fmt_bytes(w['total_encoded'])} | {fmt_bytes(w['total_gzip_estimate'])} |")
    if s and "warm" in s:
        warm_bytes = w.get("warm_transfer")
        if warm_bytes is not None:
            L.append(f"\nWarm reload transferred {fmt_bytes(warm_bytes)}.")
    return L

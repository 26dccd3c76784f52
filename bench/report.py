"""The markdown report: the machine, the targets, then one table per section that was measured.

A section that failed or was not run is left out; the targets table still lists it as n/a.
"""

from __future__ import annotations

from formatting import fmt, fmt_bytes, g
from report_startup import startup_lines


def evaluate_targets(r):
    """Each target the README holds the page to, judged against its measurement (None: not measured)."""
    s, t, f, m = r.get("startup"), r.get("training"), r.get("frames"), r.get("memory")

    def seconds(ms):
        return ms / 1000 if ms is not None else None

    rows = [
        ("Cold start: navigation → data-ready", seconds(g(s, "cold", "ready_ms")), "≤", 3.0, "s"),
        ("Warm start (reload)", seconds(g(s, "warm", "ready_ms")), "≤", 2.0, "s"),
        ("First contentful paint (cold)", seconds(g(s, "cold", "fcp_ms")), "≤", 0.3, "s"),
        ("Play H=10, speed 1: frames/s", g(f, "page", "h10", "speed1", "fps"), "≥", 58.0, "fps"),
        ("Play H=10, speed 20: frames/s", g(f, "page", "h10", "speed20", "fps"), "≥", 58.0, "fps"),
        ("Play H=64, speed 1: frame callback p95", g(f, "page", "h64", "speed1", "callback_ms_p95"), "≤", 5.0, "ms"),
        ("Play H=64, speed 1: fps ÷ plain-JS fps", g(f, "ratio_h64", "speed1"), "≥", 1.0, "×"),
        ("Play H=64, speed 20: fps ÷ plain-JS fps", g(f, "ratio_h64", "speed20"), "≥", 1.0, "×"),
        ("Train batch of 100, H=10 (derived)", g(t, "by_hidden", "h10", "batch_of_100_ms"), "<", 50.0, "ms"),
        ("Training H=10: page ÷ CPython", g(t, "by_hidden", "h10", "page_vs_cpython"), "≤", 3.0, "×"),
        ("Training H=64: page ÷ CPython", g(t, "by_hidden", "h64", "page_vs_cpython"), "≤", 3.0, "×"),
        ("Memory growth, JS heap", g(m, "js_heap_growth_pct"), "<", 5.0, "%"),
        ("Memory growth, wasm memory", g(m, "wasm_growth_pct"), "<", 5.0, "%"),
    ]
    ops = {"≤": lambda a, b: a <= b, "≥": lambda a, b: a >= b, "<": lambda a, b: a < b}
    return [{"target": name, "value": value, "op": op, "goal": goal, "unit": unit,
             "ok": None if value is None else ops[op](value, goal)} for name, value, op, goal, unit in rows]


def report(r):
    meta = r["meta"]
    L = [f"## nnviz benchmark ({'quick' if meta['quick'] else 'full'} run, {meta['date']})", "",
         f"Machine: {meta['nproc']} CPUs ({meta['cpu']}), {meta['memory_gb']} GB; {meta.get('chromium')} headless; "
         f"CPython {meta['python']}, numpy {meta['numpy']}; git {meta['git_commit']}; load average "
         f"{meta['loadavg_start'][0]:.2f} before, {meta['loadavg_end'][0]:.2f} after; {meta['seconds']:.0f} s.",
         "", "### Targets", "", "| Target | Measured | Goal | |", "|---|---:|---:|:-:|"]
    for t in r["targets"]:
        mark = "n/a" if t["ok"] is None else ("✓" if t["ok"] else "✗")
        L.append(f"| {t['target']} | {fmt(t['value'], 2)} {t['unit']} | {t['op']} {t['goal']:g} {t['unit']} | {mark} |")
    if g(r, "startup", "cold"):
        L += startup_lines(r["startup"])
    if g(r, "training", "by_hidden"):
        L += training_lines(r["training"])
    if g(r, "frames", "page"):
        L += frames_lines(r["frames"])
    if g(r, "memory", "iterations"):
        L += memory_lines(r["memory"])
    if g(r, "weight", "requests"):
        L += weight_lines(r["weight"])
    for title, key in (("Warnings", "warnings"), ("Errors (measurements that could not be made)", "errors")):
        if r.get(key):
            L += ["", f"### {title}", ""] + [f"- {x}" for x in r[key]]
    return "\n".join(L)


def training_lines(t):
    L = ["", f"### Training: µs per iteration of Trainer.step({t['iterations']}), median of {t['repeats']}", "",
         "| H | Page (Pyodide) | CPython | Plain JS (nn.js) | Page ÷ CPython | Page ÷ JS |", "|---|---:|---:|---:|---:|---:|"]
    for key, row in t["by_hidden"].items():
        L.append(f"| {key[1:]} | {fmt(row['page_us'])} | {fmt(row['cpython_us'])} | {fmt(row['js_us'], 2)} | "
                 f"{fmt(row['page_vs_cpython'], 2)}× | {fmt(row['page_vs_js'], 1)}× |")
    return L


def frames_lines(f):
    L = ["", "### Play: frames (app = animation-frame callbacks of the page; browser = frames produced)", "",
         "| Who | H | Speed | App fps | Browser fps | Callback ms median / p95 | DOM writes per frame | Iterations/s |",
         "|---|---|---|---:|---:|---:|---:|---:|"]
    for who in ("page", "reference"):
        for key, res in f[who].items():
            for speed in ("speed1", "speed20"):
                x = res[speed]
                L.append(f"| {who} | {key[1:]} | {speed[5:]} | {fmt(x['fps'])} | {fmt(x['browser_fps'])} | "
                         f"{fmt(x['callback_ms_median'], 2)} / {fmt(x['callback_ms_p95'], 2)} | "
                         f"{fmt(x['writes_per_frame_median'], 0)} | {fmt(x['iterations_per_s'], 0)} |")
    return L


def memory_lines(m):
    return ["", f"### Memory: Play at speed 20, H = 10, {m['iterations']:,} iterations in {m['seconds']:.0f} s", "",
            "| Memory | Before | After | Growth |", "|---|---:|---:|---:|",
            f"| JS heap used (after forced GC) | {fmt_bytes(m['js_heap_before'])} | {fmt_bytes(m['js_heap_after'])} | "
            f"{fmt(m['js_heap_growth_pct'], 2)} % |",
            f"| WebAssembly memory | {fmt_bytes(m['wasm_before'])} | {fmt_bytes(m['wasm_after'])} | "
            f"{fmt(m['wasm_growth_pct'], 2)} % |",
            f"| DOM elements | {m['dom_elements_before']} | {m['dom_elements_after']} | |"]


def weight_lines(w):
    L = ["", f"### Page weight: first visit, {fmt_bytes(w['total_transfer'])} in {w['requests']} requests "
         f"(wasm {fmt_bytes(w['wasm'])}, numpy {fmt_bytes(w['numpy'])}, stdlib {fmt_bytes(w['stdlib'])}, "
         f"our Python {fmt_bytes(w['our_python'])})", "", "| File | Transferred |", "|---|---:|"]
    L += [f"| {e['name']} | {fmt_bytes(e['transfer'])} |" for e in w["largest"]]
    return L

"""The targets the page is held to, and each one judged against its measurement (None: not measured)."""

from __future__ import annotations

from formatting import g

TARGETS = {
    "cold_s": 3.0,
    "warm_s": 2.0,
    "fcp_s": 0.3,
    "fps_h10": 58.0,
    "p95_h64_ms": 5.0,
    "train_vs_cpython": 3.0,
    "memory_growth_pct": 5.0,
}


def evaluate_targets(r):
    s, t, rd, m = r.get("startup"), r.get("training"), r.get("rendering"), r.get("memory")
    def ms_to_s(v):
        return v / 1000 if v is not None else None

    rows = [
        ("Cold start: navigation → data-ready", ms_to_s(g(s, "cold", "ready_ms")), "≤", TARGETS["cold_s"], "s"),
        ("Warm start (reload, same profile)", ms_to_s(g(s, "warm", "ready_ms")), "≤", TARGETS["warm_s"], "s"),
        ("First contentful paint (cold)", ms_to_s(g(s, "cold", "fcp_ms")), "≤", TARGETS["fcp_s"], "s"),
        ("Play H=10, speed 1: frames/s", g(rd, "page", "h10", "speed1", "fps"), "≥", TARGETS["fps_h10"], "fps"),
        ("Play H=10, speed 20: frames/s", g(rd, "page", "h10", "speed20", "fps"), "≥", TARGETS["fps_h10"], "fps"),
        ("Play H=64, speed 1: Python ms/frame p95", g(rd, "page", "h64", "speed1", "work_ms_p95"), "≤", TARGETS["p95_h64_ms"], "ms"),
        ("Play H=64, speed 20: Python ms/frame p95", g(rd, "page", "h64", "speed20", "work_ms_p95"), "≤", TARGETS["p95_h64_ms"], "ms"),
        ("Play H=64, speed 1: fps ÷ reference fps", g(rd, "ratio_h64", "speed1"), "≥", 1.0, "×"),
        ("Play H=64, speed 20: fps ÷ reference fps", g(rd, "ratio_h64", "speed20"), "≥", 1.0, "×"),
        ("Training H=10: page ÷ CPython", g(t, "by_hidden", "h10", "page_vs_cpython"), "≤", TARGETS["train_vs_cpython"], "×"),
        ("Training H=64: page ÷ CPython", g(t, "by_hidden", "h64", "page_vs_cpython"), "≤", TARGETS["train_vs_cpython"], "×"),
        ("Memory growth, JS heap", g(m, "js_heap_growth_pct"), "<", TARGETS["memory_growth_pct"], "%"),
        ("Memory growth, wasm memory", g(m, "wasm_growth_pct"), "<", TARGETS["memory_growth_pct"], "%"),
    ]
    out = []
    for name, value, op, goal, unit in rows:
        ok = None
        if value is not None:
            ok = {"≤": value <= goal, "≥": value >= goal, "<": value < goal}[op]
        out.append({"target": name, "value": value, "op": op, "goal": goal, "unit": unit, "ok": ok})
    return out

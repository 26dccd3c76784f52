"""Turn a load's raw browser timings into named marks and phases, and runs into medians.

Pure functions of the collected data (no browser), so the breakdown can be checked and reused.
"""

from __future__ import annotations

import math

from stats import median, ratio

# (label, path prefix): the files whose timing the report shows
BIG_FILES = (
    ("style.css", "/assets/style.css"),
    ("boot.js", "/assets/boot.js"),
    ("core.js", "/assets/vendor/pyscript/core.js"),
    ("core-*.js (PyScript bundle)", "/assets/vendor/pyscript/core-"),
    ("pyscript.toml", "/pyscript.toml"),
    ("pyodide-loader.mjs + pyodide-snapshot.mjs", "/assets/pyodide-"),
    ("snapshot manifest", "/assets/vendor/snapshot/manifest.json"),
    ("snapshot (gzip)", "/assets/vendor/snapshot/numpy-"),
    ("pyodide.mjs", "/assets/vendor/pyodide/pyodide.mjs"),
    ("pyodide-lock.json", "/assets/vendor/pyodide/pyodide-lock.json"),
    ("pyodide.asm.js", "/assets/vendor/pyodide/pyodide.asm.js"),
    ("pyodide.asm.wasm", "/assets/vendor/pyodide/pyodide.asm.wasm"),
    ("python_stdlib.zip", "/assets/vendor/pyodide/python_stdlib.zip"),
    ("numpy wheel", "/assets/vendor/pyodide/numpy-"),
    ("py/*.py (our code)", "/py/"),
)

# (key, label, start mark, end mark, how it is known)
PHASES = (
    ("html_boot", "HTML and CSS until the first script (preflight.js) runs", "nav", "boot", "measured: nnvizBoot.started"),
    ("pyscript_core", "the page parsed and painted, our loader's preparation, PyScript's core + config, until "
     "it asks for Python", "boot", "config",
     "measured: nnvizRuntime.askedAt (else pyscript.toml's resource timing)"),
    ("pyodide_loader", "Pyodide loader JS (pyodide.asm.js), unless loaded before PyScript asked", "config", "pyodide_js",
     "measured: resource timing"),
    ("wasm_wait", "evaluate pyodide.asm.js, lock file; until the wasm compile starts", "pyodide_js", "wasm_start", "derived"),
    ("wasm_compile", "WebAssembly compile + instantiate of pyodide.asm.wasm", "wasm_start", "wasm_end", "measured: wrapped WebAssembly.instantiateStreaming"),
    ("python_init", "Python runtime start + numpy wheel unpack (download overlaps)", "wasm_end", "numpy_libs_start", "derived: until numpy's first shared library compiles"),
    ("numpy_libs", "numpy shared libraries: compile, instantiate, link", "numpy_libs_start", "numpy_libs_end",
     "measured: wrapped WebAssembly.instantiate (snapshot boot: the loader's own marks)"),
    ("pyscript_files", "PyScript fetches py/*.py, runs hooks → py:ready", "numpy_libs_end", "py_ready", "derived; py:ready is measured"),
    ("our_imports", "our main.py: imports (numpy, app modules) + Trainer", "py_ready", "ui_start", "measured marks: py:ready → App's first element"),
    ("our_first_draw", "our main.py: build DOM + first render → data-ready", "ui_start", "ready", "measured marks: → MutationObserver data-ready"),
    ("first_frame", "until the next animation frame", "ready", "first_frame", "measured: requestAnimationFrame"),
)


def _match(resources, prefix):
    return [r for r in resources if r["name"].split("?")[0].startswith(prefix)]


def analyse_load(raw):
    """Flatten one load's raw timings into named marks (ms since navigation start)."""
    marks = raw["marks"]
    res = raw["resources"]
    out = {
        "ready": marks.get("ready"),
        "ready_call": marks.get("ready-call"),
        "first_frame": marks.get("first-frame"),
        "fcp": raw["paints"].get("first-contentful-paint"),
        "py_ready": marks.get("py:ready"),
        "py_done": marks.get("py:done"),
        "ui_start": marks.get("app:ui-start"),
        "boot": raw.get("bootStarted"),
        "nav": 0.0,
        "html_response_end": raw["nav"]["responseEnd"] if raw.get("nav") else None,
        "dom_content_loaded": raw["nav"]["domContentLoaded"] if raw.get("nav") else None,
    }
    files = {}
    for label, prefix in BIG_FILES:
        hits = _match(res, prefix)
        if hits:
            files[label] = {"start": min(r["start"] for r in hits), "end": max(r["end"] for r in hits),
                            "count": len(hits), "bytes": sum(r["decoded"] for r in hits)}
    out["files"] = files
    # Our loader prepares (and loads pyodide.asm.js) before PyScript asks for Python: from then on the
    # phases follow one another again.
    asked = (raw.get("boot_info") or {}).get("askedAt")
    out["config"] = asked if asked is not None else files.get("pyscript.toml", {}).get("end")
    asm_end = files.get("pyodide.asm.js", {}).get("end")
    out["pyodide_js"] = max(asm_end, out["config"]) if None not in (asm_end, out["config"]) else asm_end
    wasm = sorted(raw["wasm"], key=lambda w: w["start"])
    main = [w for w in wasm if w["kind"] in ("instantiateStreaming", "compileStreaming")]
    if not main and wasm:  # no streaming: the biggest buffer is the main module
        main = [max(wasm, key=lambda w: w["bytes"] or 0)]
    if main:
        out["wasm_start"], out["wasm_end"] = main[0]["start"], main[0]["end"]
    libs = [w for w in wasm if main and w["start"] >= main[0]["end"]]
    placed = (raw.get("boot_info") or {}).get("libraries")
    if placed:  # the snapshot boot compiles them beforehand and places them in its preRun hook
        out["numpy_libs_start"], out["numpy_libs_end"] = placed["from"], placed["to"]
        out["numpy_libs_count"] = placed["count"]
        out["numpy_libs_busy"] = placed["to"] - placed["from"]
    elif libs:
        out["numpy_libs_start"] = libs[0]["start"]
        out["numpy_libs_end"] = max(w["end"] for w in libs)
        out["numpy_libs_count"] = len(libs)
        out["numpy_libs_busy"] = sum(w["end"] - w["start"] for w in libs)
    numpy_fetch = [f for f in raw["fetches"] if "/numpy-" in f["url"]]
    out["numpy_fetch"] = numpy_fetch[0]["start"] if numpy_fetch else out.get("numpy_libs_start")
    # A file downloaded more than once (a preload the runtime did not reuse) costs twice.
    seen: dict = {}
    for r in res:
        if r["transfer"] and r["transfer"] > 0:
            seen[r["name"]] = seen.get(r["name"], 0) + 1
    out["duplicate_downloads"] = sorted(name for name, n in seen.items() if n > 1)
    out["transfer_bytes"] = sum(r["transfer"] or 0 for r in res) + ((raw.get("nav") or {}).get("transfer") or 0)
    out["unused_preload_warnings"] = [c[2] for c in raw.get("console", []) if "preload" in c[2].lower()]
    # Main-thread long tasks (> 50 ms): how long the page could not respond while starting.
    ready = out["ready"] or math.inf
    tasks = [(t, d) for t, d in raw.get("longtasks", []) if t < ready]
    out["longtask_ms"] = sum(d for _, d in tasks)
    out["longest_task_ms"] = max((d for _, d in tasks), default=0.0)
    out["blocking_ms"] = sum(max(0.0, d - 50) for t, d in tasks if t >= (out["fcp"] or 0))
    out["phases"] = {}
    for key, _label, a, b, _how in PHASES:
        ta, tb = out.get(a), out.get(b)
        out["phases"][key] = tb - ta if ta is not None and tb is not None else None
    return out


def summarise_startup(runs):
    def med(kind, key):
        return median([r[kind].get(key) for r in runs if r.get(kind)])

    summary = {"runs": len(runs)}
    for kind in ("cold", "warm", "warm2"):
        kind_runs = [r for r in runs if r.get(kind)]
        summary[kind] = {
            "runs": len(kind_runs),
            "ready_ms": med(kind, "ready"),
            "ready_ms_runs": [r[kind]["ready"] for r in kind_runs],
            "ready_call_ms": med(kind, "ready_call"),
            "fcp_ms": med(kind, "fcp"),
            "first_frame_ms": med(kind, "first_frame"),
            "py_ready_ms": med(kind, "py_ready"),
            "py_done_ms": med(kind, "py_done"),
            "boot_ms": med(kind, "boot"),
            "html_response_end_ms": med(kind, "html_response_end"),
            "dom_content_loaded_ms": med(kind, "dom_content_loaded"),
            "phases_ms": {key: median([r[kind]["phases"].get(key) for r in kind_runs]) for key, *_ in PHASES},
            "marks_ms": {k: med(kind, k) for k in ("boot", "config", "pyodide_js", "wasm_start", "wasm_end",
                                                    "numpy_fetch", "numpy_libs_start", "numpy_libs_end",
                                                    "py_ready", "ui_start", "ready", "first_frame")},
            "numpy_libs_count": med(kind, "numpy_libs_count"),
            "transfer_bytes": med(kind, "transfer_bytes"),
            "longtask_ms": med(kind, "longtask_ms"),
            "longest_task_ms": med(kind, "longest_task_ms"),
            "blocking_ms": med(kind, "blocking_ms"),
            "numpy_libs_busy_ms": med(kind, "numpy_libs_busy"),
            "duplicate_downloads": sorted({d for r in kind_runs for d in r[kind]["duplicate_downloads"]}),
            "unused_preload_warnings": sorted({w for r in kind_runs for w in r[kind]["unused_preload_warnings"]}),
        }
    summary["cold"]["files"] = {
        label: {f: median([r["cold"]["files"].get(label, {}).get(f) for r in runs]) for f in ("start", "end", "bytes")}
        for label, _ in BIG_FILES
    }
    summary["raw_first_cold"] = runs[0]["raw_cold"]
    refs = [r["reference"] for r in runs if r.get("reference")]
    if refs:
        summary["bare_pyodide"] = {
            kind: {key: median([ref[kind].get(key) for ref in refs if ref.get(kind)])
                   for key in ("fcp", "imported", "pyodide", "numpyLoaded", "numpyImported", "wasm_compile", "wasmMemoryBytes")}
            for kind in ("cold", "warm")
        }
    return summary


def summarise_paths(rounds, throttled, throttle):
    """Boot paths side by side: medians of alternating rounds, ratios, memory, and the 20 Mbps runs."""
    def med(runs, kind, key):
        return median([r[kind].get(key) for r in runs if r.get(kind)])

    out = {"throttle": throttle}
    for path in ("snapshot", "normal"):
        runs = rounds[path]
        slow = throttled.get(path, [])
        out[path] = {
            "runs": len(runs),
            "cold_ms": med(runs, "cold", "ready"), "warm_ms": med(runs, "warm", "ready"),
            "cold_runs": [r["cold"]["ready"] for r in runs], "warm_runs": [r["warm"]["ready"] for r in runs if r.get("warm")],
            "fcp_cold_ms": med(runs, "cold", "fcp"), "fcp_warm_ms": med(runs, "warm", "fcp"),
            "transfer_cold": med(runs, "cold", "transfer_bytes"), "transfer_warm": med(runs, "warm", "transfer_bytes"),
            "longtask_cold_ms": med(runs, "cold", "longtask_ms"), "longest_task_cold_ms": med(runs, "cold", "longest_task_ms"),
            "renderer_peak_bytes": med(runs, "cold", "renderer_peak_bytes"),
            "wasm_bytes": median([r["cold"]["boot_info"].get("wasmBytes") for r in runs]),
            "boot_paths": sorted({r[k]["boot_info"]["boot"] or "?" for r in runs for k in ("cold", "warm", "warm2") if r.get(k)}),
            "duplicate_downloads": sorted({d for r in runs for d in r["cold"]["duplicate_downloads"]}),
            "slow_cold_ms": median([r["cold"]["ready"] for r in slow]), "slow_runs": [r["cold"]["ready"] for r in slow],
        }
    bare = rounds["bare"]
    out["bare"] = {
        "runs": len(bare),
        "cold_ms": med(bare, "cold", "numpyImported"), "warm_ms": med(bare, "warm", "numpyImported"),
        "cold_runs": [r["cold"]["numpyImported"] for r in bare], "warm_runs": [r["warm"]["numpyImported"] for r in bare],
        "transfer_cold": med(bare, "cold", "transfer"), "wasm_bytes": med(bare, "cold", "wasmMemoryBytes"),
        "renderer_peak_bytes": med(bare, "cold", "renderer_peak_bytes"),
    }
    auto = throttled.get("auto", [])
    out["auto"] = {
        "slow_cold_ms": median([r["cold"]["ready"] for r in auto]), "slow_runs": [r["cold"]["ready"] for r in auto],
        "boot_paths": sorted({r["cold"]["boot_info"]["boot"] or "?" for r in auto}),
        "reasons": sorted({r["cold"]["boot_info"]["reason"] for r in auto if r["cold"]["boot_info"]["reason"]}),
    }
    snap, normal = out["snapshot"], out["normal"]
    out["ratios"] = {
        "auto_vs_normal_20mbps": ratio(out["auto"]["slow_cold_ms"], normal["slow_cold_ms"]),
        "snapshot_vs_bare_cold": ratio(snap["cold_ms"], out["bare"]["cold_ms"]),
        "snapshot_vs_bare_warm": ratio(snap["warm_ms"], out["bare"]["warm_ms"]),
        "snapshot_vs_normal_cold": ratio(snap["cold_ms"], normal["cold_ms"]),
        "snapshot_vs_normal_warm": ratio(snap["warm_ms"], normal["warm_ms"]),
        "snapshot_vs_normal_20mbps": ratio(snap["slow_cold_ms"], normal["slow_cold_ms"]),
    }
    return out

"""Turn a load's raw browser timings into named marks and phases, and runs into medians.

Pure functions of the collected data (no browser), so the breakdown can be checked and reused.
"""

from __future__ import annotations

import math

from stats import median

# (label, path prefix): the files whose timing the report shows
BIG_FILES = (
    ("style.css", "/assets/style.css"),
    ("boot.js", "/assets/boot.js"),
    ("core.js", "/assets/vendor/pyscript/core.js"),
    ("core-*.js (PyScript bundle)", "/assets/vendor/pyscript/core-"),
    ("pyscript.toml", "/pyscript.toml"),
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
    ("html_boot", "HTML, CSS, parse; until boot.js runs", "nav", "boot", "measured: nnvizBoot.started"),
    ("pyscript_core", "PyScript core import + config (pyscript.toml)", "boot", "config", "measured: resource timing"),
    ("pyodide_loader", "PyScript plugins, Pyodide loader JS (pyodide.asm.js)", "config", "pyodide_js", "measured: resource timing"),
    ("wasm_wait", "evaluate pyodide.asm.js, lock file; until the wasm compile starts", "pyodide_js", "wasm_start", "derived"),
    ("wasm_compile", "WebAssembly compile + instantiate of pyodide.asm.wasm", "wasm_start", "wasm_end", "measured: wrapped WebAssembly.instantiateStreaming"),
    ("python_init", "Python runtime start + numpy wheel unpack (download overlaps)", "wasm_end", "numpy_libs_start", "derived: until numpy's first shared library compiles"),
    ("numpy_libs", "numpy shared libraries: compile, instantiate, link", "numpy_libs_start", "numpy_libs_end", "measured: wrapped WebAssembly.instantiate"),
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
    out["config"] = files.get("pyscript.toml", {}).get("end")
    out["pyodide_js"] = files.get("pyodide.asm.js", {}).get("end")
    wasm = sorted(raw["wasm"], key=lambda w: w["start"])
    main = [w for w in wasm if w["kind"] in ("instantiateStreaming", "compileStreaming")]
    if not main and wasm:  # no streaming: the biggest buffer is the main module
        main = [max(wasm, key=lambda w: w["bytes"] or 0)]
    if main:
        out["wasm_start"], out["wasm_end"] = main[0]["start"], main[0]["end"]
    libs = [w for w in wasm if main and w["start"] >= main[0]["end"]]
    if libs:
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

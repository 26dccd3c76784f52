"""`make bench`: measure the page in headless Chromium and report against the targets.

Run:   .venv/bin/python bench/run.py [--quick] [--repeats N] [--out PATH] [--only startup,training,...]
                                     [--site DIR]

It serves the checkout on 127.0.0.1 (tests/conftest.Server), drives Chromium (conftest.chromium_path)
with Playwright, prints one markdown report and writes every number to bench/results.json. It reports
and never fails on a missed target; it exits 1 only when a measurement itself could not be made (the
smoke test in tests/test_bench.py relies on that). A full run takes about 6 minutes on 2 cores.

Sections:
  startup    Cold load in a brand-new profile (launch_persistent_context on a new user-data-dir), then
             reloads in that profile (warm); FCP; a breakdown of the cold load from resource timing,
             wrapped WebAssembly/fetch calls, PyScript's py:ready event, the first <style> App creates
             and the moment #app gets data-ready="1" (MutationObserver), all from an init script;
             main-thread long tasks. For comparison, bench/reference/pyodide-boot.html: the bare
             runtime (Pyodide + numpy, no PyScript, none of our code).
  training   µs per iteration of Trainer.step(1000) at H=10 and H=64: in the page
             (nnviz.timeTraining), in CPython (bench/bench_model.py) and in bench/reference/nn.js (the
             same maths in plain JavaScript, injected into the same page), after a warm-up, interleaved.
             Plus: a check that nn.js is the same maths (same weights after the page's Train batch),
             the time of main.py's imports, one Play frame taken apart, and the same Python
             micro-benchmarks in the page and in CPython (numpy call overhead vs arithmetic).
  rendering  Play at H=10 and H=64, speed 1 and 20, each from fresh weights: app frames/s, browser
             frames/s (an independent requestAnimationFrame counter), Python ms per frame
             (nnviz.perf), DOM writes per frame, iterations/s, and Chromium's own main-thread/CPU
             accounting (CDP Performance.getMetrics). The same for bench/reference/render.html (plain
             JS restyling every line every frame), replaying the page's starting weights.
  memory     JS heap (performance.memory after a forced GC) and Pyodide's WebAssembly memory before
             and after 100,000 iterations of Play at speed 20.
  weight     Bytes of a cold load per file (resource timing), plus a gzip estimate.

The training and memory sessions reach the Pyodide object through PyScript's hooks.main.onReady
(imported from an init script) and record every WebAssembly.Memory; that changes the start-up order,
so start-up is only ever measured without it. If the page grows `nnviz.wasmMemoryBytes()`, the memory
section uses that instead. --site DIR serves another copy of the site (e.g. with a page change to try;
copy bench/ along, the reference pages are served from it).

This file is the CLI: options, the plan, the order of the sections. Each section is a module of the
same name (startup.py, training.py, rendering.py, memory.py, weight.py) driven through harness.Bench;
targets.py judges the numbers and report.py writes the markdown.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
import traceback
from datetime import UTC, datetime
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))  # the sibling modules below, also when run.py is imported from elsewhere

import memory  # noqa: E402
import rendering  # noqa: E402
import startup  # noqa: E402
import training  # noqa: E402
from harness import ROOT, Bench, Server, chromium_path, log  # noqa: E402
from machine import machine_info  # noqa: E402
from report import report  # noqa: E402
from targets import evaluate_targets  # noqa: E402
from weight import weight_from_startup  # noqa: E402

SECTIONS = ("startup", "training", "rendering", "memory", "weight")
MEASURE = {"startup": startup.measure, "training": training.measure, "rendering": rendering.measure,
           "memory": memory.measure}  # weight is read from the start-up section's first cold load


class Plan:
    """How much to measure: --quick gives tiny counts (a smoke run), --repeats overrides the repeats."""

    def __init__(self, quick: bool, repeats: int | None):
        self.quick = quick
        self.startup_runs = repeats or (1 if quick else 5)
        self.bare_runs = min(self.startup_runs, 2)  # bench/reference/pyodide-boot.html, for comparison
        self.second_reload_runs = min(self.startup_runs, 3)
        self.train_iterations = 200 if quick else 1000
        self.train_repeats = repeats or (2 if quick else 11)
        self.train_warmup = 1 if quick else 4
        self.render_seconds = 1.0 if quick else 10.0
        self.render_windows = 2 if quick else 5
        self.render_warmup_s = 0.3 if quick else 1.0
        self.memory_iterations = 2_000 if quick else 100_000
        self.memory_timeout_s = 60 if quick else 240
        self.analysis_n = 100 if quick else 1000


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="tiny counts: a smoke run of every section")
    parser.add_argument("--out", type=Path, default=BENCH / "results.json", help="where to write the JSON results")
    parser.add_argument("--repeats", type=int, default=None, help="start-up runs and training repeats (default 5 / 11)")
    parser.add_argument("--only", default=",".join(SECTIONS), help=f"comma-separated subset of {','.join(SECTIONS)}")
    parser.add_argument("--site", type=Path, default=ROOT,
                        help="serve this copy of the site instead of the checkout (to try a page change); "
                             "bench/reference/ is served from it too, so copy bench/ along")
    args = parser.parse_args(argv)
    args.only = [s.strip() for s in args.only.split(",") if s.strip()]
    unknown = set(args.only) - set(SECTIONS)
    if unknown:
        parser.error(f"unknown section(s): {', '.join(sorted(unknown))}")
    if args.repeats is not None and args.repeats < 1:
        parser.error("--repeats must be at least 1")
    return args


def measure_sections(bench, only, site, results):
    """Each section in turn into results; a failed one is recorded as an error and the rest still run."""
    if "weight" in only and "startup" not in only:
        only = ["startup"] + only  # the weight comes from a cold load
        bench.plan.startup_runs = 1
    for section in [s for s in SECTIONS if s in only]:
        if section == "weight":
            weight = weight_from_startup(results, site)
            if weight is None:
                results["errors"].append("weight: no cold load to read")
            else:
                results["weight"] = weight
            continue
        log(f"{section} ...")
        t0 = time.monotonic()
        try:
            results[section] = MEASURE[section](bench)
        except Exception as exc:  # record, keep measuring the rest
            results["errors"].append(f"{section}: {type(exc).__name__}: {exc}")
            results[section] = {"error": traceback.format_exc()}
            log(f"{section} FAILED: {exc}")
        log(f"{section} done in {time.monotonic() - t0:.0f} s")


def main(argv=None):
    args = parse_args(argv)
    site = args.site.resolve()
    if not (site / "assets" / "vendor" / "pyodide" / "pyodide.mjs").exists():
        print("assets/vendor is missing: run `make vendor` first", file=sys.stderr)
        return 2
    if not chromium_path():
        print("no Chromium found (set NNVIZ_CHROMIUM)", file=sys.stderr)
        return 2

    from playwright.sync_api import sync_playwright

    plan = Plan(args.quick, args.repeats)
    started = time.monotonic()
    results: dict = {"meta": machine_info(), "errors": [], "warnings": []}
    results["meta"].update({"quick": args.quick, "sections": args.only, "site": str(site),
                            "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"), "plan": vars(plan)})
    server = Server(site)
    try:
        with sync_playwright() as p:
            bench = Bench(p, server, plan)
            try:
                results["meta"]["chromium"] = "Chromium " + bench.shared_browser().version
                measure_sections(bench, args.only, site, results)
            finally:
                results["warnings"] += bench.warnings
                bench.close()
    finally:
        server.close()
    if isinstance(results.get("startup"), dict) and "raw_first_cold" in results["startup"]:
        raw = results["startup"].pop("raw_first_cold")
        results["startup"]["first_cold_load"] = {k: raw[k] for k in ("marks", "wasm", "fetches", "paints", "nav", "resources",
                                                                     "longtasks")}
    results["meta"]["loadavg_end"] = list(os.getloadavg())
    results["meta"]["seconds"] = time.monotonic() - started
    results["targets"] = evaluate_targets(results)
    print(report(results))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=1, default=str))
    log(f"wrote {args.out}")
    return 1 if results["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())

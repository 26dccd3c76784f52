"""`make bench`: measure the real page in headless Chromium, from outside, for the README's table.

Run:   .venv/bin/python bench/run.py [--quick] [--out PATH] [--only startup,training,...]

It serves the checkout on 127.0.0.1 (tests/conftest.Server), drives Chromium (conftest.chromium_path)
with Playwright, prints a markdown report and writes every number to bench/results.json. It reports
and never fails on a missed target; it exits 1 only when a measurement itself could not be made (the
smoke test, tests/test_bench.py, relies on that).

Sections (one module each, driven through harness.Bench; nothing asks the app to measure itself):
  startup   cold and warm start, first paint, against the bare runtime (startup.py)
  training  µs per iteration: the page's Trainer via PyScript's interpreter, CPython, plain JS (nn.js)
  frames    Play at H = 10 and 64, speed 1 and 20: fps, animation-frame callback time, DOM writes,
            against bench/reference/render.html (plain JS restyling the page's SVG every frame)
  memory    JS heap and wasm memory before and after 100,000 iterations of Play
  weight    bytes of a first visit, from resource timing
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
for path in (BENCH, BENCH.parent / "py", BENCH.parent / "tests"):  # sections, the app's pure modules, the server
    sys.path.insert(0, str(path))

import frames  # noqa: E402
import memory  # noqa: E402
import startup  # noqa: E402
import training  # noqa: E402
import weight  # noqa: E402
from harness import ROOT, Bench, Server, chromium_path, log  # noqa: E402
from machine import machine_info  # noqa: E402
from report import evaluate_targets, report  # noqa: E402

SECTIONS = {"startup": startup.measure, "training": training.measure, "frames": frames.measure,
            "memory": memory.measure, "weight": weight.measure}


class Plan:
    """How much to measure: --quick gives tiny counts (a smoke run of every section)."""

    def __init__(self, quick: bool):
        self.quick = quick
        self.startup_runs = 1 if quick else 5  # read by startup.py
        self.bare_runs = 1 if quick else 2
        self.second_reload_runs = 1 if quick else 3
        self.train_iterations = 200 if quick else 1000
        self.train_repeats = 2 if quick else 11
        self.train_warmup = 1 if quick else 4
        self.warmup_s = 0.3 if quick else 1.0  # Play: before the timed windows
        self.window_s = 0.5 if quick else 2.0
        self.windows = 2 if quick else 5
        self.memory_iterations = 2_000 if quick else 100_000
        self.memory_timeout_s = 120 if quick else 600


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="tiny counts: a smoke run of every section")
    parser.add_argument("--out", type=Path, default=BENCH / "results.json", help="where to write the JSON results")
    parser.add_argument("--only", default=",".join(SECTIONS), help=f"comma-separated subset of {','.join(SECTIONS)}")
    args = parser.parse_args(argv)
    args.only = [s.strip() for s in args.only.split(",") if s.strip()]
    unknown = set(args.only) - set(SECTIONS)
    if unknown:
        parser.error(f"unknown section(s): {', '.join(sorted(unknown))}")
    return args


def main(argv=None):
    args = parse_args(argv)
    if not (ROOT / "assets" / "vendor" / "pyodide" / "pyodide.mjs").exists():
        print("assets/vendor is missing: run `make vendor` first", file=sys.stderr)
        return 2
    if not chromium_path():
        print("no Chromium found: apt-get install chromium, or set NNVIZ_CHROMIUM", file=sys.stderr)
        return 2
    from playwright.sync_api import sync_playwright

    started = time.monotonic()
    results: dict = {"meta": machine_info(), "errors": [], "warnings": []}
    results["meta"].update({"quick": args.quick, "sections": args.only,
                            "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")})
    server = Server(ROOT)
    try:
        with sync_playwright() as p:
            bench = Bench(p, server, Plan(args.quick))
            try:
                results["meta"]["chromium"] = "Chromium " + bench.shared_browser().version
                for name in args.only:
                    log(f"{name} ...")
                    t0 = time.monotonic()
                    try:
                        results[name] = SECTIONS[name](bench)
                    except Exception as exc:  # record it, measure the rest
                        results["errors"].append(f"{name}: {type(exc).__name__}: {exc}")
                        results[name] = {"error": traceback.format_exc()}
                    log(f"{name} done in {time.monotonic() - t0:.0f} s")
            finally:
                results["warnings"] += bench.warnings
                bench.close()
    finally:
        server.close()
    if isinstance(results.get("startup"), dict):
        results["startup"].pop("raw_first_cold", None)  # bulky raw timings; the summary keeps the numbers
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

"""Play on two checkouts of the page in one run: this one against another site root (a worktree of
an earlier commit), so a change's cost in frames is measured on the same machine at the same load.

Run:   .venv/bin/python bench/compare.py --baseline /path/to/older/checkout [--hidden 64] [--rounds 6]

Each round opens both pages fresh in the shared browser (same viewport, same flags, same local
server code; the order alternates between rounds, so a drift in the machine's load hits both
alike) and plays each at speeds 1 and 20, measured from outside exactly as `frames` does it
(frames.play: animation-frame callbacks counted and timed, DOM writes from a MutationObserver).
It prints medians over the rounds and the ratio this page ÷ baseline, and writes every round to
bench/compare.json. The baseline checkout needs the same vendored runtime (assets/vendor).

With --cold-starts N, it times start-up instead: N alternating cold starts of each page at 20 Mbps, as the
start-up section's slow-line rounds load the page (the same gzip-encoding server, throttling and fresh
profiles), navigation → data-ready.

With --interleave N, both pages stay open side by side and take turns: N short windows each per
speed, alternating, so a swing in the machine's speed (on a shared VM, fps moves by a third over
minutes) falls on both alike; each pair of neighbouring windows gives one ratio, and the report is
the median of those ratios, with their quartiles.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from contextlib import ExitStack
from pathlib import Path

BENCH = Path(__file__).resolve().parent
for path in (BENCH, BENCH.parent / "py", BENCH.parent / "tests"):
    sys.path.insert(0, str(path))

from frames import page_controls, play  # noqa: E402
from harness import ROOT, Bench, Server, log  # noqa: E402
from machine import machine_info  # noqa: E402
from probes import FRAMES_JS  # noqa: E402
from stats import median, percentile, ratio  # noqa: E402

SPEEDS = ("speed1", "speed20")
NUMBERS = ("fps", "browser_fps", "callback_ms_median", "callback_ms_p95", "writes_per_frame_median",
           "iterations_per_s")


class Plan:
    """Per page and speed: a warm-up, then timed windows (frames.play reads these three)."""

    def __init__(self, warmup_s: float, window_s: float, windows: int):
        self.warmup_s, self.window_s, self.windows = warmup_s, window_s, windows


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", type=Path, required=True, help="the other checkout's root (served as is)")
    parser.add_argument("--hidden", type=int, default=64)
    parser.add_argument("--rounds", type=int, default=6)
    parser.add_argument("--windows", type=int, default=3, help="timed windows per page, speed and round")
    parser.add_argument("--window-s", type=float, default=2.0)
    parser.add_argument("--warmup-s", type=float, default=1.0, help="play before the timed windows, per speed")
    parser.add_argument("--normal-boot", action="store_true",
                        help="boot this page the normal way too (its snapshot manifest answered with none), "
                             "so both sides run an interpreter that has warmed up the same way")
    modes = parser.add_mutually_exclusive_group()
    modes.add_argument("--interleave", type=int, default=0, metavar="N",
                        help="both pages open, N alternating windows per speed (instead of rounds)")
    parser.add_argument("--speeds", type=int, nargs="+", default=[1, 20], help="with --interleave: which speeds")
    modes.add_argument("--cold-starts", type=int, default=0, metavar="N",
                        help="instead of Play: N alternating cold starts of each page at 20 Mbps (as the "
                             "start-up section's slow-line rounds: gzip-encoding server, CDP throttling, fresh profiles)")
    parser.add_argument("--out", type=Path, default=BENCH / "compare.json")
    return parser.parse_args(argv)


def turns(n):
    """Who goes first in round (or pair) n: they alternate, so a drift in the machine's load hits both alike."""
    return ("baseline", "current") if n % 2 == 0 else ("current", "baseline")


def boot_normally(page):
    """--normal-boot: the page's snapshot manifest is answered with none, so it boots the normal way."""
    page.route("**/vendor/snapshot/manifest.json", lambda route: route.fulfill(
        status=200, content_type="application/json",
        body=json.dumps({"snapshot": None, "reason": "compare.py --normal-boot"})))


def one_page(bench, hidden, normal_boot=False):
    with bench.fresh_page(FRAMES_JS, bench.server.origin) as page:
        if normal_boot:
            boot_normally(page)
        bench.open_app(page, f"?hidden={hidden}&speed=1")
        start, stop = page_controls(page)
        result = play(bench.plan, page, "window.nnviz", start, stop)
        result["boot"] = page.evaluate("() => document.documentElement.dataset.boot || 'normal'")
        return result


def interleaved(bench, servers, args):
    """Both pages open; per speed, N pairs of alternating windows: fps of each, and their ratio."""
    with ExitStack() as stack:
        pages = {}
        for who in ("baseline", "current"):
            bench.server = servers[who]
            page = stack.enter_context(bench.fresh_page(FRAMES_JS, who))
            if args.normal_boot and who == "current":
                boot_normally(page)
            bench.open_app(page, f"?hidden={args.hidden}&speed=1")
            pages[who] = page
        out = {}
        for speed in args.speeds:
            pairs = []
            for page in pages.values():
                page.bring_to_front()
                page.select_option("#speed", str(speed))
                page.click("#play")
                page.wait_for_timeout(int(1000 * args.warmup_s))
                page.click("#play")
            for n in range(args.interleave):
                pair = {}
                for who in turns(n):
                    page = pages[who]
                    page.bring_to_front()
                    page.click("#play")
                    page.wait_for_timeout(300)  # the loop under way
                    a = page.evaluate("() => window.__frames.mark()")
                    page.wait_for_timeout(int(1000 * args.window_s))
                    b = page.evaluate("(a) => window.__frames.since(a)", a)
                    page.click("#play")
                    pair[who] = (b["callbacks"] - a["callbacks"]) / ((b["t"] - a["t"]) / 1000)
                pair["ratio"] = pair["current"] / pair["baseline"]
                pair["loadavg"] = os.getloadavg()[0]
                pairs.append(pair)
                log(f"speed {speed} pair {n + 1}: baseline {pair['baseline']:.1f}, current {pair['current']:.1f} fps, "
                    f"ratio {pair['ratio']:.3f}, load {pair['loadavg']:.1f}")
            out[f"speed{speed}"] = pairs
        return out


def cold_starts(bench, roots, rounds):
    """--cold-starts: navigation → data-ready of each page, cold at 20 Mbps, in alternating rounds."""
    from startup import _load, profile_page, serving

    times = {who: [] for who in roots}
    with ExitStack() as stack:
        origins = {who: stack.enter_context(serving(root, compress=True)) for who, root in roots.items()}
        for n in range(rounds):
            for who in turns(n):
                with profile_page(bench, f"cold start 20 Mbps {who}", throttle=True) as (page, _):
                    times[who].append(_load(bench, page, origins[who])["marks"]["ready"])
                log(f"cold start {n + 1} {who}: {times[who][-1]:.0f} ms")
    return times


def cold_starts_report(results):
    t = results["cold_starts"]
    b, c = median(t["baseline"]), median(t["current"])
    return (f"Cold start at 20 Mbps, medians of {len(t['current'])} alternating rounds ({results['meta']['date']}): "
            f"baseline {b:.0f} ms, current {c:.0f} ms, current ÷ baseline {c / b:.3f}\n"
            f"rounds (ms): baseline {', '.join(f'{x:.0f}' for x in t['baseline'])}; "
            f"current {', '.join(f'{x:.0f}' for x in t['current'])}")


def interleaved_report(results):
    lines = [f"Play at H = {results['hidden']}, {results['interleave']} interleaved windows of {results['window_s']} s "
             f"per speed ({results['meta']['date']}, load average {results['meta']['loadavg_end'][0]:.1f} at the end)",
             "", "| Speed | baseline fps (median) | current fps (median) | current ÷ baseline, median of pairs "
             "(quartiles) |", "|---|---:|---:|---:|"]
    for speed, pairs in results["pairs"].items():
        ratios = sorted(p["ratio"] for p in pairs)
        q1, q3 = percentile(ratios, 25), percentile(ratios, 75)
        lines.append(f"| {speed[5:]} | {median([p['baseline'] for p in pairs]):.1f} | "
                     f"{median([p['current'] for p in pairs]):.1f} | {median(ratios):.3f} ({q1:.3f}–{q3:.3f}) |")
    return "\n".join(lines)


def summarise(rounds):
    return {speed: {n: median([r[speed][n] for r in rounds]) for n in NUMBERS} for speed in SPEEDS}


def main(argv=None):
    args = parse_args(argv)
    roots = {"baseline": args.baseline.resolve(), "current": ROOT}
    for who, root in roots.items():
        if not (root / "assets" / "vendor" / "pyodide" / "pyodide.mjs").exists():
            print(f"{who} ({root}) has no assets/vendor: run `make vendor` there (or copy it)", file=sys.stderr)
            return 2
    from playwright.sync_api import sync_playwright

    servers = {who: Server(root) for who, root in roots.items()}
    results = {"meta": machine_info(), "hidden": args.hidden, "roots": {k: str(v) for k, v in roots.items()},
               "rounds": {"baseline": [], "current": []}, "loadavg": []}
    try:
        with sync_playwright() as p:
            bench = Bench(p, servers["current"], Plan(args.warmup_s, args.window_s, args.windows))
            try:
                results["meta"]["chromium"] = "Chromium " + bench.shared_browser().version
                if args.cold_starts:
                    results["cold_starts"] = cold_starts(bench, roots, args.cold_starts)
                if args.interleave:
                    results.update(interleave=args.interleave, window_s=args.window_s,
                                   pairs=interleaved(bench, servers, args))
                for n in range(0 if args.interleave or args.cold_starts else args.rounds):
                    for who in turns(n):
                        bench.server = servers[who]
                        r = one_page(bench, args.hidden, args.normal_boot and who == "current")
                        r["loadavg"] = list(os.getloadavg())
                        results["rounds"][who].append(r)
                        log(f"round {n + 1} {who}: {r['speed1']['fps']:.1f} / {r['speed20']['fps']:.1f} fps, "
                            f"callback {r['speed1']['callback_ms_median']:.1f} ms (speeds 1 / 20), "
                            f"load {r['loadavg'][0]:.1f}")
                    results["loadavg"].append(list(os.getloadavg()))
            finally:
                results["warnings"] = bench.warnings
                bench.close()
    finally:
        for s in servers.values():
            s.close()
    results["meta"]["loadavg_end"] = list(os.getloadavg())
    results["meta"]["date"] = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    if args.interleave:
        print(interleaved_report(results))
    elif args.cold_starts:
        print(cold_starts_report(results))
    else:
        summary = {who: summarise(rounds) for who, rounds in results["rounds"].items()}
        summary["ratio"] = {speed: {n: ratio(summary["current"][speed][n], summary["baseline"][speed][n])
                                    for n in NUMBERS} for speed in SPEEDS}
        results["summary"] = summary
        print(report(results))
    args.out.write_text(json.dumps(results, indent=1, default=str))
    log(f"wrote {args.out}")
    return 0


def report(results):
    s, loads = results["summary"], [la[0] for la in results["loadavg"]]
    lines = [f"Play at H = {results['hidden']}, medians of {len(results['rounds']['current'])} alternating rounds "
             f"({results['meta']['date']}, load average {min(loads):.1f}–{max(loads):.1f}, "
             f"boot: {results['rounds']['current'][0]['boot']} / {results['rounds']['baseline'][0]['boot']})", "",
             "| Speed | What | baseline | current | current ÷ baseline |", "|---|---|---:|---:|---:|"]
    for speed in SPEEDS:
        for n in NUMBERS:
            b, c, q = s["baseline"][speed][n], s["current"][speed][n], s["ratio"][speed][n]
            lines.append(f"| {speed[5:]} | {n} | {b:.2f} | {c:.2f} | {q:.3f} |" if None not in (b, c, q)
                         else f"| {speed[5:]} | {n} | {b} | {c} | {q} |")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())

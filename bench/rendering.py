"""Section 3, rendering: Play in the page and in a plain-JS reference that restyles everything each frame.

Both start from the same weights, so they follow the same training trajectory and draw the same changes.
"""

from __future__ import annotations

import statistics

from harness import log
from js_snippets import RENDER_JS
from stats import median, percentile, ratio

# Chromium's own main-thread accounting (CDP Performance.getMetrics) -> our short names
METRIC_NAMES = {"TaskDuration": "task", "ScriptDuration": "script", "RecalcStyleDuration": "style",
                "LayoutDuration": "layout", "ThreadTime": "main_cpu", "ProcessTime": "process_cpu"}


def measure(bench):
    plan = bench.plan
    result = {"seconds_per_config": plan.render_seconds, "windows": plan.render_windows,
              "warmup_s": plan.render_warmup_s,
              "page": {}, "reference": {}}
    svg_size = None
    weights: dict = {}  # hidden -> speed -> the page's starting weights
    result["empty_page_fps"] = _empty_page_fps(bench)
    for hidden in (10, 64):
        res, weights[hidden] = _page(bench, hidden)
        svg_size = res["svg_css_px"]
        result["page"][f"h{hidden}"] = res
        log(f"rendering page H={hidden}: {res['speed1']['fps']:.1f} / {res['speed20']['fps']:.1f} fps "
            f"(speed 1 / 20), Python p95 {res['speed1']['work_ms_p95']:.2f} / {res['speed20']['work_ms_p95']:.2f} ms")
    for hidden, mode in ((10, "class"), (64, "class"), (64, "style")):
        res = _reference(bench, hidden, mode, weights.get(hidden, {}), svg_size)
        key = f"h{hidden}" if mode == "class" else f"h{hidden}_{mode}"
        result["reference"][key] = res
        log(f"rendering reference H={hidden} ({mode}): "
            + " / ".join(f"{v['fps']:.1f}" for k, v in res.items() if k.startswith("speed")) + " fps")
    page64, ref64 = result["page"].get("h64", {}), result["reference"].get("h64", {})
    result["ratio_h64"] = {s: ratio(page64.get(s, {}).get("fps"), ref64.get(s, {}).get("fps"))
                           for s in ("speed1", "speed20")}
    return result


def _empty_page_fps(bench):
    """The ceiling: how many frames this headless browser produces for a page that does nothing."""
    with bench.fresh_page(RENDER_JS) as page:
        page.goto(f"{bench.server.origin}/bench/reference/render.html?hidden=1")
        page.wait_for_timeout(300)
        page.evaluate("() => { window.refbench.pause(); document.getElementById('network').remove(); }")
        seconds = max(1.0, bench.plan.render_seconds / 5)
        a = page.evaluate("() => [performance.now(), window.__raf.count]")
        page.wait_for_timeout(int(1000 * seconds))
        b = page.evaluate("() => [performance.now(), window.__raf.count]")
        return (b[1] - a[1]) / ((b[0] - a[0]) / 1000)


def _page(bench, hidden):
    """Play in the page at speeds 1 and 20; returns the measurements and each speed's starting weights."""
    with bench.fresh_page(RENDER_JS, f"rendering H={hidden}") as page:
        bench.open_app(page, f"?hidden={hidden}&speed=1")
        box = page.locator("#network").bounding_box()
        svg_size = {"width": round(box["width"], 1), "height": round(box["height"], 1)}
        lines = page.locator("#network line").count()
        starts = {}

        def start(speed):
            # Each speed starts from fresh weights (the first from the URL's seed, then Reset), as a
            # visitor pressing Play sees it; the reference replays exactly these weights.
            if page.evaluate("() => window.nnviz.getState().iteration") > 0:
                page.click("#reset")
            page.select_option("#speed", str(speed))
            starts[speed] = page.evaluate("() => window.nnviz.getState().weights")
            page.click("#play")
            page.wait_for_function("() => window.nnviz.getState().running", timeout=10_000)

        res = measure_play(bench.plan, page, "nnviz", (1, 20), start)
        page.click("#play")
        res["lines"] = lines
        res["svg_css_px"] = svg_size
        return res, starts


def _reference(bench, hidden, mode, starts, svg_size):
    """bench/reference/render.html replaying the page's starting weights, at the page's drawing size."""
    with bench.fresh_page(RENDER_JS, f"reference H={hidden}") as page:
        size = f"&w={svg_size['width']}&h={svg_size['height']}" if svg_size else ""
        page.goto(f"{bench.server.origin}/bench/reference/render.html?hidden={hidden}&speed=1&mode={mode}{size}")
        page.wait_for_selector('html[data-ready="1"]', state="attached", timeout=30_000)
        lines = page.locator("#network line").count()
        speeds = (1, 20) if mode == "class" else (1,)

        def start(speed):
            w = starts.get(speed)
            page.evaluate("([s, w]) => { window.refbench.reset(w && w.inputHidden, w && w.hiddenOutput);"
                          " window.refbench.setSpeed(s); window.refbench.play(); }", [speed, w])

        res = measure_play(bench.plan, page, "refbench", speeds, start,
                           seconds=None if mode == "class" else bench.plan.render_seconds / 2)
        res["same_start_as_page"] = all(starts.get(sp) is not None for sp in speeds)
        res["lines"] = lines
        res["mode"] = mode
        return res


def measure_play(plan, page, api, speeds, start, seconds=None):
    """Windows of Play at each speed; per-frame data from the api's perf() ring buffer.

    CDP Performance.getMetrics adds the renderer main thread's own accounting (all tasks, script,
    style, layout) per frame, so main-thread time can be told apart from paint/raster, which run
    on other threads and show up only as frames that come late.
    """
    window_s = (seconds or plan.render_seconds) / plan.render_windows
    cdp = page.context.new_cdp_session(page)
    cdp.send("Performance.enable")

    def metrics():
        return {METRIC_NAMES[m["name"]]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]
                if m["name"] in METRIC_NAMES}

    out = {}
    for speed in speeds:
        start(speed)  # a fresh network at this speed, playing
        page.wait_for_timeout(int(1000 * plan.render_warmup_s))
        windows, frame_ms, writes, gaps = [], [], [], []
        main_thread = dict.fromkeys(METRIC_NAMES.values(), 0.0)
        browser_frames = 0
        first_iteration = None
        for _ in range(plan.render_windows):
            m0 = metrics()
            a = page.evaluate("(name) => window.__snap(name)", api)
            page.wait_for_timeout(int(1000 * window_s))
            b = page.evaluate("(name) => window.__snap(name)", api)
            m1 = metrics()
            if first_iteration is None:
                first_iteration = a["iteration"]
            for k in main_thread:
                main_thread[k] += 1000 * (m1.get(k, 0) - m0.get(k, 0))
            browser_frames += b["raf"] - a["raf"]
            elapsed = (b["t"] - a["t"]) / 1000
            n = b["frames"] - a["frames"]
            windows.append({"seconds": elapsed, "frames": n, "fps": n / elapsed,
                            "browser_fps": (b["raf"] - a["raf"]) / elapsed,
                            "iterations_per_s": (b["iteration"] - a["iteration"]) / elapsed})
            ring = len(b["frameMs"])
            if 0 < n <= ring:
                slots = [f % ring for f in range(a["frames"], b["frames"])]
                frame_ms += [b["frameMs"][s] for s in slots]
                writes += [b["writes"][s] for s in slots]
            gaps += page.evaluate("(k) => window.__gaps(k)", a["gapCount"])
        out[f"speed{speed}"] = {
            "speed": speed,
            "first_iteration": first_iteration,
            "fps": median([w["fps"] for w in windows]),
            "browser_fps": median([w["browser_fps"] for w in windows]),
            "iterations_per_s": median([w["iterations_per_s"] for w in windows]),
            "work_ms_median": median(frame_ms),
            "work_ms_p95": percentile(frame_ms, 95),
            "work_ms_max": max(frame_ms) if frame_ms else None,
            "writes_median": median(writes),
            "writes_mean": statistics.fmean(writes) if writes else None,
            "frame_gap_ms_median": median(gaps),
            "frame_gap_ms_p95": percentile(gaps, 95),
            "frames_sampled": len(frame_ms),
            "main_thread_ms_per_frame": {k: v / browser_frames for k, v in main_thread.items()} if browser_frames else None,
            "windows": windows,
        }
    return out

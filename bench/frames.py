"""Play, measured from outside: frames per second, the animation-frame callback's time, DOM writes.

The page plays at H = 10 and 64, speeds 1 and 20, each from fresh weights. The plain-JS reference
(bench/reference/render.html) gets the page's own SVG and CSS and replays the page's starting
weights, restyling every line and neuron every frame.
"""

from __future__ import annotations

import palette  # the page's bucket table and CSS, from py/ (on sys.path via harness)
from harness import log
from probes import FRAMES_JS
from stats import median, percentile, ratio

PALETTE = {"edges": palette.WEIGHT_EDGES.tolist(), "weightClasses": list(palette.WEIGHT_CLASSES),
           "activationClasses": list(palette.ACTIVATION_CLASSES)}


def measure(bench):
    result = {"page": {}, "reference": {}}
    for hidden in (10, 64):
        page_result, starts, snapshot = _page(bench, hidden)
        result["page"][f"h{hidden}"] = page_result
        result["reference"][f"h{hidden}"] = _reference(bench, hidden, starts, snapshot)
        log(f"frames H={hidden}: page {page_result['speed1']['fps']:.1f} / {page_result['speed20']['fps']:.1f} fps, "
            f"reference {result['reference'][f'h{hidden}']['speed1']['fps']:.1f} / "
            f"{result['reference'][f'h{hidden}']['speed20']['fps']:.1f} fps (speed 1 / 20)")
    page64, ref64 = result["page"]["h64"], result["reference"]["h64"]
    result["ratio_h64"] = {s: ratio(page64[s]["fps"], ref64[s]["fps"]) for s in ("speed1", "speed20")}
    return result


def _page(bench, hidden):
    """Play in the page; returns its numbers, each speed's starting weights and the drawn SVG + CSS."""
    with bench.fresh_page(FRAMES_JS, f"frames H={hidden}") as page:
        bench.open_app(page, f"?hidden={hidden}&speed=1")
        box = page.locator("#network").bounding_box()
        snapshot = {"svg": page.evaluate("() => document.getElementById('network').outerHTML"),
                    "css": palette.css(), "width": box["width"], "height": box["height"], "buckets": PALETTE}
        starts = {}
        start, stop = page_controls(page, starts)
        result = play(bench.plan, page, "window.nnviz", start, stop)
        result["lines"] = page.locator("#network line").count()
        return result, starts, snapshot


def page_controls(page, starts=None):
    """Start (at a speed) and stop Play through the page's own buttons, as a visitor does; `starts`
    collects each speed's starting weights."""

    def start(speed):
        if page.evaluate("() => window.nnviz.getState().iteration") > 0:
            page.click("#reset")  # fresh weights, as a visitor pressing Reset then Play sees it
        page.select_option("#speed", str(speed))
        if starts is not None:
            starts[speed] = page.evaluate("() => window.nnviz.getState().weights")
        page.click("#play")

    def stop():
        page.click("#play")

    return start, stop


def _reference(bench, hidden, starts, snapshot):
    with bench.fresh_page(FRAMES_JS, f"reference H={hidden}") as page:
        page.goto(f"{bench.server.origin}/bench/reference/render.html")
        page.evaluate("(s) => window.refbench.load(s.svg, s.css, s.width, s.height, s.buckets)", snapshot)

        def start(speed):
            w = starts[speed]
            page.evaluate("([s, w]) => window.refbench.play(s, w.inputHidden, w.hiddenOutput)", [speed, w])

        def stop():
            page.evaluate("() => window.refbench.pause()")

        return play(bench.plan, page, "window.refbench", start, stop)


def play(plan, page, api, start, stop):
    """For speeds 1 and 20: fps and callback time over timed windows, then DOM writes in a window of their own."""
    out = {}
    for speed in (1, 20):
        start(speed)
        page.wait_for_timeout(int(1000 * plan.warmup_s))
        windows, work = [], []
        for _ in range(plan.windows):
            a = page.evaluate(f"() => ({{ ...window.__frames.mark(), iteration: {api}.getState().iteration }})")
            page.wait_for_timeout(int(1000 * plan.window_s))
            b = page.evaluate(f"(a) => ({{ ...window.__frames.since(a), iteration: {api}.getState().iteration }})", a)
            seconds = (b["t"] - a["t"]) / 1000
            windows.append({"fps": (b["callbacks"] - a["callbacks"]) / seconds,
                            "browser_fps": (b["browser"] - a["browser"]) / seconds,
                            "iterations_per_s": (b["iteration"] - a["iteration"]) / seconds})
            work += b["workMs"]
        page.evaluate("() => window.__frames.observe(true)")
        a = page.evaluate("() => window.__frames.mark()")
        page.wait_for_timeout(int(1000 * min(plan.window_s, 1.0)))
        writes = page.evaluate("(a) => window.__frames.since(a).writesPerFrame", a)
        page.evaluate("() => window.__frames.observe(false)")
        stop()
        out[f"speed{speed}"] = {
            "fps": median([w["fps"] for w in windows]),
            "browser_fps": median([w["browser_fps"] for w in windows]),
            "iterations_per_s": median([w["iterations_per_s"] for w in windows]),
            "callback_ms_median": median(work),
            "callback_ms_p95": percentile(work, 95),
            "writes_per_frame_median": median(writes),
            "frames_sampled": len(work),
        }
    return out

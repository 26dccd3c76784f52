"""Section 2, training: µs per iteration in the page, in CPython and in plain JavaScript (nn.js).

Plus the checks that make those numbers comparable (nn.js computes the page's maths) and the
attributions that say where a page iteration and a Play frame go.
"""

from __future__ import annotations

import json

from harness import REFERENCE, log
from js_snippets import PROBE_JS
from py_snippets import ANALYSIS_PY, FRAME_PY
from stats import median, ratio

HIDDEN = (10, 64)
CALLS = {"page": "window.nnviz.timeTraining", "js": "window.NNRef.timeTraining"}


def measure(bench):
    plan = bench.plan
    result = {"iterations": plan.train_iterations, "repeats": plan.train_repeats, "by_hidden": {}}
    with bench.fresh_page(PROBE_JS, "training") as page:
        bench.open_app(page)
        page.add_script_tag(path=str(REFERENCE / "nn.js"))
        result["reference_check"] = _reference_check(page)
        _time_iterations(plan, page, result["by_hidden"])
        result["analysis"] = _analysis(bench, page)
        result["import_ms"] = page.evaluate("() => window.__probe.imports || null")
        result["frame_attribution"] = _frame_attribution(bench, page)
    return result


def _time_iterations(plan, page, by_hidden):
    """Page, nn.js and CPython µs per iteration into by_hidden["h10"], by_hidden["h64"]."""
    import bench_model

    n = plan.train_iterations
    keys = [(label, hidden) for hidden in HIDDEN for label in CALLS]

    def timed(label, hidden):
        return page.evaluate(f"([h, n]) => {CALLS[label]}(h, n).usPerIteration", [hidden, n])

    # First calls (cold code: the wasm tiers up as it runs), a warm-up, then interleaved repeats
    # (page, JS and CPython in turn) so slow drift on a shared machine hits every column alike.
    first = {key: timed(*key) for key in keys}
    for _ in range(plan.train_warmup):
        for key in keys:
            timed(*key)
    samples = {key: [] for key in keys}
    cpython = {hidden: [] for hidden in HIDDEN}
    for _ in range(plan.train_repeats):
        for key in keys:
            samples[key].append(timed(*key))
        for hidden in cpython:
            cpython[hidden].append(bench_model.measure(hidden, iterations=n, repeats=1))
    for hidden in HIDDEN:
        row = {}
        for label in CALLS:
            row[f"{label}_us"] = median(samples[(label, hidden)])
            row[f"{label}_best_us"] = min(samples[(label, hidden)])
            row[f"{label}_first_call_us"] = first[(label, hidden)]
            row[f"{label}_samples_us"] = samples[(label, hidden)]
        cp = cpython[hidden]
        row["cpython_us"] = median([c["step_us_per_iteration"] for c in cp])  # Trainer.step(n), like the page
        row["cpython_best_us"] = min(c["step_us_per_iteration"] for c in cp)
        row["cpython_samples_us"] = [c["step_us_per_iteration"] for c in cp]
        row["cpython_bare_us"] = median([c["us_per_iteration"] for c in cp])  # bare Network._train loop
        row["page_vs_cpython"] = ratio(row["page_us"], row["cpython_us"])
        row["page_vs_js"] = ratio(row["page_us"], row["js_us"])
        row["cpython_vs_js"] = ratio(row["cpython_us"], row["js_us"])
        row["page_vs_cpython_best"] = ratio(row["page_best_us"], row["cpython_best_us"])
        by_hidden[f"h{hidden}"] = row
        log(f"training H={hidden}: page {row['page_us']:.1f} µs, CPython {row['cpython_us']:.1f} µs, "
            f"JS {row['js_us']:.2f} µs per iteration")


def _reference_check(page):
    """Same start weights, the page's Train button (one batch) vs nn.js: the weights must agree."""
    before = page.evaluate("() => window.nnviz.getState()")
    batch = int(page.inner_text("#batch-size"))
    page.click("#train")
    page.wait_for_function(f"() => window.nnviz.getState().iteration === {before['iteration'] + batch}",
                           timeout=30_000)
    after = page.evaluate("() => window.nnviz.getState()")
    return page.evaluate(
        """([before, after, batch]) => {
            const t = new NNRef.Trainer(before.hidden, before.learningRate, 0);
            t.network.setWeights(before.weights.inputHidden, before.weights.hiddenOutput);
            t.iteration = before.iteration;
            t.step(batch);
            const got = t.network.getWeights();
            let diff = 0;
            const cmp = (a, b) => a.forEach((row, j) => row.forEach((v, i) => { diff = Math.max(diff, Math.abs(v - b[j][i])); }));
            cmp(got.inputHidden, after.weights.inputHidden);
            cmp(got.hiddenOutput, after.weights.hiddenOutput);
            const images = after.trainingImages.every((img, d) => img.every((v, i) => v === NNRef.DIGITS[d][i]));
            return { iterations: batch, hidden: before.hidden, max_abs_weight_diff: diff,
                     page_loss: after.loss, js_loss: t.loss, same_images: images };
        }""",
        [before, after, batch],
    )


def _analysis(bench, page):
    """Where a page iteration goes: numpy call overhead vs arithmetic, page vs CPython."""
    if not page.evaluate("() => !!(window.__probe && window.__probe.py)"):
        bench.warnings.append("training analysis skipped: the Pyodide object was not reachable")
        return None
    code = ANALYSIS_PY.replace("__N__", str(bench.plan.analysis_n))
    in_page = json.loads(page.evaluate("(code) => window.__probe.py.runPython(code)", code))
    scope: dict = {}
    import network  # noqa: F401  (bench_model put py/ on sys.path)

    exec(compile(code.replace("json.dumps(_analysis", "_result = (_analysis"), "<analysis>", "exec"), scope)
    in_cpython = scope["_result"]
    return {"page": in_page, "cpython": in_cpython,
            "page_vs_cpython": {k: ratio(in_page[k], in_cpython[k]) for k in in_page}}


def _frame_attribution(bench, page):
    """One Play frame taken apart in the page; best effort, as it uses the page's private structure."""
    if not page.evaluate("() => !!(window.__probe && window.__probe.py)"):
        return None
    try:
        code = FRAME_PY.replace("__N__", "20" if bench.plan.quick else "60")
        return json.loads(page.evaluate("(code) => window.__probe.py.runPython(code)", code))
    except Exception as exc:  # the page's internals changed: say so, keep going
        bench.warnings.append(f"frame attribution skipped: {str(exc)[:300]}")
        return None

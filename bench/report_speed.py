"""The report's speed sections: training (page, CPython, JS and where the time goes) and rendering."""

from __future__ import annotations

from formatting import fmt, g


def training_lines(t):
    L = ["", (f"### 2. Training speed (µs per iteration of Trainer.step({t['iterations']}) on a fresh network; "
              f"median of {t['repeats']} after a warm-up, page/JS/CPython interleaved)"), ""]
    L.append("| H | Page (Pyodide) | Page, first call | Page, best | CPython (best) | CPython bare `_train` loop "
             "| Plain JS (nn.js) | Page ÷ CPython | Page ÷ CPython, best vs best | Page ÷ JS |")
    L.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for hidden in (10, 64):
        row = t["by_hidden"].get(f"h{hidden}")
        if row:
            L.append(f"| {hidden} | {fmt(row['page_us'])} | {fmt(row['page_first_call_us'])} | {fmt(row['page_best_us'])} | "
                     f"{fmt(row['cpython_us'])} ({fmt(row['cpython_best_us'])}) | {fmt(row['cpython_bare_us'])} | "
                     f"{fmt(row['js_us'], 2)} | {fmt(row['page_vs_cpython'], 2)}× | {fmt(row['page_vs_cpython_best'], 2)}× | "
                     f"{fmt(row['page_vs_js'], 1)}× |")
    imp = t.get("import_ms")
    if imp and "numpy" in imp:
        L.append("")
        L.append("Imports main.py makes, timed one group at a time just before it runs (PyScript hooks.main.onReady; "
                 f"warm runtime, ms): `import numpy` {fmt(imp.get('numpy'), 0)}, `js, pyodide.ffi` {fmt(imp.get('pyodide_ffi'), 0)}, "
                 f"`network, trainer` {fmt(imp.get('model'), 0)}, the rest of `app` {fmt(imp.get('app_rest'), 0)}.")
    fa = t.get("frame_attribution")
    if fa:
        L += ["", (f"One Play frame taken apart, in the page at H={fa['hidden']} (main.py's App, warm; "
                   "mean over the calls, p95 of single calls to the page clock's 0.1 ms):"), ""]
        L.append("| Piece of a frame | Mean ms | p95 ms |")
        L.append("|---|---:|---:|")
        for key, label in (("trainer_step_1", "Trainer.step(1): 1 iteration + evaluate + history (speed 1)"),
                           ("trainer_step_20", "Trainer.step(20): 20 iterations + evaluate + history (speed 20)"),
                           ("evaluate_10_images", "of which Trainer.evaluate (10 images)"),
                           ("forward_and_diagram_update", "forward pass + Diagram.update (bucket, restyle changed)"),
                           ("loss_chart_redraw", "loss chart redraw (at most every 100 ms while playing)"),
                           ("render_without_chart", "App.render without the chart (diagram, stats, bars, picker)"),
                           ("whole_frame_speed_1", "a whole Play frame at speed 1, called back to back, fresh weights"),
                           ("whole_frame_speed_20", "a whole Play frame at speed 20, called back to back, fresh weights")):
            v = fa.get(key) or {}
            L.append(f"| {label} | {fmt(v.get('mean_ms'), 2)} | {fmt(v.get('p95_ms'), 1)} |")
    c = t.get("reference_check")
    if c:
        L.append("")
        L.append(f"Reference check: after {c['iterations']} iterations from the page's own weights (H={c['hidden']}), nn.js and the page "
                 f"differ by at most {c['max_abs_weight_diff']:.1e} in any weight (loss {c['page_loss']:.6f} vs {c['js_loss']:.6f}; "
                 f"same images: {c['same_images']}).")
    a = t.get("analysis")
    if a:
        p, cp, rr = a["page"], a["cpython"], a["page_vs_cpython"]
        L += ["", "Where an iteration goes (same Python code run in the page via Pyodide and in CPython; best of 5, µs):", ""]
        L.append("| Measure | Page | CPython | Page ÷ CPython |")
        L.append("|---|---:|---:|---:|")
        labels = (
            ("numpy_iteration_h10_us", "Network._train, H=10 (numpy)"),
            ("numpy_iteration_h64_us", "Network._train, H=64 (numpy)"),
            ("lean_iteration_h10_us", "what-if: _train without per-iteration divergence checks, H=10"),
            ("lean_iteration_h64_us", "what-if: _train without per-iteration divergence checks, H=64"),
            ("pure_python_iteration_h10_us", "same iteration in pure Python (lists), H=10"),
            ("pure_python_iteration_h64_us", "same iteration in pure Python (lists), H=64"),
            ("ufunc_call_us", "one tiny ufunc call: np.multiply(a10, b10, out=)"),
            ("dot_64x25_us", "one np.dot((64,25), (25,), out=)"),
            ("float_dot_us", "float(np.dot(a10, b10))"),
            ("python_loop_step_us", "one pure-Python loop step (s += i*0.5)"),
        )
        for key, label in labels:
            L.append(f"| {label} | {fmt(p.get(key), 2)} | {fmt(cp.get(key), 2)} | {fmt(rr.get(key), 1)}× |")
        for hidden in (10, 64):
            calls = p.get(f"numpy_calls_per_iteration_h{hidden}")
            it = p.get(f"numpy_iteration_h{hidden}_us")
            if calls and it:
                est = calls * p["ufunc_call_us"]
                L.append(f"| H={hidden}: {calls} numpy calls/iteration × tiny-call cost (derived; an upper bound, the "
                         f"micro-benchmark includes its loop) | {fmt(est, 1)} "
                         f"({100 * est / it:.0f}% of the iteration) | {fmt(calls * cp['ufunc_call_us'], 1)} | |")
    return L


def _main_thread_cell(v):
    """Chromium's main-thread ms per frame: tasks / script / style / layout."""
    m = v.get("main_thread_ms_per_frame")
    if not m:
        return "n/a"
    return " / ".join(fmt(m.get(k), 1) for k in ("task", "script", "style", "layout"))


def _cpu_cell(v):
    """Renderer CPU ms per frame: main thread / whole process (the rest is paint and raster)."""
    m = v.get("main_thread_ms_per_frame")
    if not m:
        return "n/a"
    return f"{fmt(m.get('main_cpu'), 1)} / {fmt(m.get('process_cpu'), 1)}"


def rendering_lines(rd):
    L = ["", f"### 3. Rendering (Play; {rd['seconds_per_config']:g} s per setting in {rd['windows']} windows; medians)", ""]
    L.append("| What | H | Speed | Lines | App fps | Browser fps | Work ms/frame median | p95 | DOM writes/frame median "
             "| Iterations/s | Frame gap p95 ms | Main thread ms/frame: tasks / script / style / layout "
             "| Renderer CPU ms/frame: main thread / whole process |")
    L.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|")
    for who, label in (("page", "page (Python)"), ("reference", "reference (JS)")):
        for key, res in rd[who].items():
            for skey, v in res.items():
                if not skey.startswith("speed"):
                    continue
                name = label + (f", {res['mode']} restyle" if who == "reference" else "")
                hidden = key.split("_")[0][1:]
                L.append(f"| {name} | {hidden} | {v['speed']} | {res['lines']} | {fmt(v['fps'])} | {fmt(v['browser_fps'])} | "
                         f"{fmt(v['work_ms_median'], 2)} | {fmt(v['work_ms_p95'], 2)} | {fmt(v['writes_median'], 0)} | "
                         f"{fmt(v['iterations_per_s'], 0)} | {fmt(v['frame_gap_ms_p95'], 1)} | {_main_thread_cell(v)} | {_cpu_cell(v)} |")
    L.append("")
    L.append(f"Ceiling: an idle page gets {fmt(rd.get('empty_page_fps'))} animation frames/s in this headless browser. "
             f"H=64 page fps ÷ reference fps: speed 1 {fmt(g(rd, 'ratio_h64', 'speed1'), 2)}×, speed 20 "
             f"{fmt(g(rd, 'ratio_h64', 'speed20'), 2)}×. Main-thread ms/frame is nnviz.perf().frameMs for the page "
             "(Python work per frame) and the same clock around train+restyle in the reference. The last column is Chromium's own "
             "accounting (CDP Performance.getMetrics) per browser frame: wall time of main-thread tasks, then CPU time of the "
             "main thread and of the whole renderer process (main + compositor + raster threads). When a frame takes much "
             "longer than the main thread is busy and the process burns far more CPU than its main thread, the frame is "
             "bound by paint/raster (software raster here: --disable-gpu). Each speed starts from fresh weights (page: the "
             "URL seed, then Reset) and the reference replays exactly the page's starting weights, so both follow the same "
             "training trajectory. The reference restyles "
             "every line and neuron every frame (class mode: setAttribute('class') with the page's bucket classes; "
             "style mode: inline stroke/width/opacity from the raw weight), it draws no stats, bars or chart.")
    return L

"""`make bench`: measure the page in headless Chromium and report against the targets.

Run:   .venv/bin/python bench/run.py [--quick] [--repeats N] [--out PATH] [--only startup,training,...]

It serves the checkout on 127.0.0.1 (tests/conftest.Server), drives /usr/bin/chromium with
Playwright, prints one markdown report and writes every number to bench/results.json. It reports and
never fails on a missed target; it exits 1 only when a measurement itself could not be made (the
smoke test in tests/test_bench.py relies on that).

Sections (each a fresh browser context unless said otherwise):
  startup    cold load in a brand-new profile (launch_persistent_context on a new user-data-dir),
             then two reloads in that profile (warm); FCP; a breakdown of the cold load from
             resource timing, wrapped WebAssembly/fetch calls, PyScript's py:ready event and the
             moment #app gets data-ready="1" (MutationObserver from an init script).
  training   µs per iteration of Trainer.step(1000) at H=10 and H=64: in the page
             (nnviz.timeTraining), in CPython (bench/bench_model.py) and in bench/reference/nn.js
             (the same maths in plain JavaScript, injected into the same page). Plus a check that
             nn.js really is the same maths, and an attribution (numpy call overhead vs arithmetic).
  rendering  Play at H=10 and H=64, speed 1 and 20: app frames/s, browser frames/s, Python ms per
             frame (nnviz.perf), DOM writes per frame, iterations/s; the same for
             bench/reference/render.html (plain JS restyling every line every frame).
  memory     JS heap (performance.memory after a forced GC) and Pyodide's WebAssembly memory
             before and after 100,000 iterations of Play at speed 20.
  weight     bytes transferred on a cold load, per file (resource timing), plus a gzip estimate.

Only bench/reference/ files are ever added to what the browser loads, and only in the sessions that
measure them; the page itself is measured as served.
"""

from __future__ import annotations

import argparse
import gzip
import json
import math
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
import traceback
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
REFERENCE = BENCH / "reference"
sys.path.insert(0, str(ROOT / "tests"))  # the test suite's server and browser helpers
sys.path.insert(0, str(BENCH))

from conftest import CHROMIUM_FLAGS, Server, chromium_path  # noqa: E402

BOOT_TIMEOUT_MS = 120_000
VIEWPORT = {"width": 1280, "height": 800}
SECTIONS = ("startup", "training", "rendering", "memory", "weight")
TARGETS = {
    "cold_s": 3.0,
    "warm_s": 2.0,
    "fcp_s": 0.3,
    "fps_h10": 58.0,
    "p95_h64_ms": 5.0,
    "train_vs_cpython": 3.0,
    "memory_growth_pct": 5.0,
}

# ---------------------------------------------------------------------------------------------
# Scripts injected into the page (init scripts run before any of the page's own scripts).
# ---------------------------------------------------------------------------------------------

# Start-up instrumentation: cheap wrappers only (a handful of calls each), so the load it times is
# the load a visitor gets. Marks are performance.now() values: ms since navigation start.
STARTUP_JS = r"""
(() => {
  const now = () => performance.now();
  const B = (window.__bench = { marks: {}, wasm: [], fetches: [], console: [], longtasks: [] });
  const mark = (name, t) => { if (!(name in B.marks)) B.marks[name] = t === undefined ? now() : t; };
  B.mark = mark;
  try { performance.setResourceTimingBufferSize(2000); } catch (e) {}
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) B.longtasks.push([e.startTime, e.duration]);
    }).observe({ type: "longtask", buffered: true });
  } catch (e) {}

  // Asynchronous WebAssembly compiles: Pyodide's main module and numpy's shared libraries.
  for (const name of ["instantiateStreaming", "compileStreaming", "instantiate", "compile"]) {
    const orig = WebAssembly[name];
    if (typeof orig !== "function") continue;
    WebAssembly[name] = function (source, ...rest) {
      const start = now();
      let bytes = null;
      if (source instanceof ArrayBuffer) bytes = source.byteLength;
      else if (ArrayBuffer.isView(source)) bytes = source.byteLength;
      const result = orig.call(this, source, ...rest);
      result.then(() => B.wasm.push({ kind: name, start, end: now(), bytes }), () => {});
      return result;
    };
  }

  // fetch(): when the runtime asks for each file (resource timing says when the bytes came).
  const origFetch = window.fetch;
  window.fetch = function (input, init) {
    const url = String((input && input.url) || input);
    const start = now();
    const result = origFetch.call(this, input, init);
    result.then(() => B.fetches.push({ url, start, headers: now() }), () => {});
    return result;
  };

  for (const name of ["py:ready", "py:done", "py:all-done"]) addEventListener(name, () => mark(name), true);

  // After py:ready our main.py runs: app.App creates its <style> element right after the imports
  // (numpy, our modules) and the Trainer are done, before it builds any DOM.
  addEventListener("py:ready", () => {
    const orig = document.createElement;
    document.createElement = function (tag, ...rest) {
      if (String(tag).toLowerCase() === "style") {
        mark("app:ui-start");
        delete document.createElement;
      }
      return orig.call(this, tag, ...rest);
    };
  }, true);

  // The moment Python calls nnvizBoot.ready() (synchronous), if boot.js still defines it that way.
  let boot;
  try {
    Object.defineProperty(window, "nnvizBoot", {
      configurable: true,
      get() { return boot; },
      set(value) {
        boot = value;
        try {
          const ready = value && value.ready;
          if (typeof ready === "function") value.ready = function (...a) { mark("ready-call"); return ready.apply(this, a); };
        } catch (e) {}
      },
    });
  } catch (e) {}

  // The observable ready moment: #app[data-ready="1"], then the next animation frame.
  new MutationObserver(() => {
    const app = document.getElementById("app");
    if (!app) return;
    const state = app.dataset.ready;
    if (state === "1" && !("ready" in B.marks)) {
      mark("ready");
      requestAnimationFrame((t) => mark("first-frame", now()));
    } else if (state === "error") mark("error");
  }).observe(document, { subtree: true, attributes: true, attributeFilter: ["data-ready"] });

  for (const level of ["warn", "error"]) {
    const orig = console[level];
    console[level] = function (...a) {
      B.console.push([level, now(), String(a[0]).slice(0, 300)]);
      return orig.apply(this, a);
    };
  }
})();
"""

COLLECT_STARTUP_JS = r"""
() => {
  const B = window.__bench;
  const origin = location.origin;
  const short = (url) => (url.startsWith(origin) ? url.slice(origin.length) : url);
  const resources = performance.getEntriesByType("resource").map((r) => ({
    name: short(r.name), start: r.startTime, end: r.responseEnd, initiator: r.initiatorType,
    transfer: r.transferSize, encoded: r.encodedBodySize, decoded: r.decodedBodySize,
  }));
  const nav = performance.getEntriesByType("navigation")[0];
  const paints = {};
  for (const p of performance.getEntriesByType("paint")) paints[p.name] = p.startTime;
  return {
    marks: B.marks, wasm: B.wasm, console: B.console, longtasks: B.longtasks,
    fetches: B.fetches.map((f) => ({ ...f, url: short(f.url) })),
    resources, paints,
    nav: nav && {
      name: short(nav.name), responseStart: nav.responseStart, responseEnd: nav.responseEnd,
      domInteractive: nav.domInteractive, domContentLoaded: nav.domContentLoadedEventEnd,
      load: nav.loadEventEnd, transfer: nav.transferSize, encoded: nav.encodedBodySize, decoded: nav.decodedBodySize,
    },
    bootStarted: window.nnvizBoot && window.nnvizBoot.started,
  };
}
"""

# Probe sessions (training analysis, memory): keep every WebAssembly.Memory the runtime creates and
# take the Pyodide object from PyScript's documented hooks.main.onReady. Importing core.js from an
# init script changes the start-up order, so start-up is never measured with this script.
PROBE_JS = r"""
(() => {
  const P = (window.__probe = { memories: [], py: null });
  const Memory = WebAssembly.Memory;
  WebAssembly.Memory = new Proxy(Memory, {
    construct(target, args, newTarget) {
      const memory = Reflect.construct(target, args, newTarget);
      P.memories.push(memory);
      return memory;
    },
  });
  P.wasmBytes = () => {
    if (window.nnviz && typeof window.nnviz.wasmMemoryBytes === "function") {
      return { bytes: Number(window.nnviz.wasmMemoryBytes()), via: "nnviz.wasmMemoryBytes()" };
    }
    const own = P.memories.filter((m) => !(m.buffer instanceof (globalThis.SharedArrayBuffer || function () {})));
    if (own.length) return { bytes: Math.max(...own.map((m) => m.buffer.byteLength)), via: "WebAssembly.Memory constructor (init script)" };
    if (P.py && P.py._module) return { bytes: P.py._module.HEAP8.buffer.byteLength, via: "pyodide._module.HEAP8 (hooks.main.onReady)" };
    return { bytes: null, via: "unavailable" };
  };
  import(new URL("assets/vendor/pyscript/core.js", document.baseURI).href)
    .then(({ hooks }) => hooks.main.onReady.add((wrap) => {
      // Runs just before main.py: time the imports main.py is about to do, one group at a time.
      P.py = wrap.interpreter;
      const steps = [["numpy", "import numpy"], ["pyodide_ffi", "import js, pyodide.ffi"],
                     ["model", "import network, trainer"], ["app_rest", "import app"]];
      P.imports = {};
      try {
        for (const [name, code] of steps) {
          const t0 = performance.now();
          wrap.interpreter.runPython(code);
          P.imports[name] = performance.now() - t0;
        }
      } catch (e) { P.imports.error = String(e); }
    }))
    .catch((e) => { P.hookError = String(e); });
})();
"""

# Rendering sessions: an independent requestAnimationFrame counter (the frames the browser produced)
# and one snapshot function for the page (window.nnviz) and the reference (window.refbench).
RENDER_JS = r"""
(() => {
  const R = (window.__raf = { count: 0, last: 0, gaps: [] });
  const tick = (t) => {
    if (R.last) R.gaps.push(t - R.last);
    if (R.gaps.length > 20000) R.gaps.splice(0, 10000);
    R.last = t;
    R.count++;
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
  window.__snap = (name) => {
    const api = window[name];
    const p = api.perf();
    const s = api.getState();
    return {
      t: performance.now(), frames: p.frames, frameMs: Array.from(p.frameMs), writes: Array.from(p.writes),
      totalWrites: p.totalWrites, iteration: s.iteration, running: s.running, raf: R.count, gapCount: R.gaps.length,
    };
  };
  window.__gaps = (from) => R.gaps.slice(from);
})();
"""

# The same Python runs in the page (through the Pyodide object) and in CPython, so the two columns
# of the attribution table measure the same thing. It returns a JSON string.
ANALYSIS_PY = r"""
import json, math, time
import numpy as np
import network

def _per_call(fn, n):
    fn(max(1, n // 10))  # warm-up
    best = math.inf
    for _ in range(5):
        start = time.perf_counter()
        fn(n)
        best = min(best, time.perf_counter() - start)
    return 1e6 * best / n

def _numpy_calls_per_iteration(hidden):
    # Count numpy function calls in one Network._train by swapping network.np for a counting proxy.
    class Counting:
        def __init__(self, module):
            self.module, self.calls = module, 0
        def __getattr__(self, name):
            value = getattr(self.module, name)
            if callable(value) and not isinstance(value, type):
                def counted(*args, **kwargs):
                    self.calls += 1
                    return value(*args, **kwargs)
                return counted
            return value
    net = network.Network(hidden=hidden)
    x = np.zeros(network.N_INPUTS); x[::2] = 1.0
    t = network.target_for(3)
    counter = Counting(np)
    saved = network.np
    network.np = counter
    try:
        net._train(x, t)
    finally:
        network.np = saved
    return counter.calls

def _pure_python_train(hidden):
    # The same iteration written with lists and math.exp-free tanh sigmoid: no numpy calls at all.
    rng = np.random.default_rng(0)
    w_ih = (rng.normal(0, 0.2, size=(hidden, 25))).tolist()
    w_ho = (rng.normal(0, 1 / math.sqrt(hidden), size=(10, hidden))).tolist()
    x = [float(i % 2) for i in range(25)]
    target = [0.99 if k == 3 else 0.0 for k in range(10)]
    tanh, two_lr = math.tanh, 1.0
    def step(n):
        for _ in range(n):
            h = [0.5 + 0.5 * tanh(0.5 * sum(w * xi for w, xi in zip(row, x))) for row in w_ih]
            o = [0.5 + 0.5 * tanh(0.5 * sum(w * hj for w, hj in zip(row, h))) for row in w_ho]
            d_o = [(ok - tk) * (ok - ok * ok) * two_lr for ok, tk in zip(o, target)]
            d_h = [sum(d_o[k] * w_ho[k][j] for k in range(10)) * (h[j] - h[j] * h[j]) for j in range(hidden)]
            for k in range(10):
                row, d = w_ho[k], d_o[k]
                for j in range(hidden):
                    row[j] -= d * h[j]
            for j in range(hidden):
                row, d = w_ih[j], d_h[j]
                for i in range(25):
                    row[i] -= d * x[i]
    return step

def _analysis(n):
    a, b, out = np.ones(10), np.ones(10), np.empty(10)
    w, x, h = np.ones((64, 25)), np.ones(25), np.empty(64)
    def ufunc(k):
        for _ in range(k):
            np.multiply(a, b, out=out)
    def dot(k):
        for _ in range(k):
            np.dot(w, x, out=h)
    def to_float(k):
        for _ in range(k):
            float(np.dot(a, b))
    def loop(k):
        s = 0.0
        for i in range(k):
            s += i * 0.5
    result = {
        "ufunc_call_us": _per_call(ufunc, 20 * n),
        "dot_64x25_us": _per_call(dot, 10 * n),
        "float_dot_us": _per_call(to_float, 10 * n),
        "python_loop_step_us": _per_call(loop, 200 * n),
    }
    for hidden in (10, 64):
        result[f"numpy_calls_per_iteration_h{hidden}"] = _numpy_calls_per_iteration(hidden)
        result[f"pure_python_iteration_h{hidden}_us"] = _per_call(_pure_python_train(hidden), max(20, n // (4 if hidden == 64 else 1)))
        net = network.Network(hidden=hidden)
        xs = [np.array(r) for r in np.eye(25)[:10]]
        ts = [network.target_for(k) for k in range(10)]
        def train(k, net=net, xs=xs, ts=ts):
            for i in range(k):
                net._train(xs[i % 10], ts[i % 10])
        result[f"numpy_iteration_h{hidden}_us"] = _per_call(train, n)
    return result

json.dumps(_analysis(__N__))
"""


# ---------------------------------------------------------------------------------------------
# Small helpers
# ---------------------------------------------------------------------------------------------


def median(values):
    values = [v for v in values if v is not None and math.isfinite(v)]
    return statistics.median(values) if values else None


def percentile(values, q):
    values = sorted(v for v in values if v is not None and math.isfinite(v))
    if not values:
        return None
    pos = (len(values) - 1) * q / 100
    lo, hi = math.floor(pos), math.ceil(pos)
    return values[lo] + (values[hi] - values[lo]) * (pos - lo)


def ratio(a, b):
    return a / b if a is not None and b else None


def log(message):
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def machine_info(browser_version=None):
    cpu = platform.processor() or ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem_gb = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem_gb = round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                                text=True, timeout=10).stdout.strip() or None
    except (OSError, subprocess.SubprocessError):
        commit = None
    import numpy
    from importlib.metadata import version

    return {
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "memory_gb": mem_gb,
        "platform": platform.platform(),
        "python": platform.python_version(),
        "numpy": numpy.__version__,
        "playwright": version("playwright"),
        "chromium": browser_version,
        "chromium_path": chromium_path(),
        "git_commit": commit,
        "loadavg_start": list(os.getloadavg()),
    }


class Plan:
    def __init__(self, quick: bool, repeats: int | None):
        self.quick = quick
        self.startup_runs = repeats or (1 if quick else 5)
        self.train_iterations = 200 if quick else 1000
        self.train_repeats = repeats or (2 if quick else 7)
        self.train_warmup = 1 if quick else 4
        self.render_seconds = 1.0 if quick else 10.0
        self.render_windows = 2 if quick else 5
        self.render_warmup_s = 0.3 if quick else 1.5
        self.memory_iterations = 2_000 if quick else 100_000
        self.memory_timeout_s = 60 if quick else 240
        self.analysis_n = 100 if quick else 1000


# ---------------------------------------------------------------------------------------------
# The benchmark
# ---------------------------------------------------------------------------------------------


class Bench:
    def __init__(self, playwright, server: Server, plan: Plan):
        self.p = playwright
        self.server = server
        self.plan = plan
        self.browser = None
        self.warnings: list[str] = []

    # ---- browsers -------------------------------------------------------------------------------

    def shared_browser(self):
        if self.browser is None:
            self.browser = self.p.chromium.launch(
                executable_path=chromium_path(), args=CHROMIUM_FLAGS + ["--enable-precise-memory-info"])
        return self.browser

    def close(self):
        if self.browser is not None:
            self.browser.close()
            self.browser = None

    def watch(self, page, label):
        def on_error(exc):
            self.warnings.append(f"{label}: page error: {str(exc)[:300]}")

        def on_console(message):
            if "Traceback" in message.text or "PythonError" in message.text:
                self.warnings.append(f"{label}: console {message.type}: {message.text[:300]}")

        page.on("pageerror", on_error)
        page.on("console", on_console)

    def open_app(self, page, query=""):
        page.goto(f"{self.server.origin}/index.html{query}", wait_until="commit")
        page.wait_for_selector('#app[data-ready="1"], #app[data-ready="error"]', state="attached",
                               timeout=BOOT_TIMEOUT_MS)
        if page.get_attribute("#app", "data-ready") != "1":
            detail = page.locator("#error").inner_text()
            raise RuntimeError(f"the page failed to start: {detail[:500]}")

    # ---- 1. start-up ------------------------------------------------------------------------------

    def _startup_load(self, page, reload=False):
        if reload:
            page.reload(wait_until="commit")
        else:
            page.goto(f"{self.server.origin}/index.html", wait_until="commit")
        page.wait_for_function("() => window.__bench && ('ready' in window.__bench.marks || 'error' in window.__bench.marks)",
                               timeout=BOOT_TIMEOUT_MS, polling=50)
        if "error" in page.evaluate("() => window.__bench.marks"):
            raise RuntimeError("the page reported data-ready=error during start-up")
        page.wait_for_function("() => 'first-frame' in window.__bench.marks", timeout=10_000, polling=50)
        page.wait_for_timeout(300)  # let py:done and late resource entries land
        return page.evaluate(COLLECT_STARTUP_JS)

    def startup(self):
        plan = self.plan
        runs = []
        for i in range(plan.startup_runs):
            with tempfile.TemporaryDirectory(prefix="nnviz-bench-profile-") as profile:
                context = self.p.chromium.launch_persistent_context(
                    profile, executable_path=chromium_path(), args=CHROMIUM_FLAGS, viewport=VIEWPORT)
                try:
                    context.add_init_script(STARTUP_JS)
                    page = context.pages[0] if context.pages else context.new_page()
                    self.watch(page, "startup")
                    cold = self._startup_load(page)
                    warm = self._startup_load(page, reload=True)
                    warm2 = self._startup_load(page, reload=True)
                finally:
                    context.close()
            runs.append({"cold": analyse_load(cold), "warm": analyse_load(warm), "warm2": analyse_load(warm2),
                         "raw_cold": cold, "reference": self._bare_pyodide()})
            log(f"start-up run {i + 1}/{plan.startup_runs}: cold {runs[-1]['cold']['ready']:.0f} ms, "
                f"warm {runs[-1]['warm']['ready']:.0f} ms, 2nd reload {runs[-1]['warm2']['ready']:.0f} ms")
        return summarise_startup(runs)

    def _bare_pyodide(self):
        """bench/reference/pyodide-boot.html: Pyodide + numpy alone, cold (new profile) and one reload."""
        out = {}
        with tempfile.TemporaryDirectory(prefix="nnviz-bench-profile-") as profile:
            context = self.p.chromium.launch_persistent_context(
                profile, executable_path=chromium_path(), args=CHROMIUM_FLAGS, viewport=VIEWPORT)
            try:
                context.add_init_script(STARTUP_JS)
                page = context.pages[0] if context.pages else context.new_page()
                self.watch(page, "bare pyodide")
                url = f"{self.server.origin}/bench/reference/pyodide-boot.html"
                for kind in ("cold", "warm"):
                    if kind == "cold":
                        page.goto(url, wait_until="commit")
                    else:
                        page.reload(wait_until="commit")
                    page.wait_for_selector("html[data-ready]", state="attached", timeout=BOOT_TIMEOUT_MS)
                    marks = page.evaluate("() => ({ ...window.__boot, wasm: window.__bench.wasm })")
                    if marks.get("error"):
                        raise RuntimeError(f"bare Pyodide reference failed: {marks['error']}")
                    main = [w for w in marks.pop("wasm") if w["kind"] in ("instantiateStreaming", "compileStreaming")]
                    marks["wasm_compile"] = main[0]["end"] - main[0]["start"] if main else None
                    out[kind] = marks
            finally:
                context.close()
        return out

    # ---- 2. training -------------------------------------------------------------------------------

    def training(self):
        import bench_model

        plan = self.plan
        context = self.shared_browser().new_context(viewport=VIEWPORT)
        context.add_init_script(PROBE_JS)
        page = context.new_page()
        self.watch(page, "training")
        result = {"iterations": plan.train_iterations, "repeats": plan.train_repeats, "by_hidden": {}}
        try:
            self.open_app(page)
            page.add_script_tag(path=str(REFERENCE / "nn.js"))
            result["reference_check"] = self._reference_check(page)
            n = plan.train_iterations
            calls = {"page": "window.nnviz.timeTraining", "js": "window.NNRef.timeTraining"}
            keys = [(label, hidden) for hidden in (10, 64) for label in calls]

            def timed(label, hidden):
                return page.evaluate(f"([h, n]) => {calls[label]}(h, n).usPerIteration", [hidden, n])

            # First calls (cold code: the wasm tiers up as it runs), a warm-up, then interleaved repeats
            # so slow drift on a shared machine hits every column alike.
            first = {key: timed(*key) for key in keys}
            for _ in range(plan.train_warmup):
                for key in keys:
                    timed(*key)
            samples = {key: [] for key in keys}
            for _ in range(plan.train_repeats):
                for key in keys:
                    samples[key].append(timed(*key))
            for hidden in (10, 64):
                row = {}
                for label in calls:
                    row[f"{label}_us"] = median(samples[(label, hidden)])
                    row[f"{label}_first_call_us"] = first[(label, hidden)]
                    row[f"{label}_samples_us"] = samples[(label, hidden)]
                cp = bench_model.measure(hidden, iterations=n, repeats=plan.train_repeats)
                row["cpython_us"] = cp["step_us_per_iteration"]  # Trainer.step(n), like the page
                row["cpython_bare_us"] = cp["us_per_iteration"]  # bare Network._train loop
                row["page_vs_cpython"] = ratio(row["page_us"], row["cpython_us"])
                row["page_vs_js"] = ratio(row["page_us"], row["js_us"])
                row["cpython_vs_js"] = ratio(row["cpython_us"], row["js_us"])
                result["by_hidden"][f"h{hidden}"] = row
                log(f"training H={hidden}: page {row['page_us']:.1f} µs, CPython {row['cpython_us']:.1f} µs, "
                    f"JS {row['js_us']:.2f} µs per iteration")
            result["analysis"] = self._analysis(page)
            result["import_ms"] = page.evaluate("() => window.__probe.imports || null")
        finally:
            context.close()
        return result

    def _reference_check(self, page):
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

    def _analysis(self, page):
        """Where a page iteration goes: numpy call overhead vs arithmetic, page vs CPython."""
        if not page.evaluate("() => !!(window.__probe && window.__probe.py)"):
            self.warnings.append("training analysis skipped: the Pyodide object was not reachable")
            return None
        code = ANALYSIS_PY.replace("__N__", str(self.plan.analysis_n))
        in_page = json.loads(page.evaluate("(code) => window.__probe.py.runPython(code)", code))
        scope: dict = {}
        import network  # noqa: F401  (bench_model put py/ on sys.path)

        exec(compile(code.replace("json.dumps(_analysis", "_result = (_analysis"), "<analysis>", "exec"), scope)
        in_cpython = scope["_result"]
        return {"page": in_page, "cpython": in_cpython,
                "page_vs_cpython": {k: ratio(in_page[k], in_cpython[k]) for k in in_page}}

    # ---- 3. rendering ------------------------------------------------------------------------------

    def _measure_play(self, page, api, speeds, set_speed):
        """Windows of Play at each speed; per-frame data from the api's perf() ring buffer."""
        plan = self.plan
        window_s = plan.render_seconds / plan.render_windows
        out = {}
        for speed in speeds:
            set_speed(speed)
            page.wait_for_timeout(int(1000 * plan.render_warmup_s))
            windows, frame_ms, writes, gaps = [], [], [], []
            for _ in range(plan.render_windows):
                a = page.evaluate("(name) => window.__snap(name)", api)
                page.wait_for_timeout(int(1000 * window_s))
                b = page.evaluate("(name) => window.__snap(name)", api)
                seconds = (b["t"] - a["t"]) / 1000
                n = b["frames"] - a["frames"]
                windows.append({"seconds": seconds, "frames": n, "fps": n / seconds,
                                "browser_fps": (b["raf"] - a["raf"]) / seconds,
                                "iterations_per_s": (b["iteration"] - a["iteration"]) / seconds})
                ring = len(b["frameMs"])
                if 0 < n <= ring:
                    slots = [f % ring for f in range(a["frames"], b["frames"])]
                    frame_ms += [b["frameMs"][s] for s in slots]
                    writes += [b["writes"][s] for s in slots]
                gaps += page.evaluate("(k) => window.__gaps(k)", a["gapCount"])
            out[f"speed{speed}"] = {
                "speed": speed,
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
                "windows": windows,
            }
        return out

    def rendering(self):
        browser = self.shared_browser()
        result = {"seconds_per_config": self.plan.render_seconds, "windows": self.plan.render_windows,
                  "page": {}, "reference": {}}
        svg_size = None
        for hidden in (10, 64):
            context = browser.new_context(viewport=VIEWPORT)
            context.add_init_script(RENDER_JS)
            page = context.new_page()
            self.watch(page, f"rendering H={hidden}")
            try:
                self.open_app(page, f"?hidden={hidden}&speed=1")
                box = page.locator("#network").bounding_box()
                svg_size = {"width": round(box["width"], 1), "height": round(box["height"], 1)}
                lines = page.locator("#network line").count()
                page.click("#play")
                page.wait_for_function("() => window.nnviz.getState().running", timeout=10_000)
                res = self._measure_play(page, "nnviz", (1, 20),
                                         lambda s: page.select_option("#speed", str(s)))
                page.click("#play")
                res["lines"] = lines
                res["svg_css_px"] = svg_size
                result["page"][f"h{hidden}"] = res
                log(f"rendering page H={hidden}: {res['speed1']['fps']:.1f} / {res['speed20']['fps']:.1f} fps "
                    f"(speed 1 / 20), Python p95 {res['speed1']['work_ms_p95']:.2f} / {res['speed20']['work_ms_p95']:.2f} ms")
            finally:
                context.close()
        for hidden, mode in ((10, "class"), (64, "class"), (64, "style")):
            context = browser.new_context(viewport=VIEWPORT)
            context.add_init_script(RENDER_JS)
            page = context.new_page()
            self.watch(page, f"reference H={hidden}")
            try:
                size = f"&w={svg_size['width']}&h={svg_size['height']}" if svg_size else ""
                page.goto(f"{self.server.origin}/bench/reference/render.html?hidden={hidden}&speed=1&mode={mode}{size}")
                page.wait_for_selector('html[data-ready="1"]', state="attached", timeout=30_000)
                lines = page.locator("#network line").count()
                page.evaluate("() => window.refbench.play()")
                speeds = (1, 20) if mode == "class" else (1,)
                res = self._measure_play(page, "refbench", speeds,
                                         lambda s: page.evaluate("(s) => window.refbench.setSpeed(s)", s))
                res["lines"] = lines
                res["mode"] = mode
                key = f"h{hidden}" if mode == "class" else f"h{hidden}_{mode}"
                result["reference"][key] = res
                log(f"rendering reference H={hidden} ({mode}): "
                    + " / ".join(f"{v['fps']:.1f}" for k, v in res.items() if k.startswith("speed")) + " fps")
            finally:
                context.close()
        page64, ref64 = result["page"].get("h64", {}), result["reference"].get("h64", {})
        result["ratio_h64"] = {s: ratio(page64.get(s, {}).get("fps"), ref64.get(s, {}).get("fps"))
                               for s in ("speed1", "speed20")}
        return result

    # ---- 4. memory ----------------------------------------------------------------------------------

    def memory(self):
        plan = self.plan
        context = self.shared_browser().new_context(viewport=VIEWPORT)
        context.add_init_script(PROBE_JS)
        page = context.new_page()
        self.watch(page, "memory")
        cdp = context.new_cdp_session(page)

        def sample():
            cdp.send("HeapProfiler.collectGarbage")
            cdp.send("HeapProfiler.collectGarbage")
            return page.evaluate("""() => ({
                js_heap_used: performance.memory.usedJSHeapSize,
                js_heap_total: performance.memory.totalJSHeapSize,
                wasm: window.__probe.wasmBytes(),
                dom_nodes: document.getElementsByTagName('*').length,
                tags: Array.from(document.getElementsByTagName('*')).reduce((m, e) => (m[e.tagName] = (m[e.tagName] || 0) + 1, m), {}),
                iteration: window.nnviz.getState().iteration,
            })""")

        try:
            self.open_app(page, "?speed=20")
            page.wait_for_timeout(1000)
            before = sample()
            start = time.monotonic()
            page.click("#play")
            target = plan.memory_iterations
            iteration = 0
            while iteration < target and time.monotonic() - start < plan.memory_timeout_s:
                page.wait_for_timeout(250 if plan.quick else 1000)
                iteration = page.evaluate("() => window.nnviz.getState().iteration")
            page.click("#play")
            elapsed = time.monotonic() - start
            page.wait_for_timeout(500)
            after = sample()
        finally:
            context.close()
        if after["iteration"] < target:
            self.warnings.append(f"memory: only {after['iteration']} of {target} iterations within "
                                 f"{plan.memory_timeout_s} s")

        def growth(a, b):
            return 100.0 * (b - a) / a if a and b is not None else None

        return {
            "target_iterations": target,
            "iterations": after["iteration"],
            "seconds": elapsed,
            "iterations_per_s": after["iteration"] / elapsed if elapsed else None,
            "js_heap_before": before["js_heap_used"],
            "js_heap_after": after["js_heap_used"],
            "js_heap_growth_pct": growth(before["js_heap_used"], after["js_heap_used"]),
            "wasm_before": before["wasm"]["bytes"],
            "wasm_after": after["wasm"]["bytes"],
            "wasm_growth_pct": growth(before["wasm"]["bytes"], after["wasm"]["bytes"]),
            "wasm_method": before["wasm"]["via"],
            "dom_nodes_before": before["dom_nodes"],
            "dom_nodes_after": after["dom_nodes"],
            "dom_tags_changed": {tag: [before["tags"].get(tag, 0), after["tags"].get(tag, 0)]
                                 for tag in sorted(set(before["tags"]) | set(after["tags"]))
                                 if before["tags"].get(tag, 0) != after["tags"].get(tag, 0)},
        }


# ---------------------------------------------------------------------------------------------
# Start-up analysis
# ---------------------------------------------------------------------------------------------

BIG_FILES = (
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
    ("our_imports", "our main.py: imports (numpy, app modules) + Trainer", "py_ready", "ui_start", "measured marks: py:ready → App's first <style>"),
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
        return median([r[kind].get(key) for r in runs])

    summary = {"runs": len(runs)}
    for kind in ("cold", "warm", "warm2"):
        summary[kind] = {
            "ready_ms": med(kind, "ready"),
            "ready_ms_runs": [r[kind]["ready"] for r in runs],
            "ready_call_ms": med(kind, "ready_call"),
            "fcp_ms": med(kind, "fcp"),
            "first_frame_ms": med(kind, "first_frame"),
            "py_ready_ms": med(kind, "py_ready"),
            "py_done_ms": med(kind, "py_done"),
            "boot_ms": med(kind, "boot"),
            "html_response_end_ms": med(kind, "html_response_end"),
            "dom_content_loaded_ms": med(kind, "dom_content_loaded"),
            "phases_ms": {key: median([r[kind]["phases"].get(key) for r in runs]) for key, *_ in PHASES},
            "marks_ms": {k: med(kind, k) for k in ("boot", "config", "pyodide_js", "wasm_start", "wasm_end",
                                                    "numpy_fetch", "numpy_libs_start", "numpy_libs_end",
                                                    "py_ready", "ui_start", "ready", "first_frame")},
            "numpy_libs_count": med(kind, "numpy_libs_count"),
            "transfer_bytes": med(kind, "transfer_bytes"),
            "longtask_ms": med(kind, "longtask_ms"),
            "longest_task_ms": med(kind, "longest_task_ms"),
            "blocking_ms": med(kind, "blocking_ms"),
            "numpy_libs_busy_ms": med(kind, "numpy_libs_busy"),
            "duplicate_downloads": sorted({d for r in runs for d in r[kind]["duplicate_downloads"]}),
            "unused_preload_warnings": sorted({w for r in runs for w in r[kind]["unused_preload_warnings"]}),
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
                   for key in ("imported", "pyodide", "numpyLoaded", "numpyImported", "wasm_compile", "wasmMemoryBytes")}
            for kind in ("cold", "warm")
        }
    return summary


def page_weight(raw, site=ROOT):
    """Bytes of a cold load per file, from resource timing (transferSize includes headers)."""
    files = {}
    entries = list(raw["resources"])
    if raw.get("nav"):
        entries.append({"name": raw["nav"]["name"], "transfer": raw["nav"]["transfer"],
                        "encoded": raw["nav"]["encoded"], "decoded": raw["nav"]["decoded"]})
    for r in entries:
        name = r["name"].split("?")[0]
        if name.startswith("/") and name.endswith("/"):
            name += "index.html"
        f = files.setdefault(name, {"file": name, "requests": 0, "transfer": 0, "encoded": 0, "decoded": 0})
        f["requests"] += 1
        f["transfer"] += r["transfer"] or 0
        f["encoded"] += r["encoded"] or 0
        f["decoded"] = max(f["decoded"], r["decoded"] or 0)
    for f in files.values():
        local = site / f["file"].lstrip("/")
        f["gzip_estimate"] = None
        if local.is_file():
            data = local.read_bytes()
            compressible = not f["file"].endswith((".whl", ".zip", ".png", ".jpg", ".woff2"))
            f["gzip_estimate"] = len(gzip.compress(data, 6)) if compressible else len(data)
    rows = sorted(files.values(), key=lambda f: -f["transfer"])
    return {
        "files": rows,
        "requests": sum(f["requests"] for f in rows),
        "total_transfer": sum(f["transfer"] for f in rows),
        "total_encoded": sum(f["encoded"] for f in rows),
        "total_decoded": sum(f["decoded"] for f in rows),
        "total_gzip_estimate": sum(f["gzip_estimate"] or f["encoded"] for f in rows),
    }


# ---------------------------------------------------------------------------------------------
# Targets and the report
# ---------------------------------------------------------------------------------------------


def g(d, *path):
    for key in path:
        if not isinstance(d, dict):
            return None
        d = d.get(key)
    return d


def evaluate_targets(r):
    s, t, rd, m = r.get("startup"), r.get("training"), r.get("rendering"), r.get("memory")
    ms_to_s = lambda v: v / 1000 if v is not None else None  # noqa: E731
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


def fmt(v, digits=1, unit=""):
    if v is None:
        return "n/a"
    if isinstance(v, float) and not math.isfinite(v):
        return str(v)
    return f"{v:,.{digits}f}{unit}"


def fmt_bytes(n):
    if n is None:
        return "n/a"
    for unit, size in (("MB", 1e6), ("kB", 1e3)):
        if abs(n) >= size:
            return f"{n / size:,.2f} {unit}"
    return f"{n:,} B"


def report(r):
    L = []
    meta = r["meta"]
    L.append(f"## nnviz benchmark ({'quick' if meta['quick'] else 'full'} run, {meta['date']})")
    L.append("")
    load = meta.get("loadavg_start") or [0]
    load_end = meta.get("loadavg_end") or [0]
    L.append(f"Machine: {meta['nproc']} CPUs ({meta['cpu']}), {meta['memory_gb']} GB RAM; {meta['chromium']} headless "
             f"({meta['chromium_path']}); Playwright {meta['playwright']}; CPython {meta['python']}, numpy {meta['numpy']}; "
             f"git {meta['git_commit']}. Load average (1 min) {load[0]:.2f} at start, {load_end[0]:.2f} at end; "
             f"total {meta['seconds']:.0f} s.")
    if load[0] > 0.5 * (meta["nproc"] or 1) or load_end[0] > 0.5 * (meta["nproc"] or 1):
        L.append("")
        L.append("> ⚠ The machine was busy during this run (load average above half the CPU count): "
                 "timings are inflated and noisier than on an idle machine.")
    L.append("")
    L.append("### Targets")
    L.append("")
    L.append("| Target | Measured | Goal | |")
    L.append("|---|---:|---:|:-:|")
    for t in r["targets"]:
        digits = 2 if t["unit"] in ("s", "×", "ms") else 1
        mark = "n/a" if t["ok"] is None else ("✓" if t["ok"] else "✗")
        L.append(f"| {t['target']} | {fmt(t['value'], digits)} {t['unit']} | {t['op']} {t['goal']:g} {t['unit']} | {mark} |")

    s = r.get("startup")
    if s and "cold" in s:
        L += ["", f"### 1. Start-up (median of {s['runs']} runs; ms from navigation start)", ""]
        L.append("| Metric | Cold (new profile) | Warm (reload) | Warm (2nd reload) | Source |")
        L.append("|---|---:|---:|---:|---|")
        rows = (
            ("navigation → #app data-ready=\"1\"", "ready_ms", "measured: MutationObserver (init script)"),
            ("navigation → nnvizBoot.ready() call", "ready_call_ms", "measured: wrapped nnvizBoot.ready"),
            ("first contentful paint", "fcp_ms", "measured: paint timing"),
            ("HTML received (responseEnd)", "html_response_end_ms", "measured: navigation timing"),
            ("DOMContentLoaded", "dom_content_loaded_ms", "measured: navigation timing"),
            ("boot.js runs (nnvizBoot.started)", "boot_ms", "measured"),
            ("PyScript interpreter ready (py:ready)", "py_ready_ms", "measured: py:ready event"),
            ("our Python ready (data-ready)", "ready_ms", "measured"),
            ("first frame after ready", "first_frame_ms", "measured: requestAnimationFrame"),
            ("py:done (main.py finished)", "py_done_ms", "measured: py:done event"),
        )
        for label, key, how in rows:
            L.append(f"| {label} | {fmt(g(s, 'cold', key), 0)} | {fmt(g(s, 'warm', key), 0)} | {fmt(g(s, 'warm2', key), 0)} | {how} |")
        ours = [g(s, k, "ready_ms") - g(s, k, "py_ready_ms") if g(s, k, "ready_ms") and g(s, k, "py_ready_ms") else None
                for k in ("cold", "warm", "warm2")]
        L.append(f"| py:ready → data-ready (our Python) | {fmt(ours[0], 0)} | {fmt(ours[1], 0)} | {fmt(ours[2], 0)} | derived |")
        for label, key, how in (
            ("main-thread long tasks before ready (sum)", "longtask_ms", "measured: longtask PerformanceObserver"),
            ("longest single task", "longest_task_ms", "measured: longtask"),
            ("blocking time FCP → ready (Σ task − 50 ms)", "blocking_ms", "derived from long tasks"),
            ("bytes transferred", "transfer_bytes", "measured: resource timing transferSize"),
        ):
            if key == "transfer_bytes":
                L.append(f"| {label} | {fmt_bytes(g(s, 'cold', key))} | {fmt_bytes(g(s, 'warm', key))} | {fmt_bytes(g(s, 'warm2', key))} | {how} |")
            else:
                L.append(f"| {label} | {fmt(g(s, 'cold', key), 0)} | {fmt(g(s, 'warm', key), 0)} | {fmt(g(s, 'warm2', key), 0)} | {how} |")
        bare = s.get("bare_pyodide")
        if bare:
            L += ["", "The bare runtime for comparison (bench/reference/pyodide-boot.html: Pyodide + numpy, no PyScript, none of our code; "
                  "steps one after another; ms from navigation start):", ""]
            L.append("| Step | Cold | Warm (reload) |")
            L.append("|---|---:|---:|")
            for label, key in (("pyodide.mjs imported", "imported"), ("loadPyodide() resolved (wasm compile + Python start)", "pyodide"),
                               ("loadPackage('numpy') resolved", "numpyLoaded"), ("`import numpy` done: runtime ready", "numpyImported"),
                               ("of which pyodide.asm.wasm compile + instantiate", "wasm_compile")):
                L.append(f"| {label} | {fmt(g(bare, 'cold', key), 0)} | {fmt(g(bare, 'warm', key), 0)} |")
            gap = [g(s, k, "ready_ms") - g(bare, k, "numpyImported") if g(s, k, "ready_ms") and g(bare, k, "numpyImported") else None
                   for k in ("cold", "warm")]
            L.append(f"| page data-ready minus bare runtime ready (PyScript + our code, derived) | {fmt(gap[0], 0)} | {fmt(gap[1], 0)} |")
        L += ["", "Cold-start breakdown (contiguous phases; medians of each phase, so they need not add up exactly):", ""]
        L.append("| Phase | Cold ms | Warm ms | Source |")
        L.append("|---|---:|---:|---|")
        for key, label, _a, _b, how in PHASES:
            L.append(f"| {label} | {fmt(g(s, 'cold', 'phases_ms', key), 0)} | {fmt(g(s, 'warm', 'phases_ms', key), 0)} | {how} |")
        L.append(f"| (of which: {fmt(g(s, 'cold', 'numpy_libs_count'), 0)} numpy shared libraries compiled/instantiated) "
                 f"| {fmt(g(s, 'cold', 'numpy_libs_busy_ms'), 0)} | {fmt(g(s, 'warm', 'numpy_libs_busy_ms'), 0)} "
                 "| measured: sum of wrapped WebAssembly.instantiate calls |")
        L += ["", "Big files on the cold load (resource timing, ms from navigation start):", ""]
        L.append("| File | Start | End | Duration | Size |")
        L.append("|---|---:|---:|---:|---:|")
        for label, _ in BIG_FILES:
            f = g(s, "cold", "files", label) or {}
            dur = f["end"] - f["start"] if f.get("end") is not None and f.get("start") is not None else None
            L.append(f"| {label} | {fmt(f.get('start'), 0)} | {fmt(f.get('end'), 0)} | {fmt(dur, 0)} | {fmt_bytes(f.get('bytes'))} |")
        dup = s["cold"]["duplicate_downloads"]
        L.append("")
        L.append(f"Files downloaded twice on a cold load: {', '.join(dup) if dup else 'none (every preload was reused)'}."
                 + (f" Preload warnings: {'; '.join(s['cold']['unused_preload_warnings'])}" if s["cold"]["unused_preload_warnings"] else ""))
        L.append(f"Cold runs (ms): {', '.join(fmt(v, 0) for v in s['cold']['ready_ms_runs'])}; "
                 f"warm: {', '.join(fmt(v, 0) for v in s['warm']['ready_ms_runs'])}.")

    t = r.get("training")
    if t and "by_hidden" in t:
        L += ["", f"### 2. Training speed (µs per iteration, Trainer.step({t['iterations']}), median of {t['repeats']} after warm-up)", ""]
        L.append("| H | Page (Pyodide) | Page, first call | CPython step | CPython bare `_train` | Plain JS (nn.js) | Page ÷ CPython | Page ÷ JS |")
        L.append("|---|---:|---:|---:|---:|---:|---:|---:|")
        for hidden in (10, 64):
            row = t["by_hidden"].get(f"h{hidden}")
            if row:
                L.append(f"| {hidden} | {fmt(row['page_us'])} | {fmt(row['page_first_call_us'])} | {fmt(row['cpython_us'])} | "
                         f"{fmt(row['cpython_bare_us'])} | {fmt(row['js_us'], 2)} | {fmt(row['page_vs_cpython'], 2)}× | {fmt(row['page_vs_js'], 1)}× |")
        imp = t.get("import_ms")
        if imp and "numpy" in imp:
            L.append("")
            L.append("Imports main.py makes, timed one group at a time just before it runs (PyScript hooks.main.onReady; "
                     f"warm runtime, ms): `import numpy` {fmt(imp.get('numpy'), 0)}, `js, pyodide.ffi` {fmt(imp.get('pyodide_ffi'), 0)}, "
                     f"`network, trainer` {fmt(imp.get('model'), 0)}, the rest of `app` {fmt(imp.get('app_rest'), 0)}.")
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
                    L.append(f"| H={hidden}: {calls} numpy calls/iteration × tiny-call cost (derived) | {fmt(est, 1)} "
                             f"({100 * est / it:.0f}% of the iteration) | {fmt(calls * cp['ufunc_call_us'], 1)} | |")

    rd = r.get("rendering")
    if rd and rd.get("page"):
        L += ["", f"### 3. Rendering (Play; {rd['seconds_per_config']:g} s per setting in {rd['windows']} windows; medians)", ""]
        L.append("| What | H | Speed | Lines | App fps | Browser fps | Main-thread ms/frame median | p95 | DOM writes/frame median | Iterations/s | Frame gap p95 ms |")
        L.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        for who, label in (("page", "page (Python)"), ("reference", "reference (JS)")):
            for key, res in rd[who].items():
                for skey, v in res.items():
                    if not skey.startswith("speed"):
                        continue
                    name = label + (f", {res['mode']} restyle" if who == "reference" else "")
                    hidden = key.split("_")[0][1:]
                    L.append(f"| {name} | {hidden} | {v['speed']} | {res['lines']} | {fmt(v['fps'])} | {fmt(v['browser_fps'])} | "
                             f"{fmt(v['work_ms_median'], 2)} | {fmt(v['work_ms_p95'], 2)} | {fmt(v['writes_median'], 0)} | "
                             f"{fmt(v['iterations_per_s'], 0)} | {fmt(v['frame_gap_ms_p95'], 1)} |")
        L.append("")
        L.append(f"H=64 page fps ÷ reference fps: speed 1 {fmt(g(rd, 'ratio_h64', 'speed1'), 2)}×, speed 20 "
                 f"{fmt(g(rd, 'ratio_h64', 'speed20'), 2)}×. Main-thread ms/frame is nnviz.perf().frameMs for the page "
                 "(Python work per frame) and the same clock around train+restyle in the reference; the reference restyles "
                 "every line and neuron every frame (class mode: setAttribute('class') with the page's bucket classes; "
                 "style mode: inline stroke/width/opacity from the raw weight), it draws no stats, bars or chart.")

    m = r.get("memory")
    if m and "iterations" in m:
        L += ["", f"### 4. Memory (Play at speed 20, H=10: {m['iterations']:,} iterations in {m['seconds']:.0f} s)", ""]
        L.append("| Memory | Before | After | Growth |")
        L.append("|---|---:|---:|---:|")
        L.append(f"| JS heap used (performance.memory, after forced GC) | {fmt_bytes(m['js_heap_before'])} | {fmt_bytes(m['js_heap_after'])} | {fmt(m['js_heap_growth_pct'], 2)} % |")
        L.append(f"| Pyodide WebAssembly memory | {fmt_bytes(m['wasm_before'])} | {fmt_bytes(m['wasm_after'])} | {fmt(m['wasm_growth_pct'], 2)} % |")
        L.append(f"| DOM elements | {m['dom_nodes_before']} | {m['dom_nodes_after']} | "
                 + (", ".join(f"{tag} {a}→{b}" for tag, (a, b) in m.get("dom_tags_changed", {}).items()) or "unchanged") + " |")
        L.append("")
        L.append(f"Wasm memory read via: {m['wasm_method']}.")

    w = r.get("weight")
    if w and "files" in w:
        L += ["", "### 5. Page weight (cold load, resource timing)", ""]
        L.append("| File | Requests | Transferred | Body | gzip -6 estimate (derived) |")
        L.append("|---|---:|---:|---:|---:|")
        for f in w["files"][:12]:
            L.append(f"| {f['file']} | {f['requests']} | {fmt_bytes(f['transfer'])} | {fmt_bytes(f['encoded'])} | {fmt_bytes(f['gzip_estimate'])} |")
        rest = w["files"][12:]
        if rest:
            L.append(f"| {len(rest)} other files | {sum(f['requests'] for f in rest)} | {fmt_bytes(sum(f['transfer'] for f in rest))} | "
                     f"{fmt_bytes(sum(f['encoded'] for f in rest))} | {fmt_bytes(sum(f['gzip_estimate'] or f['encoded'] for f in rest))} |")
        L.append(f"| **Total** | {w['requests']} | **{fmt_bytes(w['total_transfer'])}** | {fmt_bytes(w['total_encoded'])} | {fmt_bytes(w['total_gzip_estimate'])} |")
        if s and "warm" in s:
            warm_bytes = w.get("warm_transfer")
            if warm_bytes is not None:
                L.append(f"\nWarm reload transferred {fmt_bytes(warm_bytes)}.")

    if r.get("warnings"):
        L += ["", "### Warnings", ""] + [f"- {x}" for x in r["warnings"]]
    if r.get("errors"):
        L += ["", "### Errors (measurements that could not be made)", ""] + [f"- {x}" for x in r["errors"]]
    return "\n".join(L)


# ---------------------------------------------------------------------------------------------


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="tiny counts: a smoke run of every section")
    parser.add_argument("--out", type=Path, default=BENCH / "results.json", help="where to write the JSON results")
    parser.add_argument("--repeats", type=int, default=None, help="start-up runs and training repeats (default 5 / 7)")
    parser.add_argument("--only", default=",".join(SECTIONS), help=f"comma-separated subset of {','.join(SECTIONS)}")
    parser.add_argument("--site", type=Path, default=ROOT,
                        help="serve this copy of the site instead of the checkout (to try a page change); "
                             "bench/reference/ is served from it too, so copy bench/ along")
    args = parser.parse_args(argv)
    only = [s.strip() for s in args.only.split(",") if s.strip()]
    unknown = set(only) - set(SECTIONS)
    if unknown:
        parser.error(f"unknown section(s): {', '.join(sorted(unknown))}")
    if args.repeats is not None and args.repeats < 1:
        parser.error("--repeats must be at least 1")
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
    results["meta"].update({"quick": args.quick, "sections": only, "site": str(site), "date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
                            "plan": vars(plan)})
    server = Server(site)
    try:
        with sync_playwright() as p:
            bench = Bench(p, server, plan)
            try:
                results["meta"]["chromium"] = "Chromium " + bench.shared_browser().version
                if "weight" in only and "startup" not in only:
                    only = ["startup"] + only  # the weight comes from a cold load
                    plan.startup_runs = 1
                for section in [s for s in SECTIONS if s in only]:
                    if section == "weight":
                        raw = g(results, "startup", "raw_first_cold")
                        if raw is None:
                            results["errors"].append("weight: no cold load to read")
                            continue
                        results["weight"] = page_weight(raw, site)
                        results["weight"]["warm_transfer"] = g(results, "startup", "warm", "transfer_bytes")
                        continue
                    log(f"{section} ...")
                    t0 = time.monotonic()
                    try:
                        results[section] = getattr(bench, section)()
                    except Exception as exc:  # record, keep measuring the rest
                        results["errors"].append(f"{section}: {type(exc).__name__}: {exc}")
                        results[section] = {"error": traceback.format_exc()}
                        log(f"{section} FAILED: {exc}")
                    log(f"{section} done in {time.monotonic() - t0:.0f} s")
            finally:
                results["warnings"] += bench.warnings
                bench.close()
    finally:
        server.close()
    if isinstance(results.get("startup"), dict) and "raw_first_cold" in results["startup"]:
        raw = results["startup"].pop("raw_first_cold")
        results["startup"]["first_cold_load"] = {k: raw[k] for k in ("marks", "wasm", "fetches", "paints", "nav")}
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

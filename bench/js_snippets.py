"""The start-up section's JavaScript: an init script (run before any of the page's own scripts)
and the collector it evaluates after a load. (Play, training and memory use probes.py.)
"""

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

  // After py:ready our main.py runs: app.App creates its first element right after the imports
  // (numpy, our modules) and the Trainer are done, when it starts building the DOM.
  addEventListener("py:ready", () => {
    const orig = document.createElement;
    document.createElement = function (tag, ...rest) {
      mark("app:ui-start");
      delete document.createElement;
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

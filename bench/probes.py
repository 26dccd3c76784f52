"""What the benchmark puts into a page to measure it from outside: init scripts that run before
any of the page's own scripts. The app is never asked to measure itself.

FRAMES_JS    requestAnimationFrame is wrapped, so every animation-frame callback the page asks for
             (the app's render, or the plain-JS reference's) is counted and timed; a separate rAF
             loop counts the frames the browser produced; a MutationObserver, switched on only for
             its own sampling window (recording costs the page time), counts DOM writes per frame.
RUNTIME_JS   the interpreter PyScript created (PyScript's documented hooks.main.onReady), to time
             the model's own Trainer in the page, and every WebAssembly.Memory (constructed, or
             exported by an instance), to read the runtime's memory. It imports PyScript itself (once
             the page is parsed), which changes the start-up order, so start-up is never measured with it.
"""

FRAMES_JS = r"""
(() => {
  const raf = window.requestAnimationFrame.bind(window);
  const F = (window.__frames = { browser: 0, callbacks: 0, work: [], writes: [], observing: false });
  const observer = new MutationObserver(() => {});
  window.requestAnimationFrame = function (callback) {
    return raf((t) => {
      if (F.observing) observer.takeRecords();  // writes made between frames are not this frame's
      const start = performance.now();
      try {
        return callback(t);
      } finally {
        F.work.push(performance.now() - start);
        if (F.observing) F.writes.push(observer.takeRecords().length);
        F.callbacks++;
      }
    });
  };
  const tick = () => { F.browser++; raf(tick); };
  raf(tick);
  F.observe = (on) => {
    F.observing = on;
    if (on) observer.observe(document, { subtree: true, attributes: true, childList: true, characterData: true });
    else observer.disconnect();
  };
  F.mark = () => ({ t: performance.now(), browser: F.browser, callbacks: F.callbacks, work: F.work.length,
                    writes: F.writes.length });
  F.since = (m) => ({ ...F.mark(), workMs: F.work.slice(m.work), writesPerFrame: F.writes.slice(m.writes) });
})();
"""

RUNTIME_JS = r"""
(() => {
  const R = (window.__runtime = { memories: [], interpreter: null, error: null });
  const keep = (m) => { if (m instanceof WebAssembly.Memory && !R.memories.includes(m)) R.memories.push(m); };
  WebAssembly.Memory = new Proxy(WebAssembly.Memory, {
    construct(target, args, newTarget) { const m = Reflect.construct(target, args, newTarget); keep(m); return m; },
  });
  for (const name of ["instantiate", "instantiateStreaming"]) {
    const orig = WebAssembly[name];
    WebAssembly[name] = function (...args) {
      const result = orig.apply(this, args);
      result.then((r) => { const exports = (r.instance || r).exports || {}; Object.values(exports).forEach(keep); }, () => {});
      return result;
    };
  }
  R.wasmBytes = () => (R.memories.length ? Math.max(...R.memories.map((m) => m.buffer.byteLength)) : null);
  // Imported only once assets/boot.js imports it (it sets nnvizBoot.storage just before): PyScript reads
  // its config from the page's script tags when it is first evaluated (evaluated before the page was
  // parsed, it found none and fetched its default runtime from a CDN), and boot.js sets up its storage
  // first. 10 s is a backstop.
  const hook = () => import(new URL("assets/vendor/pyscript/core.js", document.baseURI).href)
    .then(({ hooks }) => hooks.main.onReady.add((wrap) => { R.interpreter = wrap.interpreter; }))
    .catch((e) => { R.error = String(e); });
  const since = performance.now();
  const wait = () => (window.nnvizBoot?.storage || performance.now() - since > 10_000 ? hook() : setTimeout(wait, 20));
  wait();
})();
"""

// Preflight: the first script on the page, a classic (non-module) one, so it runs even where
// module scripts cannot (file://, a sandboxed iframe without allow-same-origin, a strict CSP).
// It owns the readiness contract (#app data-ready, the #error banner), names the cause of any
// start-up failure together with the fix for that cause, applies ?embed=1 before the first
// paint, and after start-up turns any uncaught error into a visible notice.
(function () {
  "use strict";

  // The Content-Security-Policy the page needs; README.md documents the same policy.
  var CSP = "default-src 'self'; script-src 'self' 'unsafe-eval'";
  var root = document.documentElement;
  var finished = false; // ready or failed
  var shownCause = null;
  var cspNeeds = [];

  // Same rule as settings.py's flag parser, so the compact layout never flips when Python starts.
  var embed = new URLSearchParams(location.search).get("embed");
  if (embed !== null && /^(1|true|yes|)$/i.test(embed.trim())) root.classList.add("embed");

  function whenParsed(fn) {
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", fn);
    else fn();
  }

  function byId(id) { return document.getElementById(id); }

  function text(reason) {
    return (reason && (reason.stack || reason.message)) || String(reason);
  }

  // Show the start-up failure. A later call replaces an earlier one only when it names a root
  // cause (`cause`, a short key): a blocked eval first surfaces as a generic error. The same
  // cause may update its own message (a CSP reports one blocked directive at a time).
  // Python calls it as fail(title, detail) when its own start-up raises.
  function fail(title, hint, detail, cause) {
    if (arguments.length === 2) {
      detail = hint;
      hint = "This is a fault in the visualizer's own Python code; the details say where. Reload the page, " +
        "and if it happens again, report it with those details.";
    }
    if (finished === "ready") return;
    if (finished === "error" && (!cause || (shownCause && shownCause !== cause && cause !== "csp"))) return;
    finished = "error";
    if (cause) shownCause = cause;
    whenParsed(function () {
      var app = byId("app"), box = byId("error");
      if (!app || !box) return;
      app.dataset.ready = "error";
      app.setAttribute("aria-busy", "false");
      var loading = byId("loading");
      if (loading) loading.hidden = true;
      box.querySelector(".error-title").textContent = title;
      box.querySelector(".error-hint").textContent = hint || "";
      box.querySelector(".error-detail").textContent = detail || "";
      box.querySelector("details").hidden = !detail;
      box.hidden = false;
    });
  }

  function ready() {
    if (finished) return;
    finished = "ready";
    var app = byId("app");
    app.dataset.ready = "1";
    app.setAttribute("aria-busy", "false");
    byId("loading").hidden = true;
  }

  // After start-up: any uncaught error (an event handler, an animation frame) becomes a notice.
  // Written with setAttribute so it works even if the element's own properties misbehave.
  function notice(reason) {
    var box = byId("notice");
    var line = String((reason && reason.message) || reason || "unknown error").trim().split("\n");
    var last = line[line.length - 1] || line[0];
    box.querySelector(".notice-text").textContent =
      "Something went wrong: " + last + ". Press Reset to start again, or reload the page.";
    box.removeAttribute("hidden");
  }

  function progress(message, amount) {
    if (finished) return;
    var label = byId("loading-text"), bytes = byId("loading-bytes");
    if (label && label.textContent !== message) label.textContent = message;
    if (bytes) bytes.textContent = amount || "";
  }

  var generic = "The Python runtime failed to start.";
  function uncaught(reason) {
    if (finished === "ready") notice(reason);
    else if (!finished) fail(generic, "Reload the page. If it keeps happening, the details below say what broke.", text(reason));
  }
  addEventListener("error", function (e) { uncaught(e.error || e.message); });
  addEventListener("unhandledrejection", function (e) { uncaught(e.reason); });

  // A Content-Security-Policy that blocks what the runtime needs: say which directive to add.
  document.addEventListener("securitypolicyviolation", function (e) {
    if (finished === "ready") return;
    var directive = e.effectiveDirective || e.violatedDirective || "";
    var blocked = e.blockedURI || "";
    var need;
    // 'unsafe-eval' covers both: PyScript builds functions at run time, Python is WebAssembly.
    if (blocked === "eval" || blocked === "wasm-eval") {
      need = "'unsafe-eval' in script-src (PyScript builds functions at run time; it also lets Python's WebAssembly compile)";
    }
    else if (/^script-src/.test(directive)) need = "'self' in script-src (the page's own scripts)";
    else if (directive === "connect-src") need = "'self' in connect-src (the runtime downloads its files)";
    else if (directive === "worker-src") need = "'self' in worker-src";
    else return; // a blocked style or image does not stop the page
    if (cspNeeds.indexOf(need) < 0) cspNeeds.push(need);
    fail("The page's Content-Security-Policy blocks the Python runtime: it needs " + cspNeeds.join(", and ") + ".",
      "Serve the page with at least this policy (or a looser one): " + CSP,
      "Blocked: " + (blocked || "?") + " by " + directive + "\nPolicy: " + e.originalPolicy, "csp");
  });

  var boot = {
    fail: fail,
    ready: ready,
    progress: progress,
    failed: function () { return finished === "error"; },
    settled: function () { return !!finished; },
    started: performance.now(),
    blocked: false,
    // Site paths a loader may try and do without (e.g. an optional snapshot): a refusal of one of
    // these is not a start-up failure. Add with nnvizBoot.optional.add("assets/vendor/…").
    optional: new Set(),
    moduleStarted: false,
  };
  globalThis.nnvizBoot = boot;

  // Contexts where the runtime cannot start at all: say why before anything else tries.
  if (location.protocol === "file:") {
    boot.blocked = true;
    fail("This page was opened as a file (file://), and browsers do not run its Python runtime from files.",
      "Serve the folder over HTTP instead: run `make serve` in the project folder and open " +
      "http://localhost:8000/ (any static web server works).", location.href, "file");
  } else if (self.origin === "null") {
    boot.blocked = true;
    fail("This page is in a sandboxed iframe without allow-same-origin, so its Python runtime cannot load.",
      "The embedding page must set sandbox=\"allow-scripts allow-same-origin\" on the iframe " +
      "(or leave the sandbox attribute out).", "origin: null (sandbox=\"" + "allow-scripts\" only)", "sandbox");
  }

  // The page paints first, then the runtime downloads: index.html lists the runtime's files as
  // <link data-rel="preload|modulepreload">, which the browser ignores; they become preloads here once
  // the page has painted (started with the HTML, they shared a slow line with it and the stylesheets and
  // held up the first paint). Watched from this first script, they start at the first paint, not when
  // boot.js runs, which is only once the whole page is parsed (0.1-0.3 s later on a laptop). A hidden
  // page (a background tab) does not paint: they start once it is parsed; 2 s is a backstop.
  // They come in two waves. Files downloading side by side share a slow line, and the numpy wheel held up
  // the wasm and the standard library, which CPython's start needs first (numpy is installed after it):
  // the links marked data-wave="2" start once the first wave's fetches (the lock file, the wasm, the
  // stdlib) have arrived or failed, so on a slow line CPython starts while numpy is still on its way.
  // The normal boot's runtime fetches the wheel itself as soon as it begins, which may be sooner
  // (assets/boot-watch.js then drops it from the wave); the snapshot boot (a fast line) waits for the
  // wave: boot.laterDownloads resolves once it has started.
  function liven(link) {
    var live = link.cloneNode();
    live.rel = link.dataset.rel;
    live.removeAttribute("data-rel");
    live.removeAttribute("data-wave");
    link.replaceWith(live);
    return live;
  }
  var startSecondWave;
  boot.laterDownloads = new Promise(function (resolve) { startSecondWave = resolve; }).then(function () {
    [].forEach.call(document.querySelectorAll("link[data-rel]"), liven);
  });
  function startRuntimeDownloads() {
    boot.downloadsStarted = performance.now(); // the snapshot loader times the line from here
    var first = [].map.call(document.querySelectorAll("link[data-rel]:not([data-wave])"), liven);
    var left = 0;
    function arrived() { if (--left === 0) startSecondWave(); }
    first.forEach(function (link) {
      if (link.rel !== "preload" || !link.relList.supports("preload")) return;
      left++;
      link.addEventListener("load", arrived);
      link.addEventListener("error", arrived);
    });
    if (!left) startSecondWave();
  }
  boot.downloads = new Promise(function (resolve) {
    if (boot.blocked) return; // never: nothing will start the runtime
    var done = false;
    function go() {
      if (done) return;
      done = true;
      clearTimeout(timer);
      startRuntimeDownloads();
      resolve();
    }
    var timer = setTimeout(function () { whenParsed(go); }, 2000);
    var paintTiming = window.PerformanceObserver && (PerformanceObserver.supportedEntryTypes || []).indexOf("paint") >= 0;
    if (document.visibilityState === "hidden" || !paintTiming) return whenParsed(go);
    // The first contentful paint's entry is there as soon as the browser has shown it; a
    // PerformanceObserver heard of it only ~0.2 s later, after the parser's long tasks. So from the
    // first frame on, a timer looks for it until it is there. (The head, with the links, is parsed by then.)
    function look() {
      if (done) return;
      if (performance.getEntriesByName("first-contentful-paint").length) return go();
      setTimeout(look, 0);
    }
    requestAnimationFrame(function () { setTimeout(look, 0); });
  });

  // Module scripts run before DOMContentLoaded: if boot.js has not started by then, it could not
  // load. Resource timing names the file the server refused.
  document.addEventListener("DOMContentLoaded", function () {
    if (boot.moduleStarted || boot.blocked) return;
    var refused = performance.getEntriesByType("resource").filter(function (r) {
      return /\/assets\/[^/]+\.js$/.test(r.name) && r.responseStatus >= 400;
    }).map(function (r) { return r.name.replace(location.origin + "/", "") + " (HTTP " + r.responseStatus + ")"; });
    var files = refused.length ? refused.join(", ") : "assets/boot.js";
    fail("The page's start-up script could not be loaded: " + files + ".",
      "The site is incomplete: publish the whole folder (`make site` builds it) or restore the file " +
      "from the repository, then reload.", refused.length ? "" : "assets/boot.js did not run", "boot");
  });
})();

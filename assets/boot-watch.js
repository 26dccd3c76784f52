// Start-up watch: shows download progress and turns every way the runtime can fail to load into
// a message that names the file, instead of a spinner forever. Generic on purpose: it watches
// every fetch this page makes of its own files (whichever module asks), not one loader.
//
// - A file the server refuses (404, 500 …) fails at once, naming the file and the fix.
// - A download that breaks off fails at once; a .wasm file that is not WebAssembly fails at once.
// - Pyodide only console.warn()s when the wasm cannot be compiled (loadPyodide never settles):
//   that warning fails the start-up.
// - A hang (no byte arrives and the main thread sits idle) fails after `stallMs` of it. Time the
//   main thread spends busy (compiling, starting Python) is progress, not a hang, so a slow but
//   moving start-up never trips it.
// - The big runtime files index.html preloads are counted from the start: the browser's preload
//   shows no progress to scripts, and a loader may wait for them without fetching (the snapshot
//   loader measures the line first), so this module fetches each preload itself, which takes over
//   the browser's download, and hands that response to the first plain fetch() of the same file.

const boot = globalThis.nnvizBoot;
const MB = 1e6;
// Production: a minute of nothing at all. Tests may lower it (NNVIZ_STALL_MS, set before load).
const STALL_MS = Number(globalThis.NNVIZ_STALL_MS) || 60_000;
const TICK_MS = 250;

const pending = new Set(); // {path, received, total} for every download not finished yet
const counted = new Set(); // paths whose bytes are in `received`: a second read is not counted again
const held = new Map(); // href -> Promise<Response>: a preload fetched here, for its first plain fetch()
const asked = new Set(); // hrefs fetched already, here or by anyone: a second wave of preloads leaves them be
let received = 0;
let expected = 0;
let idleMs = 0;
let lastPaint = 0;

const base = new URL(".", location.href).href; // the folder index.html is in
const sitePath = (url) => (url.href.startsWith(base) ? url.href.slice(base.length) : url.pathname).split("?")[0];
const mb = (n) => (n / MB).toFixed(1);

function missingHint(path) {
  if (path.startsWith("assets/vendor/")) {
    return "The pinned runtime is not (fully) on the server. In a checkout, run `make vendor` (or `make serve`) " +
      "to fetch it into assets/vendor/, then reload; when publishing, upload the folder `make site` builds.";
  }
  if (path === "py/modules.zip") {
    return "Our Python modules travel as one file, py/modules.zip, which is built, not kept in the repository: serve a " +
      "checkout with `make serve` (it builds the file), or publish the folder `make site` builds, then reload.";
  }
  return `The site is incomplete: ${path} belongs next to index.html. Restore it from the repository, ` +
    "or publish the whole folder `make site` builds, then reload.";
}

function refused(path, response) {
  const status = `HTTP ${response.status}${response.statusText ? " " + response.statusText : ""}`;
  if (response.status === 404 || response.status === 410) {
    boot.fail(`A file the page needs is missing: ${path} (${status}).`, missingHint(path), response.url);
  } else if (response.status >= 500) {
    boot.fail(`The server failed to send ${path} (${status}).`,
      "This is a fault on the web server, not in the page: check the server (its log says why), then reload.",
      response.url);
  } else {
    boot.fail(`The server refused ${path} (${status}).`,
      "The web server must let anyone read the site's files; check its access rules, then reload.", response.url);
  }
}

function notWasm(path, head) {
  const shown = Array.from(head.slice(0, 8), (b) => (b >= 32 && b < 127 ? String.fromCharCode(b) : ".")).join("");
  boot.fail(`${path} is not a WebAssembly file (it starts with “${shown}”).`,
    "The server sent something else under that name, often an HTML error page. In a checkout, delete " +
    "assets/vendor/ and run `make vendor` again; on a host, upload the file again, then reload.",
    `first bytes: ${Array.from(head.slice(0, 16), (b) => b.toString(16).padStart(2, "0")).join(" ")}`);
}

// "Downloading" while a runtime file (assets/vendor/) is on its way; our own small files and a
// second read of a file already counted (from the HTTP cache) leave "Starting Python" in place.
function showProgress() {
  const now = performance.now();
  if (now - lastPaint < 200 && pending.size) return;
  lastPaint = now;
  const runtime = [...pending].filter((e) => !e.again && e.path.startsWith("assets/vendor/"));
  if (runtime.length) {
    const sizesKnown = runtime.every((e) => e.total);
    boot.progress("Downloading the Python runtime…",
      sizesKnown ? `${mb(received)} of ${mb(Math.max(expected, received))} MB` : `${mb(received)} MB so far`);
  } else if (received) {
    boot.progress("Starting Python…", `${mb(received)} MB downloaded`);
  }
}

function done(entry) {
  pending.delete(entry);
  showProgress();
}

// Read a copy of the body as it streams: count bytes, check a .wasm file's magic number.
async function follow(entry, response) {
  const path = entry.path;
  entry.total = Number(response.headers.get("content-length")) || 0;
  if (!entry.again) expected += entry.total;
  const reader = response.clone().body.getReader();
  let first = true;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) {
        counted.add(path);
        break;
      }
      if (first && path.endsWith(".wasm") && value.length >= 4 &&
          !(value[0] === 0 && value[1] === 0x61 && value[2] === 0x73 && value[3] === 0x6d)) {
        notWasm(path, value);
        reader.cancel();
        return;
      }
      first = false;
      entry.received += value.length;
      if (!entry.again) received += value.length;
      idleMs = 0;
      showProgress();
    }
  } catch (error) {
    if (error.name === "AbortError" || boot.optional.has(path)) return; // stopped on purpose
    boot.fail(`The download of ${path} broke off after ${mb(entry.received)} MB.`,
      "The connection or the server dropped it. Check your connection and reload.", String(error));
  } finally {
    done(entry);
  }
}

// A fetch that rejects (a download with an integrity check gets no response on a 404): ask the
// server what it says about that file, so the message can still name the cause.
function explainRejection(realFetch, url, path, error) {
  if (boot.settled() || boot.optional.has(path) || error.name === "AbortError") return;
  realFetch(url.href, { method: "HEAD", cache: "no-store" }).then((response) => {
    if (boot.settled()) return;
    if (!response.ok) refused(path, response);
    else boot.fail(`${path} could not be downloaded.`, "Check your connection and reload.", String(error));
  }, () => {
    if (!boot.settled()) boot.fail(`${path} could not be downloaded.`, "Check your connection and reload.", String(error));
  });
}

// pyscript.toml that does not parse stops PyScript without a word: check it with PyScript's own
// TOML parser (vendored with it) and say where it is wrong.
const TOML_PARSER = "./vendor/pyscript/toml-Blg7Izee.js";
async function checkToml(path, copy) {
  let parse;
  try {
    ({ parse } = await import(TOML_PARSER));
  } catch {
    return; // another PyScript build: its own error handling applies
  }
  try {
    parse(await copy.text());
  } catch (error) {
    boot.fail(`${path} could not be read: it is not valid TOML (${String(error.message || error).split("\n")[0]}).`,
      `Fix ${path} (next to index.html) or restore it from the repository, then reload.`, String(error.message || error));
  }
}

// Count a download of one of the site's own files: its bytes, and whether the server refused it.
function track(realFetch, url, promise) {
  const path = sitePath(url);
  const entry = { path, received: 0, total: 0, again: counted.has(path) };
  pending.add(entry);
  idleMs = 0;
  showProgress();
  return promise.then((response) => {
    idleMs = 0;
    if (!response.ok && !boot.optional.has(path)) refused(path, response);
    if (response.ok && path.endsWith(".toml")) checkToml(path, response.clone());
    if (response.ok && response.body) follow(entry, response);
    else done(entry);
    return response;
  }, (error) => {
    done(entry);
    explainRejection(realFetch, url, path, error);
    throw error;
  });
}

// A fetch() that may take a held preload: no Request object, no options but the defaults (a request
// with an integrity check or a signal goes to the network stack, which checks it).
function plain(input, init) {
  if (input instanceof Request) return false;
  return Object.entries(init || {}).every(([key, value]) => value === undefined ||
    (key === "method" && /^get$/i.test(value)) || (key === "credentials" && value === "same-origin"));
}

// Take over the downloads index.html preloads with as="fetch" (the same mode and credentials, so the
// browser gives this fetch the preload's response instead of a second download): those under way, and
// preflight.js's second wave once it has started.
function takeOverPreloads(realFetch) {
  for (const link of document.querySelectorAll('link[rel="preload"][as="fetch"]')) {
    const url = new URL(link.href);
    if (url.origin !== location.origin || asked.has(url.href)) continue;
    asked.add(url.href);
    const promise = track(realFetch, url, realFetch(url.href));
    promise.catch(() => {}); // reported by track; the consumer sees the failure itself
    held.set(url.href, promise);
  }
}

// A file fetched before preflight.js's second wave has started it (the normal boot's runtime asks for the
// numpy wheel as soon as it begins): the wave leaves it out, or its preload would go unused (and, from a
// host that forbids caching, travel twice).
function dropFromSecondWave(href) {
  for (const link of document.querySelectorAll("link[data-rel][data-wave]")) if (link.href === href) link.remove();
}

function watchFetch() {
  const realFetch = globalThis.fetch;
  globalThis.fetch = function (input, init) {
    let url;
    try {
      url = new URL(input instanceof Request ? input.url : String(input), document.baseURI);
    } catch {
      return realFetch.apply(this, arguments);
    }
    asked.add(url.href);
    dropFromSecondWave(url.href);
    const early = held.get(url.href);
    if (early) {
      held.delete(url.href); // handed over once; later fetches go to the network stack (HTTP cache)
      if (plain(input, init)) return early;
      early.then((response) => response.body?.cancel(), () => {}); // not needed: let it go
    }
    const promise = realFetch.apply(this, arguments);
    if (boot.settled() || url.origin !== location.origin) return promise;
    return track(realFetch, url, promise);
  };
  takeOverPreloads(realFetch);
  // Registered before any loader waits for the same promise (watchStartUp runs first), so a loader that
  // fetches a second-wave file once it has started gets the response taken over here.
  boot.laterDownloads?.then(() => takeOverPreloads(realFetch));
}

// Pyodide reports a wasm that will not compile only as a console warning, then waits forever.
function watchWarnings() {
  const warn = console.warn;
  let compileFailed = false;
  console.warn = function (...args) {
    warn.apply(this, args);
    if (boot.settled()) return;
    if (args[0] === "wasm instantiation failed!") {
      compileFailed = true;
    } else if (compileFailed) {
      compileFailed = false;
      boot.fail("The Python runtime could not be compiled: the WebAssembly file is damaged or incomplete.",
        "In a checkout, delete assets/vendor/ and run `make vendor` again; on a host, upload " +
        "assets/vendor/pyodide/pyodide.asm.wasm again. Then reload.", String(args[0]));
    }
  };
}

// Files the page preloads (scripts included, which no fetch() sees) that have not arrived:
// the browser records a resource timing entry only once a response is complete.
function unfinishedPreloads() {
  return Array.from(document.querySelectorAll('link[rel="preload"], link[rel="modulepreload"]'), (l) => l.href)
    .filter((href) => !performance.getEntriesByName(href).length)
    .map((href) => sitePath(new URL(href)));
}

// A hang: nothing arrives and the main thread is idle. A late tick means the main thread was
// busy (compiling, starting Python), which is progress.
function watchStall() {
  let last = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    const late = now - last - TICK_MS;
    last = now;
    if (boot.settled()) {
      clearInterval(timer);
      return;
    }
    idleMs = late > 200 ? 0 : idleMs + TICK_MS;
    if (idleMs < STALL_MS) return;
    clearInterval(timer);
    const waiting = [...pending].map((e) => `${e.path} (${mb(e.received)} of ${mb(e.total)} MB)`);
    const seconds = Math.round(STALL_MS / 1000);
    const unfinished = unfinishedPreloads().filter((p) => ![...pending].some((e) => e.path === p));
    boot.fail(waiting.length || unfinished.length
      ? `Start-up stalled: nothing has arrived for ${seconds} s while downloading ${waiting.concat(unfinished).join(", ")}.`
      : `Start-up stalled: nothing has happened for ${seconds} s.`,
    "The server or the network stopped sending. Check your connection and reload; if it happens " +
      "again, the server is failing on that file.", `${mb(received)} MB received in all`);
  }, TICK_MS);
}

export function watchStartUp() {
  // A loader marks a file it can do without (the snapshot's, when a site leaves them out): a refusal of
  // it is then no start-up failure.
  boot.optionalURL = (href) => boot.optional.add(sitePath(new URL(href, location.href)));
  watchFetch();
  watchWarnings();
  watchStall();
  boot.progress("Downloading the Python runtime…", "");
}

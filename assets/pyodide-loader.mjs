// PyScript's interpreter (pyscript.toml `interpreter`): Pyodide, booted from the build's memory snapshot
// when one applies, else the normal way. assets/boot.js imports this module first and calls prepare()
// as soon as the page is parsed and painted; PyScript imports it later and calls its loadPyodide.
//
// Before anything big is downloaded it decides from the small manifest whether the snapshot applies:
// made for this runtime (format, Pyodide version, sha256 of the lock file that pins every file) and
// for this engine (a Chromium engine with the same WebAssembly features), and fast enough to fetch (the
// speed the preloaded runtime files came at says whether its ~8 MB would arrive within
// DOWNLOAD_BUDGET_MS, about the CPU time it saves; on a slower line it knows before they have all
// arrived). Anything else - no snapshot built, another browser,
// a slow connection, a stale or corrupt snapshot, a failed restore or self-check - boots normally,
// saying so only with a console.info.
// A flag on this module's URL in pyscript.toml overrides the choice for a whole site:
//   interpreter = "./assets/pyodide-loader.mjs?snapshot=off"     never use the snapshot
//   interpreter = "./assets/pyodide-loader.mjs?snapshot=always"  use it even on a slow connection
// (every other check still applies). The outcome is on <html data-boot="snapshot|normal"> and in
// window.nnvizRuntime {boot, reason, ms, askedAt (when PyScript asked for Python), preparedAt (when
// preparing began: see prepare), normalFrom (the normal boot: when it began), libraries (the snapshot
// boot: {count, from, to}, placing numpy's libraries), modules (the snapshot boot: where main.py got our
// modules, "snapshot" or "files: ... changed"; "not imported yet" before its first import), jspi,
// wasmMemoryBytes()} for tests and the benchmark; times are ms since navigation.

import {
  FORMAT, INDEX_URL, SNAPSHOT_URL, bytesOf, engineProfile, fetchOk, gunzipped, gunzippedHere, restoreSnapshot,
  sha256, version, writeBytecode,
} from "./pyodide-snapshot.mjs";
import { loadPyodide as loadPyodideNormally } from "./vendor/pyodide/pyodide.mjs";

export { version };

const MODE = new URL(import.meta.url).searchParams.get("snapshot") || "auto";

/** Why this manifest does not apply here, or "" when it does (pure, so the rules read in one place). */
export function mismatch(manifest, runtime) {
  if (!manifest || !manifest.snapshot) return manifest?.reason || "no snapshot was built";
  if (manifest.format !== FORMAT) return `snapshot format ${manifest.format}, loader expects ${FORMAT}`;
  if (manifest.pyodide !== runtime.pyodide) return `snapshot is for Pyodide ${manifest.pyodide}, runtime is ${runtime.pyodide}`;
  if (manifest.lockSha256 !== runtime.lockSha256) return "snapshot was made for another runtime (lock file differs)";
  if (manifest.engine?.name !== runtime.engine.engine) return `the snapshot is for ${manifest.engine?.name} engines only`;
  if (manifest.engine.wasmGC !== runtime.engine.wasmGC) return "this engine's WebAssembly features differ from the snapshot's";
  return "";
}

// The snapshot is used only if it would download in about the CPU time it saves (>= 2 s here).
export const DOWNLOAD_BUDGET_MS = 2000;

/**
 * Bytes per ms the connection delivers: the runtime files index.html preloads first (wasm, stdlib; both
 * boots need them) share the line, so their total over the time they took is its speed.
 * It need not wait for them all: once a line just fast enough for the snapshot (`minRate`) would
 * have brought them (their `sizes`, from the manifest, since assets/preflight.js started them), the line
 * is slower than that, and the normal boot starts at once, its wasm compile overlapping the rest of
 * the download. null when they are not preloaded (nothing to measure without downloading more) or
 * never arrive.
 */
async function observedRate(names, sizes = {}, minRate = 0, timeoutMs = 60_000) {
  const preloaded = names.filter((n) => document.querySelector(`link[rel="preload"][href$="${n}"]`));
  if (!preloaded.length) return null;
  const entry = (n) => performance.getEntriesByName(INDEX_URL + n, "resource")[0];
  const all = () => preloaded.every(entry);
  const started = globalThis.nnvizBoot?.downloadsStarted;
  const total = preloaded.reduce((sum, n) => sum + (sizes[n] || 0), 0);
  const known = typeof started === "number" && minRate > 0 && preloaded.every((n) => sizes[n]);
  const slowerThanMin = () => total / Math.max(1, performance.now() - started); // below minRate by then
  if (!all()) {
    // (+50 ms: a timer may fire a little early; past that point the rate is strictly below minRate.)
    const waitMs = known ? Math.min(timeoutMs, started + total / minRate + 50 - performance.now()) : timeoutMs;
    if (waitMs <= 0) return slowerThanMin();
    const arrived = await new Promise((resolve) => {
      const observer = new PerformanceObserver(() => all() && done(true));
      const timer = setTimeout(() => done(false), waitMs);
      const done = (ok) => { observer.disconnect(); clearTimeout(timer); resolve(ok); };
      observer.observe({ type: "resource", buffered: true });
    });
    if (!arrived) return known && waitMs < timeoutMs ? slowerThanMin() : null;
  }
  const entries = preloaded.map(entry);
  const bytes = entries.reduce((sum, e) => sum + e.encodedBodySize, 0);
  const ms = Math.max(...entries.map((e) => e.responseEnd)) - Math.min(...entries.map((e) => e.requestStart));
  return bytes ? bytes / Math.max(1, ms) : null;
}

/** Why this connection is too slow for the snapshot, or "" (pure: the rule in one place). */
export function tooSlow(snapshotBytes, rate, saveData = false) {
  if (saveData) return "the browser asks to save data";
  if (!rate) return "the download speed could not be measured";
  const ms = snapshotBytes / rate;
  return ms > DOWNLOAD_BUDGET_MS ? `the connection is too slow: the snapshot would take ${(ms / 1000).toFixed(1)} s to download` : "";
}

function publish(info) {
  globalThis.nnvizRuntime = info;
  document.documentElement.dataset.boot = info.boot;
}

let preparation = null;
let preparedAt = null;

/**
 * Start, once, what can be done before PyScript asks for Python: fetch the manifest and, if the build
 * made it, our bytecode (either boot uses it), decide whether the snapshot applies and, if it does,
 * start its download. assets/boot.js calls this once the page is parsed and has painted, ~0.4 s before
 * PyScript asks, so the snapshot's gunzip workers start while this thread still has short turns to give them: a
 * worker starts only in a turn of the thread that made it, and the restore holds this one for long
 * tasks (started by the restore, they began 0.3 s late). Resolves to {manifest, bytecode, snapshot}:
 * the last a promise of what else restoreSnapshot needs, which rejects when the snapshot does not
 * apply here (NotApplicable) or fails.
 */
export function prepare() {
  if (!preparation) {
    preparedAt = performance.now();
    preparation = prepareBoot();
  }
  return preparation;
}

export async function loadPyodide(options = {}) {
  const started = performance.now();
  options = { ...options, indexURL: INDEX_URL };
  const { manifest, bytecode, snapshot } = await prepare();
  let pyodide, boot;
  try {
    let libraries, modules;
    ({ pyodide, libraries, modules } = await restoreSnapshot({ manifest, ...(await snapshot), options }));
    boot = { boot: "snapshot", reason: "", libraries, modules };
  } catch (error) {
    const reason = error instanceof NotApplicable ? error.message : `snapshot not usable: ${error?.message || error}`;
    console.info(`Pyodide starts the normal way (${reason}).`);
    const normalFrom = performance.now();
    pyodide = await loadPyodideNormally(options);
    boot = { boot: "normal", reason, normalFrom };
  }
  try { // after either boot, before PyScript writes the sources
    await writeBytecode(pyodide, manifest?.bytecode, bytecode);
  } catch (error) { // it only saves time: Python compiles the sources instead
    console.info(`Our bytecode was not written (${error?.message || error}).`);
  }
  publish({ ...boot, ms: performance.now() - started, askedAt: started, preparedAt, ...about(pyodide) });
  return pyodide;
}

class NotApplicable extends Error {}

/** `url`, marked as a file the page can do without (a site may leave out the snapshot's folder, or a file
 * of it): assets/boot-watch.js then takes its refusal for no start-up failure, and the page boots normally. */
function optional(url) {
  globalThis.nnvizBoot?.optionalURL?.(url);
  return url;
}

/** See prepare. Never rejects: without a manifest there is no bytecode and no snapshot. */
async function prepareBoot() {
  const manifest = fetchOk(optional(SNAPSHOT_URL + "manifest.json")).then((r) => r.json()).catch(() => null);
  // Our modules' bytecode (scripts/bytecode.py), if the build made it: Python starts without it.
  const bytecode = manifest.then((m) => m?.bytecode
    ? gunzippedHere(optional(SNAPSHOT_URL + m.bytecode.name)) // ~0.2 MB: not worth a worker
    : null);
  const snapshot = snapshotDownload(manifest);
  for (const promise of [bytecode, snapshot]) promise.catch(() => {});
  return { manifest: await manifest, bytecode, snapshot };
}

/** The snapshot's {parts, wheel}, their downloads under way; or throw (see prepare). */
async function snapshotDownload(manifestLoaded) {
  const engine = engineProfile();
  // Decided without any download: switched off, or an engine no snapshot is made for.
  if (MODE === "off") throw new NotApplicable("switched off in pyscript.toml");
  if (engine.engine !== "chromium") throw new NotApplicable("snapshots are made for Chromium engines only");
  // The lock file is preloaded by index.html; Pyodide reads it again from the HTTP cache (no blob:
  // URL, which a Content-Security-Policy's connect-src 'self' would refuse).
  const [lock, manifest] = await Promise.all([
    fetchOk(INDEX_URL + "pyodide-lock.json").then((r) => bytesOf(r.body)),
    manifestLoaded,
  ]);
  const runtime = { pyodide: version, lockSha256: await sha256(lock), engine };
  let reason = mismatch(manifest, runtime);
  if (!reason && MODE !== "always") {
    // Meanwhile evaluate pyodide.asm.js, which either boot needs.
    const asm = typeof _createPyodideModule === "function" ? null : import(INDEX_URL + "pyodide.asm.js");
    const rate = await observedRate(["pyodide.asm.wasm", "python_stdlib.zip"], manifest.sizes,
      manifest.gzipBytes / DOWNLOAD_BUDGET_MS);
    reason = tooSlow(manifest.gzipBytes, rate, navigator.connection?.saveData);
    await asm;
  }
  if (reason) throw new NotApplicable(reason);
  // Its parts download and gunzip side by side, each in its own worker (the main thread never sees
  // the gzip bytes).
  const parts = manifest.parts.map((part) => gunzipped(optional(SNAPSHOT_URL + part.name)));
  // The wheel is in preflight.js's second wave of preloads: fetched before that has begun, it would travel twice.
  const wheel = Promise.resolve(globalThis.nnvizBoot?.laterDownloads)
    .then(() => fetchOk(INDEX_URL + manifest.wheel)).then((r) => r.arrayBuffer()).then((b) => new Uint8Array(b));
  for (const promise of [wheel, ...parts]) promise.catch(() => {});
  return { parts, wheel };
}

function about(pyodide) {
  return { jspi: !!pyodide._module.jspiSupported, wasmMemoryBytes: () => pyodide._module.HEAP8.buffer.byteLength };
}

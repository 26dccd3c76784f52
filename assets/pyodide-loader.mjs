// PyScript's interpreter (pyscript.toml `interpreter`): Pyodide, booted from the build's memory snapshot
// when one applies, else the normal way. PyScript imports this module and calls its loadPyodide.
//
// Before anything big is downloaded it decides from the small manifest whether the snapshot applies:
// made for this runtime (format, Pyodide version, sha256 of the lock file that pins every file) and
// for this engine (a Chromium engine with the same WebAssembly features), and fast enough to fetch (the
// speed the preloaded pyodide.asm.wasm came at says whether its ~10 MB would arrive within
// DOWNLOAD_BUDGET_MS, about the CPU time it saves). Anything else - no snapshot built, another browser,
// a slow connection, a stale or corrupt snapshot, a failed restore or self-check - boots normally,
// saying so only with a console.info. The outcome is on <html data-boot="snapshot|normal"> and in
// window.nnvizRuntime {boot, reason, ms, wasmMemoryBytes()} for tests and the benchmark.

import {
  FORMAT, INDEX_URL, SNAPSHOT_URL, bytesOf, engineProfile, restoreSnapshot, sha256, version,
} from "./pyodide-snapshot.mjs";
import { loadPyodide as loadPyodideNormally } from "./vendor/pyodide/pyodide.mjs";

export { version };

/** Why this manifest does not apply here, or "" when it does (pure, so the rules read in one place). */
export function mismatch(manifest, runtime) {
  if (!manifest || !manifest.snapshot) return manifest?.reason || "no snapshot was built";
  if (manifest.format !== FORMAT) return `snapshot format ${manifest.format}, loader expects ${FORMAT}`;
  if (manifest.pyodide !== runtime.pyodide) return `snapshot is for Pyodide ${manifest.pyodide}, runtime is ${runtime.pyodide}`;
  if (manifest.lockSha256 !== runtime.lockSha256) return "snapshot was made for another runtime (lock file differs)";
  if (manifest.engine?.name !== runtime.engine.engine) return `snapshot is for ${manifest.engine?.name} engines only`;
  if (manifest.engine.wasmGC !== runtime.engine.wasmGC) return "this engine's WebAssembly features differ from the snapshot's";
  return "";
}

// The snapshot is used only if it would download in about the CPU time it saves (>= 2 s here).
export const DOWNLOAD_BUDGET_MS = 2000;

/** Bytes per ms the runtime's biggest file came at (index.html preloads it): null if unknown. */
async function observedRate(timeoutMs = 30_000) {
  const name = INDEX_URL + "pyodide.asm.wasm";
  const found = () => performance.getEntriesByName(name, "resource")[0];
  let entry = found();
  if (!entry && document.querySelector('link[rel="preload"][href$="pyodide.asm.wasm"]')) {
    entry = await new Promise((resolve) => {
      const observer = new PerformanceObserver(() => found() && done(found()));
      const timer = setTimeout(() => done(null), timeoutMs);
      const done = (e) => { observer.disconnect(); clearTimeout(timer); resolve(e); };
      observer.observe({ type: "resource", buffered: true });
    });
  }
  if (!entry || !entry.encodedBodySize) return null;
  return entry.encodedBodySize / Math.max(1, entry.responseEnd - entry.requestStart);
}

/** Why this connection is too slow for the snapshot, or "" (pure: the rule in one place). */
export function tooSlow(snapshotBytes, rate, saveData = false) {
  if (saveData) return "the browser asks to save data";
  if (!rate) return "the download speed could not be measured";
  const ms = snapshotBytes / rate;
  return ms > DOWNLOAD_BUDGET_MS ? `the connection is too slow: the snapshot would take ${(ms / 1000).toFixed(1)} s to download` : "";
}

async function fetchOk(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response;
}

function publish(info) {
  globalThis.nnvizRuntime = info;
  document.documentElement.dataset.boot = info.boot;
}

export async function loadPyodide(options = {}) {
  const started = performance.now();
  options = { ...options, indexURL: INDEX_URL };
  // The lock file is preloaded by index.html and read by Pyodide anyway: hand Pyodide our copy.
  const lock = await bytesOf((await fetchOk(INDEX_URL + "pyodide-lock.json")).body);
  options.lockFileURL = URL.createObjectURL(new Blob([lock], { type: "application/json" }));
  let reason;
  try {
    const manifest = await fetchOk(SNAPSHOT_URL + "manifest.json").then((r) => r.json(), () => null);
    const runtime = { pyodide: version, lockSha256: await sha256(lock), engine: engineProfile() };
    reason = mismatch(manifest, runtime);
    if (!reason) {
      // Meanwhile evaluate pyodide.asm.js, which either boot needs.
      const asm = typeof _createPyodideModule === "function" ? null : import(INDEX_URL + "pyodide.asm.js");
      reason = tooSlow(manifest.gzipBytes, await observedRate(), navigator.connection?.saveData);
      await asm;
    }
    if (!reason) {
      const wheel = fetchOk(INDEX_URL + manifest.wheel).then((r) => r.arrayBuffer()).then((b) => new Uint8Array(b));
      const snapshot = fetchOk(SNAPSHOT_URL + manifest.snapshot)
        .then((r) => bytesOf(r.body.pipeThrough(new DecompressionStream("gzip"))))
        .catch((error) => { throw new Error(`the snapshot file could not be read (${error?.message || error})`); });
      wheel.catch(() => {});
      snapshot.catch(() => {});
      const pyodide = await restoreSnapshot({ manifest, snapshot, wheel, options });
      publish({ boot: "snapshot", reason: "", ms: performance.now() - started, wasmMemoryBytes: memoryOf(pyodide) });
      return pyodide;
    }
  } catch (error) {
    reason = `snapshot not usable: ${error?.message || error}`;
  }
  console.info(`Pyodide starts the normal way (${reason}).`);
  const pyodide = await loadPyodideNormally(options);
  publish({ boot: "normal", reason, ms: performance.now() - started, wasmMemoryBytes: memoryOf(pyodide) });
  return pyodide;
}

function memoryOf(pyodide) {
  return () => pyodide._module.HEAP8.buffer.byteLength;
}

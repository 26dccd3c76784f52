// PyScript's interpreter (pyscript.toml `interpreter`): Pyodide, booted from the build's memory snapshot
// when one applies, else the normal way. PyScript imports this module and calls its loadPyodide.
//
// Before anything big is downloaded it decides from the small manifest whether the snapshot applies:
// made for this runtime (format, Pyodide version, sha256 of the lock file that pins every file) and
// for this engine (a Chromium engine with the same WebAssembly features). Anything else - no snapshot
// built, another browser, a stale or corrupt snapshot, a failed restore or self-check - boots normally,
// saying so only with a console.info. The outcome is on <html data-boot="snapshot|normal"> and in
// window.nnvizRuntime {boot, reason, ms, wasmMemoryBytes()} for tests and the benchmark.

import { FORMAT, INDEX_URL, SNAPSHOT_URL, bytesOf, restoreSnapshot, sha256, version } from "./pyodide-snapshot.mjs";
import { loadPyodide as loadPyodideNormally } from "./vendor/pyodide/pyodide.mjs";

export { version };

// `(module (type (func)) (func (param funcref) (result i32) local.get 0 ref.test 0))`: wasm GC's
// ref.test, which decides whether CPython's call trampoline takes a table slot.
const REF_TEST_MODULE = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x09, 0x02, 0x60, 0x00, 0x00, 0x60, 0x01, 0x70,
  0x01, 0x7f, 0x03, 0x02, 0x01, 0x01, 0x0a, 0x09, 0x01, 0x07, 0x00, 0x20, 0x00, 0xfb, 0x14, 0x00, 0x0b,
]);

/** The engine features a snapshot depends on: {engine: "chromium"|"other", wasmGC}. */
export function engineProfile(nav = globalThis.navigator) {
  const brands = (nav?.userAgentData?.brands || []).map((b) => b.brand);
  const ua = nav?.userAgent || "";
  const chromium = brands.includes("Chromium") || (/\bChrom(e|ium)\/\d/.test(ua) && !/CriOS|FxiOS|EdgiOS/.test(ua));
  let wasmGC = false;
  try {
    wasmGC = WebAssembly.validate(REF_TEST_MODULE);
  } catch {
    wasmGC = false;
  }
  return { engine: chromium ? "chromium" : "other", wasmGC };
}

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

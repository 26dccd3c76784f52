// Pyodide 0.27.7 booted from a memory snapshot that already has numpy imported: making one (at build
// time, scripts/snapshot.py drives makeSnapshot in headless Chromium) and restoring it (in the page,
// through assets/pyodide-loader.mjs, which decides whether a snapshot applies at all).
//
// Pyodide's own `_loadSnapshot` only restores linear memory. Four more things make it work with numpy:
//  * numpy's C extensions are wasm side modules whose code and function-table slots live outside
//    linear memory. Loading their .so files in a preRun hook, before the runtime starts, puts them at
//    the same memory and table addresses when the snapshot is made and when it is restored (Emscripten
//    places side modules by bumping __heap_base then, not by malloc). The layout is recorded in the
//    manifest and checked before the restore touches memory.
//  * makeMemorySnapshot() refuses a non-empty `loadedPackages`: numpy's files are unpacked, not installed
//    by loadPackage (which would also load all 19 of its libraries, where the imports open 12), so it
//    stays empty; the restore records numpy there.
//  * Emscripten's dlopen handle -> library map is JS state: it is re-created after the restore.
//  * The file system is JS state too: after a restore numpy's modules are in memory but its files are
//    not. Unpacking the wheel again took ~0.3 s of every start-up, for files that only an import of a
//    numpy module the snapshot did not import needs: they are unpacked on that first import instead.
// JSPI (WebAssembly stack switching) is hidden from Pyodide while it is made and while it is restored, so
// a snapshot boot never runs Python on a JSPI stack: with JSPI, 3 of 8 browser-suite runs of the
// feasibility spike crashed the renderer inside V8 (see README, "Start-up"). Pyodide then runs as it
// does in Firefox and Safari today.

import { loadPyodide as loadPyodideNormally, version } from "./vendor/pyodide/pyodide.mjs";

export { version };
export const FORMAT = 4;
export const INDEX_URL = new URL("./vendor/pyodide/", import.meta.url).href;
export const SNAPSHOT_URL = new URL("./vendor/snapshot/", import.meta.url).href;
const SITE_PACKAGES = "/lib/python3.12/site-packages/";

// Imported before the snapshot is taken: numpy and the standard modules our py/ and PyScript import
// (our own modules too: importOurModules).
export const SNAPSHOT_IMPORTS = [
  "numpy", "numpy.random", "numpy.linalg", "asyncio", "json", "math", "numbers", "dataclasses",
  "traceback", "urllib.parse", "inspect", "base64", "html", "typing",
];
// The Python the loader runs when it makes a snapshot and after it restores one, as one module
// (RESTORE_MODULE in sys.modules). The build compiles and imports it before the snapshot is taken, so a
// restore calls these functions without compiling Python: run as source (runPython), the three steps
// after a restore cost 2-4 % of a cold boot each, mostly Pyodide's own handling of source code.
export const RESTORE_MODULE = "_nnviz_restore";
export const RESTORE_SOURCE = `
import sys


def self_check():
    """A quick computation that must give the same text after a restore as when the snapshot was made
    (only C-level numpy: the page's start calls these anyway)."""
    import numpy as np
    w = (np.arange(250.0).reshape(10, 25) - 125.0) / 125.0
    x = 1.0 / (1.0 + np.exp(-(w @ (np.arange(25.0) / 24.0))))
    return repr((np.__version__, round(float(x.sum()), 12), float(np.dot(x, x))))


def reseed():
    """Random state seeded at import is frozen into the snapshot: reseed from fresh entropy."""
    for name in ("random", "numpy.random"):
        if name in sys.modules:
            sys.modules[name].seed()


class FilesOnDemand:
    """A last-resort import finder: the first import of a snapshot package's module that no other finder
    finds (its files are not unpacked yet) unpacks the package's files, then finds it the normal way."""

    def __init__(self, packages, unpack):
        self.packages, self.unpack = set(packages), unpack

    def find_spec(self, name, path=None, target=None):
        if not self.packages or name.partition(".")[0] not in self.packages:
            return None
        import importlib
        import importlib.machinery
        self.packages = ()
        self.unpack()
        importlib.invalidate_caches()
        return importlib.machinery.PathFinder.find_spec(name, path, target)


def files_on_demand(packages, unpack):
    sys.meta_path.append(FilesOnDemand(packages, unpack))


def import_our_modules(names):
    """Build time: import our modules (unpacked in the working directory); their source hashes, as
    hash-checked bytecode records them, as JSON."""
    import importlib
    import json
    import os
    hashes = {}
    for name in names:
        module = importlib.import_module(name)
        if getattr(module, "__file__", None) != os.path.join(os.getcwd(), name + ".py"):
            raise ImportError(f"{name} did not come from our modules' folder (a clash with another module's name?)")
        hashes[name] = file_hash(module.__file__)
    # The path finders' listing of the working directory is the build's: the page's is listed afresh.
    importlib.invalidate_caches()
    return json.dumps(hashes)


def file_hash(path):
    """A source file's hash, as hash-checked bytecode records it."""
    from _imp import source_hash
    from importlib._bootstrap_external import _RAW_MAGIC_NUMBER
    with open(path, "rb") as source:
        return source_hash(_RAW_MAGIC_NUMBER, source.read()).hex()


class Kept:
    """Loads a module the snapshot holds, as it was imported there (its own spec back)."""

    def __init__(self, module):
        self.module, self.spec = module, module.__spec__

    def create_module(self, spec):
        return self.module

    def exec_module(self, module):
        module.__spec__ = self.spec


class SnapshotModules:
    """Our modules as the snapshot imported them wait here, outside sys.modules, until one of them is
    imported (main.py's first import, after PyScript has written their files). Then all of them come
    back if every file has the source they were imported from, else none does and they are imported
    from the files as usual: an edited module never runs stale, nor an unedited one bound to an edited
    one's old code. Anything unexpected counts as a change. Where they came from goes to
    nnvizRuntime.modules. (It stays in sys.meta_path, empty: importlib is iterating over it.)"""

    def __init__(self, hashes):
        self.hashes = hashes
        self.modules = {name: sys.modules.pop(name) for name in hashes}

    def find_spec(self, name, path=None, target=None):
        if name not in self.modules:
            return None
        modules, self.modules = self.modules, {}
        try:
            changed = sorted(other for other, module in modules.items() if not self.same(other, module))
        except Exception as exc:
            changed = [f"({type(exc).__name__}: {exc})"]
        try:
            import js
            js.nnvizRuntime.modules = f"files: {', '.join(changed)} changed" if changed else "snapshot"
        except Exception:
            pass
        if changed:
            return None
        import importlib.util
        sys.modules.update({other: module for other, module in modules.items() if other != name})
        return importlib.util.spec_from_loader(name, Kept(modules[name]))

    def same(self, name, module):
        try:
            return file_hash(module.__file__) == self.hashes[name]
        except OSError:
            return False


def keep_our_modules(hashes):
    sys.meta_path.insert(0, SnapshotModules(hashes))`;
const INSTALL_RESTORE_MODULE = `
import sys
import types
module = types.ModuleType(name)
exec(compile(source, "<" + name + ">", "exec"), module.__dict__)
sys.modules[name] = module`;

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

// ------------------------------------------------------------------------------------------------
// A zip's entries (the wheel's shared libraries, our modules' names), read with a minimal zip reader
// (central directory + deflate-raw).
function zipEntries(bytes, what = "the numpy wheel") {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let end = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 65557); i--) {
    if (view.getUint32(i, true) === 0x06054b50) { end = i; break; }
  }
  if (end < 0) throw new Error(`${what} is not a zip file`);
  const names = new TextDecoder();
  const entries = [];
  let p = view.getUint32(end + 16, true);
  for (let n = view.getUint16(end + 10, true); n > 0; n--) {
    if (view.getUint32(p, true) !== 0x02014b50) throw new Error(`${what}'s zip directory is damaged`);
    const nameLength = view.getUint16(p + 28, true);
    const local = view.getUint32(p + 42, true);
    const start = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
    entries.push({
      name: names.decode(bytes.subarray(p + 46, p + 46 + nameLength)),
      method: view.getUint16(p + 10, true),
      data: bytes.subarray(start, start + view.getUint32(p + 20, true)),
    });
    p += 46 + nameLength + view.getUint16(p + 30, true) + view.getUint16(p + 32, true);
  }
  return entries;
}

async function inflate(entry) {
  if (entry.method === 0) return entry.data;
  if (entry.method !== 8) throw new Error(`zip method ${entry.method} is not supported`);
  // (A Response's body, not a Blob's: the 19 libraries inflate in 32 ms instead of 46.)
  return bytesOf(new Response(entry.data).body.pipeThrough(new DecompressionStream("deflate-raw")));
}

export async function bytesOf(stream) {
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

export async function fetchOk(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response;
}

/** A gzip file's bytes, downloaded and gunzipped on this thread. */
export async function gunzippedHere(url) {
  return bytesOf((await fetchOk(url)).body.pipeThrough(new DecompressionStream("gzip")));
}

/**
 * A gzip file's bytes, downloaded and gunzipped in a worker (assets/gunzip-worker.js) so the main thread
 * stays free; on the main thread where no worker can start (a sandboxed frame, a policy refusing workers).
 */
export function gunzipped(url) {
  const here = () => gunzippedHere(url);
  let worker;
  try {
    // The file is the worker's name, so it starts on it as soon as it runs: a message posted to a
    // worker still starting up waits for this thread's next turn, which the restore can hold for 0.3 s.
    worker = new Worker(new URL("./gunzip-worker.js", import.meta.url), { name: url });
  } catch {
    return here();
  }
  return new Promise((resolve, reject) => {
    worker.onerror = (event) => { // it never ran, or died: do it here
      event.preventDefault();
      worker.terminate();
      here().then(resolve, reject);
    };
    worker.onmessage = ({ data }) => {
      worker.terminate();
      if (data instanceof ArrayBuffer) resolve(new Uint8Array(data));
      else reject(new Error(data?.error || "the gunzip worker sent no bytes"));
    };
  });
}

/**
 * The snapshot's parts (scripts/snapshot_pack.py made them), checked: each part's bytes are its runs
 * [offset, length] of the snapshot file back to back. Resolves to the parts' bytes.
 */
export async function snapshotParts(manifest, parts) {
  const bytes = await Promise.all(parts);
  manifest.parts.forEach((part, i) => {
    const length = part.runs.reduce((sum, [, n]) => sum + n, 0);
    if (length !== bytes[i].length) throw new Error(`${part.name} holds ${bytes[i].length} bytes, its runs ${length}`);
  });
  return bytes;
}

/**
 * Put the snapshot file where Pyodide's restore would copy it: its header into `image` (the buffer
 * Pyodide was given), the memory image that follows into `heap` (the runtime's memory) at once, zeros
 * wherever no run covers below `written`, the end of what the runtime has written to its memory so far
 * (a new memory is all zeros: writing zeros past that end would only make the system commit ~16 MB of
 * pages; a `written` that is no place in that memory counts as all of it). Returns the header's length.
 * Pyodide then reads only the header: the memory image is copied once, not into `image` and again from
 * there (the renderer's peak is ~30 MB lower).
 */
export function placeSnapshot(manifest, partBytes, image, heap, written = heap.length) {
  if (!Number.isInteger(written) || written < 0 || written > heap.length) written = heap.length;
  const first = manifest.parts.findIndex((part) => part.runs[0]?.[0] === 0);
  if (first < 0) throw new Error("the snapshot's parts have no header");
  const bytes = partBytes[first];
  const header = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(4, true);
  const covered = [];
  manifest.parts.forEach((part, i) => {
    let at = 0;
    for (const [offset, length] of part.runs) {
      const run = partBytes[i].subarray(at, at + length);
      at += length;
      if (offset < header) image.set(run.subarray(0, header - offset), offset);
      const from = Math.max(offset, header);
      if (from < offset + length) {
        heap.set(run.subarray(from - offset), from - header);
        covered.push([from - header, offset + length - header]);
      }
    }
  });
  covered.push([manifest.bytes - header, manifest.bytes - header]);
  covered.sort((a, b) => a[0] - b[0]);
  let zeroFrom = 0;
  for (const [start, end] of covered) {
    if (start > zeroFrom && zeroFrom < written) heap.fill(0, zeroFrom, Math.min(start, written));
    zeroFrom = Math.max(zeroFrom, end);
  }
  return header;
}

export async function sha256(bytes) {
  const digest = await crypto.subtle.digest("SHA-256", bytes);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * The wheel's .so files as [{path, bytes, module}], in one fixed order (sorted), so placement is
 * repeatable; only those at `paths` if given. `module` is a promise of the compiled WebAssembly module:
 * each library starts compiling (on V8's background threads) as soon as it is inflated, so the preRun
 * hook only instantiates it.
 */
export async function sharedLibraries(wheel, paths = null) {
  const wanted = (e) => e.name.endsWith(".so") && (!paths || paths.includes(SITE_PACKAGES + e.name));
  const entries = zipEntries(wheel).filter(wanted);
  entries.sort((a, b) => (a.name < b.name ? -1 : 1));
  return Promise.all(entries.map(async (e) => {
    const bytes = await inflate(e);
    const module = WebAssembly.compile(bytes);
    module.catch(() => {}); // reported where it is awaited
    return { path: SITE_PACKAGES + e.name, bytes, module };
  }));
}

// ------------------------------------------------------------------------------------------------
// One loadPyodide call with numpy's libraries preloaded in preRun and JSPI hidden.
function withoutJspi(create) {
  const hidden = {};
  for (const name of ["Suspending", "Suspender"]) {
    const descriptor = Object.getOwnPropertyDescriptor(WebAssembly, name);
    if (descriptor) {
      hidden[name] = descriptor;
      delete WebAssembly[name];
    }
  }
  try {
    return create();
  } finally {
    for (const [name, descriptor] of Object.entries(hidden)) Object.defineProperty(WebAssembly, name, descriptor);
  }
}

/** Pyodide booted with numpy's libraries placed first; `beforeStart(Module)`, if given, is awaited once
 * they are, before the runtime starts. Resolves to {pyodide, layout, placed: {count, from, to}} (when
 * placing began and ended, in ms since navigation). */
async function loadWithLibraries(libraries, options, expected, beforeStart = null) {
  if (typeof globalThis._createPyodideModule !== "function") await import(INDEX_URL + "pyodide.asm.js");
  const real = globalThis._createPyodideModule;
  const layout = {};
  const placed = {};
  let abort;
  const aborted = new Promise((_, reject) => { abort = reject; });
  const preRun = (Module) => {
    Module.addRunDependency("nnviz-snapshot-libraries");
    layout.tableBefore = Module.wasmTable.length;
    (async () => {
      libraries = await libraries;
      placed.from = performance.now();
      // Each library as Emscripten's own preloading does it: instantiated from its compiled module
      // (which takes its memory and table slots, in this order), then registered by loadDynamicLibrary,
      // which finds it in preloadedWasm.
      // (A library's own dependencies would be read from `fs`; numpy's have none in Pyodide 0.27.)
      const files = new Map(libraries.map((l) => [l.path, l.bytes]));
      const fs = { findObject: (p) => (files.has(p) ? {} : null), readFile: (p) => files.get(p) };
      for (const { path, module } of libraries) {
        const flags = { loadAsync: true, nodelete: true, allowUndefined: true, global: false, fs };
        Module.preloadedWasm[path] = await Module.loadWebAssemblyModule(await module, flags, path, {});
        await Module.loadDynamicLibrary(path, flags, {});
        delete Module.preloadedWasm[path];
      }
      Object.assign(placed, { count: libraries.length, to: performance.now() });
      layout.table = Module.wasmTable.length;
      layout.heapBase = Module.GOT.__heap_base.value;
      layout.countArgsPtr = Module._PyEM_CountArgsPtr || 0;
      const wrong = expected && ["tableBefore", "table", "heapBase", "countArgsPtr"].filter((k) => layout[k] !== expected[k]);
      // Wrong layout: never restore. The run dependency stays open, so this module never starts.
      if (wrong && wrong.length) throw new Error(`numpy's libraries landed elsewhere (${wrong.join(", ")} differ)`);
      await beforeStart?.(Module);
      Module.removeRunDependency("nnviz-snapshot-libraries");
    })().catch(abort);
  };
  globalThis._createPyodideModule = (settings) => {
    // Emscripten runs Module.preRun last to first: first in the list runs after Pyodide's own.
    settings.preRun = [preRun, ...(settings.preRun || [])];
    return withoutJspi(() => real(settings));
  };
  try {
    const pyodide = await Promise.race([aborted, loadPyodideNormally({ ...options, indexURL: INDEX_URL })]);
    return { pyodide, layout, placed };
  } finally {
    globalThis._createPyodideModule = real;
  }
}

// ------------------------------------------------------------------------------------------------
// Emscripten's dlopen copies each library file into linear memory (struct dso's file_data, for other
// threads to load it from; Pyodide has none) and never frees it: 12 copies of numpy's .so files, 6.7 MB
// of the snapshot, are never read again. Where they sit in struct dso, after its name is checked:
const DSO_FILE_DATA = 28;
const DSO_FILE_SIZE = 32;
const DSO_NAME = 36;

/** Build time: free dlopen's copies of the libraries' files (zeroed first, so they travel as zeros).
 * `libraries`: [{path, bytes}]. All or none: every copy is checked first. Returns {freed: bytes, problem}
 * (problem: why none was freed; the snapshot is just bigger then, and tests/test_snapshot_heap.py fails). */
export function releaseLibraryCopies(M, libraries) {
  const fileOf = new Map(libraries.map((l) => [l.path, l.bytes]));
  const u32 = (at) => M.HEAPU32[at >>> 2];
  const copies = [];
  for (const [handle, library] of Object.entries(M.LDSO.loadedLibsByHandle)) {
    if (!+handle) continue;
    const at = +handle + DSO_NAME;
    const name = new TextDecoder().decode(M.HEAPU8.subarray(at, M.HEAPU8.indexOf(0, at)));
    if (name !== library.name) return { freed: 0, problem: `dlopen handle ${handle} is not laid out as expected` };
    const [data, size] = [u32(+handle + DSO_FILE_DATA), u32(+handle + DSO_FILE_SIZE)];
    if (!data) continue;
    const file = fileOf.get(name);
    const copy = M.HEAPU8.subarray(data, data + size);
    if (!file || size !== file.length || copy.some((b, i) => b !== file[i])) {
      return { freed: 0, problem: `dlopen handle ${handle}'s file copy is not ${name}` };
    }
    copies.push({ handle: +handle, data, copy });
  }
  for (const { handle, data, copy } of copies) {
    copy.fill(0);
    M._free(data);
    M.HEAPU32[(handle + DSO_FILE_DATA) >>> 2] = 0;
    M.HEAPU32[(handle + DSO_FILE_SIZE) >>> 2] = 0;
  }
  return { freed: copies.reduce((sum, { copy }) => sum + copy.length, 0), problem: null };
}

const IMPORTS = SNAPSHOT_IMPORTS.map((m) => `import ${m}`).join("\n");

/** Build time: which of the wheel's libraries SNAPSHOT_IMPORTS load, and the packages Pyodide records,
 * found by a first boot that installs numpy as Pyodide does: {used: Set of paths, packages}. */
async function librariesTheImportsLoad(libraries, options) {
  const { pyodide } = await loadWithLibraries(libraries, options);
  await pyodide.loadPackage(["numpy"], { messageCallback: () => {} });
  pyodide.runPython(IMPORTS);
  const opened = Object.entries(pyodide._module.LDSO.loadedLibsByHandle).filter(([handle]) => +handle);
  return { used: new Set(opened.map(([, library]) => library.name)), packages: { ...pyodide.loadedPackages } };
}

/** numpy's files into site-packages, as Pyodide's loadPackage unpacks them, without loading its libraries. */
function unpackWheel(pyodide, wheelBytes, wheelName) {
  pyodide._api.package_loader.unpack_buffer.callKwargs({
    buffer: wheelBytes, filename: wheelName, extract_dir: SITE_PACKAGES, installer: "pyodide.loadPackage", source: "pyodide",
  });
}

/** `fn(restore)`, with RESTORE_MODULE from sys.modules (no Python source compiled), released after. */
function withRestoreModule(pyodide, fn) {
  const restore = pyodide.pyimport(RESTORE_MODULE);
  try {
    return fn(restore);
  } finally {
    restore.destroy();
  }
}

/** `value` as a Python object, for one call (`fn(converted)`). */
function withPython(pyodide, value, fn) {
  const converted = pyodide.toPy(value);
  try {
    return fn(converted);
  } finally {
    converted.destroy();
  }
}

/** Build time: RESTORE_SOURCE compiled and imported, so the snapshot holds it. */
function installRestoreModule(pyodide) {
  withPython(pyodide, { name: RESTORE_MODULE, source: RESTORE_SOURCE },
    (scope) => pyodide.runPython(INSTALL_RESTORE_MODULE, { globals: scope }));
}

/**
 * Build time: our modules (`modules`: {bytes}, the zip the page serves) imported, so that a restore has
 * them already (their import was ~5 % of a cold boot). Returns the manifest's entry {hashes: {name:
 * source hash}}: a restore keeps them only where the page has those very sources (SnapshotModules).
 */
function importOurModules(pyodide, modules) {
  const names = zipEntries(modules.bytes, "py/modules.zip").map((e) => e.name).filter((n) => n.endsWith(".py")).map((n) => n.slice(0, -3));
  pyodide.unpackArchive(modules.bytes, "zip", { extractDir: pyodide.FS.cwd() });
  // (Their files are not in the snapshot, which holds memory only: PyScript writes them again.)
  const hashes = withRestoreModule(pyodide, (restore) =>
    withPython(pyodide, names.sort(), (list) => restore.import_our_modules(list)));
  return { hashes: JSON.parse(hashes) };
}

/**
 * Build time: boot, import SNAPSHOT_IMPORTS and our modules (if given), snapshot. Returns {snapshot:
 * Uint8Array, manifest}.
 * Only the libraries the imports load are placed (12 of the wheel's 19): Pyodide's loadPackage would
 * load every one, so numpy's files are unpacked instead, and Python's imports open the placed libraries.
 * A restore then instantiates 0.8 MB less wasm; a module that needs another library loads it when
 * first imported, as any dlopen after start-up does.
 */
export async function makeSnapshot({ wheel, wheelName, lockSha256, modules = null }) {
  const quiet = { stdout: () => {}, stderr: () => {} };
  const all = await sharedLibraries(wheel);
  const { used, packages } = await librariesTheImportsLoad(all, quiet);
  const libraries = all.filter((l) => used.has(l.path)); // (compiled modules instantiate again)
  const { pyodide, layout } = await loadWithLibraries(libraries, { ...quiet, _makeSnapshot: true });
  unpackWheel(pyodide, wheel, wheelName);
  const M = pyodide._module;
  const unplaced = libraries.filter((l) => !M.LDSO.loadedLibsByName[l.path]);
  if (unplaced.length) throw new Error("preloaded libraries not registered: " + unplaced.map((l) => l.path));
  pyodide._api.importlib.invalidate_caches();
  pyodide.runPython(IMPORTS);
  installRestoreModule(pyodide);
  const ours = modules ? importOurModules(pyodide, modules) : null;
  const selfCheck = withRestoreModule(pyodide, (restore) => restore.self_check());
  // Everything alive now lives as long as the page: frozen, the collector never walks its ~28,000 objects
  // again (start-up's collections took 14.6 ms, one of them 12; now 6-7 ms in all).
  pyodide.runPython("import gc\ngc.collect()\ngc.freeze()\ndel gc");
  // Python's start and the imports must not have added table slots (a restore would not have them), nor
  // loaded a library the first boot did not (it would have).
  if (M.wasmTable.length !== layout.table) {
    throw new Error(`the function table grew after preRun (${layout.table} -> ${M.wasmTable.length})`);
  }
  // dlopen's file copies go now; the build then zeroes malloc's free blocks (scripts/snapshot_heap.py),
  // from the heap's start to its end (sbrk(0)).
  const released = releaseLibraryCopies(M, libraries);
  const heap = {
    base: layout.heapBase, end: M._sbrk(0), libraryCopies: released.freed, problems: [released.problem].filter(Boolean),
  };
  const handles = {};
  for (const [handle, library] of Object.entries(M.LDSO.loadedLibsByHandle)) if (+handle) handles[handle] = library.name;
  const unopened = libraries.filter((l) => !Object.values(handles).includes(l.path));
  if (unopened.length) throw new Error("placed libraries the imports did not open: " + unopened.map((l) => l.path));
  const unplacedOpened = Object.values(handles).filter((name) => !libraries.some((l) => l.path === name));
  if (unplacedOpened.length) throw new Error("the imports opened libraries that were not placed: " + unplacedOpened);
  // (makeMemorySnapshot refuses a non-empty loadedPackages: numpy was unpacked, not loaded, so it is empty.)
  const snapshot = pyodide.makeMemorySnapshot();
  const manifest = {
    format: FORMAT, pyodide: version, wheel: wheelName, wheelSha256: await sha256(wheel), lockSha256,
    libraries: libraries.map((l) => l.path), handles, layout, selfCheck, imports: SNAPSHOT_IMPORTS, packages,
    modules: ours, jspi: false, bytes: snapshot.length, heap,
  };
  return { snapshot, manifest };
}

/**
 * Bytecode the build compiled (scripts/bytecode.py): our modules' and PyScript's own package's, written
 * by path from Python's working directory, where PyScript will write their sources; the loader writes
 * them after either boot.
 * Hash-checked: a module whose source differs (or a .pyc another Python cannot read) is compiled as
 * usual. Without it (not built, not downloaded) they all are.
 */
export async function writeBytecode(pyodide, entry, bytes) {
  try {
    bytes = await bytes;
  } catch {
    return;
  }
  if (!entry || !bytes) return;
  const cwd = pyodide.FS.cwd();
  for (const [path, offset, length] of entry.entries) {
    const file = `${cwd}/${path}`;
    pyodide.FS.mkdirTree(file.slice(0, file.lastIndexOf("/")));
    pyodide.FS.writeFile(file, bytes.subarray(offset, offset + length));
  }
}

/**
 * Run time: restore, from the manifest, the snapshot's parts and the numpy wheel (promises). Resolves to
 * {pyodide, libraries: {count, from, to}, modules} (placing numpy's libraries: see loadWithLibraries;
 * our modules, if the snapshot has them: "not imported yet", until main.py's first import decides
 * between the snapshot's and the files, SnapshotModules). Throws on any mismatch or failed check (the
 * loader then boots normally).
 *
 * Pyodide sizes the runtime's memory by the snapshot, so it creates the runtime only once it holds
 * one: it gets a buffer of that size at once, still empty, and the preRun hook holds the runtime's
 * start until the parts have arrived; Pyodide's restore then has them placed (placeSnapshot). Compiling
 * and instantiating the runtime and numpy's libraries so overlap the download of the parts instead of
 * following it.
 */
export async function restoreSnapshot({ manifest, parts, wheel, options }) {
  // Only its header is written: the memory image goes straight into the runtime's memory (placeSnapshot).
  const image = new Uint8Array(manifest.bytes);
  const partBytes = snapshotParts(manifest, parts)
    .catch((error) => { throw new Error(`the snapshot file could not be read (${error?.message || error})`); });
  const libraries = wheel.then(async (wheelBytes) => {
    if ((await sha256(wheelBytes)) !== manifest.wheelSha256) throw new Error("the numpy wheel differs from the snapshot's");
    const found = await sharedLibraries(wheelBytes, manifest.libraries);
    if (found.map((l) => l.path).join() !== manifest.libraries.join()) throw new Error("numpy's libraries differ from the snapshot's");
    return found;
  });
  for (const promise of [partBytes, libraries]) promise.catch(() => {}); // reported through the restore
  // The runtime starts once the parts are in; Pyodide's restore, after it has started, gets them placed.
  const beforeStart = async (Module) => {
    const bytes = await partBytes;
    const restore = Module.API.restoreSnapshot;
    Module.API.restoreSnapshot = (snapshot) => {
      Module.API.restoreSnapshot = restore; // once
      // The runtime has written nothing past its break: its stack and static data lie below the heap,
      // and everything it allocates lies below the break.
      const written = Module._sbrk(0);
      return restore(snapshot.subarray(0, placeSnapshot(manifest, bytes, snapshot, Module.HEAPU8, written)));
    };
  };
  // The snapshot's packages are in memory already: Pyodide must not install them again (see the top).
  const packages = (options.packages || []).filter((name) => !(name in manifest.packages));
  const restoreOptions = { ...options, packages, _loadSnapshot: image };
  const { pyodide, placed } = await loadWithLibraries(libraries, restoreOptions, manifest.layout, beforeStart);
  const M = pyodide._module;
  for (const [handle, name] of Object.entries(manifest.handles)) {
    if (!M.LDSO.loadedLibsByName[name]) throw new Error(`the snapshot opened ${name}, which was not placed`);
    M.LDSO.loadedLibsByHandle[handle] = M.LDSO.loadedLibsByName[name];
  }
  if (pyodide._api?.config) delete pyodide._api.config._loadSnapshot; // let the 44 MB go
  Object.assign(pyodide.loadedPackages, manifest.packages);
  const wheelBytes = await wheel;
  withRestoreModule(pyodide, (restore) => {
    // numpy's files, unpacked into site-packages on the first import that needs them (FilesOnDemand).
    withPython(pyodide, Object.keys(manifest.packages),
      (names) => restore.files_on_demand(names, () => unpackWheel(pyodide, wheelBytes, manifest.wheel)));
    restore.reseed();
    const check = restore.self_check();
    if (check !== manifest.selfCheck) throw new Error(`self-check gave ${check}, expected ${manifest.selfCheck}`);
    if (manifest.modules) withPython(pyodide, manifest.modules.hashes, (hashes) => restore.keep_our_modules(hashes));
  });
  return { pyodide, libraries: placed, modules: manifest.modules ? "not imported yet" : undefined };
}

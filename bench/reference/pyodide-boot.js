// Benchmark reference (bench/run.py only): time the bare runtime, step by step, in ms since navigation
// start: import pyodide.mjs -> loadPyodide() (wasm compile + Python start) -> loadPackage("numpy")
// (wheel unpack + shared libraries) -> `import numpy` (Python-level import). Steps run one after the
// other (the page's PyScript overlaps the numpy download with Python start; the CPU work is the same).
const marks = { script: performance.now() };
const status = document.getElementById("status");
try {
  const base = new URL("../../assets/vendor/pyodide/", location.href).href;
  const { loadPyodide } = await import(base + "pyodide.mjs");
  marks.imported = performance.now();
  const pyodide = await loadPyodide({ indexURL: base, stdout: () => {}, stderr: () => {} });
  marks.pyodide = performance.now();
  await pyodide.loadPackage("numpy", { messageCallback: () => {}, errorCallback: () => {} });
  marks.numpyLoaded = performance.now();
  pyodide.runPython("import numpy");
  marks.numpyImported = performance.now();
  marks.wasmMemoryBytes = pyodide._module.HEAP8.buffer.byteLength;
  status.textContent = "ready";
  window.__boot = marks;
  document.documentElement.dataset.ready = "1";
} catch (e) {
  status.textContent = "failed: " + e;
  window.__boot = { ...marks, error: String(e) };
  document.documentElement.dataset.ready = "error";
}

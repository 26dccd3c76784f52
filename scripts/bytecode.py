"""Bytecode for the snapshot boot: compiled once by the build, not by every visitor.

Before our main.py runs, PyScript writes its own Python package (pyscript/*.py, 14 files) and imports
it; then main.py imports our modules (py/, unpacked from py/modules.zip). Compiled from source, that costs
0.15-0.4 s of the page's start-up; from bytecode, a tenth of it. The build compiles both with the
page's own CPython (Pyodide's 3.12, in the build page; this machine's CPython is another version,
whose bytecode the page could not use) into hash-checked .pyc files: Python reads the source anyway
and uses a .pyc only while the source's hash matches it, so an edited module (or another PyScript's
package) is simply compiled again, never run stale. PyScript's package is read back from index.html
booted in the build browser, exactly as PyScript wrote it. The .pyc files travel as one gzip file
next to the snapshot, listed in its manifest under "bytecode" by path from Python's working
directory; the loader writes them there after the restore.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
from pathlib import Path

from modules_zip import page_modules
from vendor import sha256_of  # the build's one hashing helper for files

PYSCRIPT = Path("assets") / "vendor" / "pyscript"  # the vendored PyScript, whose bundle holds its package

COMPILE_JS = """async ({ names, files }) => {
  const { loadPyodide } = await import("/assets/vendor/pyodide/pyodide.mjs");
  const pyodide = await loadPyodide({ indexURL: "/assets/vendor/pyodide/", stdout: () => {}, stderr: () => {} });
  for (const name of names) {
    pyodide.FS.writeFile(name, new Uint8Array(await (await fetch("/py/" + name)).arrayBuffer()));
  }
  for (const [path, text] of Object.entries(files)) {
    pyodide.FS.mkdirTree(pyodide.FS.cwd() + "/" + path.slice(0, path.lastIndexOf("/")));  // absolute: mkdirTree needs it
    pyodide.FS.writeFile(path, text);
  }
  pyodide.globals.set("paths", pyodide.toPy([...names, ...Object.keys(files)]));
  return pyodide.runPython(`
import base64, json, py_compile
entries, blob = [], bytearray()
for path in paths:
    cfile = py_compile.compile(path, doraise=True, invalidation_mode=py_compile.PycInvalidationMode.CHECKED_HASH)
    data = open(cfile, "rb").read()
    entries.append([cfile, len(blob), len(data)])
    blob += data
json.dumps({"entries": entries, "data": base64.b64encode(bytes(blob)).decode()})`);
}"""

# PyScript's package as the booted page has it, by path from Python's working directory.
PYSCRIPT_PACKAGE_JS = """async () => {
  const { whenDefined } = await import("/assets/vendor/pyscript/core.js");
  const { interpreter } = await whenDefined("py");
  return interpreter.runPython(`
import json, pathlib
json.dumps({str(p): p.read_text(encoding="utf-8") for p in sorted(pathlib.Path("pyscript").glob("*.py"))})`);
}"""
READY_JS = "() => ['1', 'error'].includes(document.getElementById('app')?.dataset.ready)"


def module_files(root: Path) -> list[str]:
    """The modules PyScript unpacks next to each other (py/modules.zip), by file name."""
    return [path.name for path in page_modules(root / "py")]


def bytecode_key(root: Path, runtime_digests: dict[str, str]) -> str:
    """Changes with any module's source, PyScript (whose bundle holds its package's sources) or the
    runtime (whose CPython compiles them)."""
    sources = {name: sha256_of(root / "py" / name) for name in module_files(root)}
    pyscript = {path.name: sha256_of(path) for path in sorted((root / PYSCRIPT).glob("*.js"))}
    text = json.dumps({"sources": sources, "pyscript": pyscript, "runtime": runtime_digests}, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()


def is_current(out: Path, manifest: dict, key: str) -> bool:
    entry = manifest.get("bytecode") or {}
    path = out / entry.get("name", "-")
    return entry.get("key") == key and path.exists() and sha256_of(path) == entry.get("sha256")


def pyscript_package(context, origin: str) -> dict[str, str]:
    """PyScript's own Python files, read back from index.html booted (the normal way) in the build
    browser: {} if it does not boot (our modules' bytecode is still worth having)."""
    page = context.new_page()
    try:
        # The normal boot, whatever the snapshot folder holds mid-build: PyScript writes the same package.
        page.route("**/vendor/snapshot/manifest.json", lambda route: route.fulfill(
            status=200, content_type="application/json", body='{"snapshot": null, "reason": "build"}'))
        page.goto(origin + "/index.html")
        page.wait_for_function(READY_JS)
        return json.loads(page.evaluate(PYSCRIPT_PACKAGE_JS))
    except Exception as exc:  # noqa: BLE001 - any failure only costs PyScript's bytecode
        print(f"snapshot: PyScript's package not compiled ({type(exc).__name__}: {str(exc)[:200]})")
        return {}
    finally:
        page.close()


def compile_in_page(page, root: Path, out: Path, key: str) -> dict:
    """Compile in the build page, write the gzip file, return the manifest's "bytecode" entry."""
    origin = page.url.split("/scripts/")[0]
    files = pyscript_package(page.context, origin)
    result = json.loads(page.evaluate(COMPILE_JS, {"names": module_files(root), "files": files}))
    packed = gzip.compress(base64.b64decode(result["data"]), compresslevel=9, mtime=0)
    for old in out.glob("py-*.pyc.gz"):
        old.unlink()
    name = f"py-{key[:16]}.pyc.gz"
    (out / name).write_bytes(packed)
    return {"key": key, "name": name, "sha256": hashlib.sha256(packed).hexdigest(), "entries": result["entries"]}

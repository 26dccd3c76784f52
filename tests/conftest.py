"""Shared fixtures: py/ on the import path, a local static server, and a guarded browser page.

Every browser test gets a page that fails the test on any uncaught page error, any console
message carrying a Python traceback, any PyScript error box, and any request that goes
anywhere but the local server.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import threading
from contextlib import contextmanager
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
    """NNVIZ_CHROMIUM, else Debian's /usr/bin/chromium, else None (Playwright's own browser)."""
    configured = os.environ.get("NNVIZ_CHROMIUM")
    if configured:
        return configured
    for candidate in ("/usr/bin/chromium", shutil.which("chromium") or ""):
        if candidate and Path(candidate).exists():
            return candidate
    return None


class Server:
    def __init__(self, directory: Path, handler_class=None):
        from serve import Handler, make_server

        self.httpd = make_server(directory, 0, quiet=True, handler_class=handler_class or Handler)
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


def pyscript_toml(snapshot: str, site: Path = ROOT) -> str:
    """`site`'s pyscript.toml with the snapshot set to `snapshot` (off, always) on the loader's URL."""
    toml = (site / "pyscript.toml").read_text()
    return re.sub(r'(?m)^interpreter = "([^"?]+)[^"]*"', rf'interpreter = "\1?snapshot={snapshot}"', toml)


THROTTLED_DOCUMENT_MS = 15_000  # the page's document and its first scripts: well under 1 s at 20 Mbps


@contextmanager
def throttled_app(browser, origin: str, down_mbps: float, up_mbps: float, latency_ms: float, setup=None):
    """The app opened (as open_app does) in a guarded page in a context of its own (its own HTTP cache, so
    every file really travels) on a line throttled by CDP; its Guard is checked on the way out. `setup(page)`
    runs before the navigation (to listen to the console, say).

    Chromium 156's network emulation now and then never hands a new context its first responses (the server
    has sent them all; 6 of 32 loads at 100 Mbps on 2026-12-01, at this commit and at the day's first): a
    load whose document has not arrived after THROTTLED_DOCUMENT_MS is dropped, said so on stdout, and made
    again in a new context, at most three times in all."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    for attempt in (1, 2, 3):
        context = browser.new_context()
        try:
            page = context.new_page()
            page.guard = Guard(page, origin)
            cdp = context.new_cdp_session(page)
            cdp.send("Network.enable")
            cdp.send("Network.emulateNetworkConditions", {"offline": False, "latency": latency_ms,
                                                          "downloadThroughput": down_mbps * 1e6 / 8,
                                                          "uploadThroughput": up_mbps * 1e6 / 8})
            if setup:
                setup(page)
            try:
                page.goto(f"{origin}/index.html", wait_until="domcontentloaded", timeout=THROTTLED_DOCUMENT_MS)
            except PlaywrightTimeout:
                if attempt == 3:
                    raise
                print(f"throttled load {attempt}: the document never arrived (network emulation stalled); again")
                continue
            wait_until_ready(page)
            yield page
            page.guard.check(page)
            return
        finally:
            context.close()


def open_app(page, origin: str, query: str = "", ready: str = "1"):
    """Navigate and wait until #app says data-ready=`ready` (Python started and drew the page) and, once
    ready, for the frame the app asks for at start (it writes the address bar), so a test's own frame
    count starts from a page at rest."""
    page.goto(f"{origin}/index.html{query}")
    return wait_until_ready(page, ready)


def wait_until_ready(page, ready: str = "1"):
    """Wait until #app says data-ready=`ready` and, once ready, for the app's first frame (see open_app)."""
    page.wait_for_selector(f'#app[data-ready="{ready}"]', timeout=BOOT_TIMEOUT_MS, state="attached")
    if ready == "1":
        settle(page)
    return page


@pytest.fixture
def guarded(shared_context, server):
    """A fresh page (1280×800) with its Guard; checked after the test."""
    page = shared_context.new_page()
    guard = Guard(page, server.origin)
    page.guard = guard
    yield page
    try:
        if not page.is_closed():
            settle(page)  # a round trip: every event the page sent before it has arrived
        guard.check(page)
    finally:
        page.close()


@pytest.fixture
def app_page(guarded, server):
    """The visualizer, booted with default settings."""
    return open_app(guarded, server.origin)


def state(page) -> dict:
    return page.evaluate("() => window.nnviz.getState()")


def settle(page) -> None:
    """Wait until whatever the last action asked the app to draw has been drawn.

    requestAnimationFrame callbacks run in the order they were requested, so ours, requested after
    the action, runs after the app's render of it: no fixed sleep, however slow the machine.
    """
    page.evaluate("() => new Promise(done => requestAnimationFrame(() => done()))")



# ---- how a learner sees the page, and screenshots of it ----------------------------------------

VIEWS = {  # name -> (viewport, URL query, colour scheme)
    "laptop-1280x800": ({"width": 1280, "height": 800}, "", "light"),
    "phone-390x844": ({"width": 390, "height": 844}, "", "light"),
    "embed-720x600": ({"width": 720, "height": 600}, "?embed=1", "light"),
    "laptop-dark-1280x800": ({"width": 1280, "height": 800}, "", "dark"),
}


def open_as(page, origin: str, viewport: dict, query: str = "", scheme: str = "light"):
    """Open the app at this window size, URL query and colour scheme (one of VIEWS)."""
    page.set_viewport_size(viewport)
    page.emulate_media(color_scheme=scheme)
    return open_app(page, origin, query)


@contextmanager
def app_in_context(browser, server, **options):
    """The app in a browser context of its own (touch, forced colours, reduced motion: `options` for
    browser.new_context), guarded like `guarded`: checked after the block, then the context closes."""
    context = browser.new_context(**options)
    try:
        page = context.new_page()
        guard = Guard(page, server.origin)
        open_app(page, server.origin)
        yield page
        guard.check(page)
    finally:
        context.close()


def save_screenshot(page, name: str) -> Path:
    """tests/artifacts/NAME.png of what the window shows, for a person to look at; a blank one fails."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path))
    assert path.stat().st_size > 20_000
    return path


# ---- lanes: browser tests are marked, and run only when a Chromium can run them -------------

BROWSER_FIXTURES = {"server", "browser", "shared_context", "guarded", "app_page", "playwright_instance"}
GET_CHROMIUM = ("Install one: Debian/Ubuntu `apt-get install chromium` (used from /usr/bin/chromium), "
                "or set NNVIZ_CHROMIUM=/path/to/chromium. (`playwright install` needs the internet.)")


def browser_problem() -> str | None:
    """Why no browser test can run here, or None when Chromium is there and starts."""
    path = chromium_path()
    if path is None:
        try:
            from playwright.sync_api import sync_playwright

            with sync_playwright() as p:
                managed = p.chromium.executable_path  # Playwright's own download, if any
        except Exception as exc:  # any failure here means: no browser
            return f"Playwright cannot run ({exc})."
        if Path(managed).exists():
            return None
        return "No Chromium found (no /usr/bin/chromium, no NNVIZ_CHROMIUM, no Playwright browser)."
    if not Path(path).exists():
        return f"No Chromium at {path} (NNVIZ_CHROMIUM)."
    try:
        subprocess.run([path, "--version"], capture_output=True, check=True, timeout=60)
    except (OSError, subprocess.SubprocessError) as exc:
        return f"{path} does not run ({exc})."
    return None


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    """Mark every test that uses a browser fixture `browser`, before -m selects the lane."""
    for item in items:
        if BROWSER_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(trylast=True)
def pytest_collection_finish(session):
    """Without a browser, drop the browser tests with one message and fail the run (see below)."""
    wanted = [item for item in session.items if item.get_closest_marker("browser")]
    problem = browser_problem() if wanted else None
    if problem:
        session.items[:] = [item for item in session.items if item not in wanted]
        session.config.hook.pytest_deselected(items=wanted)
        session.config.stash[NO_BROWSER] = (problem, len(wanted))


NO_BROWSER = pytest.StashKey[tuple]()


def pytest_sessionfinish(session, exitstatus):
    """Browser tests that could not run are a failed run: CI must not go green without them."""
    if NO_BROWSER in session.config.stash and exitstatus in (0, pytest.ExitCode.NO_TESTS_COLLECTED):
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    if NO_BROWSER in config.stash:
        problem, count = config.stash[NO_BROWSER]
        terminalreporter.write_sep("=", "BROWSER TESTS NOT RUN", red=True, bold=True)
        terminalreporter.write_line(f"{count} browser tests need Chromium. {problem}")
        terminalreporter.write_line(GET_CHROMIUM)
        terminalreporter.write_line("The other tests ran; this run fails because the browser tests could not.")

"""The plumbing every section shares: where things are, the browser, fresh pages, the app's boot.

The server and the browser flags come from the test suite (tests/conftest.py), so the benchmark
loads the page exactly as the browser tests do.
"""

from __future__ import annotations

import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
REFERENCE = BENCH / "reference"
sys.path.insert(0, str(ROOT / "tests"))  # the test suite's server and browser helpers

from conftest import CHROMIUM_FLAGS, Server, chromium_path  # noqa: E402

BOOT_TIMEOUT_MS = 120_000
VIEWPORT = {"width": 1280, "height": 800}


def log(message):
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


class Bench:
    """What one run holds: Playwright, the server, the plan (run.Plan), one shared browser, warnings."""

    def __init__(self, playwright, server: Server, plan):
        self.p = playwright
        self.server = server
        self.plan = plan
        self.browser = None
        self.warnings: list[str] = []

    def shared_browser(self):
        if self.browser is None:
            self.browser = self.p.chromium.launch(
                executable_path=chromium_path(), args=CHROMIUM_FLAGS + ["--enable-precise-memory-info"])
        return self.browser

    def close(self):
        if self.browser is not None:
            self.browser.close()
            self.browser = None

    def watch(self, page, label):
        def on_error(exc):
            self.warnings.append(f"{label}: page error: {str(exc)[:300]}")

        def on_console(message):
            if "Traceback" in message.text or "PythonError" in message.text:
                self.warnings.append(f"{label}: console {message.type}: {message.text[:300]}")

        page.on("pageerror", on_error)
        page.on("console", on_console)

    @contextmanager
    def fresh_page(self, init_script, label=None):
        """A page in a new context of the shared browser, so no session sees another's state."""
        context = self.shared_browser().new_context(viewport=VIEWPORT)
        try:
            if init_script:
                context.add_init_script(init_script)
            page = context.new_page()
            if label:
                self.watch(page, label)
            yield page
        finally:
            context.close()

    @contextmanager
    def fresh_profile_page(self, init_script, label):
        """A page in a brand-new browser profile: an empty HTTP cache, as on a visitor's first load."""
        with tempfile.TemporaryDirectory(prefix="nnviz-bench-profile-") as profile:
            context = self.p.chromium.launch_persistent_context(
                profile, executable_path=chromium_path(), args=CHROMIUM_FLAGS, viewport=VIEWPORT)
            try:
                if init_script:
                    context.add_init_script(init_script)
                page = context.pages[0] if context.pages else context.new_page()
                self.watch(page, label)
                yield page
            finally:
                context.close()

    def open_app(self, page, query=""):
        page.goto(f"{self.server.origin}/index.html{query}", wait_until="commit")
        page.wait_for_selector('#app[data-ready="1"], #app[data-ready="error"]', state="attached",
                               timeout=BOOT_TIMEOUT_MS)
        if page.get_attribute("#app", "data-ready") != "1":
            detail = page.locator("#error").inner_text()
            raise RuntimeError(f"the page failed to start: {detail[:500]}")

"""A small recording stand-in for the browser, used by dom.py under CPython (never in the page).

Honest about what it is: a document of elements (fakenodes.py) with attributes, classList,
textContent, children and listeners, whose `innerHTML` is parsed into children and whose events
bubble; `document.writes` counts attribute and text writes. There is no layout, no CSS and no
rendering: `elementFromPoint` answers only what a test put in `document.hits`, and frames run
only when a test calls `window.run_frames`.
"""

from __future__ import annotations

import json
from types import SimpleNamespace

from fakenodes import Collection, Target, document

__all__ = ["File", "Window", "data_transfer", "document", "file_list", "window"]

class File:
    """A file as a file input or a drop hands it over: name, size in bytes, and its text."""

    def __init__(self, name: str, content: str | bytes):
        self.name = name
        self.content = content.encode("utf-8") if isinstance(content, str) else bytes(content)
        self.size = len(self.content)

    async def text(self) -> str:
        return self.content.decode("utf-8", "replace")


def file_list(*files) -> Collection:
    return Collection(files)


def data_transfer(*files) -> SimpleNamespace:
    """What a drag carries: files (and so the type "Files")."""
    return SimpleNamespace(files=file_list(*files), types=["Files"] if files else ["text/plain"])



class Window(Target):
    def reset(self, search: str = "", hash: str = "") -> None:
        self.listeners: dict[str, list] = {}
        self.reduced_motion = False  # what matchMedia('(prefers-reduced-motion: reduce)') answers
        self.innerWidth, self.innerHeight = 1280, 800
        self.clock = 0.0
        self.performance = SimpleNamespace(now=lambda: self.clock)
        self.location = SimpleNamespace(origin="http://localhost:8000", pathname="/", search=search,
                                        hash=hash)
        self.location.href = self.location.origin + self.location.pathname + search + hash
        self.addresses: list[str] = []  # every history.replaceState URL, in order
        self.history = SimpleNamespace(replaceState=lambda state, title, url: self.addresses.append(url))
        self.clipboard: list[str] = []
        self.downloads: list[tuple[str, str]] = []  # (file name, text) of every dom.download
        self.clipboard_refuses = False
        self.navigator = SimpleNamespace(clipboard=SimpleNamespace(writeText=self._write_clipboard))
        self.errors: list[str] = []
        self.console = SimpleNamespace(error=self.errors.append)
        self.JSON = SimpleNamespace(parse=json.loads, stringify=json.dumps)
        self.Object = SimpleNamespace(new=SimpleNamespace)
        self._frames: list = []

    async def _write_clipboard(self, text: str) -> None:
        if self.clipboard_refuses:
            raise PermissionError("clipboard refused")
        self.clipboard.append(text)

    def matchMedia(self, query: str):
        window = self

        class MediaQueryList:
            @property
            def matches(self) -> bool:
                return query == "(prefers-reduced-motion: reduce)" and window.reduced_motion

        return MediaQueryList()

    def requestAnimationFrame(self, callback) -> None:
        self._frames.append(callback)

    def run_frames(self, count: int = 1, ms_per_frame: float = 16.7) -> int:
        """Run up to `count` animation frames (each runs the callbacks requested before it)."""
        ran = 0
        while ran < count and self._frames:
            self.clock += ms_per_frame
            callbacks, self._frames = self._frames, []
            for callback in callbacks:
                callback(self.clock)
            ran += 1
        return ran




window = Window()
window.reset()

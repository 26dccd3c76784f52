"""The one door to the browser: every use of `js` and `pyodide.ffi` outside main.py is here.

In the page, `document` and `window` are the browser's, looked up when first used, never at import:
the build imports our modules into the start-up snapshot, where Pyodide's stand-in for the page's
globals cannot give them, and anything read from the build's page would reach every visitor (a test
checks that importing our modules reads nothing). Under CPython (`import js` fails) they are small
recording fakes (`fakedom.py`), so the views and the app run and are unit-tested in CPython in
milliseconds. Every JS proxy the page creates is owned by a `Listeners`, so none leaks.
"""

from __future__ import annotations

import asyncio
import json
import traceback

try:  # the browser bridge exists only inside Pyodide
    import js
    from pyodide.ffi import create_proxy

    IN_BROWSER = True
except ImportError:
    import fakedom

    IN_BROWSER = False

    def create_proxy(handler):
        return handler


class _Page:
    """The page's `document` and `window` (in CPython, the fakes'), each looked up once, when first used."""

    def __getattr__(self, name: str):  # only until the name is set on the instance
        if name not in ("document", "window"):
            raise AttributeError(name)
        value = getattr(js if IN_BROWSER else fakedom, name)
        setattr(self, name, value)
        return value


_page = _Page()


def __getattr__(name: str):  # dom.document and dom.window for the other modules
    if name in ("document", "window"):
        return getattr(_page, name)
    raise AttributeError(f"module 'dom' has no attribute {name!r}")


SVG_NS = "http://www.w3.org/2000/svg"


def by_id(element_id: str):
    element = _page.document.getElementById(element_id)
    if element is None:
        raise LookupError(f"the page has no element #{element_id}")
    return element


def html(tag: str, parent=None, text: str | None = None, **attrs):
    """Create an HTML element; attribute names use _ for - (aria_label -> aria-label)."""
    element = _page.document.createElement(tag)
    _apply(element, attrs)
    if text is not None:
        element.textContent = text
    if parent is not None:
        parent.appendChild(element)
    return element


def svg(tag: str, parent=None, **attrs):
    element = _page.document.createElementNS(SVG_NS, tag)
    _apply(element, attrs)
    if parent is not None:
        parent.appendChild(element)
    return element


def _apply(element, attrs: dict) -> None:
    for name, value in attrs.items():
        name = "class" if name == "class_" else name.replace("_", "-")
        element.setAttribute(name, str(value))


def children(element) -> list:
    """Python handles for an element's children, taken once after a rebuild."""
    return _listed(element.children)


def query_all(element, selector: str) -> list:
    """Python handles for every element under `element` matching `selector`."""
    return _listed(element.querySelectorAll(selector))


def _listed(collection) -> list:
    if IN_BROWSER:  # converted in one call, not two calls into the browser per element
        return js.Array.from_(collection).to_py(depth=1)
    return [collection.item(i) for i in range(collection.length)] if hasattr(collection, "item") else list(collection)


def element_at(x: float, y: float):
    return _page.document.elementFromPoint(x, y)


class Text:
    """A text slot that writes only when the text changes (starting from the text already there,
    so a pre-rendered page is adopted without a write)."""

    def __init__(self, element):
        self.element = element
        self.text = element.textContent

    def set(self, text: str) -> None:
        if text != self.text:
            self.text = text
            self.element.textContent = text


class Listeners:
    """Owns every proxy handed to the browser, and reports a failing handler through `on_error`
    instead of letting it vanish into the console."""

    def __init__(self, on_error=None):
        self.on_error = on_error
        self._entries = []  # (target, event, proxy); target None for a bare proxy

    def _guarded(self, handler):
        def run(*args):
            try:
                return handler(*args)
            except Exception as exc:
                if self.on_error is None:
                    raise
                self.on_error(exc)

        return run

    def add(self, target, event: str, handler):
        proxy = create_proxy(self._guarded(handler))
        target.addEventListener(event, proxy)
        self._entries.append((target, event, proxy))
        return proxy

    def proxy(self, handler):
        """A long-lived callable for the browser (the animation frame, the scripting API)."""
        proxy = create_proxy(handler)
        self._entries.append((None, None, proxy))
        return proxy

    def __len__(self) -> int:
        return len(self._entries)


class OnScreen:
    """Whether an element is on screen (or within `margin` of it), kept by an IntersectionObserver,
    so a panel below the fold can skip its updates while playing. Outside the browser, and until
    the observer's first report, it counts as on screen."""

    def __init__(self, element, listeners, margin: str = "0px"):
        self.visible = True
        if not IN_BROWSER:
            return
        from pyodide.ffi import to_js

        def seen(entries, *_):
            self.visible = bool(entries[len(entries) - 1].isIntersecting)  # the newest report wins

        options = to_js({"rootMargin": margin}, dict_converter=_page.window.Object.fromEntries)
        self.observer = _page.window.IntersectionObserver.new(listeners.proxy(seen), options)
        self.observer.observe(element)


def box_of(element):
    """The element's box on screen (left, top, right, bottom, width, height), for placing a popup."""
    return element.getBoundingClientRect()


_reduced_motion = None


def reduced_motion() -> bool:
    """True while the user asks for less motion (prefers-reduced-motion: reduce); follows changes."""
    global _reduced_motion
    if _reduced_motion is None:
        _reduced_motion = _page.window.matchMedia("(prefers-reduced-motion: reduce)")
    return bool(_reduced_motion.matches)


def request_frame(proxy) -> None:
    _page.window.requestAnimationFrame(proxy)


def now() -> float:
    """Milliseconds from the page's clock (performance.now)."""
    return _page.window.performance.now()


def query_string() -> str:
    return _page.window.location.search


def page_url(query: str) -> str:
    return _page.window.location.origin + _page.window.location.pathname + "?" + query


def replace_query(query: str) -> None:
    """Put `?query` in the address bar without a new history entry, keeping any #fragment."""
    try:
        _page.window.history.replaceState(None, "", "?" + query + _page.window.location.hash)
    except Exception:  # some embedding contexts forbid it; the copy-link button still works
        pass


async def copy_text(text: str) -> None:
    """Write to the clipboard; raises if the browser refuses (no permission, insecure origin)."""
    await _page.window.navigator.clipboard.writeText(text)


def run_soon(coroutine) -> None:
    """Start a coroutine from an event handler: on the page's event loop, or (CPython) to completion now."""
    if IN_BROWSER:
        asyncio.ensure_future(coroutine)
    else:
        asyncio.run(coroutine)


def log_error(exc: BaseException) -> None:
    _page.window.console.error("nnviz: " + "".join(traceback.format_exception(exc)))


EARLY_ACTIONS = ("toggle_play", "train_batch", "reset")  # what assets/early.js may queue


def take_early_actions() -> list[str]:
    """The presses assets/early.js queued while Python started (Play, Train, Reset), in order;
    `take()` also stops the queueing, so from now on only Python handles the buttons."""
    early = getattr(_page.window, "nnvizEarly", None)
    if early is None:
        return []
    return [name for name in list(early.take()) if name in EARLY_ACTIONS]


def plain(value):
    """Plain JS data: through JSON, so None arrives as null and nothing stays a proxy."""
    return _page.window.JSON.parse(json.dumps(value))


def json_text(value) -> str:
    """A JS value as JSON text."""
    return str(_page.window.JSON.stringify(value))


def export(name: str, functions: dict, listeners: Listeners) -> None:
    """Publish `window[name]` with one method per entry of `functions`."""
    obj = _page.window.Object.new()
    for key, fn in functions.items():
        setattr(obj, key, listeners.proxy(fn))
    setattr(_page.window, name, obj)


# ---- files: download, file input, drag-and-drop ------------------------------------------------


def download(filename: str, text: str, mime: str = "application/json") -> None:
    """Offer `text` as a file download (CPython: recorded in window.downloads)."""
    if not IN_BROWSER:
        _page.window.downloads.append((filename, text))
        return
    from pyodide.ffi import create_once_callable, to_js

    blob = _page.window.Blob.new(to_js([text]), to_js({"type": mime}, dict_converter=_page.window.Object.fromEntries))
    url = _page.window.URL.createObjectURL(blob)
    link = html("a", _page.document.body, href=url, download=filename)
    link.click()
    link.remove()
    _page.window.setTimeout(create_once_callable(lambda: _page.window.URL.revokeObjectURL(url)), 60_000)


def open_file_picker(file_input) -> None:
    file_input.value = ""  # so choosing the same file again still fires "change"
    file_input.click()


def chosen_file(file_input):
    """The file picked in an <input type=file>, or None."""
    files = file_input.files
    return files.item(0) if files is not None and files.length else None


def dropped_file(event):
    """The first file dropped by a drag-and-drop `event`, or None (text, links...)."""
    transfer = getattr(event, "dataTransfer", None)
    files = transfer.files if transfer is not None else None
    return files.item(0) if files is not None and files.length else None


def drags_files(event) -> bool:
    transfer = getattr(event, "dataTransfer", None)
    return transfer is not None and "Files" in list(transfer.types)


async def read_text(file) -> str:
    return await file.text()


def file_facts(file) -> tuple[str, int]:
    """(name, size in bytes)."""
    return str(file.name), int(file.size)


def closest_with(element, attribute: str):
    """`element` or its nearest ancestor carrying `attribute`, or None."""
    while element is not None and hasattr(element, "getAttribute"):
        if element.getAttribute(attribute) is not None:
            return element
        element = element.parentElement
    return None

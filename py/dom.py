"""The thin layer over the browser: element lookup, creation, listeners and write counting.

Every JS proxy the page creates goes through `Listeners`, so they can all be released.
`stats.writes` counts DOM writes so the benchmark can report writes per frame.
"""

from __future__ import annotations

from js import document
from pyodide.ffi import create_proxy

SVG_NS = "http://www.w3.org/2000/svg"


class Stats:
    writes = 0


stats = Stats()


def by_id(element_id: str):
    element = document.getElementById(element_id)
    if element is None:
        raise LookupError(f"the page has no element #{element_id}")
    return element


def html(tag: str, parent=None, text: str | None = None, **attrs):
    """Create an HTML element; attribute names use _ for - (aria_label -> aria-label)."""
    element = document.createElement(tag)
    _apply(element, attrs)
    if text is not None:
        element.textContent = text
    if parent is not None:
        parent.appendChild(element)
    return element


def svg(tag: str, parent=None, **attrs):
    element = document.createElementNS(SVG_NS, tag)
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
    collection = element.children
    return [collection.item(i) for i in range(collection.length)]


class Text:
    """A text node slot that writes only when the text changes."""

    def __init__(self, element):
        self.element = element
        self.text = None

    def set(self, text: str) -> None:
        if text != self.text:
            self.text = text
            self.element.textContent = text
            stats.writes += 1


class Listeners:
    """Owns every event-listener proxy, so a rebuild or shutdown can release them all."""

    def __init__(self):
        self._entries = []

    def add(self, target, event: str, handler, options=None):
        proxy = create_proxy(handler)
        if options is None:
            target.addEventListener(event, proxy)
        else:
            target.addEventListener(event, proxy, options)
        self._entries.append((target, event, proxy))
        return proxy

    def remove_all(self) -> None:
        for target, event, proxy in self._entries:
            target.removeEventListener(event, proxy)
            proxy.destroy()
        self._entries.clear()

    def __len__(self) -> int:
        return len(self._entries)

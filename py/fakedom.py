"""A small recording stand-in for the browser, used by dom.py under CPython (never in the page).

Honest about what it is: elements with attributes, classList, textContent, children and
listeners; `innerHTML` is recorded as written and parsed into children; events bubble to
ancestors; `document.writes` counts attribute and text writes. There is no layout,
no CSS and no rendering: `elementFromPoint` answers only what a test put in
`document.hits`, and frames run only when a test calls `window.run_frames`.
"""

from __future__ import annotations

import json
from html.parser import HTMLParser
from types import SimpleNamespace

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


class ClassList:
    def __init__(self, element):
        self._element = element

    def _names(self) -> list:
        return (self._element.getAttribute("class") or "").split()

    def _write(self, names) -> None:
        if names or self._element.getAttribute("class") is not None:  # as in the DOM: no class, no write
            self._element.setAttribute("class", " ".join(names))

    def contains(self, name) -> bool:
        return name in self._names()

    def add(self, *names) -> None:
        self._write(self._names() + [n for n in names if n not in self._names()])

    def remove(self, *names) -> None:
        self._write([n for n in self._names() if n not in names])

    def toggle(self, name, force=None) -> bool:
        on = not self.contains(name) if force is None else bool(force)
        self.add(name) if on else self.remove(name)
        return on


class Collection(list):
    @property
    def length(self) -> int:
        return len(self)

    def item(self, i):
        return self[i]


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


class Event(SimpleNamespace):
    defaultPrevented = False

    def preventDefault(self) -> None:
        self.defaultPrevented = True


class Element:
    def __init__(self, tag: str):
        self.tag = tag.lower()
        self.attributes: dict[str, str] = {}
        self.children = Collection()
        self.parent = None
        self.text = ""
        self.innerHTML_written = None
        self.style = SimpleNamespace()
        self.classList = ClassList(self)
        self.listeners: dict[str, list] = {}
        self._value = None
        self.pointer_captures: list = []
        self.rect = SimpleNamespace(left=0.0, top=0.0, right=10.0, bottom=10.0, width=10.0, height=10.0)  # no layout: a test may set it
        self.files = None  # for <input type=file>: a test puts a file_list(...) here

    # attributes, and the properties that reflect them
    def setAttribute(self, name, value) -> None:
        self.attributes[name] = str(value)
        document.writes += 1

    def getAttribute(self, name):
        return self.attributes.get(name)

    def removeAttribute(self, name) -> None:
        self.attributes.pop(name, None)
        document.writes += 1

    def _flag(name):
        def get(self):
            return name in self.attributes

        def put(self, on):
            self.setAttribute(name, "") if on else self.removeAttribute(name)

        return property(get, put)

    hidden, disabled, open = _flag("hidden"), _flag("disabled"), _flag("open")
    tagName = property(lambda self: self.tag.upper())
    parentNode = property(lambda self: self.parent)
    isContentEditable = property(lambda self: self.getAttribute("contenteditable") in ("", "true"))
    id = property(lambda self: self.getAttribute("id"))
    href = property(lambda self: self.getAttribute("href"), lambda self, v: self.setAttribute("href", v))

    @property
    def value(self) -> str:
        if self._value is not None:
            return self._value
        if self.tag == "select":
            options = [c for c in self.children if c.tag == "option"]
            chosen = [o for o in options if "selected" in o.attributes] or options[:1]
            return chosen[0].getAttribute("value") if chosen else ""
        return self.getAttribute("value") or ""

    @value.setter
    def value(self, text) -> None:
        self._value = str(text)

    # tree
    @property
    def parentElement(self):
        return self.parent

    def remove(self) -> None:
        if self.parent is not None:
            self.parent.children.remove(self)
            self.parent = None

    def appendChild(self, child):
        child.parent = self
        self.children.append(child)
        return child

    @property
    def textContent(self) -> str:
        return self.text + "".join(child.textContent for child in self.children)

    @textContent.setter
    def textContent(self, text) -> None:
        self.children = Collection()
        self.text = str(text)
        document.writes += 1

    @property
    def innerHTML(self) -> str:
        return self.innerHTML_written if self.innerHTML_written is not None else self.textContent

    @innerHTML.setter
    def innerHTML(self, markup: str) -> None:
        self.textContent = ""
        self.innerHTML_written = markup
        _Parser(self).feed(markup)

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()

    def _matches(self, selector: str) -> bool:
        if selector.startswith("."):
            return self.classList.contains(selector[1:])
        if selector.startswith("#"):
            return self.id == selector[1:]
        return self.tag == selector

    def closest(self, selector: str):
        node = self
        while node is not None and not (isinstance(node, Element) and node._matches(selector)):
            node = node.parent
        return node

    def querySelectorAll(self, selector: str) -> list:
        return [e for e in self.walk() if e is not self and e._matches(selector)]

    def querySelector(self, selector: str):
        found = self.querySelectorAll(selector)
        return found[0] if found else None

    # events
    def addEventListener(self, event, handler, options=None) -> None:
        self.listeners.setdefault(event, []).append(handler)

    def removeEventListener(self, event, handler) -> None:
        self.listeners.get(event, []).remove(handler)

    def dispatch(self, event_type: str, **fields) -> Event:
        """Fire an event at this element; it bubbles up through its ancestors, as in a browser."""
        event = Event(type=event_type, target=self, **fields)
        node = self
        while node is not None:
            for handler in list(node.listeners.get(event_type, [])):
                handler(event)
            node = node.parent
        for handler in list(document.listeners.get(event_type, [])):  # then the document itself
            handler(event)
        return event

    def click(self) -> None:
        self.dispatch("click", detail=0)

    def focus(self) -> None:
        document.activeElement = self

    def contains(self, other) -> bool:
        while other is not None:
            if other is self:
                return True
            other = other.parent
        return False

    def getBoundingClientRect(self):
        return self.rect

    def select(self) -> None:
        document.selection = self

    def isSameNode(self, other) -> bool:
        return self is other

    def setPointerCapture(self, pointer_id) -> None:
        self.pointer_captures.append(pointer_id)

    def __repr__(self) -> str:
        return f"<{self.tag} {self.attributes}>"


class _Parser(HTMLParser):
    """Markup into Elements under `root`: enough for index.html and our SVG fragments."""

    def __init__(self, root):
        super().__init__(convert_charrefs=True)
        self.stack = [root]

    def handle_starttag(self, tag, attrs):
        element = self.stack[-1].appendChild(Element(tag))
        for name, value in attrs:
            if name == "style":  # declarations go to element.style, as in a browser
                for declaration in (value or "").split(";"):
                    prop, _, text = declaration.partition(":")
                    if prop.strip():
                        words = prop.strip().split("-")
                        setattr(element.style, words[0] + "".join(w.title() for w in words[1:]), text.strip())
                continue
            element.setAttribute(name, "" if value is None else value)
        if tag not in VOID:
            self.stack.append(element)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.stack.pop()

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data):
        if data:
            self.stack[-1].appendChild(Element("#text")).text = data


class Target:
    """Listeners on the document or the window (events that are not about one element)."""

    def addEventListener(self, event, handler, options=None) -> None:
        self.listeners.setdefault(event, []).append(handler)

    def dispatch(self, event_type: str, **fields) -> Event:
        event = Event(type=event_type, target=fields.pop("target", self), **fields)
        for handler in list(self.listeners.get(event_type, [])):
            handler(event)
        return event


class Document(Target):
    writes = 0  # attribute and text writes since load: what "write only what changed" is checked by

    def load(self, markup: str) -> None:
        """Start over with the page `markup` (a whole HTML document)."""
        self.documentElement = Element("html")
        _Parser(self.documentElement).feed(markup)
        root = self.documentElement
        self.head = root.querySelector("head") or root.appendChild(Element("head"))
        self.body = root.querySelector("body") or root.appendChild(Element("body"))
        self.activeElement = self.body
        self.selection = None
        self.hits: dict = {}  # (x, y) -> element, for elementFromPoint
        self.writes = 0
        self.listeners: dict[str, list] = {}
        self.visibilityState = "visible"

    def getElementById(self, element_id: str):
        return next((e for e in self.documentElement.walk() if e.id == element_id), None)

    def createElement(self, tag: str) -> Element:
        return Element(tag)

    def createElementNS(self, namespace: str, tag: str) -> Element:
        return Element(tag)

    def elementFromPoint(self, x, y):
        return self.hits.get((x, y))


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


document = Document()
document.load("<html><head></head><body></body></html>")
window = Window()
window.reset()

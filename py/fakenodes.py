"""The fake document tree for fakedom.py: nodes, elements, their markup, and the one document.

Elements have attributes, classList, textContent, children and listeners; `innerHTML` is
recorded as written and parsed into children; events bubble to ancestors, then the document;
`document.writes` counts attribute and text writes. No layout, no CSS, no rendering.
"""

from __future__ import annotations

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



class Event(SimpleNamespace):
    defaultPrevented = False

    def preventDefault(self) -> None:
        self.defaultPrevented = True



class Node:
    """A place in the tree: children, text and markup, and listeners for events that bubble up."""

    def __init__(self, tag: str):
        self.tag = tag.lower()
        self.children = Collection()
        self.parent = None
        self.text = ""
        self.innerHTML_written = None
        self.listeners: dict[str, list] = {}

    parentNode = property(lambda self: self.parent)
    parentElement = property(lambda self: self.parent)

    def remove(self) -> None:
        if self.parent is not None:
            self.parent.children.remove(self)
            self.parent = None

    def appendChild(self, child):
        child.parent = self
        self.children.append(child)
        return child

    def contains(self, other) -> bool:
        while other is not None:
            if other is self:
                return True
            other = other.parent
        return False

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()

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

    def addEventListener(self, event, handler, options=None) -> None:
        self.listeners.setdefault(event, []).append(handler)

    def removeEventListener(self, event, handler) -> None:
        self.listeners.get(event, []).remove(handler)

    def dispatch(self, event_type: str, **fields) -> Event:
        """Fire an event at this node; it bubbles up through its ancestors, as in a browser."""
        event = Event(type=event_type, target=self, **fields)
        node = self
        while node is not None:
            for handler in list(node.listeners.get(event_type, [])):
                handler(event)
            node = node.parent
        for handler in list(document.listeners.get(event_type, [])):  # then the document itself
            handler(event)
        return event


class Element(Node):
    """A node with attributes, and the properties, queries and behaviour that read them."""

    def __init__(self, tag: str):
        super().__init__(tag)
        self.attributes: dict[str, str] = {}
        self.style = SimpleNamespace()
        self.classList = ClassList(self)
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

    # queries: a class, an id or a tag name
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

    # focus, pointer and geometry
    def click(self) -> None:
        self.dispatch("click", detail=0)

    def focus(self) -> None:
        document.activeElement = self

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
        """Text before any child is the element's own text, as `textContent = ...` leaves it, so a
        parsed `<span>✓</span>` and a written one look the same; text after a child is a text node."""
        parent = self.stack[-1]
        if not data:
            return
        if parent.children:
            parent.appendChild(Element("#text")).text = data
        else:
            parent.text += data


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



document = Document()
document.load("<html><head></head><body></body></html>")

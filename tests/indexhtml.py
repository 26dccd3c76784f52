"""index.html as a visitor gets it before Python starts: an element's attributes, text and options by id."""

from __future__ import annotations

from html.parser import HTMLParser

from conftest import ROOT


class _Elements(HTMLParser):
    def __init__(self):
        super().__init__()
        self.attrs: dict[str, dict] = {}
        self.text: dict[str, str] = {}
        self.options: dict[str, list[str]] = {}
        self._open: list[tuple[str, str]] = []  # (tag, id) of elements with an id still open

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "option" and self._open and self._open[-1][0] == "select":
            self.options.setdefault(self._open[-1][1], []).append(attrs.get("value"))
        if "id" in attrs:
            self.attrs[attrs["id"]] = attrs
            self.text[attrs["id"]] = ""
            if tag not in ("input", "img", "br", "meta", "link"):
                self._open.append((tag, attrs["id"]))

    def handle_endtag(self, tag):
        if self._open and self._open[-1][0] == tag:
            self._open.pop()

    def handle_data(self, data):
        for _, element_id in self._open:
            self.text[element_id] += data


def elements() -> _Elements:
    parser = _Elements()
    parser.feed((ROOT / "index.html").read_text())
    return parser

"""The app on dom.py's CPython stand-in for the browser (py/fakedom.py), loaded from the real index.html."""

from __future__ import annotations

import dom
import fakedom
from conftest import ROOT

assert not dom.IN_BROWSER


def start(query: str = "", hash: str = ""):
    """A fresh page and a fresh App, as after boot: one frame rendered, one pending (it writes the address bar)."""
    import app

    fakedom.document.load((ROOT / "index.html").read_text())
    fakedom.window.reset(search=query, hash=hash)
    visualizer = app.App(dom.query_string())
    visualizer.install_api()
    return visualizer


def frames(count: int = 1) -> int:
    return fakedom.window.run_frames(count)


def el(element_id: str):
    return dom.by_id(element_id)


def click(element_id: str, **fields):
    return el(element_id).dispatch("click", detail=1, **fields)


def set_input(element_id: str, value) -> None:
    """One finished step (a key press, a released drag, a chosen option): a new value, then the
    events a browser fires for it, input and change."""
    element = el(element_id)
    element.value = str(value)
    element.dispatch("input")
    element.dispatch("change")


def drag_input(element_id: str, value) -> None:
    """A slider in the middle of a drag: a new value and only the input event."""
    element = el(element_id)
    element.value = str(value)
    element.dispatch("input")

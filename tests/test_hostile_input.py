"""Bad input a hostile probe found, and the embed-code action, on the app in CPython (fakedom.py).

Each test is one thing a user (or a hand-edited URL) can do; the browser tests in
test_hostile_input_page.py check the drag and the copy action end to end.
"""

from __future__ import annotations

from html.parser import HTMLParser

import fakedom
import numpy as np
import pytest
import readouts
import settings as config
import share
from fakepage import click, el, frames, set_input, start
from network import MAX_SEED

window, document = fakedom.window, fakedom.document


def notice_text() -> str:
    return el("notice").querySelector(".notice-text").textContent


def neuron(layer: str, index: int):
    return next(e for e in el("network").walk()
                if e.getAttribute("data-layer") == layer and e.getAttribute("data-index") == str(index))


# --- drawing -------------------------------------------------------------------------------------

def test_dragging_from_the_grid_onto_the_diagram_paints_only_grid_cells():
    app = start("?tab=draw&hidden=64")
    cells = el("draw-grid").children
    document.hits = {(0, 0): cells[0], (1, 0): neuron("input", 7), (2, 0): neuron("hidden", 63),
                     (3, 0): neuron("output", 9), (4, 0): cells[1]}
    cells[0].dispatch("pointerdown", pointerId=1)
    for x in range(1, 5):
        el("draw-grid").dispatch("pointermove", clientX=x, clientY=0)
    el("draw-grid").dispatch("pointerup")
    assert np.flatnonzero(app.views.drawing.pixels).tolist() == [0, 1]
    assert el("notice").hidden and not window.errors


def test_a_press_or_key_on_the_grid_itself_paints_nothing():
    app = start("?tab=draw")
    el("draw-grid").dispatch("pointerdown", pointerId=1)
    el("draw-grid").dispatch("click", detail=0)
    assert not app.views.drawing.pixels.any() and not window.errors


# --- the address bar -----------------------------------------------------------------------------

def test_the_address_bar_keeps_the_fragment():
    start("?hidden=12", hash="#explanation")
    frames()
    assert window.addresses == ["?hidden=12&lr=0.5&seed=0&speed=1&tab=train#explanation"]


def test_reset_after_the_largest_seed_wraps_to_0_and_the_link_reads_back():
    app = start(f"?seed={MAX_SEED}")
    click("reset")
    frames()
    assert app.trainer.seed == 0 and window.addresses[-1].endswith("seed=0&speed=1&tab=train")
    assert config.parse_query(window.addresses[-1]) == (app.settings, [])


def test_the_shared_learning_rate_is_the_one_in_use():
    app = start("?lr=0.123456")
    assert app.trainer.learning_rate == 0.123456
    frames()
    assert "lr=0.123456&" in window.addresses[-1]
    click("copy-link")
    assert "lr=0.123456&" in window.clipboard[-1]


@pytest.mark.parametrize("query", ["?hidden=٣", "?hidden=６４", "?speed=٢٠", "?lr=0_5"])
def test_non_ascii_digits_and_underscores_are_refused_with_a_notice(query):
    app = start(query)
    assert app.settings == config.DEFAULTS and (app.trainer.hidden, app.trainer.learning_rate) == (10, 0.5)
    assert notice_text().startswith("Ignored ")


def test_four_hundred_bad_parameters_give_a_short_notice():
    start("?" + "&".join(f"hidden=x{i}" for i in range(400)))
    text = notice_text()
    assert len(text) < 200 and text.endswith("Using 10. And 399 more ignored values.")


# --- a learning rate so large that training stalls -----------------------------------------------

def test_a_stalled_network_is_reported_once_with_what_to_do():
    app = start("?lr=10&hidden=64")
    click("train")
    frames()
    assert app.trainer.saturated
    assert notice_text() == readouts.stalled_notice(10, 64)
    assert "lower it, then press Start over (or New weights)" in notice_text()
    el("notice").querySelector(".notice-close").dispatch("click")
    click("train")
    frames()
    assert el("notice").hidden  # not repeated for the same network
    click("reset")
    click("train")
    frames()
    assert not el("notice").hidden  # new weights, stalled again: said again
    assert notice_text() == readouts.stalled_notice(10, 64)


def test_healthy_training_says_nothing_about_stalling():
    app = start()
    for _ in range(10):
        click("train")
        frames()
    assert app.trainer.accuracy == 1 and el("notice").hidden


# --- copy embed code -----------------------------------------------------------------------------

class IframeReader(HTMLParser):
    def __init__(self, markup: str):
        super().__init__()
        self.tags = []
        self.feed(markup)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def test_embed_code_is_an_iframe_sized_for_the_embed_with_the_url_escaped():
    url = 'https://example.org/nn/?hidden=6&lr=0.5&embed=1&x="><script>'
    code = share.embed_code(url)
    [(tag, attrs)] = IframeReader(code).tags
    assert tag == "iframe" and code.endswith("></iframe>")
    assert attrs == {"src": url, "width": "720", "height": "600", "style": "border:0", "loading": "lazy",
                     "title": "Neural Network Visualizer"}
    assert "&amp;" in code and code.count("<") == 2 and code.count('"') == 12  # only the tags' own


def test_copy_embed_code_copies_an_iframe_of_the_current_settings_with_embed_on():
    app = start("?seed=3")
    set_input("hidden", 6)  # the slider's input, then its change (the new network applies on change)
    click("copy-embed")  # before the next frame: the settings already have hidden=6
    url = "http://localhost:8000/?hidden=6&lr=0.5&seed=3&speed=1&tab=train&embed=1"
    assert window.clipboard == [share.embed_code(url)]
    assert el("share-url").value == share.embed_code(url) and not el("share-url").hidden
    assert el("share-url").getAttribute("aria-label") == "Embed code for these settings"
    assert notice_text() == "Embed code copied to the clipboard."
    assert not app.settings.embed  # the page itself stays as it is


def test_copy_embed_code_falls_back_to_the_selected_field():
    start()
    window.clipboard_refuses = True
    click("copy-embed")
    assert notice_text() == "Copy the selected embed code below."
    assert document.selection is el("share-url") and el("share-url").value.startswith("<iframe src=")
    click("copy-link")  # the same field then offers the link, labelled as such
    assert el("share-url").value.startswith("http://") and notice_text() == "Copy the selected link below."
    assert el("share-url").getAttribute("aria-label") == "Link to these settings"

"""Bad input and the embed-code action, in the real page in Chromium: what only a browser shows.

The logic is pinned in CPython (test_hostile_input.py); these check the same behaviours end
to end: a real drag across the page, a real clipboard, a real iframe, the real address bar.
"""

from __future__ import annotations

import pytest
from conftest import Guard, Server, open_app, state

pytestmark = pytest.mark.browser


def centre(box: dict) -> tuple[float, float]:
    return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2


def pressed_cells(page) -> list[int]:
    return page.eval_on_selector_all('#draw-grid [aria-pressed="true"]',
                                     "els => els.map(e => +e.dataset.index)")


def test_dragging_from_the_draw_grid_onto_the_diagram_paints_only_the_cells_touched(guarded, server):
    page = open_app(guarded, server.origin, "?tab=draw&hidden=64")
    start = centre(page.locator('#draw-grid [data-index="24"]').bounding_box())
    page.mouse.move(*start)
    page.mouse.down()
    # Out of the grid to the right, then over input, hidden and output neurons of the diagram:
    # each carries a data-index (up to 63 here), none is a cell of the grid.
    for layer, index in (("input", 3), ("input", 12), ("hidden", 40), ("hidden", 63), ("output", 9)):
        target = centre(page.locator(f'#network [data-layer="{layer}"][data-index="{index}"]').bounding_box())
        page.mouse.move(*target, steps=8)
    page.mouse.up()
    assert pressed_cells(page) == [24]
    assert page.locator("#notice").is_hidden()  # no "Something went wrong"


def test_the_address_bar_keeps_the_fragment_of_the_link_that_opened_the_page(guarded, server):
    page = open_app(guarded, server.origin, "?hidden=12&lr=0.123456#explanation")
    page.locator("#train").click()
    page.wait_for_function("() => window.nnviz.getState().iteration === 100")
    assert page.evaluate("() => location.hash") == "#explanation"
    assert page.evaluate("() => location.search") == "?hidden=12&lr=0.123456&seed=0&speed=1&tab=train"


def test_copy_embed_code_gives_an_iframe_that_embeds_the_current_settings(browser, server, tmp_path):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server.origin)
    page = context.new_page()
    guard = Guard(page, server.origin)
    try:
        open_app(page, server.origin, "?seed=4")
        page.locator("#hidden").fill("7")
        page.click("#copy-embed")
        page.locator("#notice").wait_for(state="visible")
        assert page.inner_text("#notice .notice-text") == "Embed code copied to the clipboard."
        snippet = page.evaluate("() => navigator.clipboard.readText()")
        query = "hidden=7&amp;lr=0.5&amp;seed=4&amp;speed=1&amp;tab=train&amp;embed=1"
        src = f"{server.origin}/index.html?{query}"
        assert snippet == (f'<iframe src="{src}" width="720" height="600" style="border:0" loading="lazy" '
                           'title="Neural Network Visualizer"></iframe>')
        assert page.input_value("#share-url") == snippet

        # A blog post on another origin pastes it: the tool starts there with those settings.
        (tmp_path / "post.html").write_text(f"<!doctype html><title>A post</title><p>The tool:</p>{snippet}")
        host = Server(tmp_path)
        try:
            guard.origins.append(host.origin)
            page.goto(f"{host.origin}/post.html")
            frame = page.frame_locator("iframe")
            frame.locator('#app[data-ready="1"]').wait_for(state="attached", timeout=90_000)
            assert frame.locator("body.embed").count() == 1
            assert frame.locator("#hidden-value").inner_text() == "7"
            assert frame.locator("#network line").count() == 7 * 25 + 10 * 7
        finally:
            host.close()
        guard.check(page)
    finally:
        context.close()


def test_copy_embed_code_shows_it_selected_when_the_clipboard_is_refused(browser, server):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    context.add_init_script(
        "navigator.clipboard.writeText = () =>"
        " Promise.reject(new DOMException('denied', 'NotAllowedError'));")
    page = context.new_page()
    guard = Guard(page, server.origin)
    try:
        open_app(page, server.origin)
        page.click("#copy-embed")
        page.wait_for_function(
            "() => document.querySelector('#notice .notice-text').textContent.includes('selected')")
        assert page.inner_text("#notice .notice-text") == "Copy the selected embed code below."
        field = page.locator("#share-url")
        assert field.is_visible() and field.get_attribute("readonly") is not None
        selection = page.evaluate(
            "() => { const f = document.activeElement;"
            " return [f.id, f.value.slice(f.selectionStart, f.selectionEnd)]; }")
        assert selection[0] == "share-url" and selection[1] == page.input_value("#share-url")
        assert selection[1].startswith('<iframe src="') and "embed=1" in selection[1]
        guard.check(page)
    finally:
        context.close()


def test_a_learning_rate_that_stalls_training_is_explained_in_a_notice(guarded, server):
    page = open_app(guarded, server.origin, "?lr=10&hidden=64")
    page.locator("#train").click()
    page.locator("#notice").wait_for(state="visible")
    text = page.inner_text("#notice .notice-text")
    assert text.startswith("Training has stalled") and "learning rate 10 is too large for 64" in text
    assert state(page)["loss"] == pytest.approx(1.78, abs=0.005) and state(page)["accuracy"] == 10

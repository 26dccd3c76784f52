"""After start-up, an exception in any event handler or frame shows a visible notice; none is lost
in the console. Each test makes one browser call the handler relies on throw, then uses it."""

from __future__ import annotations

import pytest


@pytest.fixture
def broken_page(app_page):
    app_page.guard.allow_errors = True  # the exception is the point
    return app_page


def notice_says_something_went_wrong(page) -> str:
    page.wait_for_selector("#notice:not([hidden])", timeout=5000)
    text = page.inner_text("#notice .notice-text")
    assert "Something went wrong" in text and "injected fault" in text, text
    return text


def test_error_in_the_digit_picker_shows_a_notice(broken_page):
    page = broken_page
    page.click("#play")  # picking a digit while playing pauses, which relabels the Play button
    page.evaluate("""() => Object.defineProperty(document.querySelector('#play .label'), 'textContent',
        { set() { throw new Error('injected fault'); }, get() { return 'Pause'; } })""")
    page.get_by_role("button", name="Digit 4").click()
    notice_says_something_went_wrong(page)


def test_error_in_the_draw_grid_shows_a_notice(broken_page):
    page = broken_page
    page.get_by_role("tab", name="Draw").click()
    page.evaluate("""() => { document.getElementById('draw-grid').setPointerCapture =
        () => { throw new Error('injected fault'); }; }""")
    page.locator("#draw-grid [data-index='12']").click()
    notice_says_something_went_wrong(page)


def test_error_in_the_notice_close_button_shows_a_notice(broken_page):
    page = broken_page
    page.evaluate("""() => { const n = document.getElementById('notice');
        n.querySelector('.notice-text').textContent = 'An earlier notice'; n.hidden = false;
        Object.defineProperty(n, 'hidden', { set() { throw new Error('injected fault'); },
            get() { return this.hasAttribute('hidden'); } }); }""")
    page.click("#notice .notice-close")
    notice_says_something_went_wrong(page)


def test_error_in_an_animation_frame_shows_a_notice(broken_page):
    page = broken_page
    page.evaluate("""() => { const label = document.getElementById('iterations');
        Object.defineProperty(label, 'textContent', { set() { throw new Error('injected fault'); }, get() { return ''; } }); }""")
    page.click("#train")
    notice_says_something_went_wrong(page)

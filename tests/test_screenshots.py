"""Screenshots after training, at laptop and phone width, for a person to look at.

Saved into tests/artifacts/ (git-ignored). Each also checks the shot shows a trained tool.
"""

from __future__ import annotations

import pytest
from conftest import ARTIFACTS, open_app, settle, state

pytestmark = pytest.mark.screenshot  # make screenshots

SIZES = {
    "laptop-1280x800": ({"width": 1280, "height": 800}, "", "light"),
    "phone-390x844": ({"width": 390, "height": 844}, "", "light"),
    "embed-720x600": ({"width": 720, "height": 600}, "?embed=1", "light"),
    "laptop-dark-1280x800": ({"width": 1280, "height": 800}, "", "dark"),
}


@pytest.mark.parametrize("name", list(SIZES))
def test_screenshot_after_training(guarded, server, name):
    viewport, query, scheme = SIZES[name]
    page = guarded
    page.set_viewport_size(viewport)
    page.emulate_media(color_scheme=scheme)
    open_app(page, server.origin, query)
    for _ in range(6):
        page.click("#train")
    page.get_by_role("button", name="Digit 3").click()
    settle(page)
    assert state(page)["iteration"] == 600
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(path))
    assert path.stat().st_size > 20_000
    if name.startswith("phone"):
        page.evaluate("window.scrollTo(0, document.querySelector('.controls').offsetTop - 8)")
        page.screenshot(path=str(ARTIFACTS / f"{name}-controls.png"))

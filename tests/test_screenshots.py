"""Screenshots after training, at laptop and phone width, for a person to look at.

Saved into tests/artifacts/ (git-ignored). Each also checks the shot shows a trained tool.
"""

from __future__ import annotations

import pytest
from conftest import ARTIFACTS, VIEWS, open_as, save_screenshot, settle, state

pytestmark = pytest.mark.screenshot  # make screenshots


@pytest.mark.parametrize("name", list(VIEWS))
def test_screenshot_after_training(guarded, server, name):
    page = open_as(guarded, server.origin, *VIEWS[name])
    for _ in range(6):
        page.click("#train")
    page.get_by_role("button", name="Digit 3").click()
    settle(page)
    assert state(page)["iteration"] == 600
    page.evaluate("window.scrollTo(0, 0)")
    # The diagram is its own compositor layer: let it be rastered where it has scrolled back into view.
    page.evaluate("() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))")
    save_screenshot(page, name)
    if name.startswith("phone"):
        page.evaluate("window.scrollTo(0, document.querySelector('.controls').offsetTop - 8)")
        page.screenshot(path=str(ARTIFACTS / f"{name}-controls.png"))

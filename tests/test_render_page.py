"""The parts of index.html that py/ owns (ranges, defaults, speeds, viewBoxes) are generated, not copied."""

from __future__ import annotations

import re

import pytest
import render_page
from conftest import ROOT

PAGE = (ROOT / "index.html").read_text()


def test_committed_index_html_is_what_the_code_generates():
    assert render_page.render(PAGE) == PAGE, "index.html is stale: run python3 scripts/render_page.py"


def test_a_changed_fact_in_py_changes_the_page(monkeypatch):
    monkeypatch.setattr(render_page.config, "MAX_HIDDEN", 32)
    assert 'id="hidden" min="1" max="32"' in render_page.render(PAGE)


def test_a_missing_region_is_an_error():
    with pytest.raises(ValueError, match="speed-options"):
        render_page.render(re.sub(r"<!-- begin: speed-options -->", "", PAGE))


def test_static_page_shows_the_defaults_the_code_starts_with():
    import settings
    from trainer import BATCH_SIZE

    d = settings.DEFAULTS
    low, high = settings.MIN_HIDDEN, settings.MAX_HIDDEN
    assert f'id="hidden" min="{low}" max="{high}" step="1" value="{d.hidden}"' in PAGE
    assert f'value="{settings.lr_to_slider(d.lr)}" aria-valuetext="{settings.format_lr(d.lr)}"' in PAGE
    assert re.findall(r'<option value="(\d+)"', PAGE) == [str(s) for s in settings.SPEEDS]
    assert f"-->{BATCH_SIZE}<!--" in PAGE

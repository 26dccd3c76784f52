"""The parts of index.html that py/ owns (ranges, defaults, speeds, viewBoxes) are generated, not copied."""

from __future__ import annotations

import re

import pytest
import render_page
from conftest import ROOT

PAGE = (ROOT / "index.html").read_text()


def test_committed_index_html_is_what_the_code_generates():
    assert render_page.render(PAGE) == PAGE, "index.html is stale: run make page"


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


def test_the_default_state_is_pre_rendered_by_the_app_itself(monkeypatch):
    """Diagram, stats, bars and thumbnails in index.html come from running the App: another
    default seed gives other weights, so other markup."""
    import settings

    monkeypatch.setattr(settings, "DEFAULTS", settings.DEFAULTS._replace(seed=1))
    changed = render_page.render(PAGE)
    region = re.compile(r"<!-- begin: network-svg -->(.*?)<!-- end: network-svg -->", re.DOTALL)
    assert region.search(changed).group(1) != region.search(PAGE).group(1)
    assert region.search(PAGE).group(1).count("<line ") == 350


def test_pre_rendered_stats_show_iteration_0_and_the_untrained_loss():
    import settings
    from trainer import Trainer

    d = settings.DEFAULTS
    trainer = Trainer(hidden=d.hidden, learning_rate=d.lr, seed=d.seed)
    assert "<!-- begin: iterations -->0<!--" in PAGE
    assert f"<!-- begin: loss -->{trainer.loss:.4f}<!--" in PAGE


def test_make_page_checks_the_palette_stylesheet_with_the_page(monkeypatch, capsys):
    """`make page` writes both generated files; --check names a stale one and writes nothing."""
    assert render_page.main(["--check"]) == 0
    stylesheet = ROOT / render_page.palette.STYLESHEET
    before = stylesheet.read_text()
    monkeypatch.setattr(render_page.palette, "stylesheet", lambda: before + "/* changed */\n")
    capsys.readouterr()
    assert render_page.main(["--check"]) == 1
    said = capsys.readouterr().out
    assert "assets/palette.css differ" in said and "index.html" not in said
    assert stylesheet.read_text() == before

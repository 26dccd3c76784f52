"""Colour maths (scripts/colourcheck.py) and what it says about the page's colours."""

from __future__ import annotations

import palette
import pytest
from colourcheck import (
    STYLE,
    VISIONS,
    blend,
    contrast_ratio,
    css_variables,
    delta_e_2000,
    hex_to_rgb,
    sign_table,
    simulate,
    to_lab,
)

WHITE, BLACK = (255.0, 255.0, 255.0), (0.0, 0.0, 0.0)


def theme(name):
    variables = css_variables(STYLE.read_text())
    merged = {**variables["light"], **variables[name]}
    return {k: hex_to_rgb(v) for k, v in merged.items() if v.strip().startswith("#")}


# --- the maths ---------------------------------------------------------------------------------

@pytest.mark.parametrize("lab1, lab2, expected", [
    # Sharma, Wu & Dalal (2005), the CIEDE2000 test data.
    ((50, 2.6772, -79.7751), (50, 0, -82.7485), 2.0425),
    ((50, 3.1571, -77.2803), (50, 0, -82.7485), 2.8615),
    ((50, -1.3802, -84.2814), (50, 0, -82.7485), 1.0000),
    ((50, 2.5, 0), (73, 25, -18), 27.1492),
    ((60.2574, -34.0099, 36.2677), (60.4626, -34.1751, 39.4387), 1.2644),
    ((22.7233, 20.0904, -46.6940), (23.0331, 14.9730, -42.5619), 2.0373),
])
def test_delta_e_2000_matches_the_published_test_data(lab1, lab2, expected):
    assert delta_e_2000(lab1, lab2) == pytest.approx(expected, abs=1e-4)
    assert delta_e_2000(lab2, lab1) == pytest.approx(expected, abs=1e-4)


def test_contrast_ratio_runs_from_1_to_21():
    assert contrast_ratio(BLACK, WHITE) == pytest.approx(21)
    assert contrast_ratio(hex_to_rgb("#767676"), WHITE) == pytest.approx(4.54, abs=0.01)
    assert contrast_ratio(hex_to_rgb("#d7263d"), hex_to_rgb("#1f6fd1")) == pytest.approx(1.0, abs=0.01)


def test_white_lab_is_100_and_black_is_0():
    assert to_lab(WHITE) == pytest.approx((100, 0, 0), abs=1e-3)
    assert to_lab(BLACK) == pytest.approx((0, 0, 0), abs=1e-3)


@pytest.mark.parametrize("vision", VISIONS)
def test_every_simulation_keeps_white_and_black(vision):
    assert simulate(WHITE, vision) == pytest.approx(WHITE, abs=0.5)
    assert simulate(BLACK, vision) == pytest.approx(BLACK, abs=0.5)


def test_greyscale_keeps_only_luminance():
    r, g, b = simulate(hex_to_rgb("#d7263d"), "greyscale")
    assert r == g == b


def test_red_green_confusion_shows_under_protanopia_and_deuteranopia_not_tritanopia():
    red, green = hex_to_rgb("#d62728"), hex_to_rgb("#2ca02c")
    seen = {v: delta_e_2000(to_lab(simulate(red, v)), to_lab(simulate(green, v))) for v in VISIONS}
    assert seen["protanopia"] < seen["normal"] / 2 and seen["deuteranopia"] < seen["normal"] / 2
    assert seen["tritanopia"] > seen["protanopia"]


def test_blend_goes_from_background_to_colour():
    red = hex_to_rgb("#ff0000")
    assert blend(red, WHITE, 0.0) == WHITE and blend(red, WHITE, 1.0) == red
    assert blend(red, WHITE, 0.5) == (255, 127.5, 127.5)


def test_css_variables_reads_both_themes_from_the_stylesheet():
    variables = css_variables(STYLE.read_text())
    assert {"--pos", "--neg", "--panel", "--highlight"} <= set(variables["light"])
    assert {"--pos", "--neg", "--panel"} <= set(variables["dark"])


# --- the page's colours --------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["light", "dark"])
def test_weight_signs_differ_in_lightness_not_only_in_hue(name):
    c = theme(name)
    assert contrast_ratio(c["--pos"], c["--neg"]) >= 2.0  # was 1.00 (light) and 1.12 (dark)


@pytest.mark.parametrize("name", ["light", "dark"])
def test_every_weight_level_keeps_its_sign_apart_under_colour_blindness(name):
    c = theme(name)
    table = sign_table(c["--pos"], c["--neg"], c["--panel"], palette.WEIGHT_OPACITY)
    for vision in ("normal", "protanopia", "deuteranopia", "tritanopia"):
        assert min(table[vision]) >= 10, (vision, table[vision])  # was 4.9 at the faintest level


@pytest.mark.parametrize("name", ["light", "dark"])
def test_strong_weights_keep_their_sign_in_greyscale(name):
    c = theme(name)
    grey = sign_table(c["--pos"], c["--neg"], c["--panel"], palette.WEIGHT_OPACITY)["greyscale"]
    assert all(a < b for a, b in zip(grey[:5], grey[1:5]))  # lightness apart grows with level
    assert min(grey[3:]) >= 8  # the faint ones rely on the dashes (palette.weight_dash)


@pytest.mark.parametrize("name", ["light", "dark"])
def test_text_and_state_indicators_meet_wcag_aa(name):
    c = theme(name)
    for surface in ("--panel", "--bg"):
        for text in ("--ink", "--muted", "--highlight"):
            assert contrast_ratio(c[text], c[surface]) >= 4.5, (text, surface)
        assert contrast_ratio(c["--accent"], c[surface]) >= 3, surface  # selected tab, thumbnail, focus ring
    assert contrast_ratio(c["--accent-ink"], c["--accent"]) >= 4.5  # the Play button

"""Colour buckets: weights and activations become CSS classes, and the CSS for those classes."""

import re

import numpy as np
import palette
import pytest
from palette import (
    ACTIVATION_CLASSES,
    ACTIVATION_LEVELS,
    WEIGHT_CLASSES,
    WEIGHT_LEVELS,
    activation_codes,
    activation_rgb,
    weight_codes,
    weight_style,
)


def sign_and_level(code):
    return ("negative" if code >= WEIGHT_LEVELS else "positive"), code % WEIGHT_LEVELS


def relative_luminance(rgb):
    def channel(c):
        c = c / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


# --- weights -------------------------------------------------------------------------------------

def test_positive_weights_are_red_codes_and_negative_weights_blue_codes():
    w = np.array([0.05, 0.3, 1.5, 9.0, -0.05, -0.3, -1.5, -9.0])
    codes = weight_codes(w)
    assert (codes[:4] < WEIGHT_LEVELS).all()
    assert (codes[4:] >= WEIGHT_LEVELS).all()
    assert [weight_style(c)[0] for c in codes] == ["positive"] * 4 + ["negative"] * 4
    assert [WEIGHT_CLASSES[c][:2] for c in codes] == ["wp"] * 4 + ["wn"] * 4


def test_a_weight_and_its_negative_have_the_same_level():
    w = np.linspace(0.0, 6.0, 601)[1:]
    assert np.array_equal(weight_codes(w) + WEIGHT_LEVELS, weight_codes(-w))


def test_zero_weight_is_positive_level_zero():
    assert weight_codes(np.array([0.0, -0.0])).tolist() == [0, 0]
    assert WEIGHT_CLASSES[0] == "wp0"


def test_weight_level_never_decreases_as_magnitude_grows():
    magnitudes = np.concatenate([np.linspace(0, 6, 2001), [10.0, 1e3, 1e300]])
    for sign in (1, -1):
        levels = weight_codes(sign * magnitudes) % WEIGHT_LEVELS
        assert (np.diff(levels) >= 0).all()
        assert levels[0] == 0 and levels[-1] == WEIGHT_LEVELS - 1
        assert set(levels.tolist()) == set(range(WEIGHT_LEVELS))


@pytest.mark.parametrize("level, edge", list(enumerate(palette.WEIGHT_EDGES.tolist(), start=1)))
def test_bucket_edges_belong_to_the_upper_bucket(level, edge):
    below = np.nextafter(edge, 0.0)
    assert weight_codes(np.array([below, edge])).tolist() == [level - 1, level]
    negative = weight_codes(np.array([-below, -edge])).tolist()
    assert negative == [WEIGHT_LEVELS + level - 1, WEIGHT_LEVELS + level]


def test_weight_codes_keep_matrix_order_row_by_row():
    w = np.array([[0.0, -0.3], [1.5, -9.0]])
    assert weight_codes(w).tolist() == [0, WEIGHT_LEVELS + 2, 4, WEIGHT_LEVELS + 6]


def test_every_code_names_a_class():
    rng = np.random.default_rng(0)
    codes = weight_codes(rng.normal(0, 3, size=5000))
    assert codes.min() >= 0 and codes.max() < len(WEIGHT_CLASSES)
    assert len(WEIGHT_CLASSES) == 2 * WEIGHT_LEVELS == len(set(WEIGHT_CLASSES))


@pytest.mark.parametrize("offset", [0, WEIGHT_LEVELS])
def test_stroke_width_and_opacity_increase_with_level(offset):
    styles = [weight_style(offset + level) for level in range(WEIGHT_LEVELS)]
    widths = [s[1] for s in styles]
    opacities = [s[2] for s in styles]
    assert all(a < b for a, b in zip(widths, widths[1:]))
    assert all(a < b for a, b in zip(opacities, opacities[1:]))
    assert all(0 < o <= 1 for o in opacities)


def test_positive_and_negative_of_a_level_differ_in_colour_and_dash_not_in_size():
    for level in range(WEIGHT_LEVELS):
        pos, neg = weight_style(level), weight_style(WEIGHT_LEVELS + level)
        assert (pos[0], neg[0]) == ("positive", "negative")
        assert pos[1:] == neg[1:]
        assert palette.weight_dash(level) is None and palette.weight_dash(WEIGHT_LEVELS + level)


def test_negative_dashes_leave_a_visible_gap_around_round_caps():
    for level in range(WEIGHT_LEVELS):
        dash, gap = map(float, palette.weight_dash(WEIGHT_LEVELS + level).split())
        width = palette.WEIGHT_WIDTHS[level]
        assert gap - width >= 2 and dash >= 3  # a round cap adds width/2 at each end of a dash


# --- activations ---------------------------------------------------------------------------------

def test_activation_zero_is_level_zero_and_one_is_the_top_level():
    assert activation_codes(np.array([0.0, 1.0])).tolist() == [0, ACTIVATION_LEVELS - 1]


def test_activations_outside_zero_to_one_are_clipped():
    codes = activation_codes(np.array([-0.5, -1e9, -np.inf, 1.5, 1e9, np.inf]))
    assert codes.tolist() == [0, 0, 0, ACTIVATION_LEVELS - 1, ACTIVATION_LEVELS - 1, ACTIVATION_LEVELS - 1]


def test_nan_activation_is_level_zero():
    with np.errstate(all="raise"):
        codes = activation_codes(np.array([np.nan, 0.5, np.nan]))
    assert codes.tolist() == [0, 5, 0]


def test_activation_level_never_decreases_and_names_a_class():
    a = np.linspace(0, 1, 1001)
    codes = activation_codes(a)
    assert (np.diff(codes) >= 0).all()
    assert set(codes.tolist()) == set(range(ACTIVATION_LEVELS)) == set(range(len(ACTIVATION_CLASSES)))


def test_activation_codes_accept_a_5x5_image_and_keep_row_major_order():
    image = np.zeros((5, 5))
    image[1, 3] = 1.0
    codes = activation_codes(image)
    assert codes.shape == (25,)
    assert np.flatnonzero(codes).tolist() == [8]


def test_activation_colours_get_darker_with_level():
    lum = [relative_luminance(activation_rgb(level)) for level in range(ACTIVATION_LEVELS)]
    assert all(a > b for a, b in zip(lum, lum[1:]))
    assert activation_rgb(0) == palette.ACTIVATION_LIGHT
    assert activation_rgb(ACTIVATION_LEVELS - 1) == palette.ACTIVATION_DARK


def test_activation_colours_are_valid_rgb():
    for level in range(ACTIVATION_LEVELS):
        rgb = activation_rgb(level)
        assert len(rgb) == 3 and all(isinstance(c, int) and 0 <= c <= 255 for c in rgb)


# --- generated CSS -------------------------------------------------------------------------------

RULE = re.compile(r"#network \.([\w-]+)(?:,\.weight-key \.\1)?\{([^}]*)\}")


def rules():
    """The bucket rules (not the legend's ramp, nor the forced-colours block)."""
    return [line for line in palette.css().splitlines() if line.startswith("#network ")]


def declarations(name):
    for line in rules():
        m = RULE.fullmatch(line)
        if m and m.group(1) == name:
            return dict(d.split(":", 1) for d in m.group(2).split(";"))
    raise AssertionError(f"no rule for {name}")


def test_css_has_exactly_one_rule_per_class():
    names = [RULE.fullmatch(line).group(1) for line in rules()]
    assert sorted(names) == sorted(WEIGHT_CLASSES + ACTIVATION_CLASSES)


def test_css_weight_rules_also_style_the_legend_key():
    for name in WEIGHT_CLASSES:
        assert f"#network .{name},.weight-key .{name}{{" in palette.css()


def test_css_draws_the_legend_ramp_from_the_weakest_to_the_strongest_activation():
    light, dark = activation_rgb(0), activation_rgb(ACTIVATION_LEVELS - 1)
    [ramp] = [line for line in palette.css().splitlines() if line.startswith(".ramp")]
    light, dark = (f"rgb({r},{g},{b})" for r, g, b in (light, dark))
    assert ramp == f".ramp{{background:linear-gradient(90deg,{light},{dark})}}"


def test_css_colours_weights_with_the_theme_variables():
    for name in WEIGHT_CLASSES:
        stroke = declarations(name)["stroke"]
        assert stroke == ("var(--pos)" if name.startswith("wp") else "var(--neg)")


def test_css_weight_rules_match_weight_style_and_dash_only_negatives():
    for code, name in enumerate(WEIGHT_CLASSES):
        _, width, opacity = weight_style(code)
        d = declarations(name)
        assert (float(d["stroke-width"]), float(d["stroke-opacity"])) == (width, opacity)
        assert d.get("stroke-dasharray") == palette.weight_dash(code)


def test_css_activation_rules_fill_with_their_colour():
    text = palette.css()
    for level, name in enumerate(ACTIVATION_CLASSES):
        r, g, b = activation_rgb(level)
        assert f"#network .{name}{{fill:rgb({r},{g},{b})}}" in text


def test_forced_colours_keep_activation_levels_as_a_mix_of_background_and_text_colour():
    [block] = [line for line in palette.css().splitlines() if line.startswith("@media (forced-colors: active)")]
    shares = [float(o) for o in re.findall(r"fill:color-mix\(in srgb,CanvasText ([\d.]+)%,Canvas\)", block)]
    assert len(shares) == ACTIVATION_LEVELS
    assert shares[0] == 0 and shares[-1] == 100
    assert all(a < b for a, b in zip(shares, shares[1:]))


def test_css_is_balanced_and_has_no_stray_markup():
    text = palette.css()
    assert text.count("{") == text.count("}")
    assert "<" not in text and ">" not in text

"""The shareable settings: URL query parsing and validation, the log learning-rate slider, formatting."""

import math
import re

import indexhtml
import network
import pytest
import settings
from settings import (
    MAX_SEED,
    Settings,
    format_lr,
    lr_to_slider,
    parse_query,
    slider_to_lr,
    to_query,
)

DEFAULT = Settings(hidden=10, lr=0.5, seed=0, speed=1, tab="train", embed=False)

# What each field's notice must say a valid value looks like (the text the user reads).
EXPECTED = {
    "hidden": "a whole number from 1 to 64",
    "lr": "a number from 0.01 to 10",
    "seed": "a whole number from 0 to 4294967295",
    "speed": "one of 1, 5, 20",
    "tab": "train or draw",
    "embed": "1 or 0",
}
# How each field's default is written in the notice's "Using ..." sentence.
DEFAULT_SHOWN = {"hidden": "10", "lr": "0.5", "seed": "0", "speed": "1", "tab": "train"}


def two_sig_grid():
    """Every learning rate with two significant digits in 0.01..10 (what the slider can label)."""
    values = {10.0}
    for exponent in (-2, -1, 0):
        for mantissa in range(10, 100):
            values.add(settings.round_sig(mantissa * 10.0 ** (exponent - 1), 2))
    return sorted(v for v in values if 0.01 <= v <= 10)


# --- defaults ------------------------------------------------------------------------------------

@pytest.mark.parametrize("query", ["", "?", "?&"])
def test_empty_query_gives_the_defaults_without_notices(query):
    s, notices = parse_query(query)
    assert s == DEFAULT
    assert notices == []


def test_the_defaults_are_the_models_own_and_the_page_shows_them_before_python_starts():
    net = network.Network()
    assert (settings.DEFAULTS.hidden, settings.DEFAULTS.lr) == (net.hidden, net.learning_rate)
    page = indexhtml.elements()
    hidden, lr = page.attrs["hidden"], page.attrs["lr"]
    assert hidden["value"] == page.text["hidden-value"] == str(settings.DEFAULTS.hidden)
    assert (int(hidden["min"]), int(hidden["max"])) == (network.MIN_HIDDEN, network.MAX_HIDDEN)
    assert int(lr["value"]) == lr_to_slider(settings.DEFAULTS.lr) and int(lr["max"]) == settings.LR_STEPS
    assert lr["aria-valuetext"] == page.text["lr-value"] == format_lr(settings.DEFAULTS.lr)
    assert page.options["speed"] == [str(v) for v in settings.SPEEDS]
    assert page.options["speed"][0] == str(settings.DEFAULTS.speed)  # the first option shows first


# --- valid values --------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "query, field, value",
    [
        ("hidden=1", "hidden", 1),
        ("hidden=64", "hidden", 64),
        ("hidden=37", "hidden", 37),
        ("hidden=%207%20", "hidden", 7),
        ("lr=0.01", "lr", 0.01),
        ("lr=10", "lr", 10.0),
        ("lr=0.25", "lr", 0.25),
        ("lr=1e-1", "lr", 0.1),
        ("seed=0", "seed", 0),
        ("seed=12345", "seed", 12345),
        (f"seed={2**32 - 1}", "seed", 2**32 - 1),
        ("speed=1", "speed", 1),
        ("speed=5", "speed", 5),
        ("speed=20", "speed", 20),
        ("tab=train", "tab", "train"),
        ("tab=draw", "tab", "draw"),
        ("tab=Draw", "tab", "draw"),
        ("embed=1", "embed", True),
        ("embed=true", "embed", True),
        ("embed=yes", "embed", True),
        ("embed", "embed", True),
        ("embed=", "embed", True),
        ("embed=0", "embed", False),
        ("embed=false", "embed", False),
        ("embed=no", "embed", False),
    ],
)
def test_each_valid_value_is_used_without_a_notice(query, field, value):
    s, notices = parse_query("?" + query)
    assert getattr(s, field) == value
    assert notices == []
    others = {name: getattr(DEFAULT, name) for name in EXPECTED if name != field}
    assert {name: getattr(s, name) for name in others} == others


def test_all_fields_together_are_parsed():
    s, notices = parse_query("?hidden=32&lr=2.5&seed=7&speed=20&tab=draw&embed=1")
    assert s == Settings(hidden=32, lr=2.5, seed=7, speed=20, tab="draw", embed=True)
    assert notices == []


# --- invalid values: default plus a notice -------------------------------------------------------

INVALID = [
    ("hidden", "abc"),
    ("hidden", ""),
    ("hidden", "0"),
    ("hidden", "65"),
    ("hidden", "-3"),
    ("hidden", "10.0"),
    ("hidden", "nan"),
    ("hidden", "9" * 40),  # a huge int, out of range
    ("hidden", "9" * 5000),  # beyond CPython's int-from-string digit limit
    ("lr", "fast"),
    ("lr", ""),
    ("lr", "0"),
    ("lr", "0.009"),
    ("lr", "10.01"),
    ("lr", "-0.5"),
    ("lr", "nan"),
    ("lr", "NaN"),
    ("lr", "inf"),
    ("lr", "-inf"),
    ("lr", "1e400"),
    ("lr", "1" + "0" * 400),
    ("seed", "x"),
    ("seed", ""),
    ("seed", "-1"),
    ("seed", str(2**32)),
    ("seed", "9" * 5000),
    ("seed", "1e3"),
    ("seed", "inf"),
    ("speed", "2"),
    ("speed", "0"),
    ("speed", "10"),
    ("speed", ""),
    ("speed", "fast"),
    ("speed", "5.0"),
    ("tab", "settings"),
    ("tab", ""),
    ("tab", "trainx"),
    ("embed", "maybe"),
    ("embed", "2"),
]


@pytest.mark.parametrize("field, raw", INVALID, ids=[f"{f}={r[:12]}" for f, r in INVALID])
def test_invalid_value_falls_back_to_default_with_a_notice_naming_field_and_expectation(field, raw):
    s, notices = parse_query(f"{field}={raw}")
    assert s == DEFAULT
    assert len(notices) == 1
    notice = notices[0]
    assert f"Ignored {field}=" in notice
    assert EXPECTED[field] in notice


@pytest.mark.parametrize("field", sorted(DEFAULT_SHOWN))
def test_notice_says_which_default_is_used(field):
    _, [notice] = parse_query(f"{field}=bogus")
    assert notice.endswith(f"Using {DEFAULT_SHOWN[field]}.")


def test_embed_notice_names_its_fallback_in_the_form_it_asks_for():
    _, [notice] = parse_query("embed=maybe")
    assert notice.endswith("Using 0.")


def test_huge_value_notice_is_short():
    _, [notice] = parse_query("hidden=" + "9" * 5000)
    assert len(notice) < 120
    assert "9" * 30 not in notice


def test_one_notice_per_bad_field_and_good_fields_still_apply():
    s, notices = parse_query("hidden=zz&lr=3&seed=-4&speed=7&tab=draw")
    assert s == Settings(hidden=10, lr=3.0, seed=0, speed=1, tab="draw", embed=False)
    assert [n.split("=")[0] for n in notices] == ["Ignored hidden", "Ignored seed", "Ignored speed"]


def test_notice_for_a_repeated_field_names_the_value_actually_used():
    s, [notice] = parse_query("hidden=5&hidden=abc")
    assert notice.endswith(f"Using {s.hidden}.")


def test_unknown_parameters_are_ignored_silently():
    s, notices = parse_query("?utm_source=mail&foo=%3Cb%3E&HIDDEN=3&hidden=12&x")
    assert s == Settings(hidden=12)
    assert notices == []


HOSTILE = "<img src=x onerror=alert(1)>"


@pytest.mark.parametrize("field", sorted(EXPECTED))
def test_hostile_value_is_shortened_and_quoted_in_the_notice(field):
    from urllib.parse import quote

    s, [notice] = parse_query(f"{field}={quote(HOSTILE)}")
    assert s == DEFAULT
    assert HOSTILE not in notice
    assert "onerror=alert(1)" not in notice
    # Shown as a quoted, truncated literal: 'Ignored hidden='<img src=x onerror=aler…': ...'
    match = re.search(r"=(['\"])(.*?)\1:", notice)
    assert match, notice
    shown = match.group(2)
    assert shown.endswith("…")
    assert HOSTILE.startswith(shown[:-1])
    assert len(shown) <= 24


def test_short_value_is_quoted_whole():
    _, [notice] = parse_query("speed=7")
    assert "speed='7'" in notice


# --- round trip ----------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "s",
    [
        DEFAULT,
        Settings(hidden=1, lr=0.01, seed=0, speed=5, tab="draw", embed=False),
        Settings(hidden=64, lr=10.0, seed=MAX_SEED, speed=20, tab="train", embed=True),
        Settings(hidden=23, lr=0.063, seed=42, speed=1, tab="draw", embed=True),
        Settings(hidden=7, lr=2.5, seed=1, speed=5, tab="train", embed=False),
    ],
)
def test_query_round_trip_reproduces_settings(s):
    query = to_query(s)
    assert parse_query(query) == (s, [])
    assert parse_query("?" + query) == (s, [])


def test_every_slider_learning_rate_survives_the_url():
    for position in range(settings.LR_STEPS + 1):
        s = Settings(lr=slider_to_lr(position))
        assert parse_query(to_query(s)) == (s, []), position


def test_query_writes_embed_only_when_on():
    assert "embed" not in to_query(DEFAULT)
    assert "embed=1" in to_query(Settings(embed=True))


def test_query_writes_lr_without_float_noise():
    assert "lr=0.3&" in to_query(Settings(lr=0.1 + 0.2))


# --- learning-rate slider ------------------------------------------------------------------------

def test_slider_endpoints_are_001_and_10():
    assert slider_to_lr(0) == 0.01
    assert slider_to_lr(settings.LR_STEPS) == 10.0
    assert lr_to_slider(0.01) == 0
    assert lr_to_slider(10.0) == settings.LR_STEPS


def test_slider_positions_outside_the_track_are_clamped():
    assert slider_to_lr(-20) == 0.01
    assert slider_to_lr(settings.LR_STEPS + 50) == 10.0
    assert lr_to_slider(0.001) == 0
    assert lr_to_slider(1000.0) == settings.LR_STEPS


def test_default_lr_maps_to_a_slider_position_giving_exactly_half():
    position = lr_to_slider(0.5)
    assert 0 < position < settings.LR_STEPS
    assert slider_to_lr(position) == 0.5


def test_slider_is_monotonic():
    lrs = [slider_to_lr(p) for p in range(settings.LR_STEPS + 1)]
    assert all(a <= b for a, b in zip(lrs, lrs[1:]))
    assert len(set(lrs)) > 200  # nearly every step moves the value
    grid = [10 ** (-2 + 3 * i / 997) for i in range(998)]
    positions = [lr_to_slider(x) for x in grid]
    assert all(a <= b for a, b in zip(positions, positions[1:]))


def test_lr_to_slider_and_back_is_within_one_unit_of_the_second_significant_digit():
    grid = two_sig_grid()
    assert len(grid) == 271 and grid[0] == 0.01 and grid[-1] == 10.0
    for x in grid:
        back = slider_to_lr(lr_to_slider(x))
        unit = 10 ** (math.floor(math.log10(x)) - 1)
        assert abs(back - x) <= unit * (1 + 1e-9), (x, back)


def test_slider_round_trip_is_within_six_percent_for_any_lr():
    for i in range(1001):
        x = 10 ** (-2 + 3 * i / 1000)
        assert abs(slider_to_lr(lr_to_slider(x)) - x) / x < 0.06, x


def test_slider_learning_rates_are_fixed_points():
    # A value the slider produced, reloaded from the URL, puts the slider back on the same value.
    for p in range(settings.LR_STEPS + 1):
        lr = slider_to_lr(p)
        assert slider_to_lr(lr_to_slider(lr)) == lr


def test_slider_learning_rates_have_two_significant_digits_and_no_float_noise():
    for p in range(settings.LR_STEPS + 1):
        text = format_lr(slider_to_lr(p))
        assert re.fullmatch(r"\d+(\.\d+)?", text), text
        assert len(text.replace(".", "").lstrip("0")) <= 2, text


# --- formatting ----------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "lr, text",
    [(0.5, "0.5"), (0.05, "0.05"), (10.0, "10"), (2.0, "2"), (0.01, "0.01"), (0.063, "0.063"),
     (1.3, "1.3"), (0.1 + 0.2, "0.3"), (0.7000000000000001, "0.7")],
)
def test_format_lr_writes_learning_rates_as_people_do(lr, text):
    assert format_lr(lr) == text

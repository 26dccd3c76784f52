"""Loss-chart scaling: nice steps and ticks, short tick labels, projection, polyline points."""

import math

import numpy as np
import pytest
from losschart import BOX  # the loss chart's plotting box
from scales import format_tick, nice_step, nice_ticks, polyline_points, project, thinned

HIGHS = np.geomspace(0.003, 1e6, 800).tolist() + [0.003, 0.01, 0.1, 1.0, 1.01, 2.0, 2.01, 5.0, 5.01, 10.0,
                                                     1e3, 12_345.0, 1e6, 999_999.0]


def mantissa(step):
    """step = m * 10**k with 1 <= m < 10."""
    k = math.floor(math.log10(step) + 1e-12)
    return step / 10**k


def parse_label(text):
    scale = {"k": 1e3, "M": 1e6}.get(text[-1], 1.0)
    return float(text.rstrip("kM")) * scale


# --- nice_step -----------------------------------------------------------------------------------

@pytest.mark.parametrize("span", [0.003, 0.0123, 0.7, 1.0, 3.0, 4.0, 9.9, 10.0, 37.0, 450.0, 1e6, 7.7e7])
def test_nice_step_is_1_2_2_5_or_5_times_a_power_of_ten(span):
    m = mantissa(nice_step(span))
    assert any(m == pytest.approx(n, rel=1e-9) for n in (1.0, 2.0, 2.5, 5.0))


def test_nice_step_gives_between_two_and_four_intervals_for_the_default_target():
    for span in HIGHS:
        intervals = span / nice_step(span)
        assert 2 - 1e-9 < intervals <= 4 + 1e-9, span


@pytest.mark.parametrize("span, step", [(1.0, 0.25), (10.0, 2.5), (8.0, 2.0), (20.0, 5.0), (4.0, 1.0),
                                        (100.0, 25.0), (0.003, 0.001)])
def test_nice_step_examples(span, step):
    assert nice_step(span) == pytest.approx(step, rel=1e-12)


@pytest.mark.parametrize("span", [0.0, -1.0, math.nan, math.inf, -math.inf])
def test_nice_step_of_a_degenerate_span_is_one(span):
    assert nice_step(span) == 1.0


# --- nice_ticks ----------------------------------------------------------------------------------

def test_ticks_start_at_zero_are_evenly_spaced_and_end_at_or_just_above_high():
    for high in HIGHS:
        ticks = nice_ticks(high)
        assert ticks[0] == 0.0, high
        steps = np.diff(ticks)
        assert np.allclose(steps, steps[0], rtol=1e-9, atol=0), (high, ticks)
        assert ticks[-1] >= high, (high, ticks)
        assert ticks[-1] < 2 * high, (high, ticks)
        assert 3 <= len(ticks) <= 5, (high, ticks)


def test_ticks_are_exact_round_numbers():
    # No float noise such as 0.6000000000000001: every tick is a short decimal.
    for high in HIGHS:
        for t in nice_ticks(high):
            assert float(f"{t:.3g}") == t, (high, t)


def test_a_high_of_four_nice_steps_is_itself_the_last_tick():
    for high in (0.01, 0.8, 1.0, 2.0, 4.0, 10.0, 20.0, 1e3, 1e6):  # four nice steps each
        assert nice_ticks(high)[-1] == high


@pytest.mark.parametrize("high, ticks", [(1.0, [0, 0.25, 0.5, 0.75, 1.0]), (0.7, [0, 0.2, 0.4, 0.6, 0.8]),
                                         (37.0, [0, 10, 20, 30, 40]), (1.01, [0, 0.5, 1.0, 1.5])])
def test_nice_ticks_examples(high, ticks):
    assert nice_ticks(high) == ticks


@pytest.mark.parametrize("high", [0.0, -3.0, math.nan, math.inf, -math.inf])
def test_degenerate_high_gives_a_sane_unit_axis(high):
    ticks = nice_ticks(high)
    assert ticks[0] == 0.0
    assert ticks[-1] == 1.0
    assert all(math.isfinite(t) for t in ticks)
    assert all(a < b for a, b in zip(ticks, ticks[1:]))


# --- format_tick ---------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "value, text",
    [(0.0, "0"), (0.25, "0.25"), (1.5, "1.5"), (0.001, "0.001"), (0.00025, "0.00025"), (10.0, "10"),
     (500.0, "500"), (2000.0, "2k"), (12_500.0, "12.5k"), (250_000.0, "250k"), (1e6, "1M"),
     (1.2e6, "1.2M"), (2.5e7, "25M")],
)
def test_format_tick_examples(value, text):
    assert format_tick(value) == text


def test_every_tick_label_is_short_and_reads_back_as_the_tick():
    for high in HIGHS:
        for t in nice_ticks(high):
            text = format_tick(t)
            assert "e" not in text and len(text) <= 7, (t, text)
            assert math.isclose(parse_label(text), t, rel_tol=1e-12), (t, text)


@pytest.mark.parametrize("value", [999.9, 999_999.0])
def test_format_tick_never_uses_exponent_notation(value):
    assert "e" not in format_tick(value)


# --- project -------------------------------------------------------------------------------------

def test_project_maps_ends_to_ends_and_middle_to_middle():
    got = project([0.0, 5.0, 10.0], 0.0, 10.0, BOX.left, BOX.right)
    assert got.tolist() == [BOX.left, (BOX.left + BOX.right) / 2, BOX.right]


def test_project_can_flip_for_the_y_axis():
    got = project([0.0, 1.0], 0.0, 1.0, BOX.bottom, BOX.top)
    assert got.tolist() == [BOX.bottom, BOX.top]


def test_project_of_an_empty_range_does_not_divide_by_zero():
    with np.errstate(all="raise"):
        got = project([3.0], 3.0, 3.0, 0.0, 100.0)
    assert got.tolist() == [0.0]


# --- polyline_points -----------------------------------------------------------------------------

def points(text):
    return [tuple(map(float, p.split(","))) for p in text.split()]


def test_no_data_gives_no_points():
    assert polyline_points([], [], 10.0, 1.0, BOX) == ""
    assert polyline_points(np.array([]), np.array([]), 10.0, 1.0, BOX) == ""


def test_first_point_at_left_and_last_at_right_when_x_reaches_the_limit():
    pts = points(polyline_points([0, 5, 10], [0.0, 0.5, 1.0], 10.0, 1.0, BOX))
    assert pts == [(BOX.left, BOX.bottom), ((BOX.left + BOX.right) / 2, (BOX.top + BOX.bottom) / 2),
                   (BOX.right, BOX.top)]


def test_one_point_per_sample_with_one_decimal():
    text = polyline_points(np.arange(1, 8), np.linspace(0.9, 0.1, 7), 10.0, 1.0, BOX)
    assert len(text.split()) == 7
    for p in text.split():
        x, y = p.split(",")
        assert len(x.split(".")[1]) == 1 and len(y.split(".")[1]) == 1


def test_values_outside_the_axis_are_clipped_into_the_box():
    pts = points(polyline_points([0, 1, 2, 3], [5.0, -1.0, math.inf, 0.5], 3.0, 1.0, BOX))
    ys = [y for _, y in pts]
    assert ys == [BOX.top, BOX.bottom, BOX.top, (BOX.top + BOX.bottom) / 2]


def test_points_of_a_real_loss_history_stay_inside_the_box():
    iterations = np.arange(100, 12_345, 100)
    losses = 2.5 * np.exp(-iterations / 3000)
    x_limit = nice_ticks(float(iterations[-1]))[-1]
    y_limit = nice_ticks(float(losses.max()))[-1]
    for x, y in points(polyline_points(iterations, losses, x_limit, y_limit, BOX)):
        assert BOX.left <= x <= BOX.right and BOX.top <= y <= BOX.bottom


# --- thinned ------------------------------------------------------------------------------------

def test_thinned_keeps_the_first_point_of_each_column_and_the_last():
    assert thinned([0.0, 0.4, 1.0, 1.6, 2.9, 3.0, 3.1], 1.5).tolist() == [0, 3, 5, 6]
    assert thinned([0.0, 5.0, 10.0], 1.5).tolist() == [0, 1, 2]  # points far apart: all of them
    assert thinned([], 1.5).tolist() == []
    assert thinned([7.0], 1.5).tolist() == [0]


def test_a_full_history_is_drawn_with_about_one_point_per_step_across_the_chart():
    px = np.linspace(BOX.left, BOX.right, 600)
    keep = thinned(px, 1.5)
    assert len(keep) <= (BOX.right - BOX.left) / 1.5 + 2 and keep[0] == 0 and keep[-1] == 599
    columns = np.floor((px - px[0]) / 1.5)
    assert sorted(set(columns[keep[:-1]])) == sorted(set(columns)) == list(columns[keep[:-1]])  # one per column

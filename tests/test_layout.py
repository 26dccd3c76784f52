"""Diagram geometry: every neuron and connection for a given hidden size, inside the viewBox."""

import indexhtml
import layout
import numpy as np
import pytest
from layout import compute

SIZES = [1, 2, 10, 64]
W, H_ = layout.WIDTH, layout.HEIGHT  # the viewBox (checked against index.html below)


@pytest.fixture(params=SIZES, ids=[f"H{h}" for h in SIZES])
def lay(request):
    return compute(request.param)


def test_the_page_diagram_viewbox_is_the_layout_size():
    assert indexhtml.elements().attrs["network"]["viewbox"] == f"0 0 {layout.WIDTH} {layout.HEIGHT}"


def test_counts_and_shapes(lay):
    h = lay.hidden
    assert lay.input_xy.shape == (25, 2)
    assert lay.hidden_xy.shape == (h, 2)
    assert lay.output_xy.shape == (10, 2)
    assert lay.ih_lines.shape == (25 * h, 4)
    assert lay.ho_lines.shape == (10 * h, 4)


def test_inputs_form_a_5x5_grid_in_row_major_order(lay):
    xs, ys = lay.input_xy[:, 0].reshape(5, 5), lay.input_xy[:, 1].reshape(5, 5)
    # Within a row y is constant and x increases; down a column x is constant and y increases.
    assert np.allclose(ys, ys[:, :1])
    assert np.allclose(xs, xs[:1, :])
    assert (np.diff(xs[0]) > 0).all()
    assert (np.diff(ys[:, 0]) > 0).all()
    pitch_x, pitch_y = np.diff(xs[0]), np.diff(ys[:, 0])
    assert np.allclose(pitch_x, pitch_x[0]) and np.allclose(pitch_y, pitch_x[0])


def test_input_squares_do_not_overlap(lay):
    pitch = lay.input_xy[1, 0] - lay.input_xy[0, 0]
    assert pitch >= lay.input_size


def test_columns_go_input_hidden_output_left_to_right(lay):
    assert lay.input_xy[:, 0].max() + lay.input_size / 2 < lay.hidden_xy[:, 0].min() - lay.hidden_radius
    assert lay.hidden_xy[:, 0].max() + lay.hidden_radius < lay.output_xy[:, 0].min() - lay.output_radius


def test_hidden_and_output_neurons_are_vertical_columns_top_to_bottom(lay):
    for xy in (lay.hidden_xy, lay.output_xy):
        assert np.allclose(xy[:, 0], xy[0, 0])
        assert (np.diff(xy[:, 1]) > 0).all()


def test_everything_is_inside_the_viewbox(lay):
    half = lay.input_size / 2
    boxes = [
        (lay.input_xy, half),
        (lay.hidden_xy, lay.hidden_radius),
        (lay.output_xy, lay.output_radius),
    ]
    for xy, extent in boxes:
        assert (xy[:, 0] - extent >= 0).all() and (xy[:, 0] + extent <= W).all()
        assert (xy[:, 1] - extent >= 0).all() and (xy[:, 1] + extent <= H_).all()
    for lines in (lay.ih_lines, lay.ho_lines):
        assert (lines[:, [0, 2]] >= 0).all() and (lines[:, [0, 2]] <= W).all()
        assert (lines[:, [1, 3]] >= 0).all() and (lines[:, [1, 3]] <= H_).all()
    for _, x in lay.captions:
        assert 0 <= x <= W
    assert 0 < layout.CAPTION_Y < H_


def test_neurons_sit_below_the_captions(lay):
    top = min(
        (lay.input_xy[:, 1] - lay.input_size / 2).min(),
        (lay.hidden_xy[:, 1] - lay.hidden_radius).min(),
        (lay.output_xy[:, 1] - lay.output_radius).min(),
    )
    assert top > layout.CAPTION_Y


def test_hidden_neurons_do_not_overlap(lay):
    assert lay.hidden_radius > 0
    if lay.hidden > 1:
        assert np.diff(lay.hidden_xy[:, 1]).min() >= 2 * lay.hidden_radius


def test_output_neurons_do_not_overlap(lay):
    assert np.diff(lay.output_xy[:, 1]).min() >= 2 * lay.output_radius


def test_every_hidden_size_from_1_to_64_fits_without_overlap():
    for hidden in range(1, 65):
        lay = compute(hidden)
        y, r = lay.hidden_xy[:, 1], lay.hidden_radius
        assert y.min() - r >= 0 and y.max() + r <= H_, hidden
        if hidden > 1:
            assert np.diff(y).min() >= 2 * r, hidden


def test_ih_line_r_joins_input_r_mod_25_to_hidden_r_div_25(lay):
    for r, (x1, y1, x2, y2) in enumerate(lay.ih_lines):
        assert (x1, y1) == tuple(lay.input_xy[r % 25])
        assert (x2, y2) == tuple(lay.hidden_xy[r // 25])


def test_ho_line_r_joins_hidden_r_mod_h_to_output_r_div_h(lay):
    h = lay.hidden
    for r, (x1, y1, x2, y2) in enumerate(lay.ho_lines):
        assert (x1, y1) == tuple(lay.hidden_xy[r % h])
        assert (x2, y2) == tuple(lay.output_xy[r // h])


def test_line_order_matches_weight_matrices_flattened_row_by_row():
    h = 3
    lay = compute(h)
    w_ih = np.arange(h * 25).reshape(h, 25)  # w_ih[j, i]: input i -> hidden j
    w_ho = np.arange(10 * h).reshape(10, h)  # w_ho[k, j]: hidden j -> output k
    j, i = 2, 17
    r = int(np.flatnonzero(w_ih.ravel() == w_ih[j, i])[0])
    assert tuple(lay.ih_lines[r]) == (*lay.input_xy[i], *lay.hidden_xy[j])
    k, j = 7, 1
    r = int(np.flatnonzero(w_ho.ravel() == w_ho[k, j])[0])
    assert tuple(lay.ho_lines[r]) == (*lay.hidden_xy[j], *lay.output_xy[k])


def test_captions_are_input_hidden_output_left_to_right(lay):
    texts = [t for t, _ in lay.captions]
    xs = [x for _, x in lay.captions]
    assert texts == ["INPUT", "HIDDEN", "OUTPUT"]
    assert xs[0] < xs[1] < xs[2]


def test_captions_are_centred_over_their_columns(lay):
    (_, x_in), (_, x_hid), (_, x_out) = lay.captions
    assert x_in == pytest.approx(lay.input_xy[:, 0].mean())
    assert x_hid == pytest.approx(lay.hidden_xy[0, 0])
    assert x_out == pytest.approx(lay.output_xy[0, 0])


def test_diagram_is_vertically_centred(lay):
    mid = (layout.TOP + layout.BOTTOM) / 2
    for xy in (lay.input_xy, lay.hidden_xy, lay.output_xy):
        assert xy[:, 1].mean() == pytest.approx(mid)


def test_fewer_hidden_neurons_are_drawn_no_smaller():
    radii = [compute(h).hidden_radius for h in range(1, 65)]
    assert all(a >= b for a, b in zip(radii, radii[1:]))
    assert radii[0] == layout.MAX_HIDDEN_RADIUS
    assert radii[-1] >= layout.MIN_HIDDEN_RADIUS


@pytest.mark.parametrize("hidden", [0, -1])
def test_compute_rejects_fewer_than_one_hidden_neuron(hidden):
    with pytest.raises(ValueError):
        compute(hidden)

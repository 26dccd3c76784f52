"""SVG markup for the diagram and the chart axes, parsed back with xml.etree."""

import xml.etree.ElementTree as ET

import layout
import numpy as np
import palette
import pytest
import svgmarkup
from losschart import BOX, HEIGHT, WIDTH  # the loss chart's plotting box and viewBox
from scales import format_tick, nice_ticks

NS = "http://www.w3.org/2000/svg"
SIZES = [1, 2, 10, 64]


def parse(fragment):
    """Parse a markup fragment as the children of an <svg> root; raises if it is not well-formed."""
    return list(ET.fromstring(f'<svg xmlns="{NS}">{fragment}</svg>'))


def tag(element):
    return element.tag.removeprefix(f"{{{NS}}}")


def xy(element, a, b):
    return float(element.get(a)), float(element.get(b))


def weights(hidden, seed=0):
    rng = np.random.default_rng(seed)
    return rng.normal(0, 1.2, size=(hidden, 25)), rng.normal(0, 1.2, size=(10, hidden))


def links(lay, w_ih, w_ho):
    ih = svgmarkup.ih_lines(lay, palette.weight_codes(w_ih))
    return ih + svgmarkup.ho_lines(lay, palette.weight_codes(w_ho))


@pytest.fixture(params=SIZES, ids=[f"H{h}" for h in SIZES])
def lay(request):
    return layout.compute(request.param)


# --- connections ---------------------------------------------------------------------------------

@pytest.mark.parametrize("layer", ["ih", "ho"])
def test_one_line_per_pair_of_neurons_in_layout_order(lay, layer):
    """A line from every neuron of one layer to every neuron of the next, row by row of its weights."""
    w = weights(lay.hidden)[0 if layer == "ih" else 1]
    make = svgmarkup.ih_lines if layer == "ih" else svgmarkup.ho_lines
    lines = parse(make(lay, palette.weight_codes(w)))
    sources = w.shape[1]  # 25 inputs, or H hidden neurons
    assert len(lines) == w.size
    for r, line in enumerate(lines):
        assert tag(line) == "line"
        assert line.get("data-layer") == layer
        assert (int(line.get("data-from")), int(line.get("data-to"))) == (r % sources, r // sources)


def test_each_line_is_drawn_between_the_neurons_its_data_attributes_name(lay):
    w_ih, w_ho = weights(lay.hidden)
    ends = {"ih": (lay.input_xy, lay.hidden_xy), "ho": (lay.hidden_xy, lay.output_xy)}
    markup = links(lay, w_ih, w_ho)
    for line in parse(markup):
        src, dst = ends[line.get("data-layer")]
        a, b = int(line.get("data-from")), int(line.get("data-to"))
        assert xy(line, "x1", "y1") == pytest.approx(tuple(src[a]), abs=0.051)
        assert xy(line, "x2", "y2") == pytest.approx(tuple(dst[b]), abs=0.051)


def test_each_line_is_coloured_by_the_weight_it_stands_for(lay):
    # The tooltip reads w_ih[to, from] / w_ho[to, from]; the line's class must match that weight.
    w_ih, w_ho = weights(lay.hidden, seed=lay.hidden)
    markup = links(lay, w_ih, w_ho)
    matrices = {"ih": w_ih, "ho": w_ho}
    for line in parse(markup):
        w = matrices[line.get("data-layer")][int(line.get("data-to")), int(line.get("data-from"))]
        cls = line.get("class")
        assert cls in palette.WEIGHT_CLASSES
        assert cls == palette.WEIGHT_CLASSES[palette.weight_codes(np.array([w]))[0]]
        assert cls.startswith("wn" if w < 0 else "wp")


def test_line_markup_is_not_wrapped_and_has_only_the_expected_attributes(lay):
    w_ih, _ = weights(lay.hidden)
    for line in parse(svgmarkup.ih_lines(lay, palette.weight_codes(w_ih)))[:30]:
        assert set(line.attrib) == {"x1", "y1", "x2", "y2", "class", "data-layer", "data-from", "data-to"}
        assert len(line) == 0 and not (line.text or "").strip()


# --- neurons, labels, captions -------------------------------------------------------------------

def test_input_squares_one_per_pixel_centred_on_the_layout(lay):
    rects = parse(svgmarkup.input_neurons(lay))
    assert [tag(r) for r in rects] == ["rect"] * 25
    for i, rect in enumerate(rects):
        assert rect.get("data-layer") == "input" and rect.get("data-index") == str(i)
        assert rect.get("class") in palette.ACTIVATION_CLASSES
        x, y = xy(rect, "x", "y")
        w, h = xy(rect, "width", "height")
        assert (w, h) == (lay.input_size, lay.input_size)
        assert (x + w / 2, y + h / 2) == pytest.approx(tuple(lay.input_xy[i]), abs=0.051)


@pytest.mark.parametrize("which", ["hidden", "output"])
def test_neuron_circles_one_per_neuron(lay, which):
    if which == "hidden":
        markup, centres, radius = svgmarkup.hidden_neurons(lay), lay.hidden_xy, lay.hidden_radius
    else:
        markup, centres, radius = svgmarkup.output_neurons(lay), lay.output_xy, lay.output_radius
    circles = parse(markup)
    assert [tag(c) for c in circles] == ["circle"] * len(centres)
    assert len(centres) == (lay.hidden if which == "hidden" else 10)
    for i, c in enumerate(circles):
        assert c.get("data-layer") == which and c.get("data-index") == str(i)
        assert c.get("class") in palette.ACTIVATION_CLASSES
        assert xy(c, "cx", "cy") == pytest.approx(tuple(centres[i]), abs=0.051)
        assert float(c.get("r")) == pytest.approx(radius, abs=0.051)


def test_output_labels_are_the_digits_beside_their_neurons(lay):
    labels = parse(svgmarkup.output_labels(lay))
    assert [t.text for t in labels] == [str(k) for k in range(10)]
    for k, t in enumerate(labels):
        assert tag(t) == "text" and t.get("data-index") == str(k) and t.get("class") == "out-label"
        x, y = xy(t, "x", "y")
        assert y == pytest.approx(lay.output_xy[k, 1], abs=0.051)
        assert lay.output_xy[k, 0] + lay.output_radius < x < layout.WIDTH


def test_captions_read_input_hidden_output_left_to_right(lay):
    texts = parse(svgmarkup.captions(lay))
    assert [t.text for t in texts] == ["INPUT", "HIDDEN", "OUTPUT"]
    xs = [float(t.get("x")) for t in texts]
    assert xs == sorted(xs)
    assert {t.get("y") for t in texts} == {str(layout.CAPTION_Y)}


def test_whole_diagram_is_one_well_formed_document_with_unique_neuron_keys(lay):
    w_ih, w_ho = weights(lay.hidden)
    markup = "".join([
        svgmarkup.captions(lay),
        svgmarkup.ih_lines(lay, palette.weight_codes(w_ih)),
        svgmarkup.ho_lines(lay, palette.weight_codes(w_ho)),
        svgmarkup.input_neurons(lay),
        svgmarkup.hidden_neurons(lay),
        svgmarkup.output_neurons(lay),
        svgmarkup.output_labels(lay),
    ])
    elements = parse(markup)
    keys = {(e.get("data-layer"), e.get("data-from"), e.get("data-to")) for e in elements if tag(e) == "line"}
    neurons = [(e.get("data-layer"), e.get("data-index")) for e in elements if tag(e) in ("rect", "circle")]
    assert len(keys) == 35 * lay.hidden
    assert len(neurons) == len(set(neurons)) == 25 + lay.hidden + 10


# --- chart axes ----------------------------------------------------------------------------------

def axes(x_high, y_high):
    x_ticks, y_ticks = nice_ticks(x_high), nice_ticks(y_high)
    return x_ticks, y_ticks, parse(svgmarkup.chart_axes(BOX, x_ticks, y_ticks))


@pytest.mark.parametrize("x_high, y_high", [(10.0, 1.0), (1234.0, 2.3), (2.5e6, 0.004), (37.0, 0.61)])
def test_chart_axes_have_a_label_per_tick(x_high, y_high):
    x_ticks, y_ticks, elements = axes(x_high, y_high)
    labels = [e.text for e in elements if tag(e) == "text" and e.get("class") != "axis-title"]
    assert labels == [format_tick(v) for v in y_ticks] + [format_tick(v) for v in x_ticks]


def test_chart_axes_titles_are_iteration_and_mean_loss():
    _, _, elements = axes(10.0, 1.0)
    titles = [e for e in elements if e.get("class") == "axis-title"]
    assert [t.text for t in titles] == ["Iteration", "Mean loss"]
    assert "rotate(-90)" in titles[1].get("transform")


def test_chart_axes_put_zero_at_the_corner_and_the_limits_at_the_box_edges():
    x_ticks, y_ticks, elements = axes(1234.0, 2.3)
    grid = [e for e in elements if e.get("class") == "grid"]
    assert len(grid) == len(y_ticks)
    assert float(grid[0].get("y1")) == BOX.bottom and float(grid[-1].get("y1")) == BOX.top
    ticks = [e for e in elements if e.get("class") == "axis" and e.get("x1") == e.get("x2")
             and float(e.get("y1")) == BOX.bottom and float(e.get("y2")) > BOX.bottom]
    assert len(ticks) == len(x_ticks)
    assert float(ticks[0].get("x1")) == BOX.left and float(ticks[-1].get("x1")) == BOX.right


def test_chart_axes_draw_both_axis_lines():
    _, _, elements = axes(10.0, 1.0)
    lines = {(e.get("x1"), e.get("x2"), e.get("y1"), e.get("y2"))
             for e in elements if e.get("class") == "axis"}
    b = {k: str(v) for k, v in BOX._asdict().items()}
    assert (b["left"], b["right"], b["bottom"], b["bottom"]) in lines  # x axis
    assert (b["left"], b["left"], b["top"], b["bottom"]) in lines  # y axis


def test_chart_axes_and_their_labels_fit_the_charts_viewbox():
    x_ticks, y_ticks, elements = axes(2.5e6, 0.004)
    for e in elements:
        for name in ("x1", "x2", "x"):
            if e.get(name) is not None:
                assert 0 <= float(e.get(name)) <= WIDTH, e.attrib
        for name in ("y1", "y2", "y"):
            if e.get(name) is not None:
                assert 0 <= float(e.get(name)) <= HEIGHT, e.attrib

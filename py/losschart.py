"""The loss chart view (#loss-chart): named series over iterations, and a readout of any point.

Each series is one row (a history column drawn against one of two axes: loss on the
left, accuracy 0-100 % on the right), so another curve is one `add_series` call. The axes
are rebuilt only when their scale changes; each redraw writes one polyline per series
and a dot at each series' newest point, so even the lone iteration-0 point shows.
Hovering, touching or arrow keys on the chart read out one point (chartreadout.py).
"""

from __future__ import annotations

from typing import NamedTuple

import announce
import dom
import numpy as np
import scales
import svgmarkup
from chartreadout import ChartReadout

WIDTH, HEIGHT = 300, 170  # the chart's viewBox
BOX = scales.Box(left=48, top=8, right=254, bottom=132)  # the plotting area: room for 12.5 px ticks, two axes
DRAWN_EVERY_PX = 1.5  # the curves' points at most this close (each one is paint while playing)
PLACEHOLDER = "Train to see the loss curve"
ACCURACY_TICKS = (0.0, 0.5, 1.0)  # the right axis: accuracy as a fraction, labelled in percent


class Series(NamedTuple):
    name: str  # CSS class of its line ("curve" for the training loss)
    label: str  # in the readout and the legend
    column: str  # the LossHistory column it draws
    axis: str  # "loss" (left) or "accuracy" (right)


LOSS = Series("curve", "loss", "losses", "loss")
ACCURACY = Series("curve-accuracy", "accuracy", "accuracies", "accuracy")
TEST_LOSS = Series("test-curve", "test loss", "test_losses", "loss")  # the held-out test set (testdigits.py)


class LossChart:
    box, width = BOX, WIDTH  # what the readout projects with

    def __init__(self, svg_element, listeners, series=(LOSS, TEST_LOSS, ACCURACY)):
        self.svg = svg_element
        # Pre-rendered into index.html (scripts/render_page.py) from this same code: draw it again in
        # place. The notes under the chart get the same content, so nothing moves (no layout shift).
        svg_element.innerHTML = ""
        notes = dom.document.getElementById("chart-notes") or svg_element.parentNode
        notes.innerHTML = ""
        self.name = None  # the chart's accessible name, which says its numbers
        self.axes = dom.svg("g", svg_element, class_="axes")
        self.lines = dom.svg("g", svg_element, class_="lines")
        self.dots = dom.svg("g", svg_element, class_="dots")
        self.legend = dom.html("p", notes, class_="chart-legend")
        self.reading = ChartReadout(self, notes, listeners)
        self.placeholder = dom.svg(
            "text", svg_element, class_="placeholder", x=(BOX.left + BOX.right) / 2,
            y=(BOX.top + BOX.bottom) / 2, text_anchor="middle",
        )
        self.placeholder.textContent = PLACEHOLDER
        self.series, self.curves, self.now_dots = [], [], []
        for s in series:
            self.add_series(s)
        svg_element.setAttribute("tabindex", "0")
        svg_element.setAttribute("aria-label", "Loss and accuracy against iteration; "
                                 "use the arrow keys to read out the points")
        self.limits = None
        self.placeholder_display = None
        self.version = None
        self.history = None
        self.xs = np.zeros(0)

    def add_series(self, series: Series) -> None:
        """Draw one more history column (e.g. the test loss) from the next redraw on."""
        self.series.append(series)
        self.curves.append(dom.svg("polyline", self.lines, class_=series.name))
        self.now_dots.append(dom.svg("circle", self.dots, class_=f"dot {series.name}-dot", r=2.6,
                                     cx=-9, cy=-9))
        self.reading.add_dot(series, self.dots)
        key = dom.html("span", self.legend, class_=f"key key-{series.name}")
        dom.html("span", key, class_="key-line", aria_hidden="true")
        dom.html("span", key, text=series.label + (" (right axis)" if series.axis == "accuracy" else ""))
        self.version = None

    def _y_limit(self, axis: str) -> float:
        return 1.0 if axis == "accuracy" else self.limits[1]

    def update(self, history) -> None:
        """Redraw from a history.LossHistory, if it changed since the last redraw."""
        self.history = history
        if history.version == self.version:
            return
        self.version = history.version
        iterations = history.iterations
        columns = [getattr(history, s.column) for s in self.series]
        self._name(iterations, history.losses)
        if len(iterations) == 0:
            self.axes.innerHTML = ""
            for curve in self.curves:
                curve.setAttribute("points", "")
            self.placeholder.removeAttribute("display")
            self.placeholder_display = None
            self.limits = None
            return
        loss_high = max((float(np.max(c)) for s, c in zip(self.series, columns) if s.axis == "loss"),
                        default=1.0)
        x_ticks = scales.nice_ticks(max(float(iterations[-1]), 10.0), 4)
        y_ticks = scales.nice_ticks(max(loss_high, 1e-3), 4)
        limits = (x_ticks[-1], y_ticks[-1])
        if limits != self.limits:
            self.limits = limits
            self.axes.innerHTML = (svgmarkup.chart_axes(BOX, x_ticks, y_ticks)
                                   + svgmarkup.chart_right_axis(BOX, ACCURACY_TICKS, "{:.0%}"))
        placeholder = "none" if len(iterations) > 1 else "inline"
        if placeholder != self.placeholder_display:
            self.placeholder_display = placeholder
            self.placeholder.setAttribute("display", placeholder)
        self.xs = scales.project(iterations, 0.0, limits[0], BOX.left, BOX.right)
        drawn = scales.thinned(self.xs, DRAWN_EVERY_PX)
        for s, values, curve, dot in zip(self.series, columns, self.curves, self.now_dots):
            y_limit = self._y_limit(s.axis)
            curve.setAttribute("points", scales.polyline_points(iterations[drawn], values[drawn], limits[0], y_limit, BOX))
            x, y = self.xy(s, values, len(values) - 1)
            dot.setAttribute("cx", f"{x:.1f}")
            dot.setAttribute("cy", f"{y:.1f}")
        self.reading.show()

    def xy(self, series: Series, values, i: int) -> tuple[float, float]:
        """Where point `i` of one series (its history column `values`) is drawn."""
        y_limit = self._y_limit(series.axis)
        y = scales.project([min(max(float(values[i]), 0.0), y_limit)], 0.0, y_limit, BOX.bottom, BOX.top)[0]
        return float(self.xs[i]), float(y)

    def _name(self, iterations, losses) -> None:
        name = announce.chart_name(iterations, losses) + "; use the arrow keys to read out the points"
        if name != self.name:
            self.name = name
            self.svg.setAttribute("aria-label", name)

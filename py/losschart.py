"""The loss chart view (#loss-chart): axes rebuilt only when the scale changes, one polyline."""

from __future__ import annotations

import dom
import scales
import svgmarkup

WIDTH, HEIGHT = 300, 170  # the chart's viewBox
BOX = scales.Box(left=34, top=8, right=284, bottom=132)  # the plotting area inside it
PLACEHOLDER = "Train to see the loss curve"


class LossChart:
    def __init__(self, svg_element):
        self.axes = dom.svg("g", svg_element, class_="axes")
        self.curve = dom.svg("polyline", svg_element, class_="curve")
        self.test_curve = dom.svg("polyline", svg_element, class_="test-curve")  # loss on the test set
        self.placeholder = dom.svg(
            "text", svg_element, class_="placeholder", x=(BOX.left + BOX.right) / 2,
            y=(BOX.top + BOX.bottom) / 2, text_anchor="middle",
        )
        self.placeholder.textContent = PLACEHOLDER
        self.limits = None
        self.version = None

    def update(self, history) -> None:
        """Redraw from a trainer.LossHistory, if it changed since the last redraw."""
        if history.version == self.version:
            return
        self.version = history.version
        iterations, losses, test_losses = history.iterations, history.losses, history.test_losses
        if len(iterations) == 0:
            self.axes.innerHTML = ""
            self.curve.setAttribute("points", "")
            self.test_curve.setAttribute("points", "")
            self.placeholder.removeAttribute("display")
            self.limits = None
            return
        x_ticks = scales.nice_ticks(max(float(iterations[-1]), 10.0), 4)
        y_ticks = scales.nice_ticks(max(float(max(losses)), float(max(test_losses)), 1e-3), 4)
        limits = (x_ticks[-1], y_ticks[-1])
        if limits != self.limits:
            self.limits = limits
            self.axes.innerHTML = svgmarkup.chart_axes(BOX, x_ticks, y_ticks)
            self.placeholder.setAttribute("display", "none")
        points = scales.polyline_points(iterations, losses, limits[0], limits[1], BOX)
        self.curve.setAttribute("points", points)
        self.test_curve.setAttribute("points", scales.polyline_points(iterations, test_losses, *limits, BOX))

"""The loss chart's readout of one point: by pointer, touch or arrow keys, its iteration and values.

A guide line and a dot per series mark the point on the chart; the text goes under it. With
no point picked the text is a static hint, so nothing is rewritten while playing.
"""

from __future__ import annotations

import dom
import readouts
import scales

HINT = "Point at the chart, or use its arrow keys, to read any point."
KEY_STEPS = {"ArrowLeft": -1, "ArrowRight": 1, "ArrowDown": -10, "ArrowUp": 10, "PageDown": -10, "PageUp": 10}


def key_target(key: str, at: int, count: int) -> int | None:
    """The point a key moves the readout to from point `at` of `count`; None for a key it ignores."""
    if key == "Home":
        return 0
    if key == "End":
        return count - 1
    if key not in KEY_STEPS:
        return None
    return min(max(at + KEY_STEPS[key], 0), count - 1)


class ChartReadout:
    """Reads out the point picked on `chart` (a losschart.LossChart, whose plot it marks)."""

    def __init__(self, chart, notes, listeners):
        self.chart = chart
        svg, box = chart.svg, chart.box
        self.guide = dom.svg("line", svg, class_="guide", y1=box.top, y2=box.bottom, display="none")
        self.text = dom.Text(dom.html("p", notes, class_="chart-readout"))  # read on demand; the page has one live region
        self.dots = []
        self.picked = None  # the index of the point read out, or None
        self.shown = False
        listeners.add(svg, "pointermove", self._on_pointer)
        listeners.add(svg, "pointerdown", self._on_pointer)
        listeners.add(svg, "pointerleave", self._on_leave)
        listeners.add(svg, "keydown", self._on_key)
        listeners.add(svg, "blur", lambda event: self.select(None))

    def add_dot(self, series, group) -> None:
        """The dot that marks `series` at the picked point."""
        self.dots.append(dom.svg("circle", group, class_=f"pick {series.name}-dot", r=3.2, cx=-9, cy=-9,
                                 display="none"))

    def select(self, index: int | None) -> None:
        self.picked = index
        self.show()

    def show(self) -> None:
        """Read out the picked point of the chart as it is drawn now."""
        chart, h = self.chart, self.chart.history
        shown = self.picked is not None and h is not None and len(h) > 0
        self._set_display(shown)
        if not shown:
            self.text.set(HINT)
            return
        i = min(self.picked, len(h) - 1)
        columns = [getattr(h, s.column) for s in chart.series]
        parts = [(s.label, values[i], s.axis == "accuracy") for s, values in zip(chart.series, columns)]
        self.text.set(readouts.chart_point(int(h.iterations[i]), parts))
        x = f"{chart.xs[i]:.1f}"
        self.guide.setAttribute("x1", x)
        self.guide.setAttribute("x2", x)
        for s, values, dot in zip(chart.series, columns, self.dots):
            _, y = chart.xy(s, values, i)
            dot.setAttribute("cx", x)
            dot.setAttribute("cy", f"{y:.1f}")

    def _set_display(self, shown: bool) -> None:
        if shown != self.shown:
            self.shown = shown
            for element in (self.guide, *self.dots):
                element.setAttribute("display", "inline" if shown else "none")

    def _on_pointer(self, event) -> None:
        xs = self.chart.xs
        if len(xs) == 0:
            return
        rect = self.chart.svg.getBoundingClientRect()
        if rect.width <= 0:
            return
        x = (event.clientX - rect.left) * self.chart.width / rect.width
        self.select(scales.nearest_index(xs, x))

    def _on_leave(self, event) -> None:
        if getattr(event, "pointerType", "mouse") != "touch":  # a tap keeps its readout
            self.select(None)

    def _on_key(self, event) -> None:
        count = len(self.chart.xs)
        if count == 0:
            return
        if event.key == "Escape":
            self.select(None)
            return
        at = count - 1 if self.picked is None else min(self.picked, count - 1)
        to = key_target(event.key, at, count)
        if to is not None:
            event.preventDefault()
            self.select(to)

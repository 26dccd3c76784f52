"""Chart scaling: nice axis limits and ticks, short tick labels, and data -> SVG points.

Pure functions so the loss chart's look can be tested without a browser.
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np

_NICE = (1.0, 2.0, 2.5, 5.0, 10.0)


def nice_step(span: float, target: int = 4) -> float:
    """A round step (1, 2, 2.5 or 5 times a power of ten) giving about `target` intervals."""
    if not math.isfinite(span) or span <= 0:
        return 1.0
    raw = span / max(target, 1)
    power = 10 ** math.floor(math.log10(raw))
    for m in _NICE:
        if m * power >= raw * (1 - 1e-9):
            return m * power
    return 10 * power


def nice_ticks(high: float, target: int = 4, low: float = 0.0) -> list[float]:
    """Ticks from `low` up to the first round value >= high; the last tick is the axis limit."""
    if not math.isfinite(high) or high <= low:
        high = low + 1.0
    step = nice_step(high - low, target)
    count = math.ceil((high - low) / step - 1e-9)
    return [round(low + i * step, 12) for i in range(count + 1)]


def format_tick(value: float) -> str:
    """Short labels: 0.25, 1.5, 500, 2k, 12.5k, 1.2M (never exponent notation)."""
    for unit, suffix in ((1e6, "M"), (1e3, "k"), (1.0, "")):
        scaled = float(f"{value / unit:.3g}")  # round first, so 999.9 becomes 1k, not 1e+03
        if abs(scaled) >= 1 or suffix == "":
            return (f"{scaled:.0f}" if abs(scaled) >= 1000 else f"{scaled:g}") + suffix


class Box(NamedTuple):
    """The plotting rectangle inside the chart's viewBox."""

    left: float
    top: float
    right: float
    bottom: float


def project(values, low: float, high: float, start: float, end: float) -> np.ndarray:
    """Map data values in [low, high] linearly onto pixels [start, end]."""
    v = np.asarray(values, dtype=float)
    span = high - low if high != low else 1.0
    return start + (v - low) * (end - start) / span


def thinned(px, step: float) -> np.ndarray:
    """Indices of the points worth drawing at positions `px` (ascending pixels): the first in each
    `step`-pixel column, and the last. A 206 px chart gains nothing from 600 points, and while
    playing each costs paint five times a second (the readout still reads every point)."""
    px = np.asarray(px, dtype=float)
    if len(px) == 0:
        return np.arange(0)
    columns = np.floor((px - px[0]) / step)
    first = np.ones(len(px), dtype=bool)  # the first point, and each one that starts a new column
    np.not_equal(columns[1:], columns[:-1], out=first[1:])
    keep = np.flatnonzero(first)
    return keep if keep[-1] == len(px) - 1 else np.append(keep, len(px) - 1)


def polyline_points(xs, ys, x_limit: float, y_limit: float, box: Box) -> str:
    """The `points` attribute of a polyline drawing ys against xs, from 0 to the limits."""
    if len(xs) == 0:
        return ""
    px = project(xs, 0.0, x_limit, box.left, box.right)
    py = project(np.clip(np.asarray(ys, dtype=float), 0.0, y_limit), 0.0, y_limit, box.bottom, box.top)
    pairs = np.column_stack((px, py)).ravel().tolist()
    return " ".join(["%.1f,%.1f"] * len(px)) % tuple(pairs)  # one C-level format: hundreds of points 10× a second


def nearest_index(positions, x: float) -> int:
    """The index of the position nearest to x (positions ascending, at least one)."""
    p = np.asarray(positions, dtype=float)
    i = int(np.searchsorted(p, x))
    if i <= 0:
        return 0
    if i >= len(p):
        return len(p) - 1
    return i if p[i] - x < x - p[i - 1] else i - 1

"""Summaries that tolerate missing numbers: a failed or absent measurement is None, never a crash."""

from __future__ import annotations

import math
import statistics


def median(values):
    values = [v for v in values if v is not None and math.isfinite(v)]
    return statistics.median(values) if values else None


def percentile(values, q):
    values = sorted(v for v in values if v is not None and math.isfinite(v))
    if not values:
        return None
    pos = (len(values) - 1) * q / 100
    lo, hi = math.floor(pos), math.ceil(pos)
    return values[lo] + (values[hi] - values[lo]) * (pos - lo)


def ratio(a, b):
    return a / b if a is not None and b else None

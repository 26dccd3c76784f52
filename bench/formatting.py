"""How the report shows numbers, and `g`, the lookup that lets it show sections that are missing."""

from __future__ import annotations

import math


def g(d, *path):
    for key in path:
        if not isinstance(d, dict):
            return None
        d = d.get(key)
    return d


def fmt(v, digits=1, unit=""):
    if v is None:
        return "n/a"
    if isinstance(v, float) and not math.isfinite(v):
        return str(v)
    return f"{v:,.{digits}f}{unit}"


def fmt_bytes(n):
    if n is None:
        return "n/a"
    for unit, size in (("MB", 1e6), ("kB", 1e3)):
        if abs(n) >= size:
            return f"{n / size:,.2f} {unit}"
    return f"{n:,} B"

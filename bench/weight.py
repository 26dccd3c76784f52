"""Page weight: what a cold load downloads, file by file, read from the start-up section's first cold load."""

from __future__ import annotations

import gzip

from formatting import g
from harness import ROOT


def page_weight(raw, site=ROOT):
    """Bytes of a cold load per file, from resource timing (transferSize includes headers)."""
    files = {}
    entries = list(raw["resources"])
    if raw.get("nav"):
        entries.append({"name": raw["nav"]["name"], "transfer": raw["nav"]["transfer"],
                        "encoded": raw["nav"]["encoded"], "decoded": raw["nav"]["decoded"]})
    for r in entries:
        name = r["name"].split("?")[0]
        if name.startswith("/") and name.endswith("/"):
            name += "index.html"
        f = files.setdefault(name, {"file": name, "requests": 0, "transfer": 0, "encoded": 0, "decoded": 0})
        f["requests"] += 1
        f["transfer"] += r["transfer"] or 0
        f["encoded"] += r["encoded"] or 0
        f["decoded"] = max(f["decoded"], r["decoded"] or 0)
    for f in files.values():
        local = site / f["file"].lstrip("/")
        f["gzip_estimate"] = None
        if local.is_file():
            data = local.read_bytes()
            compressible = not f["file"].endswith((".whl", ".zip", ".png", ".jpg", ".woff2"))
            f["gzip_estimate"] = len(gzip.compress(data, 6)) if compressible else len(data)
    rows = sorted(files.values(), key=lambda f: -f["transfer"])
    return {
        "files": rows,
        "requests": sum(f["requests"] for f in rows),
        "total_transfer": sum(f["transfer"] for f in rows),
        "total_encoded": sum(f["encoded"] for f in rows),
        "total_decoded": sum(f["decoded"] for f in rows),
        "total_gzip_estimate": sum(f["gzip_estimate"] or f["encoded"] for f in rows),
    }


def weight_from_startup(results, site=ROOT):
    """The weight section, from the start-up section's first cold load; None when there was none."""
    raw = g(results, "startup", "raw_first_cold")
    if raw is None:
        return None
    weight = page_weight(raw, site)
    weight["warm_transfer"] = g(results, "startup", "warm", "transfer_bytes")
    return weight

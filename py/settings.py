"""The shareable settings: one table drives reading the URL query and writing it back.

A hand-edited URL must never break the page, so every value is validated; a bad one
falls back to its default and yields a short notice for the user (plain text, never HTML).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from urllib.parse import parse_qsl, urlencode

MIN_HIDDEN, MAX_HIDDEN = 1, 64
MIN_LR, MAX_LR = 0.01, 10.0
MAX_SEED = 2**32 - 1
SPEEDS = (1, 5, 20)
TABS = ("train", "draw")
BATCH_SIZE = 100

# The learning-rate slider is logarithmic: position p in 0..LR_STEPS maps to 10**(-2 + 3p/LR_STEPS).
LR_STEPS = 300


@dataclass(frozen=True)
class Settings:
    hidden: int = 10
    lr: float = 0.5
    seed: int = 0
    speed: int = 1
    tab: str = "train"
    embed: bool = False


DEFAULTS = Settings()


def _parse_int(text: str, low: int, high: int) -> int:
    value = int(text.strip())
    if not low <= value <= high:
        raise ValueError
    return value


def _parse_lr(text: str) -> float:
    value = float(text.strip())
    if not math.isfinite(value) or not MIN_LR <= value <= MAX_LR:
        raise ValueError
    return value


def _parse_speed(text: str) -> int:
    value = int(text.strip())
    if value not in SPEEDS:
        raise ValueError
    return value


def _parse_tab(text: str) -> str:
    value = text.strip().lower()
    if value not in TABS:
        raise ValueError
    return value


def _parse_flag(text: str) -> bool:
    value = text.strip().lower()
    if value in ("1", "true", "yes", ""):
        return True
    if value in ("0", "false", "no"):
        return False
    raise ValueError


# name -> (parser, what a valid value looks like). Adding a setting is one row here.
FIELDS = {
    "hidden": (lambda t: _parse_int(t, MIN_HIDDEN, MAX_HIDDEN), f"a whole number from {MIN_HIDDEN} to {MAX_HIDDEN}"),
    "lr": (_parse_lr, f"a number from {MIN_LR} to {MAX_LR:g}"),
    "seed": (lambda t: _parse_int(t, 0, MAX_SEED), f"a whole number from 0 to {MAX_SEED}"),
    "speed": (_parse_speed, "one of " + ", ".join(map(str, SPEEDS))),
    "tab": (_parse_tab, "train or draw"),
    "embed": (_parse_flag, "1 or 0"),
}


def _shorten(text: str, limit: int = 24) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _show(name: str, value) -> str:
    if name == "lr":
        return format_lr(value)
    if name == "embed":
        return "1" if value else "0"
    return str(value)


def parse_query(query: str) -> tuple[Settings, list[str]]:
    """Settings from a URL query string (with or without '?'), plus notices for what was ignored."""
    values: dict = {}
    rejected: list[tuple[str, str]] = []
    for name, raw in parse_qsl(query.lstrip("?"), keep_blank_values=True):
        if name not in FIELDS:
            continue
        parser, _ = FIELDS[name]
        try:
            values[name] = parser(raw)
        except (ValueError, OverflowError):
            rejected.append((name, raw))
    settings = replace(DEFAULTS, **values)
    notices = [
        f"Ignored {name}={_shorten(raw)!r}: expected {FIELDS[name][1]}. Using {_show(name, getattr(settings, name))}."
        for name, raw in rejected
    ]
    return settings, notices


def to_query(settings: Settings) -> str:
    """The query string that reproduces `settings` (embed only when on)."""
    pairs = [
        ("hidden", settings.hidden),
        ("lr", format_lr(settings.lr)),
        ("seed", settings.seed),
        ("speed", settings.speed),
        ("tab", settings.tab),
    ]
    if settings.embed:
        pairs.append(("embed", 1))
    return urlencode(pairs)


def round_sig(value: float, digits: int = 2) -> float:
    if value == 0:
        return 0.0
    return round(value, digits - 1 - math.floor(math.log10(abs(value))))


def slider_to_lr(position: int) -> float:
    """Learning rate for a slider position, rounded to two significant digits."""
    position = min(max(int(position), 0), LR_STEPS)
    return round_sig(10 ** (-2 + 3 * position / LR_STEPS), 2)


def lr_to_slider(lr: float) -> int:
    lr = min(max(lr, MIN_LR), MAX_LR)
    return round((math.log10(lr) + 2) * LR_STEPS / 3)


def format_lr(lr: float) -> str:
    """Learning rate as people write it: 0.5, 0.05, 2, 10 — no float noise."""
    text = f"{lr:.4g}"
    return text

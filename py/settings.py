"""The shareable settings: one table drives reading the URL query and writing it back.

A hand-edited URL must never break the page, so every value is validated; a bad one
falls back to its default and yields a short notice for the user (plain text, never HTML).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from typing import NamedTuple
from urllib.parse import parse_qsl, urlencode

import network

MIN_HIDDEN, MAX_HIDDEN = network.MIN_HIDDEN, network.MAX_HIDDEN
MIN_LR, MAX_LR = 0.01, network.MAX_LEARNING_RATE  # the slider's range; the model allows any rate > 0
MAX_SEED = network.MAX_SEED
SPEEDS = (1, 5, 20)  # iterations per animation frame
TABS = ("train", "draw")

# The learning-rate slider is logarithmic: position p in 0..LR_STEPS maps to
# 10 ** (LR_LOG_LOW + LR_LOG_SPAN * p / LR_STEPS), i.e. MIN_LR at 0 and MAX_LR at LR_STEPS.
LR_STEPS = 300
LR_LOG_LOW = math.log10(MIN_LR)
LR_LOG_SPAN = math.log10(MAX_LR) - LR_LOG_LOW


class Settings(NamedTuple):
    hidden: int = network.DEFAULT_HIDDEN
    lr: float = network.DEFAULT_LEARNING_RATE
    seed: int = 0
    speed: int = SPEEDS[0]
    tab: str = TABS[0]
    embed: bool = False


DEFAULTS = Settings()

# Only what people type on a keyboard: ASCII digits, no signs, no '_' separators
# (Python's int() and float() would also take '٣', '６４' and '0_5').
_WHOLE = re.compile(r"[0-9]+")
_DECIMAL = re.compile(r"([0-9]+\.?[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?")
_SPACE = " \t\n\r\f\v"  # stripped around a value; other Unicode spaces are not


def _word(text: str) -> str:
    """The value without surrounding ASCII whitespace, lowercased; ValueError if not plain ASCII."""
    value = text.strip(_SPACE)
    if not value.isascii():
        raise ValueError
    return value.lower()


def _parse_whole(text: str) -> int:
    value = _word(text)
    if not _WHOLE.fullmatch(value) or len(value) > 20:  # 20 digits: past any range here
        raise ValueError
    return int(value)


def _parse_int(text: str, low: int, high: int) -> int:
    value = _parse_whole(text)
    if not low <= value <= high:
        raise ValueError
    return value


def _parse_lr(text: str) -> float:
    value = _word(text)
    if not _DECIMAL.fullmatch(value):
        raise ValueError
    number = float(value)
    if not math.isfinite(number) or not MIN_LR <= number <= MAX_LR:
        raise ValueError
    return number


def _parse_speed(text: str) -> int:
    value = _parse_whole(text)
    if value not in SPEEDS:
        raise ValueError
    return value


def _parse_tab(text: str) -> str:
    value = _word(text)
    if value not in TABS:
        raise ValueError
    return value


def _parse_flag(text: str) -> bool:
    value = _word(text)
    if value in ("1", "true", "yes", ""):
        return True
    if value in ("0", "false", "no"):
        return False
    raise ValueError


class Field(NamedTuple):
    parse: Callable[[str], object]  # raises ValueError on a bad value
    expect: str  # what a valid value looks like, for the notice
    show: Callable[[object], str] = str  # how the value is written in the URL and in notices
    always: bool = True  # written to the URL even at its default


def _show_flag(on: bool) -> str:
    return "1" if on else "0"


# One row per setting, in URL order; reading, validating and writing all follow it.
FIELDS = {
    "hidden": Field(lambda t: _parse_int(t, MIN_HIDDEN, MAX_HIDDEN),
                    f"a whole number from {MIN_HIDDEN} to {MAX_HIDDEN}"),
    "lr": Field(_parse_lr, f"a number from {MIN_LR:g} to {MAX_LR:g}", lambda lr: exact_lr(lr)),
    "seed": Field(lambda t: _parse_int(t, 0, MAX_SEED), f"a whole number from 0 to {MAX_SEED}"),
    "speed": Field(_parse_speed, "one of " + ", ".join(map(str, SPEEDS))),
    "tab": Field(_parse_tab, " or ".join(TABS)),
    "embed": Field(_parse_flag, "1 or 0", _show_flag, always=False),
}


def _shorten(text: str, limit: int = 24) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def parse_query(query: str) -> tuple[Settings, list[str]]:
    """Settings from a URL query string (with or without '?'), plus notices for what was ignored."""
    values: dict = {}
    rejected: dict[str, str] = {}  # field -> its first bad value: one notice per field, however many
    repeats = 0  # further bad values, only counted (400 bad parameters must not make 400 notices)
    for name, raw in parse_qsl(query.lstrip("?"), keep_blank_values=True):
        if name not in FIELDS:
            continue
        try:
            values[name] = FIELDS[name].parse(raw)
        except (ValueError, OverflowError):
            repeats += name in rejected
            rejected.setdefault(name, raw)
    settings = DEFAULTS._replace(**values)
    notices = [
        f"Ignored {name}={_shorten(raw)!r}: expected {FIELDS[name].expect}. "
        f"Using {FIELDS[name].show(getattr(settings, name))}."
        for name, raw in rejected.items()
    ]
    if repeats:
        notices.append(f"And {repeats:,} more ignored {'value' if repeats == 1 else 'values'}.")
    return settings, notices


def to_query(settings: Settings) -> str:
    """The query string that reproduces `settings` (optional fields only when not at their default)."""
    return urlencode([
        (name, field.show(getattr(settings, name)))
        for name, field in FIELDS.items()
        if field.always or getattr(settings, name) != getattr(DEFAULTS, name)
    ])


def round_sig(value: float, digits: int = 2) -> float:
    if value == 0:
        return 0.0
    return round(value, digits - 1 - math.floor(math.log10(abs(value))))


def slider_to_lr(position: int) -> float:
    """Learning rate for a slider position, rounded to two significant digits."""
    position = min(max(int(position), 0), LR_STEPS)
    return round_sig(10 ** (LR_LOG_LOW + LR_LOG_SPAN * position / LR_STEPS), 2)


def lr_to_slider(lr: float) -> int:
    lr = min(max(lr, MIN_LR), MAX_LR)
    return round((math.log10(lr) - LR_LOG_LOW) * LR_STEPS / LR_LOG_SPAN)


def format_lr(lr: float) -> str:
    """Learning rate as people write it, for the slider's label: 0.5, 0.05, 2, 10 — no float noise."""
    return f"{lr:.4g}"


def exact_lr(lr: float) -> str:
    """The learning rate in the URL: the shortest text that reads back as exactly this float
    (the page's rates are >= 0.01, where that text is a plain decimal: 0.123456, 10)."""
    text = repr(float(lr))
    return text[:-2] if text.endswith(".0") else text

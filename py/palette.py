"""Colour mapping: weights and activations become a few CSS classes.

Rendering writes a class name, never a colour or a width, and only when an element's
bucket changes. With a dozen weight buckets a training step changes few of them, so a
frame costs a handful of DOM writes instead of thousands. The CSS for the buckets is
generated here too, so one table decides what each bucket looks like: `stylesheet()` is the
content of assets/palette.css (a static file, so a strict Content-Security-Policy that forbids
injected <style> still colours the diagram). Regenerate it with `make page`.

Sign is never colour alone: negative weights are dashed, so it survives greyscale, colour
blindness and forced colours (the colours themselves, --pos/--neg in style.css, also differ
in lightness; scripts/colourcheck.py measures them).
"""

from __future__ import annotations

import numpy as np

# |w| bucket edges: bucket b holds WEIGHT_EDGES[b-1] <= |w| < WEIGHT_EDGES[b].
WEIGHT_EDGES = np.array([0.1, 0.25, 0.5, 1.0, 2.0, 4.0])
WEIGHT_LEVELS = len(WEIGHT_EDGES) + 1
# Per magnitude level: stroke width (SVG user units) and opacity. Thicker and more opaque as |w| grows.
WEIGHT_WIDTHS = (0.5, 0.8, 1.2, 1.8, 2.6, 3.6, 4.8)
WEIGHT_OPACITY = (0.10, 0.22, 0.36, 0.52, 0.68, 0.82, 0.95)
# Code c < WEIGHT_LEVELS is positive (orange, solid) with level c; c >= WEIGHT_LEVELS negative (blue, dashed).
WEIGHT_CLASSES = tuple(f"wp{i}" for i in range(WEIGHT_LEVELS)) + tuple(f"wn{i}" for i in range(WEIGHT_LEVELS))

ACTIVATION_LEVELS = 11
ACTIVATION_CLASSES = tuple(f"a{i}" for i in range(ACTIVATION_LEVELS))
# Light for a weak activation, dark for a strong one (an input pixel of 1 is black on paper).
ACTIVATION_LIGHT = (244, 245, 251)
ACTIVATION_DARK = (43, 47, 122)


def weight_codes(weights: np.ndarray) -> np.ndarray:
    """Bucket code per weight: sign and magnitude level in one small integer."""
    w = np.asarray(weights, dtype=float).ravel()
    level = np.searchsorted(WEIGHT_EDGES, np.abs(w), side="right")
    return level + WEIGHT_LEVELS * (w < 0)


def weight_style(code: int) -> tuple[str, float, float]:
    """(sign, stroke width, opacity) for a bucket code: what the CSS class draws."""
    sign = "negative" if code >= WEIGHT_LEVELS else "positive"
    level = code % WEIGHT_LEVELS
    return sign, WEIGHT_WIDTHS[level], WEIGHT_OPACITY[level]


def weight_dash(code: int) -> str | None:
    """stroke-dasharray of a bucket: None (solid) for positive weights, dashes for negative.
    Dash and gap grow with the stroke width so the gap stays open around round line caps."""
    if code < WEIGHT_LEVELS:
        return None
    width = WEIGHT_WIDTHS[code % WEIGHT_LEVELS]
    return f"{3 + 1.5 * width:g} {2 + 1.5 * width:g}"


def activation_codes(activations: np.ndarray) -> np.ndarray:
    """Bucket per activation in [0, 1]: 0 = weakest, ACTIVATION_LEVELS-1 = strongest."""
    # fmax/fmin, not nan_to_num + clip: a NaN becomes 0 and infinities the nearest end, in two ufunc
    # calls (nan_to_num is Python-level numpy, run three times a frame).
    a = np.fmin(np.fmax(np.asarray(activations, dtype=float).ravel(), 0.0), 1.0)
    return np.rint(a * (ACTIVATION_LEVELS - 1)).astype(np.intp)


def activation_rgb(level: int) -> tuple[int, int, int]:
    t = level / (ACTIVATION_LEVELS - 1)
    return tuple(round(lo + (hi - lo) * t) for lo, hi in zip(ACTIVATION_LIGHT, ACTIVATION_DARK))




def css() -> str:
    """The stylesheet for every bucket class, one rule per line.

    Weight classes also style the legend's key (.weight-key). Under forced colours (Windows
    High Contrast) the weights take the user's text colour through --pos/--neg (style.css),
    and activations a mix of background and text colour that darkens with the level, so the
    diagram keeps its values in the user's own colours."""
    rules = []
    for code, name in enumerate(WEIGHT_CLASSES):
        sign, width, opacity = weight_style(code)
        colour = "var(--pos)" if sign == "positive" else "var(--neg)"
        dash = weight_dash(code)
        rules.append(f"#network .{name},.weight-key .{name}{{stroke:{colour};stroke-width:{width};"
                     f"stroke-opacity:{opacity}" + (f";stroke-dasharray:{dash}" if dash else "") + "}")
    for level, name in enumerate(ACTIVATION_CLASSES):
        r, g, b = activation_rgb(level)
        rules.append(f"#network .{name}{{fill:rgb({r},{g},{b})}}")
    light, dark = (f"rgb{activation_rgb(level)}".replace(" ", "") for level in (0, ACTIVATION_LEVELS - 1))
    rules.append(f".ramp{{background:linear-gradient(90deg,{light},{dark})}}")  # the legend's activation ramp
    top = ACTIVATION_LEVELS - 1
    forced = "".join(
        f"#network .{name}{{fill:color-mix(in srgb,CanvasText {100 * level / top:g}%,Canvas)}}"
        for level, name in enumerate(ACTIVATION_CLASSES)
    )
    rules.append(f"@media (forced-colors: active){{{forced}}}")
    return "\n".join(rules)


def bar_class(share: float) -> str:
    """The class that draws an output bar `share` (0-1) long, to the nearest percent: how the page
    pre-rendered into index.html shows the bars before Python writes their exact scale."""
    return f"bar{round(100 * min(max(share, 0.0), 1.0))}"


def panel_css() -> str:
    """The same buckets for the panels under the tool: the hidden-neuron maps fill each cell like
    the diagram's line for that weight (a filled cell reads stronger than a line, so its opacity
    starts higher); the per-digit grid shades each output like its neuron."""
    rules = []
    for code, name in enumerate(WEIGHT_CLASSES):
        sign, _, opacity = weight_style(code)
        colour = "var(--pos)" if sign == "positive" else "var(--neg)"
        rules.append(f"#neuron-maps .{name}{{fill:{colour};fill-opacity:{0.12 + 0.88 * opacity:.2f}}}")
    for level, name in enumerate(ACTIVATION_CLASSES):
        r, g, b = activation_rgb(level)
        rules.append(f"#per-digit .{name}{{background:rgb({r},{g},{b})}}")
    rules.extend(f".out-fill.{bar_class(p / 100)}{{transform:scaleX({p / 100:g})}}" for p in range(101))
    return "\n".join(rules)


STYLESHEET = "assets/palette.css"


def stylesheet() -> str:
    """The exact content of assets/palette.css."""
    return f"/* Generated from py/palette.py by `make page`: do not edit. */\n{css()}\n{panel_css()}\n"

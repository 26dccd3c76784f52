"""Can everyone tell a positive weight from a negative one? Pure colour maths to check it.

The weight colours live in assets/style.css (--pos, --neg, light and dark); the opacity per
weight level lives in py/palette.py. This module blends each level onto the panel colour the
way the browser does, simulates colour-vision deficiencies (Machado, Oliveira & Fernandes
2009, severity 1) and greyscale, and measures how far apart the two signs land (CIEDE2000),
plus the WCAG contrast ratio of the two full colours (their difference in lightness).

Run it to print the table the README quotes:  python scripts/colourcheck.py
"""

from __future__ import annotations

import math
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STYLE = ROOT / "assets" / "style.css"

# Linear-RGB matrices for full dichromacy (Machado et al. 2009, severity 1.0).
CVD_MATRICES = {
    "protanopia": ((0.152286, 1.052583, -0.204868), (0.114503, 0.786281, 0.099216),
                   (-0.003882, -0.048116, 1.051998)),
    "deuteranopia": ((0.367322, 0.860646, -0.227968), (0.280085, 0.672501, 0.047413),
                     (-0.011820, 0.042940, 0.968881)),
    "tritanopia": ((1.255528, -0.076749, -0.178779), (-0.078411, 0.930809, 0.147602),
                   (0.004733, 0.691367, 0.303900)),
}
VISIONS = ("normal", "protanopia", "deuteranopia", "tritanopia", "greyscale")

RGB = tuple[float, float, float]


def hex_to_rgb(colour: str) -> RGB:
    h = colour.strip().lstrip("#")
    if len(h) == 3:
        h = "".join(c * 2 for c in h)
    if len(h) != 6:
        raise ValueError(f"not a #rrggbb colour: {colour!r}")
    return tuple(float(int(h[i:i + 2], 16)) for i in (0, 2, 4))


def to_linear(c: float) -> float:
    c = c / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def from_linear(c: float) -> float:
    c = min(max(c, 0.0), 1.0)
    return 255 * (12.92 * c if c <= 0.0031308 else 1.055 * c ** (1 / 2.4) - 0.055)


def relative_luminance(rgb: RGB) -> float:
    r, g, b = (to_linear(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(a: RGB, b: RGB) -> float:
    """WCAG contrast ratio, 1 (same lightness) to 21 (black on white)."""
    la, lb = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def blend(fg: RGB, bg: RGB, opacity: float) -> RGB:
    """What the browser paints for `fg` at `opacity` over `bg` (it blends in sRGB)."""
    return tuple(opacity * f + (1 - opacity) * b for f, b in zip(fg, bg))


def simulate(rgb: RGB, vision: str) -> RGB:
    """How `rgb` looks to someone with `vision` (one of VISIONS)."""
    if vision == "normal":
        return rgb
    lin = [to_linear(c) for c in rgb]
    if vision == "greyscale":
        y = 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]
        return (from_linear(y),) * 3
    m = CVD_MATRICES[vision]
    return tuple(from_linear(sum(m[i][j] * lin[j] for j in range(3))) for i in range(3))


def to_lab(rgb: RGB) -> RGB:
    """CIELAB (D65) of an sRGB colour."""
    r, g, b = (to_linear(c) for c in rgb)
    x = (0.4124564 * r + 0.3575761 * g + 0.1804375 * b) / 0.95047
    y = 0.2126729 * r + 0.7151522 * g + 0.0721750 * b
    z = (0.0193339 * r + 0.1191920 * g + 0.9503041 * b) / 1.08883

    def f(t):
        return t ** (1 / 3) if t > (6 / 29) ** 3 else t / (3 * (6 / 29) ** 2) + 4 / 29

    fx, fy, fz = f(x), f(y), f(z)
    return 116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)


def delta_e_2000(lab1: RGB, lab2: RGB) -> float:
    """CIEDE2000 colour difference: about 2 is just noticeable, 10+ is clearly different."""
    L1, a1, b1 = lab1
    L2, a2, b2 = lab2
    c_mean = (math.hypot(a1, b1) + math.hypot(a2, b2)) / 2
    g = 0.5 * (1 - math.sqrt(c_mean ** 7 / (c_mean ** 7 + 25 ** 7)))
    a1p, a2p = (1 + g) * a1, (1 + g) * a2
    c1p, c2p = math.hypot(a1p, b1), math.hypot(a2p, b2)
    h1p = math.degrees(math.atan2(b1, a1p)) % 360 if c1p else 0.0
    h2p = math.degrees(math.atan2(b2, a2p)) % 360 if c2p else 0.0
    dL, dC = L2 - L1, c2p - c1p
    if c1p * c2p == 0:
        dh = 0.0
    elif abs(h2p - h1p) <= 180:
        dh = h2p - h1p
    else:
        dh = h2p - h1p - 360 if h2p > h1p else h2p - h1p + 360
    dH = 2 * math.sqrt(c1p * c2p) * math.sin(math.radians(dh / 2))
    L_mean, cp_mean = (L1 + L2) / 2, (c1p + c2p) / 2
    if c1p * c2p == 0:
        h_mean = h1p + h2p
    elif abs(h1p - h2p) <= 180:
        h_mean = (h1p + h2p) / 2
    else:
        h_mean = (h1p + h2p + 360) / 2 if h1p + h2p < 360 else (h1p + h2p - 360) / 2
    t = (1 - 0.17 * math.cos(math.radians(h_mean - 30)) + 0.24 * math.cos(math.radians(2 * h_mean))
         + 0.32 * math.cos(math.radians(3 * h_mean + 6)) - 0.20 * math.cos(math.radians(4 * h_mean - 63)))
    d_theta = 30 * math.exp(-(((h_mean - 275) / 25) ** 2))
    r_c = 2 * math.sqrt(cp_mean ** 7 / (cp_mean ** 7 + 25 ** 7))
    s_l = 1 + 0.015 * (L_mean - 50) ** 2 / math.sqrt(20 + (L_mean - 50) ** 2)
    s_c = 1 + 0.045 * cp_mean
    s_h = 1 + 0.015 * cp_mean * t
    r_t = -math.sin(math.radians(2 * d_theta)) * r_c
    return math.sqrt((dL / s_l) ** 2 + (dC / s_c) ** 2 + (dH / s_h) ** 2 + r_t * (dC / s_c) * (dH / s_h))


def sign_difference(pos: RGB, neg: RGB, background: RGB, opacity: float, vision: str) -> float:
    """ΔE2000 between a positive and a negative line of one level, as `vision` sees them."""
    seen = [simulate(blend(c, background, opacity), vision) for c in (pos, neg)]
    return delta_e_2000(to_lab(seen[0]), to_lab(seen[1]))


def sign_table(pos: RGB, neg: RGB, background: RGB, opacities) -> dict[str, list[float]]:
    """For each vision, the ΔE2000 between the signs at every weight level."""
    return {v: [sign_difference(pos, neg, background, o, v) for o in opacities] for v in VISIONS}


def css_variables(css: str) -> dict[str, dict[str, str]]:
    """The custom properties of :root in the light theme and in the dark-scheme media block."""
    found = {}
    dark_start = css.find("@media (prefers-color-scheme: dark)")
    for theme, block in (("light", css[:dark_start]), ("dark", css[dark_start:])):
        root = re.search(r":root\s*\{(.*?)\}", block, re.S)
        found[theme] = dict(re.findall(r"(--[\w-]+)\s*:\s*([^;]+);", root.group(1))) if root else {}
    return found


def main() -> int:
    sys.path.insert(0, str(ROOT / "py"))
    import palette

    themes = css_variables(STYLE.read_text())
    for theme in ("light", "dark"):
        v = {**themes["light"], **themes[theme]}
        pos, neg, panel = (hex_to_rgb(v[k]) for k in ("--pos", "--neg", "--panel"))
        print(f"{theme}: --pos {v['--pos']}  --neg {v['--neg']}  on {v['--panel']}: "
              f"luminance ratio {contrast_ratio(pos, neg):.2f}")
        table = sign_table(pos, neg, panel, palette.WEIGHT_OPACITY)
        print("  ΔE2000 per level (opacity " + " ".join(f"{o:.2f}" for o in palette.WEIGHT_OPACITY) + ")")
        for vision, row in table.items():
            print(f"  {vision:13s}" + " ".join(f"{d:5.1f}" for d in row))
    return 0


if __name__ == "__main__":
    sys.exit(main())

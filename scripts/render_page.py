"""Write the page's generated files: the parts of index.html that py/ owns, and assets/palette.css.

Slider ranges and defaults, the speed options, the batch size, the SVG viewBoxes and the
activation ramp live in py/ (one owner each); the static page needs them before Pyodide
boots, so they are generated into marked regions of index.html:

    <!-- begin: NAME -->...<!-- end: NAME -->

`make page` (`python3 scripts/render_page.py`) rewrites every region, and the colour
classes' stylesheet assets/palette.css from py/palette.py; `--check` only reports whether both
are up to date (tests/test_render_page.py and tests/test_csp.py check each). To pre-render
more of the page, add a function to REGIONS and a marked region to index.html.

The default state is pre-rendered too (DRAWN): the real App runs under CPython on
dom.py's stand-in (py/fakedom.py) with the default settings, on the page with those
regions empty, and the elements it builds (diagram, loss chart, stats, output bars,
thumbnails, test scores and strip, neuron maps, per-digit grid, the inspector's title) are
written into the page. So the first paint shows the whole tool, and
the markup is by construction what Python builds; in the browser Python adopts it.
"""

from __future__ import annotations

import argparse
import html
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "py"))

import layout
import losschart
import palette
import settings as config
from trainer import BATCH_SIZE

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "index.html"
DEFAULTS = config.DEFAULTS


def hidden_slider() -> str:
    d = DEFAULTS.hidden
    return ('<span class="field-head"><span>Hidden neurons</span>'
            f'<output id="hidden-value" for="hidden" aria-hidden="true">{d}</output></span>\n          '
            f'<input type="range" id="hidden" min="{config.MIN_HIDDEN}" max="{config.MAX_HIDDEN}" '
            f'step="1" value="{d}" disabled>')


def lr_slider() -> str:
    text = config.format_lr(DEFAULTS.lr)
    return ('<span class="field-head"><span>Learning rate</span>'
            f'<output id="lr-value" for="lr" aria-hidden="true">{text}</output></span>\n          '
            f'<input type="range" id="lr" min="0" max="{config.LR_STEPS}" step="1" '
            f'value="{config.lr_to_slider(DEFAULTS.lr)}" aria-valuetext="{text}" disabled>')


def speed_options() -> str:
    return "".join(
        f'\n            <option value="{s}"{" selected" if s == DEFAULTS.speed else ""}>'
        f'{s} iteration{"s" if s != 1 else ""} / frame</option>'
        for s in config.SPEEDS
    ) + "\n          "


def network_svg(content: str = "") -> str:
    # role="application": screen readers pass the arrow keys to the diagram (diagramkeys.py).
    return (f'<svg id="network" viewBox="0 0 {layout.WIDTH} {layout.HEIGHT}" role="application" tabindex="-1" '
            'aria-label="Network diagram: inputs, hidden neurons and outputs with their weights" '
            f'aria-describedby="diagram-help">{content}</svg>')


def loss_chart_svg(content: str = "") -> str:
    return (f'<svg id="loss-chart" viewBox="0 0 {losschart.WIDTH} {losschart.HEIGHT}" role="img" '
            f'aria-label="Loss and accuracy against iteration; use the arrow keys to read out the points" '
            f'tabindex="0">{content}</svg>')


def activation_ramp() -> str:
    return '<span class="ramp" aria-hidden="true"></span>'  # its gradient: assets/palette.css, from py/palette.py


def example_query() -> str:
    return f"<code>?{html.escape(config.to_query(DEFAULTS))}</code>"


# ---- the default state, drawn by the real App under CPython ------------------------------------

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


def _style(element) -> str:
    declarations = vars(element.style)
    return "; ".join(f"{re.sub('([A-Z])', lambda m: '-' + m.group(1).lower(), k)}: {v}"
                     for k, v in declarations.items())


def inner_markup(element) -> str:
    """The markup of a fakedom element's content, as a browser would parse it back."""
    return html.escape(element.text, quote=False) + "".join(outer_markup(c) for c in element.children)


def outer_markup(element) -> str:
    if element.tag == "#text":
        return html.escape(element.text, quote=False)
    attrs = dict(element.attributes)
    scale = re.fullmatch(r"scaleX\(([\d.]+)\)", getattr(element.style, "transform", ""))
    if scale and set(vars(element.style)) == {"transform"}:
        # An output bar: a class from assets/palette.css (palette.bar_class), since a strict
        # Content-Security-Policy refuses inline style attributes; Python writes the exact scale.
        attrs["class"] = f'{attrs.get("class", "")} {palette.bar_class(float(scale.group(1)))}'.strip()
    elif _style(element):
        attrs["style"] = _style(element)
    opening = element.tag + "".join(f' {name}="{html.escape(value)}"' for name, value in attrs.items())
    if element.tag in VOID:
        return f"<{opening}>"
    content = inner_markup(element)
    if not content and element.tag in SVG_LEAVES:
        return f"<{opening}/>"
    return f"<{opening}>{content}</{element.tag}>"


SVG_LEAVES = {"line", "rect", "circle", "polyline", "path"}
DRAWN_TEXT = ("iterations", "accuracy", "loss", "outputs-caption", "outputs", "inputs", "chart-notes",
              "test-accuracy", "test-loss", "test-summary", "test-strip", "neuron-maps", "per-digit", "inspector")


def drawn(blank_page: str) -> dict:
    """Region name -> markup: what the App draws at start with the default settings."""
    import app
    import dom
    import fakedom

    fakedom.document.load(blank_page)
    fakedom.window.reset(search="")
    app.App(dom.query_string())
    regions = {name: inner_markup(dom.by_id(name)) for name in DRAWN_TEXT}
    regions["network-svg"] = network_svg(inner_markup(dom.by_id("network")))
    regions["loss-chart-svg"] = loss_chart_svg(inner_markup(dom.by_id("loss-chart")))
    return regions


REGIONS = {
    "batch-size": lambda: str(BATCH_SIZE),
    "speed-options": speed_options,
    "hidden-slider": hidden_slider,
    "lr-slider": lr_slider,
    "network-svg": network_svg,
    "activation-ramp": activation_ramp,
    "loss-chart-svg": loss_chart_svg,
    "example-query": example_query,
}


def _fill(page: str, regions: dict) -> str:
    for name, make in regions.items():
        pattern = re.compile(rf"(<!-- begin: {name} -->)(.*?)(<!-- end: {name} -->)", re.DOTALL)
        if len(pattern.findall(page)) != 1:
            raise ValueError(f"index.html needs exactly one <!-- begin: {name} -->...<!-- end: {name} -->")
        page = pattern.sub(lambda m, make=make: m.group(1) + make() + m.group(3), page)
    return page


def render(page: str) -> str:
    """`page` with every region rewritten from the code; a region missing from it is an error."""
    blank = _fill(page, {**REGIONS, **dict.fromkeys(DRAWN_TEXT, str)})
    return _fill(blank, {name: (lambda m=markup: m) for name, markup in drawn(blank).items()})


def generated() -> dict:
    """Path -> the content the code makes for it."""
    return {PAGE: render(PAGE.read_text()), ROOT / palette.STYLESHEET: palette.stylesheet()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="exit 1 if a generated file is not up to date")
    args = parser.parse_args(argv)
    stale = {path: text for path, text in generated().items()
             if not path.exists() or path.read_text() != text}
    names = ", ".join(str(path.relative_to(ROOT)) for path in stale)
    if not stale:
        print("render_page: index.html and assets/palette.css are up to date")
        return 0
    if args.check:
        print(f"render_page: {names} differ from what py/ generates; run make page")
        return 1
    for path, text in stale.items():
        path.write_text(text)
    print(f"render_page: rewrote {names}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

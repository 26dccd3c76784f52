"""SVG markup for the diagram and the loss chart, built as text from pure data.

The structure changes rarely (a new hidden size, a new axis scale), and one innerHTML
write is far cheaper from Python than thousands of createElement/setAttribute calls.
Everything interpolated here is a number or one of our own class names and labels,
so no user text ever reaches the markup.
"""

from __future__ import annotations

from layout import CAPTION_Y, INPUTS, Layout
from palette import ACTIVATION_CLASSES, WEIGHT_CLASSES
from scales import Box, format_tick, project


def _lines(lines, layer: str, from_count: int, codes) -> str:
    """One <line> per row of `lines`; row r joins from-index r % from_count to r // from_count."""
    out = []
    for r, (x1, y1, x2, y2) in enumerate(lines.tolist()):
        out.append(
            f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" class="{WEIGHT_CLASSES[codes[r]]}" '
            f'data-layer="{layer}" data-from="{r % from_count}" data-to="{r // from_count}"/>'
        )
    return "".join(out)


def ih_lines(layout: Layout, codes) -> str:
    return _lines(layout.ih_lines, "ih", INPUTS, codes)


def ho_lines(layout: Layout, codes) -> str:
    return _lines(layout.ho_lines, "ho", layout.hidden, codes)


def input_neurons(layout: Layout) -> str:
    half = layout.input_size / 2
    return "".join(
        f'<rect x="{x - half:.1f}" y="{y - half:.1f}" width="{layout.input_size:.1f}" height="{layout.input_size:.1f}" '
        f'rx="3" class="{ACTIVATION_CLASSES[0]}" data-layer="input" data-index="{i}"/>'
        for i, (x, y) in enumerate(layout.input_xy.tolist())
    )


def _circles(xy, radius: float, layer: str) -> str:
    return "".join(
        f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{radius:.1f}" class="{ACTIVATION_CLASSES[0]}" '
        f'data-layer="{layer}" data-index="{i}"/>'
        for i, (x, y) in enumerate(xy.tolist())
    )


def hidden_neurons(layout: Layout) -> str:
    return _circles(layout.hidden_xy, layout.hidden_radius, "hidden")


def output_neurons(layout: Layout) -> str:
    return _circles(layout.output_xy, layout.output_radius, "output")


def output_labels(layout: Layout) -> str:
    x_offset = layout.output_radius + 8
    return "".join(
        f'<text x="{x + x_offset:.1f}" y="{y:.1f}" dy="0.35em" class="out-label" data-index="{k}">{k}</text>'
        for k, (x, y) in enumerate(layout.output_xy.tolist())
    )


def captions(layout: Layout) -> str:
    return "".join(
        f'<text x="{x:.1f}" y="{CAPTION_Y}" text-anchor="middle" class="caption">{text}</text>'
        for text, x in layout.captions
    )


def chart_axes(box: Box, x_ticks: list[float], y_ticks: list[float]) -> str:
    """Grid lines, tick labels and axis titles for the loss chart."""
    parts = []
    ys = project(y_ticks, 0.0, y_ticks[-1], box.bottom, box.top)
    for value, y in zip(y_ticks, ys.tolist()):
        parts.append(f'<line class="grid" x1="{box.left}" x2="{box.right}" y1="{y:.1f}" y2="{y:.1f}"/>')
        parts.append(f'<text x="{box.left - 4}" y="{y:.1f}" dy="0.32em" text-anchor="end">{format_tick(value)}</text>')
    xs = project(x_ticks, 0.0, x_ticks[-1], box.left, box.right)
    for value, x in zip(x_ticks, xs.tolist()):
        parts.append(f'<line class="axis" x1="{x:.1f}" x2="{x:.1f}" y1="{box.bottom}" y2="{box.bottom + 3}"/>')
        parts.append(f'<text x="{x:.1f}" y="{box.bottom + 13}" text-anchor="middle">{format_tick(value)}</text>')
    parts.append(f'<line class="axis" x1="{box.left}" x2="{box.right}" y1="{box.bottom}" y2="{box.bottom}"/>')
    parts.append(f'<line class="axis" x1="{box.left}" x2="{box.left}" y1="{box.top}" y2="{box.bottom}"/>')
    mid_x = (box.left + box.right) / 2
    parts.append(f'<text class="axis-title" x="{mid_x:.1f}" y="{box.bottom + 26}" text-anchor="middle">Iteration</text>')
    mid_y = (box.top + box.bottom) / 2
    parts.append(
        f'<text class="axis-title" transform="translate(13 {mid_y:.1f}) rotate(-90)" text-anchor="middle">Mean loss</text>'
    )
    return "".join(parts)


def chart_right_axis(box: Box, ticks, label_format: str) -> str:
    """Tick labels on the right edge for a second series scaled 0..ticks[-1] (accuracy)."""
    ys = project(ticks, 0.0, ticks[-1], box.bottom, box.top)
    parts = [f'<line class="axis" x1="{box.right}" x2="{box.right}" y1="{box.top}" y2="{box.bottom}"/>']
    for value, y in zip(ticks, ys.tolist()):
        parts.append(f'<text class="right-tick" x="{box.right + 4}" y="{y:.1f}" dy="0.32em">'
                     f'{label_format.format(value)}</text>')
    return "".join(parts)

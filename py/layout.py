"""Geometry of the network diagram: where every neuron and connection goes.

Pure numbers in SVG user units (the diagram's viewBox), so the drawing code only copies
them into attributes. Connection order matches the weight matrices flattened row by row:
connection j*25 + i joins input i to hidden j (w_ih[j, i]); k*H + j joins hidden j to
output k (w_ho[k, j]). Colour codes from palette.weight_codes(w.ravel()) then line up
with the connection elements one to one.
"""

from __future__ import annotations

from typing import NamedTuple

import network
import numpy as np
from digits import SIZE as GRID

WIDTH, HEIGHT = 640, 460
INPUTS, OUTPUTS = network.N_INPUTS, network.N_OUTPUTS
CAPTION_Y = 20
TOP, BOTTOM = 42, HEIGHT - 14

INPUT_LEFT = 18
INPUT_CELL = 26  # side of an input square
INPUT_PITCH = 32  # distance between input centres
HIDDEN_X = 372
OUTPUT_X = 560
OUTPUT_PITCH = 40
OUTPUT_RADIUS = 13
MAX_HIDDEN_RADIUS = 13
MIN_HIDDEN_RADIUS = 2.5


class Layout(NamedTuple):
    hidden: int
    input_xy: np.ndarray  # (25, 2) centres of the input squares
    input_size: float
    hidden_xy: np.ndarray  # (H, 2)
    hidden_radius: float
    output_xy: np.ndarray  # (10, 2)
    output_radius: float
    ih_lines: np.ndarray  # (25*H, 4) x1, y1, x2, y2
    ho_lines: np.ndarray  # (H*10, 4)
    captions: tuple  # ((text, x), ...) at CAPTION_Y


def column(count: int, pitch: float, top: float = TOP, bottom: float = BOTTOM) -> np.ndarray:
    """y of `count` evenly spaced centres, `pitch` apart at most, centred in [top, bottom]."""
    if count == 1:
        return np.array([(top + bottom) / 2])
    pitch = min(pitch, (bottom - top) / (count - 1))
    span = pitch * (count - 1)
    start = (top + bottom) / 2 - span / 2
    return start + pitch * np.arange(count)


def hidden_pitch_and_radius(hidden: int) -> tuple[float, float]:
    pitch = min(44.0, (BOTTOM - TOP - 2 * MAX_HIDDEN_RADIUS) / max(hidden - 1, 1))
    radius = float(np.clip(pitch * 0.4, MIN_HIDDEN_RADIUS, MAX_HIDDEN_RADIUS))
    return pitch, radius


def compute(hidden: int) -> Layout:
    """The whole diagram for a network with `hidden` hidden neurons."""
    if hidden < 1:
        raise ValueError("hidden must be at least 1")
    rows, cols = np.divmod(np.arange(INPUTS), GRID)
    block = INPUT_PITCH * (GRID - 1)
    input_top = (TOP + BOTTOM) / 2 - block / 2
    input_left = INPUT_LEFT + INPUT_CELL / 2
    input_xy = np.column_stack([input_left + cols * INPUT_PITCH, input_top + rows * INPUT_PITCH]).astype(float)

    pitch, radius = hidden_pitch_and_radius(hidden)
    margin = radius
    hidden_y = column(hidden, pitch, TOP + margin, BOTTOM - margin)
    hidden_xy = np.column_stack([np.full(hidden, float(HIDDEN_X)), hidden_y])

    output_y = column(OUTPUTS, OUTPUT_PITCH, TOP + OUTPUT_RADIUS, BOTTOM - OUTPUT_RADIUS)
    output_xy = np.column_stack([np.full(OUTPUTS, float(OUTPUT_X)), output_y])

    # Row j*25 + i: input i -> hidden j.
    src = np.tile(input_xy, (hidden, 1))
    dst = np.repeat(hidden_xy, INPUTS, axis=0)
    ih_lines = np.hstack([src, dst])
    # Row k*H + j: hidden j -> output k.
    src = np.tile(hidden_xy, (OUTPUTS, 1))
    dst = np.repeat(output_xy, hidden, axis=0)
    ho_lines = np.hstack([src, dst])

    captions = (
        ("INPUT", float(input_left + block / 2)),
        ("HIDDEN", float(HIDDEN_X)),
        ("OUTPUT", float(OUTPUT_X)),
    )
    return Layout(hidden, input_xy, float(INPUT_CELL), hidden_xy, radius, output_xy,
                  float(OUTPUT_RADIUS), ih_lines, ho_lines, captions)

"""The ten training images: one 5x5 bitmap per digit, 0 = white, 1 = black.

The bitmaps are written as text so they can be read (and checked) by eye;
DIGITS is built from that text once, at import.
"""

import numpy as np

SIZE = 5  # images are SIZE x SIZE pixels, flattened row-major to 25 inputs

# One string per digit, rows separated by "/": "#" = black (1), "." = white (0).
_BITMAPS = (
    ".###./#...#/#...#/#...#/.###.",  # 0
    "..#../.##../..#../..#../.###.",  # 1
    ".###./#...#/..##./.#.../#####",  # 2
    "####./....#/.###./....#/####.",  # 3
    "#..#./#..#./#####/...#./...#.",  # 4
    "#####/#..../####./....#/####.",  # 5
    ".###./#..../####./#...#/.###.",  # 6
    "#####/....#/...#./..#../..#..",  # 7
    ".###./#...#/.###./#...#/.###.",  # 8
    ".###./#...#/.####/....#/.###.",  # 9
)


def parse_bitmap(bitmap):
    """Turn '#'/'.' text into 25 floats, refusing a malformed drawing early."""
    rows = bitmap.split("/")
    if len(rows) != SIZE or any(len(row) != SIZE or set(row) - {"#", "."} for row in rows):
        raise ValueError(f"bad bitmap {bitmap!r}: need {SIZE} rows of {SIZE} '#'/'.'")
    return [1.0 if pixel == "#" else 0.0 for row in rows for pixel in row]


DIGITS = np.array([parse_bitmap(b) for b in _BITMAPS], dtype=np.float64)
DIGITS.flags.writeable = False  # shared by every trainer: nobody may repaint it by accident
LABELS = np.arange(10)


def as_rows(image):
    """Return an image as SIZE strings like '.###.' ('#' for ink >= 0.5), for tests and debugging."""
    pixels = np.asarray(image, dtype=np.float64).reshape(SIZE, SIZE)
    return ["".join("#" if p >= 0.5 else "." for p in row) for row in pixels]

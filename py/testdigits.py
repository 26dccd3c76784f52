"""The held-out test set: 50 hand-drawn variants of the ten digits, never trained on.

They show whether the network learned digits or only memorised the ten training images.
Each variant is one of three kinds:
  style  another way to write the digit (square, narrow, slanted, thicker or thinner strokes)
  shift  the training digit moved one pixel; ink pushed off the 5x5 grid is lost
  noise  the training digit with one or two pixels flipped
Only digits with room to move (1, 2, 3, 4, 7) have shifted variants: the others fill the grid.
Written as text like digits.py, so each can be checked by eye.
"""

import numpy as np
from digits import parse_bitmap

KINDS = ("style", "shift", "noise")

# (bitmap, digit, kind): rows separated by "/", "#" = black, "." = white.
_VARIANTS = (
    (".###./#...#/#...#/#..##/.###.", 0, "noise"),  # a stray dot inside
    (".#.#./#...#/#...#/#...#/.###.", 0, "noise"),  # a gap in the top
    ("#####/#...#/#...#/#...#/#####", 0, "style"),  # square corners
    (".##../#..#./#..#./#..#./.##..", 0, "style"),  # narrow, written on the left
    ("..#../.#.#./.#.#./.#.#./..#..", 0, "style"),  # thin and tall
    (".#.../##.../.#.../.#.../###..", 1, "shift"),  # one pixel left
    ("...#./..##./...#./...#./..###", 1, "shift"),  # one pixel right
    ("..#../..#../..#../..#../..#..", 1, "style"),  # a plain stroke
    ("..#../.##../#.#../..#../..#..", 1, "style"),  # a long flag, no foot
    ("..#../.##../..#.#/..#../.###.", 1, "noise"),  # a stray dot on the right
    ("###../...#./.##../#..../####.", 2, "shift"),  # one pixel left
    ("####./....#/.###./#..../#####", 2, "style"),  # angular
    ("#####/...#./..#../.#.../#####", 2, "style"),  # a Z
    (".###./#...#/..##./.#..#/#####", 2, "noise"),  # a stray dot on the right
    (".###./....#/..##./.#.../####.", 2, "noise"),  # two corners missing
    ("###../...#./###../...#./###..", 3, "shift"),  # one pixel left
    (".###./....#/..##./....#/.###.", 3, "style"),  # rounded
    ("#####/...#./..##./....#/####.", 3, "style"),  # flat top
    ("####./....#/..##./....#/####.", 3, "noise"),  # a shorter middle stroke
    ("####./.#..#/.###./....#/###..", 3, "noise"),  # a stray dot, a corner missing
    (".#..#/.#..#/.####/....#/....#", 4, "shift"),  # one pixel right
    ("#..#./#####/...#./...#./.....", 4, "shift"),  # one pixel up
    ("...#./..##./.#.#./#####/...#.", 4, "style"),  # closed, with a diagonal
    ("#.#../#.#../#####/..#../..#..", 4, "style"),  # narrow
    ("#..#./#..#./#####/...#./#..#.", 4, "noise"),  # a stray dot bottom left
    ("####./#..../###../...#./###..", 5, "style"),  # narrow
    (".####/#..../.###./....#/####.", 5, "style"),  # rounded
    ("#####/#..../#####/....#/#####", 5, "style"),  # square, like a clock display
    ("#####/#..#./####./....#/####.", 5, "noise"),  # a stray dot
    ("####./#..../####./....#/#####", 5, "noise"),  # one corner moved
    ("..#../.#.../####./#...#/.###.", 6, "style"),  # a curved top
    ("#..../#..../#####/#...#/#####", 6, "style"),  # square, like a clock display
    (".##../#..../###../#..#./.##..", 6, "style"),  # narrow
    (".###./#..../####./#...#/.##..", 6, "noise"),  # a dot missing at the bottom
    (".###./#..../####./#.#.#/.###.", 6, "noise"),  # a stray dot inside the loop
    ("####./...#./..#../.#.../.#...", 7, "shift"),  # one pixel left
    ("...../#####/....#/...#./..#..", 7, "shift"),  # one pixel down
    ("#####/...#./..#../.#.../#....", 7, "style"),  # a long straight diagonal
    ("#####/....#/.###./..#../..#..", 7, "style"),  # crossed, as written in Europe
    ("#####/....#/#..#./..#../..#..", 7, "noise"),  # a stray dot on the left
    ("#####/#...#/#####/#...#/#####", 8, "style"),  # square, like a clock display
    (".##../#..#./.##../#..#./.##..", 8, "style"),  # narrow
    (".###./#...#/.###./#..##/.###.", 8, "noise"),  # a stray dot in the lower loop
    ("..##./#...#/.###./#...#/.###.", 8, "noise"),  # a gap in the top
    (".###./#.#.#/.###./#...#/.##..", 8, "noise"),  # a stray dot, a dot missing
    (".###./#...#/.####/....#/....#", 9, "style"),  # a straight tail
    ("#####/#...#/#####/....#/#####", 9, "style"),  # square, like a clock display
    (".##../#..#./.###./...#./.##..", 9, "style"),  # narrow
    (".###./#...#/.####/..#.#/.###.", 9, "noise"),  # a stray dot under the loop
    (".###./#..##/.####/....#/.##..", 9, "noise"),  # a stray dot, a dot missing
)

TEST_IMAGES = np.array([parse_bitmap(bitmap) for bitmap, _, _ in _VARIANTS], dtype=np.float64)
TEST_IMAGES.flags.writeable = False
TEST_LABELS = np.array([digit for _, digit, _ in _VARIANTS])
TEST_LABELS.flags.writeable = False
TEST_KINDS = tuple(kind for _, _, kind in _VARIANTS)  # "style", "shift" or "noise", per image

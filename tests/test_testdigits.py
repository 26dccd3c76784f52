"""The held-out test set: hand-drawn variants of each digit that the network never trains on."""

import numpy as np
import pytest
from digits import DIGITS, as_rows
from testdigits import KINDS, TEST_IMAGES, TEST_KINDS, TEST_LABELS

# Every variant, grouped by digit, as as_rows prints them: the pictures a reader checks by eye.
EXPECTED_PICTURE = """
.###.  .#.#.  #####  .##..  ..#..  |  .#...  ...#.  ..#..  ..#..  ..#..
#...#  #...#  #...#  #..#.  .#.#.  |  ##...  ..##.  ..#..  .##..  .##..
#...#  #...#  #...#  #..#.  .#.#.  |  .#...  ...#.  ..#..  #.#..  ..#.#
#..##  #...#  #...#  #..#.  .#.#.  |  .#...  ...#.  ..#..  ..#..  ..#..
.###.  .###.  #####  .##..  ..#..  |  ###..  ..###  ..#..  ..#..  .###.

###..  ####.  #####  .###.  .###.  |  ###..  .###.  #####  ####.  ####.
...#.  ....#  ...#.  #...#  ....#  |  ...#.  ....#  ...#.  ....#  .#..#
.##..  .###.  ..#..  ..##.  ..##.  |  ###..  ..##.  ..##.  ..##.  .###.
#....  #....  .#...  .#..#  .#...  |  ...#.  ....#  ....#  ....#  ....#
####.  #####  #####  #####  ####.  |  ###..  .###.  ####.  ####.  ###..

.#..#  #..#.  ...#.  #.#..  #..#.  |  ####.  .####  #####  #####  ####.
.#..#  #####  ..##.  #.#..  #..#.  |  #....  #....  #....  #..#.  #....
.####  ...#.  .#.#.  #####  #####  |  ###..  .###.  #####  ####.  ####.
....#  ...#.  #####  ..#..  ...#.  |  ...#.  ....#  ....#  ....#  ....#
....#  .....  ...#.  ..#..  #..#.  |  ###..  ####.  #####  ####.  #####

..#..  #....  .##..  .###.  .###.  |  ####.  .....  #####  #####  #####
.#...  #....  #....  #....  #....  |  ...#.  #####  ...#.  ....#  ....#
####.  #####  ###..  ####.  ####.  |  ..#..  ....#  ..#..  .###.  #..#.
#...#  #...#  #..#.  #...#  #.#.#  |  .#...  ...#.  .#...  ..#..  ..#..
.###.  #####  .##..  .##..  .###.  |  .#...  ..#..  #....  ..#..  ..#..

#####  .##..  .###.  ..##.  .###.  |  .###.  #####  .##..  .###.  .###.
#...#  #..#.  #...#  #...#  #.#.#  |  #...#  #...#  #..#.  #...#  #..##
#####  .##..  .###.  .###.  .###.  |  .####  #####  .###.  .####  .####
#...#  #..#.  #..##  #...#  #...#  |  ....#  ....#  ...#.  ..#.#  ....#
#####  .##..  .###.  .###.  .##..  |  ....#  #####  .##..  .###.  .##..
"""


def picture():
    """Digits 0|1, 2|3, ... side by side, each digit's variants in file order."""
    blocks = []
    for pair in range(0, 10, 2):
        rows = [[as_rows(image) for image in TEST_IMAGES[TEST_LABELS == digit]] for digit in (pair, pair + 1)]
        lines = ["  ".join(r[i] for r in rows[0]) + "  |  " + "  ".join(r[i] for r in rows[1]) for i in range(5)]
        blocks.append("\n".join(lines))
    return "\n" + "\n\n".join(blocks) + "\n"


def shifted(image, down, right):
    """The image moved by (down, right) pixels; ink pushed off the grid is lost."""
    grid, out = image.reshape(5, 5), np.zeros((5, 5))
    src = grid[max(0, -down):5 - max(0, down), max(0, -right):5 - max(0, right)]
    out[max(0, down):max(0, down) + src.shape[0], max(0, right):max(0, right) + src.shape[1]] = src
    return out.ravel()


def differing_pixels(image, digit):
    return int((image != DIGITS[digit]).sum())


def test_test_set_is_fifty_black_and_white_images_with_digit_labels_and_kinds():
    assert TEST_IMAGES.shape == (50, 25) and TEST_IMAGES.dtype == np.float64
    assert set(np.unique(TEST_IMAGES)) == {0.0, 1.0}
    assert TEST_LABELS.shape == (50,) and set(TEST_LABELS.tolist()) == set(range(10))
    assert len(TEST_KINDS) == 50 and set(TEST_KINDS) == set(KINDS)


def test_every_digit_has_five_variants():
    assert np.bincount(TEST_LABELS).tolist() == [5] * 10


def test_variants_print_as_the_expected_picture():
    assert picture() == EXPECTED_PICTURE


def test_no_variant_is_a_training_image_or_a_repeat_of_another_variant():
    for image in TEST_IMAGES:
        assert not (DIGITS == image).all(axis=1).any()
    assert len({image.tobytes() for image in TEST_IMAGES}) == 50


@pytest.mark.parametrize("index", [i for i, kind in enumerate(TEST_KINDS) if kind == "noise"])
def test_noise_variants_flip_one_or_two_pixels_of_their_digit(index):
    assert 1 <= differing_pixels(TEST_IMAGES[index], TEST_LABELS[index]) <= 2


@pytest.mark.parametrize("index", [i for i, kind in enumerate(TEST_KINDS) if kind == "shift"])
def test_shift_variants_are_their_digit_moved_one_pixel_keeping_most_of_its_ink(index):
    image, digit = TEST_IMAGES[index], TEST_LABELS[index]
    moves = [(d, r) for d, r in ((1, 0), (-1, 0), (0, 1), (0, -1)) if (shifted(DIGITS[digit], d, r) == image).all()]
    assert len(moves) == 1
    assert image.sum() >= 0.75 * DIGITS[digit].sum()


@pytest.mark.parametrize("index", [i for i, kind in enumerate(TEST_KINDS) if kind == "style"])
def test_style_variants_are_redrawn_not_just_speckled(index):
    image, digit = TEST_IMAGES[index], TEST_LABELS[index]
    assert differing_pixels(image, digit) >= 2
    assert image.reshape(5, 5).any(axis=1).all(), "a stroke in every row, as in the training digits"


def test_test_set_cannot_be_changed_by_accident():
    with pytest.raises(ValueError):
        TEST_IMAGES[0, 0] = 1.0
    with pytest.raises(ValueError):
        TEST_LABELS[0] = 1

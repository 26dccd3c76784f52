"""The ten training images: shape, values, and that each one reads as its digit."""

import numpy as np
import pytest
from digits import DIGITS, LABELS, as_rows

# All ten bitmaps side by side, as as_rows prints them: the picture the page shows.
EXPECTED_PICTURE = """
.###.  ..#..  .###.  ####.  #..#.  #####  .###.  #####  .###.  .###.
#...#  .##..  #...#  ....#  #..#.  #....  #....  ....#  #...#  #...#
#...#  ..#..  ..##.  .###.  #####  ####.  ####.  ...#.  .###.  .####
#...#  ..#..  .#...  ....#  ...#.  ....#  #...#  ..#..  #...#  ....#
.###.  .###.  #####  ####.  ...#.  ####.  .###.  ..#..  .###.  .###.
"""


def picture(images):
    """The images' as_rows side by side, one text line per pixel row."""
    rows = [as_rows(image) for image in images]
    return "\n" + "\n".join("  ".join(r[i] for r in rows) for i in range(5)) + "\n"


def test_digits_are_ten_float_images_of_25_pixels():
    assert DIGITS.shape == (10, 25)
    assert DIGITS.dtype == np.float64


def test_labels_are_zero_to_nine_in_order():
    np.testing.assert_array_equal(LABELS, np.arange(10))


def test_pixels_are_only_white_or_black():
    assert set(np.unique(DIGITS)) == {0.0, 1.0}


def test_every_digit_differs_from_every_other_in_at_least_two_pixels():
    differences = (DIGITS[:, None, :] != DIGITS[None, :, :]).sum(axis=2)
    np.fill_diagonal(differences, 25)
    assert differences.min() >= 2


def test_bitmaps_print_as_the_expected_picture():
    assert picture(DIGITS) == EXPECTED_PICTURE


def test_one_is_a_narrow_stroke_down_the_centre():
    one = DIGITS[1].reshape(5, 5)
    assert one[:, 2].all(), "centre column fully inked"
    assert not one[:, [0, 4]].any(), "nothing in the outer columns"


def test_every_digit_has_ink_in_every_row():
    assert DIGITS.reshape(10, 5, 5).any(axis=2).all()


def test_as_rows_accepts_flat_or_square_images_and_rounds_grey_at_one_half():
    image = np.zeros(25)
    image[[0, 6, 12]] = [1.0, 0.5, 0.49]
    assert as_rows(image) == ["#....", ".#...", ".....", ".....", "....."]
    assert as_rows(image.reshape(5, 5)) == as_rows(image)


def test_as_rows_round_trips_every_digit():
    for digit in DIGITS:
        parsed = [1.0 if p == "#" else 0.0 for row in as_rows(digit) for p in row]
        np.testing.assert_array_equal(parsed, digit)


def test_digits_cannot_be_repainted_by_accident():
    with pytest.raises(ValueError):
        DIGITS[0, 0] = 1.0

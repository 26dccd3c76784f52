"""The training order: which training-set row the next iteration trains on, and which the last one did.

Rows 0, 1, ..., 9 (the digits), then the own examples in the order they were added, then
round again from row 0. An example added mid-round is reached later in the same round;
removing one never makes the round skip a row.
"""


class TrainingOrder:
    """The next row and the last row of a round over a training set of changing size."""

    def __init__(self, next_index=0):
        self.next = next_index  # the row the next iteration trains on
        self.last = None  # the row the last iteration trained on; None before the first (or once removed)

    def advance(self, index, size):
        """The iterations before `index` are done (it wraps to 0 at `size`): `index` is next."""
        self.last, self.next = (index or size) - 1, index

    def removed(self, row, size):
        """Row `row` left a training set that now has `size` rows: later rows move up by one."""
        if self.last is not None:
            self.last = None if self.last == row else self.last - (self.last > row)
        self.next -= self.next > row
        if self.next >= size:
            self.next = 0

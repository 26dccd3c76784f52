"""The images the network learns from and is scored on.

The training set is the ten digits (rows 0-9, labels 0-9) followed by up to MAX_OWN
examples the user adds (rows 10, 11, ...), in the order they were added. The held-out
test set (testdigits.py) is never trained on; it is scored alongside, so one pair of
matrix products per evaluation scores both.
"""

import numbers

import network
import numpy as np
from digits import DIGITS, LABELS
from testdigits import TEST_IMAGES, TEST_LABELS

MAX_OWN = 50
FIRST_OWN_ROW = len(DIGITS)  # own examples start at this training-set row


def _read_only(array):
    array.flags.writeable = False
    return array


class TrainingSet:
    """The ten digits plus the user's own examples, as row lists (for training) and arrays (for scoring)."""

    def __init__(self, examples=()):
        self._own = []  # (image: read-only float64 (25,), label: int)
        self.replace_own(examples)

    def __len__(self):
        return len(self.labels)

    @property
    def own(self):
        """The user's examples, oldest first: a tuple of (image (25,), label)."""
        return tuple(self._own)

    def add(self, image, label):
        """Add one example at the end (duplicates are fine); returns its position among the own ones."""
        if len(self._own) >= MAX_OWN:
            raise ValueError(f"you can add at most {MAX_OWN} examples of your own; "
                             f"remove one before adding another")
        example = (_read_only(network.validate_image(image)), network.validate_label(label))
        self._own.append(example)
        self._rebuild()
        return len(self._own) - 1

    def remove(self, position):
        """Remove the own example at `position` (0 = the first one added); the later ones move up."""
        count = len(self._own)
        ok = isinstance(position, numbers.Integral) and not isinstance(position, bool)
        if not ok or not 0 <= position < count:
            which = f"positions 0 to {count - 1}" if count else "none yet"
            raise ValueError(f"there is no own example at position {position!r} ({which})")
        del self._own[position]
        self._rebuild()

    def replace_own(self, examples):
        """Replace every own example at once (all checked before any is changed)."""
        examples = [(_read_only(network.validate_image(image)), network.validate_label(label))
                    for image, label in examples]
        if len(examples) > MAX_OWN:
            raise ValueError(f"at most {MAX_OWN} own examples are allowed, got {len(examples)}")
        self._own = examples
        self._rebuild()

    def _rebuild(self):
        own_images = [image for image, _ in self._own]
        own_labels = [label for _, label in self._own]
        self.images = _read_only(np.vstack([DIGITS, *own_images]) if own_images else DIGITS.copy())
        self.labels = _read_only(np.concatenate([LABELS, np.array(own_labels, dtype=LABELS.dtype)]))
        # Row by row, for the training loop: no indexing arithmetic per iteration.
        self.rows = list(self.images)
        self.targets = [network._TARGETS[label] for label in self.labels]
        # Training rows then test rows, scored together.
        self.scored_images = np.vstack([self.images, TEST_IMAGES])
        self.scored_labels = np.concatenate([self.labels, TEST_LABELS])
        self.scored_targets = network._TARGETS[self.scored_labels]
        # Where each set starts in the scored rows (intp: reduceat's index type, 32-bit in the browser).
        self.split = np.array([0, len(self.labels)], dtype=np.intp)

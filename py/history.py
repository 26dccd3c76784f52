"""The history the chart draws: loss and accuracy on the training and test sets, bounded in size."""

import itertools
import math
import numbers
from typing import NamedTuple

import numpy as np

FIELDS = ("iterations", "losses", "accuracies", "test_losses", "test_accuracies")


class HistoryPoint(NamedTuple):
    """The scores after `iteration` iterations (accuracies are fractions from 0 to 1)."""

    iteration: int
    loss: float
    accuracy: float
    test_loss: float
    test_accuracy: float


class LossHistory:
    """History points, at most `capacity` of them however long training runs.

    When full it keeps every other point (the first and the newest always stay) and
    from then on keeps a new point only once `stride` iterations have passed; a point
    that comes sooner is shown as the newest until the next one replaces it. So a chart
    of 1,000,000 iterations stays cheap and roughly evenly spaced. `version` goes up on
    every change, so a view can tell whether it needs to redraw.
    """

    def __init__(self, capacity=600):
        if not isinstance(capacity, numbers.Integral) or isinstance(capacity, bool) or capacity < 4:
            raise ValueError(f"history capacity must be a whole number >= 4, got {capacity!r}")
        self.capacity = int(capacity)
        self.version = 0
        self.clear()

    def clear(self):
        self._kept = []
        self._pending = None  # newest point, if it came too soon after the last kept one
        self.stride = 1
        self._changed()

    def _changed(self):
        self.version += 1
        self._table = None  # the points as an (n, 5) array, built when first asked for

    def wants(self, iteration):
        """Whether a point at `iteration` would be kept for good (not just shown as the newest)."""
        return not self._kept or iteration - self._kept[-1].iteration >= self.stride

    def add(self, iteration, loss, accuracy, test_loss, test_accuracy):
        """Record the scores after `iteration` iterations (iterations must increase)."""
        point = HistoryPoint(int(iteration), float(loss), float(accuracy), float(test_loss),
                             float(test_accuracy))
        last = self.last
        if last is not None and point.iteration <= last.iteration:
            raise ValueError(
                f"history iterations must increase: got {point.iteration} after {last.iteration}")
        if self.wants(point.iteration):
            self._pending = None
            self._kept.append(point)
            if len(self._kept) >= self.capacity:
                self._halve()
        else:
            self._pending = point
        self._changed()

    def revise_last(self, loss, accuracy, test_loss, test_accuracy):
        """Replace the newest point's scores (same iteration): the training set changed under it."""
        last = self.last
        if last is None:
            raise ValueError("the history is empty: there is no point to revise")
        point = HistoryPoint(last.iteration, float(loss), float(accuracy), float(test_loss),
                             float(test_accuracy))
        if self._pending is not None:
            self._pending = point
        else:
            self._kept[-1] = point
        self._changed()

    def _halve(self):
        """Keep every other point plus the newest; later points must be as far apart as these."""
        kept = self._kept[::2]
        if kept[-1] is not self._kept[-1]:
            kept.append(self._kept[-1])
        self._kept = kept
        span = kept[-1].iteration - kept[0].iteration
        self.stride = max(2 * self.stride, span // (len(kept) - 1))

    def __len__(self):
        return len(self._kept) + (self._pending is not None)

    @property
    def last(self):
        """The newest HistoryPoint, or None when empty."""
        if self._pending is not None:
            return self._pending
        return self._kept[-1] if self._kept else None

    def _points(self):
        return self._kept + ([self._pending] if self._pending is not None else [])

    def column(self, name):
        """One of FIELDS as a new array: iterations as whole numbers, the scores as floats."""
        if self._table is None:
            points = self._points()  # fromiter: np.array on namedtuples is 20× slower, and this runs 10× a second
            self._table = np.fromiter(itertools.chain.from_iterable(points), dtype=np.float64,
                                      count=len(points) * len(FIELDS)).reshape(-1, len(FIELDS))
        values = self._table[:, FIELDS.index(name)].copy()
        return values.astype(np.int64) if name == "iterations" else values

    iterations, losses, accuracies, test_losses, test_accuracies = (
        property(lambda self, name=name: self.column(name)) for name in FIELDS)

    def state(self):
        """Everything needed to carry on exactly, as plain lists and numbers (for saving)."""
        columns = zip(*self._points()) if len(self) else [()] * len(FIELDS)
        state = {name: list(values) for name, values in zip(FIELDS, columns, strict=True)}
        state.update(stride=self.stride, pending=self._pending is not None)
        return state

    def restore(self, state):
        """Carry on from a `state()`, after checking it with validate_state."""
        state = validate_state(state, self.capacity)
        points = [HistoryPoint(*values) for values in zip(*(state[name] for name in FIELDS))]
        pending = points.pop() if state["pending"] else None
        self._kept, self._pending, self.stride = points, pending, state["stride"]
        self._changed()


def validate_state(state, capacity=600):
    """Return a checked copy of a history state, or raise ValueError saying what is wrong."""
    if not isinstance(state, dict):
        raise ValueError("history must be an object")
    missing = [name for name in (*FIELDS, "stride", "pending") if name not in state]
    if missing:
        raise ValueError(f"history is missing {', '.join(missing)}")
    columns = {}
    for name in FIELDS:
        values = state[name]
        if not isinstance(values, list) or not all(_is_number(v) for v in values):
            raise ValueError(f"history {name} must be a list of numbers")
        columns[name] = values
    lengths = {len(values) for values in columns.values()}
    if len(lengths) != 1:
        raise ValueError(f"history lists must have the same length, got lengths {sorted(lengths)}")
    count = lengths.pop()
    if count > capacity:
        raise ValueError(f"history has {count} points, at most {capacity} are allowed")
    iterations = columns["iterations"]
    if not all(isinstance(i, numbers.Integral) and i >= 0 for i in iterations):
        raise ValueError("history iterations must be whole numbers >= 0")
    if any(b <= a for a, b in itertools.pairwise(iterations)):
        raise ValueError("history iterations must increase")
    for name in ("losses", "test_losses"):
        if not all(math.isfinite(v) and v >= 0 for v in columns[name]):
            raise ValueError(f"history {name} must be finite numbers >= 0")
    for name in ("accuracies", "test_accuracies"):
        if not all(0 <= v <= 1 for v in columns[name]):
            raise ValueError(f"history {name} must be fractions from 0 to 1")
    stride, pending = state["stride"], state["pending"]
    if not isinstance(stride, numbers.Integral) or isinstance(stride, bool) or stride < 1:
        raise ValueError("history stride must be a whole number >= 1")
    if not isinstance(pending, bool) or (pending and count < 2):
        raise ValueError("history pending must be true or false (true only with two points or more)")
    checked = {name: [int(v) for v in iterations] if name == "iterations" else [float(v) for v in values]
               for name, values in columns.items()}
    checked.update(stride=int(stride), pending=pending)
    return checked


def _is_number(value):
    return isinstance(value, numbers.Real) and not isinstance(value, bool)

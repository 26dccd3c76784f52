"""A training session over the ten digit images, and the loss history the chart draws."""

import numbers

import network
import numpy as np
from digits import DIGITS, LABELS

# Per-image rows, split once so the training loop does no indexing arithmetic.
_IMAGES = list(DIGITS)
_TARGETS = [network.target_for(label) for label in LABELS]  # target for image i

BATCH_SIZE = 100  # iterations run by one press of "Train"


class LossHistory:
    """(iteration, mean loss) points, at most `capacity` of them however long training runs.

    When full it keeps every other point (the first and the newest always stay) and
    from then on keeps a new point only once `stride` iterations have passed, so a
    chart of 100,000+ iterations stays cheap and roughly evenly spaced.
    """

    def __init__(self, capacity=600):
        if not isinstance(capacity, numbers.Integral) or isinstance(capacity, bool) or capacity < 4:
            raise ValueError(f"history capacity must be a whole number >= 4, got {capacity!r}")
        self.capacity = int(capacity)
        self.clear()

    def clear(self):
        self.version = getattr(self, "version", -1) + 1  # changes whenever the points do
        self._iterations, self._losses = [], []
        self._pending = None  # newest point, if it came too soon after the last kept one
        self.stride = 1

    def add(self, iteration, loss):
        """Record the mean loss after `iteration` iterations (iterations must increase)."""
        iteration, loss = int(iteration), float(loss)
        last = self.last
        if last is not None and iteration <= last[0]:
            raise ValueError(f"history iterations must increase: got {iteration} after {last[0]}")
        self.version += 1
        if self._iterations and iteration - self._iterations[-1] < self.stride:
            self._pending = (iteration, loss)
            return
        self._pending = None
        self._iterations.append(iteration)
        self._losses.append(loss)
        if len(self._iterations) >= self.capacity:
            self._halve()

    def _halve(self):
        """Keep every other point plus the newest; later points must be as far apart as these."""
        keep = list(range(0, len(self._iterations), 2))
        if keep[-1] != len(self._iterations) - 1:
            keep.append(len(self._iterations) - 1)
        self._iterations = [self._iterations[i] for i in keep]
        self._losses = [self._losses[i] for i in keep]
        span = self._iterations[-1] - self._iterations[0]
        self.stride = max(2 * self.stride, span // (len(self._iterations) - 1))

    def __len__(self):
        return len(self._iterations) + (self._pending is not None)

    @property
    def last(self):
        """The newest (iteration, loss), or None when empty."""
        if self._pending is not None:
            return self._pending
        if self._iterations:
            return self._iterations[-1], self._losses[-1]
        return None

    @property
    def iterations(self):
        extra = [self._pending[0]] if self._pending is not None else []
        return np.array(self._iterations + extra, dtype=np.int64)

    @property
    def losses(self):
        extra = [self._pending[1]] if self._pending is not None else []
        return np.array(self._losses + extra, dtype=np.float64)


class Trainer:
    """Trains a Network on DIGITS in order 0, 1, ..., 9, 0, ... and keeps score.

    After a DivergenceError the trainer stops (step returns 0) until the learning
    rate is changed, the hidden size is changed or it is reset.
    """

    def __init__(self, hidden=network.DEFAULT_HIDDEN, learning_rate=network.DEFAULT_LEARNING_RATE, seed=0):
        self.history = LossHistory()
        self._start(network.Network(hidden, learning_rate, seed))

    def _start(self, net):
        """Begin a fresh session with these weights: no iterations, no history."""
        self.network = net
        self.iteration = 0
        self.history.clear()
        self.diverged = None
        self._mean_loss = None
        self.evaluate()

    @property
    def seed(self):
        return self.network.seed

    @property
    def hidden(self):
        return self.network.hidden

    @property
    def learning_rate(self):
        return self.network.learning_rate

    @property
    def loss(self):
        """Mean loss over the ten images after the last step; None before the first iteration."""
        return self._mean_loss if self.iteration else None

    @property
    def next_index(self):
        """Index of the image the next iteration trains on."""
        return self.iteration % len(LABELS)

    @property
    def last_index(self):
        """Index of the image the last iteration trained on, None before the first."""
        return (self.iteration - 1) % len(LABELS) if self.iteration else None

    def evaluate(self):
        """Recompute accuracy and mean loss for the current weights; returns (accuracy, mean loss)."""
        self.accuracy, self._mean_loss = self.network._evaluate(DIGITS, LABELS)
        return self.accuracy, self._mean_loss

    def step(self, n=1):
        """Run n iterations, then evaluate once and record one history point.

        Returns the number of iterations done: fewer than n if training diverged
        (the message is then in `diverged`), 0 while a divergence is unresolved.
        """
        if not isinstance(n, numbers.Integral) or isinstance(n, bool) or n < 0:
            raise ValueError(f"number of iterations must be a whole number >= 0, got {n!r}")
        if self.diverged is not None or n == 0:
            return 0
        train, images, targets, count = self.network._train, _IMAGES, _TARGETS, len(_IMAGES)
        done, index = 0, self.iteration % count
        try:
            while done < n:
                train(images[index], targets[index])
                done += 1
                index = index + 1 if index + 1 < count else 0
        except network.DivergenceError as exc:
            self.diverged = str(exc)
        self.iteration += done
        if done:
            self.evaluate()
            self.history.add(self.iteration, self._mean_loss)
        return done

    def set_hidden(self, h):
        """Change the hidden layer size: new weights from the current seed, fresh session."""
        net = network.Network(h, self.learning_rate, self.seed)
        self._start(net)

    def set_learning_rate(self, lr):
        """Change the learning rate, keeping the weights; this also lifts a divergence stop."""
        self.network.learning_rate = lr
        self.diverged = None

    def reset(self, seed=None):
        """New weights from a new seed (the current one + 1 unless given), fresh session."""
        seed = self.seed + 1 if seed is None else network.validate_seed(seed)
        self._start(network.Network(self.hidden, self.learning_rate, seed))

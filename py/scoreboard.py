"""The scores of the current weights on the training and test sets, and the history points they make."""

import numpy as np
from scores import Scorer

SATURATED_SLOPE = 1e-4  # an output whose slope y (1 - y) is below this sits within ~1e-4 of 0 or 1


class Scoreboard:
    """Loss and accuracy on both sets, outputs and predictions per image, for one network and
    training set at a time (`watch` them again when either changes)."""

    def __init__(self, history):
        self.history = history

    def watch(self, net, training_set):
        """Score this network on this training set from now on, and score it now."""
        self._scorer = Scorer(net, training_set)
        self.score()

    def score(self, per_image=True):
        """Both sets' scores; per image too unless only a history point is wanted."""
        self.loss, self.accuracy, self.test_loss, self.test_accuracy = self._scorer.totals()
        if per_image:
            # (rows, 10) output activations and (rows,) predicted digits, read-only, in row order
            scored = self._scorer.per_image()
            self.outputs, self.test_outputs, self.predictions, self.test_predictions = scored

    def _totals(self):
        return self.loss, self.accuracy, self.test_loss, self.test_accuracy

    def record(self, iteration):
        """A history point of the scores after `iteration` iterations."""
        self.history.add(iteration, *self._totals())

    def revise(self):
        """The newest history point now describes these scores (the training set changed under it)."""
        self.history.revise_last(*self._totals())

    @property
    def saturated(self):
        """True when every output activation on every training image is pinned at 0 or 1 (slope
        y (1 - y) < SATURATED_SLOPE) while some image is still labelled wrong.

        Every gradient is proportional to those slopes, so the weights barely move: training
        stalls. A too-large learning rate does this in one step (lr 10 with 40+ hidden neurons).
        """
        out = self.outputs
        return self.accuracy < 1 and float(np.max(out - out * out)) < SATURATED_SLOPE

"""Scoring the network on the training and test sets at once: loss, accuracy, and per image.

A batch step scores every tenth iteration, so this is on the training hot path: one
matrix product per layer for all images, into buffers made once per network and
training set, and the two sets' totals summed with one call each.
"""

import numpy as np

import network


class Scorer:
    """Scores one network on one TrainingSet (plus the test set). Make a new one when either changes."""

    def __init__(self, net, training_set):
        rows, n = len(training_set.scored_labels), len(training_set)
        self._images, self._targets = training_set.scored_images, training_set.scored_targets
        self._labels, self._n = training_set.scored_labels, n
        self._counts = (n, rows - n)
        self._w_ih_t, self._w_ho_t = net.w_ih.T, net.w_ho.T  # views: they follow the weights
        self._hidden = np.empty((rows, net.hidden))
        self._outputs = np.empty((rows, network.N_OUTPUTS))
        self._errors = np.empty((rows, network.N_OUTPUTS))
        self._errors_flat = self._errors.reshape(-1)  # a view, for summing per set in one call
        self._predicted = np.empty(rows, dtype=np.intp)
        self._right = np.empty(rows, dtype=bool)
        self._starts = training_set.split
        self._error_starts = training_set.split * network.N_OUTPUTS  # the same, in flat error entries

    def totals(self):
        """(loss, accuracy, test loss, test accuracy) of the current weights; loss = mean over images."""
        hidden, outputs, errors = self._hidden, self._outputs, self._errors
        network.sigmoid(np.dot(self._images, self._w_ih_t, out=hidden), out=hidden)
        network.sigmoid(np.dot(hidden, self._w_ho_t, out=outputs), out=outputs)
        np.subtract(outputs, self._targets, out=errors)
        np.multiply(errors, errors, out=errors)
        loss, test_loss = np.add.reduceat(self._errors_flat, self._error_starts).tolist()
        np.equal(np.argmax(outputs, axis=1, out=self._predicted), self._labels, out=self._right)
        right, test_right = np.add.reduceat(self._right, self._starts, dtype=np.intp).tolist()
        n, n_test = self._counts
        return loss / n, right / n, test_loss / n_test, test_right / n_test

    def per_image(self):
        """From the last totals(): read-only copies (outputs, test outputs, predictions, test predictions).

        outputs: (rows, 10) output activations; predictions: (rows,) the digit read (argmax).
        """
        outputs, predicted = self._outputs.copy(), self._predicted.copy()
        outputs.flags.writeable = predicted.flags.writeable = False
        n = self._n
        return outputs[:n], outputs[n:], predicted[:n], predicted[n:]

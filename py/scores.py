"""Scoring the network on the training and test sets at once: loss, accuracy, and per image.

A batch step scores every tenth iteration, so this is on the training hot path: one
matrix product per layer for all images, into buffers made once per network and
training set, and both sets summed at once.
"""

import network
import numpy as np

_HALF, _QUARTER = np.array(0.5), np.array(0.25)  # 0-d arrays: cheaper ufunc operands than floats


class Scorer:
    """Scores one network on one TrainingSet (plus the test set). Make a new one when either changes."""

    def __init__(self, net, training_set):
        rows, n = len(training_set.scored_labels), len(training_set)
        # Halved inputs give the halved sums sigmoid starts from: scaling by 2^-k is exact in floating
        # point, so every activation below is bit-identical to Network.forward's.
        self._half_images = training_set.scored_images * 0.5
        self._targets, self._labels, self._n = training_set.scored_targets, training_set.scored_labels, n
        self._counts = (n, rows - n)
        self._w_ih_t, self._w_ho_t = net.w_ih.T, net.w_ho.T  # views: they follow the weights
        self._half_hidden = np.empty((rows, net.hidden))
        self._outputs = np.empty((rows, network.N_OUTPUTS))
        self._errors = np.empty((rows, network.N_OUTPUTS))
        self._errors_flat = self._errors.reshape(-1)  # a view, for summing per set in one call
        self._error_starts = training_set.split * network.N_OUTPUTS  # where each set starts in it
        self._predicted = np.empty(rows, dtype=np.intp)
        self._right = np.empty(rows, dtype=bool)
        self._right_train, self._right_test = self._right[:n], self._right[n:]

    def totals(self):
        """(loss, accuracy, test loss, test accuracy) of the current weights; loss = mean over images."""
        half_hidden, outputs, errors = self._half_hidden, self._outputs, self._errors
        # sigmoid(z) = 0.5 + 0.5 tanh(z / 2); the hidden layer is kept halved, so the output
        # layer's sums come out halved too.
        np.tanh(np.dot(self._half_images, self._w_ih_t, out=half_hidden), out=half_hidden)
        np.multiply(half_hidden, _QUARTER, out=half_hidden)
        np.add(half_hidden, _QUARTER, out=half_hidden)
        np.tanh(np.dot(half_hidden, self._w_ho_t, out=outputs), out=outputs)
        np.multiply(outputs, _HALF, out=outputs)
        np.add(outputs, _HALF, out=outputs)
        np.subtract(outputs, self._targets, out=errors)
        np.multiply(errors, errors, out=errors)
        loss, test_loss = np.add.reduceat(self._errors_flat, self._error_starts).tolist()
        np.equal(np.argmax(outputs, axis=1, out=self._predicted), self._labels, out=self._right)
        n, n_test = self._counts
        return (loss / n, np.count_nonzero(self._right_train) / n,
                test_loss / n_test, np.count_nonzero(self._right_test) / n_test)

    def per_image(self):
        """From the last totals(): read-only copies (outputs, test outputs, predictions, test predictions).

        outputs: (rows, 10) output activations; predictions: (rows,) the digit read (argmax).
        """
        outputs, predicted = self._outputs.copy(), self._predicted.copy()
        outputs.flags.writeable = predicted.flags.writeable = False
        n = self._n
        return outputs[:n], outputs[n:], predicted[:n], predicted[n:]

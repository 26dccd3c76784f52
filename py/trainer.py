"""A training session: the network, its training set, the iteration counter, scores and history."""

import numbers

import iteration
import network
import numpy as np
from datasets import FIRST_OWN_ROW, TrainingSet
from history import LossHistory, validate_state
from scores import Scorer
from testdigits import TEST_IMAGES, TEST_LABELS

BATCH_SIZE = 100  # iterations run by one press of "Train"
SCORE_EVERY = 10  # a step of more than this many iterations also scores every SCORE_EVERY-th one


class Trainer:
    """Trains a Network one image per iteration and keeps score on the training and test sets.

    Order: the training set's rows 0, 1, ..., 9 (the digits), then the own examples in the
    order they were added, then round again from row 0. An example added mid-round is
    reached later in the same round; removing one never makes the round skip a row.

    After every step the scores are up to date: loss/accuracy (training set),
    test_loss/test_accuracy, predictions and outputs per image of either set. The history
    starts with the untrained scores at iteration 0. After a DivergenceError the trainer
    stops (step returns 0) until the learning rate is changed, the hidden size is changed
    or it is reset/restarted.
    """

    def __init__(self, hidden=network.DEFAULT_HIDDEN, learning_rate=network.DEFAULT_LEARNING_RATE, seed=0):
        self.history = LossHistory()
        self.training_set = TrainingSet()
        self._start(network.Network(hidden, learning_rate, seed))

    def _start(self, net, at_iteration=0, next_index=0):
        """Begin a session with these weights: scores now, history from this point."""
        self.network = net
        self.iteration = at_iteration
        self._next, self._last = next_index, None
        self.diverged = None
        size = net.w_ih.size + net.w_ho.size
        self._before, self._after = np.empty(size), np.empty(size)  # weights around the last iteration
        self._activations = np.empty(net.hidden + network.N_OUTPUTS)
        self._record, self._record_args = None, None
        self.history.clear()
        self._scorer = Scorer(net, self.training_set)
        self._score()
        self._record_scores()

    # ---- what the page reads ---------------------------------------------------------------------

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
    def next_index(self):
        """Training-set row the next iteration trains on."""
        return self._next

    @property
    def last_index(self):
        """Training-set row the last iteration trained on; None before the first (or once removed)."""
        return self._last

    @property
    def training_images(self):
        """(10 + own, 25) read-only: the ten digits, then the own examples."""
        return self.training_set.images

    @property
    def training_labels(self):
        return self.training_set.labels

    @property
    def examples(self):
        """The own examples, oldest first: a tuple of (image (25,), label)."""
        return self.training_set.own

    test_images, test_labels = TEST_IMAGES, TEST_LABELS

    @property
    def last_iteration(self):
        """An iteration.IterationRecord of the last step call's last iteration; None before any."""
        if self._record is None and self._record_args is not None:
            self._record = iteration.build(*self._record_args, self._activations, self._before, self._after)
        return self._record

    # ---- scoring ---------------------------------------------------------------------------------

    def evaluate(self):
        """Rescore the current weights; returns (accuracy, mean loss) on the training set."""
        self._score()
        return self.accuracy, self.loss

    def _score(self, per_image=True):
        """Both sets' scores; per image too unless only a history point is wanted."""
        self.loss, self.accuracy, self.test_loss, self.test_accuracy = self._scorer.totals()
        if per_image:
            # (rows, 10) output activations and (rows,) predicted digits, read-only, in row order
            scored = self._scorer.per_image()
            self.outputs, self.test_outputs, self.predictions, self.test_predictions = scored

    def _record_scores(self):
        self.history.add(self.iteration, self.loss, self.accuracy, self.test_loss, self.test_accuracy)

    # ---- training --------------------------------------------------------------------------------

    def step(self, n=1):
        """Run n iterations, then score and record a history point.

        A step of more than SCORE_EVERY iterations also scores at each multiple of
        SCORE_EVERY it passes, where the history would keep the point. Returns the number
        of iterations done: fewer than n if training diverged (the message is then in
        `diverged`), 0 while a divergence is unresolved.
        """
        if not isinstance(n, numbers.Integral) or isinstance(n, bool) or n < 0:
            raise ValueError(f"number of iterations must be a whole number >= 0, got {n!r}")
        if self.diverged is not None or n == 0:
            return 0
        start, end = self.iteration, self.iteration + int(n)
        self._record, self._record_args = None, None
        try:
            if n > SCORE_EVERY:
                for point in range((start // SCORE_EVERY + 1) * SCORE_EVERY, end, SCORE_EVERY):
                    self._run(point - self.iteration)
                    if self.history.wants(point):
                        self._score(per_image=False)
                        self._record_scores()
            self._run(end - self.iteration - 1)
            self._run_recorded()
        except network.DivergenceError as exc:
            self.diverged = str(exc)
        if self.iteration > start:
            self._score()
            if self.history.last.iteration < self.iteration:
                self._record_scores()
        return self.iteration - start

    def _run(self, count):
        """The hot path: `count` iterations in training order."""
        data = self.training_set
        train, rows, targets, size = self.network._train, data.rows, data.targets, len(data)
        index, done = self._next, 0
        try:
            while done < count:
                train(rows[index], targets[index])
                done += 1
                index = index + 1 if index + 1 < size else 0
        finally:
            if done:
                self.iteration += done
                self._last, self._next = (index or size) - 1, index

    def _run_recorded(self):
        """One iteration, with copies of what the record needs taken around it."""
        net, data, index = self.network, self.training_set, self._next
        np.copyto(self._before, net._weights)
        loss = net._train(data.rows[index], data.targets[index])
        np.copyto(self._after, net._weights)
        np.copyto(self._activations, net._act)
        self.iteration += 1
        self._last, self._next = index, index + 1 if index + 1 < len(data) else 0
        self._record_args = (self.iteration, index, int(data.labels[index]), net.learning_rate,
                             data.rows[index], loss)

    # ---- changing the session ----------------------------------------------------------------------

    def set_hidden(self, h):
        """Change the hidden layer size: new weights from the current seed, fresh session."""
        self._start(network.Network(h, self.learning_rate, self.seed))

    def set_learning_rate(self, lr):
        """Change the learning rate, keeping the weights; this also lifts a divergence stop."""
        self.network.learning_rate = lr
        self.diverged = None

    def reset(self, seed=None):
        """New weights from a new seed (the current one + 1 unless given), fresh session."""
        seed = self.seed + 1 if seed is None else network.validate_seed(seed)
        self._start(network.Network(self.hidden, self.learning_rate, seed))

    def restart(self):
        """Back to iteration 0 with exactly the initial weights of this seed and hidden size."""
        self._start(network.Network(self.hidden, self.learning_rate, self.seed))

    def add_example(self, image, label):
        """Add an own example (image: 25 numbers 0-1, label 0-9); returns its training-set row."""
        self.training_set.add(image, label)
        self._training_set_changed()
        return len(self.training_set) - 1

    def remove_example(self, position):
        """Remove the own example at `position` (0 = the first added; training-set row 10 + position)."""
        self.training_set.remove(position)
        row = FIRST_OWN_ROW + position
        if self._last is not None:
            self._last = None if self._last == row else self._last - (self._last > row)
        self._next = self._next - (self._next > row)
        if self._next >= len(self.training_set):
            self._next = 0
        self._training_set_changed()

    def _training_set_changed(self):
        """Rescore; the newest history point now describes the new training set."""
        self._scorer = Scorer(self.network, self.training_set)
        self._score()
        self.history.revise_last(self.loss, self.accuracy, self.test_loss, self.test_accuracy)

    def restore(self, saved):
        """Carry on from a netfile.load() result: its settings, weights, examples and history."""
        net = network.Network(saved.hidden, saved.learning_rate, saved.seed)
        net.set_weights(saved.w_ih, saved.w_ho)
        examples = TrainingSet(saved.examples)
        if not 0 <= saved.next_index < len(examples):
            raise ValueError(f"next index {saved.next_index} is not a row of the training set")
        history_state = validate_state(saved.history, self.history.capacity)
        if history_state["iterations"][-1:] != [saved.iteration]:
            raise ValueError(f"the history must end at iteration {saved.iteration}")
        self.training_set = examples  # nothing can fail from here on
        self._start(net, saved.iteration, saved.next_index)
        self.history.restore(history_state)

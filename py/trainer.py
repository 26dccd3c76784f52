"""A training session: the network, its training set, the iteration counter, scores and history."""

import numbers

import network
from datasets import FIRST_OWN_ROW, TrainingSet
from history import LossHistory, validate_state
from iteration import Recorder
from order import TrainingOrder
from scoreboard import Scoreboard
from testdigits import TEST_IMAGES, TEST_LABELS

BATCH_SIZE = 100  # iterations run by one press of "Train"
SCORE_EVERY = 10  # a step of more than this many iterations also scores every SCORE_EVERY-th one


def _read(part, name, doc=None):
    """A read-only attribute that is `name` of the trainer's `part` (its network, set or scores)."""
    return property(lambda self: getattr(getattr(self, part), name), doc=doc)


class Trainer:
    """Trains a Network one image per iteration, in the training order (order.py), and keeps
    score on the training and test sets (scoreboard.py).

    After every step the scores are up to date: loss/accuracy (training set),
    test_loss/test_accuracy, predictions and outputs per image of either set. The history
    starts with the untrained scores at iteration 0. After a DivergenceError the trainer
    stops (step returns 0) until the learning rate is changed, the hidden size is changed
    or it is reset/restarted.
    """

    def __init__(self, hidden=network.DEFAULT_HIDDEN, learning_rate=network.DEFAULT_LEARNING_RATE, seed=0):
        self.history = LossHistory()
        self.scores = Scoreboard(self.history)
        self.training_set = TrainingSet()
        self._start(network.Network(hidden, learning_rate, seed))

    def _start(self, net, at_iteration=0, next_index=0):
        """Begin a session with these weights: scores now, history from this point."""
        self.network = net
        self.iteration = at_iteration
        self.order = TrainingOrder(next_index)
        self.diverged = None
        self._recorder = Recorder(net)  # the last iteration, seen from inside
        self.history.clear()
        self.scores.watch(net, self.training_set)
        self.scores.record(self.iteration)

    # ---- what the page reads ---------------------------------------------------------------------

    seed, hidden, learning_rate = (_read("network", name) for name in ("seed", "hidden", "learning_rate"))
    # The training-set rows the next iteration trains on and the last one did (None before the first).
    next_index, last_index = _read("order", "next"), _read("order", "last")
    # (10 + own, 25) read-only images and their labels: the ten digits, then the own examples; and
    # the own examples alone, oldest first, as a tuple of (image (25,), label).
    training_images, training_labels, examples = (_read("training_set", n) for n in ("images", "labels", "own"))
    # The scores after the last step (scoreboard.py): both sets' totals, then per image.
    loss, accuracy, test_loss, test_accuracy, outputs, test_outputs, predictions, test_predictions = (
        _read("scores", name) for name in ("loss", "accuracy", "test_loss", "test_accuracy", "outputs",
                                           "test_outputs", "predictions", "test_predictions"))
    saturated = _read("scores", "saturated", "Training has stalled: see Scoreboard.saturated.")
    last_iteration = _read("_recorder", "record", "The IterationRecord of the last step's last iteration.")
    test_images, test_labels = TEST_IMAGES, TEST_LABELS

    def evaluate(self):
        """Rescore the current weights; returns (accuracy, mean loss) on the training set."""
        self.scores.score()
        return self.accuracy, self.loss

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
        self._recorder.clear()
        try:
            if n > SCORE_EVERY:
                for point in range((start // SCORE_EVERY + 1) * SCORE_EVERY, end, SCORE_EVERY):
                    self._run(point - self.iteration)
                    if self.history.wants(point):
                        self.scores.score(per_image=False)
                        self.scores.record(self.iteration)
            self._run(end - self.iteration - 1)
            self._run_recorded()
        except network.DivergenceError as exc:
            self.diverged = str(exc)
        if self.iteration > start:
            self.scores.score()
            if self.history.last.iteration < self.iteration:
                self.scores.record(self.iteration)
        return self.iteration - start

    def _run(self, count):
        """The hot path: `count` iterations in training order."""
        data = self.training_set
        train, rows, targets, size = self.network._train, data.rows, data.targets, len(data)
        index, done = self.order.next, 0
        try:
            while done < count:
                train(rows[index], targets[index])
                done += 1
                index = index + 1 if index + 1 < size else 0
        finally:
            if done:
                self.iteration += done
                self.order.advance(index, size)

    def _run_recorded(self):
        """One iteration, recorded for "see inside"."""
        data, index = self.training_set, self.order.next
        self._recorder.train(self.network, self.iteration + 1, index, int(data.labels[index]),
                             data.rows[index], data.targets[index])
        self.iteration += 1
        self.order.advance(index + 1 if index + 1 < len(data) else 0, len(data))

    # ---- changing the session ----------------------------------------------------------------------

    def set_hidden(self, h):
        """Change the hidden layer size: new weights from the current seed, fresh session."""
        self._start(network.Network(h, self.learning_rate, self.seed))

    def set_learning_rate(self, lr):
        """Change the learning rate, keeping the weights; this also lifts a divergence stop."""
        self.network.learning_rate = lr
        self.diverged = None

    def reset(self, seed=None):
        """New weights from a new seed (the current one + 1, wrapping to 0 after MAX_SEED, unless given),
        fresh session."""
        seed = (self.seed + 1) % (network.MAX_SEED + 1) if seed is None else network.validate_seed(seed)
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
        self.order.removed(FIRST_OWN_ROW + position, len(self.training_set))
        self._training_set_changed()

    def _training_set_changed(self):
        """Rescore; the newest history point now describes the new training set."""
        self.scores.watch(self.network, self.training_set)
        self.scores.revise()

    def restore(self, saved):
        """Carry on from a netfile.load() result: its settings, weights, examples and history."""
        net, examples, history_state = _session_of(saved, self.history.capacity)
        self.training_set = examples  # nothing can fail from here on
        self._start(net, saved.iteration, saved.next_index)
        self.history.restore(history_state)


def _session_of(saved, capacity):
    """A saved session's network, training set and history state; ValueError if they disagree."""
    net = network.Network(saved.hidden, saved.learning_rate, saved.seed)
    net.set_weights(saved.w_ih, saved.w_ho)
    examples = TrainingSet(saved.examples)
    if not 0 <= saved.next_index < len(examples):
        raise ValueError(f"next index {saved.next_index} is not a row of the training set")
    history_state = validate_state(saved.history, capacity)
    if history_state["iterations"][-1:] != [saved.iteration]:
        raise ValueError(f"the history must end at iteration {saved.iteration}")
    return net, examples, history_state

"""One iteration seen from inside: what the network computed and changed, and the same in words.

A Recorder copies the network's buffers once per step call, around that call's last
iteration; the record is built from those copies only when someone asks for it, so
training many iterations per frame pays nothing for it.
"""

from typing import NamedTuple

import network
import numpy as np

TOP_CHANGES = 6  # how many of the biggest weight changes a record keeps


class WeightChange(NamedTuple):
    """One weight, before and after the iteration's update.

    layer "ih": from input pixel `source` (0-24) to hidden neuron `dest`  (w_ih[dest, source]);
    layer "ho": from hidden neuron `source` to output `dest` (w_ho[dest, source]).
    """

    layer: str
    source: int
    dest: int
    before: float
    after: float

    @property
    def change(self):
        return self.after - self.before


class IterationRecord(NamedTuple):
    """What one iteration did, with the values the network actually used (arrays are read-only).

    delta_output and delta_hidden are the true gradients of the loss with respect to each
    neuron's weighted sum (not multiplied by the learning rate): every weight w_ho[k, j]
    moved by -learning_rate * delta_output[k] * h[j], every w_ih[j, i] by
    -learning_rate * delta_hidden[j] * x[i].
    """

    iteration: int  # iterations done once it finished (1 for the very first)
    index: int  # the training-set row it trained on (0-9 the digits, 10+ the own examples)
    label: int
    learning_rate: float
    x: np.ndarray  # (25,) the input image
    h: np.ndarray  # (H,) hidden activations
    y: np.ndarray  # (10,) output activations, before the update
    t: np.ndarray  # (10,) target activations
    loss: float  # this image's loss before the update
    y_after: np.ndarray  # (10,) output activations for the same image after the update
    loss_after: float  # this image's loss after the update
    delta_output: np.ndarray  # (10,) 2 (y - t) y (1 - y)
    delta_hidden: np.ndarray  # (H,) (w_ho^T delta_output) h (1 - h), with w_ho before the update
    changes: tuple  # the TOP_CHANGES biggest WeightChange's, biggest first

    @property
    def predicted(self):
        """The digit the network read before the update."""
        return int(np.argmax(self.y))

    @property
    def predicted_after(self):
        return int(np.argmax(self.y_after))


def _frozen(array):
    array = np.array(array, dtype=np.float64)
    array.flags.writeable = False
    return array


class Recorder:
    """Copies of what a record needs, taken around one iteration; the record is built only when
    asked for, so training many iterations per frame pays nothing for it."""

    def __init__(self, net):
        size = net.w_ih.size + net.w_ho.size
        self._before, self._after = np.empty(size), np.empty(size)
        self._activations = np.empty(net.hidden + network.N_OUTPUTS)
        self.clear()

    def clear(self):
        self._record, self._args = None, None

    def train(self, net, iteration, index, label, x, target):
        """Train `net` one iteration on (x, target), recording it as iteration number `iteration`."""
        np.copyto(self._before, net._weights)
        loss = net._train(x, target)
        np.copyto(self._after, net._weights)
        np.copyto(self._activations, net._act)
        self._record, self._args = None, (iteration, index, label, net.learning_rate, x, loss)

    @property
    def record(self):
        """The IterationRecord of the last iteration trained here; None before any (or since clear)."""
        if self._record is None and self._args is not None:
            self._record = build(*self._args, self._activations, self._before, self._after)
        return self._record


def build(iteration, index, label, learning_rate, x, loss, activations, weights_before, weights_after,
          top=TOP_CHANGES):
    """Make the record from copies of the network's buffers and the loss the iteration returned.

    activations: hidden then output activations as the iteration computed them (H + 10,);
    weights_*: both layers flat, w_ih row by row then w_ho row by row (H * 25 + 10 * H,).
    """
    hidden = (len(weights_before)) // (network.N_INPUTS + network.N_OUTPUTS)
    n_ih = hidden * network.N_INPUTS
    h, y = activations[:hidden], activations[hidden:]
    t = network.target_for(label)
    w_ho_before = weights_before[n_ih:].reshape(network.N_OUTPUTS, hidden)
    delta_output = 2.0 * (y - t) * y * (1.0 - y)
    delta_hidden = (w_ho_before.T @ delta_output) * h * (1.0 - h)
    w_ih_after = weights_after[:n_ih].reshape(hidden, network.N_INPUTS)
    w_ho_after = weights_after[n_ih:].reshape(network.N_OUTPUTS, hidden)
    y_after = network.sigmoid(w_ho_after @ network.sigmoid(w_ih_after @ x))
    error_after = y_after - t
    return IterationRecord(
        iteration=int(iteration), index=int(index), label=int(label), learning_rate=float(learning_rate),
        x=_frozen(x), h=_frozen(h), y=_frozen(y), t=_frozen(t), loss=float(loss),
        y_after=_frozen(y_after), loss_after=float(error_after @ error_after),
        delta_output=_frozen(delta_output), delta_hidden=_frozen(delta_hidden),
        changes=_biggest_changes(weights_before, weights_after, hidden, top))


def _biggest_changes(before, after, hidden, top):
    size = np.abs(after - before)
    top = min(top, len(size))
    candidates = np.argpartition(-size, top - 1)[:top]
    order = candidates[np.lexsort((candidates, -size[candidates]))]  # biggest first, ties by position
    n_ih = hidden * network.N_INPUTS
    changes = []
    for flat in order.tolist():
        if flat < n_ih:
            layer, (dest, source) = "ih", divmod(flat, network.N_INPUTS)
        else:
            layer, (dest, source) = "ho", divmod(flat - n_ih, hidden)
        changes.append(WeightChange(layer, source, dest, float(before[flat]), float(after[flat])))
    return tuple(changes)


# ---- in words -------------------------------------------------------------------------------------

_COUNTS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")


def _direction(before, after):
    return "rose" if after > before else "fell" if after < before else "stayed the same"


def _movement(before, after):
    """'rose from 0.41 to 0.47', with just enough decimals (2 to 6) to show the two differ."""
    if before == after:
        return f"stayed at {before:.2f}"
    verb = _direction(before, after)
    for decimals in range(2, 7):
        old, new = f"{before:.{decimals}f}", f"{after:.{decimals}f}"
        if old != new:
            return f"{verb} from {old} to {new}"
    return f"{verb} by less than 0.000001, from {before:.6f}"


def _digits(outputs):
    names = [str(k) for k in outputs]
    listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    return f"({'output' if len(names) == 1 else 'outputs'} {listed})"


def _others(record):
    """How the nine outputs that should go towards 0 moved."""
    groups = {"fell": [], "rose": [], "stayed the same": []}
    for k in range(network.N_OUTPUTS):
        if k != record.label:
            groups[_direction(record.y[k], record.y_after[k])].append(k)
    present = [(verb, outputs) for verb, outputs in groups.items() if outputs]
    if len(present) == 1:
        return f"the other nine {present[0][0]}"
    largest = max(len(outputs) for _, outputs in present)
    parts = [f"{_COUNTS[len(outputs)]} {verb}" + (f" {_digits(outputs)}" if len(outputs) < largest else "")
             for verb, outputs in present]
    return "of the other nine, " + ", ".join(parts[:-1]) + " and " + parts[-1]


def describe(record):
    """Say in words what the iteration did to the outputs and to this image's loss."""
    label = record.label
    target = _movement(record.y[label], record.y_after[label])
    return (f"Output {label} {target}; {_others(record)}. "
            f"The loss on this image {_movement(record.loss, record.loss_after)}.")

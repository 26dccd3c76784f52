"""Keeping a trained network in a file: dump() writes JSON text, load() checks it all.

load() returns a SavedNetwork, or raises NetFileError saying exactly what is wrong; it
never touches a trainer, so a refused file changes nothing. Trainer.restore(saved)
then carries on exactly where the saved session stopped: JSON writes every float with
repr(), which reads back as the same float, so the weights come back bit for bit.
"""

import json
import math
import numbers
from collections.abc import Mapping
from typing import NamedTuple

import network
import numpy as np
import settings
from datasets import FIRST_OWN_ROW, MAX_OWN
from digits import DIGITS, LABELS
from history import validate_state

FORMAT = "nnviz-network"
VERSION = 1
MAX_BYTES = 5_000_000


class NetFileError(ValueError):
    """The file is not one we can load; the message says why, in words for the user."""


class SavedNetwork(NamedTuple):
    """A checked saved session (arrays are read-only)."""

    hidden: int
    learning_rate: float
    seed: int
    speed: int
    iteration: int
    next_index: int  # the training-set row the next iteration trains on
    w_ih: np.ndarray  # (hidden, 25)
    w_ho: np.ndarray  # (10, hidden)
    examples: tuple  # own examples: (image (25,), label), oldest first
    history: dict  # a history.LossHistory state

    @property
    def settings(self):
        return {"hidden": self.hidden, "lr": self.learning_rate, "seed": self.seed, "speed": self.speed}


def dump(trainer, page_settings):
    """The trainer's session as JSON text; the speed comes from page_settings (a dict or Settings)."""
    speed = page_settings["speed"] if isinstance(page_settings, Mapping) else page_settings.speed
    data = {
        "format": FORMAT,
        "version": VERSION,
        "settings": {"hidden": trainer.hidden, "lr": trainer.learning_rate, "seed": trainer.seed,
                     "speed": speed},
        "iteration": trainer.iteration,
        "next_index": trainer.next_index,
        "weights": {"input_hidden": trainer.network.w_ih.tolist(),
                    "hidden_output": trainer.network.w_ho.tolist()},
        "training_set": {"images": trainer.training_images.tolist(),
                         "labels": trainer.training_labels.tolist()},
        "history": trainer.history.state(),
    }
    return json.dumps(data, allow_nan=False, separators=(",", ":"))


def load(text):
    """Check saved text (str or bytes) completely; returns a SavedNetwork or raises NetFileError."""
    data = _parse(text)
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise NetFileError(f"this is not a network saved by Neural Network Visualizer "
                           f"(it has no \"format\": \"{FORMAT}\")")
    version = data.get("version")
    if not _is_int(version) or version < 1:
        raise NetFileError(f"the format version must be a whole number >= 1, got {version!r}")
    if version > VERSION:
        raise NetFileError(f"this file was saved by a newer version of the visualizer (format version "
                           f"{version}); this page reads version {VERSION} and older")
    hidden, lr, seed, speed = _settings(_field(data, "settings", dict))
    iteration = _field(data, "iteration", int)
    if iteration < 0:
        raise NetFileError(f"iteration must be >= 0, got {iteration}")
    weights = _field(data, "weights", dict)
    w_ih = _matrix(weights, "input_hidden", hidden, network.N_INPUTS, "hidden neuron")
    w_ho = _matrix(weights, "hidden_output", network.N_OUTPUTS, hidden, "output")
    examples = _examples(_field(data, "training_set", dict))
    next_index = _field(data, "next_index", int)
    if not 0 <= next_index < FIRST_OWN_ROW + len(examples):
        raise NetFileError(f"next_index must be a row of the training set (0 to "
                           f"{FIRST_OWN_ROW + len(examples) - 1}), got {next_index}")
    try:
        history = validate_state(_field(data, "history", dict))
    except ValueError as exc:
        raise NetFileError(str(exc)) from None
    if history["iterations"][-1:] != [iteration]:
        raise NetFileError(f"the history must end at the saved iteration {iteration}")
    return SavedNetwork(hidden, lr, seed, speed, iteration, next_index, w_ih, w_ho, examples, history)


def check_size(size):
    """Refuse a file over MAX_BYTES before reading it (the page checks a chosen file's size first)."""
    if size > MAX_BYTES:
        raise NetFileError(f"the file is {size / 1e6:.1f} MB; a saved network is at most "
                           f"{MAX_BYTES / 1e6:g} MB")


def _parse(text):
    if isinstance(text, str):
        size = len(text) if len(text) > MAX_BYTES else len(text.encode("utf-8", "surrogatepass"))
    elif isinstance(text, (bytes, bytearray)):
        size = len(text)
    else:
        raise NetFileError(f"expected the file's text, got {type(text).__name__}")
    check_size(size)
    if not isinstance(text, str):
        try:
            text = bytes(text).decode("utf-8")
        except UnicodeDecodeError:
            raise NetFileError("the file is not text (UTF-8), so it is not a saved network") from None

    def refuse_constant(name):
        raise NetFileError(f"the file contains {name}, which is not a finite number")

    try:
        return json.loads(text, parse_constant=refuse_constant)
    except json.JSONDecodeError as exc:
        where = f"{exc.msg} at line {exc.lineno}, column {exc.colno}"
        raise NetFileError(f"the file is not JSON ({where})") from None
    except RecursionError:
        raise NetFileError("the file is not a saved network (it is nested far too deeply)") from None


def _is_int(value):
    return isinstance(value, numbers.Integral) and not isinstance(value, bool)


def _field(data, name, kind):
    if name not in data:
        raise NetFileError(f"the file has no \"{name}\"")
    value = data[name]
    ok = _is_int(value) if kind is int else isinstance(value, kind)
    if not ok:
        what = {int: "a whole number", dict: "an object", list: "a list"}[kind]
        raise NetFileError(f"\"{name}\" must be {what}, got {json.dumps(value)[:40]}")
    return value


def _settings(values):
    """hidden, lr, seed, speed: valid for the model and within what the page's controls offer."""
    checked = []
    rules = (("hidden", network.validate_hidden, settings.MIN_HIDDEN, settings.MAX_HIDDEN),
             ("lr", network.validate_learning_rate, settings.MIN_LR, settings.MAX_LR),
             ("seed", network.validate_seed, 0, settings.MAX_SEED))
    for name, validate, low, high in rules:
        if name not in values:
            raise NetFileError(f"settings has no \"{name}\"")
        try:
            value = validate(values[name])
        except ValueError as exc:
            raise NetFileError(f"settings.{name}: {exc}") from None
        if not low <= value <= high:
            raise NetFileError(f"settings.{name} must be from {low:g} to {high:g}, got {value:g}")
        checked.append(value)
    speed = values.get("speed")
    if not _is_int(speed) or speed not in settings.SPEEDS:
        raise NetFileError(f"settings.speed must be one of {', '.join(map(str, settings.SPEEDS))}, "
                           f"got {speed!r}")
    return (*checked, int(speed))


def _matrix(weights, name, rows, columns, row_is):
    """A rows x columns list of lists of finite numbers, as a read-only float64 array."""
    value = weights.get(name)
    if not isinstance(value, list) or len(value) != rows:
        got = f"{len(value)} rows" if isinstance(value, list) else json.dumps(value)[:40]
        raise NetFileError(f"weights.{name} must be {rows} rows (one per {row_is}) of {columns} "
                           f"numbers, got {got}")
    for i, row in enumerate(value):
        if not isinstance(row, list) or len(row) != columns:
            got = f"{len(row)} numbers" if isinstance(row, list) else json.dumps(row)[:40]
            raise NetFileError(f"weights.{name} row {i} must have {columns} numbers, got {got}")
        for number in row:
            if not isinstance(number, numbers.Real) or isinstance(number, bool):
                raise NetFileError(f"weights.{name} row {i} holds {json.dumps(number)[:40]}, not a number")
            if not math.isfinite(number):
                raise NetFileError(f"weights.{name} row {i} holds {number}, not a finite number")
    matrix = np.array(value, dtype=np.float64)
    matrix.flags.writeable = False
    return matrix


def _examples(training_set):
    """The own examples: the rows after the ten digits, which must be this page's digits."""
    images, labels = training_set.get("images"), training_set.get("labels")
    if not isinstance(images, list) or not isinstance(labels, list) or len(images) != len(labels):
        raise NetFileError("training_set must have lists \"images\" and \"labels\" of the same length")
    own = len(images) - FIRST_OWN_ROW
    if own < 0:
        raise NetFileError(
            f"training_set must start with the {FIRST_OWN_ROW} digits, got {len(images)} images")
    if own > MAX_OWN:
        raise NetFileError(f"the file has {own} own examples; at most {MAX_OWN} are allowed")
    checked = []
    for row, (image, label) in enumerate(zip(images, labels, strict=True)):
        try:
            pixels = network.validate_image(image)
            label = network.validate_label(label)
        except ValueError as exc:
            raise NetFileError(f"training_set row {row}: {exc}") from None
        if row < FIRST_OWN_ROW:
            if not np.array_equal(pixels, DIGITS[row]) or label != LABELS[row]:
                raise NetFileError(f"training_set row {row} is not this page's digit {row}")
        else:
            pixels.flags.writeable = False
            checked.append((pixels, label))
    return tuple(checked)

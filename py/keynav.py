"""Where an arrow key takes the keyboard focus: in the draw grid and in the network diagram.

Pure moves over indices, so the views only focus the element a move names.

The diagram is a graph: neurons in three layers, and a connection (one weight) between
every neuron and every neuron of the next layer. The focus is on a neuron or on a
connection. On a neuron, Up/Down go to the previous/next neuron of its layer; Right goes
to its first outgoing connection, Left to its first incoming one. On a connection,
Up/Down go to the next connection of the same neuron (the one the focus came from), and
Right/Left go to the neuron at that end of the connection. Home/End go to the first/last
item of the same list.
"""

from __future__ import annotations

from typing import NamedTuple

from digits import SIZE
from layout import INPUTS, OUTPUTS

NEURON_LAYERS = ("input", "hidden", "output")
LINK_LAYERS = {"ih": ("input", "hidden"), "ho": ("hidden", "output")}
KEYS = ("ArrowUp", "ArrowDown", "ArrowLeft", "ArrowRight", "Home", "End")


def grid_move(index: int, key: str, size: int = SIZE) -> int | None:
    """The cell an arrow key, Home or End moves to in a size×size grid (clamped at the edges);
    None for any other key."""
    row, col = divmod(index, size)
    moves = {
        "ArrowUp": (max(row - 1, 0), col),
        "ArrowDown": (min(row + 1, size - 1), col),
        "ArrowLeft": (row, max(col - 1, 0)),
        "ArrowRight": (row, min(col + 1, size - 1)),
        "Home": (row, 0),
        "End": (row, size - 1),
    }
    if key not in moves:
        return None
    r, c = moves[key]
    return r * size + c


class Item(NamedTuple):
    """A neuron (layer, index, None, None) or a connection ('ih'/'ho', from, to, anchor), where
    anchor is the end the focus came from: 'from' or 'to'. (layer, a, b) is the tooltip's target."""

    layer: str
    a: int
    b: int | None = None
    anchor: str | None = None

    @property
    def target(self) -> tuple:
        return self.layer, self.a, self.b


FIRST = Item("input", 0)


def layer_size(layer: str, hidden: int) -> int:
    return {"input": INPUTS, "hidden": hidden, "output": OUTPUTS}[layer]


def clamp(item: Item, hidden: int) -> Item:
    """The same item in a network of `hidden` hidden neurons (the nearest one if it is gone)."""
    if item.layer in LINK_LAYERS:
        left, right = LINK_LAYERS[item.layer]
        return item._replace(a=min(item.a, layer_size(left, hidden) - 1),
                             b=min(item.b, layer_size(right, hidden) - 1))
    return item._replace(a=min(item.a, layer_size(item.layer, hidden) - 1))


def move(item: Item, key: str, hidden: int) -> Item:
    """Where `key` takes the focus from `item`; the same item when there is nowhere to go."""
    if item.layer in NEURON_LAYERS:
        return _from_neuron(item, key, hidden)
    return _from_link(item, key, hidden)


def _step(index: int, key: str, count: int) -> int:
    return {"ArrowUp": max(index - 1, 0), "ArrowDown": min(index + 1, count - 1),
            "Home": 0, "End": count - 1}.get(key, index)


def _from_neuron(item: Item, key: str, hidden: int) -> Item:
    layer, i = item.layer, item.a
    if key in ("ArrowUp", "ArrowDown", "Home", "End"):
        return item._replace(a=_step(i, key, layer_size(layer, hidden)))
    if key == "ArrowRight" and layer != "output":
        return Item("ih" if layer == "input" else "ho", i, 0, "from")
    if key == "ArrowLeft" and layer != "input":
        return Item("ih" if layer == "hidden" else "ho", 0, i, "to")
    return item


def _from_link(item: Item, key: str, hidden: int) -> Item:
    left, right = LINK_LAYERS[item.layer]
    if key in ("ArrowUp", "ArrowDown", "Home", "End"):
        if item.anchor == "from":  # the other connections leaving the same neuron
            return item._replace(b=_step(item.b, key, layer_size(right, hidden)))
        return item._replace(a=_step(item.a, key, layer_size(left, hidden)))
    if key == "ArrowRight":
        return Item(right, item.b)
    if key == "ArrowLeft":
        return Item(left, item.a)
    return item


def value_of(target: tuple, w_ih, w_ho, image, hidden_act, output_act) -> float:
    """The number behind a diagram item: a weight, or a neuron's activation."""
    layer, a, b = target
    if layer == "ih":
        return float(w_ih[b, a])
    if layer == "ho":
        return float(w_ho[b, a])
    return float({"input": image, "hidden": hidden_act, "output": output_act}[layer][a])

"""Keyboard moves in the draw grid and the network diagram (py/keynav.py)."""

from __future__ import annotations

import pytest
from chartreadout import key_target
from keynav import FIRST, Item, clamp, grid_move, move

H = 10


# --- the draw grid -----------------------------------------------------------------------------

@pytest.mark.parametrize("start, key, end", [
    (12, "ArrowUp", 7), (12, "ArrowDown", 17), (12, "ArrowLeft", 11), (12, "ArrowRight", 13),
    (12, "Home", 10), (12, "End", 14),
    (0, "ArrowUp", 0), (0, "ArrowLeft", 0), (24, "ArrowDown", 24), (24, "ArrowRight", 24),
    (4, "ArrowRight", 4), (20, "ArrowLeft", 20),
])
def test_arrow_keys_move_one_cell_and_stop_at_the_edges(start, key, end):
    assert grid_move(start, key) == end


def test_other_keys_do_not_move_in_the_grid():
    assert grid_move(12, "Enter") is None and grid_move(12, " ") is None and grid_move(12, "a") is None


# --- the diagram -------------------------------------------------------------------------------

def walk(item, *keys, hidden=H):
    for key in keys:
        item = move(item, key, hidden)
    return item


def test_the_diagram_starts_on_input_0():
    assert FIRST == Item("input", 0) and FIRST.target == ("input", 0, None)


def test_up_and_down_move_between_the_neurons_of_a_layer_and_stop_at_its_ends():
    assert walk(FIRST, "ArrowDown", "ArrowDown") == Item("input", 2)
    assert walk(FIRST, "ArrowUp") == FIRST
    assert walk(FIRST, "End") == Item("input", 24)
    assert walk(Item("hidden", 3), "End") == Item("hidden", H - 1)
    assert walk(Item("output", 9), "ArrowDown") == Item("output", 9)
    assert walk(Item("output", 9), "Home") == Item("output", 0)


def test_right_from_a_neuron_follows_its_first_outgoing_connection_and_on_to_the_next_neuron():
    link = walk(Item("input", 7), "ArrowRight")
    assert link == Item("ih", 7, 0, "from") and link.target == ("ih", 7, 0)
    assert walk(link, "ArrowDown", "ArrowDown") == Item("ih", 7, 2, "from")  # other weights of input 7
    assert walk(link, "ArrowDown", "ArrowDown", "ArrowRight") == Item("hidden", 2)
    assert walk(Item("hidden", 4), "ArrowRight", "End") == Item("ho", 4, 9, "from")


def test_left_from_a_neuron_follows_its_incoming_connections_back():
    link = walk(Item("output", 3), "ArrowLeft")
    assert link == Item("ho", 0, 3, "to")
    assert walk(link, "ArrowDown") == Item("ho", 1, 3, "to")  # other weights into output 3
    assert walk(link, "End") == Item("ho", H - 1, 3, "to")
    assert walk(link, "ArrowDown", "ArrowLeft") == Item("hidden", 1)
    assert walk(Item("hidden", 2), "ArrowLeft", "End") == Item("ih", 24, 2, "to")


def test_from_a_connection_left_and_right_go_to_its_two_ends():
    link = Item("ih", 5, 8, "from")
    assert walk(link, "ArrowLeft") == Item("input", 5)
    assert walk(link, "ArrowRight") == Item("hidden", 8)


def test_there_is_nothing_left_of_the_inputs_or_right_of_the_outputs():
    assert walk(Item("input", 3), "ArrowLeft") == Item("input", 3)
    assert walk(Item("output", 3), "ArrowRight") == Item("output", 3)


def test_a_walk_across_the_whole_network_and_back():
    item = walk(FIRST, "ArrowRight", "ArrowRight", "ArrowRight", "ArrowRight")
    assert item == Item("output", 0)
    assert walk(item, "ArrowLeft", "ArrowLeft", "ArrowLeft", "ArrowLeft") == FIRST


def test_a_smaller_network_moves_the_focus_to_the_nearest_item_that_still_exists():
    assert clamp(Item("hidden", 9), 4) == Item("hidden", 3)
    assert clamp(Item("ho", 9, 7, "from"), 4) == Item("ho", 3, 7, "from")
    assert clamp(Item("ih", 24, 9, "to"), 4) == Item("ih", 24, 3, "to")
    assert clamp(Item("output", 9), 1) == Item("output", 9)
    assert walk(Item("hidden", 0), "End", hidden=1) == Item("hidden", 0)


def test_every_move_stays_inside_the_network():
    from keynav import KEYS, LINK_LAYERS, layer_size

    for hidden in (1, 2, 10):
        seen, todo = set(), [FIRST]
        while todo:
            item = todo.pop()
            if item in seen:
                continue
            seen.add(item)
            if item.layer in LINK_LAYERS:
                left, right = LINK_LAYERS[item.layer]
                assert 0 <= item.a < layer_size(left, hidden) and 0 <= item.b < layer_size(right, hidden)
            else:
                assert 0 <= item.a < layer_size(item.layer, hidden)
            todo.extend(move(item, key, hidden) for key in KEYS)
        neurons = {i for i in seen if i.b is None}
        assert len(neurons) == 25 + hidden + 10  # every neuron is reachable
        weights = {i.target for i in seen if i.b is not None}
        assert len(weights) == 25 * hidden + hidden * 10  # and every weight


# --- the loss chart's readout ------------------------------------------------------------------

@pytest.mark.parametrize("at, key, to", [
    (5, "ArrowLeft", 4), (5, "ArrowRight", 6), (15, "ArrowDown", 5), (5, "PageUp", 15),
    (0, "ArrowLeft", 0), (19, "ArrowRight", 19), (3, "PageDown", 0), (15, "ArrowUp", 19),
    (7, "Home", 0), (7, "End", 19), (7, "a", None),
])
def test_chart_keys_move_the_readout_by_one_or_ten_points_and_stop_at_the_ends(at, key, to):
    assert key_target(key, at, 20) == to

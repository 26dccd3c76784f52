"""See inside the network (issue 12), in CPython on dom.py's stand-in for the browser.

The hidden-neuron maps, Step and the iteration inspector, the keyboard shortcuts, the
right/wrong marks and per-digit grid, and the loss chart's points and readout. The
browser tests in test_inside_page.py check the same against the real page.
"""

from __future__ import annotations

import fakedom
import palette
import pytest
import scales
import shortcuts
from chartreadout import HINT
from digits import DIGITS
from fakepage import click, el, frames, set_input, start
from losschart import BOX
from perdigit import CELL_CLASSES, cell_codes
from trainer import BATCH_SIZE, SCORE_EVERY

window, document = fakedom.window, fakedom.document


def maps():
    return el("neuron-maps").querySelectorAll(".nmap")


def map_classes(figure) -> list:
    return [rect.getAttribute("class") for rect in figure.querySelectorAll("rect")]


def hidden_circle(j: int):
    return next(e for e in el("network").walk()
                if e.getAttribute("data-layer") == "hidden" and e.getAttribute("data-index") == str(j))


# 1. Hidden-neuron maps ------------------------------------------------------------------------------

def test_each_hidden_neuron_has_a_map_of_its_25_incoming_weights():
    app = start()
    click("train")
    frames()
    w_ih = app.trainer.network.w_ih
    assert [f.getAttribute("data-index") for f in maps()] == [str(j) for j in range(10)]
    for j, figure in enumerate(maps()):
        expected = [palette.WEIGHT_CLASSES[c] for c in palette.weight_codes(w_ih[j])]
        assert map_classes(figure) == expected


def test_maps_follow_training_writing_only_changed_cells_and_rebuild_for_a_new_size():
    app = start("?hidden=64")
    assert len(maps()) == 64
    click("play")
    frames(8)  # while playing, the maps follow every 100 ms
    click("play")
    frames()
    w_ih = app.trainer.network.w_ih
    shown = [c for f in maps() for c in map_classes(f)]
    assert shown == [palette.WEIGHT_CLASSES[c] for c in palette.weight_codes(w_ih)]
    set_input("hidden", 5)
    frames()
    assert len(maps()) == 5


def test_hovering_a_hidden_neuron_highlights_its_map_and_the_reverse():
    start()
    hidden_circle(3).dispatch("pointerover")
    assert maps()[3].classList.contains("highlight")
    assert hidden_circle(3).getAttribute("data-highlight") == ""
    hidden_circle(3).dispatch("pointerout")
    assert not maps()[3].classList.contains("highlight") and hidden_circle(3).getAttribute("data-highlight") is None
    maps()[6].querySelector("rect").dispatch("pointerover")
    assert hidden_circle(6).getAttribute("data-highlight") == "" and maps()[6].classList.contains("highlight")
    maps()[6].dispatch("focusout")
    assert hidden_circle(6).getAttribute("data-highlight") is None


def test_arrow_keys_move_the_focus_between_maps_with_one_tab_stop():
    start()
    assert [f.getAttribute("tabindex") for f in maps()].count("0") == 1
    event = maps()[0].dispatch("keydown", key="ArrowRight")
    assert event.defaultPrevented and document.activeElement is maps()[1]
    maps()[1].dispatch("keydown", key="End")
    assert document.activeElement is maps()[9] and maps()[9].getAttribute("tabindex") == "0"
    assert maps()[1].getAttribute("tabindex") == "-1"


# 2. Step and the inspector --------------------------------------------------------------------------

def values(field: str) -> list:
    cells = [e for e in el("inspector").walk() if e.getAttribute("data-field") == field]
    return [float(e.getAttribute("data-value")) for e in cells]


def test_step_runs_exactly_one_iteration_pauses_and_opens_the_inspector():
    app = start()
    assert window.nnviz.getState()["lastIteration"] is None
    click("play")
    frames(3)
    click("step")
    frames(3)
    assert app.trainer.iteration == 4 and not app.running
    assert el("inspector").open
    state = window.nnviz.getState()["lastIteration"]
    assert state["index"] == 3 and state["label"] == 3 and state["input"] == DIGITS[3].tolist()


def test_inspector_shows_the_numbers_the_model_used():
    app = start("?hidden=6")
    click("step")
    frames()
    r = app.trainer.last_iteration
    assert values("hidden") == r.h.tolist() and values("output") == r.y.tolist()
    assert values("target") == r.t.tolist() and values("outputAfter") == r.y_after.tolist()
    assert values("deltaOutput") == r.delta_output.tolist() and values("deltaHidden") == r.delta_hidden.tolist()
    assert values("loss") == [r.loss] and values("lossAfter") == [r.loss_after]
    assert values("input") == DIGITS[0].tolist()
    assert values("changeBefore") == [c.before for c in r.changes]
    text = el("inspector").textContent
    assert "Output 0 rose from" in text and "Iteration 1: training image 0, digit 0" in text


def test_a_closed_inspector_is_left_alone_and_an_open_one_follows_new_iterations():
    app = start()
    click("train")
    frames()
    assert "No iteration yet" in el("inspector").textContent  # closed: not rewritten
    el("inspector").open = True
    el("inspector").dispatch("toggle")
    frames()
    assert f"Iteration {BATCH_SIZE}:" in el("inspector").textContent
    click("step")
    frames()
    assert f"Iteration {BATCH_SIZE + 1}:" in el("inspector").textContent
    assert app.trainer.iteration == BATCH_SIZE + 1


@pytest.mark.parametrize("key, check", [
    (" ", lambda app: app.running), ("s", lambda app: app.trainer.iteration == 1),
    ("S", lambda app: app.trainer.iteration == 1), ("t", lambda app: app.trainer.iteration == BATCH_SIZE),
])
def test_keyboard_shortcuts_play_step_and_train(key, check):
    app = start()
    event = document.body.dispatch("keydown", key=key)
    frames()
    assert event.defaultPrevented and check(app)


def test_r_resets_and_question_mark_shows_the_shortcuts():
    app = start()
    click("train")
    frames()
    document.body.dispatch("keydown", key="r")
    frames()
    assert app.trainer.iteration == 0 and app.trainer.seed == 1
    assert not el("shortcuts").open
    document.body.dispatch("keydown", key="?")
    assert el("shortcuts").open
    assert [k.textContent for k in el("shortcuts").querySelectorAll("kbd")] == ["Space", "S", "T", "R", "?"]


def test_shortcuts_are_off_while_typing_in_a_field_or_with_a_modifier():
    app = start()
    el("share-url").dispatch("keydown", key="s")
    document.body.dispatch("keydown", key="t", ctrlKey=True)
    el("play").dispatch("keydown", key=" ")  # Space presses the focused button itself
    frames()
    assert app.trainer.iteration == 0 and not app.running


def test_shortcut_table_rules():
    assert shortcuts.action_for("s", "BODY") == "step"
    assert shortcuts.action_for("s", "INPUT") is None and shortcuts.action_for("s", "textarea") is None
    assert shortcuts.action_for("s", "DIV", editable=True) is None
    assert shortcuts.action_for(" ", "BUTTON") is None and shortcuts.action_for("t", "BUTTON") == "train_batch"
    assert shortcuts.action_for("x", "BODY") is None


# 3. Right and wrong ---------------------------------------------------------------------------------

def trained(batches: int):
    """A fresh app after `batches` presses of Train 100, each drawn."""
    app = start()
    for _ in range(batches):
        click("train")
        frames()
    return app


def test_thumbnails_say_right_or_wrong_not_by_colour_alone():
    app = trained(3)
    predictions = app.trainer.predictions
    for d, button in enumerate(el("inputs").children):
        right = predictions[d] == d
        assert button.classList.contains("right" if right else "wrong")
        assert not button.classList.contains("wrong" if right else "right")
        assert button.querySelector(".mark").textContent == ("✓" if right else "✗")
        label = button.getAttribute("aria-label")
        assert label == (f"Digit {d}, correct" if right else f"Digit {d}, wrong: the network says {predictions[d]}")


def test_per_digit_grid_shows_every_output_and_what_each_image_reads():
    app = start()
    click("train")
    frames()
    t = app.trainer
    rows = el("per-digit").querySelectorAll("tr")[1:]
    assert len(rows) == 10
    codes = cell_codes(t.outputs, t.predictions)
    for r, row in enumerate(rows):
        cells = row.querySelectorAll("td")
        assert [c.getAttribute("class") for c in cells[:10]] == [CELL_CLASSES[c] for c in codes[r * 10:r * 10 + 10]]
        p = int(t.predictions[r])
        assert cells[10].textContent == f"{p} · {t.outputs[r, p]:.2f}"
        assert cells[11].textContent == ("✓ correct" if p == r else "✗ wrong")
        assert row.getAttribute("class") == ("right" if p == r else "wrong")
    assert window.nnviz.getState()["predictions"] == t.predictions.tolist()


def test_per_digit_grid_follows_an_imported_training_set_of_the_same_size_with_other_labels():
    import json

    app = start()
    app.actions.add_example(DIGITS[3].astype(float), 3)
    frames()
    saved = json.loads(app.actions.export_network())
    saved["training_set"]["labels"][10] = 5
    app.actions.import_network(json.dumps(saved))
    frames()
    heads = [row.querySelector("th").textContent for row in el("per-digit").querySelector("tbody").children]
    assert heads == [str(d) for d in range(10)] + ["5"]


# 4. The loss chart ----------------------------------------------------------------------------------

def points(css: str) -> list:
    line = el("loss-chart").querySelector(f".{css}")
    return [tuple(map(float, p.split(","))) for p in line.getAttribute("points").split()]


def test_chart_starts_with_a_visible_iteration_0_point():
    app = start()
    (x, y), = points("curve")
    assert x == BOX.left
    limit = scales.nice_ticks(app.trainer.loss, 4)[-1]  # the loss axis' top
    assert y == pytest.approx(BOX.bottom - app.trainer.loss / limit * (BOX.bottom - BOX.top), abs=0.06)
    dot = el("loss-chart").querySelector(".curve-dot")
    assert (float(dot.getAttribute("cx")), float(dot.getAttribute("cy"))) == (x, y)
    assert el("loss-chart").querySelector(".placeholder").getAttribute("display") == "inline"


def test_a_batch_draws_a_loss_and_an_accuracy_curve():
    app = start()
    click("train")
    frames()
    assert len(points("curve")) == len(points("curve-accuracy")) == BATCH_SIZE // SCORE_EVERY + 1
    accuracy = app.trainer.history.accuracies
    ys = [y for _, y in points("curve-accuracy")]
    assert ys == [pytest.approx(BOX.bottom - a * (BOX.bottom - BOX.top), abs=0.06) for a in accuracy]
    assert el("loss-chart").querySelector(".placeholder").getAttribute("display") == "none"
    assert "100%" in el("loss-chart").textContent  # the right axis


def test_a_long_history_is_drawn_thinned_and_still_read_out_point_by_point():
    app = trained(40)
    h = app.trainer.history
    drawn = points("curve")
    assert 100 <= len(drawn) < len(h)  # about one point per 1.5 px of the chart, not all of them
    xs = scales.project(h.iterations, 0.0, scales.nice_ticks(float(h.iterations[-1]), 4)[-1], BOX.left, BOX.right)
    assert {x for x, _ in drawn} <= {round(float(x), 1) for x in xs}  # each drawn point is a history point
    assert drawn[-1][0] == round(float(xs[-1]), 1)  # the newest always
    chart = el("loss-chart")
    chart.dispatch("keydown", key="End")
    chart.dispatch("keydown", key="ArrowLeft")  # the point before the newest, though it may not be drawn
    assert chart.parentNode.querySelector(".chart-readout").textContent.startswith(f"Iteration {h.iterations[-2]:,}: ")


def test_pointer_and_keys_read_out_a_point():
    app = start()
    click("train")
    frames()
    chart = el("loss-chart")
    chart.rect.left, chart.rect.width = 100.0, 600.0  # drawn at twice its viewBox size
    h = app.trainer.history
    x = 100 + 2 * (BOX.left + (BOX.right - BOX.left) * 30 / 100)  # iteration 30
    chart.dispatch("pointermove", clientX=x, clientY=50)
    readout = chart.parentNode.querySelector(".chart-readout")
    assert readout.textContent == (f"Iteration 30: loss {h.losses[3]:.4f}, test loss {h.test_losses[3]:.4f}, "
                                   f"accuracy {round(100 * h.accuracies[3])}%")
    chart.dispatch("keydown", key="ArrowLeft")
    assert readout.textContent.startswith("Iteration 20: ")
    chart.dispatch("keydown", key="Home")
    assert readout.textContent.startswith("Iteration 0: loss ")
    chart.dispatch("pointerleave", pointerType="mouse")
    assert readout.textContent == HINT  # nothing picked: a hint, not a text rewritten while playing

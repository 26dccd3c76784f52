"""The scripting API for tests and host pages: window.nnviz.getState(), exportNetwork(), importNetwork()."""

from __future__ import annotations

import dom


def last_iteration_state(record) -> dict | None:
    """getState().lastIteration: the last iteration's numbers as plain data, None before any."""
    if record is None:
        return None
    return {
        "iteration": record.iteration, "index": record.index, "label": record.label,
        "learningRate": record.learning_rate, "input": record.x.tolist(), "hidden": record.h.tolist(),
        "output": record.y.tolist(), "outputAfter": record.y_after.tolist(), "target": record.t.tolist(),
        "loss": record.loss, "lossAfter": record.loss_after, "deltaOutput": record.delta_output.tolist(),
        "deltaHidden": record.delta_hidden.tolist(),
        "changes": [{"layer": c.layer, "from": c.source, "to": c.dest, "before": c.before, "after": c.after}
                    for c in record.changes],
    }


def state(app) -> dict:
    """The page's state as plain data (percentages for accuracies)."""
    t = app.trainer
    return {
        "iteration": t.iteration,
        "accuracy": round(100 * t.accuracy, 6),
        "loss": t.loss,
        "testAccuracy": round(100 * t.test_accuracy, 6),
        "testLoss": t.test_loss,
        "hidden": t.hidden,
        "learningRate": t.learning_rate,
        "seed": t.seed,
        "running": app.running,
        "speed": app.settings.speed,
        "tab": app.settings.tab,
        "diverged": t.diverged,
        "frame": app.frame,
        "weights": {"inputHidden": t.network.w_ih.tolist(), "hiddenOutput": t.network.w_ho.tolist()},
        "trainingImages": t.training_images.tolist(),
        "trainingLabels": t.training_labels.tolist(),
        "testImages": t.test_images.tolist(),
        "testLabels": t.test_labels.tolist(),
        "predictions": t.predictions.tolist(),
        "lastIteration": last_iteration_state(t.last_iteration),
    }


def import_network(app, text) -> dict:
    """Load a saved network's JSON text: {ok: true}, or {ok: false, error: why} with nothing changed."""
    if text is not None and not isinstance(text, str):
        text = dom.json_text(text)  # a host page may pass the parsed object
    try:
        app.actions.import_network(text)
    except ValueError as exc:
        return {"ok": False, "error": str(exc)}
    return {"ok": True}


def install(app) -> None:
    dom.export("nnviz", {
        "getState": lambda *_: dom.plain(state(app)),
        "exportNetwork": lambda *_: app.actions.export_network(),
        "importNetwork": lambda text=None, *_: dom.plain(import_network(app, text)),
    }, app.listeners)

"""The numbers behind the diagram as text: what the table view shows (pure formatting).

The table view (numbersview.py) lets anyone who cannot see or hover the diagram read the
current forward pass (input, hidden and output activations, and the answer in words) and
every weight, as tables with row and column headers.
"""

from __future__ import annotations

import numpy as np
from digits import SIZE


def values(array, decimals: int = 4) -> list[str]:
    """Each number with a fixed number of decimals (never '-0.0000')."""
    flat = np.asarray(array, dtype=float).ravel()
    flat = np.where(np.abs(flat) < 0.5 * 10.0 ** -decimals, 0.0, flat)
    return [f"{v:.{decimals}f}" for v in flat.tolist()]


def answer(output_act, caption: str) -> str:
    """The forward pass's result in words, e.g. 'For digit 3 the network says 3: output 3 has the
    largest activation, 0.457.'"""
    outputs = np.asarray(output_act, dtype=float)
    k = int(np.argmax(outputs))
    lead = f"{caption[0].upper()}{caption[1:]} the network says {k}" if caption else f"The network says {k}"
    return f"{lead}: output {k} has the largest activation, {outputs[k]:.3f}."


def input_headers() -> tuple[list[str], list[str]]:
    """Row and column headers of the 5×5 input table."""
    return [f"row {r + 1}" for r in range(SIZE)], [f"column {c + 1}" for c in range(SIZE)]


def neuron_headers(layer: str, count: int) -> list[str]:
    return [f"{layer} {i}" for i in range(count)]


def _table(caption: str, col_head: str, cols: list[str], rows: list[str]) -> str:
    head = "".join(f'<th scope="col">{c}</th>' for c in cols)
    cells = '<td class="v"></td>' * len(cols)
    body = "".join(f'<tr><th scope="row">{r}</th>{cells}</tr>' for r in rows)
    return (f'<table class="num"><caption>{caption}</caption><thead><tr><th scope="col">{col_head}</th>{head}'
            f"</tr></thead><tbody>{body}</tbody></table>")


def markup(hidden: int) -> str:
    """The table view's structure for a network of `hidden` hidden neurons, with an empty cell
    (class "v") per number, in the order of `cell_values`. Only our own labels go in here."""
    rows, cols = input_headers()
    hidden_rows = neuron_headers("hidden", hidden)
    output_rows = [f"output {k} (digit {k})" for k in range(10)]
    pass_tables = "".join((
        _table("Input activations x (the picture)", "row", cols, rows),
        _table("Hidden activations h", "neuron", ["activation"], hidden_rows),
        _table("Output activations y", "neuron", ["activation"], output_rows),
    ))
    w1 = _table("W1: weights from input (column) to hidden neuron (row)", "to \\ from",
                neuron_headers("input", len(rows) * len(cols)), hidden_rows)
    w2 = _table("W2: weights from hidden neuron (column) to output (row)", "to \\ from",
                neuron_headers("hidden", hidden), output_rows)
    scroll = '<div class="numbers-scroll" tabindex="0" role="region" aria-label="{}">{}</div>'
    return (f'<p class="numbers-answer"></p><div class="numbers-pass">{pass_tables}</div>'
            + scroll.format("W1 table", w1) + scroll.format("W2 table", w2))


def cell_values(w_ih, w_ho, image, hidden_act, output_act) -> list[str]:
    """Every cell's text, in the order of the cells in `markup`."""
    return (values(image, 0) + values(hidden_act) + values(output_act)
            + values(np.asarray(w_ih).ravel()) + values(np.asarray(w_ho).ravel()))

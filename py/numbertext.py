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

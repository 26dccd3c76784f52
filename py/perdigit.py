"""Right and wrong per training image (#per-digit): every output's activation, and what it reads.

One row per training image: ten cells shaded by the output activations (the darkest is
the digit the network reads, outlined; the target digit is marked), then the digit read
with its activation and ✓ correct / ✗ wrong in words. It reads the outputs the trainer
scored with this step and writes only the cells and texts that changed. A grid already in
the page (index.html is pre-rendered by scripts/render_page.py) is adopted: its classes
and texts are read back, so the first frame writes nothing.
"""

from __future__ import annotations

import dom
import numpy as np
import palette
from network import N_OUTPUTS

LEVELS = palette.ACTIVATION_LEVELS
# cell code: activation bucket, + LEVELS when it is the row's predicted digit
CELL_CLASSES = palette.ACTIVATION_CLASSES + tuple(f"{name} pick" for name in palette.ACTIVATION_CLASSES)


def cell_codes(outputs: np.ndarray, predictions: np.ndarray) -> np.ndarray:
    """(rows * 10,) codes for the grid's cells, row by row."""
    codes = palette.activation_codes(outputs)
    codes[np.arange(len(predictions)) * N_OUTPUTS + predictions] += LEVELS
    return codes


def reading(predicted: int, activation: float) -> str:
    return f"{predicted} · {activation:.2f}"


def verdict(right: bool) -> str:
    return "✓ correct" if right else "✗ wrong"


def table_markup(labels: list) -> str:
    head = "".join(f'<th scope="col">{k}</th>' for k in range(N_OUTPUTS))
    rows = []
    for r, label in enumerate(labels):
        cells = "".join(f'<td class="{CELL_CLASSES[0]}"{" data-target" if k == label else ""}></td>'
                        for k in range(N_OUTPUTS))
        rows.append(f'<tr data-row="{r}"><th scope="row">{label}</th>{cells}'
                    '<td class="reads"></td><td class="verdict"></td></tr>')
    return (f'<table class="per-digit-table"><thead><tr><th scope="col">image</th>{head}'
            '<th scope="col">reads</th><th scope="col"><span class="sr-only">verdict</span></th>'
            '</tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table>')


CODES = {name: code for code, name in enumerate(CELL_CLASSES)}
VERDICTS = {"right": True, "wrong": False}


class PerDigit:
    def __init__(self, container):
        self.container = container
        self.rows = None
        self.labels = None  # the labels of the rows shown, as a list
        self.outputs = None  # the outputs array last shown: a new one arrives after every step
        body = container.querySelector("tbody")
        if body is not None:
            self._adopt(dom.children(body))

    def _adopt(self, rows: list) -> None:
        """Take over a grid already in the page, reading back what it shows."""
        cells = [dom.children(row) for row in rows]
        if not rows or any(len(row) != N_OUTPUTS + 3 for row in cells):
            return
        labels = [row[0].textContent for row in cells]
        codes = [CODES.get(cell.getAttribute("class"), -1) for row in cells for cell in row[1:1 + N_OUTPUTS]]
        if not all(label.isdigit() for label in labels) or -1 in codes:
            return
        self._take(rows, cells, [int(label) for label in labels])
        self.codes = np.array(codes, dtype=np.intp)
        self.right = [VERDICTS.get(row.getAttribute("class")) for row in rows]

    def build(self, labels: list) -> None:
        self.container.innerHTML = table_markup(labels)
        rows = dom.children(self.container.querySelector("tbody"))
        self._take(rows, [dom.children(row) for row in rows], labels)
        self.codes = np.zeros(len(labels) * N_OUTPUTS, dtype=np.intp)
        self.right = [None] * len(labels)

    def _take(self, rows: list, cells: list, labels: list) -> None:
        self.rows, self.labels = rows, labels
        self.set, self.reads, self.verdicts = [], [], []
        for row in cells:
            self.set.extend(cell.setAttribute for cell in row[1:1 + N_OUTPUTS])
            self.reads.append(dom.Text(row[1 + N_OUTPUTS]))
            self.verdicts.append(dom.Text(row[2 + N_OUTPUTS]))

    def update(self, outputs: np.ndarray, predictions: np.ndarray, labels: np.ndarray) -> None:
        if outputs is self.outputs:
            return
        self.outputs = outputs
        if labels.tolist() != self.labels:  # also a set of the same size with other labels (an import)
            self.build(labels.tolist())
        codes = cell_codes(outputs, predictions)
        changed = np.flatnonzero(self.codes != codes)
        for i in changed.tolist():
            self.set[i]("class", CELL_CLASSES[codes[i]])
        self.codes[changed] = codes[changed]
        chosen = outputs[np.arange(len(predictions)), predictions].tolist()
        for r, (p, label, value) in enumerate(zip(predictions.tolist(), labels.tolist(), chosen)):
            self.reads[r].set(reading(p, value))
            right = p == label
            if right != self.right[r]:
                self.right[r] = right
                self.verdicts[r].set(verdict(right))
                self.rows[r].setAttribute("class", "right" if right else "wrong")

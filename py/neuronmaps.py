"""What each hidden neuron looks for (#neuron-maps): its 25 incoming weights as a 5×5 map.

A neuron's map has one cell per input pixel, coloured like the diagram's line for that
weight (red positive, blue negative, stronger for a larger weight), so a map looks like
the picture that excites the neuron most. The maps reuse the bucket codes the diagram
computed for the frame and write only the cells whose bucket changed. Maps already in the
page (index.html is pre-rendered by scripts/render_page.py) are adopted: their cells'
classes are read back, so the first frame writes nothing. Hovering or focusing a hidden
neuron in the diagram highlights its map, and the reverse.
"""

from __future__ import annotations

import dom
import numpy as np
from digits import SIZE
from palette import WEIGHT_CLASSES

CELL = 0.92  # a cell's side in the map's 5×5 viewBox; the rest is the gap between cells


def map_markup(hidden: int, codes) -> str:
    """One focusable image (role img) per hidden neuron; cell (r, c) is the weight from pixel r*5+c."""
    out = []
    codes = np.asarray(codes).reshape(hidden, SIZE * SIZE).tolist()
    for j in range(hidden):
        cells = "".join(
            f'<rect x="{i % SIZE}" y="{i // SIZE}" width="{CELL}" height="{CELL}" '
            f'class="{WEIGHT_CLASSES[code]}"/>' for i, code in enumerate(codes[j]))
        out.append(
            f'<div class="nmap" data-index="{j}" tabindex="{0 if j == 0 else -1}" role="img" '
            f'aria-label="Hidden neuron {j}: its 25 incoming weights">'
            f'<svg viewBox="-0.04 -0.04 5 5" aria-hidden="true">{cells}</svg>'
            f'<span class="nmap-caption" aria-hidden="true">{j}</span></div>')
    return "".join(out)


class NeuronMaps:
    def __init__(self, container, diagram_svg, hidden_neuron, listeners):
        """hidden_neuron(j): the diagram's element for hidden neuron j (highlighted with data-highlight)."""
        self.container = container
        self.hidden_neuron = hidden_neuron
        self.hidden = None
        self.highlighted = None
        on = listeners.add
        for event in ("pointerover", "focusin"):
            on(diagram_svg, event, self._from_diagram)
            on(container, event, self._from_maps)
        for event in ("pointerout", "focusout"):
            on(diagram_svg, event, lambda e: self.highlight(None))
            on(container, event, lambda e: self.highlight(None))
        on(container, "keydown", self._on_key)
        self._adopt()

    def _adopt(self) -> None:
        """Take over maps already in the page, if they are whole maps of known classes."""
        maps = dom.children(self.container)
        svgs = [m.querySelector("svg") for m in maps]
        cells = [dom.children(svg) if svg is not None else [] for svg in svgs]
        index = {name: i for i, name in enumerate(WEIGHT_CLASSES)}
        codes = [index.get(rect.getAttribute("class"), -1) for row in cells for rect in row]
        if not maps or any(len(row) != SIZE * SIZE for row in cells) or -1 in codes:
            return
        focused = [j for j, m in enumerate(maps) if m.getAttribute("tabindex") == "0"] or [0]
        self._take(maps, [rect for row in cells for rect in row], codes, len(maps), focused[0])

    def build(self, codes: np.ndarray, hidden: int) -> None:
        self.highlighted = None  # the diagram was rebuilt: its old elements are gone
        self.container.innerHTML = map_markup(hidden, codes)
        maps = dom.children(self.container)
        self._take(maps, [rect for m in maps for rect in dom.children(m.querySelector("svg"))], codes, hidden, 0)

    def _take(self, maps: list, rects: list, codes, hidden: int, focus_at: int) -> None:
        self.maps = maps
        self.set = [rect.setAttribute for rect in rects]
        self.codes = np.array(codes, dtype=np.intp).ravel()
        self.hidden = hidden
        self.focus_at = focus_at

    def update(self, codes: np.ndarray, hidden: int) -> None:
        """codes: the diagram's weight bucket codes for w_ih, row by row (hidden × 25)."""
        if hidden != self.hidden:
            self.build(codes, hidden)
            return
        changed = np.flatnonzero(self.codes != codes)
        names, setters = WEIGHT_CLASSES, self.set
        for i in changed.tolist():
            setters[i]("class", names[codes[i]])
        self.codes[changed] = codes[changed]

    # ---- highlighting ------------------------------------------------------------------------

    def highlight(self, j: int | None) -> None:
        if j == self.highlighted:
            return
        if self.highlighted is not None:
            self.maps[self.highlighted].classList.remove("highlight")
            self.hidden_neuron(self.highlighted).removeAttribute("data-highlight")
        if j is not None and self.hidden is not None and j < self.hidden:
            self.maps[j].classList.add("highlight")
            self.hidden_neuron(j).setAttribute("data-highlight", "")
        else:
            j = None
        self.highlighted = j

    def _from_diagram(self, event) -> None:
        target = event.target
        if target.getAttribute("data-layer") == "hidden":
            self.highlight(int(target.getAttribute("data-index")))

    def _from_maps(self, event) -> None:
        figure = event.target.closest(".nmap")
        if figure is not None:
            self.highlight(int(figure.getAttribute("data-index")))

    def _on_key(self, event) -> None:
        """Arrow keys, Home and End move the focus between maps (one tab stop for all of them)."""
        if self.hidden is None:
            return
        at, last = self.focus_at, self.hidden - 1
        to = {"ArrowRight": at + 1, "ArrowDown": at + 1, "ArrowLeft": at - 1, "ArrowUp": at - 1,
              "Home": 0, "End": last}.get(event.key)
        if to is None:
            return
        event.preventDefault()
        to = min(max(to, 0), last)
        self.maps[at].setAttribute("tabindex", "-1")
        self.maps[to].setAttribute("tabindex", "0")
        self.focus_at = to
        self.maps[to].focus()

"""The network diagram view (#network): built once per hidden size, restyled in place.

`update` rebuilds the structure when the hidden size changes (markup in one go, keeping a
bound setAttribute per element), then buckets weights and activations with numpy and
writes the class of only the elements whose bucket changed since the last frame.
A diagram already in the page (index.html is pre-rendered by scripts/render_page.py) is
adopted: its elements are kept and its classes read back, so the first frame writes nothing.
"""

from __future__ import annotations

import dom
import layout as geometry
import numpy as np
import palette
import svgmarkup

GROUPS = ("captions", "links-ih", "links-ho", "inputs", "hidden", "outputs", "labels")


class Diagram:
    def __init__(self, svg_element):
        self.svg = svg_element
        self.hidden = None  # hidden size of the structure built, None before the first build
        self.builds = 0  # how many times the structure was built (keyboard focus follows a rebuild)
        self.animating = None
        if not self._adopt():
            svg_element.innerHTML = ""
            groups = {}
            for name in GROUPS:
                groups[name] = dom.svg("g", svg_element, class_=name)
            groups["links-ih"].classList.add("links")
            groups["links-ho"].classList.add("links")
            self.groups = groups

    def _adopt(self) -> bool:
        """Take over a diagram already drawn in the page; False if there is none (or it is not ours)."""
        found = dom.children(self.svg)
        names = [(g.getAttribute("class") or "").split(" ")[0] for g in found]
        if names != list(GROUPS):
            return False
        self.groups = dict(zip(GROUPS, found))
        self._take_handles()
        hidden = len(self.elements["hidden"])
        sizes = (len(self.ih_set), len(self.ho_set), len(self.input_set), len(self.output_set),
                 len(self.label_set))
        if hidden < 1 or sizes != (geometry.INPUTS * hidden, geometry.OUTPUTS * hidden, geometry.INPUTS,
                                   geometry.OUTPUTS, geometry.OUTPUTS):
            return False
        codes = {"weight": {name: i for i, name in enumerate(palette.WEIGHT_CLASSES)},
                 "act": {name: i for i, name in enumerate(palette.ACTIVATION_CLASSES)}}

        def read(group, table):
            classes = [(e.getAttribute("class") or "").split(" ") for e in self.elements[group]]
            return np.array([codes[table].get(c[0], -1) for c in classes], dtype=np.intp), classes

        self.ih_codes, _ = read("links-ih", "weight")
        self.ho_codes, _ = read("links-ho", "weight")
        self.input_codes, _ = read("inputs", "act")
        self.hidden_codes, _ = read("hidden", "act")
        self.output_codes, classes = read("outputs", "act")
        marked = [k for k, c in enumerate(classes) if "predicted" in c]
        self.predicted = marked[0] if len(marked) == 1 else None
        if self.predicted is None:
            self.output_codes[marked] = -1  # rewritten at the first update
        self.hidden = hidden
        self.builds += 1  # adopting the pre-rendered structure counts as building it
        return True

    def _take_handles(self) -> None:
        self.elements = {name: dom.children(self.groups[name]) for name in
                         ("links-ih", "links-ho", "inputs", "hidden", "outputs", "labels")}

        def setters(group):
            return [element.setAttribute for element in self.elements[group]]

        self.ih_set = setters("links-ih")
        self.ho_set = setters("links-ho")
        self.input_set = setters("inputs")
        self.hidden_set = setters("hidden")
        self.output_set = setters("outputs")
        self.label_set = setters("labels")

    def build(self, hidden: int, w_ih: np.ndarray, w_ho: np.ndarray) -> None:
        """Create every element for a network with `hidden` hidden neurons."""
        lay = geometry.compute(hidden)
        self.hidden = hidden
        ih_codes = palette.weight_codes(w_ih)
        ho_codes = palette.weight_codes(w_ho)
        g = self.groups
        g["captions"].innerHTML = svgmarkup.captions(lay)
        g["links-ih"].innerHTML = svgmarkup.ih_lines(lay, ih_codes)
        g["links-ho"].innerHTML = svgmarkup.ho_lines(lay, ho_codes)
        g["inputs"].innerHTML = svgmarkup.input_neurons(lay)
        g["hidden"].innerHTML = svgmarkup.hidden_neurons(lay)
        g["outputs"].innerHTML = svgmarkup.output_neurons(lay)
        g["labels"].innerHTML = svgmarkup.output_labels(lay)
        self._take_handles()
        self.builds += 1
        self.ih_codes = ih_codes
        self.ho_codes = ho_codes
        # Neurons start in bucket 0 with nothing predicted.
        self.input_codes = np.zeros(geometry.INPUTS, dtype=np.intp)
        self.hidden_codes = np.zeros(hidden, dtype=np.intp)
        self.output_codes = np.zeros(geometry.OUTPUTS, dtype=np.intp)
        self.predicted = None

    def element_for(self, target: tuple):
        """The element drawing a neuron (layer, index, None) or a weight ('ih'/'ho', from, to);
        see layout.py for the order of the connections."""
        layer, a, b = target
        if layer == "ih":
            return self.elements["links-ih"][b * geometry.INPUTS + a]
        if layer == "ho":
            return self.elements["links-ho"][b * self.hidden + a]
        return self.elements[{"input": "inputs", "hidden": "hidden", "output": "outputs"}[layer]][a]

    def set_animating(self, on: bool) -> None:
        """While playing, draw lines without antialiasing: software raster of 2,000+ changing
        antialiased lines is the frame-rate ceiling (measured: 12 -> 24 frames/s at H = 64).
        Paused, the diagram goes back to smooth lines."""
        if on != self.animating:
            self.animating = on
            self.svg.classList.toggle("animating", on)

    @staticmethod
    def _restyle(setters, old: np.ndarray, new: np.ndarray, names) -> None:
        changed = np.flatnonzero(old != new)
        for i in changed.tolist():
            setters[i]("class", names[new[i]])
        old[changed] = new[changed]

    def update(self, w_ih, w_ho, image, hidden_act, output_act, predicted: int) -> None:
        """Restyle what changed: weights, activations and the predicted output."""
        if len(w_ih) != self.hidden:
            self.build(len(w_ih), w_ih, w_ho)
        self._restyle(self.ih_set, self.ih_codes, palette.weight_codes(w_ih), palette.WEIGHT_CLASSES)
        self._restyle(self.ho_set, self.ho_codes, palette.weight_codes(w_ho), palette.WEIGHT_CLASSES)
        acts = palette.ACTIVATION_CLASSES
        self._restyle(self.input_set, self.input_codes, palette.activation_codes(image), acts)
        self._restyle(self.hidden_set, self.hidden_codes, palette.activation_codes(hidden_act), acts)
        new_out = palette.activation_codes(output_act)
        if predicted != self.predicted:
            # Rewrite the old and new predicted neuron, whatever their bucket.
            if self.predicted is not None:
                self.output_codes[self.predicted] = -1
                self.label_set[self.predicted]("class", "out-label")
            self.output_codes[predicted] = -1
            self.label_set[predicted]("class", "out-label predicted")
            self.predicted = predicted
        changed = np.flatnonzero(self.output_codes != new_out)
        for k in changed.tolist():
            name = acts[new_out[k]] + (" predicted" if k == predicted else "")
            self.output_set[k]("class", name)
        self.output_codes[changed] = new_out[changed]

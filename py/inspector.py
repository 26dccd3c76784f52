"""The iteration inspector (#inspector): the numbers of the last iteration, as the model used them.

It shows an iteration.IterationRecord: the image and its label, the hidden activations h,
the outputs y before and after the step, the target t, the loss on this image before
and after, δ_out and δ_hidden, and the biggest weight changes, and says in words what
happened. Every number carries its exact value in `data-value`, so a test (or a curious
reader of the page source) can check it to the last digit. It is a <details>: closed, it
costs nothing; open, it rewrites only when a new iteration has run. Its title and empty
body are pre-rendered into index.html (scripts/render_page.py) and adopted as they are.
"""

from __future__ import annotations

import iteration
from readouts import LINK_ENDS

EMPTY = "No iteration yet. Press Step (or S) to run one and see its numbers here."
SHELL = ('<summary><span class="card-title">Inside one iteration</span>'
         '<span class="card-note"> the last step\'s numbers</span></summary>'
         f'<div class="insp-body">{EMPTY}</div>')


def number(value: float) -> str:
    """Readable at a glance: 4 decimals, or 3 significant digits for tiny values."""
    if value == 0 or abs(value) >= 0.001:
        return f"{value:.4f}"
    return f"{value:.2e}"


def cell(tag: str, field: str, i, value: float) -> str:
    index = "" if i is None else f' data-i="{i}"'
    return f'<{tag} data-field="{field}"{index} data-value="{float(value)!r}">{number(value)}</{tag}>'


def _image(x) -> str:
    pixels = "".join(f'<span class="px{" on" if v > 0.5 else ""}" data-field="input" data-i="{i}" '
                     f'data-value="{float(v)!r}"></span>' for i, v in enumerate(x.tolist()))
    return f'<span class="insp-image" aria-hidden="true">{pixels}</span>'


def _outputs(r) -> str:
    rows = "".join(
        ('<tr class="target">' if k == r.label else "<tr>") + f'<th scope="row">{k}</th>'
        + cell("td", "output", k, r.y[k]) + cell("td", "outputAfter", k, r.y_after[k])
        + cell("td", "target", k, r.t[k]) + cell("td", "deltaOutput", k, r.delta_output[k]) + "</tr>"
        for k in range(len(r.y)))
    return ('<table class="insp-table"><caption>Outputs</caption><thead><tr><th scope="col">k</th>'
            '<th scope="col">y before</th><th scope="col">y after</th><th scope="col">t</th>'
            f'<th scope="col">δ<sub>out</sub></th></tr></thead><tbody>{rows}</tbody></table>')


def _hidden(r) -> str:
    rows = "".join(f'<tr><th scope="row">{j}</th>' + cell("td", "hidden", j, r.h[j])
                   + cell("td", "deltaHidden", j, r.delta_hidden[j]) + "</tr>" for j in range(len(r.h)))
    return ('<div class="insp-scroll"><table class="insp-table"><caption>Hidden layer</caption><thead><tr>'
            '<th scope="col">j</th><th scope="col">h</th><th scope="col">δ<sub>hidden</sub></th></tr></thead>'
            f'<tbody>{rows}</tbody></table></div>')


def change_text(change) -> tuple[str, str]:
    source, dest = LINK_ENDS[change.layer]
    return f"{source} {change.source} → {dest} {change.dest}", f"{change.change:+.4f}"


def _changes(r) -> str:
    items = []
    for n, change in enumerate(r.changes):
        which, by = change_text(change)
        items.append(f'<li data-layer="{change.layer}" data-from="{change.source}" data-to="{change.dest}">'
                     f'{which}: {cell("span", "changeBefore", n, change.before)} → '
                     f'{cell("span", "changeAfter", n, change.after)} ({by})</li>')
    return f'<p class="insp-sub">The biggest weight changes</p><ol class="insp-changes">{"".join(items)}</ol>'


def markup(r) -> str:
    """Everything the inspector shows for record `r` (numbers and our own words only)."""
    return (
        f'<div class="insp-top">{_image(r.x)}<div><p class="insp-head">Iteration {r.iteration:,}: '
        'training image '
        f'{r.index}, digit {r.label}; learning rate {r.learning_rate:g}</p>'
        f'<p class="insp-words">{iteration.describe(r)}</p>'
        f'<p>Loss on this image: {cell("span", "loss", None, r.loss)} before the step, '
        f'{cell("span", "lossAfter", None, r.loss_after)} after.</p></div></div>'
        f'<div class="insp-grid">{_outputs(r)}{_hidden(r)}</div>{_changes(r)}')


class Inspector:
    def __init__(self, details, listeners, on_toggle):
        self.details = details
        self.body = details.querySelector(".insp-body")
        if self.body is None or details.querySelector("summary") is None or self.body.textContent != EMPTY:
            details.innerHTML = SHELL
            self.body = details.querySelector(".insp-body")
        self.shown = None  # the record on show; EMPTY when None
        listeners.add(details, "toggle", lambda event: on_toggle())

    def expand(self) -> None:
        if not self.details.open:
            self.details.open = True

    def update(self, trainer) -> None:
        """Show the trainer's last iteration if open. Closed, it does not even ask for the
        record (building one costs a forward pass)."""
        if not self.details.open:
            return
        record = trainer.last_iteration
        if record is self.shown:
            return
        self.shown = record
        if record is None:
            self.body.textContent = EMPTY
        else:
            self.body.innerHTML = markup(record)

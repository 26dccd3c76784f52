"""The explanation's overfitting section quotes measured numbers: each one (a `data-fact` span in
index.html) must equal what the defaults give when run in CPython, so the text cannot go stale."""

from __future__ import annotations

import re

import numpy as np
import pytest
from conftest import ROOT
from digits import DIGITS
from test_generalisation import run
from testdigits import TEST_IMAGES, TEST_KINDS, TEST_LABELS
from trainer import Trainer

FACT = re.compile(r'<span data-fact="([a-z-]+)">([^<]*)</span>')


def percent(share: float) -> str:
    return f"{round(100 * share)} %"


def of(pair: tuple) -> str:
    return f"{pair[0]} of {pair[1]}"


def pixel_differences(kind: str) -> list:
    """Per test image of `kind`: (pixels differing from its own training digit, from the nearest other)."""
    result = []
    for image, label, k in zip(TEST_IMAGES, TEST_LABELS, TEST_KINDS, strict=True):
        if k == kind:
            differ = np.abs(DIGITS - image).sum(axis=1).astype(int)
            result.append((differ[label], np.delete(differ, label).min()))
    return result


def measured() -> dict:
    untrained, points = Trainer(), run(0)
    perfect, later, last = points["perfect"], points[1000], points[5000]
    noise, shift = pixel_differences("noise"), pixel_differences("shift")
    own_noise = sorted({own for own, _ in noise})
    own_shift = [own for own, _ in shift]
    return {
        "start-train": percent(untrained.accuracy),
        "start-test": percent(untrained.test_accuracy),
        "perfect-iteration": f"{perfect['iteration']:,}",
        "perfect-test": percent(perfect["test_accuracy"]),
        "perfect-noise": of(perfect["kinds"]["noise"]),
        "perfect-style": of(perfect["kinds"]["style"]),
        "perfect-shift": of(perfect["kinds"]["shift"]),
        "later-iteration": f"{later['iteration']:,}",
        "later-noise": of(later["kinds"]["noise"]),
        "later-test": percent(later["test_accuracy"]),
        "last-iteration": f"{last['iteration']:,}",
        "last-loss": f"{last['loss']:.2g}",
        "last-test-loss": f"{last['test_loss']:.3f}",
        "last-test": percent(last["test_accuracy"]),
        "last-shift": of(last["kinds"]["shift"]),
        "noise-differs": " or ".join(map(str, own_noise)) if all(own < other for own, other in noise) else "?",
        "shift-differs": f"{min(own_shift)} to {max(own_shift)}",
        "shift-nearest": f"{sum(own < other for own, other in shift)} of the {len(shift)}",
    }


@pytest.fixture(scope="module")
def quoted() -> dict:
    facts = FACT.findall((ROOT / "index.html").read_text())
    assert len(facts) == len({name for name, _ in facts}), "a fact is quoted twice"
    return dict(facts)


def test_every_number_in_the_overfitting_section_is_what_the_defaults_give(quoted):
    assert quoted == measured()


def test_the_quoted_numbers_are_in_the_overfitting_section(quoted):
    page = (ROOT / "index.html").read_text()
    section = page[page.index("<h3>Overfitting"):page.index("<h3>Keeping a network")]
    assert len(FACT.findall(section)) == len(quoted) > 10

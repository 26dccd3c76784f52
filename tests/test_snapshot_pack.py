"""The snapshot's travelling form (scripts/snapshot_pack.py): zero pages left out, parts of about equal size."""

from __future__ import annotations

import random
import sys

import pytest
from conftest import ROOT

sys.path.insert(0, str(ROOT / "scripts"))
import snapshot_pack  # noqa: E402
from snapshot_pack import PAGE, nonzero_runs, pack, unpack  # noqa: E402


def memory(pages: str, tail: int = 0) -> bytes:
    """One PAGE (4 KiB) per letter: 'z' all zeros, 'x' some non-zero bytes; a short last page of `tail` bytes."""
    rng = random.Random(7)
    out = bytearray()
    for kind in pages:
        page = bytearray(PAGE)
        if kind == "x":
            for _ in range(50):
                page[rng.randrange(PAGE)] = rng.randrange(1, 256)
        out += page
    out += bytes(rng.randrange(1, 256) for _ in range(tail))
    return bytes(out)


@pytest.mark.parametrize("pages, tail", [("xxzzxzx", 0), ("zzzz", 0), ("x", 10), ("zxxxxxxxxz", 100), ("", 0)])
def test_the_parts_give_back_the_same_memory(pages, tail):
    raw = memory(pages, tail)
    assert unpack(len(raw), pack(raw)) == raw


def test_zero_pages_are_not_stored():
    raw = memory("xxzzzxz")
    assert nonzero_runs(raw) == [[0, 2 * PAGE], [5 * PAGE, PAGE]]
    assert sum(len(payload) for _, payload in pack(raw)) == 3 * PAGE


def test_parts_are_about_equal_and_cut_only_at_page_boundaries():
    raw = memory("x" * 9 + "z" + "x" * 4)
    parts = pack(raw, parts=2)
    sizes = [len(payload) for _, payload in parts]
    assert len(parts) == 2 and abs(sizes[0] - sizes[1]) <= PAGE
    for runs, _ in parts:
        assert all(offset % PAGE == 0 for offset, _ in runs)


def test_small_memory_gives_as_many_parts_as_it_has_pages():
    assert len(pack(memory("x"), parts=snapshot_pack.PARTS)) == 1

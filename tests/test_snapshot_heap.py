"""The snapshot's free memory zeroed (scripts/snapshot_heap.py), on made-up dlmalloc heaps and on the built one."""

from __future__ import annotations

import gzip
import json
import struct
import sys

import pytest
from conftest import ROOT

sys.path.insert(0, str(ROOT / "scripts"))
from snapshot_heap import HeapLayoutError, free_blocks, zero_free_blocks  # noqa: E402
from snapshot_pack import header_length, unpack  # noqa: E402

BASE = 64         # the heap's first block, in the memory image
FILE_HEADER = 16  # the snapshot file's header before the memory image
TOP_FOOT = 40     # what dlmalloc keeps after its top block on wasm32
KEPT = 8 + 24     # of a free block: prev_foot, head, then fd, bk, child[2], parent, index (a tree block's links)


def heap(blocks: list[tuple[int, bool]], top: int = 96, fill: int = 0xAB) -> tuple[bytearray, int]:
    """A snapshot file whose memory holds dlmalloc blocks (size, in use), then a free top block of
    `top` bytes and its foot; every byte past a header is `fill`. Returns (file, heap end)."""
    memory = bytearray(BASE)
    in_use_before = True
    for size, in_use in blocks + [(top, False)]:
        block = bytearray([fill]) * size
        block[0:8] = struct.pack("<II", 0, size | (1 if in_use_before else 0) | (2 if in_use else 0))
        memory += block
        in_use_before = in_use
    for at, (size, in_use) in zip(block_starts(blocks), blocks):
        if not in_use:  # a free block's size is repeated in the next block's first word
            memory[at + size:at + size + 4] = struct.pack("<I", size)
    memory += struct.pack("<II", 0, TOP_FOOT) + bytes(TOP_FOOT - 8)  # no footer for the top, as in dlmalloc
    end = len(memory)
    return bytearray(FILE_HEADER) + memory + bytes(4096), end


def block_starts(blocks):
    at = BASE
    for size, _ in blocks:
        yield at
        at += size


def test_free_blocks_are_zeroed_past_their_links_and_nothing_else_changes():
    blocks = [(48, True), (64, False), (32, True), (24, False), (512, True), (304, False), (16, True)]
    raw, end = heap(blocks)
    before = bytes(raw)
    cleared = zero_free_blocks(raw, FILE_HEADER, BASE, end)
    memory, old = raw[FILE_HEADER:], before[FILE_HEADER:]
    top_at = BASE + sum(size for size, _ in blocks)
    free = [(at, size) for at, (size, in_use) in zip(block_starts(blocks), blocks) if not in_use] + [(top_at, 96)]
    assert free_blocks(memory, BASE, end) == free
    expected = bytearray(old)
    for at, size in free:
        expected[at + KEPT:at + size] = bytes(max(0, size - KEPT))
    assert memory == expected
    assert cleared == (64 - 32) + (304 - 32) + (96 - 32)  # the 24-byte block is all header and links
    assert cleared and memory != old


@pytest.mark.parametrize("damage", ["previous-in-use bit", "size", "footer", "no top", "top too short", "two free"])
def test_a_heap_that_does_not_check_out_is_left_as_it_was(damage):
    blocks = [(48, True), (64, False), (32, True)]
    raw, end = heap(blocks)
    memory = memoryview(raw)[FILE_HEADER:]
    if damage == "previous-in-use bit":
        memory[BASE + 48 + 64 + 4] |= 1  # the block after a free one claims an in-use neighbour
    elif damage == "size":
        memory[BASE + 4:BASE + 8] = struct.pack("<I", 44 | 3)
    elif damage == "footer":
        memory[BASE + 48 + 64:BASE + 48 + 64 + 4] = struct.pack("<I", 0)
    elif damage == "no top":  # the heap goes on past the top block's foot
        end += 8
    elif damage == "top too short":  # the top block's foot is not where the heap ends
        end -= 8
    elif damage == "two free":
        raw, end = heap([(48, True), (64, False), (32, False)])
    before = bytes(raw)
    with pytest.raises(HeapLayoutError):
        zero_free_blocks(raw, FILE_HEADER, BASE, end)
    assert bytes(raw) == before


@pytest.mark.browser  # the built snapshot, which the browser lane makes (make test)
def test_the_built_snapshot_carries_no_library_copies_and_no_leftovers_in_free_blocks():
    folder = ROOT / "assets" / "vendor" / "snapshot"
    manifest = json.loads((folder / "manifest.json").read_text())
    if not manifest.get("snapshot"):
        pytest.fail(f"no start-up snapshot was built ({manifest.get('reason')}): run `make snapshot`")
    raw = unpack(manifest["bytes"], [(part["runs"], gzip.decompress((folder / part["name"]).read_bytes()))
                                     for part in manifest["parts"]])
    memory = memoryview(raw)[header_length(raw):]
    heap_memory = bytes(memory[manifest["heap"]["base"]:manifest["heap"]["end"]])
    assert manifest["heap"]["libraryCopies"] > 5_000_000
    assert b"\x00asm\x01\x00\x00\x00" not in heap_memory  # dlopen's copies of numpy's .so files are gone
    blocks = free_blocks(memory, manifest["heap"]["base"], manifest["heap"]["end"])
    assert len(blocks) > 100
    assert all(not any(memory[at + KEPT:at + size]) for at, size in blocks)
    assert not manifest["heap"]["problems"]

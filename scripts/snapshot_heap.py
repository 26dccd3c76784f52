"""The snapshot's free memory, zeroed: malloc's free blocks hold leftovers that would otherwise travel.

Pyodide builds CPython without pymalloc, so every Python object, buffer and freed block lives in
Emscripten's dlmalloc heap, from the heap's base (__heap_base, after numpy's libraries) to sbrk(0).
At snapshot time its free blocks still hold whatever was last written there (2.1 MB of it). No program
reads a free block's bytes, so they are set to zero, which compresses to nothing and leaves whole blocks
out of the parts (scripts/snapshot_pack.py).

The walk checks dlmalloc's own bookkeeping as it goes (sizes, in-use bits, free blocks' footers, the
top block ending the heap), and changes nothing unless the whole heap checks out; the build then ships
the snapshot unzeroed and says why (tests/test_snapshot_heap.py fails on such a snapshot).
"""

from __future__ import annotations

import struct

ALIGN = 8          # dlmalloc's alignment in Pyodide's build: a block's payload starts 8-aligned
HEADER = 8         # a block's prev_foot and head words
LINKS = 24         # a free block's list or tree links after its header: fd, bk, child[2], parent, index
PINUSE, CINUSE = 1, 2
MAX_TOP_FOOT = 64  # what dlmalloc keeps after its top block: a head word with no in-use bits


class HeapLayoutError(ValueError):
    """The memory is not a dlmalloc heap as expected: nothing is changed."""


def free_blocks(memory, base: int, end: int) -> list[tuple[int, int]]:
    """(address, size) of every free block, the top block last; the heap is [base, end)."""
    word = struct.Struct("<I").unpack_from
    at = base + (-(base + HEADER)) % ALIGN
    previous_in_use = True
    found: list[tuple[int, int]] = []
    while True:
        if at + HEADER > end:
            raise HeapLayoutError(f"the heap's blocks run past its end ({at} > {end})")
        head = word(memory, at + 4)[0]
        size = head & ~7
        if size < 16 or size % ALIGN or at + size + HEADER > end:
            raise HeapLayoutError(f"block at {at} has size {size}")
        if bool(head & PINUSE) != previous_in_use:
            raise HeapLayoutError(f"block at {at}: its previous-in-use bit disagrees with the block before")
        in_use = bool(head & CINUSE)
        if not in_use:
            if not previous_in_use:
                raise HeapLayoutError(f"two free blocks side by side at {at}")
            foot = word(memory, at + size + 4)[0]
            if not foot & (PINUSE | CINUSE) and 0 < foot <= MAX_TOP_FOOT and at + size + foot == end:
                found.append((at, size))  # the top block: the rest of the heap
                return found
            if word(memory, at + size)[0] != size:
                raise HeapLayoutError(f"free block at {at}: its footer does not give its size")
            found.append((at, size))
        previous_in_use = in_use
        at += size


def zero_free_blocks(raw: bytearray, header: int, base: int, end: int) -> int:
    """Zero every free block's bytes past its links in the snapshot file `raw` (its memory starts at
    `header`); returns how many bytes were not zero before. Raises HeapLayoutError, changing nothing."""
    memory = memoryview(raw)[header:]
    blocks = free_blocks(memory, base, end)
    cleared = 0
    for at, size in blocks:
        start, stop = at + HEADER + LINKS, at + size
        if stop > start:
            chunk = memory[start:stop]
            cleared += (stop - start) - bytes(chunk).count(0)
            chunk[:] = bytes(stop - start)
    return cleared

"""How the start-up snapshot travels: its non-zero memory blocks, in parts gunzipped side by side.

About half of the snapshot file (Pyodide's memory at snapshot time) is 4 KiB blocks of zeros (with
malloc's free blocks zeroed first: scripts/snapshot_heap.py); the restore starts from zeroed memory, so
they are not stored.
(In 64 KiB blocks, 2.2 of the 23.3 MB kept were zeros too, for the page to gunzip and copy; 128 runs
instead of 14 cost the manifest ~4 kB.) The rest is cut into a few parts of about equal size, each a
list of runs [offset, length] in the snapshot and the bytes of those runs, back to back: the page
gunzips each part in its own worker and copies its runs into place (assets/pyodide-snapshot.mjs,
placeSnapshot). Gunzipping is the longest step before the restore; two parts halve it on two cores.
"""

from __future__ import annotations

PAGE = 4 * 1024
PARTS = 2


def header_length(raw) -> int:
    """The length of the snapshot file's header (Pyodide's, before the memory image): its second word."""
    return int.from_bytes(raw[4:8], "little")


def nonzero_runs(raw: bytes, page: int = PAGE) -> list[list[int]]:
    """[offset, length] of each maximal stretch of pages that are not all zero (the last page may be short)."""
    runs: list[list[int]] = []
    zero = bytes(page)
    for offset in range(0, len(raw), page):
        chunk = raw[offset:offset + page]
        if chunk == zero[:len(chunk)]:
            continue
        if runs and runs[-1][0] + runs[-1][1] == offset:
            runs[-1][1] += len(chunk)
        else:
            runs.append([offset, len(chunk)])
    return runs


def split_runs(runs: list[list[int]], parts: int = PARTS, page: int = PAGE) -> list[list[list[int]]]:
    """The runs in `parts` groups of about equal bytes, cutting a run at a page boundary where needed."""
    total = sum(length for _, length in runs)
    target = -(-total // parts)  # ceiling
    groups: list[list[list[int]]] = [[]]
    room = target
    for offset, length in runs:
        while length:
            if room <= 0 and len(groups) < parts:
                groups.append([])
                room = target
            take = length if len(groups) == parts or length <= room else max(page, room // page * page)
            take = min(take, length)
            groups[-1].append([offset, take])
            offset, length, room = offset + take, length - take, room - take
    return [g for g in groups if g]


def pack(raw: bytes, parts: int = PARTS) -> list[tuple[list[list[int]], bytes]]:
    """(runs, payload) per part: the payload is those runs' bytes in order."""
    return [(group, b"".join(raw[o:o + n] for o, n in group)) for group in split_runs(nonzero_runs(raw), parts)]


def unpack(size: int, parts) -> bytearray:
    """pack's inverse, what the page does (assets/pyodide-snapshot.mjs, placeSnapshot): the snapshot file of
    `size` bytes from its (runs, payload) parts, zeros where no run covers."""
    out = bytearray(size)
    for runs, payload in parts:
        at = 0
        for offset, length in runs:
            out[offset:offset + length] = payload[at:at + length]
            at += length
        if at != len(payload):
            raise ValueError(f"a part holds {len(payload)} bytes, its runs {at}")
    return out

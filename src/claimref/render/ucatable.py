"""pyuca's collator with its table read lazily from a compact file: for speed only.

``pyuca.Collator()`` parses its 30,000-line ``allkeys`` text into a trie of Python objects before
the first sort key, about a tenth of a second on every cold run. :class:`Collator` is pyuca's
collator (the same algorithm, the same weights) whose trie is filled from
``data/uca-<version>.bin`` only for the characters met, one starting character (all the entries
that begin with it, contractions included) at a time. The file is written by
``tools/gen_uca_table.py`` from pyuca's own parse of its table; ``tests/test_uca_table.py`` checks
that it holds exactly pyuca's entries. Without the file, or for another pyuca version, pyuca's own
collator is used. What is compared and how is :mod:`claimref.render.collate`'s job.
"""

from __future__ import annotations

import array
import bisect
import sys
import zlib
from pathlib import Path
from typing import Any

import pyuca
from pyuca.trie import Trie

#: The compact tables, one per UCA version of pyuca (see ``tools/gen_uca_table.py``).
DATA = Path(__file__).parent / "data"
#: First word of a table file (the format's version).
MAGIC = 0x55434131  # "UCA1"


def table_path(version: str) -> Path:
    return DATA / f"uca-{version}.bin"


def encode(entries: list[tuple[list[int], list[list[int]]]], implicit: list[list[int]]) -> bytes:
    """A table file: pyuca's ``entries`` (code points, collation elements) and implicit weights,
    as zlib-compressed little-endian 32-bit words (see :func:`_decode` for the layout)."""
    groups: dict[int, list[int]] = {}
    for chars, elements in entries:
        group = groups.setdefault(chars[0], [])
        group += [len(chars), *chars, len(elements)]
        for element in elements:
            group += [len(element), *element]
    starts = sorted(groups)
    offsets, stream = [0], []
    for start in starts:
        stream += groups[start]
        offsets.append(len(stream))
    header = [MAGIC, len(implicit), len(starts)]
    words = array.array("I", header + [w for row in implicit for w in row] + starts + offsets)
    words.extend(stream)
    if sys.byteorder != "little":
        words.byteswap()
    return zlib.compress(words.tobytes(), 9)


class _LazyTrie(Trie):  # type: ignore[misc]
    """pyuca's trie, filled with the entries of a starting character when one is first looked up."""

    def __init__(self, starts: array.array[int], offsets: array.array[int],
                 stream: array.array[int]) -> None:  # fmt: skip
        super().__init__()
        self._starts, self._offsets, self._stream = starts, offsets, stream
        self._loaded: set[int] = set()

    def find_prefix(self, key: list[int]) -> Any:
        if key and key[0] not in self._loaded:
            self._load(key[0])
        return super().find_prefix(key)

    def _load(self, start: int) -> None:
        self._loaded.add(start)
        index = bisect.bisect_left(self._starts, start)
        if index == len(self._starts) or self._starts[index] != start:
            return
        stream, at, end = self._stream, self._offsets[index], self._offsets[index + 1]
        while at < end:
            count = stream[at]
            chars = list(stream[at + 1 : at + 1 + count])
            at += 1 + count
            elements = []
            for _ in range(stream[at]):
                size = stream[at + 1]
                elements.append(list(stream[at + 2 : at + 2 + size]))
                at += 1 + size
            at += 1
            self.add(chars, elements)

    def load_all(self) -> None:
        """Every entry (for tests)."""
        for start in self._starts:
            if start not in self._loaded:
                self._load(start)


def _decode(data: bytes) -> tuple[list[list[int]], _LazyTrie]:
    """Layout: magic, number of implicit-weight rows (I) and of starting characters (N); I rows of
    (first, last, base); N starting code points, sorted; N + 1 offsets into the entry stream; the
    stream: per entry, the number of code points, the code points, the number of collation
    elements, and per element its number of weights and the weights."""
    words = array.array("I")
    words.frombytes(zlib.decompress(data))
    if sys.byteorder != "little":
        words.byteswap()
    if words[0] != MAGIC:
        raise ValueError("not a UCA table")
    implicit_count, count = words[1], words[2]
    at = 3 + 3 * implicit_count
    implicit = [list(words[3 + 3 * i : 6 + 3 * i]) for i in range(implicit_count)]
    starts = words[at : at + count]
    offsets = words[at + count : at + 2 * count + 1]
    stream = words[at + 2 * count + 1 :]
    return implicit, _LazyTrie(starts, offsets, stream)


class Collator(pyuca.Collator):  # type: ignore[misc]
    """``pyuca.Collator`` reading its table from the compact file (see the module)."""

    def __init__(self) -> None:
        self.implicit_weights, self.table = _decode(table_path(self.UCA_VERSION).read_bytes())


def collator() -> pyuca.Collator:
    """The fast collator, or pyuca's own when there is no table for its version."""
    if table_path(pyuca.Collator.UCA_VERSION).is_file():
        return Collator()
    return pyuca.Collator()

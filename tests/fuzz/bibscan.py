"""A small BibTeX scanner for the fuzzer: entries that start a line, their keys and fields.

Enough to aim a mutation (the ``@`` of an entry, the brace closing it, the comma after a field), on
the seeds and on what earlier mutations left of them; where it cannot follow the text it finds
less, never something else. Deliberately independent of claimref's reader, which it tests.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_START = re.compile(r"^[ \t]*(@)[ \t]*([A-Za-z][\w-]*)[ \t]*\{", re.M)
_NAME = re.compile(r"[A-Za-z][\w:.+-]*")
_BARE = re.compile(r"[^\s,#{}\"=]+")
#: Blocks that are not entries.
SPECIAL = frozenset(["string", "preamble", "comment"])


@dataclass(frozen=True)
class Entry:
    """An entry starting a line: where its ``@``, ``{`` and closing ``}`` (-1: none) are, and its
    type and key span (start == end when it has no key)."""

    at: int
    open: int
    close: int
    kind: str
    key: tuple[int, int]


@dataclass(frozen=True)
class Field:
    """A field of an entry: name, where it starts, the span of its value, the comma after it (-1)."""

    name: str
    start: int
    value: tuple[int, int]
    comma: int


def closing(text: str, start: int) -> int:
    """Index of the brace closing the one at ``start``; -1 when it is never closed."""
    depth = 0
    for i in range(start, len(text)):
        ch = text[i]
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth == 0:
                return i
    return -1


def entries(text: str) -> list[Entry]:
    """The entries of ``text`` whose ``@`` starts a line, outside any earlier entry."""
    found: list[Entry] = []
    end = -1
    for match in _START.finditer(text):
        if match.start(1) <= end:
            continue
        open_, kind = match.end() - 1, match.group(2).lower()
        close = closing(text, open_)
        comma = text.find(",", open_, close if close > 0 else len(text))
        key_end = comma if comma > 0 and kind not in SPECIAL else open_ + 1
        raw = text[open_ + 1 : key_end]
        key_start = open_ + 1 + len(raw) - len(raw.lstrip())
        found.append(
            Entry(match.start(1), open_, close, kind, (key_start, key_start + len(raw.strip())))
        )
        end = close if close > 0 else len(text)
    return found


def _value_end(text: str, i: int, stop: int) -> int:
    """End of the value starting at ``i`` (pieces joined by ``#``); -1 if it cannot be read."""
    while True:
        if text[i] == "{":
            end = closing(text, i)
            i = end + 1 if 0 < end < stop else -1
        elif text[i] == '"':
            end = text.find('"', i + 1, stop)
            i = end + 1 if end > 0 else -1
        else:
            match = _BARE.match(text, i, stop)
            i = match.end() if match else -1
        if i < 0:
            return -1
        after = len(text[i:stop]) - len(text[i:stop].lstrip())
        if i + after >= stop or text[i + after] != "#":
            return i
        i += after + 1
        i += len(text[i:stop]) - len(text[i:stop].lstrip())


def fields(text: str, entry: Entry) -> list[Field]:
    """The fields of a well-formed entry, up to the first one the scanner cannot read."""
    if entry.close < 0 or entry.kind in SPECIAL or entry.key[1] >= entry.close:
        return []
    found: list[Field] = []
    i = entry.key[1] + 1
    while True:
        i += len(text[i : entry.close]) - len(text[i : entry.close].lstrip())
        name = _NAME.match(text, i, entry.close)
        eq = text.find("=", i, entry.close)
        if not name or eq < 0 or text[name.end() : eq].strip():
            return found
        start = eq + 1 + len(text[eq + 1 : entry.close]) - len(text[eq + 1 : entry.close].lstrip())
        end = _value_end(text, start, entry.close) if start < entry.close else -1
        if end < 0:
            return found
        rest = len(text[end : entry.close]) - len(text[end : entry.close].lstrip())
        comma = end + rest if text[end + rest] == "," else -1
        found.append(Field(name.group(), i, (start, end), comma))
        if comma < 0:
            return found
        i = comma + 1

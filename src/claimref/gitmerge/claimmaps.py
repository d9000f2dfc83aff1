"""Merging a block mapping of a claim file key by key: ``reliability:`` and its keys, or a link.

The text of a mapping (a field's ``key:`` line and the indented keys under it, or a list item
``- source: …`` and the keys under it) is cut into its keys, each with the comment lines just
above it, and merged with :mod:`claimref.gitmerge.sequence`: a key one side changed is taken as
written from it. A key changed differently on both sides, or a layout this does not know (a flow
mapping, a value on the key's line), raises :class:`~claimref.gitmerge.sequence.Unmergeable`.
Also the line patterns :mod:`claimref.gitmerge.claimyaml` cuts a claim file with.
"""

from __future__ import annotations

import re
from collections.abc import Hashable

from claimref.gitmerge.sequence import Item, Unmergeable, Version, merge, pick

#: A key at the start of a line (after its indentation), with its name.
KEY = re.compile(r"""([A-Za-z_][\w-]*|"[^"\n]*"|'[^'\n]*')[ \t]*:(?:[ \t]|\r?\n|$)""")
#: A line holding a list item of a block sequence: its indentation.
ITEM = re.compile(r"([ \t]*)-(?:[ \t]|\r?\n|$)")
#: A key line with no value after it (a block follows), perhaps with a comment.
BARE_KEY = re.compile(r"""([A-Za-z_][\w-]*|"[^"\n]*"|'[^'\n]*')[ \t]*:[ \t]*(?:#[^\n]*)?\r?\n?""")


def merge_mapping(what: str, base: str, ours: str, theirs: str) -> str:
    """The mapping ``what`` (named in messages) with the changes of both sides, key by key."""
    (old_head, old, old_dash), (our_head, mine, our_dash), (their_head, yours, their_dash) = (
        _split(what, text) for text in (base, ours, theirs)
    )
    agreed, head = pick(old_head, our_head, their_head)
    settled, dash = pick(old_dash, our_dash, their_dash)
    if not (agreed and settled) or head is None or dash is None:
        raise Unmergeable(f"the first line of {what} changed on both sides")

    def refuse(name: Hashable, *_: str | None) -> tuple[str, bool]:
        raise Unmergeable(f"'{name}' of {what} changed on both sides")

    return head + _with_dash(merge(old, mine, yours, refuse).text, dash)


def _split(what: str, text: str) -> tuple[str, Version, str]:
    """(the lines before the first key, the keys, the indentation of the item's ``-`` and the
    dash, or ``""`` for a field's mapping); the dash is turned into a space in the keys."""
    lines = text.splitlines(keepends=True)
    first, dash = _first_key(what, lines)
    indent = _indentation(lines[first:])
    starts = [n for n in range(first, len(lines)) if _is_key(lines[n], indent)]
    starts = [comments_above(lines, n, first) for n in starts]
    if not starts or indent is None:
        raise Unmergeable(f"{what} has no keys one a line")
    last = len(lines)
    while last > starts[-1] + 1 and not lines[last - 1].strip():
        last -= 1
    items = [Item(_key(lines, start, indent), "".join(lines[start:end]))
             for start, end in zip(starts, [*starts[1:], last], strict=True)]  # fmt: skip
    return "".join(lines[: starts[0]]), Version(tuple(items), "".join(lines[last:])), dash


def _first_key(what: str, lines: list[str]) -> tuple[int, str]:
    """The line of the first key (the ``-`` of a list item made a space) and the dash."""
    for number, line in enumerate(lines):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        item = ITEM.match(line)
        if item is not None:
            at = len(item.group(1))
            lines[number] = line[:at] + " " + line[at + 1 :]
            return number, line[: at + 1]
        if BARE_KEY.fullmatch(line) is None:
            break
        return number + 1, ""
    raise Unmergeable(f"{what} is not a mapping written one key a line")


def _indentation(lines: list[str]) -> str | None:
    for line in lines:
        if line.strip() and not line.lstrip().startswith("#"):
            return line[: len(line) - len(line.lstrip(" \t"))]
    return None


def _is_key(line: str, indent: str | None) -> bool:
    if (
        indent is None
        or not line.startswith(indent)
        or line[len(indent) : len(indent) + 1] in " \t"
    ):
        return False
    return KEY.match(line, len(indent)) is not None


def _key(lines: list[str], start: int, indent: str) -> str:
    for line in lines[start:]:
        if _is_key(line, indent):
            found = KEY.match(line, len(indent))
            return found.group(1).strip("\"'") if found else ""
    return ""


def comments_above(lines: list[str], number: int, first: int) -> int:
    """The first of the comment lines just above line ``number`` (not above ``first``)."""
    while number > first and lines[number - 1].lstrip().startswith("#"):
        number -= 1
    return number


def _with_dash(body: str, dash: str) -> str:
    """``body`` with the list item's dash put back before its first key."""
    if not dash:
        return body
    lines = body.splitlines(keepends=True)
    for number, line in enumerate(lines):
        if line.strip() and not line.lstrip().startswith("#"):
            if not line.startswith(dash[:-1] + " "):
                raise Unmergeable("the merged link does not start with a key")
            lines[number] = dash + line[len(dash) :]
            return "".join(lines)
    raise Unmergeable("the merged link has no keys")

"""Merging three versions of a .bib file entry by entry, keeping every untouched byte.

:func:`split` cuts a .bib text into named items that together give back the text exactly: each
entry (named by its cite key, case ignored, as biber compares keys), each ``@string`` (by its
macro name), each ``@preamble`` and ``@comment`` block and each stretch of comment text between
blocks (by its text); the white space before a block is its separator. The blocks a side changed
are used only when the BibTeX reader (:mod:`claimref.formats.bibtex`) finds the same entries in
them (the rest is copied as it is, and reading a 50,000-entry file three times would take half a
minute); else the text is :class:`Unreadable` and the caller merges lines instead.
:func:`merge_bib` merges the items (:mod:`claimref.gitmerge.sequence`); an entry both sides
changed is merged field by field (:mod:`claimref.gitmerge.bibfields`), and where both changed one
field, line by line within itself by git, so that conflict markers stand inside that entry only.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Hashable

from claimref.edit.bibedit import EntryNotFoundError, entry_end
from claimref.formats.bibtex import loads
from claimref.gitmerge.bibfields import merge_entry
from claimref.gitmerge.lines import Labels, block_merge, conflict
from claimref.gitmerge.sequence import END, Item, Outcome, Unmergeable, Version, merge

#: The head of any block: ``@type{`` or ``@type(``.
_BLOCK = re.compile(r"@[ \t]*([A-Za-z]+)[ \t\r\n]*[{(]")
#: The name of an entry (its cite key) or of an ``@string`` macro, after the head.
_NAME = re.compile(r"[ \t\r\n]*([^,\s{}()\"#%'=]+)[ \t\r\n]*[,=]")


class Unreadable(Unmergeable):
    """A .bib text that cannot be cut into entries safely (why: the message)."""


def split(text: str) -> Version:
    """The items of a .bib text (see the module docstring); raises :class:`Unreadable`."""
    items: list[Item] = []
    seen: Counter[Hashable] = Counter()
    position = 0
    while (head := _BLOCK.search(text, position)) is not None:
        try:
            end = entry_end(text, head.start())
        except EntryNotFoundError as exc:
            raise Unreadable(str(exc)) from None
        gap = text[position : head.start()]
        lead = gap[: len(gap) - len(gap.lstrip())]
        if gap.strip():  # comment text between blocks: an item of its own
            items.append(_numbered(Item(("text", gap.strip()), gap[len(lead) :], lead), seen))
            lead = ""
        block = text[head.start() : end]
        items.append(_numbered(Item(_name(head, block), block, lead), seen))
        position = end
    return Version(tuple(items), text[position:])


def _name(head: re.Match[str], block: str) -> Hashable:
    kind = head.group(1).lower()
    if kind in ("comment", "preamble"):
        return (kind, block)
    found = _NAME.match(block, head.end() - head.start())
    if found is None:
        raise Unreadable(f"'{block[:40]}': no cite key")
    return ("string" if kind == "string" else "entry", found.group(1).lower())


def _numbered(item: Item, seen: Counter[Hashable]) -> Item:
    """``item`` named uniquely: blocks of the same text are told apart by their number."""
    kind = item.name[0] if isinstance(item.name, tuple) else None
    seen[item.name] += 1
    if kind in ("entry", "string") and seen[item.name] > 1:
        raise Unreadable(f"{kind} '{item.name[1]}' is defined twice")  # type: ignore[index]
    if seen[item.name] == 1:
        return item
    return Item((*item.name, seen[item.name]), item.text, item.lead)  # type: ignore[misc]


def _check_changed(versions: tuple[Version, ...]) -> None:
    """Raise :class:`Unreadable` unless the BibTeX reader finds the same entries and macros as
    :func:`split` in the items that are not the same in all ``versions``."""
    for version in versions:
        changed = tuple(item for item in version.items
                        if any(other.text(item.name) != item.text for other in versions))  # fmt: skip
        if changed:
            _agrees_with_reader("".join(item.lead + item.text for item in changed),
                                Version(changed))  # fmt: skip


def _agrees_with_reader(text: str, version: Version) -> None:
    """Raise :class:`Unreadable` unless the BibTeX reader finds the same entries and macros."""
    read = loads(text, "<merge>")
    entries = {_key(name) for name in version.by_name if _kind(name) == "entry"}
    strings = {_key(name) for name in version.by_name if _kind(name) == "string"}
    if {source.key.lower() for source in read.sources} != entries:
        raise Unreadable("the BibTeX reader sees other entries")
    if {string.key.lower() for string in read.strings} != strings:
        raise Unreadable("the BibTeX reader sees other @string macros")


def _kind(name: Hashable) -> str:
    return str(name[0]) if isinstance(name, tuple) else ""


def _key(name: Hashable) -> str:
    return str(name[1]) if isinstance(name, tuple) else ""


def merge_bib(base: str, ours: str, theirs: str, labels: Labels) -> Outcome:
    """Merge three .bib texts entry by entry; raises :class:`Unreadable` when one cannot be split."""
    versions = split(base), split(ours), split(theirs)
    _check_changed(versions)

    def resolve(
        name: Hashable, old: str | None, mine: str | None, yours: str | None
    ) -> tuple[str, bool]:
        if mine is None or yours is None or old is None:  # deleted on one side, or added on both
            return conflict(mine or "", yours or "", labels, old), True
        if _kind(name) == "entry":
            try:
                return merge_entry(old, mine, yours), False
            except Unmergeable:
                pass  # the same field changed on both sides: merge the entry's lines
        text, clashes = block_merge(mine, old, yours, labels)
        if clashes:
            return text, True
        if name != END and _kind(name) != "text" and not _one_block(text, name):
            return conflict(mine, yours, labels, old), True
        return text, False

    return merge(*versions, resolve, separator="\n\n")


def _one_block(text: str, name: Hashable) -> bool:
    """True when ``text`` (a merge of one entry's versions) is still that one block alone."""
    try:
        version = split(text)
        _agrees_with_reader(text, version)
    except Unreadable:
        return False
    names = [item.name for item in version.items]
    return names == [name] and not version.tail.strip() and not version.items[0].lead

"""Merging three versions of one BibTeX entry field by field.

Used for an entry both sides changed: each field (named by its lower-case name) is an item of
:mod:`claimref.gitmerge.sequence`, taken as written from the side that changed it, so that a
title corrected on one side and a DOI added on the other both arrive, although their lines touch.
A field changed differently on both sides, a head (``@type{key,``) or closing changed differently,
or a result the BibTeX reader does not read back with exactly the merged fields raises
:class:`~claimref.gitmerge.sequence.Unmergeable`; the caller then merges the entry's lines.
"""

from __future__ import annotations

from collections.abc import Hashable

from claimref.formats.bibtex import loads
from claimref.formats.bibwrite import RewriteError, field_spans
from claimref.gitmerge.sequence import Item, Unmergeable, Version, merge, pick


def merge_entry(base: str, ours: str, theirs: str) -> str:
    """The entry with the changes of both sides, field by field; see the module docstring."""
    (old_head, old, old_end), (our_head, mine, our_end), (their_head, yours, their_end) = (
        _fields(text) for text in (base, ours, theirs)
    )
    agreed, head = pick(old_head, our_head, their_head)
    settled, end = pick(old_end, our_end, their_end)
    if not (agreed and settled) or head is None or end is None:
        raise Unmergeable("the head or the end of the entry changed on both sides")
    outcome = merge(old, mine, yours, _refuse)
    parts = [(lead, _with_comma(text) if n < len(outcome.parts) - 1 else text)
             for n, (_, lead, text) in enumerate(outcome.parts)]  # fmt: skip
    text = head + "".join(lead + field for lead, field in parts) + end
    _check(text, [str(name) for name, _, _ in outcome.parts])
    return text


def _fields(text: str) -> tuple[str, Version, str]:
    """(the head up to the first field, the fields, the rest from the end of the last field)."""
    try:
        spans = field_spans(text)
    except RewriteError as exc:
        raise Unmergeable(str(exc)) from None
    if not spans:
        raise Unmergeable("an entry without fields")
    items = [Item(span.name, text[span.start : span.end], text[previous : span.start])
             for previous, span in zip([spans[0].start, *(s.end for s in spans)], spans,
                                       strict=False)]  # fmt: skip
    return text[: spans[0].start], Version(tuple(items)), text[spans[-1].end :]


def _refuse(name: Hashable, *_: str | None) -> tuple[str, bool]:
    raise Unmergeable(f"field '{name}' changed on both sides")


def _with_comma(field: str) -> str:
    """A field's text ending with its comma (a field that was last may lack it)."""
    body = field.rstrip()
    return field if body.endswith(",") else body + "," + field[len(body) :]


def _check(text: str, names: list[str]) -> None:
    """Raise :class:`Unmergeable` unless the reader finds one entry with just ``names``."""
    read = loads(text, "<merge>")
    if len(read.sources) != 1 or sorted(read.sources[0].fields) != sorted(names):
        raise Unmergeable("the merged fields do not read back as one entry")

"""Text search over claims: the folded text of a claim, the terms a search stands for, and which
fields matched.

Matching is case- and diacritic-insensitive (``karsava`` finds Kārsava) and crosses scripts: Cyrillic
text is also searched in its ALA-LC transliteration, and a name that is a form of a person on record
(people/*.yaml) stands for all of that person's forms (``samsons`` finds ``Самсон``). Which claims a
selection takes is :mod:`claimref.query`'s job.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping

from claimref.model import Claim, Source
from claimref.people import matching
from claimref.store import Workspace
from claimref.translit import fold, has_cyrillic, to_latin

__all__ = [
    "FieldMatcher",
    "Haystacks",
    "claim_text",
    "matched_fields",
    "own_text",
    "search_terms",
    "source_text",
]

#: The transliteration searched besides the original: ASCII, so that ``riga`` finds ``Рига``.
SCHEME = "ala-lc-ascii"


@functools.cache
def _letters() -> dict[int, str]:
    """:data:`SCHEME` letter by letter. The scheme maps each letter alone (no rule looks at the
    letters around it), so translating with this table gives what :func:`to_latin` gives, a
    hundred times faster (a test compares the two)."""
    cyrillic = (chr(code) for code in range(0x400, 0x530))
    return {ord(ch): to_latin(ch, SCHEME) for ch in cyrillic if has_cyrillic(ch)}


def folded(text: str) -> str:
    """``text`` folded for matching (as :func:`~claimref.translit.fold`), its transliteration
    appended when it has Cyrillic."""
    if text.isascii():  # nothing to decompose: folding is lower-casing
        return text.casefold()
    if has_cyrillic(text):
        text += "\n" + text.translate(_letters())
    return fold(text)


def _own_parts(claim: Claim) -> list[tuple[str, str]]:
    """The claim's own searchable fields and those of its links, each with its field name."""
    parts = [
        ("id", claim.id),
        ("statement", claim.statement),
        ("note", claim.note),
        ("reliability.note", claim.reliability.note),
        ("date", claim.date),
        *(("places", place) for place in claim.places),
        *(("people", person) for person in claim.people),
        *(("tags", tag) for tag in claim.tags),
    ]
    for link in claim.links:
        parts += [("links.source", link.source), ("links.note", link.note)]
        if link.quote:
            parts += [("links.quote", link.quote.text)]
            parts += [("links.translation", link.quote.translation)]
    return parts


def _source_parts(source: Source) -> list[tuple[str, str]]:
    return [("source.title", source.title)] + [
        ("source.author", str(name)) for name in source.creators()
    ]


def own_text(claim: Claim) -> str:
    """The claim's own searchable text, folded (the index keeps it)."""
    return folded("\n".join(value for _, value in _own_parts(claim)))


def source_text(source: Source | None) -> str:
    """A cited work's searchable text (title and authors), folded; empty for a missing work."""
    parts = _source_parts(source) if source else []
    return folded("\n".join(value for _, value in parts))


class Haystacks:
    """The folded text of claims in one workspace; each source's part is folded once, however many
    claims cite it."""

    def __init__(self, workspace: Workspace) -> None:
        self.workspace = workspace
        self._sources: dict[str, str] = {}

    def _source(self, key: str) -> str:
        text = self._sources.get(key)
        if text is None:
            text = self._sources[key] = source_text(self.workspace.sources.get(key))
        return text

    def claim(self, claim: Claim) -> str:
        """All the searchable text of ``claim``, folded: its fields, quotes and cited works."""
        return "\n".join([own_text(claim), *(self._source(key) for key in claim.source_keys)])


def claim_text(claim: Claim, workspace: Workspace) -> str:
    """All the searchable text of a claim, folded: its own fields, quotes and cited titles."""
    return Haystacks(workspace).claim(claim)


def matched_fields(claim: Claim, terms: Iterable[str], workspace: Workspace) -> tuple[str, ...]:
    """The names of the claim's fields in which one of ``terms`` (:func:`search_terms` of the
    ``--search`` text) occurs: ``statement``, ``links.quote``, ``source.title``…, in field order."""
    return FieldMatcher(terms, workspace).fields(claim)


class FieldMatcher:
    """:func:`matched_fields` for many claims of one search: each distinct value is folded and
    tested once, and each cited work's fields once, however many claims cite it. ``texts``: the
    folded text of some cited works (:func:`source_text`, as the index keeps it), whose fields
    need not be looked at one by one when no term occurs in it; ``own``: the folded own text
    (:func:`own_text`, as the index keeps it) of some claims by id, whose lines are those of
    their fields in order (then their transliteration): a term without a line break is looked
    for in the lines of each field instead of folding each field again."""

    def __init__(
        self, terms: Iterable[str], workspace: Workspace, texts: Mapping[str, str] | None = None,
        own: Mapping[str, str] | None = None,
    ) -> None:  # fmt: skip
        self.terms = tuple(terms)
        self.workspace = workspace
        self._hits: dict[str, bool] = {}
        self._sources: dict[str, list[str]] = {}
        self._texts = texts or {}
        self._skippable = not any("\n" in term for term in self.terms)
        self._own = own if self._skippable and own else {}

    def _hit(self, value: str) -> bool:
        hit = self._hits.get(value)
        if hit is None:
            folded_value = folded(value)
            hit = self._hits[value] = any(t in folded_value for t in self.terms)
        return hit

    def _source_fields(self, key: str) -> list[str]:
        labels = self._sources.get(key)
        text = self._texts.get(key)
        # a term without a line break found in a field is found in the work's text; one with a
        # line break may span a field and its transliteration, which the text joins otherwise
        if (
            labels is None
            and text is not None
            and self._skippable
            and not any(t in text for t in self.terms)
        ):
            labels = self._sources[key] = []
        if labels is None:
            source = self.workspace.sources.get(key)
            parts = _source_parts(source) if source else []
            labels = self._sources[key] = [label for label, value in parts
                                           if value and self._hit(value)]  # fmt: skip
        return labels

    def fields(self, claim: Claim) -> tuple[str, ...]:
        """The names of ``claim``'s fields that a term occurs in, in field order."""
        parts = _own_parts(claim)
        text = self._own.get(claim.id)
        found = None if text is None else self._own_fields(parts, text)
        if found is None:
            found = {}
            for label, value in parts:
                if label not in found and value and self._hit(value):
                    found[label] = None
        for key in claim.source_keys:
            found.update(dict.fromkeys(self._source_fields(key)))
        return tuple(found)

    def _own_fields(self, parts: list[tuple[str, str]], text: str) -> dict[str, None] | None:
        """The fields of ``parts`` whose lines in ``text`` (the claim's folded own text) hold a
        term; None when ``text`` has not the lines of these fields (not this claim's text)."""
        lines = text.split("\n")
        counts = [value.count("\n") + 1 for _, value in parts]
        total = sum(counts)
        if len(lines) not in (total, 2 * total):
            return None
        translit = len(lines) == 2 * total  # the transliteration follows, line for line
        found: dict[str, None] = {}
        start = 0
        for (label, value), count in zip(parts, counts, strict=True):
            if label not in found and value:
                mine = lines[start : start + count]
                if translit:
                    mine += lines[total + start : total + start + count]
                if any(term in line for line in mine for term in self.terms):
                    found[label] = None
            start += count
        return found


def search_terms(text: str, workspace: Workspace) -> tuple[str, ...]:
    """Folded alternatives for ``text``: itself, its transliteration, and, when it names a person on
    record, each of that person's name forms and family names."""
    terms = [text, to_latin(text, SCHEME)]
    for person in matching(text, workspace.people):
        for form in person.forms():
            terms += [form, form.replace(".", ". ").split()[-1]]
    return tuple(dict.fromkeys(fold(t) for t in terms if t.strip()))

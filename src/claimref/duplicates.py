"""Likely duplicates among sources: the same DOI, the same ISBN, or the same title, year and author;
and the keys they are compared by, shared by ``claimref import`` and ``claimref check``.

ISBNs are compared in their ISBN-13 form (python-stdnum), so the ISBN-10 and ISBN-13 of one book
match; DOIs without case or resolver prefix; titles reduced to a spelling skeleton (transliterated,
folded, spelling variants of the schemes merged, numbers kept as numbers: "Report 10" and "Report
110" differ) together with the year and the first creator's family name, so that a Cyrillic entry and
its transliterated copy meet. This module only finds
candidates, it does not merge or decide: the importer reports them and the user chooses.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from stdnum import isbn as stdisbn
from stdnum.exceptions import ValidationError

from claimref.model import Source
from claimref.translit import fold, to_latin


def isbn13(value: str) -> str | None:
    """A valid ISBN (10 or 13 digits, any hyphens) as its ISBN-13 digits; None when invalid."""
    try:
        return str(stdisbn.to_isbn13(stdisbn.validate(value)))
    except ValidationError:
        return None


def isbn_key(value: str) -> str:
    """An ISBN as comparable text: ISBN-13 digits when valid, else its compact form; '' if none."""
    compact = stdisbn.compact(value.split(maxsplit=1)[0]) if value.strip() else ""
    if not compact:
        return ""
    return isbn13(compact) or compact.upper()


#: Spellings that transliteration schemes and languages write differently, reduced to one letter;
#: then i, j and y are dropped (й, ы, ий, ю, я are spelled with them in every scheme) and doubled
#: letters made single.
_DIGRAPHS = (
    ("shch", "s"),
    ("sch", "s"),
    ("sc", "s"),
    ("zh", "z"),
    ("kh", "h"),
    ("ts", "c"),
    ("tz", "c"),
    ("ch", "c"),
    ("sh", "s"),
    ("x", "ks"),
    ("w", "v"),
    ("ph", "f"),
    ("th", "t"),
)
_DROP = re.compile(r"[ijy'ʹʺ`]")
_DOUBLE = re.compile(r"([^\W\d])\1+")  # doubled letters; digits are never merged: 110 is not 10
_WORD = re.compile(r"\w+")
_NUMBER = re.compile(r"\d+")
#: Spaces between two words that are not both numbers are dropped from work keys.
_JOIN = re.compile(r"(?<!\d) | (?!\d)")
#: How much of a text its skeleton is made from: titles are compared by their first 1,000
#: characters (a 10 MB title costs no more than a long one).
SKELETON_SOURCE = 1000


@functools.lru_cache(maxsize=65536)
def skeleton(text: str) -> str:
    """``text`` reduced for cross-script matching: transliterated, folded, spelling variants merged,
    numbers written without leading zeros (and never merged with each other); only the first
    :data:`SKELETON_SOURCE` characters count."""
    latin = to_latin(text[:SKELETON_SOURCE], "wikipedia").replace("ë", "o").replace("Ë", "O")
    words = " ".join(_WORD.findall(fold(latin).replace("_", " ")))
    reduced = _DOUBLE.sub(r"\1", _DROP.sub("", _merge_digraphs(words)))
    return " ".join(_NUMBER.sub(_number, reduced).split())


def _number(match: re.Match[str]) -> str:
    return match.group().lstrip("0") or "0"


def _merge_digraphs(text: str) -> str:
    for old, new in _DIGRAPHS:
        text = text.replace(old, new)
    return text


def squeezed(skeleton_text: str) -> str:
    """A skeleton without the spaces between words, except between two numbers (``report 1 10``
    and ``report 110`` stay apart)."""
    return _JOIN.sub("", skeleton_text)


def doi_key(value: str) -> str:
    """A DOI without resolver prefix, lower case (DOIs are case-insensitive)."""
    text = re.sub(r"^(https?://(dx\.)?doi\.org/|doi:)", "", value.strip(), flags=re.IGNORECASE)
    return text.lower()


def work_keys(source: Source) -> set[str]:
    """Title + year + first creator's family name, reduced by :func:`skeleton` (so a Cyrillic title
    and its transliteration meet), for the whole title and for the main title alone (``Title:
    Subtitle`` and ``Title`` meet); empty when title or year is missing."""
    creators = source.creators()
    first = creators[0] if creators else None
    who = squeezed(skeleton((first.literal or first.family) if first else ""))
    titles = {source.title, source.get("title"), source.title.split(": ", 1)[0]}
    folded = {squeezed(skeleton(title)) for title in titles}
    return {f"{title}|{source.year}|{who}" for title in folded if title and source.year}


@dataclass
class DuplicateIndex:
    """Sources indexed by DOI, ISBN and work key, to test new sources against."""

    by_doi: dict[str, Source] = field(default_factory=dict)
    by_isbn: dict[str, Source] = field(default_factory=dict)
    by_work: dict[str, Source] = field(default_factory=dict)

    @classmethod
    def of(cls, sources: Iterable[Source]) -> DuplicateIndex:
        """An index of ``sources``."""
        index = cls()
        for source in sources:
            index.add(source)
        return index

    def add(self, source: Source) -> None:
        """Index one more source (the first source with a given key is kept)."""
        for table, key, _ in self._keys(source):
            table.setdefault(key, source)

    def match(self, source: Source) -> tuple[Source, str] | None:
        """The indexed source ``source`` likely duplicates, and why; None when there is none."""
        for table, key, reason in self._keys(source):
            if key in table:
                return table[key], reason
        return None

    def _keys(self, source: Source) -> list[tuple[dict[str, Source], str, str]]:
        keys = [(self.by_doi, doi_key(source.get("doi")), "same DOI"),
                (self.by_isbn, isbn_key(source.get("isbn")), "same ISBN")]  # fmt: skip
        keys += [(self.by_work, key, "same title, year and first author")
                 for key in sorted(work_keys(source))]  # fmt: skip
        return [(table, key, reason) for table, key, reason in keys if key]

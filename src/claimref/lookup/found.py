"""What a lookup found: the new source (not yet keyed), where it came from, and what was left out.

Both catalogues' mappings (:mod:`~claimref.lookup.openlibrary`, :mod:`~claimref.lookup.crossref`)
return a :class:`Found`; :mod:`~claimref.lookup.adding` writes it. Also here: the helpers both
mappings share (a person's name as catalogues print it, a language to a ``langid``). No network,
no files.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from claimref.edit.sources import PLACEHOLDER
from claimref.formats import bibwrite
from claimref.formats.fieldsource import build_source, langid_name, split_name
from claimref.model import LANGUAGE_NAMES, Location, Name, Source


@dataclass(frozen=True)
class Found:
    """A catalogue's record as a source keyed :data:`~claimref.edit.sources.PLACEHOLDER`."""

    source: Source
    #: The catalogue, as named in messages ("Open Library", "Crossref").
    service: str
    #: The identifier looked up, as shown ("ISBN 978-9984-643-78-6", "DOI 10.4324/…").
    identifier: str
    #: The address the record was read from.
    url: str
    #: What the mapping could not carry over (said on stderr, never silently dropped).
    notes: tuple[str, ...] = ()

    @property
    def entry(self) -> str:
        """The new entry's BibTeX text, with the placeholder key."""
        return bibwrite.format_entry(self.source)

    @property
    def name(self) -> str:
        """How the entry is named in messages about it (``<ISBN 978-…>``)."""
        return f"<{self.identifier}>"


def make_source(entry_type: str, fields: Mapping[str, str],
                names: Mapping[str, tuple[Name, ...]], where: str) -> Source:  # fmt: skip
    """A new source keyed :data:`PLACEHOLDER` from BibLaTeX fields and name lists."""
    return build_source(PLACEHOLDER, entry_type, fields, names, Location(where, 1))


def person(text: str) -> Name:
    """A name as catalogues print it: ``Family, Given``, or ``Given [von] Family`` (the last word is
    the family name, lower-case words before it the particle, as BibTeX reads ``First von Last``).
    A body's name cannot be told from a person's here: it is split as a person's."""
    words = text.split()
    if "," in text:
        return split_name(" ".join(words))
    if len(words) < 2:
        return Name(family=" ".join(words))
    start = len(words) - 1
    while start > 1 and words[start - 1][:1].islower():
        start -= 1
    return Name(given=" ".join(words[:start]), particle=" ".join(words[start:-1]),
                family=words[-1])  # fmt: skip


def langid(code: str) -> str:
    """The ``langid`` (babel name) for a BCP 47 / ISO 639-1 code; ``""`` when claimref knows none."""
    name = langid_name(code)
    return name if name in LANGUAGE_NAMES else ""

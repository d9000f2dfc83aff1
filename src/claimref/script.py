"""Sources in Latin script: transliterated copies for ``--script latin`` in the exports.

A copy has the Cyrillic of its titles, places, publishers and names transliterated by a named scheme
of :mod:`claimref.translit`, or replaced by the source's own human override
``x-translit-<scheme>-<field>`` where one is set (a title override stands for title and subtitle).
The copy has no raw text, so the BibTeX writer writes it afresh; the language (``langid``) stays
that of the work. Rendering does the same to CSL-JSON items itself (:mod:`claimref.render`); reading
and writing files is left to others.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from types import MappingProxyType

from claimref.model import Name, Source
from claimref.translit import DEFAULT_SCHEME, has_cyrillic, to_latin

SCRIPTS = ("original", "latin")
#: Text fields transliterated in ``latin`` script (names are handled part by part).
TEXT_FIELDS = frozenset(
    "title subtitle titleaddon booktitle booksubtitle maintitle mainsubtitle journaltitle journal "
    "journalsubtitle series publisher location address institution organization school "
    "eventtitle venue".split()
)
#: Fields a human override may replace.
OVERRIDABLE = ("title", "booktitle", "journaltitle", "series", "publisher", "location")


def in_script(sources: Iterable[Source], script: str,
              scheme: str = DEFAULT_SCHEME) -> list[Source]:  # fmt: skip
    """The sources as they are (``original``) or as Latin-script copies (``latin``)."""
    if script == "original":
        return list(sources)
    return [latin_source(source, scheme) for source in sources]


def latin_source(source: Source, scheme: str = DEFAULT_SCHEME) -> Source:
    """A copy of ``source`` in Latin script; a source without Cyrillic is returned as it is."""
    if not any(has_cyrillic(v) for v in source.fields.values()):
        return source
    fields = {name: _field(source, name, value, scheme) for name, value in source.fields.items()}
    if source.get(f"x-translit-{scheme}-title").strip():
        fields.pop("subtitle", None)
    names = {role: tuple(_name(n, scheme) for n in people) for role, people in source.names.items()}
    for role, people in names.items():
        if role in fields:
            fields[role] = " and ".join(str(person) for person in people)
    return replace(
        source,
        fields=MappingProxyType(fields),
        raw="",
        raw_values=MappingProxyType(dict(fields)),
        names=MappingProxyType(names),
    )


def _field(source: Source, name: str, value: str, scheme: str) -> str:
    override = source.get(f"x-translit-{scheme}-{name}").strip() if name in OVERRIDABLE else ""
    if override:
        return " ".join(override.split())
    return to_latin(value, scheme) if name in TEXT_FIELDS else value


def _name(name: Name, scheme: str) -> Name:
    family, given, particle, suffix, literal = (
        to_latin(part, scheme)
        for part in (name.family, name.given, name.particle, name.suffix, name.literal)
    )
    return Name(family, given, particle, suffix, literal, name.dropping)

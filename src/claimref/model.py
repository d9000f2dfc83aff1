"""The claimref data model: sources, claims, the links between them and how reliable they are.

Everything here is an immutable, typed value with no I/O: parsing files is the job of ``formats``,
finding and reading them the job of ``store``. The small vocabularies (stances, statuses, grades,
locator labels, EDTF dates) live here so that every layer checks against the same lists; language
names and codes are :mod:`claimref.languages`' (re-exported here).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType

from claimref.languages import LANGUAGE_NAMES, language_code

__all__ = [
    "CREDIBILITY_GRADES",
    "LANGUAGE_NAMES",
    "LOCATOR_LABELS",
    "SOURCE_GRADES",
    "Acceptance",
    "Claim",
    "HistoryEntry",
    "Link",
    "Location",
    "Locator",
    "Name",
    "Person",
    "Quote",
    "Reliability",
    "Source",
    "Stance",
    "Status",
    "Verification",
    "WikidataStatement",
    "WikidataValue",
    "is_edtf_date",
    "language_code",
]


@dataclass(frozen=True, order=True)
class Location:
    """Where something was read: a file path (as given) and a 1-based line, optionally a column."""

    path: str
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        text = f"{self.path}:{self.line}" if self.line else self.path
        return f"{text}:{self.column}" if self.line and self.column else text


class Stance(StrEnum):
    """What a source does with a claim."""

    SUPPORTS = "supports"
    DISPUTES = "disputes"
    QUALIFIES = "qualifies"
    MENTIONS = "mentions"


class Status(StrEnum):
    """How far a claim can be relied on, all sources considered."""

    ESTABLISHED = "established"
    PROBABLE = "probable"
    DISPUTED = "disputed"
    DOUBTFUL = "doubtful"
    UNVERIFIED = "unverified"

    @property
    def needs_note(self) -> bool:
        """Disputed and doubtful claims must say why."""
        return self in (Status.DISPUTED, Status.DOUBTFUL)


#: Admiralty scale, source reliability (on a source, overridable on a link).
SOURCE_GRADES: Mapping[str, str] = MappingProxyType(
    {
        "A": "completely reliable",
        "B": "usually reliable",
        "C": "fairly reliable",
        "D": "not usually reliable",
        "E": "unreliable",
        "F": "reliability cannot be judged",
    }
)

#: Admiralty scale, information credibility (on a claim).
CREDIBILITY_GRADES: Mapping[int, str] = MappingProxyType(
    {
        1: "confirmed by other sources",
        2: "probably true",
        3: "possibly true",
        4: "doubtful",
        5: "improbable",
        6: "truth cannot be judged",
    }
)

#: Locator labels, as CSL names them (``page`` is the default).
LOCATOR_LABELS: frozenset[str] = frozenset(
    [
        "act",
        "appendix",
        "article-locator",
        "book",
        "canon",
        "chapter",
        "column",
        "elocation",
        "equation",
        "figure",
        "folio",
        "issue",
        "line",
        "note",
        "opus",
        "page",
        "paragraph",
        "part",
        "rule",
        "scene",
        "section",
        "sub-verbo",
        "supplement",
        "table",
        "timestamp",
        "title-locator",
        "verse",
        "version",
        "volume",
    ]
)

_EDTF_DAY = r"\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?"


@functools.cache
def _edtf(qualified: bool) -> re.Pattern[str]:
    """The pattern of :func:`is_edtf_date`, compiled when first used (not at every start-up)."""
    mark = "[?~%]?" if qualified else ""
    return re.compile(rf"^{_EDTF_DAY}{mark}(/{_EDTF_DAY}{mark})?$")


def is_edtf_date(value: str, qualified: bool = False) -> bool:
    """True for ``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD`` and ``START/END`` intervals of those; with
    ``qualified``, each date may end in EDTF level 1's ``?`` (uncertain), ``~`` (approximate) or
    ``%`` (both): ``1941-12~/1944-07~``."""
    return bool(_edtf(qualified).match(value))


@dataclass(frozen=True)
class Name:
    """A person's or body's name, split as BibTeX splits it; ``literal`` for corporate names."""

    family: str = ""
    given: str = ""
    particle: str = ""
    suffix: str = ""
    literal: str = ""
    #: The particle drops when the name is given family first (biblatex's ``useprefix=false`` in
    #: the extended name format; CSL's ``dropping-particle``), rather than staying with the family
    #: name (``useprefix=true``, and a BibTeX ``von`` part: ``non-dropping-particle``).
    dropping: bool = False

    def __str__(self) -> str:
        if self.literal:
            return self.literal
        family = f"{self.particle} {self.family}".strip()
        parts = [family, self.suffix, self.given]
        return ", ".join(p for p in parts if p)


@dataclass(frozen=True)
class Source:
    """One work of the bibliography: a BibTeX entry with its fields decoded to Unicode."""

    key: str
    entry_type: str
    fields: Mapping[str, str]
    location: Location
    raw: str = ""
    raw_values: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    names: Mapping[str, tuple[Name, ...]] = field(default_factory=lambda: MappingProxyType({}))

    def get(self, name: str, default: str = "") -> str:
        """A field's decoded value, or ``default``."""
        return self.fields.get(name, default)

    @property
    def language(self) -> str | None:
        """BCP 47 code from ``langid`` (or ``language``), if it names a known language."""
        for name in ("langid", "language"):
            if name in self.fields:
                return language_code(self.fields[name])
        return None

    @property
    def year(self) -> str:
        """The year the work appeared, from ``date`` or ``year``; empty when unknown."""
        match = re.match(r"\d{4}", self.get("date") or self.get("year"))
        return match.group(0) if match else ""

    @property
    def title(self) -> str:
        """Title and subtitle, as the work gives them."""
        title, subtitle = self.get("title"), self.get("subtitle")
        return f"{title}: {subtitle}" if subtitle else title

    @property
    def reliability(self) -> str | None:
        """Admiralty source-reliability grade A–F from ``x-reliability``, if set."""
        grade = self.get("x-reliability").strip().upper()
        return grade if grade in SOURCE_GRADES else None

    def creators(self) -> tuple[Name, ...]:
        """The authors, or when there are none the editors (compilers)."""
        return self.names.get("author") or self.names.get("editor") or ()


@dataclass(frozen=True)
class Locator:
    """Where in a work: a CSL label (page, chapter, section…) and its value (``112``, ``96–119``)."""

    label: str
    value: str

    def __str__(self) -> str:
        if self.label == "page":
            return f"p. {self.value}" if re.fullmatch(r"\d+", self.value) else f"pp. {self.value}"
        return f"{self.label} {self.value}"


@dataclass(frozen=True)
class Quote:
    """A passage of the source, verbatim in its own language, with an optional translation."""

    text: str
    lang: str = ""
    translation: str = ""


@dataclass(frozen=True)
class Verification:
    """Who checked a link against the work itself, and when (ISO date)."""

    by: str
    on: str


@dataclass(frozen=True)
class Link:
    """A claim's reference to one source, with how and where the source bears on it."""

    source: str
    stance: Stance
    location: Location
    locator: Locator | None = None
    quote: Quote | None = None
    verified: Verification | None = None
    reliability: str | None = None
    note: str = ""


@dataclass(frozen=True)
class Reliability:
    """A claim's status, the reason for it, and the Admiralty information credibility 1–6."""

    status: Status
    note: str = ""
    credibility: int | None = None


@dataclass(frozen=True)
class Acceptance:
    """A ``claimref check`` finding accepted on purpose, with the reason."""

    rule: str
    reason: str


@dataclass(frozen=True)
class HistoryEntry:
    """One change of a claim's status: when (ISO date), by whom, from and to which status, why, and
    the information credibility 1–6 it set, if any."""

    date: str
    by: str
    from_status: Status
    to_status: Status
    note: str
    credibility: int | None = None


@dataclass(frozen=True)
class WikidataValue:
    """The value of a Wikidata statement: ``kind`` is ``item`` (``text`` a Q id), ``string``,
    ``quantity`` (``text`` the amount as written, ``unit`` an optional Q id), ``time`` (``text``
    ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``) or ``monolingualtext`` (``text`` in ``lang``)."""

    kind: str
    text: str
    lang: str = ""
    unit: str = ""


@dataclass(frozen=True)
class WikidataStatement:
    """The Wikidata statement a claim corresponds to: item, property and value (docs/data-format.md)."""

    item: str
    property: str
    value: WikidataValue
    location: Location


@dataclass(frozen=True)
class Person:
    """One person with the forms of their name by language (BCP 47 code → forms, most usual first)."""

    id: str
    names: Mapping[str, tuple[str, ...]]
    location: Location
    note: str = ""

    @property
    def label(self) -> str:
        """The first form in the first language given (e.g. ``Vilis Samsons``)."""
        return next((forms[0] for forms in self.names.values() if forms), self.id)

    def forms(self) -> tuple[str, ...]:
        """Every name form, in every language, without repeats."""
        return tuple(dict.fromkeys(f for forms in self.names.values() for f in forms))


@dataclass(frozen=True)
class Claim:
    """One factual claim, as stated, with its context, reliability and links to sources."""

    id: str
    statement: str
    reliability: Reliability
    location: Location
    links: tuple[Link, ...] = ()
    date: str = ""
    places: tuple[str, ...] = ()
    people: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    note: str = ""
    accepted: tuple[Acceptance, ...] = ()
    history: tuple[HistoryEntry, ...] = ()
    wikidata: WikidataStatement | None = None

    @property
    def source_keys(self) -> tuple[str, ...]:
        """The cite keys this claim links to, in link order, without repeats."""
        return tuple(dict.fromkeys(link.source for link in self.links))

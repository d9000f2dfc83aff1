"""Model values as JSON and back, for the index: no pickle, nothing in the data can run code.

Each value becomes a compact JSON array (fields in order, ``null`` for None); a location in the file
the value was read from is written without its path (``[line, column]``) and given the file's name
again when read, so that a stored file does not repeat its path in every link. Decoding trusts only
the shapes written here: a malformed document raises :class:`ValueError` (or ``TypeError``,
``KeyError``, ``IndexError``), which the index takes as a damaged row. Reading files, parsing them
and deciding what to store are left to :mod:`claimref.index.refresh`.
"""

from __future__ import annotations

import json
from types import MappingProxyType
from typing import Any

from claimref.errors import Finding, Severity
from claimref.model import (
    Acceptance,
    Claim,
    HistoryEntry,
    Link,
    Location,
    Locator,
    Name,
    Person,
    Quote,
    Reliability,
    Source,
    Stance,
    Status,
    Verification,
    WikidataStatement,
    WikidataValue,
)
from claimref.safewrite import FileStamp

__all__ = ["DECODE_ERRORS", "STORED", "dumps", "loads"]

#: What decoding a damaged document may raise.
DECODE_ERRORS = (ValueError, TypeError, KeyError, IndexError, AttributeError)
_EMPTY: MappingProxyType[str, Any] = MappingProxyType({})
#: The fields this module stores of each model class, in order: a field added to the model and
#: not here would be lost in the index (a test compares these with the classes).
STORED: dict[type, tuple[str, ...]] = {
    Source: ("key", "entry_type", "fields", "location", "raw", "raw_values", "names"),
    Name: ("family", "given", "particle", "suffix", "literal", "dropping"),
    Claim: ("id", "statement", "reliability", "location", "links", "date", "places", "people",
            "tags", "note", "accepted", "history", "wikidata"),
    Link: ("source", "stance", "location", "locator", "quote", "verified", "reliability", "note"),
    Reliability: ("status", "note", "credibility"),
    Locator: ("label", "value"),
    Quote: ("text", "lang", "translation"),
    Verification: ("by", "on"),
    Acceptance: ("rule", "reason"),
    HistoryEntry: ("date", "by", "from_status", "to_status", "note", "credibility"),
    WikidataStatement: ("item", "property", "value", "location"),
    WikidataValue: ("kind", "text", "lang", "unit"),
    Person: ("id", "names", "location", "note"),
    Finding: ("location", "message", "severity", "rule"),
    FileStamp: ("size", "mtime_ns", "sha256"),
}  # fmt: skip


#: The members of the enumerations by value (a dict look-up; calling the class costs ten times
#: more, for each link of a hundred thousand claims). A value not among them raises KeyError.
_STANCES: dict[str, Stance] = {member.value: member for member in Stance}
_STATUSES: dict[str, Status] = {member.value: member for member in Status}
#: One encoder for every value (``json.dumps`` with options makes a new one at each call); the
#: values written here are built afresh from the model and hold no cycle to look for.
_ENCODE = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), check_circular=False).encode
#: The decoder's scanner, called directly (``json.loads`` adds three calls in Python around it).
_SCAN: Any = getattr(json.JSONDecoder(), "scan_once")  # noqa: B009  (set in __init__, untyped)


def dumps(data: Any) -> str:
    """Compact JSON text."""
    return _ENCODE(data)


def loads(text: str | bytes) -> Any:
    """The value of JSON text as :func:`dumps` writes it (no blank around it); ValueError when it
    is not that."""
    if not isinstance(text, str):
        text = text.decode("utf-8")
    try:
        value, end = _SCAN(text, 0)
    except StopIteration:  # nothing at the start that JSON reads
        raise ValueError("not JSON") from None
    if end != len(text):
        raise ValueError("more than one JSON value")
    return value


# Locations and findings


def location(loc: Location, shown: str) -> list[Any]:
    """``[line, column]`` in the file ``shown``, else ``[path, line, column]``."""
    return [loc.line, loc.column] if loc.path == shown else [loc.path, loc.line, loc.column]


def to_location(data: list[Any], shown: str) -> Location:
    if len(data) == 2:
        return Location(shown, int(data[0]), int(data[1]))
    return Location(str(data[0]), int(data[1]), int(data[2]))


def finding(item: Finding, shown: str) -> list[Any]:
    return [location(item.location, shown), item.message, item.severity.value, item.rule]


def to_finding(data: list[Any], shown: str) -> Finding:
    return Finding(to_location(data[0], shown), str(data[1]), Severity(data[2]), str(data[3]))


def stamp(value: FileStamp) -> list[Any]:
    return [value.size, value.mtime_ns, value.sha256]


def stamp_text(value: FileStamp) -> str:
    """``dumps(stamp(value))``, written directly (two numbers and a hexadecimal digest)."""
    return f'[{int(value.size)},{int(value.mtime_ns)},"{value.sha256}"]'


def to_stamp(data: list[Any]) -> FileStamp:
    return FileStamp(int(data[0]), int(data[1]), str(data[2]))


def stamp_from_text(text: str) -> FileStamp:
    """The stamp :func:`stamp_text` wrote, read back by splitting it (JSON for any other text)."""
    size, mtime, digest = text[1:-1].split(",") if text.count(",") == 2 else ("", "", "")
    if size.isdigit() and mtime.isdigit() and digest[:1] == digest[-1:] == '"' and len(digest) > 1:
        return FileStamp(int(size), int(mtime), digest[1:-1])
    return to_stamp(loads(text))


# Sources


def _name(name: Name) -> list[Any]:
    return [name.family, name.given, name.particle, name.suffix, name.literal, name.dropping]


def _to_name(data: list[Any]) -> Name:
    return Name(data[0], data[1], data[2], data[3], data[4], bool(data[5]))


def source(value: Source, shown: str) -> list[Any]:
    """A bibliography entry; its raw values are left out when they equal its fields."""
    fields = dict(value.fields)
    raw_values = dict(value.raw_values)
    names = {role: [_name(n) for n in people] for role, people in value.names.items()}
    return [
        value.key,
        value.entry_type,
        fields,
        location(value.location, shown),
        value.raw,
        None if raw_values == fields else raw_values,
        names,
    ]


def to_source(data: list[Any], shown: str) -> Source:
    fields = data[2]
    if not isinstance(fields, dict):
        raise TypeError("fields")
    raw_values = fields if data[5] is None else data[5]
    names = {role: tuple(_to_name(n) for n in people) for role, people in data[6].items()}
    return Source(
        key=str(data[0]),
        entry_type=str(data[1]),
        fields=MappingProxyType(fields),
        location=to_location(data[3], shown),
        raw=str(data[4]),
        raw_values=MappingProxyType(dict(raw_values)),
        names=MappingProxyType(names),
    )


# Claims


def _link(link: Link, shown: str) -> list[Any]:
    locator = [link.locator.label, link.locator.value] if link.locator else None
    quote = link.quote
    verified = [link.verified.by, link.verified.on] if link.verified else None
    return [
        link.source,
        link.stance.value,
        location(link.location, shown),
        locator,
        [quote.text, quote.lang, quote.translation] if quote else None,
        verified,
        link.reliability,
        link.note,
    ]


def _to_link(data: list[Any], shown: str) -> Link:
    locator, quote, verified, at = data[3], data[4], data[5], data[2]
    return Link(
        str(data[0]),
        _STANCES[data[1]],
        Location(shown, int(at[0]), int(at[1])) if len(at) == 2 else to_location(at, shown),
        Locator(locator[0], locator[1]) if locator is not None else None,
        Quote(quote[0], quote[1], quote[2]) if quote is not None else None,
        Verification(verified[0], verified[1]) if verified is not None else None,
        data[6],
        data[7],
    )


def claim(value: Claim, shown: str) -> list[Any]:
    rel = value.reliability
    history = [
        [h.date, h.by, h.from_status.value, h.to_status.value, h.note, h.credibility]
        for h in value.history
    ]
    return [
        value.id,
        value.statement,
        [rel.status.value, rel.note, rel.credibility],
        location(value.location, shown),
        [_link(link, shown) for link in value.links],
        value.date,
        list(value.places),
        list(value.people),
        list(value.tags),
        value.note,
        [[a.rule, a.reason] for a in value.accepted],
        history,
        _wikidata(value.wikidata, shown),
    ]


def _wikidata(value: WikidataStatement | None, shown: str) -> list[Any] | None:
    if value is None:
        return None
    v = value.value
    return [value.item, value.property, [v.kind, v.text, v.lang, v.unit],
            location(value.location, shown)]  # fmt: skip


def _to_wikidata(data: list[Any] | None, shown: str) -> WikidataStatement | None:
    if data is None:
        return None
    v = data[2]
    value = WikidataValue(str(v[0]), str(v[1]), str(v[2]), str(v[3]))
    return WikidataStatement(str(data[0]), str(data[1]), value, to_location(data[3], shown))


def to_claim(data: list[Any], shown: str) -> Claim:
    """A claim (fields in :data:`STORED`'s order, passed by position; the lists most claims leave
    empty are not walked)."""
    rel, accepted, history = data[2], data[10], data[11]
    return Claim(
        str(data[0]),
        str(data[1]),
        Reliability(_STATUSES[rel[0]], rel[1], rel[2]),
        to_location(data[3], shown),
        tuple([_to_link(link, shown) for link in data[4]]),
        data[5],
        tuple(data[6]),
        tuple(data[7]),
        tuple(data[8]),
        data[9],
        tuple([Acceptance(a[0], a[1]) for a in accepted]) if accepted else (),
        tuple([HistoryEntry(h[0], h[1], _STATUSES[h[2]], _STATUSES[h[3]], h[4], h[5])
               for h in history]) if history else (),
        None if data[12] is None else _to_wikidata(data[12], shown),
    )  # fmt: skip


# People


def person(value: Person, shown: str) -> list[Any]:
    names = {lang: list(forms) for lang, forms in value.names.items()}
    return [value.id, names, location(value.location, shown), value.note]


def to_person(data: list[Any], shown: str) -> Person:
    names = {str(lang): tuple(forms) for lang, forms in data[1].items()}
    return Person(str(data[0]), MappingProxyType(names), to_location(data[2], shown), data[3])

"""Build :class:`~claimref.model.Source` values from BibLaTeX fields read out of other formats.

The readers of RIS and CSL-JSON map their records to BibLaTeX field names and name lists; this module
turns such a record into the same kind of value the BibTeX reader gives (decoded fields, names, no raw
text), so that writing it as BibTeX, checking it for duplicates and keying it work the same way.
Mapping each format is the format module's job; writing BibTeX is ``bibwrite``'s.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from claimref.formats.latex import decode
from claimref.model import LANGUAGE_NAMES, Location, Name, Source, language_code

#: BibLaTeX list fields: items separated by ``and`` (braces protect an ``and`` inside an item).
LIST_FIELDS = frozenset({"location", "publisher", "institution", "organization", "language"})


def build_source(key: str, entry_type: str, fields: Mapping[str, str],
                 names: Mapping[str, tuple[Name, ...]], location: Location) -> Source:  # fmt: skip
    """A source from decoded fields and name lists; each name list also becomes its field."""
    merged = {name: " ".join(value.split()) for name, value in fields.items() if value.strip()}
    if "langid" in merged:
        merged["langid"] = langid_name(merged["langid"])
    for role, people in names.items():
        if people:
            merged[role] = " and ".join(str(person) for person in people)
    ordered = {name: merged[name] for name in _order(merged)}
    return Source(
        key=key,
        entry_type=entry_type,
        fields=MappingProxyType(ordered),
        location=location,
        raw_values=MappingProxyType(dict(ordered)),
        names=MappingProxyType({role: tuple(p) for role, p in names.items() if p}),
    )


#: The order fields are written in (the dataset's order); others follow alphabetically.
FIELD_ORDER = (
    "author editor editortype translator title subtitle booktitle journaltitle series volume number "
    "edition location publisher date pages pagetotal isbn issn doi url urldate langid note abstract"
).split()


def _order(fields: Mapping[str, str]) -> list[str]:
    known = [name for name in FIELD_ORDER if name in fields]
    return known + sorted(name for name in fields if name not in FIELD_ORDER)


#: BCP 47 code → the babel/polyglossia name biblatex's ``langid`` wants (the first name wins).
_LANGID = {code: name for name, code in reversed(list(LANGUAGE_NAMES.items()))}


def langid_name(value: str) -> str:
    """``lv``/``lv-LV``/``Latvian`` → ``latvian``; a language claimref does not know stays as given."""
    code = language_code(value) or ""
    return _LANGID.get(code) or _LANGID.get(code.split("-")[0]) or value


def split_name(text: str) -> Name:
    """``Family, Given[, Suffix]`` (as RIS and Zotero write it); without a comma, a literal name."""
    family, comma, rest = text.partition(",")
    if not comma:
        return Name(literal=text.strip())
    given, _, suffix = rest.partition(",")
    return Name(family=family.strip(), given=given.strip(), suffix=suffix.strip())


def list_items(source: Source, field: str) -> list[str]:
    """The items of a list field (``Рига and Москва`` → two places), decoded; other fields whole."""
    raw = source.raw_values.get(field, "")
    if field not in LIST_FIELDS or " and " not in raw:
        return [source.get(field)] if source.get(field) else []
    items, depth, start = [], 0, 0
    for i, ch in enumerate(raw):
        depth += {"{": 1, "}": -1}.get(ch, 0)
        if depth == 0 and raw.startswith(" and ", i):
            items.append(raw[start:i])
            start = i + 5
    items.append(raw[start:])
    return [" ".join(decode(item).text.split()) for item in items if item.strip()]

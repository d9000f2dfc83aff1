"""CSL-JSON (as Zotero and pandoc write it) → sources: the reading direction of ``csljson``.

The mapping is :mod:`claimref.formats.csljson`'s, read backwards from its tables (types, simple
fields, editor roles), so that there is one mapping to keep. Titles come back whole (a subtitle stays
in ``title``), HTML markup such as ``<span class="nocase">`` is dropped, and each problem (bad JSON, an
item that is not an object, a missing ``type``) is a finding with its line. A variable with no
BibLaTeX field here is kept in a private ``x-csl-VARIABLE`` field and reported (a warning), never
dropped. Choosing keys for items without ``id`` is the importer's job.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from claimref.citekey import ascii_lower
from claimref.errors import Finding, Severity
from claimref.formats.csljson import EDITOR_ROLES, ENTRY_TYPES, SIMPLE_FIELDS
from claimref.formats.fieldsource import build_source
from claimref.model import Location, Name, Source

#: CSL type → BibLaTeX entry type (the first entry of ``csljson.ENTRY_TYPES`` for each type wins).
TYPES = {csl: bib for bib, csl in reversed(ENTRY_TYPES.items())} | {
    "chapter": "incollection", "article-magazine": "article", "article-newspaper": "article",
    "document": "misc", "post-weblog": "online", "post": "online",
}  # fmt: skip
#: CSL variable → BibLaTeX field (the first of ``csljson.SIMPLE_FIELDS`` wins).
FIELDS = {csl: bib for bib, csl in reversed(SIMPLE_FIELDS.items())} | {
    "publisher": "publisher", "publisher-place": "location", "page": "pages", "issue": "number",
    "language": "langid", "accessed": "urldate", "title": "title", "collection-title": "series",
    "collection-number": "number", "number": "number", "genre": "type", "status": "pubstate",
    "original-title": "origtitle", "original-date": "origdate", "event-date": "eventdate",
    "container-title-short": "shortjournal",
}  # fmt: skip
#: Variables read elsewhere (the id, type, container, dates, names, translations) or only where
#: nothing else gave the field (a patent's jurisdiction is its location).
_HANDLED = frozenset({"id", "type", "container-title", "issued", "custom", "author", "translator",
                      "container-author"})  # fmt: skip
#: Prefix of the private fields that keep variables with no BibLaTeX field here.
KEPT = "x-csl-"
_ROLES = {csl: role for role, csl in reversed(EDITOR_ROLES.items())}
#: Every variable read into a field, a name list or the key; the rest is kept (see :func:`_kept`).
_READ = frozenset(FIELDS) | _HANDLED | frozenset(_ROLES)
_TAG = re.compile(r"<[^>]+>")
#: What a BibTeX field name cannot hold (a variable "call number" is kept as x-csl-call-number).
_NOT_IN_NAME = re.compile(r"[^\w:.+-]+", re.ASCII)


@dataclass(frozen=True)
class CslFile:
    """The sources read from a CSL-JSON file, in order, and the problems found."""

    sources: tuple[Source, ...]
    findings: tuple[Finding, ...]


def loads(text: str, path: str) -> CslFile:
    """Read a CSL-JSON array (or one item); keys come from ``id``, else are left empty."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        return CslFile(
            (), (Finding(Location(path, exc.lineno, exc.colno), f"bad JSON: {exc.msg}"),)
        )
    except RecursionError:  # the decoder recurses once per level of nesting
        return CslFile((), (Finding(Location(path, 1), "bad JSON: nested too deeply"),))
    items = data if isinstance(data, list) else [data]
    lines = _item_lines(text)
    sources: list[Source] = []
    findings: list[Finding] = []
    for index, item in enumerate(items):
        where = Location(path, lines[index] if index < len(lines) else 1)
        if not isinstance(item, dict) or not isinstance(item.get("type"), str):
            findings.append(Finding(where, f"item {index + 1} is not a CSL item (an object with "
                                    "a 'type')"))  # fmt: skip
            continue
        source = _source(item, where)
        sources.append(source)
        kept = [name for name in source.fields if name.startswith(KEPT)]
        if kept:
            findings.append(Finding(where, f"item '{item.get('id', index + 1)}': variables with no "
                                    f"BibLaTeX field kept as {', '.join(kept)}",
                                    Severity.WARNING, "import-unmapped"))  # fmt: skip
    return CslFile(tuple(sources), tuple(findings))


def _item_lines(text: str) -> list[int]:
    """The line of each top-level item's opening brace (depth 1 inside the array)."""
    lines, depth, in_string, escaped, line = [], 0, False, False, 1
    for ch in text:
        if in_string:
            escaped, in_string = (False, True) if escaped else (ch == "\\", ch != '"')
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            if depth == 1 and ch == "{":
                lines.append(line)
            depth += 1
        elif ch in "]}":
            depth -= 1
        line += ch == "\n"
    return lines or [1]


def _source(item: dict[str, Any], where: Location) -> Source:
    kind = item["type"]
    entry_type = TYPES.get(kind, "misc")
    fields: dict[str, str] = {} if kind in TYPES else {KEPT + "type": kind}
    for variable, field in FIELDS.items():
        value = item.get(variable)
        if isinstance(value, (str, int, float)) and str(value).strip():
            fields[field] = _TAG.sub("", str(value))
        elif isinstance(value, dict):
            fields[field] = _date(value)
    if "pages" in fields:
        fields["pages"] = re.sub(r"\s*[–—-]\s*", "--", fields["pages"])
    for field in ("publisher", "location"):  # CSL's "A; B" is BibLaTeX's list "A and B"
        if "; " in fields.get(field, ""):
            fields[field] = " and ".join(fields[field].split("; "))
    container = _TAG.sub("", str(item.get("container-title", "")))
    if container:
        fields["journaltitle" if entry_type == "article" else "booktitle"] = container
    fields.update(_translations(item.get("custom"), entry_type))
    if isinstance(item.get("issued"), dict):
        fields["date"] = _date(item["issued"])
    if item.get("jurisdiction") and "location" not in fields:
        fields["location"] = _TAG.sub("", str(item["jurisdiction"]))
    names = _names(item, fields)
    fields.update(_kept(item, fields, names))
    return build_source(str(item.get("id", "")), entry_type, fields, names, where)


def _kept(item: dict[str, Any], fields: dict[str, str],
          names: dict[str, tuple[Name, ...]]) -> dict[str, str]:  # fmt: skip
    """Every other non-empty variable, as a private ``x-csl-`` field (names as BibTeX writes
    them, dates as EDTF, anything else as JSON)."""
    kept: dict[str, str] = {}
    for variable, value in item.items():
        if variable in _READ or value in ("", None, [], {}):
            continue
        if variable == "jurisdiction" and fields.get("location") == _as_text(value):
            continue  # it became the location
        name = KEPT + _field_name(variable)
        kept[name] = f"{kept[name]}; {_as_text(value)}" if name in kept else _as_text(value)
    custom = item.get("custom")
    if isinstance(custom, dict):
        rest = {
            k: v for k, v in custom.items() if k not in ("trans-title", "trans-container-title")
        }
        if rest:
            kept[KEPT + "custom"] = json.dumps(rest, ensure_ascii=False, sort_keys=True)
    return kept


def _field_name(variable: str) -> str:
    """A BibTeX field name for a CSL variable: spelt as cite keys are (ASCII, lowercase), other
    characters as hyphens."""
    return _NOT_IN_NAME.sub("-", ascii_lower(variable)).strip("-") or "variable"


def _as_text(value: Any) -> str:
    if isinstance(value, (str, int, float)):
        return _TAG.sub("", str(value))
    if isinstance(value, dict) and ("date-parts" in value or "raw" in value or "literal" in value):
        return _date(value) or json.dumps(value, ensure_ascii=False, sort_keys=True)
    if isinstance(value, list) and all(isinstance(p, dict) for p in value):
        return " and ".join(str(_name(p)) for p in value)
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _translations(custom: Any, entry_type: str) -> dict[str, str]:
    """Translated titles from CSL-JSON's ``custom`` object (as claimref's export writes them)."""
    if not isinstance(custom, dict):
        return {}
    container = "transjournaltitle" if entry_type == "article" else "transbooktitle"
    wanted = {"trans-title": "transtitle", "trans-container-title": container}
    return {field: _TAG.sub("", value) for key, field in wanted.items()
            if isinstance(value := custom.get(key), str) and value.strip()}  # fmt: skip


def _names(item: dict[str, Any], fields: dict[str, str]) -> dict[str, tuple[Name, ...]]:
    names: dict[str, tuple[Name, ...]] = {}
    for variable in ("author", "translator", "container-author", *_ROLES):
        people = item.get(variable)
        if not isinstance(people, list) or not people:
            continue
        field = {"author": "author", "translator": "translator",
                 "container-author": "bookauthor"}.get(variable, "editor")  # fmt: skip
        if field == "editor" and variable != "editor":
            fields["editortype"] = _ROLES[variable]
        names[field] = names.get(field, ()) + tuple(_name(p) for p in people if isinstance(p, dict))
    return names


def _name(person: dict[str, Any]) -> Name:
    if person.get("literal"):
        return Name(literal=str(person["literal"]))
    particle = " ".join(
        str(person.get(k, "")) for k in ("dropping-particle", "non-dropping-particle")
    )
    return Name(family=str(person.get("family", "")), given=str(person.get("given", "")),
                particle=particle.strip(), suffix=str(person.get("suffix", "")))  # fmt: skip


def _date(value: dict[str, Any]) -> str:
    """CSL ``{"date-parts": [[1943, 5]]}`` (or ``raw``/``literal``) → EDTF ``1943-05``."""
    parts = value.get("date-parts")
    try:
        if isinstance(parts, list) and parts and isinstance(parts[0], list) and parts[0]:
            ends = ["-".join(f"{int(p):02d}" if i else f"{int(p):04d}" for i, p in enumerate(day[:3]))
                    for day in parts[:2] if isinstance(day, list) and day]  # fmt: skip
            return "/".join(ends)
    except (TypeError, ValueError):
        pass
    return str(value.get("raw") or value.get("literal") or "")

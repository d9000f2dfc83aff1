"""A work by its DOI from Crossref's REST API (``/works/{doi}``), mapped to a BibLaTeX entry.

Crossref's work record is close to CSL-JSON (its names, dates, ``page``, ``container-title``), but
its titles are lists, its types are its own (``book-chapter``, ``journal-article``…, mapped to CSL
types by :data:`CSL_TYPES`) and it carries much bookkeeping (references, licences, funders) that
does not belong in a bibliography. :func:`csl_item` picks the bibliographic variables into a CSL
item, which is then read by :mod:`claimref.formats.cslread`, claimref's one CSL → BibLaTeX mapping
(types, names, dates, page ranges, markup): a chapter becomes an @incollection with ``booktitle``,
``editor`` and ``pages``. ``language`` (an ISO 639-1 code) becomes ``langid`` when claimref knows it.
This module reads what Crossref says and does not check it; writing is
:mod:`~claimref.lookup.adding`'s job.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any
from urllib.parse import quote

from claimref.duplicates import isbn13
from claimref.errors import Severity
from claimref.formats import cslread
from claimref.lookup.client import CROSSREF, Fetcher, LookupFailedError, NotFoundError
from claimref.lookup.found import Found, langid, make_source
from claimref.lookup.identifiers import hyphenated

#: Crossref's work types → CSL types (anything else is a CSL ``document``, BibLaTeX @misc).
CSL_TYPES: Mapping[str, str] = MappingProxyType({
    "book-chapter": "chapter", "book-section": "chapter", "book-part": "chapter",
    "book-track": "chapter", "journal-article": "article-journal", "book": "book",
    "monograph": "book", "edited-book": "book", "reference-book": "book", "book-set": "book",
    "proceedings-article": "paper-conference", "dissertation": "thesis", "report": "report",
    "reference-entry": "entry-encyclopedia", "dataset": "dataset",
})  # fmt: skip
#: Crossref's plain variables copied as they are (same name in CSL).
_PLAIN = ("page", "volume", "issue", "publisher")


def look_up(doi: str, fetcher: Fetcher) -> Found:
    """The entry Crossref has for ``doi`` (without resolver prefix, already checked)."""
    path = "/works/" + quote(doi, safe="/:;()")
    url = CROSSREF.base_url + path
    try:
        answer = fetcher.get_json(CROSSREF, path)
    except NotFoundError:
        raise NotFoundError(f"Crossref has no record for DOI {doi} ({url}, HTTP 404; a DOI "
                            "registered elsewhere, such as DataCite, is not in Crossref)"
                            ) from None  # fmt: skip
    message = answer.get("message") if isinstance(answer, dict) else None
    if not isinstance(message, dict) or not isinstance(message.get("type"), str):
        raise LookupFailedError(f"Crossref's answer for DOI {doi} is not a work record (no "
                                f"'message' with a 'type') ({url})")  # fmt: skip
    return work_found(message, doi, url)


def work_found(message: Mapping[str, Any], doi: str, url: str) -> Found:
    """A Crossref work record (the ``message`` of its answer) as a BibLaTeX entry."""
    notes: list[str] = []
    item = csl_item(message, doi, notes)
    read = cslread.loads(json.dumps([item], ensure_ascii=False), f"DOI {doi}")
    problems = [f.message for f in read.findings if f.severity is Severity.ERROR]
    if problems or len(read.sources) != 1:
        raise LookupFailedError(f"Crossref's record for DOI {doi} could not be read: "
                                f"{'; '.join(problems)} ({url})")  # fmt: skip
    source = read.sources[0]
    fields = dict(source.fields)
    subtitle = _first(message.get("subtitle"))
    if subtitle and subtitle != fields.get("title"):
        fields["subtitle"] = subtitle
    entry = make_source(source.entry_type, fields, source.names, f"DOI {doi}")
    return Found(entry, "Crossref", f"DOI {doi}", url, tuple(notes))


def csl_item(message: Mapping[str, Any], doi: str, notes: list[str]) -> dict[str, Any]:
    """The bibliographic variables of a Crossref work as a CSL item; ``notes`` gets what was left
    out (a second container title, an unknown type or language)."""
    kind = str(message["type"])
    item: dict[str, Any] = {"type": CSL_TYPES.get(kind, "document"),
                            "title": _first(message.get("title")),
                            "DOI": _text(message.get("DOI")) or doi}  # fmt: skip
    if kind not in CSL_TYPES:
        notes.append(f"Crossref type '{kind}' has no BibLaTeX type here: made a @misc")
    containers = _texts(message.get("container-title"))
    if containers:
        item["container-title"] = containers[0]
    if len(containers) > 1:
        notes.append(f"container titles after the first left out: {'; '.join(containers[1:])}")
    for variable in _PLAIN:
        if _text(message.get(variable)):
            item[variable] = _text(message[variable])
    if _text(message.get("publisher-location")):
        item["publisher-place"] = _text(message["publisher-location"])
    for role in ("author", "editor", "translator"):
        people = [_person(p) for p in message.get(role) or [] if isinstance(p, dict)]
        if any(people):
            item[role] = [p for p in people if p]
    item.update(_identifiers(message))
    item.update(_date(message))
    language = _text(message.get("language"))
    if language and langid(language):
        item["language"] = language
    elif language:
        notes.append(f"language '{language}' is not in claimref's table: langid not set")
    return item


def _person(entry: Mapping[str, Any]) -> dict[str, str]:
    """A Crossref contributor as a CSL name (an organisation's ``name`` as a literal name)."""
    if _text(entry.get("name")) and not _text(entry.get("family")):
        return {"literal": _text(entry["name"])}
    return {k: _text(entry.get(k)) for k in ("family", "given", "suffix") if _text(entry.get(k))}


def _identifiers(message: Mapping[str, Any]) -> dict[str, str]:
    """ISBN (the print one when typed, else the first valid; hyphenated) and the first ISSN."""
    typed = [e.get("value") for e in message.get("isbn-type") or []
             if isinstance(e, dict) and e.get("type") == "print"]  # fmt: skip
    found: dict[str, str] = {}
    for candidate in _texts([*typed, *(message.get("ISBN") or [])]):
        digits = isbn13(candidate.rsplit("/", 1)[-1])  # old records: http://id.crossref.org/isbn/…
        if digits:
            found["ISBN"] = hyphenated(digits)
            break
    issns = _texts(message.get("ISSN"))
    if issns:
        found["ISSN"] = issns[0]
    return found


def _date(message: Mapping[str, Any]) -> dict[str, Any]:
    """The print date when given, else ``issued`` (the earliest of print and online)."""
    for name in ("published-print", "issued"):
        value = message.get(name)
        parts = value.get("date-parts") if isinstance(value, dict) else None
        day = parts[0] if isinstance(parts, list) and parts else None
        if isinstance(day, list) and day and all(isinstance(p, int) for p in day):
            return {"issued": {"date-parts": [day]}}
    return {}


def _first(values: Any) -> str:
    texts = _texts(values) if isinstance(values, list) else [_text(values)]
    return texts[0] if texts and texts[0] else ""


def _text(value: Any) -> str:
    return " ".join(str(value).split()) if isinstance(value, (str, int)) else ""


def _texts(values: Any) -> list[str]:
    return [t for t in (_text(v) for v in values) if t] if isinstance(values, list) else []
